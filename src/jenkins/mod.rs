//! Jenkins: a pure half (models read from the JSON API, `tree=` queries, the progressive
//! console, ANSI colours, error and reload classification) and an I/O half (the HTTP client,
//! token loading, the polling tasks the runner starts). The app sees only the pure half's rows.

pub mod ansi;
pub mod client;
pub mod console;
pub mod error;
pub mod fetched;
pub mod model;
pub mod msg;
pub mod path;
pub mod poll;
pub mod reload;
pub mod token;
pub mod tree;
pub mod wire_text;

#[cfg(test)]
mod prop_tests;

pub use client::JenkinsClient;
pub use error::{ErrorKind, JenkinsError};
pub use model::{
    BallColor, BallStatus, BuildDetail, BuildResult, BuildRow, Change, Commit, JobDetail, JobKind,
    JobRow, LabelClouds, ParamDef, ParamKind, QueueRow,
};
pub use path::JobPath;
