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

/// After a burst of parsing (a list, decoded releases, a Helmfile read), once the cockpit has
/// been quiet for a moment (no burst, no key): the freed pages go back. Checked on the loop's
/// existing clock tick, so an idle cockpit wakes no more often than before.
#[derive(Debug, Default)]
pub struct Trimmer {
    burst_at: Option<std::time::Instant>,
}

/// How long after the last burst the heap is trimmed (bursts come in runs: each namespace's
/// list, the payloads of the rows on screen).
const QUIET: std::time::Duration = std::time::Duration::from_secs(1);

impl Trimmer {
    /// Notes a message whose making allocated and freed much.
    pub fn saw(&mut self, msg: &crate::app::msg::Msg) {
        use crate::app::msg::{ClusterMsg, Msg};
        let burst = matches!(
            msg,
            Msg::Cluster(
                ClusterMsg::PodsSynced { .. }
                    | ClusterMsg::ReleasesSynced { .. }
                    | ClusterMsg::AllPodsSynced(_)
                    | ClusterMsg::AllReleasesSynced(_)
                    | ClusterMsg::ResourcesSynced { .. }
            ) | Msg::Helm(_)
                | Msg::Repo(crate::repo::RepoMsg::Landscape { .. })
        );
        // A trim walks the whole heap holding the allocator's lock (a few hundred ms at 100k
        // pods): one due while the user types waits until they pause.
        let typing = matches!(msg, Msg::Key(_) | Msg::Paste(_) | Msg::Action(_));
        if burst || (typing && self.burst_at.is_some()) {
            self.burst_at = Some(std::time::Instant::now());
        }
    }

    /// On the clock tick: trims once the last burst is `QUIET` old.
    pub fn tick(&mut self) {
        if self.burst_at.is_some_and(|t| t.elapsed() >= QUIET) {
            self.burst_at = None;
            release_freed();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::msg::{ClusterMsg, Msg};

    /// Only the messages whose making parsed much start a trim; a key or a tick does not.
    #[tokio::test]
    async fn bursts_are_lists_decodes_and_helmfile_reads() {
        let mut t = Trimmer::default();
        t.saw(&Msg::Clock(jiff::Timestamp::UNIX_EPOCH));
        t.saw(&Msg::Cluster(ClusterMsg::NamespaceApplied("a-dev".into())));
        assert!(t.burst_at.is_none());
        t.saw(&Msg::Cluster(ClusterMsg::PodsSynced {
            namespace: "a-dev".into(),
            rows: Vec::new(),
        }));
        assert!(t.burst_at.is_some());
        // Not yet quiet: kept for a later tick.
        t.tick();
        assert!(t.burst_at.is_some());
        // A key while one is due puts it off; a key with none due starts none.
        t.burst_at = Some(std::time::Instant::now() - QUIET);
        t.saw(&Msg::Action(crate::keymap::Action::Down));
        t.tick();
        assert!(t.burst_at.is_some());
        t.burst_at = Some(std::time::Instant::now() - QUIET);
        t.tick();
        assert!(t.burst_at.is_none());
        t.saw(&Msg::Action(crate::keymap::Action::Down));
        assert!(t.burst_at.is_none());
    }

    /// Copied rows are the same rows.
    #[test]
    fn a_rehomed_message_is_equal_to_the_original() {
        let s = crate::testkit::fixture();
        for m in s.sync_messages() {
            if let Msg::Cluster(m) = m {
                assert_eq!(m.clone().rehomed(), m);
            }
        }
    }
}
