//! A build's console, followed live (`progressiveText`), with the logs view's machinery:
//! bounded buffer, follow/pause, search with `n`/`N`, lines around matches, wrap, sideways
//! scroll, save. ANSI colours (the AnsiColor plugin) are shown in theme roles; every other
//! escape sequence was removed at the edge.

pub mod draw;
mod state;

pub use state::{ConsoleState, ConsoleStatus};
