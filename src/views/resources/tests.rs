use crate::app::effect::Effect;
use crate::app::msg::{ClusterMsg, Msg};
use crate::app::nav::Screen;
use crate::cluster::resource::{ResourceKey, ResourceKind};
use crate::testkit::{self, command, press, render, screen_lines};

fn list(line: &str, w: u16, h: u16) -> (crate::app::App, Vec<Effect>) {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, w, h);
    let effects = command(&mut app, line);
    assert!(matches!(app.top(), Screen::Resources(_)), "{:?}", app.notice);
    for m in testkit::resource_messages() {
        app.update(m);
    }
    (app, effects)
}

#[test]
fn deployments_watch_their_namespace_while_shown_and_stop_when_left() {
    let (mut app, effects) = list("dp payments-qa", 80, 24);
    let key = ResourceKey::new(ResourceKind::Deployment, Some("payments-qa"));
    assert_eq!(effects, vec![Effect::WatchResources { key: key.clone() }]);
    let out = press(&mut app, "esc");
    assert_eq!(out, vec![Effect::StopResources { key }]);
}

#[test]
fn deployments_of_qa_80x24() {
    let (app, _) = list("deployments payments-qa", 80, 24);
    let text = screen_lines(&app).join("\n");
    assert!(text.contains("NAME"), "{text}");
    for col in ["READY", "UP-TO-DATE", "AVAILABLE", "AGE"] {
        assert!(text.contains(col), "{col}: {text}");
    }
    insta::assert_snapshot!("deployments_qa_80x24", render(&app).backend());
    crate::testkit::screenshot("deployments", &app);
}

#[test]
fn deployments_of_qa_160x48() {
    let (app, _) = list("deployments payments-qa", 160, 48);
    insta::assert_snapshot!("deployments_qa_160x48", render(&app).backend());
}

#[test]
fn a_team_scope_watches_each_stage_and_leads_with_the_stage() {
    let (_app, effects) = list("svc payments", 80, 24);
    let namespaces: Vec<_> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::WatchResources { key } => key.namespace.clone(),
            _ => None,
        })
        .collect();
    assert!(namespaces.contains(&"payments-qa".to_string()), "{namespaces:?}");
    assert!(namespaces.contains(&"payments-prod".to_string()), "{namespaces:?}");
    assert!(namespaces.iter().all(|n| n.starts_with("payments-")));
}

#[test]
fn secrets_show_keys_and_sizes_never_values() {
    let (app, _) = list("sec qa", 160, 48);
    let text = screen_lines(&app).join("\n");
    assert!(text.contains("payments-api-db-credentials"), "{text}");
    assert!(text.contains("password 24B"), "{text}");
    assert!(text.contains("username 3B"), "{text}");
    assert!(!text.contains("super-secret"), "{text}");
    assert!(!text.contains("c3VwZXI"), "{text}");
    insta::assert_snapshot!("secrets_qa_160x48", render(&app).backend());
}

#[test]
fn events_come_warnings_first_then_newest_first() {
    let (app, _) = list("ev qa", 160, 48);
    let Screen::Resources(r) = app.top() else {
        panic!()
    };
    let reasons: Vec<String> = r
        .rows(&app.world)
        .iter()
        .map(|r| r.texts(app.now)[3].clone())
        .collect();
    assert_eq!(reasons, ["BackOff", "Unhealthy", "Pulled", "Scheduled"]);
    insta::assert_snapshot!("events_qa_160x48", render(&app).backend());
}

#[test]
fn kubernetes_jobs_are_kjobs_and_jenkins_jobs_stay_jobs() {
    let (app, _) = list("kjobs qa", 80, 24);
    let lines = screen_lines(&app);
    assert!(lines[0].contains("kjobs payments-qa"), "{lines:?}");
    let text = lines.join("\n");
    assert!(text.contains("COMPLETIONS"), "{text}");
    assert!(text.contains("Failed"), "{text}");
    insta::assert_snapshot!("kjobs_qa_80x24", render(&app).backend());
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 80, 24);
    command(&mut app, "jobs payments");
    assert!(matches!(app.top(), Screen::Jobs(_)));
}

