use jiff::Timestamp;

use super::layout::Row;
use super::{LogsState, StreamStatus};
use crate::app::effect::Effect;
use crate::app::input::InputKind;
use crate::app::msg::{LogLine, LogMsg, LogStreamId, Msg};
use crate::app::nav::Screen;
use crate::app::App;
use crate::keymap::Key;
use crate::testkit::{self, crashed_run, press, render};
use crate::theme::Role;

/// Types text into whatever input is open (or as keys), one character at a time.
fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Msg::Key(Key::char(c)));
    }
}

/// The app on the logs of `status`'s first pod in `ns`, opened with `key` (`l` or `p`).
fn open_logs(ns: &str, status: &str, key: &str, w: u16, h: u16) -> (App, Vec<Effect>) {
    let s = testkit::fixture();
    let pod = s.pod_with_status(ns, status);
    let mut app = testkit::app(&s, w, h);
    press(&mut app, ":");
    type_text(&mut app, &format!("pods {ns}"));
    press(&mut app, "enter /");
    type_text(&mut app, &pod);
    press(&mut app, "enter");
    let effects = press(&mut app, key);
    assert!(matches!(app.top(), Screen::Logs(_)), "{:?}", app.top());
    (app, effects)
}

fn logs(app: &App) -> &LogsState {
    match app.top() {
        Screen::Logs(l) => l,
        other => panic!("not the logs view: {other:?}"),
    }
}

fn stream(app: &App) -> LogStreamId {
    logs(app).stream_id()
}

fn feed(app: &mut App, lines: Vec<LogLine>) {
    let stream = stream(app);
    app.update(Msg::Log(LogMsg::Connected {
        stream: stream.clone(),
        at: testkit::start(),
    }));
    for chunk in lines.chunks(40) {
        app.update(Msg::Log(LogMsg::Lines {
            stream: stream.clone(),
            lines: chunk.to_vec(),
        }));
    }
}

fn previous_log(w: u16, h: u16) -> App {
    let (mut app, _) = open_logs("payments-qa", "CrashLoopBackOff", "p", w, h);
    feed(&mut app, crashed_run());
    let s = stream(&app);
    app.update(Msg::Log(LogMsg::Ended {
        stream: s,
        reason: "log complete".into(),
    }));
    app
}

/// The lines of the crashed run with WARN in them (`grep -n WARN`, counted from 0).
const WARN_LINES: [u64; 5] = [31, 64, 66, 118, 152];

#[test]
fn p_opens_the_previous_log_of_the_container_that_died() {
    let (app, effects) = open_logs("payments-qa", "CrashLoopBackOff", "p", 80, 24);
    let l = logs(&app);
    assert_eq!(l.container, "api");
    assert!(l.previous);
    assert_eq!(
        effects,
        vec![Effect::StreamLog {
            stream: l.stream_id(),
            tail: Some(10_000),
        }]
    );
    assert_eq!(l.status, StreamStatus::Connecting);
}

#[test]
fn previous_log_80x24() {
    let app = previous_log(80, 24);
    let l = logs(&app);
    assert_eq!(
        l.status,
        StreamStatus::Ended {
            reason: "log complete".into()
        }
    );
    let screen = testkit::screen_lines(&app);
    assert!(screen
        .iter()
        .any(|r| r.contains("StatementController.export")));
    insta::assert_snapshot!("logs_previous_80x24", render(&app).backend());
    crate::testkit::screenshot("logs", &app);
}

#[test]
fn previous_log_160x48() {
    let app = previous_log(160, 48);
    insta::assert_snapshot!("logs_previous_160x48", render(&app).backend());
}

