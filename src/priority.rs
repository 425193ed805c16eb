//! Who gets the CPU first. The loop thread (the one `main` blocks on) reads keys and draws;
//! every other thread of the process — the runtime's workers (watch streams, JSON), its
//! blocking pool (release decodes, git, Helmfile reads) and the programs they start (`git`,
//! `kubectl port-forward`) — runs a few nice levels lower. On a 2-core jump host shared with
//! other users (or, in the benchmark, with the simulated cluster), a burst of background work
//! then no longer keeps a key's frame waiting for a core (issue 15: at 100k pods the loop
//! waited up to 250 ms in the run queue for 15 ms of its own work).

/// How much lower: nice 5 weighs a third of nice 0, so the loop wins a contended core within a
/// time slice while the background still gets most of an idle machine.
pub const BACKGROUND_NICE: i32 = 5;

/// Lowers the calling thread's priority (on Linux the nice value is per thread). Called by
/// each runtime thread as it starts; a failure (a seccomp'd sandbox) leaves it as it was.
pub fn lower_this_thread() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority with PRIO_PROCESS and who = 0 changes only the calling thread's nice
    // value; it touches no memory of ours.
    unsafe {
        // From the loop thread's (the process id names it), not this thread's own: a blocking
        // thread started by a lowered worker inherits the worker's value.
        let base = libc::getpriority(libc::PRIO_PROCESS, libc::getpid() as libc::id_t);
        libc::setpriority(libc::PRIO_PROCESS, 0, base.max(0) + BACKGROUND_NICE);
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    /// The thread that calls it is lowered, from the main thread's value whatever its own
    /// (a thread started by a lowered one is not lowered twice); the others are not.
    #[test]
    fn only_the_calling_thread_is_lowered_once() {
        // SAFETY: reading the calling thread's nice value.
        let before = unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) };
        let lowered = std::thread::spawn(|| {
            super::lower_this_thread();
            std::thread::spawn(|| {
                super::lower_this_thread();
                // SAFETY: as above, for the spawned thread.
                unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) }
            })
            .join()
            .unwrap()
        })
        .join()
        .unwrap();
        // SAFETY: as above.
        let after = unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) };
        assert_eq!(lowered, before.max(0) + super::BACKGROUND_NICE);
        assert_eq!(after, before);
    }
}
