//! The commit form: which changed files go in (space), a summary prefilled from what changed
//! with a length counter, a body, the author git will record; a protected stage's values need
//! the stage's name typed. The commit runs in the runner; its outcome shows here and on the
//! repo screen.

pub mod draw;
mod state;

pub use state::{commit_form, CommitFocus, CommitState};
