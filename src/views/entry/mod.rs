//! Entry points (`:entry [stage|team]`): a stage's Ingress routes (host and path to a Service's
//! port, TLS or not) and its Services' in-cluster names, `Y` copying the selected one (OSC 52).
//! Reads the Ingress and Service watches of the resource lists.

pub mod draw;
mod state;

pub use state::{EntryLine, EntryState};

#[cfg(test)]
mod tests;
