use super::{DiffSubject, ReleaseState, Tab};
use crate::app::effect::Effect;
use crate::app::msg::Msg;
use crate::app::nav::Screen;
use crate::app::App;
use crate::helm::ReleaseStatus;
use crate::keymap::Key;
use crate::testkit::{self, command, press, render, settle, Fixture};
use crate::theme::Role;

fn decodes(effects: &[Effect]) -> Vec<String> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::DecodeRelease { secret, .. } => Some(secret.clone()),
            _ => None,
        })
        .collect()
}

/// The release of payments-qa whose last upgrade failed.
fn failed_release(app: &App) -> String {
    app.world.stages["payments-qa"]
        .current_releases()
        .into_iter()
        .find(|(_, r)| r.status == ReleaseStatus::Failed)
        .map(|(n, _)| n.to_string())
        .expect("a failed release in payments-qa")
}

/// The screen's cells as text, lines trimmed.
fn cells(app: &App) -> String {
    let t = render(app);
    let buf = t.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            let l: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
            l.trim_end().to_string() + "\n"
        })
        .collect()
}

/// Presses keys and answers every decode they ask for.
fn keys(app: &mut App, s: &Fixture, k: &str) {
    for key in k.split_whitespace() {
        let fx = press(app, key);
        settle(app, s, fx);
    }
}

/// The detail of payments-qa's failed release, opened from the list, decodes answered.
fn detail(s: &Fixture, w: u16, h: u16) -> App {
    let mut app = testkit::app(s, w, h);
    let name = failed_release(&app);
    let fx = command(&mut app, "releases payments-qa");
    settle(&mut app, s, fx);
    press(&mut app, "/");
    for c in name.chars() {
        app.update(Msg::Key(Key::char(c)));
    }
    press(&mut app, "enter");
    keys(&mut app, s, "enter");
    let Screen::Release(st) = app.top() else {
        panic!("{}", app.top().title())
    };
    assert_eq!(st.name, name);
    app
}

fn state(app: &App) -> &ReleaseState {
    match app.top() {
        Screen::Release(st) => st,
        other => panic!("{}", other.title()),
    }
}

#[test]
fn opening_decodes_the_shown_revision_only() {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 80, 24);
    let fx = command(&mut app, "releases payments-qa");
    settle(&mut app, &s, fx);
    // Its latest revision is on the list already: opening asks for nothing.
    let fx = press(&mut app, "enter");
    assert!(decodes(&fx).is_empty(), "{fx:?}");
    let mut want: Vec<String> = state(&app)
        .revisions(&app.world)
        .iter()
        .map(|r| r.secret.clone())
        .collect();
    // The history wants every revision on its page, but the latest is decoded already.
    let fx = press(&mut app, "2");
    want.pop();
    assert_eq!(decodes(&fx), want);
}

#[test]
fn status_80x24() {
    let s = testkit::fixture();
    let app = detail(&s, 80, 24);
    insta::assert_snapshot!("release_status_80x24", render(&app).backend());
}

#[test]
fn history_80x24() {
    let s = testkit::fixture();
    let mut app = detail(&s, 80, 24);
    keys(&mut app, &s, "2");
    assert_eq!(state(&app).tab, Tab::History);
    insta::assert_snapshot!("release_history_80x24", render(&app).backend());
}

#[test]
fn history_160x48() {
    let s = testkit::fixture();
    let mut app = detail(&s, 160, 48);
    keys(&mut app, &s, "2");
    insta::assert_snapshot!("release_history_160x48", render(&app).backend());
}

#[test]
fn values_80x24() {
    let s = testkit::fixture();
    let mut app = detail(&s, 80, 24);
    keys(&mut app, &s, "3");
    insta::assert_snapshot!("release_values_80x24", render(&app).backend());
}

#[test]
fn values_160x48() {
    let s = testkit::fixture();
    let mut app = detail(&s, 160, 48);
    keys(&mut app, &s, "3");
    insta::assert_snapshot!("release_values_160x48", render(&app).backend());
}

