//! The loop: the only place that holds the terminal, the app and the runner together. It takes a
//! message, drains what else is queued, then draws once if anything changed: at once after a
//! key (what the user typed is on screen in the time of one draw), at most ~30 fps for what
//! the cluster sends. No render timer: idle means no CPU and no bytes to the terminal.

use std::time::Duration;

use crossterm::event::{Event, KeyEventKind, KeyModifiers};
use jiff::Timestamp;
use ratatui::backend::Backend;
use ratatui::Terminal;
use tokio::signal::unix::{signal, SignalKind};
use tokio::sync::mpsc::Receiver;
use tokio::time::Instant;

use crate::app::msg::Msg;
use crate::app::App;
use crate::effects::Runner;
use crate::keymap::{Key, KeyCode};
use crate::theme::Theme;

mod keys;
mod turn;

use keys::Keys;

const FRAME: Duration = Duration::from_millis(33);
/// Messages handled before drawing at most, so a flood of watch events cannot starve the screen.
const DRAIN_MAX: usize = 2048;

pub struct Cockpit {
    pub app: App,
    pub runner: Runner,
    pub rx: Receiver<Msg>,
    pub theme: Theme,
}

pub async fn run<B: Backend>(terminal: &mut Terminal<B>, mut c: Cockpit) -> anyhow::Result<()>
where
    B::Error: Send + Sync + 'static,
{
    let _children = StopChildren;
    let mut events = Keys::start();
    let mut clock = tokio::time::interval(Duration::from_secs(1));
    // After a shell or an editor had the terminal, one tick, not one per second it was away.
    clock.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut term = signal(SignalKind::terminate())?;
    let mut hup = signal(SignalKind::hangup())?;
    let mut int = signal(SignalKind::interrupt())?;
    let mut usr1 = signal(SignalKind::user_defined1())?;
    let size = terminal.size()?;
    c.app.update(Msg::Resized {
        width: size.width,
        height: size.height,
    });
    let mut needs_draw = true;
    let mut last_draw = Instant::now() - FRAME;
    // The user typed: the next frame does not wait for the frame cap. A paste is one event;
    // a draw is a few milliseconds, so keys typed in a burst each get theirs.
    let mut typed = false;
    // A list or a decode just completed: what its parse freed goes back to the system, at
    // once when the first sync completes, and after each later burst once it is quiet.
    let mut trimmer = crate::memory::Trimmer::default();
    let mut was_synced = false;
    // What the screen wants (`App::wants`) is asked once per frame, after a key at once: not
    // after each of a burst of watch events.
    let mut wants_due = false;
    let mut last_wants = Instant::now() - FRAME;
    // The turn under way: from the message the loop woke for to waiting again.
    let mut turn: Option<turn::Turn> = None;
    loop {
        needs_draw |= c.app.take_dirty();
        // Once: later lists start trims of their own (`Trimmer`), and asking every turn is a
        // walk over every stage.
        if !was_synced && c.app.world.is_synced() {
            crate::memory::release_freed();
            was_synced = true;
        }
        if c.app.quit {
            break;
        }
        if let Some(seq) = c.app.clipboard.take() {
            // Between frames, so it never lands inside one.
            use std::io::Write;
            let mut out = std::io::stdout();
            let _ = out.write_all(seq.as_bytes()).and_then(|()| out.flush());
        }
        if std::mem::take(&mut c.app.suspend) {
            // The shell owns the terminal meanwhile.
            events.paused(|| suspend(terminal))?;
            needs_draw = true;
        }
        if let Some(shell) = c.runner.take_shell() {
            // kubectl owns the terminal meanwhile: nothing of ours may read a key.
            let result = events.paused(|| hand_over(terminal, &shell))?;
            needs_draw = true;
            let effects = c.app.update(Msg::ShellEnded {
                pod: shell.pod,
                result,
            });
            c.runner.run(effects);
        }
        if let Some(edit) = c.app.external_edit.take() {
            // The editor owns the terminal meanwhile: nothing of ours may read a key, nor hold
            // crossterm's reader (the cockpit died on return when its cursor query timed out).
            let command = c.app.external_editor.clone().unwrap_or_default();
            let result = events.paused(|| external_editor(terminal, &command, &edit.path))?;
            needs_draw = true;
            let effects = c.app.update(Msg::EditorClosed {
                team: edit.team,
                result,
            });
            c.runner.run(effects);
        }
        if wants_due && (typed || last_wants.elapsed() >= FRAME) {
            let at = Instant::now();
            let effects = c.app.wants();
            c.runner.run(effects);
            wants_due = false;
            last_wants = Instant::now();
            needs_draw |= c.app.take_dirty();
            if let Some(t) = &mut turn {
                t.wanted(at.elapsed());
            }
        }
        if needs_draw && (std::mem::take(&mut typed) || last_draw.elapsed() >= FRAME) {
            let at = Instant::now();
            draw(terminal, &c.app, &c.theme)?;
            last_draw = Instant::now();
            needs_draw = false;
            if let Some(t) = &mut turn {
                t.drew(at.elapsed());
            }
        }
        typed = false;
        if let Some(t) = turn.take() {
            t.end();
        }
        let next_frame = match (needs_draw, wants_due) {
            (true, true) => (last_draw + FRAME).min(last_wants + FRAME),
            (false, true) => last_wants + FRAME,
            _ => last_draw + FRAME,
        };
        // In this order: a key waits for no watch event that happens to be ready with it.
        let msg = tokio::select! {
            biased;
            ev = events.next() => {
                typed = true;
                match terminal_msg(ev) {
                    Some(m) => m,
                    None => continue,
                }
            }
            _ = term.recv() => Msg::Terminated,
            _ = hup.recv() => Msg::Terminated,
            _ = int.recv() => Msg::Terminated,
            _ = usr1.recv() => {
                report_tasks(&c.runner);
                continue;
            }
            // Before the backend's messages, which may never stop coming at 100k pods.
            _ = clock.tick() => {
                trimmer.tick();
                Msg::Clock(Timestamp::now())
            }
            m = c.runner.context_switched() => m,
            Some(m) = c.rx.recv() => m,
            m = crate::terminal::task_panicked() => Msg::Notice(crate::app::msg::Notice::error(
                crate::terminal::task_panic_notice(&m),
            )),
            _ = tokio::time::sleep_until(next_frame), if needs_draw || wants_due => continue,
        };
        let mut t = turn::Turn::begin(msg.kind());
        trimmer.saw(&msg);
        let effects = c.app.update_only(msg);
        c.runner.run(effects);
        t.handled_first();
        wants_due = true;
        // After a key its frame comes first; the burst waiting behind it is taken next turn.
        let drain = if typed { 0 } else { DRAIN_MAX };
        let at = Instant::now();
        let mut drained = 0;
        for _ in 0..drain {
            // A key typed meanwhile is taken before the rest of the burst (a burst after a
            // re-list is hundreds of milliseconds at 100k pods).
            if events.waiting() {
                break;
            }
            match c.rx.try_recv() {
                Ok(m) => {
                    trimmer.saw(&m);
                    let effects = c.app.update_only(m);
                    c.runner.run(effects);
                    drained += 1;
                }
                Err(_) => break,
            }
        }
        t.drained(drained, at.elapsed());
        turn = Some(t);
    }
    Ok(())
}

