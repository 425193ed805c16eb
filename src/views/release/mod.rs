//! One Helm release in detail, in tabs: status with description and notes, history (every
//! revision, as `helm history` prints it), user-supplied and computed values, the manifest,
//! hooks, a coloured diff between any two revisions (values or manifest), and the release's
//! pods (by `app.kubernetes.io/instance`). Each revision shown is decoded lazily and cached.

mod doc;
pub mod draw;
mod state;

pub use state::{DiffSubject, ReleaseState, Tab};

#[cfg(test)]
mod tests;