#[test]
fn every_kind_lists_at_80_columns() {
    for (line, needle) in [
        ("sts qa", "payments-ledger"),
        ("ing qa", "api.payments-qa.example.com"),
        ("cm qa", "kube-root-ca.crt"),
        ("cj qa", "*/3 * * * *"),
        ("pvc qa", "Pending"),
        ("no", "NotReady"),
        ("ns payments", "payments-dev"),
    ] {
        let (app, _) = list(line, 80, 24);
        let text = screen_lines(&app).join("\n");
        assert!(text.contains(needle), ":{line}: {text}");
    }
    let (app, _) = list("ns payments", 80, 24);
    let text = screen_lines(&app).join("\n");
    assert!(!text.contains("advisory-qa"), "only the team's: {text}");
    insta::assert_snapshot!("pvcs_qa_80x24", render(&list("pvc qa", 80, 24).0).backend());
    insta::assert_snapshot!("nodes_80x24", render(&list("no", 80, 24).0).backend());
    insta::assert_snapshot!("namespaces_160x48", render(&list("ns payments", 160, 48).0).backend());
}

#[test]
fn a_broken_watch_is_said_on_screen() {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 80, 24);
    command(&mut app, "no");
    app.update(Msg::Cluster(ClusterMsg::WatchFailed {
        id: crate::app::msg::WatchId::Resources(ResourceKey::new(ResourceKind::Node, None)),
        kind: crate::cluster::watch_failure::FailureKind::Forbidden,
        error: "nodes is forbidden: User \"dev\" cannot list resource \"nodes\"".into(),
    }));
    let text = screen_lines(&app).join("\n");
    assert!(text.contains("cannot list nodes: nodes is forbidden"), "{text}");
}

#[test]
fn enter_describes_and_y_shows_yaml() {
    let (mut app, _) = list("dp qa", 80, 24);
    let out = press(&mut app, "y");
    let Screen::Object(o) = app.top() else {
        panic!("{:?}", app.top().title())
    };
    assert_eq!(o.object.name, "payments-api");
    assert!(out.iter().any(|e| matches!(
        e,
        Effect::FetchObject { what, .. } if !what.events && !what.reveal
    )));
    // Covered, the list's watch stopped and its rows went; back on top, it lists again.
    let key = ResourceKey::new(ResourceKind::Deployment, Some("payments-qa"));
    assert!(!app.world.resources.contains_key(&key));
    let back = press(&mut app, "esc");
    assert_eq!(back, vec![Effect::WatchResources { key }]);
    let text = screen_lines(&app).join("\n");
    assert!(text.contains("listing deployments"), "{text}");
    for m in testkit::resource_messages() {
        app.update(m);
    }
    let out = press(&mut app, "j enter");
    let Screen::Object(o) = app.top() else {
        panic!()
    };
    assert_eq!(o.object.name, "payments-fraud-check");
    assert!(out
        .iter()
        .any(|e| matches!(e, Effect::FetchObject { what, .. } if what.events)));
}

#[test]
fn the_screens_columns_are_the_rows_cells_in_kubectls_words() {
    for kind in ResourceKind::LISTED {
        let (cols, with_name) = super::columns::columns(kind);
        let drawn: Vec<&str> = cols.iter().map(|c| c.title).collect();
        let cells = &kind.columns()[usize::from(!with_name)..];
        assert_eq!(drawn, cells, "{kind:?}");
    }
}

#[test]
fn shift_y_copies_a_services_dns_name_with_osc52_and_other_kinds_their_name() {
    let (mut app, _) = list("svc qa", 80, 24);
    press(&mut app, "Y");
    let seq = app.clipboard.take().expect("a copy");
    use base64::Engine;
    let b64 = seq
        .strip_prefix("\x1b]52;c;")
        .and_then(|s| s.strip_suffix('\x07'))
        .expect("an OSC 52 set");
    let text = base64::engine::general_purpose::STANDARD.decode(b64).unwrap();
    assert_eq!(text, b"payments-api.payments-qa.svc.cluster.local:80");
    assert!(app.notice.as_ref().is_some_and(|(n, _)| !n.error));
    let (mut app, _) = list("dp qa", 80, 24);
    press(&mut app, "j Y");
    let seq = app.clipboard.take().expect("a copy");
    assert!(seq.contains(&base64::engine::general_purpose::STANDARD.encode("payments-fraud-check")));
}
