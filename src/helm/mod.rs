//! Helm releases as stagecoach reads them: straight from the release Secrets Helm 3 and Helm 4
//! write (`sh.helm.release.v1.<name>.v<revision>`, type `helm.sh/release.v1`), with no helm
//! binary involved.
//!
//! - [`release`]: the product's model of one release revision and its status.
//! - [`decode`]: the tolerant decoder from a Secret's `release` payload to that model.
//! - [`release_fetch`]: the I/O half: one revision's Secret fetched and decoded off the UI thread.

pub mod decode;
/// Line diffs are plain text: they live in `text` and serve the repo screens too.
pub use crate::text::diff;
pub mod helm_time;
pub mod msg;
pub mod release;
pub mod release_error;
pub mod release_fetch;
pub mod release_row;
pub mod release_sanitize;
pub mod values;

pub use decode::{
    decode_release, decode_release_secret, release_json, DecodeError, MAX_DECOMPRESSED_BYTES,
    RELEASE_DATA_KEY,
};
pub use release::{
    Chart, ChartDependency, ChartFile, ChartMaintainer, ChartMetadata, Hook, HookExecution,
    Release, ReleaseInfo, ReleaseStatus, UnknownStatus,
};
pub use release_error::ReleaseError;
pub use release_row::ReleaseRow;
