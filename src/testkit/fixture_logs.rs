//! Log lines for the log view's tests: the last run of payments-qa's crash-looping API, from
//! start-up to its OutOfMemoryError, as `kubectl logs --previous --timestamps` prints it.
//! In it, WARN is on lines 31, 64, 66, 118 and 152 (counting from 0), GET on most others.

use jiff::Timestamp;

use crate::app::msg::LogLine;

const OOM_RUN: &str = include_str!("payments-api-oom.log");

/// The crashed run's 180 lines, each with its kubelet timestamp.
pub fn crashed_run() -> Vec<LogLine> {
    OOM_RUN
        .lines()
        .map(|l| {
            let (time, text) = l.split_once(' ').expect("a timestamped line");
            LogLine {
                time: Some(time.parse::<Timestamp>().expect("an RFC 3339 time")),
                text: text.to_string(),
            }
        })
        .collect()
}
