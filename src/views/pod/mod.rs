//! Pod detail: the pod's place (node, IP, QoS, owners), its containers with state, last state,
//! restarts, image, limits and probes, its conditions and its events, as one scrolling
//! document in sections. `e` jumps to the events, `l`/`p` open the logs.

mod doc;
pub mod draw;
mod state;

pub use doc::{event_role, Section};
pub use state::PodState;

#[cfg(test)]
mod tests;
