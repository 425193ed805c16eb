//! `kubectl top` against `stagecoach demo serve --metrics` (metrics.k8s.io found through
//! discovery, as kubectl finds a metrics-server), and without `--metrics` kubectl's own
//! "Metrics API not available".

use std::process::{Command, Output};

use crate::demo_serve::DemoServe;
use crate::external_tool;

fn kubectl(w: &DemoServe, args: &[&str]) -> Output {
    Command::new("kubectl")
        .args(args)
        .env("KUBECONFIG", w.dir().join("kubeconfig"))
        .env("KUBECACHEDIR", w.dir().join("cache"))
        .env("HOME", w.dir())
        .output()
        .expect("kubectl runs")
}

fn have_kubectl() -> bool {
    external_tool::usable(
        "kubectl",
        || external_tool::runs("kubectl", &["version", "--client"]),
        "STAGECOACH_SKIP_KUBECTL",
    )
}

#[test]
fn kubectl_top_reads_pod_and_node_metrics_when_the_world_serves_them() {
    if !have_kubectl() {
        return;
    }
    let w = DemoServe::start_with(&["--metrics"]);
    let out = kubectl(&w, &["top", "pods", "-n", "payments-qa"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut lines = text.lines();
    let header: Vec<&str> = lines
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .collect();
    assert_eq!(header, ["NAME", "CPU(cores)", "MEMORY(bytes)"], "{text}");
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split_whitespace().collect()).collect();
    assert!(rows.len() >= 3, "{text}");
    for r in &rows {
        assert!(r[0].starts_with("payments-"), "{text}");
        assert!(r[1].ends_with('m'), "{text}");
        assert!(r[2].ends_with("Mi"), "{text}");
    }

    let out = kubectl(&w, &["top", "nodes"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let header = text.lines().next().unwrap_or_default();
    assert!(header.starts_with("NAME"), "{text}");
    assert!(
        header.contains("CPU(cores)") && header.contains("MEMORY(bytes)"),
        "{text}"
    );
    // kubectl works out the percentages from the nodes' allocatable: every node has one.
    for l in text.lines().skip(1) {
        assert!(l.contains('%') && !l.contains("<unknown>"), "{text}");
    }
    assert!(text.lines().count() >= 5, "{text}");
}

#[test]
fn without_metrics_kubectl_top_says_the_api_is_not_available() {
    if !have_kubectl() {
        return;
    }
    let w = DemoServe::start();
    let out = kubectl(&w, &["top", "nodes"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Metrics API not available"), "{err}");
}
