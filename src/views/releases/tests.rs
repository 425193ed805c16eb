use crate::app::effect::Effect;
use crate::app::msg::{ClusterMsg, HelmMsg, Msg};
use crate::app::nav::Screen;
use crate::app::release_cache::Decoded;
use crate::app::App;
use crate::helm::ReleaseStatus;
use crate::testkit::{self, command, garbage_release_secrets, press, render, settle, Fixture};
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

/// The app on `:releases <scope>` with the visible rows decoded.
fn list(s: &Fixture, scope: &str, w: u16, h: u16) -> App {
    let mut app = testkit::app(s, w, h);
    let fx = command(&mut app, &format!("releases {scope}"));
    assert!(matches!(app.top(), Screen::Releases(_)), "{:?}", app.notice);
    settle(&mut app, s, fx);
    app
}

#[test]
fn releases_of_qa_80x24() {
    let s = testkit::fixture();
    let app = list(&s, "payments-qa", 80, 24);
    insta::assert_snapshot!("releases_qa_80x24", render(&app).backend());
    crate::testkit::screenshot("releases", &app);
}

#[test]
fn releases_of_qa_160x48() {
    let s = testkit::fixture();
    let app = list(&s, "payments-qa", 160, 48);
    insta::assert_snapshot!("releases_qa_160x48", render(&app).backend());
}

#[test]
fn releases_of_a_team_160x48() {
    let s = testkit::fixture();
    let app = list(&s, "payments", 160, 48);
    insta::assert_snapshot!("releases_team_160x48", render(&app).backend());
}

#[test]
fn the_list_shows_what_helm_list_shows_and_colours_status() {
    let s = testkit::fixture();
    let app = list(&s, "payments-qa", 160, 48);
    let Screen::Releases(st) = app.top() else {
        panic!()
    };
    let rows = st.rows(&app.world);
    // Latest revision per release, as helm list -a picks it; one failed upgrade in QA.
    let stage = &app.world.stages["payments-qa"];
    assert_eq!(rows.len(), stage.current_releases().len());
    let failed: Vec<_> = rows
        .iter()
        .filter(|l| l.row.status == ReleaseStatus::Failed)
        .collect();
    assert_eq!(failed.len(), 1);
    assert!(failed[0].row.revision >= 2);
    let text = testkit::screen_lines(&app);
    let y = text
        .iter()
        .position(|l| l.starts_with(&format!("{} ", failed[0].row.name)))
        .expect("the failed release's row");
    assert!(text[y].contains(" failed "), "{}", text[y]);
    let buf = render(&app).backend().buffer().clone();
    let style = testkit::theme().style(Role::ReleaseFailed);
    assert_eq!(buf[(0, y as u16)].fg, style.fg.unwrap());
    // A deployed one in its own colour.
    let y = text
        .iter()
        .position(|l| l.contains(" deployed "))
        .expect("a deployed row");
    let style = testkit::theme().style(Role::ReleaseDeployed);
    assert_eq!(buf[(0, y as u16)].fg, style.fg.unwrap());
}

#[test]
fn only_visible_rows_are_decoded() {
    // Revisions by namespace and Secret: the same Secret name lives in several stages.
    let keys = |effects: &[Effect]| -> Vec<(String, String)> {
        effects
            .iter()
            .filter_map(|e| match e {
                Effect::DecodeRelease {
                    namespace, secret, ..
                } => Some((namespace.clone(), secret.clone())),
                _ => None,
            })
            .collect()
    };
    let row_key =
        |l: &crate::views::releases::ReleaseLine| (l.row.namespace.clone(), l.row.secret.clone());
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 80, 24);
    let fx = command(&mut app, "releases payments");
    let Screen::Releases(st) = app.top() else {
        panic!()
    };
    let rows = st.rows(&app.world);
    let page = app.page();
    assert!(rows.len() > page, "more releases than one page");
    let want: Vec<(String, String)> = rows[..page].iter().map(row_key).collect();
    assert_eq!(keys(&fx), want);
    // Nothing else is asked for until the rows move.
    assert!(decodes(&press(&mut app, "j")).is_empty());
    let fx = press(&mut app, "G");
    let Screen::Releases(st) = app.top() else {
        panic!()
    };
    let rows = st.rows(&app.world);
    let tail: Vec<(String, String)> = rows[rows.len() - page..]
        .iter()
        .map(row_key)
        .filter(|k| !want.contains(k))
        .collect();
    assert!(!tail.is_empty());
    assert_eq!(keys(&fx), tail);
    // Rows not decoded yet say so.
    let text = testkit::screen_lines(&app);
    assert!(text[2].contains('…'), "{}", text[2]);
}