/// SIGUSR1: how many tasks live, into the log (the soak benchmark watches them for leaks; no
/// timer, so an idle cockpit stays idle).
fn report_tasks(runner: &Runner) {
    let (held, running) = runner.task_count();
    let metrics = tokio::runtime::Handle::current().metrics();
    tracing::info!(
        tokio_tasks = metrics.num_alive_tasks(),
        runner_tasks = held,
        runner_running = running,
        "task count (SIGUSR1)"
    );
}

/// Whatever still forwards ends with the loop, however it ends (a quit, a signal, an error).
struct StopChildren;

impl Drop for StopChildren {
    fn drop(&mut self) {
        crate::cluster::kubectl::children::stop_all();
    }
}

/// Hands the terminal to `kubectl exec -it` for a shell, waits for it, then takes the
/// terminal back (what kubectl said on failure comes back for the status line).
fn hand_over<B: Backend>(
    terminal: &mut Terminal<B>,
    shell: &crate::effects::ShellHandoff,
) -> anyhow::Result<Result<(), String>>
where
    B::Error: Send + Sync + 'static,
{
    crate::terminal::restore();
    let result = tokio::task::block_in_place(|| {
        crate::cluster::kubectl::exec::run_shell(&shell.program, &shell.args)
    });
    crossterm::terminal::enable_raw_mode()?;
    crossterm::execute!(
        std::io::stdout(),
        crossterm::terminal::EnterAlternateScreen,
        crossterm::event::EnableBracketedPaste
    )?;
    terminal.clear()?;
    Ok(result)
}

