use k8s_openapi::api::core::v1::Pod;
use serde_json::json;

use crate::app::effect::Effect;
use crate::app::msg::{ClusterMsg, Msg};
use crate::app::nav::Screen;
use crate::app::App;
use crate::cluster::pod_row::PodRow;
use crate::cluster::resource::{ResourceKey, ResourceKind};
use crate::testkit::{self, command, press, render, screen_lines};
use crate::views::diagnose::findings::{findings, Evidence};
use crate::views::pods::PodScope;

/// The ledger's first replica, which mounts its claim.
fn ledger_pod() -> PodRow {
    let p: Pod = serde_json::from_value(json!({
        "metadata": {"name": "payments-ledger-0", "namespace": "payments-qa",
                     "creationTimestamp": "2026-11-20T09:00:00Z"},
        "spec": {"containers": [{"name": "ledger", "image": "ledger:2.7.0"}],
                 "volumes": [{"name": "data", "persistentVolumeClaim": {"claimName": "data-payments-ledger-0"}}]},
        "status": {"phase": "Running"}
    }))
    .unwrap();
    PodRow::from_pod(&p)
}

fn storage(arg: &str, w: u16, h: u16) -> (App, Vec<Effect>) {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, w, h);
    app.update(Msg::Cluster(ClusterMsg::PodsChanged {
        namespace: "payments-qa".into(),
        applied: vec![ledger_pod()],
        deleted: Vec::new(),
    }));
    let fx = command(&mut app, &format!("storage {arg}"));
    assert!(matches!(app.top(), Screen::Storage(_)), "{:?}", app.notice);
    for m in testkit::resource_messages() {
        app.update(m);
    }
    (app, fx)
}

#[test]
fn storage_80x24() {
    let (app, _) = storage("payments-qa", 80, 24);
    insta::assert_snapshot!("storage_80x24", render(&app).backend());
    crate::testkit::screenshot("storage", &app);
}

#[test]
fn storage_160x48() {
    let (app, _) = storage("payments-qa", 160, 48);
    insta::assert_snapshot!("storage_160x48", render(&app).backend());
}

#[test]
fn a_pending_claim_comes_first_and_a_bound_one_names_the_pods_that_mount_it() {
    let (app, fx) = storage("payments-qa", 160, 48);
    assert_eq!(
        fx,
        vec![Effect::WatchResources {
            key: ResourceKey::new(ResourceKind::PersistentVolumeClaim, Some("payments-qa"))
        }]
    );
    let lines = screen_lines(&app);
    let pending = lines.iter().position(|l| l.contains("data-payments-ledger-1")).unwrap();
    let bound = lines.iter().position(|l| l.contains("data-payments-ledger-0")).unwrap();
    assert!(pending < bound, "{lines:#?}");
    assert!(lines[pending].contains("Pending") && lines[pending].contains("fast-ssd"));
    assert!(lines[bound].contains("Bound") && lines[bound].contains("10Gi"));
    assert!(lines[bound].contains("payments-ledger-0"), "{}", lines[bound]);
}

#[test]
fn enter_describes_the_claim() {
    let (mut app, _) = storage("payments-qa", 80, 24);
    press(&mut app, "enter");
    match app.top() {
        Screen::Object(o) => assert_eq!(o.object.name, "data-payments-ledger-1"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_pending_claim_is_a_diagnose_finding_with_its_events_as_evidence() {
    let (mut app, _) = storage("payments-qa", 80, 24);
    press(&mut app, "q");
    // Diagnose watches the stages' claims itself.
    let fx = command(&mut app, "diag payments-qa");
    assert!(fx.contains(&Effect::WatchResources {
        key: ResourceKey::new(ResourceKind::PersistentVolumeClaim, Some("payments-qa"))
    }));
    for m in testkit::resource_messages() {
        app.update(m);
    }
    let (found, _) = findings(&app.world, &PodScope::namespace("payments-qa"), app.now);
    let claim = found
        .iter()
        .find(|f| f.name == "data-payments-ledger-1")
        .expect("the pending claim is a finding");
    assert!(claim.why.starts_with("claim Pending for"), "{}", claim.why);
    assert!(claim.why.contains("fast-ssd"), "{}", claim.why);
    assert_eq!(claim.evidence(), Evidence::ClaimEvents);
    assert!(!found.iter().any(|f| f.name == "data-payments-ledger-0"));
}