#[test]
fn the_ring_buffer_drops_the_oldest_lines_and_says_how_many() {
    let (mut app, _) = open_logs("payments-qa", "CrashLoopBackOff", "p", 80, 24);
    app.log_capacity = 100;
    let lines = crashed_run();
    let n = lines.len() as u64;
    assert!(n > 150, "{n}");
    feed(&mut app, lines.clone());
    let l = logs(&app);
    assert_eq!(l.lines.len(), 100);
    assert_eq!(l.dropped, n - 100);
    assert_eq!(l.lines.front(), lines.get((n - 100) as usize));
    assert_eq!(l.lines.back(), lines.last());
    press(&mut app, "g g");
    let screen = testkit::screen_lines(&app);
    assert!(
        screen[2].contains(&format!("{} earlier lines dropped", n - 100)),
        "{screen:#?}"
    );
    insta::assert_snapshot!("logs_dropped_80x24", render(&app).backend());
}

#[test]
fn follow_stops_when_scrolling_up_and_resumes_with_f_or_bottom() {
    let (mut app, _) = open_logs("payments-qa", "CrashLoopBackOff", "l", 80, 24);
    let lines = crashed_run();
    feed(&mut app, lines[..100].to_vec());
    assert!(logs(&app).follow);
    let last_row = |app: &App| testkit::screen_lines(app)[22].clone();
    assert!(last_row(&app).contains(&lines[99].text[..30]));
    press(&mut app, "k");
    let l = logs(&app);
    assert!(!l.follow);
    let (w, h) = (80, app.page());
    let top = l.effective_top(w, h).unwrap();
    assert_eq!(top.seq, 100 - h as u64 - 1);
    // New lines arrive: the view stays where the user is.
    feed(&mut app, lines[100..120].to_vec());
    assert_eq!(logs(&app).effective_top(w, h).unwrap(), top);
    let header = testkit::screen_lines(&app)[1].clone();
    assert!(header.contains("paused, 20 new"), "{header}");
    press(&mut app, "f");
    assert!(logs(&app).follow);
    assert!(last_row(&app).contains(&lines[119].text[..30]));
    press(&mut app, "pgup");
    assert!(!logs(&app).follow);
    press(&mut app, "G");
    assert!(logs(&app).follow);
    // Scrolling down while following changes nothing.
    press(&mut app, "j");
    assert!(logs(&app).follow);
}

#[test]
fn n_and_n_walk_the_matches_and_wrap_around() {
    let mut app = previous_log(80, 24);
    let warn = WARN_LINES;
    press(&mut app, "/");
    assert_eq!(app.input.as_ref().map(|i| i.kind), Some(InputKind::Search));
    type_text(&mut app, "WARN");
    press(&mut app, "enter");
    let l = logs(&app);
    assert_eq!(l.matches.iter().copied().collect::<Vec<_>>(), warn);
    assert_eq!(l.current, None);
    press(&mut app, "g g n");
    assert_eq!(logs(&app).current, Some(warn[0]));
    press(&mut app, "n");
    assert_eq!(logs(&app).current, Some(warn[1]));
    assert_eq!(logs(&app).match_position(), Some(2));
    press(&mut app, "N N");
    assert_eq!(logs(&app).current, Some(*warn.last().unwrap()));
    press(&mut app, "n");
    assert_eq!(logs(&app).current, Some(warn[0]));
    // The current match is on screen.
    let (a, b) = logs(&app).lines_on_screen(80, app.page()).unwrap();
    assert!((a..=b).contains(&warn[0]));
    press(&mut app, "n n n");
    let (a, b) = logs(&app).lines_on_screen(80, app.page()).unwrap();
    assert!((a..=b).contains(&warn[3]));
    insta::assert_snapshot!("logs_search_80x24", render(&app).backend());
    // esc in the search bar clears the search.
    press(&mut app, "/ esc");
    assert!(logs(&app).search.is_none());
    assert!(logs(&app).matches.is_empty());
}

