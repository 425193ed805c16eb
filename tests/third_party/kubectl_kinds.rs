//! The cockpit's resource lists against `kubectl get` on the same world: for every kind, the
//! rows the cockpit's own watch builds (`cluster::resource::watch`) print what kubectl prints,
//! column by column (ages within the seconds that pass between the two).

use std::process::Command;

use stagecoach::cluster::msg::ClusterMsg;
use stagecoach::cluster::resource::watch::{watch_resources, SECRET_SELECTOR};
use stagecoach::cluster::resource::{ResourceKey, ResourceKind, ResourceRow};
use stagecoach::outbox::Outbox;

use crate::demo_serve::DemoServe;
use crate::external_tool;

fn kubectl(w: &DemoServe, args: &[&str]) -> String {
    let out = Command::new("kubectl")
        .args(args)
        .env("KUBECONFIG", w.dir().join("kubeconfig"))
        .env("KUBECACHEDIR", w.dir().join("cache"))
        .env("HOME", w.dir())
        .output()
        .expect("kubectl runs");
    assert!(
        out.status.success(),
        "kubectl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// kubectl's table as (title → cell) per row, cut at the header's column starts.
fn parse_table(out: &str) -> Vec<Vec<(String, String)>> {
    let mut lines = out.lines();
    let Some(header) = lines.next() else {
        return Vec::new();
    };
    // Titles are separated by at least two spaces (`LAST SEEN` is one title).
    let mut starts: Vec<(usize, String)> = Vec::new();
    let mut i = 0;
    let bytes = header.as_bytes();
    while i < bytes.len() {
        if bytes[i] != b' ' && (i == 0 || header[..i].ends_with("  ") || i < 2) {
            let end = header[i..].find("  ").map_or(header.len(), |e| i + e);
            starts.push((i, header[i..end].to_string()));
            i = end;
        } else {
            i += 1;
        }
    }
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            starts
                .iter()
                .enumerate()
                .map(|(k, (s, title))| {
                    let end = starts.get(k + 1).map_or(l.len(), |(e, _)| *e).min(l.len());
                    let cell = l.get(*s..end).unwrap_or_default().trim().to_string();
                    (title.clone(), cell)
                })
                .collect()
        })
        .collect()
}

/// Seconds of a kubectl age (`4d22h`, `5h5m`, `90s`), if it is one.
fn age_secs(s: &str) -> Option<i64> {
    let (mut total, mut num) = (0i64, String::new());
    if s.is_empty() {
        return None;
    }
    for c in s.chars() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        let n: i64 = num.parse().ok()?;
        num.clear();
        total += n * match c {
            'y' => 365 * 86_400,
            'd' => 86_400,
            'h' => 3_600,
            'm' => 60,
            's' => 1,
            _ => return None,
        };
    }
    num.is_empty().then_some(total)
}

/// Equal, or two ages a few seconds (or one unit of the coarser one) apart.
fn same(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    match (age_secs(a), age_secs(b)) {
        (Some(x), Some(y)) => (x - y).abs() <= 5 || (x - y).abs() * 50 <= x.max(y),
        _ => false,
    }
}

