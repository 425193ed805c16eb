//! Pod detail: containers with state and last state, probes, conditions, events, owner chain.

pub mod draw;
mod state;

pub use state::PodState;
