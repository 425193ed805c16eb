//! kubectl against `stagecoach demo serve`: the third-party client check of the demo world.
//! Needs `kubectl` on PATH (CI installs it: there a missing kubectl fails the test); set
//! STAGECOACH_SKIP_KUBECTL=1 to skip knowingly.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::demo_serve::{DemoServe, KillOnDrop};
use crate::{external_tool, wait};

/// How long a streaming kubectl may take to print what a check waits for.
const STREAM_WAIT: Duration = Duration::from_secs(30);

struct World {
    serve: DemoServe,
}

impl World {
    fn start() -> World {
        World {
            serve: DemoServe::start(),
        }
    }

    fn kubectl(&self, args: &[&str]) -> Command {
        let mut c = Command::new("kubectl");
        c.args(args)
            .env("KUBECONFIG", self.serve.dir().join("kubeconfig"))
            .env("KUBECACHEDIR", self.serve.dir().join("cache"))
            .env("HOME", self.serve.dir());
        c
    }

    /// Runs kubectl to completion and returns stdout; fails the test on a non-zero exit.
    fn run(&self, args: &[&str]) -> String {
        let out = self.kubectl(args).output().expect("kubectl runs");
        assert!(
            out.status.success(),
            "kubectl {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs a streaming kubectl until what it printed satisfies `enough` (described by `what`),
    /// and returns that.
    fn stream_until(&self, args: &[&str], what: &str, enough: impl Fn(&str) -> bool) -> String {
        let out_path = self.serve.dir().join("stream.out");
        let out = std::fs::File::create(&out_path).unwrap();
        let _kubectl = KillOnDrop(
            self.kubectl(args)
                .stdout(out)
                .stderr(Stdio::null())
                .spawn()
                .unwrap(),
        );
        wait::until(
            &format!("kubectl {args:?} to print {what}"),
            STREAM_WAIT,
            || {
                let printed = std::fs::read_to_string(&out_path).unwrap();
                if enough(&printed) {
                    Ok(printed)
                } else {
                    Err(format!("{printed:?}"))
                }
            },
        )
    }

    fn path(&self) -> &Path {
        self.serve.dir()
    }
}

fn kubectl_present() -> bool {
    external_tool::usable(
        "kubectl",
        || external_tool::runs("kubectl", &["version", "--client"]),
        "STAGECOACH_SKIP_KUBECTL",
    )
}

/// A pod that runs and stays up: all containers ready and never restarted (a crash-looping
/// pod also reads `Running` between its crashes, and its log stops when it dies).
fn steady_pod(w: &World, ns: &str) -> String {
    w.run(&["get", "pods", "-n", ns, "--no-headers"])
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .find(|f| {
            let ready = f[1].split_once('/').is_some_and(|(a, b)| a == b);
            f[2] == "Running" && ready && f[3] == "0"
        })
        .unwrap_or_else(|| panic!("no steady pod in {ns}"))[0]
        .to_string()
}

#[test]
fn kubectl_works_against_the_demo_world() {
    if !kubectl_present() {
        return;
    }
    let w = World::start();

    let ns = w.run(&["get", "ns"]);
    for team in ["payments", "advisory", "logistics"] {
        for stage in ["build", "dev", "e2e", "qa", "prod"] {
            assert!(
                ns.contains(&format!("{team}-{stage} ")),
                "{team}-{stage} missing:\n{ns}"
            );
        }
    }
    assert!(ns.contains("payments-stage-demo"));

    let qa = w.run(&["get", "pods", "-n", "payments-qa"]);
    let header: Vec<&str> = qa.lines().next().unwrap().split_whitespace().collect();
    assert_eq!(header, ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]);
    // A crash-looping pod is Running, then OOMKilled, then in CrashLoopBackOff, over and
    // over: kubectl shows each state in turn, so the listing is read until each was seen.
    let mut seen = qa.clone();
    for _ in 0..60 {
        let wants = ["CrashLoopBackOff", "OOMKilled", "Running", " ago)"];
        if wants.iter().all(|w| seen.contains(w)) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_secs(1));
        seen.push_str(&w.run(&["get", "pods", "-n", "payments-qa"]));
    }
    for want in ["CrashLoopBackOff", "OOMKilled", "Running", " ago)"] {
        assert!(seen.contains(want), "{want} missing in payments-qa:\n{qa}");
    }
    let dev = w.run(&["get", "pods", "-n", "payments-dev"]);
    for want in [
        "Pending",
        "CreateContainerConfigError",
        "Error",
        "Completed",
    ] {
        assert!(dev.contains(want), "{want} missing in payments-dev:\n{dev}");
    }
    let e2e = w.run(&["get", "pods", "-n", "payments-e2e"]);
    assert!(
        e2e.contains("ImagePullBackOff") || e2e.contains("ErrImagePull"),
        "{e2e}"
    );
    let prod = w.run(&["get", "pods", "-n", "payments-prod"]);
    assert!(prod.contains("Terminating"), "{prod}");