async fn cockpit_rows(client: kube::Client, key: ResourceKey) -> Vec<ResourceRow> {
    let (tx, mut rx) = tokio::sync::mpsc::channel::<ClusterMsg>(64);
    let task = tokio::spawn(watch_resources(
        client,
        stagecoach::cluster::liveness::Liveness::default(),
        key,
        Outbox::new(tx),
    ));
    let rows = loop {
        match tokio::time::timeout(std::time::Duration::from_secs(30), rx.recv()).await {
            Ok(Some(ClusterMsg::ResourcesSynced { rows, .. })) => break rows,
            Ok(Some(ClusterMsg::WatchFailed { error, .. })) => panic!("the watch failed: {error}"),
            Ok(Some(_)) => continue,
            other => panic!("no list from the watch: {other:?}"),
        }
    };
    task.abort();
    rows
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kinds_columns_are_what_kubectl_get_prints() {
    if !external_tool::usable(
        "kubectl",
        || external_tool::runs("kubectl", &["version", "--client"]),
        "STAGECOACH_SKIP_KUBECTL",
    ) {
        return;
    }
    let w = tokio::task::spawn_blocking(DemoServe::start).await.unwrap();
    let kubeconfig = std::fs::read_to_string(w.dir().join("kubeconfig")).unwrap();
    let kc = kube::config::Kubeconfig::from_yaml(&kubeconfig).unwrap();
    let cfg = kube::Config::from_custom_kubeconfig(kc, &Default::default())
        .await
        .unwrap();
    let client = kube::Client::try_from(cfg).unwrap();
    // Discovery names the new groups and kinds, with kubectl's short names.
    let resources = kubectl(&w, &["api-resources"]);
    for (plural, short, group) in [
        ("statefulsets", "sts", "apps/v1"),
        ("ingresses", "ing", "networking.k8s.io/v1"),
        ("cronjobs", "cj", "batch/v1"),
        ("persistentvolumeclaims", "pvc", "v1"),
    ] {
        assert!(
            resources.lines().any(|l| {
                let w: Vec<&str> = l.split_whitespace().collect();
                w.len() >= 3 && w[0] == plural && w[1] == short && w[2] == group
            }),
            "{plural}: {resources}"
        );
    }
    // The issue's own command, all kinds at once.
    let all = kubectl(
        &w,
        &[
            "get",
            "deploy,sts,svc,ing,cm,secret,pvc,job,cronjob",
            "-n",
            "payments-qa",
        ],
    );
    for prefix in [
        "deployment.apps/payments-api",
        "service/payments-api",
        "ingress.networking.k8s.io/payments-api",
        "configmap/kube-root-ca.crt",
        "secret/payments-api-db-credentials",
        "job.batch/payments-statement-export-28911",
    ] {
        assert!(all.contains(prefix), "{prefix}: {all}");
    }
    let cases: &[(ResourceKind, Option<&str>, &str)] = &[
        (ResourceKind::Deployment, Some("payments-qa"), "deploy"),
        (ResourceKind::StatefulSet, Some("payments-build"), "sts"),
        (ResourceKind::Service, Some("payments-qa"), "svc"),
        (ResourceKind::Ingress, Some("payments-qa"), "ing"),
        (ResourceKind::ConfigMap, Some("payments-qa"), "cm"),
        (ResourceKind::Secret, Some("payments-qa"), "secret"),
        (ResourceKind::Job, Some("payments-dev"), "job"),
        (ResourceKind::CronJob, Some("payments-dev"), "cronjob"),
        (
            ResourceKind::PersistentVolumeClaim,
            Some("payments-build"),
            "pvc",
        ),
        (ResourceKind::Event, Some("payments-qa"), "events"),
        (ResourceKind::Node, None, "nodes"),
        (ResourceKind::Namespace, None, "ns"),
    ];
    for &(kind, ns, resource) in cases {
        let rows = cockpit_rows(client.clone(), ResourceKey::new(kind, ns)).await;
        let mut args = vec!["get", resource];
        if let Some(ns) = ns {
            args.extend(["-n", ns]);
        }
        if kind == ResourceKind::Secret {
            args.extend(["-l", SECRET_SELECTOR]);
        }
        if kind == ResourceKind::Event {
            // Wide: the events' NAME, to pair the rows.
            args.extend(["-o", "wide"]);
        }
        if kind == ResourceKind::Namespace {
            args.push("--show-labels");
        }
        let printed = kubectl(&w, &args);
        let table = parse_table(&printed);
        assert!(
            !table.is_empty(),
            "kubectl {args:?} printed no rows: {printed}"
        );
        // A busy stage's events move on between the watch's list and kubectl's
        // (new ones are posted, old ones expire): those rows pair by name only
        // where both lists hold them, and most of them must.
        let events = kind == ResourceKind::Event;
        if !events {
            assert_eq!(table.len(), rows.len(), "{kind:?}: rows\n{printed}");
        }
        let now = jiff::Timestamp::now();
        let titles = kind.columns();
        let mut compared = 0;
        let mut paired = 0;
        for krow in &table {
            let name = &krow.iter().find(|(t, _)| t == "NAME").expect("a NAME").1;
            let Some(ours) = rows.iter().find(|r| &r.name == name) else {
                assert!(events, "{kind:?} {name} is not in the cockpit's rows");
                continue;
            };
            paired += 1;
            let texts = ours.texts(now);
            for (title, cell) in krow {
                let Some(i) = titles.iter().position(|t| t == title) else {
                    continue;
                };
                // The events of a busy stage move on between the two lists.
                if kind == ResourceKind::Event && title != "TYPE" && title != "OBJECT" {
                    continue;
                }
                let mine = &texts[i];
                assert!(
                    same(mine, cell),
                    "{kind:?} {name} {title}: cockpit {mine:?}, kubectl {cell:?}\n{printed}"
                );
                compared += 1;
            }
        }
        // Every kubectl column the cockpit shows was compared at least once per row.
        let shown = titles
            .iter()
            .filter(|t| table[0].iter().any(|(k, _)| k == *t))
            .count();
        assert!(
            shown >= titles.len() - 1 || kind == ResourceKind::Event,
            "{kind:?}: only {shown} of {titles:?} are kubectl's\n{printed}"
        );
        assert!(
            paired * 10 >= table.len().max(rows.len()) * 8,
            "{kind:?}: only {paired} of kubectl's {} rows and the cockpit's {} pair up\n{printed}",
            table.len(),
            rows.len()
        );
        assert!(compared >= paired, "{kind:?}");
    }
}
