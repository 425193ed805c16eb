//! A stage's life end to end, as its users live it: a developer bumps `payments-api`'s
//! `image.tag` for `qa`, commits and pushes from the values screen, deploys `qa` with one key
//! and follows it on the deploy screen until it says done; then the `e2e` stage is uninstalled.
//! The world runs as its own process (`stagecoach demo serve`), so kubectl — a third-party
//! client — checks what the deploy screen said: the rollout, the pods' image, the revisions.

use std::process::Command;
use std::time::Duration;

use base64::Engine as _;

use stagecoach::cluster::rollout::{rollout_status, DeploymentRow};

use crate::demo_serve::DemoServe;
use crate::external_tool;
use crate::tmux::{skip, Tmux};

fn kubectl(world: &DemoServe, args: &[&str]) -> String {
    let out = Command::new("kubectl")
        .args(args)
        .env("KUBECONFIG", world.dir().join("kubeconfig"))
        .env("KUBECACHEDIR", world.dir().join("cache"))
        .env("HOME", world.dir())
        .output()
        .expect("kubectl runs");
    assert!(
        out.status.success(),
        "kubectl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// kubectl's output (stdout and stderr, trimmed) whatever its exit status.
fn kubectl_any(world: &DemoServe, args: &[&str]) -> String {
    let out = Command::new("kubectl")
        .args(args)
        .env("KUBECONFIG", world.dir().join("kubeconfig"))
        .env("KUBECACHEDIR", world.dir().join("cache"))
        .env("HOME", world.dir())
        .output()
        .expect("kubectl runs");
    let mut text = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if text.is_empty() {
        text = String::from_utf8_lossy(&out.stderr).trim().to_string();
    }
    text
}

/// The Helm release JSON stored in a release Secret (as `kubectl get secret -o json` gives it).
fn release_of(secret: &serde_json::Value) -> serde_json::Value {
    let raw = secret["data"]["release"].as_str().unwrap();
    let payload = base64::engine::general_purpose::STANDARD
        .decode(raw)
        .unwrap();
    serde_json::from_slice(&stagecoach::helm::release_json(&payload).unwrap()).unwrap()
}

#[test]
fn bump_deploy_follow_until_done_then_uninstall_a_stage() {
    if skip()
        || !external_tool::usable(
            "kubectl",
            || external_tool::runs("kubectl", &["version", "--client"]),
            "STAGECOACH_SKIP_KUBECTL",
        )
    {
        return;
    }
    let world = DemoServe::start();
    let log = tempfile::NamedTempFile::new().unwrap();
    let home = tempfile::tempdir().unwrap();
    let tmux = Tmux::start_sized(
        &format!(
            "env VISUAL= EDITOR= GIT_AUTHOR_NAME='E2E Tester' GIT_AUTHOR_EMAIL=e2e@example.com \
             XDG_STATE_HOME={h}/state XDG_DATA_HOME={h}/data XDG_CONFIG_HOME={h}/config \
             {bin} --config {dir}/stagecoach.yaml --log-file {log}",
            h = home.path().display(),
            bin = env!("CARGO_BIN_EXE_stagecoach"),
            dir = world.dir().display(),
            log = log.path().display(),
        ),
        160,
        40,
    );
    tmux.wait_for("payments-qa", Duration::from_secs(60));

    // The bump: qa's payments-api image.tag (its seventh value) to a tag the registry holds.
    tmux.keys(&["v"]);
    tmux.wait_for("[1 dev]", Duration::from_secs(30));
    tmux.keys(&["3"]);
    tmux.wait_for("[3 qa]", Duration::from_secs(10));
    tmux.keys(&["j", "j", "j", "j", "j", "j", "j"]);
    tmux.wait_for("image.tag = 2.7.0", Duration::from_secs(10));
    tmux.keys(&["e"]);
    tmux.wait_for("value: 2.7.0", Duration::from_secs(10));
    tmux.keys(&["C-u"]);
    tmux.type_text("2.7.1");
    tmux.keys(&["Enter"]);
    tmux.wait_for("image.tag = 2.7.1", Duration::from_secs(20));
    tmux.keys(&["c"]);
    tmux.wait_for(
        "Commit to the payments config repo",
        Duration::from_secs(10),
    );
    tmux.keys(&["c"]);
    tmux.wait_for("committed", Duration::from_secs(20));
    tmux.keys(&["P"]);
    tmux.wait_for("pushed to origin", Duration::from_secs(30));

    // Deploy qa from the values screen of qa, and follow it to the end.
    tmux.keys(&["Escape"]);
    tmux.wait_for("[3 qa]", Duration::from_secs(10));
    tmux.keys(&["I"]);
    tmux.wait_for("Build deploy-qa", Duration::from_secs(20));
    tmux.keys(&["b"]);
    // While it rolls, kubectl's rollout sentence and the cockpit's (the same function the
    // deploy screen prints) agree on the same Deployment.
    let mut agreed_waiting = false;
    for _ in 0..400 {
        let json = kubectl(
            &world,
            &[
                "get",
                "deployment",
                "payments-api",
                "-n",
                "payments-qa",
                "-o",
                "json",
            ],
        );
        let d: k8s_openapi::api::apps::v1::Deployment = serde_json::from_str(&json).unwrap();
        let ours = rollout_status(&DeploymentRow::from_deployment(&d))
            .text()
            .to_string();
        let theirs = kubectl_any(
            &world,
            &[
                "rollout",
                "status",
                "deployment/payments-api",
                "-n",
                "payments-qa",
                "--watch=false",
            ],
        );
        if ours == theirs && ours.starts_with("Waiting for deployment") {
            agreed_waiting = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(
        agreed_waiting,
        "kubectl and the deploy screen never agreed on a rollout in progress"
    );
    let done = tmux.wait_until("the deploy to end", Duration::from_secs(150), |s| {
        s.contains("deploy payments-qa done") || s.contains("deploy payments-qa failed")
    });
    assert!(done.contains("✓ deploy payments-qa done"), "{done}");
    assert!(
        done.contains("* payments-api"),
        "a new revision is marked:\n{done}"
    );

    // kubectl agrees: the rollout finished and every pod runs the pushed tag.
    let rollout = kubectl(
        &world,
        &[
            "rollout",
            "status",
            "deployment/payments-api",
            "-n",
            "payments-qa",
            "--watch=false",
        ],
    );
    assert_eq!(
        rollout,
        "deployment \"payments-api\" successfully rolled out"
    );
    let images = kubectl(
        &world,
        &[
            "get",
            "pods",
            "-n",
            "payments-qa",
            "-l",
            "app.kubernetes.io/instance=payments-api",
            "-o",
            "jsonpath={range .items[*]}{.spec.containers[0].image}{\"\\n\"}{end}",
        ],
    );
    assert!(
        !images.is_empty()
            && images
                .lines()
                .all(|i| i == "registry.example.com/payments/api:2.7.1"),
        "{images}"
    );
    // The newest revision is deployed with the pushed values; the one before is superseded.
    let secrets: serde_json::Value = serde_json::from_str(&kubectl(
        &world,
        &[
            "get",
            "secrets",
            "-n",
            "payments-qa",
            "-l",
            "owner=helm,name=payments-api",
            "-o",
            "json",
        ],
    ))
    .unwrap();
    let mut releases: Vec<serde_json::Value> = secrets["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(release_of)
        .collect();
    releases.sort_by_key(|r| r["version"].as_u64());
    let newest = releases.last().unwrap();
    let before = &releases[releases.len() - 2];
    assert_eq!(newest["info"]["status"], "deployed");
    assert_eq!(newest["config"]["image"]["tag"], "2.7.1");
    assert_eq!(before["info"]["status"], "superseded");
    let by = newest["info"]["description"].as_str().unwrap();
    assert!(by.starts_with("Deployed by payments/deploy-qa #"), "{by}");

    // Uninstall e2e from the matrix: the form asks for CONFIRM; then nothing is left.
    tmux.keys(&["H"]);
    tmux.wait_for("payments-e2e", Duration::from_secs(10));
    tmux.keys(&["g", "g"]);
    tmux.keys(&["j", "j"]);
    tmux.keys(&["X"]);
    tmux.wait_for("Build uninstall-e2e", Duration::from_secs(20));
    tmux.keys(&["l"]);
    tmux.wait_for("[x] true", Duration::from_secs(10));
    tmux.keys(&["b"]);
    let gone = tmux.wait_until("the uninstall to end", Duration::from_secs(150), |s| {
        s.contains("uninstall payments-e2e done") || s.contains("uninstall payments-e2e failed")
    });
    assert!(gone.contains("no release and no pod left"), "{gone}");
    for kind in ["pods", "deployments", "replicasets", "services"] {
        let left = kubectl(&world, &["get", kind, "-n", "payments-e2e", "-o", "name"]);
        assert_eq!(left, "", "{kind} left in payments-e2e");
    }
    let helm = kubectl(
        &world,
        &[
            "get",
            "secrets",
            "-n",
            "payments-e2e",
            "-l",
            "owner=helm",
            "-o",
            "name",
        ],
    );
    assert_eq!(helm, "");
}
