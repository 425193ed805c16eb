//! Diagnose: the failing things of a stage or a team — pods, Helm releases and claims that are
//! not Bound — worst first, each with its one-line why, and `enter` to the evidence (the
//! previous log, the log of a failed job, the events of a pod that never ran, the pods of a
//! failed release, a claim's describe).

pub mod draw;
pub mod findings;
mod state;

pub use state::DiagnoseState;

#[cfg(test)]
mod tests;
