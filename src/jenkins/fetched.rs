//! The last data a poll brought, when, and what went wrong since: a view keeps showing its
//! last data through failures and says how old it is.

use jiff::Timestamp;

use super::error::JenkinsError;
use crate::stale::Lost;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched<T> {
    pub data: Option<T>,
    /// When the data arrived (the app's clock).
    pub updated: Option<Timestamp>,
    /// The last failure, if the last poll failed, and since when polls fail.
    pub error: Option<Lost<JenkinsError>>,
}

impl<T> Default for Fetched<T> {
    fn default() -> Self {
        Fetched {
            data: None,
            updated: None,
            error: None,
        }
    }
}

impl<T> Fetched<T> {
    pub fn apply(&mut self, result: Result<T, JenkinsError>, now: Timestamp) {
        match result {
            Ok(d) => {
                self.data = Some(d);
                self.updated = Some(now);
                self.error = None;
            }
            Err(e) => Lost::record(&mut self.error, e, now),
        }
    }

    pub fn is_loading(&self) -> bool {
        self.data.is_none() && self.error.is_none()
    }
}
