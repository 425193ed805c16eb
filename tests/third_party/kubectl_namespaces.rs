//! kubectl's namespace life and `auth can-i` against `stagecoach demo serve`: what an operator
//! would type to make, check and remove an ad-hoc stage by hand (the `@` screen shows the same
//! commands for the cockpit's writes).

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

fn ok(w: &DemoServe, args: &[&str]) -> String {
    let out = kubectl(w, args);
    assert!(
        out.status.success(),
        "kubectl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn kubectl_creates_labels_and_deletes_a_namespace_and_asks_can_i() {
    if !external_tool::usable(
        "kubectl",
        || external_tool::runs("kubectl", &["version", "--client"]),
        "STAGECOACH_SKIP_KUBECTL",
    ) {
        return;
    }
    let w = DemoServe::start();

    assert_eq!(ok(&w, &["auth", "can-i", "create", "namespaces"]), "yes");
    // The viewer's "no" is checked with kube-rs (`tests/sim/kube_namespaces.rs`): over plain
    // HTTP client-go sends no bearer token, so kubectl is always the admin here.
    ok(&w, &["create", "namespace", "payments-review"]);
    ok(
        &w,
        &[
            "label",
            "namespace",
            "payments-review",
            "team=payments",
            "stage=review",
        ],
    );
    let listed = ok(
        &w,
        &[
            "get",
            "ns",
            "-l",
            "team=payments,stage=review",
            "-o",
            "name",
        ],
    );
    assert_eq!(listed, "namespace/payments-review");
    // kubectl waits until the namespace is really gone (it watches it).
    ok(
        &w,
        &["delete", "namespace", "payments-review", "--timeout=30s"],
    );
    let out = kubectl(&w, &["get", "ns", "payments-review"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("NotFound"));
}
