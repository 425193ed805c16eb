//! What one turn of the loop spent (from a message arriving to waiting again), logged when it
//! held the loop long enough that a key typed meanwhile would wait visibly: the log then says
//! whether the time went to a burst of messages, to what the screen wants, or to the draw.

use std::time::Duration;

use tokio::time::Instant;

/// A turn longer than this is logged (a key typed during it waits up to that long).
const SLOW: Duration = Duration::from_millis(40);

#[derive(Debug)]
pub struct Turn {
    started: Instant,
    first: &'static str,
    first_took: Duration,
    drained: usize,
    drain_took: Duration,
    wants_took: Duration,
    draw_took: Duration,
    /// The loop thread's CPU time at the start: a turn whose wall time far exceeds its CPU
    /// time waited for a core (the machine is busy) or a lock, not for our own work.
    cpu_at: Duration,
}

impl Turn {
    /// A turn begins with the message the loop woke for.
    pub fn begin(first: &'static str) -> Turn {
        Turn {
            started: Instant::now(),
            first,
            first_took: Duration::ZERO,
            drained: 0,
            drain_took: Duration::ZERO,
            wants_took: Duration::ZERO,
            draw_took: Duration::ZERO,
            cpu_at: thread_cpu(),
        }
    }

    pub fn handled_first(&mut self) {
        self.first_took = self.started.elapsed();
    }

    pub fn drained(&mut self, count: usize, took: Duration) {
        self.drained += count;
        self.drain_took += took;
    }

    pub fn wanted(&mut self, took: Duration) {
        self.wants_took += took;
    }

    pub fn drew(&mut self, took: Duration) {
        self.draw_took += took;
    }

    /// The turn is over: logged if it was slow.
    pub fn end(self) {
        let total = self.started.elapsed();
        if total < SLOW {
            return;
        }
        let cpu = thread_cpu().saturating_sub(self.cpu_at);
        tracing::info!(
            total_ms = total.as_millis() as u64,
            cpu_ms = cpu.as_millis() as u64,
            first = self.first,
            first_ms = self.first_took.as_millis() as u64,
            drained = self.drained,
            drain_ms = self.drain_took.as_millis() as u64,
            wants_ms = self.wants_took.as_millis() as u64,
            draw_ms = self.draw_took.as_millis() as u64,
            "slow loop turn"
        );
    }
}

/// The CPU time this thread has used.
fn thread_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes into the timespec we own.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return Duration::ZERO;
    }
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}
