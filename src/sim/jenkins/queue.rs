//! The build queue: an item waits out the quiet period (WaitingItem), is buildable while its
//! agent pod is provisioned (BuildableItem), then leaves the queue with its build
//! (LeftItem). Left items stay reachable for five minutes, as Jenkins' `leftItems` cache keeps
//! them, then `/queue/item/<id>/` answers 404.

use jiff::{SignedDuration, Timestamp};

use super::model::{Cause, ParamValue};

/// How long a left item stays reachable.
pub const LEFT_ITEM_TTL: SignedDuration = SignedDuration::from_secs(300);
/// Time from buildable to started: the Kubernetes agent pod coming up.
pub const PROVISION: SignedDuration = SignedDuration::from_secs(2);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Left {
    Started { number: u32, at: Timestamp },
    Cancelled { at: Timestamp },
}

impl Left {
    pub fn at(&self) -> Timestamp {
        match self {
            Left::Started { at, .. } | Left::Cancelled { at } => *at,
        }
    }
}

#[derive(Debug, Clone)]
pub struct QueueItem {
    pub id: u64,
    /// The job's path (item names).
    pub job: Vec<String>,
    pub params: Vec<ParamValue>,
    pub causes: Vec<Cause>,
    pub in_queue_since: Timestamp,
    /// The end of the quiet period.
    pub buildable_at: Timestamp,
    pub left: Option<Left>,
}

/// Where an item is at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Waiting,
    Buildable,
    Left,
}

impl QueueItem {
    pub fn starts_at(&self) -> Timestamp {
        self.buildable_at + PROVISION
    }

    pub fn phase(&self, now: Timestamp) -> Phase {
        match &self.left {
            Some(_) => Phase::Left,
            None if now < self.buildable_at => Phase::Waiting,
            None => Phase::Buildable,
        }
    }

    /// `Queue.Item.getParams`: a newline before each `NAME=value`.
    pub fn params_text(&self) -> String {
        self.params
            .iter()
            .map(|p| format!("\n{}={}", p.name, p.as_text()))
            .collect()
    }

    /// `getWhy` of a waiting or buildable item.
    pub fn why(&self, now: Timestamp, agent_label: &str) -> Option<String> {
        match self.phase(now) {
            Phase::Waiting => {
                let left = self.buildable_at.duration_since(now).as_millis() as f64 / 1000.0;
                Some(format!("In the quiet period. Expires in {left:.1} sec"))
            }
            Phase::Buildable => Some(format!(
                "Waiting for next available executor on ‘{agent_label}’"
            )),
            Phase::Left => None,
        }
    }
}
