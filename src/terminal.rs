//! The terminal: alternate screen and raw mode on, and always back off — on quit, on an early
//! error (a guard), and on panic (ratatui's hook restores first, then ours prints the message
//! with secrets redacted). Mouse capture stays off.

use std::io::Write;

use ratatui::DefaultTerminal;

/// Restores the terminal when dropped.
pub struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

pub fn restore() {
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

/// Installs the panic hook and enters the alternate screen.
pub fn init() -> std::io::Result<(DefaultTerminal, TerminalGuard)> {
    install_panic_hook();
    let terminal = ratatui::try_init()?;
    let _ = crossterm::execute!(std::io::stdout(), crossterm::event::EnableBracketedPaste);
    Ok((terminal, TerminalGuard))
}

/// Our hook prints a short message (never the default hook's, which could print a token held
/// in a panic payload) and logs it. ratatui's hook, installed by `try_init` after this one,
/// restores the terminal before calling it.
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
