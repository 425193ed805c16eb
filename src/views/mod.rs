//! One folder per screen: `state.rs` belongs to the app (no ratatui, no I/O), `draw.rs` to the
//! UI (reads state, never writes it), `tests.rs` drives both.

pub mod build;
pub mod builds;
pub mod console;
pub mod diagnose;
pub mod help;
pub mod jobs;
pub mod logs;
pub mod pod;
pub mod pods;
pub mod release;
pub mod releases;
pub mod stages;
pub mod trigger;
