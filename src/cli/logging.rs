//! The log file: tracing to a file, never to the screen (the screen belongs to the cockpit).

use std::path::{Path, PathBuf};

use tracing_appender::non_blocking::WorkerGuard;

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
    let file = match std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
    {
        Ok(f) => f,
        Err(e) => {
            if !quiet {
                eprintln!("stagecoach: no log file ({}): {e}", path.display());
            }
            return None;
        }
    };
    let (writer, guard) = tracing_appender::non_blocking(file);
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,kube=warn,hyper=warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init();
    Some(guard)
}
