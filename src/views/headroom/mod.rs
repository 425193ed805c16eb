//! Headroom (`:headroom [team]`): per node and per stage, CPU and memory requested against
//! what the nodes can give (no metrics-server needed), and what is used where metrics.k8s.io
//! answers; the cluster's free share against `headroom.min_free_percent`, and which stages
//! reserve most.

pub mod draw;
mod state;

pub use state::HeadroomState;

#[cfg(test)]
mod tests;