#[test]
fn matches_are_drawn_in_the_match_roles() {
    let mut app = previous_log(160, 48);
    press(&mut app, "/");
    type_text(&mut app, "get");
    press(&mut app, "enter g g n");
    let t = render(&app);
    let buf = t.backend().buffer();
    let theme = testkit::theme();
    let find = |word: &str| -> Vec<(u16, u16)> {
        let mut out = Vec::new();
        for y in 0..48 {
            let row: String = (0..160).map(|x| buf[(x, y)].symbol().to_string()).collect();
            if let Some(i) = row.find(word) {
                out.push((row[..i].chars().count() as u16, y));
            }
        }
        out
    };
    let hits = find("GET");
    assert!(hits.len() >= 2, "{hits:?}");
    let current = logs(&app).current.unwrap();
    let (cx, cy) = hits[0];
    let (mx, my) = hits[1];
    let cur = theme.style(Role::CurrentMatch);
    let mat = theme.style(Role::Match);
    assert_eq!(buf[(cx, cy)].bg, cur.bg.unwrap(), "line {current}");
    assert_eq!(buf[(mx, my)].bg, mat.bg.unwrap());
    assert_eq!(buf[(mx, my)].fg, mat.fg.unwrap());
    // Text around a match keeps the plain style.
    assert_eq!(buf[(mx - 2, my)].bg, ratatui::style::Color::Reset);
}

#[test]
fn m_shows_only_lines_around_matches_like_grep_c2() {
    let mut app = previous_log(160, 48);
    let lines = crashed_run();
    press(&mut app, "/");
    type_text(&mut app, "warn");
    press(&mut app, "enter m g g");
    let l = logs(&app);
    assert!(l.matches_only);
    // Two lines of context around each WARN line; the blocks of 64 and 66 run together.
    let blocks = [29..=33, 62..=68, 116..=120, 150..=154];
    let mut expected: Vec<Option<u64>> = Vec::new();
    for b in blocks {
        if !expected.is_empty() {
            expected.push(None);
        }
        expected.extend(b.map(Some));
    }
    let rows: Vec<Option<u64>> = l
        .viewport(160, 200)
        .into_iter()
        .map(|r| match r {
            Row::Text { seq, .. } => Some(seq),
            Row::Separator => None,
            Row::Dropped(_) => panic!("nothing dropped"),
        })
        .collect();
    assert_eq!(rows, expected);
    insta::assert_snapshot!("logs_matches_only_160x48", render(&app).backend());
    press(&mut app, "m");
    assert_eq!(logs(&app).viewport(160, 500).len(), lines.len());
}

#[test]
fn lines_of_an_old_stream_are_ignored() {
    let (mut app, _) = open_logs("payments-qa", "CrashLoopBackOff", "l", 80, 24);
    let mut old = stream(&app);
    old.generation -= 1;
    app.update(Msg::Log(LogMsg::Lines {
        stream: old.clone(),
        lines: crashed_run(),
    }));
    app.update(Msg::Log(LogMsg::Failed {
        stream: old,
        error: "late".into(),
    }));
    assert!(logs(&app).lines.is_empty());
    assert_eq!(logs(&app).status, StreamStatus::Connecting);
}

#[test]
fn c_cycles_containers_and_p_toggles_previous_with_a_new_stream() {
    let (mut app, _) = open_logs("payments-qa", "CrashLoopBackOff", "l", 80, 24);
    feed(&mut app, crashed_run());
    let before = stream(&app);
    assert_eq!(logs(&app).containers, vec!["api", "log-shipper"]);
    let fx = press(&mut app, "c");
    let after = stream(&app);
    assert_eq!(after.container, "log-shipper");
    assert!(after.generation > before.generation);
    assert_eq!(
        fx,
        vec![
            Effect::StopLog,
            Effect::StreamLog {
                stream: after.clone(),
                tail: Some(10_000)
            }
        ]
    );
    assert!(logs(&app).lines.is_empty());
    assert_eq!(crate::app::view::View::title(logs(&app)), "logs log-shipper");
    let fx = press(&mut app, "c");
    assert_eq!(stream(&app).container, "api");
    assert_eq!(fx.len(), 2);
    let fx = press(&mut app, "p");
    let prev = stream(&app);
    assert!(prev.previous);
    assert_eq!(
        fx,
        vec![
            Effect::StopLog,
            Effect::StreamLog {
                stream: prev,
                tail: Some(10_000)
            }
        ]
    );
    // Leaving stops the stream.
    assert_eq!(press(&mut app, "esc"), vec![Effect::StopLog]);
}

