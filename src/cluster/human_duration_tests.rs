use super::*;

const NS: SignedDuration = SignedDuration::from_nanos(1);
const MS: SignedDuration = SignedDuration::from_millis(1);
const SEC: SignedDuration = SignedDuration::from_secs(1);
const MIN: SignedDuration = SignedDuration::from_mins(1);
const HOUR: SignedDuration = SignedDuration::from_hours(1);
const DAY: SignedDuration = SignedDuration::from_hours(24);
const YEAR: SignedDuration = SignedDuration::from_hours(365 * 24);

fn check(cases: &[(SignedDuration, &str)]) {
    for (d, want) in cases {
        assert_eq!(human_duration(*d), *want, "human_duration({d:?})");
    }
}

// duration_test.go: TestHumanDuration
#[test]
fn human_duration_examples() {
    check(&[
        (SEC, "1s"),
        (70 * SEC, "70s"),
        (190 * SEC, "3m10s"),
        (70 * MIN, "70m"),
        (47 * HOUR, "47h"),
        (49 * HOUR, "2d1h"),
        ((8 * 24 + 2) * HOUR, "8d"),
        ((367 * 24) * HOUR, "367d"),
        ((365 * 2 * 24 + 25) * HOUR, "2y1d"),
        ((365 * 8 * 24 + 2) * HOUR, "8y"),
    ]);
}

// duration_test.go: TestHumanDurationBoundaries
#[test]
fn human_duration_boundaries() {
    check(&[
        (-2 * SEC, "<invalid>"),
        (-2 * SEC + NS, "0s"),
        (SignedDuration::ZERO, "0s"),
        (SEC - MS, "0s"),
        (2 * MIN - MS, "119s"),
        (2 * MIN, "2m"),
        (2 * MIN + SEC, "2m1s"),
        (10 * MIN - MS, "9m59s"),
        (10 * MIN, "10m"),
        (10 * MIN + SEC, "10m"),
        (3 * HOUR - MS, "179m"),
        (3 * HOUR, "3h"),
        (3 * HOUR + MIN, "3h1m"),
        (8 * HOUR - MS, "7h59m"),
        (8 * HOUR, "8h"),
        (8 * HOUR + 59 * MIN, "8h"),
        (2 * DAY - MS, "47h"),
        (2 * DAY, "2d"),
        (2 * DAY + HOUR, "2d1h"),
        (8 * DAY - MS, "7d23h"),
        (8 * DAY, "8d"),
        (8 * DAY + 23 * HOUR, "8d"),
        (2 * YEAR - MS, "729d"),
        (2 * YEAR, "2y"),
        (2 * YEAR + 23 * HOUR, "2y"),
        (2 * YEAR + 23 * HOUR + 59 * MIN, "2y"),
        (2 * YEAR + DAY - MS, "2y"),
        (2 * YEAR + DAY, "2y1d"),
        (3 * YEAR, "3y"),
        (4 * YEAR, "4y"),
        (5 * YEAR, "5y"),
        (6 * YEAR, "6y"),
        (7 * YEAR, "7y"),
        (8 * YEAR - MS, "7y364d"),
        (8 * YEAR, "8y"),
        (8 * YEAR + 364 * DAY, "8y"),
        (9 * YEAR, "9y"),
    ]);
}

#[test]
fn truncates_toward_zero_like_go() {
    check(&[
        (-SEC - 999 * MS, "0s"),
        (-SEC, "0s"),
        (-MS, "0s"),
        (-2 * SEC - NS, "<invalid>"),
        (-5 * DAY, "<invalid>"),
    ]);
}

fn now() -> Timestamp {
    "2025-06-01T12:00:00Z".parse().unwrap()
}

fn ago(d: SignedDuration) -> Option<Timestamp> {
    Some(now() - d)
}

// printers_test.go: TestTranslateTimestampSince
#[test]
fn age_since_matches_translate_timestamp_since() {
    let cases = [
        ("a while from now", ago(-(2 * SEC + 100 * MS)), "<invalid>"),
        ("almost now", ago(-(SEC + 900 * MS)), "0s"),
        ("now", ago(SignedDuration::ZERO), "0s"),
        ("unknown", None, "<unknown>"),
        ("30 seconds ago", ago(30 * SEC), "30s"),
        ("5 minutes ago", ago(5 * MIN), "5m"),
        ("an hour ago", ago(100 * MIN), "100m"),
        ("2 days ago", ago(2 * DAY), "2d"),
        ("months ago", ago(90 * DAY), "90d"),
        ("10 years ago", ago(10 * YEAR), "10y"),
    ];
    for (name, t, want) in cases {
        assert_eq!(age_since(t, now()), want, "{name}");
    }
}

#[test]
fn go_zero_time_reads_as_unknown() {
    assert_eq!(age_since(Some(GO_ZERO_TIME), now()), "<unknown>");
    let parsed: Timestamp = "0001-01-01T00:00:00Z".parse().unwrap();
    assert_eq!(parsed, GO_ZERO_TIME);
}

#[test]
fn saturates_at_go_duration_range() {
    // time.Sub clamps to ~292 years; jiff timestamps reach much further.
    let ancient: Timestamp = "1000-01-01T00:00:00Z".parse().unwrap();
    assert_eq!(age_since(Some(ancient), now()), "292y");
    let far_future: Timestamp = "3000-01-01T00:00:00Z".parse().unwrap();
    assert_eq!(age_since(Some(far_future), now()), "<invalid>");
}
