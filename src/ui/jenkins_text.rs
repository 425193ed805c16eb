//! How builds and jobs read in every Jenkins view: result words, their health roles, times
//! (elapsed vs Jenkins' estimate while running), and the freshness of polled data.

use jiff::{SignedDuration, Timestamp};

use crate::cluster::human_duration::{age_since, human_duration};
use crate::jenkins::fetched::Fetched;
use crate::jenkins::{BallColor, BallStatus, BuildResult, BuildRow};
use crate::stale::Lost;
use crate::theme::Role;

pub fn result_role(r: BuildResult) -> Role {
    match r {
        BuildResult::Success => Role::HealthOk,
        BuildResult::Unstable => Role::HealthWarn,
        BuildResult::Failure => Role::HealthFailed,
        BuildResult::Aborted => Role::HealthDone,
        BuildResult::NotBuilt => Role::Dim,
    }
}

pub fn ball_role(c: BallColor) -> Role {
    match c.status {
        BallStatus::Blue => Role::HealthOk,
        BallStatus::Yellow => Role::HealthWarn,
        BallStatus::Red => Role::HealthFailed,
        BallStatus::Aborted => Role::HealthDone,
        BallStatus::NotBuilt | BallStatus::Grey | BallStatus::Disabled => Role::Dim,
    }
}

pub fn ball_text(c: BallColor) -> &'static str {
    match c.status {
        BallStatus::Blue => "SUCCESS",
        BallStatus::Yellow => "UNSTABLE",
        BallStatus::Red => "FAILURE",
        BallStatus::Aborted => "ABORTED",
        BallStatus::NotBuilt => "never built",
        BallStatus::Grey => "-",
        BallStatus::Disabled => "disabled",
    }
}

fn elapsed(b: &BuildRow, now: Timestamp) -> SignedDuration {
    b.started
        .map_or(SignedDuration::ZERO, |s| now.duration_since(s))
        .max(SignedDuration::ZERO)
}

/// Percent of the estimate a running build has used (capped at 99 while it runs).
pub fn progress(b: &BuildRow, now: Timestamp) -> Option<i64> {
    if !b.building || b.estimated_ms <= 0 {
        return None;
    }
    let pct = elapsed(b, now).as_millis() as i64 * 100 / b.estimated_ms;
    Some(pct.clamp(0, 99))
}

/// `RUNNING 45%`, `SUCCESS`…, and its role.
pub fn status_of(b: &BuildRow, now: Timestamp) -> (String, Role) {
    if b.building {
        let text = match progress(b, now) {
            Some(p) => format!("RUNNING {p}%"),
            None => "RUNNING".into(),
        };
        // A Pipeline may have set a result while it still runs (UNSTABLE): worse than pending.
        let role = match b.result {
            Some(BuildResult::Failure) => Role::HealthFailed,
            Some(BuildResult::Unstable) => Role::HealthWarn,
            _ => Role::HealthPending,
        };
        return (text, role);
    }
    match b.result {
        Some(r) => (r.as_str().to_string(), result_role(r)),
        None => ("-".into(), Role::Dim),
    }
}

/// `4m12s`, or while running `1m10s of ~3m` (`…, over` past the estimate).
pub fn duration_of(b: &BuildRow, now: Timestamp) -> String {
    if !b.building {
        return human_duration(SignedDuration::from_millis(b.duration_ms.max(0)));
    }
    let e = human_duration(elapsed(b, now));
    if b.estimated_ms <= 0 {
        return e;
    }
    let est = SignedDuration::from_millis(b.estimated_ms);
    let over = if elapsed(b, now) > est { ", over" } else { "" };
    format!("{e} of ~{}{over}", human_duration(est))
}

/// `5m ago`.
pub fn started_of(b: &BuildRow, now: Timestamp) -> String {
    match b.started {
        Some(_) => format!("{} ago", age_since(b.started, now)),
        None => "-".into(),
    }
}

/// How old polled data may be before the screen says it waits for Jenkins: the slowest
/// screen poll (5 s) plus a usual answer's time.
const OVERDUE: SignedDuration = SignedDuration::from_secs(8);

/// The freshness of polled data for a view's header: `updated 3s ago`, or what fails and how
/// old the shown data is.
pub fn freshness<T>(f: &Fetched<T>, now: Timestamp) -> (String, Role) {
    match (&f.error, f.updated) {
        // Every screen polls at most every 5 s: older data means an answer is overdue (a
        // loaded Jenkins), and the screen says it waits rather than calling old data live.
        (None, Some(u)) if now.duration_since(u) > OVERDUE => (
            format!(
                "waiting for Jenkins… (data from {} ago)",
                age_since(Some(u), now)
            ),
            Role::HealthPending,
        ),
        (None, Some(_)) => ("live".into(), Role::Dim),
        (None, None) => ("loading…".into(), Role::Dim),
        (Some(Lost { since, error: e }), updated) => {
            let data = match updated {
                Some(u) => format!("showing data from {} ago", age_since(Some(u), now)),
                None => "no data yet".into(),
            };
            let retry = if e.is_transient() {
                format!(", retrying since {} ago", age_since(Some(*since), now))
            } else {
                String::new()
            };
            (format!("{} — {data}{retry}", e.message), Role::Error)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(building: bool, result: Option<BuildResult>) -> BuildRow {
        BuildRow {
            number: 7,
            result,
            building,
            started: Some("2026-11-20T09:58:00Z".parse().unwrap()),
            duration_ms: 192_000,
            estimated_ms: 240_000,
            cause: None,
        }
    }

    #[test]
    fn running_builds_show_elapsed_against_the_estimate() {
        let now: Timestamp = "2026-11-20T10:00:00Z".parse().unwrap();
        let b = row(true, None);
        assert_eq!(
            status_of(&b, now),
            ("RUNNING 50%".into(), Role::HealthPending)
        );
        assert_eq!(duration_of(&b, now), "2m of ~4m");
        let late: Timestamp = "2026-11-20T10:03:00Z".parse().unwrap();
        assert_eq!(duration_of(&b, late), "5m of ~4m, over");
        assert_eq!(status_of(&b, late).0, "RUNNING 99%");
        let done = row(false, Some(BuildResult::Failure));
        assert_eq!(
            status_of(&done, now),
            ("FAILURE".into(), Role::HealthFailed)
        );
        assert_eq!(duration_of(&done, now), "3m12s");
        assert_eq!(started_of(&done, now), "2m ago");
    }

    #[test]
    fn overdue_data_says_it_waits_for_jenkins() {
        let at: Timestamp = "2026-11-20T10:00:00Z".parse().unwrap();
        let f = Fetched {
            data: Some(()),
            updated: Some(at),
            error: None,
        };
        assert_eq!(freshness(&f, at + SignedDuration::from_secs(6)).0, "live");
        let (text, role) = freshness(&f, at + SignedDuration::from_secs(12));
        assert_eq!(text, "waiting for Jenkins… (data from 12s ago)");
        assert_eq!(role, Role::HealthPending);
    }
}
