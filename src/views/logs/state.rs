use std::collections::VecDeque;

use crate::app::action::Action;
use crate::app::effect::Effect;
use crate::app::msg::{LogLine, LogMsg, LogStreamId};
use crate::app::nav::{Flow, ViewCx};
use crate::cluster::pod_row::PodRow;

#[derive(Debug, Clone)]
pub struct LogsState {
    pub namespace: String,
    pub pod: String,
    pub containers: Vec<String>,
    pub container: String,
    pub previous: bool,
    pub generation: u64,
    pub lines: VecDeque<LogLine>,
    pub dropped: u64,
    pub search: String,
}

impl LogsState {
    pub fn for_pod(pod: &PodRow, previous: bool) -> LogsState {
        // The container that last died is the one whose previous log explains it.
        let container = pod
            .last_termination
            .as_ref()
            .filter(|_| previous)
            .map(|t| t.container.clone())
            .or_else(|| pod.containers.first().cloned())
            .unwrap_or_default();
        LogsState {
            namespace: pod.namespace.clone(),
            pod: pod.name.clone(),
            containers: pod.containers.clone(),
            container,
            previous,
            generation: 0,
            lines: VecDeque::new(),
            dropped: 0,
            search: String::new(),
        }
    }

    pub fn title(&self) -> String {
        format!(
            "logs {}{}",
            self.container,
            if self.previous { " (previous)" } else { "" }
        )
    }

    pub fn stream_id(&self) -> LogStreamId {
        LogStreamId {
            namespace: self.namespace.clone(),
            pod: self.pod.clone(),
            container: self.container.clone(),
            previous: self.previous,
            generation: self.generation,
        }
    }

    pub fn on_enter(&mut self, cx: &mut ViewCx) -> Vec<Effect> {
        self.generation = cx.generation();
        self.lines.clear();
        vec![Effect::StreamLog {
            stream: self.stream_id(),
            tail: Some(cx.log_capacity as i64),
        }]
    }

    /// Returns true if anything visible changed.
    pub fn on_log(&mut self, m: LogMsg, capacity: usize, page: usize) -> bool {
        let _ = page;
        if let LogMsg::Lines { stream, lines } = m {
            if stream.generation != self.generation {
                return false;
            }
            for l in lines {
                if self.lines.len() >= capacity {
                    self.lines.pop_front();
                    self.dropped += 1;
                }
                self.lines.push_back(l);
            }
            return true;
        }
        true
    }

    pub fn set_search(&mut self, text: &str) {
        self.search = text.to_string();
    }

    pub fn search_text(&self) -> String {
        self.search.clone()
    }

    pub fn buffer_text(&self) -> String {
        let mut out = String::new();
        for l in &self.lines {
            out.push_str(&l.text);
            out.push('\n');
        }
        out
    }

    pub fn on_action(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
        let _ = (a, cx);
        Flow::Ignored
    }
}
