//! Times as `helm history` prints them: Go's `time.ANSIC` layout (`Mon Jan _2 15:04:05 2006`).
//! Helm prints the offset the time was written with; we print UTC, so that everyone looking at
//! the same release sees the same text.

use jiff::tz::TimeZone;
use jiff::Timestamp;

/// `Fri Nov 20 09:12:44 2026`; `-` for an unset time (as `helm list` prints a zero time).
pub fn ansic(ts: Option<Timestamp>) -> String {
    match ts {
        Some(ts) => ts
            .to_zoned(TimeZone::UTC)
            .strftime("%a %b %e %H:%M:%S %Y")
            .to_string(),
        None => "-".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_go_ansic_in_utc() {
        let ts: Timestamp = "2026-11-05T09:02:03.5+02:00".parse().unwrap();
        assert_eq!(ansic(Some(ts)), "Thu Nov  5 07:02:03 2026");
        let ts: Timestamp = "2026-08-20T14:03:11Z".parse().unwrap();
        assert_eq!(ansic(Some(ts)), "Thu Aug 20 14:03:11 2026");
        assert_eq!(ansic(None), "-");
    }
}
