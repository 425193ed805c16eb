//! The port-forwards the cockpit started, as the `:pf` screen lists them. A forward is known
//! from the moment the app asks for it (Starting), so the screen never waits for the runner.

use std::collections::BTreeMap;

use jiff::Timestamp;

use crate::cluster::kubectl::port_forward::ForwardSpec;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ForwardState {
    Starting,
    Listening,
    /// kubectl ended or never started: the reason (its last stderr line).
    Died(String),
    /// Stopped by the user.
    Stopped,
}

impl ForwardState {
    pub fn text(&self) -> String {
        match self {
            ForwardState::Starting => "starting".into(),
            ForwardState::Listening => "listening".into(),
            ForwardState::Died(why) => format!("died: {why}"),
            ForwardState::Stopped => "stopped".into(),
        }
    }

    pub fn is_alive(&self) -> bool {
        matches!(self, ForwardState::Starting | ForwardState::Listening)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forward {
    pub spec: ForwardSpec,
    pub state: ForwardState,
    /// When it entered its state.
    pub since: Timestamp,
    /// The last line kubectl wrote to stderr (a connection's error does not end a forward).
    pub last_error: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Forwards {
    /// By id, oldest first.
    pub list: BTreeMap<u64, Forward>,
}

impl Forwards {
    pub fn started(&mut self, spec: ForwardSpec, now: Timestamp) {
        self.list.insert(
            spec.id,
            Forward {
                spec,
                state: ForwardState::Starting,
                since: now,
                last_error: None,
            },
        );
    }

    /// Moves a forward to `state` (a dead or stopped one stays so).
    pub fn set(&mut self, id: u64, state: ForwardState, now: Timestamp) -> Option<&Forward> {
        let f = self.list.get_mut(&id)?;
        if !f.state.is_alive() {
            return None;
        }
        f.state = state;
        f.since = now;
        Some(f)
    }

    /// The live forward that holds `local`, if any.
    pub fn on_local_port(&self, local: u16) -> Option<&Forward> {
        self.list
            .values()
            .find(|f| f.state.is_alive() && f.spec.local == local)
    }

    /// Newest first, as the screen lists them.
    pub fn newest_first(&self) -> Vec<&Forward> {
        self.list.values().rev().collect()
    }
}
