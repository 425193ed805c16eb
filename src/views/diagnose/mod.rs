//! Diagnose: the failing things of a stage or a team — pods and Helm releases — worst first,
//! each with its one-line why, and `enter` to the evidence (the previous log, the log of a
//! failed job, the events of a pod that never ran, the pods of a failed release).

pub mod draw;
pub mod findings;
mod state;

pub use state::DiagnoseState;

#[cfg(test)]
mod tests;
