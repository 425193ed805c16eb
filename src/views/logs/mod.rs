//! Logs of a container: follow, previous, choose container, search with highlighting and a
//! "lines around matches" mode, wrap, timestamps, horizontal scroll, save; a bounded buffer
//! that says how many lines it dropped, and a status line that says how the stream is.

pub mod draw;
pub mod layout;
pub mod search;
mod state;

pub use state::{LogsState, StreamStatus};

#[cfg(test)]
mod tests;
