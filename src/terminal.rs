//! The terminal: alternate screen and raw mode on, and always back off — on quit, on an early
//! error (a guard), and on a panic of the loop's thread (our hook restores it, then prints the
//! message with secrets redacted). A panic in a background task (a tokio worker, a blocking
//! git job) must not touch the terminal — the loop still draws on it: the hook logs it and
//! hands it to the loop ([`task_panicked`]), which reports it on screen. Mouse capture stays
//! off.

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::thread::ThreadId;

use crate::quiet_backend::QuietBackend;

/// The loop's terminal: crossterm on stdout, silent when a frame changes nothing.
pub type CockpitTerminal = ratatui::Terminal<QuietBackend<std::io::Stdout>>;

/// The thread that owns the terminal (the loop's): only its panics restore it.
static UI_THREAD: OnceLock<ThreadId> = OnceLock::new();
/// Panics of other threads, for the loop to report.
static TASK_PANICS: Mutex<Vec<String>> = Mutex::new(Vec::new());
static TASK_PANICKED: tokio::sync::Notify = tokio::sync::Notify::const_new();
/// How often the terminal was restored (tests check a task panic never does it).
static RESTORES: AtomicUsize = AtomicUsize::new(0);

/// Restores the terminal when dropped.
pub struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

pub fn restore() {
    RESTORES.fetch_add(1, Ordering::Relaxed);
    ratatui::restore();
    // Also undo what a crash mid-draw may have left: a hidden cursor, a synchronized update.
    let mut out = std::io::stdout();
    let _ = crossterm::execute!(
        out,
        crossterm::terminal::EndSynchronizedUpdate,
        crossterm::event::DisableBracketedPaste,
        crossterm::event::DisableMouseCapture,
        crossterm::cursor::Show
    );
    let _ = out.flush();
}

/// Installs the panic hook and enters the alternate screen. (Not `ratatui::try_init`: its
/// hook would restore the terminal on any thread's panic.)
pub fn init() -> std::io::Result<(CockpitTerminal, TerminalGuard)> {
    mark_ui_thread();
    install_panic_hook();
    crossterm::terminal::enable_raw_mode()?;
    let guard = TerminalGuard;
    crossterm::execute!(
        std::io::stdout(),
        crossterm::terminal::EnterAlternateScreen,
        crossterm::event::EnableBracketedPaste
    )?;
    let terminal = ratatui::Terminal::new(QuietBackend::new(std::io::stdout()))?;
    Ok((terminal, guard))
}

/// The calling thread owns the terminal from now on.
pub fn mark_ui_thread() {
    let _ = UI_THREAD.set(std::thread::current().id());
}

/// How many times the terminal was restored so far.
pub fn restores() -> usize {
    RESTORES.load(Ordering::Relaxed)
}

/// The next panic of a background task (its message, secrets redacted), when one happens.
pub async fn task_panicked() -> String {
    loop {
        let next = TASK_PANICS
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .pop();
        if let Some(m) = next {
            return m;
        }
        TASK_PANICKED.notified().await;
    }
}

/// What the loop shows for a background task's panic.
pub fn task_panic_notice(message: &str) -> String {
    format!(
        "{message} — a background task stopped; what it kept current may now be stale: \
         restart stagecoach, and report it with the log file"
    )
}

/// Our hook prints a short message (never the default hook's, which could print a token held
/// in a panic payload) and logs it; on the loop's thread it restores the terminal first, on
/// any other it leaves the terminal alone and hands the message to the loop.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let payload = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(no message)".into());
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let message = panic_message(&payload, &location);
        tracing::error!("{message}");
        let on_ui = UI_THREAD
            .get()
            .is_some_and(|t| *t == std::thread::current().id());
        if !on_ui {
            TASK_PANICS
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(message);
            TASK_PANICKED.notify_one();
            return;
        }
        // The port-forwards' kubectl children would outlive a crash otherwise.
        crate::cluster::kubectl::children::stop_all();
        restore();
        let _ = writeln!(
            std::io::stderr(),
            "{message}\nThe terminal has been restored. Please report this with the log file."
        );
    }));
}

/// What a crash prints: the panic's message and place, with every known secret redacted.
fn panic_message(payload: &str, location: &str) -> String {
    crate::secrets::redact(&format!("stagecoach crashed: {payload}{location}"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_crash_message_never_carries_a_token() {
        crate::secrets::register("sha256~0123456789abcdefSECRET");
        let m = super::panic_message(
            "request with Bearer sha256~0123456789abcdefSECRET failed",
            " at src/x.rs:1",
        );
        assert_eq!(
            m,
            "stagecoach crashed: request with Bearer <redacted> failed at src/x.rs:1"
        );
    }
}
