//! Helm releases of a stage, several stages or a team: what `helm list -a` prints for the same
//! namespaces. Listing reads the release Secrets' labels; CHART, APP VERSION and UPDATED come
//! from the payload of the latest revision of the rows on screen, decoded lazily ("…" until
//! then). A Secret with broken labels or an unreadable payload says so on its row.

pub mod draw;
pub mod lines;
mod state;

pub use lines::{release_lines, status_role, ReleaseLine};
pub use state::ReleasesState;

#[cfg(test)]
mod tests;
