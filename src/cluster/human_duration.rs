//! kubectl's human-readable ages: a port of apimachinery's
//! `duration.HumanDuration` and the printers' `translateTimestampSince`.

use jiff::{SignedDuration, Timestamp};

/// Go's `time.Time{}` (0001-01-01T00:00:00Z). A `metav1.Time` holding it
/// counts as "not set", so kubectl prints `<unknown>` rather than "2024y".
pub(crate) const GO_ZERO_TIME: Timestamp = Timestamp::constant(-62_135_596_800, 0);

/// Roughly 2-3 significant figures of `d`, exactly as kubectl prints ages.
///
/// Up to two seconds in the future still reads as `0s`, to tolerate clock
/// skew between client and apiserver; anything further out is `<invalid>`.
pub fn human_duration(d: SignedDuration) -> String {
    // Go's `int(d.Seconds())` truncates toward zero, as does `as_secs`.
    let seconds = d.as_secs();
    if seconds < -1 {
        return "<invalid>".to_string();
    }
    if seconds < 0 {
        return "0s".to_string();
    }
    if seconds < 60 * 2 {
        return format!("{seconds}s");
    }
    let minutes = seconds / 60;
    if minutes < 10 {
        let s = seconds % 60;
        if s == 0 {
            return format!("{minutes}m");
        }
        return format!("{minutes}m{s}s");
    }
    if minutes < 60 * 3 {
        return format!("{minutes}m");
    }
    let hours = seconds / 3600;
    if hours < 8 {
        let m = minutes % 60;
        if m == 0 {
            return format!("{hours}h");
        }
        return format!("{hours}h{m}m");
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    if hours < 24 * 8 {
        let h = hours % 24;
        if h == 0 {
            return format!("{}d", hours / 24);
        }
        return format!("{}d{h}h", hours / 24);
    }
    if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    }
    if hours < 24 * 365 * 8 {
        let dy = (hours / 24) % 365;
        if dy == 0 {
            return format!("{}y", hours / 24 / 365);
        }
        return format!("{}y{dy}d", hours / 24 / 365);
    }
    format!("{}y", hours / 24 / 365)
}

/// How long ago `t` was, as kubectl's AGE column shows it; `<unknown>` when
/// the timestamp is missing.
pub fn age_since(t: Option<Timestamp>, now: Timestamp) -> String {
    match t {
        Some(t) if t != GO_ZERO_TIME => human_duration(go_sub(now, t)),
        _ => "<unknown>".to_string(),
    }
}

/// `now - t` the way Go's `time.Sub` computes it: saturating at the range of
/// `time.Duration` (int64 nanoseconds, about 292 years).
fn go_sub(now: Timestamp, t: Timestamp) -> SignedDuration {
    let nanos = now.duration_since(t).as_nanos();
    let clamped = nanos.clamp(i128::from(i64::MIN), i128::from(i64::MAX));
    SignedDuration::from_nanos(i64::try_from(clamped).unwrap_or(i64::MAX))
}

#[cfg(test)]
#[path = "human_duration_tests.rs"]
mod tests;
