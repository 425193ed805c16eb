//! Text fields of Jenkins' JSON, sanitised as serde reads them: descriptions, causes, commit
//! messages, queue reasons and parameters are written by anyone who can configure a job,
//! push a commit or start a build, so the model never holds a raw string from the wire.
//! Job names stay raw: they address jobs in URLs (see `path::display_name` for their text).

use serde::{Deserialize, Deserializer};

use crate::text::sanitize::{sanitize_line, sanitize_text};

/// A string read as one clean line.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Line(pub String);

impl<'de> Deserialize<'de> for Line {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(|s| Line(sanitize_line(&s)))
    }
}

/// A string read as clean multi-line text (newlines kept).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(|s| Text(sanitize_text(&s)))
    }
}
