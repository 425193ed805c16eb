use std::collections::VecDeque;

use crate::app::view::View;
use crate::keymap::Section;
use jiff::Timestamp;

use super::layout::Pos;
use super::search::LogSearch;
use crate::app::effect::Effect;
use crate::app::input::InputKind;
use crate::app::msg::{LogLine, LogMsg, LogStreamId};
use crate::app::nav::{Flow, ViewCx};
use crate::cluster::pod_row::PodRow;
use crate::keymap::Action;
use crate::text::width::str_width;

/// Columns `h`/`l` scroll by when lines are not wrapped.
const HSCROLL_STEP: usize = 8;

/// Where the stream is, as the pane's status line says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamStatus {
    Connecting,
    Streaming,
    Reconnecting {
        error: String,
    },
    Reconnected {
        at: Timestamp,
    },
    /// The followed container stopped; its next run's log follows when it starts.
    AwaitingRestart {
        reason: String,
    },
    /// Closed for good without an error: a previous log is complete, the container exited.
    Ended {
        reason: String,
    },
    /// The API refused the log (its own words), or the stream could not be opened.
    Failed {
        error: String,
    },
}

#[derive(Debug, Clone)]
pub struct LogsState {
    pub namespace: String,
    pub pod: String,
    pub containers: Vec<String>,
    pub container: String,
    pub previous: bool,
    pub generation: u64,
    /// The ring buffer: at most the app's log capacity.
    pub lines: VecDeque<LogLine>,
    /// Lines dropped from the front of the buffer; also the sequence number of `lines[0]`.
    pub dropped: u64,
    pub status: StreamStatus,
    /// Autoscroll: the last page is shown as lines arrive.
    pub follow: bool,
    /// One past the newest line when the view paused: what arrived since is `end - this`.
    pub paused_end: u64,
    /// The first row on screen while not following.
    pub top: Pos,
    pub wrap: bool,
    pub timestamps: bool,
    pub matches_only: bool,
    /// Columns scrolled right (not wrapping).
    pub hscroll: usize,
    /// The widest line seen (columns), to bound `hscroll`.
    pub longest: usize,
    pub search: Option<LogSearch>,
    /// Sequence numbers of the buffered lines that match the search, oldest first.
    pub matches: VecDeque<u64>,
    /// The match `n`/`N` moved to.
    pub current: Option<u64>,
}

