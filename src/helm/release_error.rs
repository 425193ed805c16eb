//! Why a release revision could not be shown: the Secret could not be fetched (worth another
//! try later) or its payload cannot be decoded (stays so until the Secret changes).

use super::decode::DecodeError;
use crate::text::sanitize::sanitize_line;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseError {
    /// For the screen: what is wrong, in full.
    pub text: String,
    /// The same in at most 20 columns, for a table cell.
    pub short: String,
    /// A network or API failure rather than bad data: fetching again may work.
    pub transient: bool,
}

impl ReleaseError {
    pub fn fetch(text: impl Into<String>) -> ReleaseError {
        ReleaseError {
            text: sanitize_line(&text.into()),
            short: "cannot fetch Secret".into(),
            transient: true,
        }
    }

    pub fn decode(e: &DecodeError) -> ReleaseError {
        let short = match e {
            DecodeError::MissingPayload => "no payload",
            DecodeError::NotBase64 => "payload not base64",
            DecodeError::NotGzip => "payload not gzip",
            DecodeError::TooLarge => "payload over 32 MiB",
            DecodeError::NotJson(_) => "payload not JSON",
            DecodeError::WrongShape(_) => "not a Helm release",
        };
        ReleaseError {
            text: sanitize_line(&e.to_string()),
            short: short.into(),
            transient: false,
        }
    }
}

impl std::fmt::Display for ReleaseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}
