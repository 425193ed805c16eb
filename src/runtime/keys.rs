//! The terminal's events, read on a thread of their own and handed to the loop over a channel.
//!
//! Not crossterm's `EventStream`: its helper thread waits for input holding crossterm's reader
//! lock, and every poll of the stream tries that lock with a zero timeout, which parking_lot
//! spins for with `sched_yield`. The loop polls the stream each time anything wakes it — at
//! 100k pods hundreds of times a second — and measured 2,800 `sched_yield`s a second, each
//! one giving its core away to whatever else runs (issue 15: keys waited for a core).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crossterm::event::Event;
use tokio::sync::mpsc;

/// Events read ahead at most: a paste is one event, so this is only ever a burst of keys.
const QUEUE: usize = 256;

/// How long a reader's wait lasts before it waits again (it ends earlier on any event).
const WAIT: Duration = Duration::from_secs(3600);

pub struct Keys {
    rx: mpsc::Receiver<std::io::Result<Event>>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Keys {
    /// Starts reading the terminal.
    pub fn start() -> Keys {
        let (tx, rx) = mpsc::channel(QUEUE);
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = stop.clone();
        let thread = std::thread::Builder::new()
            .name("keys".into())
            .spawn(move || read(&tx, &stopping))
            .ok();
        Keys { rx, stop, thread }
    }

    /// The next event; none once the terminal is gone (the reader ended).
    pub async fn next(&mut self) -> Option<std::io::Result<Event>> {
        self.rx.recv().await
    }

    /// A key (or another terminal event) is waiting to be read: the loop stops what it drains
    /// and takes it first.
    pub fn waiting(&self) -> bool {
        !self.rx.is_empty()
    }

    /// Runs `f` while another program has the terminal (a shell, an editor, the user's shell
    /// after a suspend), with nothing of ours reading it; reading starts again after.
    pub fn paused<R>(&mut self, f: impl FnOnce() -> R) -> R {
        self.stop();
        let r = f();
        *self = Keys::start();
        r
    }

    /// Stops reading, before another program gets the terminal: the reader must not take the
    /// first key meant for it, and crossterm's reader lock must be free for the cursor query
    /// of `Terminal::clear`. A resize signal ends the reader's wait; it then sees it is to
    /// stop and leaves that event unread.
    fn stop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let Some(thread) = self.thread.take() else {
            return;
        };
        // SAFETY: raising a signal on our own process has no memory-safety preconditions.
        unsafe {
            libc::raise(libc::SIGWINCH);
        }
        for _ in 0..100 {
            if thread.is_finished() {
                let _ = thread.join();
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        tracing::warn!("the terminal reader did not stop within 2 s");
    }
}

/// The reader thread: waits for an event, reads it, sends it; ends when told to, when the
/// loop is gone, or on a terminal error (which the loop gets, and leaves on).
fn read(tx: &mpsc::Sender<std::io::Result<Event>>, stop: &AtomicBool) {
    while !stop.load(Ordering::SeqCst) {
        match crossterm::event::poll(WAIT) {
            Ok(false) => {}
            Ok(true) => {
                if stop.load(Ordering::SeqCst) {
                    return;
                }
                let ev = crossterm::event::read();
                let failed = ev.is_err();
                if tx.blocking_send(ev).is_err() || failed {
                    return;
                }
            }
            Err(e) => {
                let _ = tx.blocking_send(Err(e));
                return;
            }
        }
    }
}
