//! What the benchmark reads off the cockpit's screen: the churn's markers (`M` and six digits
//! of the write's wall-clock milliseconds, `src/sim/scenario.rs`), and in a log pane the numbered
//! lines of `--log-rate` (`seq=0000012345`, after the line's own time) and the header's counts.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The churn's markers on the screen, as their write times modulo 10^6 ms.
pub fn markers(text: &str) -> Vec<u64> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    for i in 0..b.len() {
        let starts = b[i] == b'M' && (i == 0 || b[i - 1] == b' ');
        let digits = b
            .get(i + 1..i + 7)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit));
        let ends = b.get(i + 7).is_none_or(|c| !c.is_ascii_alphanumeric());
        if starts && digits && ends {
            out.push(text[i + 1..i + 7].parse().unwrap_or(0));
        }
    }
    out
}

/// How long ago (at `now`) a marker was written.
pub fn marker_lag(marker: u64, now: SystemTime) -> Duration {
    let ms = now
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| (d.as_millis() % 1_000_000) as u64);
    Duration::from_millis((ms + 1_000_000 - marker) % 1_000_000)
}

/// The newest numbered line on the screen: its number and its own time.
pub fn newest_seq(text: &str) -> Option<(u64, SystemTime)> {
    text.lines()
        .filter_map(|l| {
            let at = l.find("seq=")?;
            let n: u64 = l.get(at + 4..at + 14)?.parse().ok()?;
            let ts = l.split_whitespace().find(|w| w.ends_with('Z'))?;
            let t: jiff::Timestamp = ts.parse().ok()?;
            let t = UNIX_EPOCH + Duration::from_nanos(u64::try_from(t.as_nanosecond()).ok()?);
            Some((n, t))
        })
        .max_by_key(|(n, _)| *n)
}

/// The number before `word` on the screen (`12,345 lines`, `678 dropped`).
pub fn count_before(text: &str, word: &str) -> Option<u64> {
    let at = text.find(&format!(" {word}"))?;
    let digits: String = text[..at]
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit() || *c == ',')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .filter(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}
