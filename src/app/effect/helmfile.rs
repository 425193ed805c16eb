//! Helmfile-mode effects: run `helmfile -e <stage> apply|destroy` in the team's clone, or
//! cancel the run.

use crate::config::DeployKind;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelmfileEffect {
    Run {
        team: String,
        namespace: String,
        /// The Helmfile environment: the stage's short name.
        stage: String,
        kind: DeployKind,
        /// The namespace the user typed to confirm a protected stage (checked again by the
        /// runner).
        confirmed: Option<String>,
    },
    /// SIGINT, then SIGTERM after the grace period.
    Cancel { namespace: String },
}