#[test]
fn cached_revisions_are_not_decoded_again() {
    let s = testkit::fixture();
    let mut app = list(&s, "payments-qa", 80, 24);
    assert!(!app.world.decoded.is_empty());
    assert_eq!(app.world.decoded.in_flight(), 0);
    press(&mut app, "esc");
    let fx = command(&mut app, "releases payments-qa");
    assert!(decodes(&fx).is_empty(), "{fx:?}");
    let fx = command(&mut app, "helm qa");
    assert!(decodes(&fx).is_empty(), "{fx:?}");
}

#[test]
fn a_result_for_a_secret_that_changed_meanwhile_is_dropped() {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 80, 24);
    let fx = command(&mut app, "releases payments-qa");
    let Some(Effect::DecodeRelease {
        namespace, secret, ..
    }) = fx.first().cloned()
    else {
        panic!("{fx:?}")
    };
    // Helm rewrites the revision's Secret (its status changed) while the decode runs.
    let mut row = app.world.stages[&namespace].releases[&secret].clone();
    row.status = ReleaseStatus::Superseded;
    let again = app.update(Msg::Cluster(ClusterMsg::ReleasesChanged {
        namespace: namespace.clone(),
        applied: vec![row],
        deleted: vec![],
    }));
    // The old answer arrives: dropped; the new request is out with a new generation.
    let old = s.decode_answers(&fx[..1]);
    app.update(old[0].clone());
    assert_eq!(app.world.decoded.get(&namespace, &secret), Decoded::Pending);
    assert_eq!(decodes(&again), vec![secret.clone()]);
    let answers = s.decode_answers(&again);
    app.update(answers[0].clone());
    assert!(matches!(
        app.world.decoded.get(&namespace, &secret),
        Decoded::Ready(_)
    ));
    // An answer nobody waits for (an old generation) changes nothing.
    let Msg::Helm(HelmMsg::ReleaseDecoded { generation, .. }) = &answers[0] else {
        panic!()
    };
    assert!(*generation > 0);
}

#[test]
fn r_opens_the_releases_of_the_selected_stage() {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 80, 24);
    let fx = press(&mut app, "j j j r");
    let Screen::Releases(st) = app.top() else {
        panic!("{:?}", app.top().title())
    };
    assert_eq!(st.scope.namespaces, vec!["payments-qa".to_string()]);
    assert!(!decodes(&fx).is_empty());
    // From a pod list: its scope.
    press(&mut app, "esc esc");
    command(&mut app, "pods payments");
    press(&mut app, "r");
    let Screen::Releases(st) = app.top() else {
        panic!()
    };
    assert!(st.scope.namespaces.is_empty());
    assert_eq!(st.scope.team, "payments");
}

fn garbage_list(w: u16, h: u16) -> App {
    let mut s = testkit::fixture();
    s.put_secrets(&garbage_release_secrets("payments-qa"));
    let mut app = list(&s, "payments-qa", w, h);
    // The garbage sorts first: keep the page there.
    press(&mut app, "g g");
    app
}

#[test]
fn garbage_secrets_say_what_is_wrong_80x24() {
    let app = garbage_list(80, 24);
    let text = testkit::screen_lines(&app).join("\n");
    for (name, what) in [
        ("garbage-base64", "payload not base64"),
        ("garbage-gzip", "payload not gzip"),
        ("garbage-json", "payload not JSON"),
        ("garbage-oversized", "payload over 32 MiB"),
        ("garbage-nodata", "no payload"),
        ("garbage-labels", "bad labels"),
    ] {
        let line = text
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("no row for {name}:\n{text}"));
        assert!(line.contains(what), "{name}: {line}");
    }
    // The good releases are all there and decoded.
    assert!(
        text.contains("payments-api           3        deployed api-1.4.2"),
        "{text}"
    );
    insta::assert_snapshot!("releases_garbage_80x24", render(&app).backend());
}