/// The message of a terminal event (none for what the app ignores: key releases, the mouse).
fn terminal_msg(ev: Option<std::io::Result<Event>>) -> Option<Msg> {
    match ev {
        Some(Ok(ev)) => to_msg(ev),
        // The terminal is gone (an SSH drop): leave rather than spin.
        Some(Err(_)) | None => Some(Msg::Terminated),
    }
}

/// Hands the terminal to the user's editor (`$VISUAL`/`$EDITOR`, run by the shell so that
/// `code --wait` or `vim -u NONE` work as typed), waits for it, then takes the terminal back.
fn external_editor<B: Backend>(
    terminal: &mut Terminal<B>,
    command: &str,
    path: &std::path::Path,
) -> anyhow::Result<Result<(), String>>
where
    B::Error: Send + Sync + 'static,
{
    crate::terminal::restore();
    let status = tokio::task::block_in_place(|| {
        std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("{command} \"$1\""))
            .arg("stagecoach")
            .arg(path)
            .status()
    });
    crossterm::terminal::enable_raw_mode()?;
    crossterm::execute!(
        std::io::stdout(),
        crossterm::terminal::EnterAlternateScreen,
        crossterm::event::EnableBracketedPaste
    )?;
    terminal.clear()?;
    Ok(match status {
        Ok(s) if s.success() => Ok(()),
        Ok(s) => Err(format!("{command} ended with {s}")),
        Err(e) => Err(format!("cannot run {command}: {e}")),
    })
}

/// Gives the terminal back to the shell and stops the process (raw mode swallows the ctrl-z
/// that would do it); when the shell continues us, takes the terminal again and redraws all.
fn suspend<B: Backend>(terminal: &mut Terminal<B>) -> anyhow::Result<()>
where
    B::Error: Send + Sync + 'static,
{
    crate::terminal::restore();
    // SAFETY: raising a signal on our own process has no memory-safety preconditions.
    unsafe {
        libc::raise(libc::SIGTSTP);
    }
    crossterm::terminal::enable_raw_mode()?;
    crossterm::execute!(
        std::io::stdout(),
        crossterm::terminal::EnterAlternateScreen,
        crossterm::event::EnableBracketedPaste
    )?;
    terminal.clear()?;
    Ok(())
}

fn draw<B: Backend>(terminal: &mut Terminal<B>, app: &App, theme: &Theme) -> anyhow::Result<()>
where
    B::Error: Send + Sync + 'static,
{
    // The backend (`QuietBackend`) wraps what changed in a synchronized update, so tmux and
    // SSH never show half-drawn frames, and writes nothing when nothing changed.
    terminal.draw(|f| crate::ui::draw(app, theme, f))?;
    Ok(())
}

fn to_msg(ev: Event) -> Option<Msg> {
    match ev {
        Event::Key(k) if k.kind == KeyEventKind::Press => to_key(k).map(Msg::Key),
        Event::Resize(width, height) => Some(Msg::Resized { width, height }),
        Event::Paste(s) => Some(Msg::Paste(s)),
        _ => None,
    }
}

pub fn to_key(k: crossterm::event::KeyEvent) -> Option<Key> {
    use crossterm::event::KeyCode as C;
    let code = match k.code {
        C::Char(c) => KeyCode::Char(c),
        C::Enter => KeyCode::Enter,
        C::Esc => KeyCode::Esc,
        C::Tab => KeyCode::Tab,
        C::BackTab => KeyCode::BackTab,
        C::Backspace => KeyCode::Backspace,
        C::Delete => KeyCode::Delete,
        C::Up => KeyCode::Up,
        C::Down => KeyCode::Down,
        C::Left => KeyCode::Left,
        C::Right => KeyCode::Right,
        C::Home => KeyCode::Home,
        C::End => KeyCode::End,
        C::PageUp => KeyCode::PageUp,
        C::PageDown => KeyCode::PageDown,
        C::F(n) => KeyCode::F(n),
        _ => return None,
    };
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    Some(Key {
        code: match code {
            KeyCode::Char(c) if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
            c => c,
        },
        ctrl,
        alt: k.modifiers.contains(KeyModifiers::ALT),
    })
}
