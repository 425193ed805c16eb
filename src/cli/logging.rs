//! The log file: tracing to a file, never to the screen (the screen belongs to the cockpit).

use std::path::{Path, PathBuf};

use tracing_appender::non_blocking::WorkerGuard;

/// Log lines queued for the writer thread at most (a burst of dropped-watch warnings fits).
const LOG_QUEUE_LINES: usize = 8_192;

/// Opens the log for appending, created 0600: it names clusters, namespaces, jobs and URLs,
/// which are no one else's business on a shared jump host. An existing log wider than that is
/// narrowed.
fn open_private(path: &Path) -> std::io::Result<std::fs::File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        opts.mode(0o600);
        let file = opts.open(path)?;
        let meta = file.metadata()?;
        if meta.permissions().mode() & 0o077 != 0 {
            file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
        Ok(file)
    }
    #[cfg(not(unix))]
    opts.open(path)
}

fn default_log_file() -> Option<PathBuf> {
    Some(stagecoach::config::paths::state_dir()?.join("stagecoach.log"))
}

/// Starts logging to `file` (or the default); returns the guard that flushes on drop. With
/// `quiet`, a log that cannot be opened is silently skipped (the cockpit must still start).
pub fn init(file: Option<&Path>, quiet: bool) -> Option<WorkerGuard> {
    let path = file.map(Path::to_path_buf).or_else(default_log_file)?;
    let dir = path.parent()?;
    if let Err(e) = std::fs::create_dir_all(dir) {
        if !quiet {
            eprintln!("stagecoach: no log file ({}): {e}", dir.display());
        }
        return None;
    }
    let file = match open_private(&path) {
        Ok(f) => f,
        Err(e) => {
            if !quiet {
                eprintln!("stagecoach: no log file ({}): {e}", path.display());
            }
            return None;
        }
    };
    // The default queue holds 128,000 lines, allocated and touched up front (4 MiB of RSS
    // for a log that writes a few lines a minute); lines beyond the queue are dropped, as
    // before, and counted by tracing-appender.
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .buffered_lines_limit(LOG_QUEUE_LINES)
        .finish(file);
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,kube=warn,hyper=warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init();
    Some(guard)
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    /// Finding 9 of the reliability probe: the log file is the user's alone.
    #[test]
    fn the_log_file_is_created_0600_and_a_wider_one_narrowed() {
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("new.log");
        drop(super::open_private(&new).unwrap());
        let mode = std::fs::metadata(&new).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let old = dir.path().join("old.log");
        std::fs::write(&old, "earlier\n").unwrap();
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o644)).unwrap();
        drop(super::open_private(&old).unwrap());
        let mode = std::fs::metadata(&old).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(std::fs::read_to_string(&old).unwrap(), "earlier\n");
    }
}