#[test]
fn s_saves_the_buffer_to_a_prefilled_path() {
    let mut app = previous_log(80, 24);
    assert!(press(&mut app, "s").is_empty());
    let l = logs(&app);
    let input = app.input.as_ref().expect("the save prompt");
    assert_eq!(input.kind, InputKind::SavePath);
    assert_eq!(
        input.text,
        format!("./{}-api-previous-20261120T100000Z.log", l.pod)
    );
    let fx = press(&mut app, "enter");
    let lines = crashed_run();
    let text: String = lines.iter().map(|l| format!("{}\n", l.text)).collect();
    assert_eq!(
        fx,
        vec![Effect::SaveText {
            path: format!("./{}-api-previous-20261120T100000Z.log", logs(&app).pod).into(),
            text,
        }]
    );
    // With timestamps shown, they are saved too, as kubectl prints them.
    press(&mut app, "t");
    let saved = logs(&app).buffer_text();
    let first = saved.lines().next().unwrap();
    let ts = lines[0]
        .time
        .unwrap()
        .strftime("%Y-%m-%dT%H:%M:%S%.9fZ")
        .to_string();
    assert_eq!(first, format!("{ts} {}", lines[0].text));
}

#[test]
fn the_status_line_says_how_the_stream_is() {
    let (mut app, _) = open_logs("payments-qa", "CrashLoopBackOff", "l", 160, 48);
    let s = stream(&app);
    assert!(testkit::screen_lines(&app)[1].contains("connecting…"));
    feed(&mut app, crashed_run()[..10].to_vec());
    assert!(testkit::screen_lines(&app)[1].contains("streaming"));
    app.update(Msg::Log(LogMsg::Reconnecting {
        stream: s.clone(),
        error: "error reading a body from connection".into(),
    }));
    let header = &testkit::screen_lines(&app)[1];
    assert!(
        header.contains("stream broke (error reading a body from connection), reconnecting…"),
        "{header}"
    );
    let at: Timestamp = "2026-11-20T10:00:07Z".parse().unwrap();
    app.update(Msg::Log(LogMsg::Connected {
        stream: s.clone(),
        at,
    }));
    assert!(testkit::screen_lines(&app)[1].contains("reconnected at 10:00:07 UTC"));
    app.update(Msg::Log(LogMsg::Ended {
        stream: s,
        reason: "container is waiting: CrashLoopBackOff".into(),
    }));
    let header = &testkit::screen_lines(&app)[1];
    assert!(
        header.contains("ended: container is waiting: CrashLoopBackOff"),
        "{header}"
    );
    assert!(header.contains("10 lines"), "{header}");
}

#[test]
fn a_refused_log_shows_the_apis_words() {
    let (mut app, _) = open_logs("payments-e2e", "ImagePullBackOff", "l", 80, 24);
    let l = logs(&app);
    let error = format!(
        "container \"{}\" in pod \"{}\" is waiting to start: trying and failing to pull image",
        l.container, l.pod
    );
    let s = stream(&app);
    app.update(Msg::Log(LogMsg::Failed { stream: s, error }));
    let screen = testkit::screen_lines(&app).join("\n");
    assert!(screen.contains("failed: container"), "{screen}");
    insta::assert_snapshot!("logs_failed_80x24", render(&app).backend());
}

#[test]
fn wrap_timestamps_and_horizontal_scroll() {
    let mut app = previous_log(80, 24);
    let long = logs(&app).longest;
    assert!(long > 80);
    press(&mut app, "l l");
    assert_eq!(logs(&app).hscroll, 16);
    press(&mut app, "h");
    assert_eq!(logs(&app).hscroll, 8);
    let screen = testkit::screen_lines(&app);
    let last = crashed_run().last().unwrap().text.clone();
    assert!(screen[22].starts_with(&last[8..30]), "{:?}", screen[22]);
    press(&mut app, "w t");
    let l = logs(&app);
    assert!(l.wrap && l.timestamps);
    assert_eq!(l.hscroll, 0);
    // l does nothing while wrapping.
    press(&mut app, "l");
    assert_eq!(logs(&app).hscroll, 0);
    insta::assert_snapshot!("logs_wrap_timestamps_80x24", render(&app).backend());
    // Scrolling up a wrapped log moves by rows.
    let h = app.page();
    let top = logs(&app).effective_top(80, h).unwrap();
    press(&mut app, "k");
    let up = logs(&app).effective_top(80, h).unwrap();
    assert_eq!(logs(&app).row_below(up, 80), Some(top));
}

