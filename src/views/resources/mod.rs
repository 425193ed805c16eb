//! Lists of the other kinds (`:deployments`, `:svc`, `:kjobs`, …) in kubectl's columns: one
//! screen for every kind, driven by the kind's column spec (`columns.rs`), its rows watched
//! while it is on screen. Pods keep their own list.

mod columns;
pub mod draw;
mod state;

pub use state::{ResourceSort, ResourcesState};

#[cfg(test)]
mod tests;
