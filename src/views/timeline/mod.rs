//! A stage's timeline (`t`, `:timeline [stage]`): what changed it, newest first — release
//! revisions with the values they changed, deploy and uninstall builds, config-repo commits of
//! the stage's files and pod rollouts — each linked to its evidence (`enter`), and the chain
//! commit → build → revision where it is known.

pub mod draw;
mod state;

pub use state::TimelineState;

#[cfg(test)]
mod tests;
