//! Help: generated from the live keymap, section by section.

pub mod draw;
mod state;

pub use state::HelpState;
