//! Logs of a container: follow, previous, search, wrap, timestamps, save; a bounded buffer.

pub mod draw;
mod state;

pub use state::LogsState;