#[test]
fn a_paused_view_keeps_its_line_until_the_buffer_drops_it() {
    let (mut app, _) = open_logs("payments-qa", "CrashLoopBackOff", "l", 80, 24);
    app.log_capacity = 100;
    let lines = crashed_run();
    feed(&mut app, lines[..60].to_vec());
    press(&mut app, "/");
    type_text(&mut app, "get");
    press(&mut app, "enter g g n");
    let h = app.page();
    assert_eq!(logs(&app).effective_top(80, h).unwrap().seq, 0);
    let first_get = logs(&app).current.unwrap();
    feed(&mut app, lines[60..100].to_vec());
    assert_eq!(logs(&app).effective_top(80, h).unwrap().seq, 0);
    // 40 more: the 40 oldest go, the view moves to the oldest line kept, under the marker.
    feed(&mut app, lines[100..140].to_vec());
    let l = logs(&app);
    assert_eq!(l.dropped, 40);
    assert!(!l.follow);
    assert_eq!(l.effective_top(80, h).unwrap().seq, 40);
    assert_eq!(l.viewport(80, h)[0], Row::Dropped(40));
    assert!(l.matches.iter().all(|m| *m >= 40));
    assert_eq!(l.current, (first_get >= 40).then_some(first_get));
}

#[test]
fn n_scrolls_sideways_to_a_match_past_the_right_edge() {
    let (mut app, _) = open_logs("payments-qa", "CrashLoopBackOff", "l", 80, 24);
    let pad = "x".repeat(150);
    let lines: Vec<LogLine> = (0..5)
        .map(|i| LogLine {
            time: None,
            text: if i == 3 {
                format!("{pad} NEEDLE here")
            } else {
                format!("line {i}")
            },
        })
        .collect();
    feed(&mut app, lines);
    press(&mut app, "/");
    type_text(&mut app, "needle");
    press(&mut app, "enter");
    press(&mut app, "n");
    let h = logs(&app).hscroll;
    assert!(h > 80 && h <= 151, "{h}");
    let screen = testkit::screen_lines(&app).join("\n");
    assert!(screen.contains("NEEDLE"), "{screen}");
    // Back at the start of the line, N finds it again and scrolls again.
    press(&mut app, "h h h h h h h h h h h h h h h h h h h h");
    assert_eq!(logs(&app).hscroll, 0);
    press(&mut app, "N");
    assert!(testkit::screen_lines(&app).join("\n").contains("NEEDLE"));
}

#[test]
fn a_stopped_container_is_said_and_its_next_run_follows() {
    let (mut app, _) = open_logs("payments-qa", "CrashLoopBackOff", "l", 80, 24);
    feed(&mut app, crashed_run()[..20].to_vec());
    let s = stream(&app);
    app.update(Msg::Log(LogMsg::AwaitingRestart {
        stream: s.clone(),
        reason: "container exited: OOMKilled, exit code 137".into(),
    }));
    let header = testkit::screen_lines(&app)[1].clone();
    assert!(header.contains("OOMKilled"), "{header}");
    assert!(logs(&app).follow, "still following: the next run comes");
    app.update(Msg::Log(LogMsg::Lines {
        stream: s,
        lines: vec![LogLine {
            time: None,
            text: "── container restarted ──".into(),
        }],
    }));
    let screen = testkit::screen_lines(&app).join("\n");
    assert!(screen.contains("container restarted"), "{screen}");
}