#[test]
fn the_diff_asks_for_the_previous_revision_only() {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 80, 24);
    let fx = command(&mut app, "releases payments-qa");
    settle(&mut app, &s, fx);
    press(&mut app, "enter");
    let revs: Vec<String> = state(&app)
        .revisions(&app.world)
        .iter()
        .map(|r| r.secret.clone())
        .collect();
    let fx = press(&mut app, "7");
    assert_eq!(decodes(&fx), vec![revs[revs.len() - 2].clone()]);
    // Moving the left side back asks for that one alone.
    settle(&mut app, &s, fx);
    let fx = press(&mut app, "[");
    assert_eq!(decodes(&fx), vec![revs[revs.len() - 3].clone()]);
}

#[test]
fn computed_values_160x48() {
    let s = testkit::fixture();
    let mut app = detail(&s, 160, 48);
    keys(&mut app, &s, "4");
    insta::assert_snapshot!("release_computed_160x48", render(&app).backend());
}

#[test]
fn manifest_80x24() {
    let s = testkit::fixture();
    let mut app = detail(&s, 80, 24);
    keys(&mut app, &s, "5");
    insta::assert_snapshot!("release_manifest_80x24", render(&app).backend());
    // It scrolls, down and sideways.
    keys(&mut app, &s, "pgdn l");
    let st = state(&app);
    assert!(st.scroll[Tab::Manifest.index()] > 0);
    assert!(st.hscroll > 0);
}

#[test]
fn manifest_160x48() {
    let s = testkit::fixture();
    let mut app = detail(&s, 160, 48);
    keys(&mut app, &s, "5");
    insta::assert_snapshot!("release_manifest_160x48", render(&app).backend());
}

#[test]
fn hooks_160x48() {
    let s = testkit::fixture();
    let mut app = detail(&s, 160, 48);
    keys(&mut app, &s, "6");
    insta::assert_snapshot!("release_hooks_160x48", render(&app).backend());
}

#[test]
fn diff_of_values_80x24() {
    let s = testkit::fixture();
    let mut app = detail(&s, 80, 24);
    keys(&mut app, &s, "7");
    insta::assert_snapshot!("release_diff_values_80x24", render(&app).backend());
    crate::testkit::screenshot("release-diff", &app);
}

#[test]
fn diff_of_values_160x48_is_coloured() {
    let s = testkit::fixture();
    let mut app = detail(&s, 160, 48);
    keys(&mut app, &s, "7");
    let t = render(&app);
    insta::assert_snapshot!("release_diff_values_160x48", t.backend());
    let buf = t.backend().buffer();
    let theme = testkit::theme();
    let row = |prefix: &str| {
        (4..47u16)
            .find(|&y| buf[(0, y)].symbol() == prefix)
            .unwrap_or_else(|| panic!("a {prefix} line"))
    };
    assert_eq!(
        buf[(0, row("+"))].fg,
        theme.style(Role::DiffAdd).fg.unwrap()
    );
    assert_eq!(
        buf[(0, row("-"))].fg,
        theme.style(Role::DiffDel).fg.unwrap()
    );
}

#[test]
fn diff_of_manifests_160x48() {
    let s = testkit::fixture();
    let mut app = detail(&s, 160, 48);
    keys(&mut app, &s, "7 m");
    assert_eq!(state(&app).diff_subject, DiffSubject::Manifest);
    insta::assert_snapshot!("release_diff_manifest_160x48", render(&app).backend());
}

#[test]
fn diff_revisions_are_chosen_by_keys() {
    let s = testkit::fixture();
    let mut app = detail(&s, 80, 24);
    keys(&mut app, &s, "7");
    let revs: Vec<u32> = state(&app)
        .revisions(&app.world)
        .iter()
        .map(|r| r.revision)
        .collect();
    let n = revs.len();
    let pair = |app: &App| {
        let (a, b) = state(app).diff_pair(&app.world).unwrap();
        (a.revision, b.revision)
    };
    // Default: the previous revision against the current one.
    assert_eq!(pair(&app), (revs[n - 2], revs[n - 1]));
    keys(&mut app, &s, "[ [");
    assert_eq!(pair(&app), (revs[n - 4], revs[n - 1]));
    keys(&mut app, &s, "{");
    assert_eq!(pair(&app), (revs[n - 4], revs[n - 2]));
    keys(&mut app, &s, "] }");
    assert_eq!(pair(&app), (revs[n - 3], revs[n - 1]));
    // Both sides decoded: the diff shows, no "decoding" line.
    let text = cells(&app);
    assert!(!text.contains("decoding"), "{text}");
}