fn stream_of(m: &LogMsg) -> &LogStreamId {
    match m {
        LogMsg::Lines { stream, .. }
        | LogMsg::Connected { stream, .. }
        | LogMsg::Reconnecting { stream, .. }
        | LogMsg::AwaitingRestart { stream, .. }
        | LogMsg::Ended { stream, .. }
        | LogMsg::Failed { stream, .. } => stream,
    }
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
        LogsState::new(
            &pod.namespace,
            &pod.name,
            pod.containers.clone(),
            container,
            previous,
        )
    }

    /// An empty buffer for one stream, following, before it connects.
    pub fn new(
        namespace: &str,
        pod: &str,
        containers: Vec<String>,
        container: String,
        previous: bool,
    ) -> LogsState {
        LogsState {
            namespace: namespace.to_string(),
            pod: pod.to_string(),
            containers,
            container,
            previous,
            generation: 0,
            lines: VecDeque::new(),
            dropped: 0,
            status: StreamStatus::Connecting,
            follow: true,
            paused_end: 0,
            top: Pos::default(),
            wrap: false,
            timestamps: false,
            matches_only: false,
            hscroll: 0,
            longest: 0,
            search: None,
            matches: VecDeque::new(),
            current: None,
        }
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

    /// A fresh stream of the current container/previous choice: a new generation (late lines
    /// of the old one are dropped), an empty buffer, following again.
    fn start_stream(&mut self, cx: &mut ViewCx) -> Effect {
        self.generation = cx.generation();
        self.lines.clear();
        self.dropped = 0;
        self.matches.clear();
        self.current = None;
        self.follow = true;
        self.top = Pos::default();
        self.hscroll = 0;
        self.longest = 0;
        self.status = StreamStatus::Connecting;
        Effect::StreamLog {
            stream: self.stream_id(),
            tail: Some(cx.log_capacity as i64),
        }
    }

    /// Returns true if anything visible changed.
    pub fn on_log(&mut self, m: LogMsg, capacity: usize) -> bool {
        if *stream_of(&m) != self.stream_id() {
            return false;
        }
        match m {
            LogMsg::Lines { lines, .. } => {
                if lines.is_empty() {
                    return false;
                }
                self.push_lines(lines, capacity.max(1));
                if self.status == StreamStatus::Connecting {
                    self.status = StreamStatus::Streaming;
                }
            }
            LogMsg::Connected { at, .. } => {
                self.status = match self.status {
                    StreamStatus::Reconnecting { .. } => StreamStatus::Reconnected { at },
                    _ => StreamStatus::Streaming,
                };
            }
            LogMsg::Reconnecting { error, .. } => {
                self.status = StreamStatus::Reconnecting { error };
            }
            LogMsg::AwaitingRestart { reason, .. } => {
                self.status = StreamStatus::AwaitingRestart { reason }
            }
            LogMsg::Ended { reason, .. } => self.status = StreamStatus::Ended { reason },
            LogMsg::Failed { error, .. } => self.status = StreamStatus::Failed { error },
        }
        true
    }

    fn push_lines(&mut self, lines: Vec<LogLine>, capacity: usize) {
        for l in lines {
            if self.lines.len() >= capacity {
                self.lines.pop_front();
                self.dropped += 1;
            }
            let seq = self.end_seq();
            if self.search.as_ref().is_some_and(|s| s.is_match(&l.text)) {
                self.matches.push_back(seq);
            }
            self.longest = self.longest.max(str_width(&l.text));
            self.lines.push_back(l);
        }
        while self.matches.front().is_some_and(|m| *m < self.dropped) {
            self.matches.pop_front();
        }
        if self.current.is_some_and(|c| c < self.dropped) {
            self.current = None;
        }
    }

    /// What `s` saves: the whole buffer, with timestamps (RFC 3339, as `kubectl logs
    /// --timestamps` prints them) when they are shown.
    pub fn buffer_text(&self) -> String {
        let mut out = String::new();
        for l in &self.lines {
            if let (true, Some(t)) = (self.timestamps, l.time) {
                out.push_str(&t.strftime("%Y-%m-%dT%H:%M:%S%.9fZ ").to_string());
            }
            out.push_str(&l.text);
            out.push('\n');
        }
        out
    }

    /// The save prompt's default: `./<pod>-<container>[-previous]-<time>.log`.
    pub fn default_save_path(&self, now: Timestamp) -> String {
        format!(
            "./{}-{}{}-{}.log",
            self.pod,
            self.container,
            if self.previous { "-previous" } else { "" },
            now.strftime("%Y%m%dT%H%M%SZ")
        )
    }

    /// Lines that arrived since the view paused.
    pub fn new_since_pause(&self) -> u64 {
        self.end_seq().saturating_sub(self.paused_end)
    }

    /// 1-based position of the current match among all, for "3/17".
    pub fn match_position(&self) -> Option<usize> {
        let c = self.current?;
        self.matches.binary_search(&c).ok().map(|i| i + 1)
    }

    /// Stops following, keeping what is on screen.
    fn pause(&mut self, width: usize, height: usize) {
        if self.follow {
            self.top = self.effective_top(width, height).unwrap_or_default();
            self.follow = false;
            self.paused_end = self.end_seq();
        }
    }

    /// Runs `change` (which may rewrap or hide lines) keeping the same line at the top.
    fn keeping_top(&mut self, width: usize, height: usize, change: impl FnOnce(&mut Self)) {
        if !self.follow {
            let seq = self
                .effective_top(width, height)
                .map_or(self.top.seq, |p| p.seq);
            self.top = Pos { seq, row: 0 };
        }
        change(self);
    }

    fn jump_to_match(&mut self, forward: bool, width: usize, height: usize) {
        if self.matches.is_empty() {
            return;
        }
        let on_screen = self.lines_on_screen(width, height);
        let target = match (self.current, forward) {
            (Some(c), true) => self.matches.iter().find(|m| **m > c),
            (Some(c), false) => self.matches.iter().rev().find(|m| **m < c),
            (None, true) => {
                let from = on_screen.map_or(0, |(a, _)| a);
                self.matches.iter().find(|m| **m >= from)
            }
            (None, false) => {
                let to = on_screen.map_or(u64::MAX, |(_, b)| b);
                self.matches.iter().rev().find(|m| **m <= to)
            }
        };
        // Past the last (first) match, n (N) wraps around, as in less and vim.
        let target = target.or(if forward {
            self.matches.front()
        } else {
            self.matches.back()
        });
        let Some(&t) = target else { return };
        self.current = Some(t);
        self.pause(width, height);
        self.reveal_match_columns(t, width);
        if on_screen.is_some_and(|(a, b)| (a..=b).contains(&t)) {
            return;
        }
        // Bring it on screen a third of the way down, with what led to it above.
        self.top = Pos { seq: t, row: 0 };
        self.top = self.clamp_top(self.top, width, height).unwrap_or_default();
        self.scroll_rows(-((height / 3) as isize), width, height);
    }

    /// Unwrapped, a match may lie past the right edge (or left of a scrolled view): scroll
    /// sideways so that its first match is in view, with some context before it.
    fn reveal_match_columns(&mut self, seq: u64, width: usize) {
        if self.wrap {
            return;
        }
        let Some(line) = seq
            .checked_sub(self.dropped)
            .and_then(|i| self.lines.get(usize::try_from(i).ok()?))
        else {
            return;
        };
        let Some(r) = self
            .search
            .as_ref()
            .and_then(|s| s.ranges(&line.text).into_iter().next())
        else {
            return;
        };
        let start = crate::text::width::str_width(&line.text[..r.start]);
        let end = start + crate::text::width::str_width(&line.text[r.clone()]);
        let cols = self.text_cols(width);
        if start < self.hscroll || end > self.hscroll + cols {
            self.hscroll = start.saturating_sub(cols / 4);
        }
    }

    /// Restarts the stream after a change of container or previous/current.
    fn restream(&mut self, cx: &mut ViewCx) -> Flow {
        let start = self.start_stream(cx);
        Flow::Done(vec![Effect::StopLog, start])
    }

}

