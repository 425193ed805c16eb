//! Text fields of Jenkins' JSON, sanitised as serde reads them: descriptions, causes, commit
//! messages, queue reasons and parameters are written by anyone who can configure a job,
//! push a commit or start a build, so the model never holds a raw string from the wire.
//! Job names stay raw: they address jobs in URLs (see `path::display_name` for their text).

use serde::{Deserialize, Deserializer};

use crate::text::sanitize::{
    clip_chars, sanitize_line, sanitize_text, MAX_FIELD_CHARS, MAX_TEXT_CHARS,
};

/// A string read as one clean line, cut to `MAX_FIELD_CHARS`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Line(pub String);

impl<'de> Deserialize<'de> for Line {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(|s| Line(clip_chars(sanitize_line(&s), MAX_FIELD_CHARS)))
    }
}

/// A string read as clean multi-line text (newlines kept).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(|s| Text(clip_chars(sanitize_text(&s), MAX_TEXT_CHARS)))
    }
}
