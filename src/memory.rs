//! What the process keeps from the allocator after a list (issue 15, RSS at 10k pods). A
//! list of thousands of pods parses each one into a full object, keeps a compact row and
//! frees the rest: glibc keeps those freed pages, scattered between the rows, and one arena
//! per thread that ever allocated (up to 8 per core). Both are given back here; elsewhere
//! (musl, other systems) these do nothing.

/// Two arenas at most: the loop's and the watch tasks'. Call before any thread starts.
pub fn limit_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets the allocator's tuning; before other threads exist.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// Gives the pages freed after a list back to the system (returns at once: it walks the
/// heap on a blocking thread, off the loop).
pub fn release_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    tokio::task::spawn_blocking(|| {
        // SAFETY: malloc_trim is thread-safe and only releases free memory.
        unsafe {
            libc::malloc_trim(0);
        }
    });
}
