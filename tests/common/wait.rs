//! Waiting for a condition instead of sleeping a fixed time: a test goes on as soon as the world
//! is ready, and when it is not ready by the deadline the failure names what was awaited and the
//! last thing seen.
#![allow(dead_code)]

use std::fmt::Display;
use std::future::Future;
use std::time::{Duration, Instant};

/// How long to wait between two looks: short at first, so a quick world costs little.
fn pause(attempt: u32) -> Duration {
    Duration::from_millis((10u64 << attempt.min(4)).min(100))
}

/// Calls `probe` until it returns `Ok`, and gives its value. `Err` says what it sees meanwhile;
/// past `within` the test fails with `what` and the last `Err`.
pub fn until<T, E: Display>(
    what: &str,
    within: Duration,
    mut probe: impl FnMut() -> Result<T, E>,
) -> T {
    let deadline = Instant::now() + within;
    let mut attempt = 0;
    loop {
        match probe() {
            Ok(v) => return v,
            Err(seen) if Instant::now() >= deadline => {
                panic!("waited {within:?} for {what}; last seen: {seen}")
            }
            Err(_) => std::thread::sleep(pause(attempt)),
        }
        attempt += 1;
    }
}

/// [`until`] for async probes, sleeping on the tokio clock.
pub async fn until_async<T, E: Display, F: Future<Output = Result<T, E>>>(
    what: &str,
    within: Duration,
    mut probe: impl FnMut() -> F,
) -> T {
    let deadline = tokio::time::Instant::now() + within;
    let mut attempt = 0;
    loop {
        match probe().await {
            Ok(v) => return v,
            Err(seen) if tokio::time::Instant::now() >= deadline => {
                panic!("waited {within:?} for {what}; last seen: {seen}")
            }
            Err(_) => tokio::time::sleep(pause(attempt)).await,
        }
        attempt += 1;
    }
}