impl View for LogsState {
    fn sections(&self) -> &'static [Section] {
        &[Section::Logs, Section::Global]
    }

    fn hint_actions(&self) -> Vec<Action> {
        vec![Action::ToggleFollow, Action::TogglePrevious, Action::ChooseContainer, Action::ToggleWrap, Action::NextMatch, Action::SaveLog]
    }

    fn input_kind_for_filter(&self) -> InputKind {
        InputKind::Search
    }

    fn on_leave(&mut self) -> Vec<Effect> {
        vec![Effect::StopLog]
    }

    fn title(&self) -> String {
        format!(
            "logs {}{}",
            self.container,
            if self.previous { " (previous)" } else { "" }
        )
    }

    fn on_enter(&mut self, cx: &mut ViewCx) -> Vec<Effect> {
        vec![self.start_stream(cx)]
    }

    fn set_filter(&mut self, text: &str, _cx: &ViewCx) {
        self.search = LogSearch::new(text);
        self.current = None;
        self.matches = match &self.search {
            Some(s) => (self.dropped..)
                .zip(&self.lines)
                .filter(|(_, l)| s.is_match(&l.text))
                .map(|(seq, _)| seq)
                .collect(),
            None => VecDeque::new(),
        };
    }

    fn filter_text(&self) -> String {
        self.search
            .as_ref()
            .map(|s| s.text.clone())
            .unwrap_or_default()
    }

    fn on_action(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
        let (width, height) = (usize::from(cx.width), cx.page.max(1));
        match a {
            Action::Up | Action::PageUp => {
                self.pause(width, height);
                let n = if a == Action::Up { 1 } else { height };
                self.scroll_rows(-(n as isize), width, height);
            }
            Action::Down | Action::PageDown if !self.follow => {
                let n = if a == Action::Down { 1 } else { height };
                self.scroll_rows(n as isize, width, height);
            }
            Action::Down | Action::PageDown => {}
            Action::Top => {
                if self.follow {
                    self.paused_end = self.end_seq();
                }
                self.follow = false;
                self.top = Pos::default();
            }
            Action::Bottom => self.follow = true,
            Action::ToggleFollow if self.follow => self.pause(width, height),
            Action::ToggleFollow => self.follow = true,
            Action::Left | Action::Right if self.wrap => {}
            Action::Left => self.hscroll = self.hscroll.saturating_sub(HSCROLL_STEP),
            Action::Right => {
                let max = self.longest.saturating_sub(self.text_cols(width));
                self.hscroll = (self.hscroll + HSCROLL_STEP).min(max);
            }
            Action::ToggleWrap => self.keeping_top(width, height, |s| {
                s.wrap = !s.wrap;
                s.hscroll = 0;
            }),
            Action::ToggleTimestamps => {
                self.keeping_top(width, height, |s| s.timestamps = !s.timestamps)
            }
            Action::ToggleMatchesOnly => {
                self.keeping_top(width, height, |s| s.matches_only = !s.matches_only)
            }
            Action::NextMatch => self.jump_to_match(true, width, height),
            Action::PrevMatch => self.jump_to_match(false, width, height),
            Action::TogglePrevious => {
                self.previous = !self.previous;
                return self.restream(cx);
            }
            Action::ChooseContainer => {
                let Some(i) = self.containers.iter().position(|c| *c == self.container) else {
                    return Flow::Done(Vec::new());
                };
                if self.containers.len() < 2 {
                    return Flow::Done(Vec::new());
                }
                self.container = self.containers[(i + 1) % self.containers.len()].clone();
                return self.restream(cx);
            }
            Action::SaveLog => {
                return Flow::Input(InputKind::SavePath, self.default_save_path(cx.now))
            }
            _ => return Flow::Ignored,
        }
        Flow::Done(Vec::new())
    }
}
