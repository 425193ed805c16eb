//! Decoding a release Secret's `release` payload.
//!
//! Helm writes `base64std(gzip(json(release)))` as the Secret's data value; Kubernetes base64s
//! that once more on the wire, which k8s-openapi's `ByteString` already undoes. So the bytes this
//! module gets are Helm's base64 text: decode it, gunzip it when it starts with the gzip magic
//! (`1f 8b 08`, else it is a pre-compression release in plain JSON, which Helm still reads), and
//! parse the JSON into [`Release`]. Decompression is capped so a hostile payload cannot exhaust
//! memory.

use std::io::Read;

use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine;
use flate2::read::MultiGzDecoder;
use k8s_openapi::api::core::v1::Secret;

use super::release::Release;
use crate::text::sanitize::Sanitize;

/// The largest decompressed release JSON accepted. A Secret is at most 1 MiB, and real release
/// payloads compress about 5–20×, so this is far above any genuine release.
pub const MAX_DECOMPRESSED_BYTES: usize = 32 * 1024 * 1024;

/// The Secret data key Helm stores the release under.
pub const RELEASE_DATA_KEY: &str = "release";

const GZIP_MAGIC: [u8; 3] = [0x1f, 0x8b, 0x08];

/// Why a release payload could not be read. The messages are meant for the screen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("the Secret has no `release` data key")]
    MissingPayload,
    #[error("release payload is not valid base64")]
    NotBase64,
    #[error("release payload is not valid gzip")]
    NotGzip,
    #[error("release payload is larger than 32 MiB when decompressed")]
    TooLarge,
    #[error("release payload is not valid JSON: {0}")]
    NotJson(String),
    /// Valid JSON, but not shaped as a Helm release (a field of the wrong type, an array…).
    #[error("release payload is JSON but not a Helm release: {0}")]
    WrongShape(String),
}

/// Standard alphabet, padding optional, trailing bits tolerated: Helm always pads, but there is
/// no reason to refuse a payload some other tool wrote slightly differently.
const LENIENT_BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// Undoes Helm's encoding down to the release JSON bytes (base64, then gunzip if gzip).
/// `payload` is the Secret's `release` data value after the Kubernetes base64 layer.
pub fn release_json(payload: &[u8]) -> Result<Vec<u8>, DecodeError> {
    let text: Vec<u8> = payload
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    let raw = LENIENT_BASE64
        .decode(&text)
        .map_err(|_| DecodeError::NotBase64)?;
    if !raw.starts_with(&GZIP_MAGIC) {
        return Ok(raw);
    }
    gunzip_capped(&raw, MAX_DECOMPRESSED_BYTES)
}

/// Gunzips (all members, as Go's reader does) at most `cap` bytes; more is [`DecodeError::TooLarge`].
fn gunzip_capped(gz: &[u8], cap: usize) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::with_capacity(gz.len().saturating_mul(8).min(cap));
    MultiGzDecoder::new(gz)
        .take(cap as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|_| DecodeError::NotGzip)?;
    if out.len() > cap {
        return Err(DecodeError::TooLarge);
    }
    Ok(out)
}

/// Decodes one release from a Secret's `release` data value (after the Kubernetes base64 layer).
pub fn decode_release(payload: &[u8]) -> Result<Release, DecodeError> {
    let json = release_json(payload)?;
    serde_json::from_slice::<Release>(&json)
        .map(Sanitize::sanitize)
        .map_err(|e| match e.classify() {
            serde_json::error::Category::Data => DecodeError::WrongShape(e.to_string()),
            _ => DecodeError::NotJson(e.to_string()),
        })
}

/// Decodes the release stored in a Helm release Secret.
pub fn decode_release_secret(secret: &Secret) -> Result<Release, DecodeError> {
    let payload = secret
        .data
        .as_ref()
        .and_then(|d| d.get(RELEASE_DATA_KEY))
        .ok_or(DecodeError::MissingPayload)?;
    decode_release(&payload.0)
}

#[cfg(test)]
#[path = "decode_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "decode_prop_tests.rs"]
mod prop_tests;
