//! What the Helm area's I/O half reports: decoded release revisions.

use super::{Release, ReleaseError};

/// Helm release payloads, fetched and decoded by the runner.
#[derive(Debug, Clone, PartialEq)]
pub enum HelmMsg {
    /// One revision's Secret was fetched and decoded (or could not be); `generation` is the
    /// one of the `DecodeRelease` effect it answers.
    ReleaseDecoded {
        namespace: String,
        secret: String,
        generation: u64,
        result: Result<std::sync::Arc<Release>, ReleaseError>,
    },
}
