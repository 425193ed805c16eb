use crate::app::effect::Effect;
use crate::app::msg::{ClusterMsg, Msg};
use crate::app::nav::Screen;
use crate::cluster::event_row::EventRow;
use crate::cluster::resource::fetch::{prepare, Fetched};
use crate::testkit::{self, command, press, render, screen_lines};

/// The app on a Deployment's (or Secret's) YAML screen, the GET answered with `object`.
fn opened(line: &str, keys: &str, object: serde_json::Value, w: u16, h: u16) -> crate::app::App {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, w, h);
    command(&mut app, line);
    for m in testkit::resource_messages() {
        app.update(m);
    }
    let out = press(&mut app, keys);
    answer(&mut app, out, object, None);
    app
}

fn answer(
    app: &mut crate::app::App,
    effects: Vec<Effect>,
    object: serde_json::Value,
    events: Option<Vec<EventRow>>,
) {
    let Some(Effect::FetchObject {
        object: o,
        what,
        generation,
    }) = effects.into_iter().find(|e| matches!(e, Effect::FetchObject { .. }))
    else {
        panic!("no fetch")
    };
    // What the runner does with the object before it answers.
    let object = prepare(o.kind, object, what.reveal);
    let events = what.events.then(|| events.unwrap_or_default());
    app.update(Msg::Cluster(ClusterMsg::ObjectFetched {
        object: o,
        generation,
        result: Ok(Box::new(Fetched {
            object,
            events,
            revealed: what.reveal,
        })),
    }));
}

#[test]
fn yaml_hides_managed_fields_until_m() {
    let mut app = opened("dp qa", "y", testkit::deployment_json("payments-api", 2, 2, "2026-09-14T10:00:00Z"), 80, 24);
    let text = screen_lines(&app).join("\n");
    assert!(text.contains("apiVersion: apps/v1"), "{text}");
    assert!(text.contains("managedFields hidden (m)"), "{text}");
    assert!(!text.contains("managedFields:"), "{text}");
    insta::assert_snapshot!("yaml_deployment_80x24", render(&app).backend());
    crate::testkit::screenshot("yaml", &app);
    press(&mut app, "m");
    let Screen::Object(o) = app.top() else { panic!() };
    let all: String = o
        .lines(app.now)
        .iter()
        .map(|l| l.iter().map(|(t, _)| t.as_str()).collect::<String>() + "\n")
        .collect();
    assert!(all.contains("managedFields:"), "{all}");
    assert!(all.contains("manager: helm"), "{all}");
}

#[test]
fn yaml_160x48_with_keys_in_their_colour() {
    let app = opened("dp qa", "y", testkit::deployment_json("payments-api", 2, 2, "2026-09-14T10:00:00Z"), 160, 48);
    insta::assert_snapshot!("yaml_deployment_160x48", render(&app).backend());
    let t = render(&app);
    let buf = t.backend().buffer();
    let theme = testkit::theme();
    // Line 3 of the screen is the YAML's first line: `apiVersion: apps/v1`.
    let lines = screen_lines(&app);
    let y = lines.iter().position(|l| l.starts_with("apiVersion")).expect("a YAML line") as u16;
    assert_eq!(buf[(0, y)].style().fg, theme.style(crate::theme::Role::YamlKey).fg);
    assert_eq!(buf[(12, y)].style().fg, theme.style(crate::theme::Role::YamlString).fg);
}

#[test]
fn a_secrets_yaml_never_shows_values_unless_revealed() {
    let mut app = opened("sec qa", "y", testkit::secret_json(), 80, 24);
    let text = screen_lines(&app).join("\n");
    assert!(text.contains("password: '<hidden: 24B>'"), "{text}");
    assert!(!text.contains("c3VwZXI"), "{text}");
    assert!(!text.contains("super-secret"), "{text}");
    assert!(text.contains("values hidden (x reveals)"), "{text}");
    let out = press(&mut app, "x");
    assert!(matches!(out.as_slice(), [Effect::FetchObject { what, .. }] if what.reveal));
    answer(&mut app, out, testkit::secret_json(), None);
    let text = screen_lines(&app).join("\n");
    assert!(text.contains("password: super-secret-password-42"), "{text}");
    assert!(text.contains("values revealed"), "{text}");
}

