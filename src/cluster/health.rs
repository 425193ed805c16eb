//! The health class of a pod, from the same facts kubectl prints: it decides the row colour
//! (through the theme) and what the stage matrix and diagnose count as failing.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Health {
    /// Broken and needing someone: crash loops, image pulls, OOM kills, config errors.
    Failed,
    /// Not serving yet or any more, but not known broken: Pending, NotReady, Terminating.
    Warn,
    /// Waiting for the scheduler or an init step.
    Pending,
    Ok,
    /// Finished: Completed/Succeeded jobs.
    Done,
}

/// STATUS values that say the pod cannot work without someone changing something.
const FAILED_REASONS: &[&str] = &[
    "CrashLoopBackOff",
    "ImagePullBackOff",
    "ErrImagePull",
    "InvalidImageName",
    "CreateContainerConfigError",
    "CreateContainerError",
    "RunContainerError",
    "OOMKilled",
    "Error",
    "Failed",
    "Evicted",
    "ContainerStatusUnknown",
    "Unknown",
    "StartError",
];

impl Health {
    /// Classifies a pod by its kubectl STATUS text, readiness and phase.
    pub fn classify(status: &str, ready: u32, total: u32) -> Health {
        let base = status.strip_prefix("Init:").unwrap_or(status);
        if FAILED_REASONS.contains(&base)
            || base.starts_with("ExitCode:")
            || base.starts_with("Signal:")
        {
            return Health::Failed;
        }
        match status {
            "Completed" | "Succeeded" => Health::Done,
            "Pending" | "ContainerCreating" | "PodInitializing" | "SchedulingGated" => {
                Health::Pending
            }
            _ if status.starts_with("Init:") => Health::Pending,
            "Running" if ready == total => Health::Ok,
            _ => Health::Warn,
        }
    }

    pub fn is_failing(self) -> bool {
        matches!(self, Health::Failed | Health::Warn | Health::Pending)
    }

    /// How bad, for ranking: higher is worse.
    pub fn severity(self) -> u8 {
        match self {
            Health::Failed => 3,
            Health::Warn => 2,
            Health::Pending => 1,
            Health::Ok | Health::Done => 0,
        }
    }
}
