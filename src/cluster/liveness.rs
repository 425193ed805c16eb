//! How long the cockpit trusts a silent API server. kube-rs sets no read timeout, and its
//! watcher, when a watch goes idle, quietly starts a new one (and lists again after a 410) with
//! no deadline of its own: against a server that accepts connections and then sends nothing,
//! the watch hangs for ever and the screen shows old data as current. So every connection of the
//! watches' client has a read deadline longer than a watch may legitimately be silent (the
//! server ends each after `timeoutSeconds`, with a bookmark first), and a connection silent past
//! it is broken: the watch fails, the badge says since when the data is stale, and the watch
//! starts over with back-off until the server answers again.

use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Liveness {
    /// The `timeoutSeconds` of every watch: the server ends it after this long.
    pub watch_timeout_secs: u32,
    /// Silence allowed beyond that before a connection counts as dead.
    pub margin: Duration,
    /// Connecting, and writing a request.
    pub connect: Duration,
}

impl Default for Liveness {
    fn default() -> Self {
        Liveness {
            watch_timeout_secs: 55,
            margin: Duration::from_secs(15),
            connect: Duration::from_secs(10),
        }
    }
}

impl Liveness {
    /// The longest silence on a connection: the watch timeout plus the margin.
    pub fn silence(&self) -> Duration {
        Duration::from_secs(u64::from(self.watch_timeout_secs)) + self.margin
    }

    /// The client of the watches and single requests: a read deadline on every connection,
    /// counted from the moment a request was written (not from when a pooled connection went
    /// idle).
    pub fn bound(&self, cfg: &mut kube::Config) {
        self.bound_streams(cfg);
        cfg.read_timeout = Some(self.silence());
        cfg.reset_reader_on_write = true;
    }

    /// The client of followed logs: a quiet container may say nothing for an hour, so reads
    /// have no deadline there (opening a stream has its own, see `log_stream`).
    pub fn bound_streams(&self, cfg: &mut kube::Config) {
        cfg.connect_timeout = Some(self.connect);
        cfg.write_timeout = Some(self.silence());
        cfg.read_timeout = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_watch_may_be_silent_until_the_server_ends_it_and_no_longer() {
        let l = Liveness::default();
        let mut cfg = kube::Config::new("http://127.0.0.1:1".parse().unwrap());
        l.bound(&mut cfg);
        let read = cfg.read_timeout.expect("a read deadline");
        assert!(read > Duration::from_secs(u64::from(l.watch_timeout_secs)));
        assert_eq!(read, l.silence());
        assert!(cfg.reset_reader_on_write);
        let mut streams = kube::Config::new("http://127.0.0.1:1".parse().unwrap());
        l.bound_streams(&mut streams);
        assert_eq!(streams.read_timeout, None);
        assert_eq!(streams.connect_timeout, Some(l.connect));
    }
}