#[test]
fn a_late_answer_of_an_older_fetch_is_dropped() {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 80, 24);
    command(&mut app, "sec qa");
    for m in testkit::resource_messages() {
        app.update(m);
    }
    let first = press(&mut app, "y");
    let second = press(&mut app, "x");
    // The masked answer of the first fetch arrives after the reveal was asked for.
    answer(&mut app, first, testkit::secret_json(), None);
    let Screen::Object(o) = app.top() else { panic!() };
    assert!(o.fetched.is_none());
    answer(&mut app, second, testkit::secret_json(), None);
    let Screen::Object(o) = app.top() else { panic!() };
    assert!(o.fetched.as_ref().is_some_and(|f| f.revealed));
}

#[test]
fn describe_a_deployment_80x24_and_160x48() {
    for (w, h) in [(80, 24), (160, 48)] {
        let s = testkit::fixture();
        let mut app = testkit::app(&s, w, h);
        command(&mut app, "dp qa");
        for m in testkit::resource_messages() {
            app.update(m);
        }
        let out = press(&mut app, "j d");
        let events = vec![EventRow {
            type_: "Normal".into(),
            reason: "ScalingReplicaSet".into(),
            message: "Scaled up replica set payments-fraud-check-5d to 2".into(),
            count: 1,
            first: Some("2026-11-20T09:00:00Z".parse().unwrap()),
            last: Some("2026-11-20T09:00:00Z".parse().unwrap()),
            source: "deployment-controller".into(),
            object: "deployment/payments-fraud-check".into(),
        }];
        answer(
            &mut app,
            out,
            testkit::deployment_json("payments-fraud-check", 2, 0, "2026-09-14T10:00:00Z"),
            Some(events),
        );
        let text = screen_lines(&app).join("\n");
        assert!(
            text.contains("2 desired | 2 updated | 2 total | 0 available | 2 unavailable"),
            "{text}"
        );
        insta::assert_snapshot!(format!("describe_deployment_{w}x{h}"), render(&app).backend());
        if w == 160 {
            assert!(text.contains("ScalingReplicaSet"), "{text}");
            assert!(text.contains("<set to the key 'password' in secret"), "{text}");
        }
    }
}

#[test]
fn search_jumps_to_the_first_match_and_n_to_the_next() {
    let mut app = opened("dp qa", "y", testkit::deployment_json("payments-api", 2, 2, "2026-09-14T10:00:00Z"), 80, 12);
    press(&mut app, "/ m e m o r y enter");
    let Screen::Object(o) = app.top() else { panic!() };
    let first = o.top;
    assert!(first > 0);
    press(&mut app, "n");
    let Screen::Object(o) = app.top() else { panic!() };
    assert!(o.top > first, "{} > {first}", o.top);
}

#[test]
fn pods_have_yaml_too() {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 80, 24);
    command(&mut app, "pods payments-qa");
    let out = press(&mut app, "y");
    let Screen::Object(o) = app.top() else { panic!() };
    assert_eq!(o.object.kind, crate::cluster::resource::ResourceKind::Pod);
    assert!(out.iter().any(|e| matches!(e, Effect::FetchObject { .. })));
}

#[test]
fn the_pod_detail_has_yaml_too() {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 80, 24);
    command(&mut app, "pods payments-qa");
    press(&mut app, "enter");
    assert!(matches!(app.top(), Screen::Pod(_)));
    let out = press(&mut app, "y");
    let Screen::Object(o) = app.top() else { panic!() };
    assert_eq!(o.object.kind, crate::cluster::resource::ResourceKind::Pod);
    assert!(out.iter().any(|e| matches!(e, Effect::FetchObject { .. })));
}

#[test]
fn c_copies_the_yaml_shown_masks_and_all() {
    let mut app = opened("sec qa", "y", testkit::secret_json(), 80, 24);
    press(&mut app, "c");
    let seq = app.clipboard.take().expect("a copy");
    use base64::Engine;
    let b64 = &seq["\x1b]52;c;".len()..seq.len() - 1];
    let text = String::from_utf8(base64::engine::general_purpose::STANDARD.decode(b64).unwrap()).unwrap();
    assert!(text.starts_with("apiVersion: v1\n"), "{text}");
    assert!(text.contains("password: '<hidden: 24B>'"), "{text}");
    assert!(!text.contains("super-secret"), "{text}");
}
