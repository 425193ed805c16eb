use k8s_openapi::api::core::v1::Service;
use k8s_openapi::api::networking::v1::Ingress;
use serde_json::json;

use crate::app::effect::Effect;
use crate::app::msg::{ClusterMsg, Msg};
use crate::app::nav::Screen;
use crate::app::App;
use crate::cluster::resource::watch::build;
use crate::cluster::resource::{ResourceKey, ResourceKind, ResourceRow};
use crate::testkit::{self, command, press, render, screen_lines};

fn meta(ns: &str, name: &str) -> serde_json::Value {
    json!({"name": name, "namespace": ns, "creationTimestamp": "2026-09-14T10:00:00Z"})
}

fn ingress(ns: &str, name: &str, host: &str, paths: &[(&str, &str, i32)], tls: bool) -> ResourceRow {
    let paths: Vec<_> = paths
        .iter()
        .map(|(p, svc, port)| json!({"path": p, "pathType": "Prefix",
            "backend": {"service": {"name": svc, "port": {"number": port}}}}))
        .collect();
    let mut spec = json!({"ingressClassName": "nginx", "rules": [{"host": host, "http": {"paths": paths}}]});
    if tls {
        spec["tls"] = json!([{"hosts": [host], "secretName": format!("{name}-tls")}]);
    }
    build::ingress(&serde_json::from_value::<Ingress>(json!({"metadata": meta(ns, name), "spec": spec})).unwrap())
}

fn service(ns: &str, name: &str, ports: serde_json::Value) -> ResourceRow {
    build::service(
        &serde_json::from_value::<Service>(json!({
            "metadata": meta(ns, name),
            "spec": {"type": "ClusterIP", "clusterIP": "10.96.0.17", "ports": ports}
        }))
        .unwrap(),
    )
}

/// What payments-qa's Ingress and Service watches send.
fn messages() -> Vec<Msg> {
    let ns = "payments-qa";
    let ingresses = vec![
        ingress(ns, "payments-api", "api.payments-qa.example.com",
            &[("/", "payments-api", 80), ("/admin", "payments-admin", 8081)], true),
        ingress(ns, "payments-web", "web.payments-qa.example.com", &[("/", "payments-web", 80)], false),
    ];
    let services = vec![
        service(ns, "payments-api", json!([{"name": "http", "port": 80, "targetPort": "http", "protocol": "TCP"},
                                           {"name": "grpc", "port": 9090, "targetPort": 9090, "protocol": "TCP"}])),
        service(ns, "payments-web", json!([{"port": 80, "targetPort": 8080, "protocol": "TCP"}])),
    ];
    vec![
        Msg::Cluster(ClusterMsg::ResourcesSynced {
            key: ResourceKey::new(ResourceKind::Ingress, Some(ns)),
            rows: ingresses,
        }),
        Msg::Cluster(ClusterMsg::ResourcesSynced {
            key: ResourceKey::new(ResourceKind::Service, Some(ns)),
            rows: services,
        }),
    ]
}

fn entry(w: u16, h: u16) -> (App, Vec<Effect>) {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, w, h);
    let fx = command(&mut app, "entry payments-qa");
    assert!(matches!(app.top(), Screen::Entry(_)), "{:?}", app.notice);
    for m in messages() {
        app.update(m);
    }
    (app, fx)
}

#[test]
fn entry_80x24() {
    let (app, _) = entry(80, 24);
    insta::assert_snapshot!("entry_80x24", render(&app).backend());
    crate::testkit::screenshot("entry", &app);
}

#[test]
fn entry_160x48() {
    let (app, _) = entry(160, 48);
    insta::assert_snapshot!("entry_160x48", render(&app).backend());
}

#[test]
fn routes_come_first_with_tls_then_the_in_cluster_names() {
    let (app, fx) = entry(160, 48);
    assert_eq!(
        fx,
        vec![
            Effect::WatchResources { key: ResourceKey::new(ResourceKind::Ingress, Some("payments-qa")) },
            Effect::WatchResources { key: ResourceKey::new(ResourceKind::Service, Some("payments-qa")) },
        ]
    );
    let lines = screen_lines(&app);
    let body: Vec<&String> = lines.iter().skip(2).take(6).collect();
    assert!(body[0].contains("https://api.payments-qa.example.com/ ") && body[0].contains("payments-api:80"), "{body:#?}");
    assert!(body[1].contains("https://api.payments-qa.example.com/admin") && body[1].contains("payments-admin:8081"), "{body:#?}");
    assert!(body[2].contains("http://web.payments-qa.example.com/") && body[2].contains(" no "), "{body:#?}");
    assert!(body[3].contains("payments-api.payments-qa.svc.cluster.local:80") && body[3].contains("pods :http"), "{body:#?}");
    assert!(body[4].contains("payments-api.payments-qa.svc.cluster.local:9090"), "{body:#?}");
    assert!(body[5].contains("payments-web.payments-qa.svc.cluster.local:80") && body[5].contains("pods :8080"), "{body:#?}");
}

#[test]
fn y_copies_the_selected_entry_with_osc52() {
    let (mut app, _) = entry(120, 30);
    let osc52 = |t: &str| crate::text::osc52::copy_sequence(t).ok();
    press(&mut app, "Y");
    assert_eq!(app.clipboard, osc52("https://api.payments-qa.example.com/"));
    press(&mut app, "G");
    press(&mut app, "Y");
    assert_eq!(
        app.clipboard,
        osc52("payments-web.payments-qa.svc.cluster.local:80")
    );
}

#[test]
fn leaving_stops_the_watches() {
    let (mut app, _) = entry(80, 24);
    let fx = press(&mut app, "q");
    assert!(fx.contains(&Effect::StopResources {
        key: ResourceKey::new(ResourceKind::Ingress, Some("payments-qa"))
    }), "{fx:?}");
}
