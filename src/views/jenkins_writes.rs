//! The Jenkins writes that the jobs, history and build screens confirm first (stop a build,
//! Update configuration): their dialogs, and what a confirmed one asks the runner to do. App
//! side: no ratatui, no I/O.

use crate::app::confirm::{Answer, Confirm};
use crate::app::effect::Effect;
use crate::app::jenkins::JenkinsEffect;
use crate::app::nav::Flow;
use crate::jenkins::JobPath;
use crate::keymap::Action;

/// A write the jobs view asks to confirm first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobsWrite {
    Stop { job: JobPath, number: u32 },
    Reload,
}

/// What `x` on a build that is not running says.
pub fn nothing_to_stop(job: &JobPath, number: u32) -> crate::app::msg::Notice {
    crate::app::msg::Notice::info(format!("{job} #{number} is not running: nothing to stop"))
}

/// "Stop deploy-qa #12?" with Cancel focused.
pub fn stop_dialog(job: &JobPath, number: u32) -> Confirm<JobsWrite> {
    Confirm::new(
        "Stop build",
        vec![
            format!("Abort {job} #{number}?"),
            "Jenkins stops it now; its result becomes ABORTED.".into(),
        ],
        "Stop build",
        JobsWrite::Stop {
            job: job.clone(),
            number,
        },
    )
}

pub fn reload_dialog(team: &str) -> Confirm<JobsWrite> {
    Confirm::new(
        "Update configuration",
        vec![
            format!("Reload {team}'s Jenkins from its JCasC file (the head of the config repo)?"),
            "Changes made by hand in Jenkins are lost; Jenkins restarts for a moment.".into(),
        ],
        "Reload",
        JobsWrite::Reload,
    )
}

/// The effect of a confirmed write.
pub fn write_effect(w: JobsWrite, team: &str, generation: u64) -> Effect {
    Effect::Jenkins(match w {
        JobsWrite::Stop { job, number } => JenkinsEffect::StopBuild {
            team: team.to_string(),
            job,
            number,
        },
        JobsWrite::Reload => JenkinsEffect::ReloadJcasc {
            team: team.to_string(),
            generation,
        },
    })
}

/// A view's dialog answering an action: `Some(flow)` while a dialog is open.
pub fn confirm_flow(
    confirm: &mut Option<Confirm<JobsWrite>>,
    a: Action,
    team: &str,
    generation: u64,
) -> Option<Flow> {
    let c = confirm.as_mut()?;
    Some(match c.on_action(a) {
        Answer::Open => Flow::Done(Vec::new()),
        Answer::Cancelled => {
            *confirm = None;
            Flow::Done(Vec::new())
        }
        Answer::Confirmed(w) => {
            *confirm = None;
            Flow::Done(vec![write_effect(w, team, generation)])
        }
    })
}
