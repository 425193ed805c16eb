//! Pods of a stage, of several stages or of a whole team, as `kubectl get pods` prints them.

pub mod draw;
mod scope;
mod state;

pub use scope::PodScope;
pub use state::{PodSort, PodsState};

#[cfg(test)]
mod tests;
