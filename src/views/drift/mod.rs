//! A stage's drift (`w`, `:drift [stage]`): each release of the stage against the team's
//! Helmfile — in sync, drifted (chart version, `installed: false`, the values that differ side
//! by side), missing, extra, failed — with `I` deploying the stage and `enter` opening a release.

pub mod draw;
mod state;

pub use state::DriftState;

#[cfg(test)]
mod tests;
