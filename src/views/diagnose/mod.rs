//! Diagnose: the failing things of a stage or a team, worst first, each with its one-line why.

pub mod draw;
mod state;

pub use state::DiagnoseState;
