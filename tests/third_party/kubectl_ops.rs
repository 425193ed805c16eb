//! kubectl's k9s-habit commands against `stagecoach demo serve`, the ones the `@` screen shows
//! for the cockpit's writes: `rollout restart`, `scale`, `delete pod` change the world as the
//! controllers would; `exec` and `port-forward` get the apiserver's refusal of a request it
//! will not upgrade, which kubectl prints (and the cockpit shows, from kubectl's stderr).

use std::process::{Command, Output};
use std::time::Duration;

use crate::demo_serve::DemoServe;
use crate::{external_tool, wait};

const NS: &str = "payments-qa";

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

/// Names of the `get` rows whose name starts with `prefix`.
fn names(w: &DemoServe, what: &str, prefix: &str) -> Vec<String> {
    ok(
        w,
        &[
            "get",
            what,
            "-n",
            NS,
            "--no-headers",
            "-o",
            "custom-columns=N:.metadata.name",
        ],
    )
    .lines()
    .filter(|l| l.starts_with(prefix))
    .map(String::from)
    .collect()
}

#[test]
fn kubectl_restarts_scales_deletes_and_is_refused_exec_and_port_forward() {
    if !external_tool::usable(
        "kubectl",
        || external_tool::runs("kubectl", &["version", "--client"]),
        "STAGECOACH_SKIP_KUBECTL",
    ) {
        return;
    }
    let w = DemoServe::start();

    // rollout restart: a new ReplicaSet, whose pods come up.
    let before = names(&w, "rs", "payments-api-");
    assert_eq!(
        ok(&w, &["rollout", "restart", "deploy/payments-api", "-n", NS]),
        "deployment.apps/payments-api restarted"
    );
    let after = names(&w, "rs", "payments-api-");
    let new: Vec<&String> = after.iter().filter(|r| !before.contains(r)).collect();
    assert_eq!(new.len(), 1, "{before:?} → {after:?}");
    let restarted_at = ok(
        &w,
        &[
            "get",
            "deploy/payments-api",
            "-n",
            NS,
            "-o",
            "jsonpath={.spec.template.metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt}",
        ],
    );
    assert!(!restarted_at.is_empty());
    let new_rs = new[0].clone();
    wait::until("the new ReplicaSet's pods", Duration::from_secs(60), || {
        let pods = names(&w, "pods", &format!("{new_rs}-"));
        if pods.is_empty() {
            Err("none yet".to_string())
        } else {
            Ok(())
        }
    });

    // scale through the scale subresource.
    assert_eq!(
        ok(
            &w,
            &["scale", "deploy/payments-web", "--replicas=3", "-n", NS]
        ),
        "deployment.apps/payments-web scaled"
    );
    assert_eq!(
        ok(
            &w,
            &[
                "get",
                "deploy/payments-web",
                "-n",
                NS,
                "-o",
                "jsonpath={.spec.replicas}"
            ]
        ),
        "3"
    );
    wait::until("3 payments-web pods", Duration::from_secs(60), || {
        let n = ok(
            &w,
            &[
                "get",
                "pods",
                "-n",
                NS,
                "-l",
                "app.kubernetes.io/instance=payments-web",
                "--no-headers",
            ],
        )
        .lines()
        .filter(|l| !l.contains("Terminating"))
        .count();
        if n == 3 {
            Ok(())
        } else {
            Err(format!("{n} pods"))
        }
    });

    // delete pod: it terminates, its ReplicaSet replaces it.
    let ledger = names(&w, "pods", "payments-ledger-");
    let victim = ledger[0].clone();
    assert_eq!(
        ok(&w, &["delete", "pod", &victim, "-n", NS, "--wait=false"]),
        format!("pod \"{victim}\" deleted")
    );
    wait::until("a replacement pod", Duration::from_secs(60), || {
        let now = names(&w, "pods", "payments-ledger-");
        if now.iter().filter(|p| **p != victim).count() >= ledger.len() {
            Ok(())
        } else {
            Err(format!("{now:?}"))
        }
    });

    // exec and port-forward: the apiserver's refusal, as kubectl prints it.
    // kubectl port-forward asks the pod's phase first: one that runs, all ready.
    let pod = ok(&w, &["get", "pods", "-n", NS, "--no-headers"])
        .lines()
        .map(|l| l.split_whitespace().map(String::from).collect::<Vec<_>>())
        .find(|f| f[2] == "Running" && f[1].split_once('/').is_some_and(|(a, b)| a == b))
        .expect("a running pod")[0]
        .clone();
    let out = kubectl(&w, &["exec", "-n", NS, &pod, "--", "true"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Upgrade request required"), "{err}");
    let out = kubectl(
        &w,
        &["port-forward", "-n", NS, &format!("pod/{pod}"), "0:8080"],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("error upgrading connection: Upgrade request required"),
        "{err}"
    );
}