    let events = w.run(&["get", "events", "-n", "payments-qa"]);
    let header: Vec<&str> = events.lines().next().unwrap().split_whitespace().collect();
    assert_eq!(
        header,
        ["LAST", "SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]
    );
    assert!(
        events.contains("BackOff") && events.contains("OOMKilling"),
        "{events}"
    );

    // A crash-looping pod reads CrashLoopBackOff, OOMKilled or Running as it cycles: it is the
    // one that has restarted.
    let crashing = w
        .run(&["get", "pods", "-n", "payments-qa", "--no-headers"])
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .find(|f| f[0].starts_with("payments-statements-") && f[3] != "0")
        .unwrap_or_else(|| panic!("no crash-looping payments-statements pod"))[0]
        .to_string();
    let prev = w.run(&[
        "logs",
        "-n",
        "payments-qa",
        "-p",
        &crashing,
        "-c",
        "statements",
    ]);
    assert!(prev.contains("java.lang.OutOfMemoryError"), "{prev}");

    let healthy = steady_pod(&w, "payments-qa");
    // The last line, then new ones as the pod writes them.
    w.stream_until(
        &["logs", "-f", "-n", "payments-qa", &healthy, "--tail=1"],
        "a line after the tail",
        |out| out.lines().count() >= 2,
    );

    let initial = w
        .run(&["get", "pods", "-A", "--no-headers"])
        .lines()
        .count();
    w.stream_until(
        &["get", "pods", "-A", "-w"],
        &format!("changes after the {initial} pods listed first"),
        |out| out.lines().count() > initial + 1,
    );

    let yaml = w.run(&["get", "pod", "-n", "payments-qa", &healthy, "-o", "yaml"]);
    let from_yaml: serde_json::Value = serde_yaml::from_str(&yaml).unwrap();
    let json = w.run(&["get", "pod", "-n", "payments-qa", &healthy, "-o", "json"]);
    let from_json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(from_yaml["metadata"]["uid"], from_json["metadata"]["uid"]);
    assert_eq!(from_yaml["spec"], from_json["spec"]);
    assert_eq!(from_yaml["kind"], "Pod");
    // And back: the server takes the YAML it served.
    let file = w.path().join("pod.yaml");
    std::fs::write(&file, &yaml).unwrap();
    // The world serves no OpenAPI document, so client-side validation is off.
    let replaced = w
        .kubectl(&["replace", "--validate=false", "-f", file.to_str().unwrap()])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&replaced.stdout).to_string()
        + &String::from_utf8_lossy(&replaced.stderr);
    // Either it replaced, or the world changed the pod in between and the server said Conflict.
    assert!(
        said.contains("replaced") || said.contains("Conflict") || said.contains("modified"),
        "{said}"
    );

    let helm = w.run(&["get", "secrets", "-n", "payments-qa", "-l", "owner=helm"]);
    assert!(
        helm.contains("sh.helm.release.v1.payments-api.v1") && helm.contains("helm.sh/release.v1"),
        "{helm}"
    );

    let deploys = w.run(&["get", "deploy,rs,svc", "-n", "payments-qa"]);
    assert!(
        deploys.contains("deployment.apps/payments-api"),
        "{deploys}"
    );
    let nodes = w.run(&["get", "nodes"]);
    assert!(nodes.contains("Ready"), "{nodes}");
    let described = w.run(&["describe", "pod", "-n", "payments-qa", &crashing]);
    assert!(
        described.contains("Last State:") && described.contains("OOMKilled"),
        "{described}"
    );
}
