//! The cockpit in a pseudo-terminal of 80x24 (`TERM=screen`), its output read with the time
//! each chunk arrived and kept as a screen (a terminal emulator: what a person would see), and
//! what /proc says about a process (RSS, CPU ticks, descriptors, threads).

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant, SystemTime};

/// The end of a frame: the cockpit wraps each one in a synchronized update.
const FRAME_END: &[u8] = b"\x1b[?2026l";

pub struct Pty {
    master: File,
    pub child: Child,
    rx: Receiver<(Instant, Vec<u8>)>,
    /// Bytes read so far.
    pub bytes: usize,
    /// A frame end split across two reads: the tail of the last read.
    carry: Vec<u8>,
    /// What the terminal shows, from everything read so far.
    screen: vt100::Parser,
    /// The cockpit closed the terminal (it ended).
    closed: bool,
    /// A reading of both clocks at the start: turns a chunk's `Instant` into wall-clock time.
    clocks: (Instant, SystemTime),
}

impl Pty {
    pub fn spawn(bin: &str, args: &[&str], env: &[(&str, &str)]) -> std::io::Result<Pty> {
        let (mut master, mut slave) = (0, 0);
        let ws = libc::winsize {
            ws_row: 24,
            ws_col: 80,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: openpty writes two fds into the locals; the name and termios may be null.
        let rc = unsafe {
            libc::openpty(
                &mut master,
                &mut slave,
                std::ptr::null_mut(),
                std::ptr::null(),
                &ws,
            )
        };
        if rc != 0 {
            return Err(std::io::Error::last_os_error());
        }
        // SAFETY: both fds were just opened by openpty and are owned here.
        let (master, slave) = unsafe { (File::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
        let mut cmd = Command::new(bin);
        cmd.args(args)
            .env("TERM", "screen")
            .env_remove("NO_COLOR")
            .stdin(Stdio::from(slave.try_clone()?))
            .stdout(Stdio::from(slave.try_clone()?))
            .stderr(Stdio::from(slave));
        for (k, v) in env {
            cmd.env(k, v);
        }
        // SAFETY: setsid and ioctl are async-signal-safe; the child makes the pty its terminal.
        unsafe {
            cmd.pre_exec(|| {
                libc::setsid();
                libc::ioctl(0, libc::TIOCSCTTY, 0);
                Ok(())
            });
        }
        let child = cmd.spawn()?;
        let mut reader = master.try_clone()?;
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut buf = vec![0u8; 1 << 16];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send((Instant::now(), buf[..n].to_vec())).is_err() {
                    break;
                }
            }
        });
        Ok(Pty {
            master,
            child,
            rx,
            bytes: 0,
            carry: Vec::new(),
            screen: vt100::Parser::new(24, 80, 0),
            closed: false,
            clocks: (Instant::now(), SystemTime::now()),
        })
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn send(&mut self, keys: &str) {
        let _ = self.master.write_all(keys.as_bytes());
        let _ = self.master.flush();
    }

    /// Reads one chunk (waiting at most `timeout`): when it came and whether a frame ended in it.
    fn read_chunk(&mut self, timeout: Duration) -> Option<(Instant, bool)> {
        let (at, chunk) = match self.rx.recv_timeout(timeout) {
            Ok(c) => c,
            Err(RecvTimeoutError::Timeout) => return None,
            Err(RecvTimeoutError::Disconnected) => {
                self.closed = true;
                return None;
            }
        };
        self.bytes += chunk.len();
        self.screen.process(&chunk);
        let mut seen = std::mem::take(&mut self.carry);
        seen.extend_from_slice(&chunk);
        let ended = seen.windows(FRAME_END.len()).any(|w| w == FRAME_END);
        let keep = seen.len().min(FRAME_END.len() - 1);
        self.carry = seen[seen.len() - keep..].to_vec();
        Some((at, ended))
    }

    /// Reads until a frame ends; when it did, and how many bytes came meanwhile.
    pub fn next_frame(&mut self, timeout: Duration) -> Option<Instant> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            match self.read_chunk(left) {
                Some((at, true)) => return Some(at),
                Some((_, false)) => {}
                None => return None,
            }
        }
    }

    /// Reads everything for `d`, showing the screen to `look` after each chunk with the chunk's
    /// arrival; returns the frames that ended meanwhile.
    pub fn observe_for(
        &mut self,
        d: Duration,
        mut look: impl FnMut(&vt100::Screen, SystemTime),
    ) -> usize {
        let end = Instant::now() + d;
        let mut frames = 0;
        while let Some(left) = end.checked_duration_since(Instant::now()) {
            match self.read_chunk(left) {
                Some((at, ended)) => {
                    frames += usize::from(ended);
                    let wall = self.wall(at);
                    look(self.screen.screen(), wall);
                }
                None if self.closed => break,
                None => {}
            }
        }
        frames
    }

    /// The screen's text now, row by row.
    pub fn screen_text(&self) -> String {
        self.screen.screen().contents()
    }

    /// The wall-clock time of an `Instant` read here.
    fn wall(&self, at: Instant) -> SystemTime {
        match at.checked_duration_since(self.clocks.0) {
            Some(d) => self.clocks.1 + d,
            None => self.clocks.1 - self.clocks.0.duration_since(at),
        }
    }

    /// Reads (and counts) everything for `d`, returning the frames that ended meanwhile.
    pub fn drain_for(&mut self, d: Duration) -> usize {
        self.observe_for(d, |_, _| {})
    }

    /// Reads until no frame has ended for `quiet`, or `max` passed.
    pub fn settle(&mut self, quiet: Duration, max: Duration) {
        let end = Instant::now() + max;
        while Instant::now() < end {
            if self.next_frame(quiet).is_none() {
                return;
            }
        }
    }

    pub fn quit(mut self) {
        // SAFETY: signalling our own child by its pid.
        unsafe {
            libc::kill(self.child.id() as i32, libc::SIGTERM);
        }
        let _ = self.child.wait();
    }
}

/// Resident set size now, in KiB.
pub fn rss_kib(pid: u32) -> u64 {
    status_field(pid, "VmRSS:")
}

/// Peak resident set size, in KiB.
pub fn hwm_kib(pid: u32) -> u64 {
    status_field(pid, "VmHWM:")
}

fn status_field(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// Open file descriptors (sockets, pipes, files) of a process.
pub fn open_fds(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd")).map_or(0, |d| d.count())
}

/// Threads of a process.
pub fn threads(pid: u32) -> u64 {
    status_field(pid, "Threads:")
}

/// User + system CPU time of a process so far.
pub fn cpu_time(pid: u32) -> Duration {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return Duration::ZERO;
    };
    // The fields after the command (which may hold spaces) start after its `)`.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = [11, 12]
        .iter()
        .filter_map(|i| f.get(*i)?.parse::<u64>().ok())
        .sum();
    // SAFETY: sysconf has no preconditions.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as u64;
    Duration::from_millis(ticks * 1000 / hz)
}

/// The share of one core a process used over `d` (0.25 = a quarter of a core).
pub struct CpuMeter {
    pid: u32,
    at: Instant,
    cpu: Duration,
}

impl CpuMeter {
    pub fn start(pid: u32) -> CpuMeter {
        CpuMeter {
            pid,
            at: Instant::now(),
            cpu: cpu_time(pid),
        }
    }

    pub fn share(&self) -> f64 {
        let wall = self.at.elapsed().as_secs_f64().max(1e-9);
        (cpu_time(self.pid).saturating_sub(self.cpu)).as_secs_f64() / wall
    }
}
