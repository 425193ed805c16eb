//! The working tree against HEAD, file by file, as a coloured unified diff: what a commit
//! would hold. `n`/`N` move between files.

pub mod draw;
mod state;

pub use state::DiffState;
