//! The deploy screen: one deploy (or uninstall) of a stage, followed to its end — the queue
//! item, then the build's console with the Pipeline's stages as progress, beside the stage's
//! releases (new revisions marked), kubectl's rollout sentences and the pods not ready yet;
//! a banner says done, failed (which release, which step, the first failing pod's why, one
//! key to its log) or aborted. The run itself is the app's (`app::deploy`): leaving this
//! screen stops nothing.

pub mod draw;
mod output;
mod state;
#[cfg(test)]
mod helmfile_tests;
#[cfg(test)]
mod tests;

pub use state::{failing_pod, DeployState};
