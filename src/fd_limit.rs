//! File descriptors: one connection per watch, two watches per stage, and the common soft
//! limit of 1024 is reached at scale — then nothing syncs and every connect fails. So the soft
//! limit is raised to the hard one at start (what the system already allows this user), and
//! when descriptors run out anyway the messages say so in words ([`explain`]).

use std::sync::atomic::{AtomicU64, Ordering};

/// The soft limit in force after [`raise_soft_limit`] (0: unknown).
static SOFT: AtomicU64 = AtomicU64::new(0);

/// Linux refuses a soft limit above `fs.nr_open` (1,048,576 by default) even when the hard one
/// is unlimited.
const CEILING: u64 = 1 << 20;

/// Raises the soft `RLIMIT_NOFILE` to the hard limit; returns the soft limit now in force.
pub fn raise_soft_limit() -> std::io::Result<u64> {
    #[cfg(unix)]
    {
        let mut lim = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit writes the struct it is given, which lives on this stack.
        if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
        let hard = lim.rlim_max.min(CEILING);
        let soft = lim.rlim_cur;
        if soft < hard {
            let raised = libc::rlimit {
                rlim_cur: hard,
                rlim_max: lim.rlim_max,
            };
            // SAFETY: setrlimit only reads the struct.
            if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } == 0 {
                SOFT.store(hard, Ordering::Relaxed);
                return Ok(hard);
            }
        }
        SOFT.store(soft, Ordering::Relaxed);
        Ok(soft)
    }
    #[cfg(not(unix))]
    Ok(0)
}

/// For an error text that is really "too many open files" (EMFILE, `os error 24`, often
/// buried under "client error (Connect)"): the cause in words and what to do.
pub fn explain(error_text: &str) -> Option<String> {
    let lower = error_text.to_ascii_lowercase();
    if !(lower.contains("too many open files") || lower.contains("os error 24")) {
        return None;
    }
    let limit = match SOFT.load(Ordering::Relaxed) {
        0 => String::new(),
        n => format!(" (the limit is {n})"),
    };
    Some(format!(
        "too many open files{limit}: raise `ulimit -n`, or watch fewer teams (--team)"
    ))
}

/// The text with its cause named when it is "too many open files".
pub fn with_explanation(error_text: String) -> String {
    match explain(&error_text) {
        Some(why) => format!("{why} — {error_text}"),
        None => error_text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_soft_limit_is_raised_to_the_hard_one() {
        let soft = raise_soft_limit().unwrap();
        let mut lim = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: as above.
        assert_eq!(unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) }, 0);
        assert_eq!(lim.rlim_cur, soft);
        assert_eq!(soft, lim.rlim_max.min(CEILING));
    }

    #[test]
    fn running_out_of_descriptors_is_said_in_words() {
        let e = "client error (Connect): tcp open error: Too many open files (os error 24)";
        let why = with_explanation(e.to_string());
        assert!(why.starts_with("too many open files"), "{why}");
        assert!(why.contains("ulimit -n"), "{why}");
        assert_eq!(
            with_explanation("connection refused".into()),
            "connection refused"
        );
    }
}