#[test]
fn history_enter_shows_that_revision() {
    let s = testkit::fixture();
    let mut app = detail(&s, 80, 24);
    keys(&mut app, &s, "2 k enter");
    let st = state(&app);
    assert_eq!(st.tab, Tab::Status);
    let shown = st.shown(&app.world).unwrap();
    let revs = st.revisions(&app.world);
    assert_eq!(shown.revision, revs[revs.len() - 2].revision);
    assert_eq!(shown.status, ReleaseStatus::Deployed);
    let text = cells(&app);
    assert!(text.contains("the latest is"), "{text}");
}

#[test]
fn pods_tab_lists_the_release_pods_and_opens_one() {
    let s = testkit::fixture();
    let mut app = detail(&s, 80, 24);
    keys(&mut app, &s, "8");
    let st = state(&app);
    let pods = st.pods(&app.world);
    assert!(!pods.is_empty());
    assert!(pods
        .iter()
        .all(|p| p.instance.as_deref() == Some(st.name.as_str())));
    insta::assert_snapshot!("release_pods_80x24", render(&app).backend());
    let first = pods[0].name.clone();
    press(&mut app, "enter");
    match app.top() {
        Screen::Pod(p) => assert_eq!(p.name, first),
        other => panic!("{}", other.title()),
    }
}

#[test]
fn tab_cycles_and_esc_goes_back() {
    let s = testkit::fixture();
    let mut app = detail(&s, 80, 24);
    for want in [Tab::History, Tab::Values, Tab::Computed] {
        keys(&mut app, &s, "tab");
        assert_eq!(state(&app).tab, want);
    }
    keys(&mut app, &s, "shift-tab");
    assert_eq!(state(&app).tab, Tab::Values);
    press(&mut app, "esc");
    assert!(matches!(app.top(), Screen::Releases(_)));
}

#[test]
fn payload_text_is_sanitised() {
    let mut s = testkit::fixture();
    let t = testkit::start() - jiff::SignedDuration::from_mins(5);
    // A release whose chart and values carry terminal escapes (title, clipboard, clear).
    let evil = serde_json::json!({
        "name": "evil",
        "namespace": "payments-qa",
        "version": 1,
        "info": {
            "first_deployed": t.to_string(),
            "last_deployed": t.to_string(),
            "description": "Install complete",
            "status": "deployed",
        },
        "chart": {
            "metadata": {"name": "evil\x1b]0;owned\x07", "version": "1.0.0", "appVersion": "6.6.6\x1b[2J"},
            "values": {"x": 1},
        },
        "config": {"motd": "hi\x1b]52;c;ZXZpbA==\x07there"},
        "manifest": "",
    });
    s.put_secrets(&[testkit::release_secret(&evil, t, None)]);
    let mut app = testkit::app(&s, 160, 48);
    let fx = command(&mut app, "releases payments-qa");
    settle(&mut app, &s, fx);
    press(&mut app, "/ e v i l enter");
    keys(&mut app, &s, "enter 3");
    // The decoder cleaned the values: the sequence is gone, payload and all.
    let text = cells(&app);
    assert!(text.contains("motd: hithere"), "{text}");
    assert!(!text.contains("ZXZpbA"), "{text}");
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{text:?}"
    );
    keys(&mut app, &s, "1");
    let text = cells(&app);
    assert!(text.contains("CHART: evil-1.0.0"), "{text}");
    assert!(text.contains("APP VERSION: 6.6.6\n"), "{text}");
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{text:?}"
    );
}
