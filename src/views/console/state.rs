use std::collections::VecDeque;

use crate::app::view::View;
use crate::keymap::Section;
use crate::app::view::DIALOG_SECTIONS;
use jiff::Timestamp;

use crate::app::confirm::Confirm;
use crate::app::effect::Effect;
use crate::app::input::InputKind;
use crate::app::jenkins::{ConsoleChunk, JenkinsEffect, JenkinsMsg, JenkinsSlot};
use crate::app::msg::{LogLine, LogMsg};
use crate::app::nav::{Flow, ViewCx};
use crate::jenkins::ansi::StyledRange;
use crate::jenkins::{JenkinsError, JobPath};
use crate::keymap::Action;
use crate::app::msg::Notice;
use crate::views::jenkins_writes::{confirm_flow, nothing_to_stop, stop_dialog, JobsWrite};
use crate::views::logs::layout::Pos;
use crate::views::logs::{LogsState, StreamStatus};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConsoleStatus {
    Connecting,
    /// The build still logs: more is polled every second.
    Following,
    /// The build finished logging.
    Complete,
    /// Reading failed; `retrying` while the task backs off and tries again.
    Failed {
        error: JenkinsError,
        retrying: bool,
    },
}

#[derive(Debug, Clone)]
pub struct ConsoleState {
    pub team: String,
    pub job: JobPath,
    pub number: u32,
    pub generation: u64,
    /// The buffer, scrolling, search and wrap of the logs view.
    pub logs: LogsState,
    /// ANSI styles of each buffered line; `styles[0]` belongs to sequence `styles_base`.
    pub styles: VecDeque<Vec<StyledRange>>,
    pub styles_base: u64,
    pub status: ConsoleStatus,
    /// Bytes of console read so far (`X-Text-Size`).
    pub size: u64,
    pub capacity: usize,
    pub confirm: Option<Confirm<JobsWrite>>,
}

impl ConsoleState {
    pub fn new(team: &str, job: JobPath, number: u32, capacity: usize) -> ConsoleState {
        let logs = LogsState::new(
            team,
            &job.to_string(),
            vec![format!("#{number}")],
            format!("#{number}"),
            false,
        );
        ConsoleState {
            team: team.to_string(),
            job,
            number,
            generation: 0,
            logs,
            styles: VecDeque::new(),
            styles_base: 0,
            status: ConsoleStatus::Connecting,
            size: 0,
            capacity: capacity.max(1),
            confirm: None,
        }
    }

    /// Empties the buffer (a new follow, or the server sent the log from the start again).
    fn clear(&mut self) {
        let l = &mut self.logs;
        l.lines.clear();
        l.dropped = 0;
        l.matches.clear();
        l.current = None;
        l.top = Pos::default();
        l.hscroll = 0;
        l.longest = 0;
        l.status = StreamStatus::Connecting;
        self.styles.clear();
        self.styles_base = 0;
    }

    fn push(&mut self, chunk: &ConsoleChunk) {
        if chunk.reset {
            self.clear();
        }
        let lines = chunk
            .lines
            .iter()
            .map(|l| LogLine {
                time: None,
                text: l.text.clone(),
            })
            .collect();
        self.logs.on_log(
            LogMsg::Lines {
                stream: self.logs.stream_id(),
                lines,
            },
            self.capacity,
        );
        self.styles
            .extend(chunk.lines.iter().map(|l| l.styles.clone()));
        while self.styles_base < self.logs.dropped && !self.styles.is_empty() {
            self.styles.pop_front();
            self.styles_base += 1;
        }
        self.size = chunk.size;
    }

    /// The ANSI styles of a buffered line.
    pub fn styles_of(&self, seq: u64) -> &[StyledRange] {
        seq.checked_sub(self.styles_base)
            .and_then(|i| self.styles.get(usize::try_from(i).ok()?))
            .map_or(&[], Vec::as_slice)
    }

    pub fn buffer_text(&self) -> String {
        self.logs.buffer_text()
    }

    /// `./deploy-qa-12-console.log` (folders joined with `_`).
    pub fn default_save_path(&self) -> String {
        let name = self.job.to_string().replace('/', "_");
        format!("./{name}-{}-console.log", self.number)
    }

}

impl View for ConsoleState {
    fn sections(&self) -> &'static [Section] {
        if self.confirm.is_some() {
            DIALOG_SECTIONS
        } else {
            &[Section::Jenkins, Section::Logs, Section::Global]
        }
    }

    fn hint_actions(&self) -> Vec<Action> {
        vec![Action::ToggleFollow, Action::ToggleWrap, Action::NextMatch, Action::SaveLog, Action::StopBuild]
    }

    fn has_dialog(&self) -> bool {
        self.confirm.is_some()
    }

    fn input_kind_for_filter(&self) -> InputKind {
        InputKind::Search
    }


    fn title(&self) -> String {
        format!("console {} #{}", self.job, self.number)
    }

    fn on_enter(&mut self, cx: &mut ViewCx) -> Vec<Effect> {
        self.generation = cx.generation();
        self.logs.generation = self.generation;
        self.clear();
        self.logs.follow = true;
        self.status = ConsoleStatus::Connecting;
        self.size = 0;
        vec![Effect::Jenkins(JenkinsEffect::FollowConsole {
            team: self.team.clone(),
            job: self.job.clone(),
            number: self.number,
            generation: self.generation,
        })]
    }

    fn on_leave(&mut self) -> Vec<Effect> {
        vec![Effect::Jenkins(JenkinsEffect::Stop(JenkinsSlot::Console))]
    }

    fn on_jenkins(&mut self, m: &JenkinsMsg, _now: Timestamp) -> bool {
        match m {
            JenkinsMsg::ConsoleRead { generation, chunk } if *generation == self.generation => {
                self.push(chunk);
                self.status = if chunk.more {
                    ConsoleStatus::Following
                } else {
                    ConsoleStatus::Complete
                };
                true
            }
            JenkinsMsg::ConsoleFailed {
                generation,
                error,
                retrying,
            } if *generation == self.generation => {
                self.status = ConsoleStatus::Failed {
                    error: error.clone(),
                    retrying: *retrying,
                };
                true
            }
            _ => false,
        }
    }

    fn set_filter(&mut self, text: &str, cx: &ViewCx) {
        self.logs.set_filter(text, cx);
    }

    fn filter_text(&self) -> String {
        self.logs.filter_text()
    }

    fn on_action(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
        if let Some(flow) = confirm_flow(&mut self.confirm, a, &self.team, self.generation) {
            return flow;
        }
        match a {
            Action::SaveLog => Flow::Input(InputKind::SavePath, self.default_save_path()),
            // A console has one stream and no timestamps of its own.
            Action::TogglePrevious | Action::ChooseContainer | Action::ToggleTimestamps => {
                Flow::Say(Notice::info(
                    "a build's console is one stream: no containers, previous runs or timestamps",
                ))
            }
            Action::StopBuild => {
                match self.status {
                    ConsoleStatus::Following => {}
                    ConsoleStatus::Complete => {
                        return Flow::Say(nothing_to_stop(&self.job, self.number))
                    }
                    _ => {
                        return Flow::Say(Notice::info(format!(
                            "{} #{} may not run: its console has not been read yet",
                            self.job, self.number
                        )))
                    }
                }
                self.confirm = Some(stop_dialog(&self.job, self.number));
                Flow::Done(Vec::new())
            }
            _ => self.logs.on_action(a, cx),
        }
    }
}