#[test]
fn a_garbage_release_opens_and_says_why_in_full() {
    let mut s = testkit::fixture();
    s.put_secrets(&garbage_release_secrets("payments-qa"));
    let mut app = list(&s, "payments-qa", 80, 24);
    press(&mut app, "g g j enter");
    let text = testkit::screen_lines(&app).join("\n");
    assert!(text.contains("release garbage-gzip"), "{text}");
    assert!(
        text.contains("cannot read revision 1: release payload is not valid gzip"),
        "{text}"
    );
    press(&mut app, "esc j j enter");
    let text = testkit::screen_lines(&app).join("\n");
    assert!(text.contains("SECRETS WITH BROKEN LABELS:"), "{text}");
    assert!(
        text.contains("sh.helm.release.v1.garbage-labels.v1 no `version` label, no `status` label"),
        "{text}"
    );
}

#[test]
fn garbage_secrets_say_what_is_wrong_160x48() {
    let app = garbage_list(160, 48);
    insta::assert_snapshot!("releases_garbage_160x48", render(&app).backend());
    let buf = render(&app).backend().buffer().clone();
    let text = testkit::screen_lines(&app);
    let y = text
        .iter()
        .position(|l| l.starts_with("garbage-gzip"))
        .unwrap();
    assert_eq!(
        buf[(0, y as u16)].fg,
        testkit::theme().style(Role::Error).fg.unwrap()
    );
}

#[test]
fn a_secret_written_the_way_helm_writes_it_lists_and_opens() {
    // Made by tests/fixtures/helm/make_release_secret.py (Python's json/gzip/base64, not our
    // encoder); it replaces the seeded payments-api revision 3 in payments-qa.
    let secret: k8s_openapi::api::core::v1::Secret = serde_json::from_str(include_str!(
        "../../../tests/fixtures/helm/sh.helm.release.v1.payments-api.v3.json"
    ))
    .unwrap();
    let mut s = testkit::fixture();
    s.put_secrets(&[secret]);
    let mut app = list(&s, "payments-qa", 80, 24);
    let text = testkit::screen_lines(&app);
    let row = text
        .iter()
        .find(|l| l.starts_with("payments-api "))
        .unwrap();
    assert!(
        row.contains("3        deployed payments-api-1.4.2  2.7.0       91d"),
        "{row}"
    );
    press(&mut app, "enter");
    let text = testkit::screen_lines(&app).join("\n");
    assert!(
        text.contains("LAST DEPLOYED: Thu Aug 20 12:03:11 2026 (91d ago)"),
        "{text}"
    );
    assert!(text.contains("8080:8080 && open http"), "{text}");
    press(&mut app, "6");
    let text = testkit::screen_lines(&app).join("\n");
    assert!(
        text.contains("payments-api-db-migrate Job  pre-install,pre-upgrade -5     Succeeded"),
        "{text}"
    );
}

#[test]
fn the_sort_keys_order_the_releases_and_the_header_says_by_what() {
    let s = testkit::fixture();
    let mut app = list(&s, "payments", 160, 48);
    let names = |app: &App| -> Vec<(String, Option<jiff::Timestamp>, u32)> {
        let Screen::Releases(r) = app.top() else {
            panic!("not the list")
        };
        r.rows(&app.world)
            .iter()
            .map(|l| (l.row.name.clone(), l.row.modified, l.row.revision))
            .collect()
    };
    let by_name = names(&app);
    assert!(by_name.windows(2).all(|w| w[0].0 <= w[1].0), "{by_name:?}");
    assert!(testkit::screen_lines(&app)[1].contains("NAME↑"));
    // A: UPDATED, newest first; again: oldest first.
    press(&mut app, "A");
    let newest = names(&app);
    assert!(newest.windows(2).all(|w| w[0].1 >= w[1].1), "{newest:?}");
    assert!(testkit::screen_lines(&app)[1].contains("UPDATED↓"));
    press(&mut app, "A");
    let oldest = names(&app);
    assert!(oldest.windows(2).all(|w| w[0].1 <= w[1].1), "{oldest:?}");
    // ~ flips whatever the sort is; > walks to the next column.
    press(&mut app, "~");
    assert_eq!(names(&app), newest);
    press(&mut app, "N");
    press(&mut app, ">");
    assert!(testkit::screen_lines(&app)[1].contains("STAGE↑"));
    press(&mut app, "R");
    let revs = names(&app);
    assert!(revs.windows(2).all(|w| w[0].2 >= w[1].2), "{revs:?}");
}
