//! kubectl against `stagecoach demo serve`: the third-party client check of the demo world.
//! Needs `kubectl` on PATH (CI installs it); set STAGECOACH_SKIP_KUBECTL=1 to skip knowingly.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct World {
    child: Child,
    dir: tempfile::TempDir,
}

impl Drop for World {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl World {
    fn start() -> World {
        let dir = tempfile::tempdir().unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_stagecoach"))
            .args(["demo", "serve", "--dir"])
            .arg(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let ready = dir.path().join("ready");
        let t0 = Instant::now();
        while !ready.exists() {
            assert!(
                t0.elapsed() < Duration::from_secs(30),
                "the world never got ready"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        World { child, dir }
    }

    fn kubectl(&self, args: &[&str]) -> Command {
        let mut c = Command::new("kubectl");
        c.args(args)
            .env("KUBECONFIG", self.dir.path().join("kubeconfig"))
            .env("KUBECACHEDIR", self.dir.path().join("cache"))
            .env("HOME", self.dir.path());
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

    /// Runs a streaming kubectl for `secs` seconds and returns what it printed.
    fn stream(&self, args: &[&str], secs: u64) -> String {
        let out_path = self.dir.path().join("stream.out");
        let out = std::fs::File::create(&out_path).unwrap();
        let mut child = self
            .kubectl(args)
            .stdout(out)
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_secs(secs));
        let _ = child.kill();
        let _ = child.wait();
        std::fs::read_to_string(out_path).unwrap()
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

fn kubectl_present() -> bool {
    if std::env::var_os("STAGECOACH_SKIP_KUBECTL").is_some() {
        eprintln!("STAGECOACH_SKIP_KUBECTL is set: skipping the kubectl checks");
        return false;
    }
    let found = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join("kubectl").exists()))
        .unwrap_or(false);
    assert!(
        found,
        "kubectl is not on PATH (install it, or set STAGECOACH_SKIP_KUBECTL=1)"
    );
    true
}

fn pod_with(w: &World, ns: &str, status: &str) -> String {
    w.run(&["get", "pods", "-n", ns, "--no-headers"])
        .lines()
        .find(|l| l.split_whitespace().nth(2) == Some(status))
        .unwrap_or_else(|| panic!("no {status} pod in {ns}"))
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
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
    for want in ["CrashLoopBackOff", "OOMKilled", "Running", " ago)"] {
        assert!(qa.contains(want), "{want} missing in payments-qa:\n{qa}");
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

    let crashing = pod_with(&w, "payments-qa", "CrashLoopBackOff");
    let prev = w.run(&["logs", "-n", "payments-qa", "-p", &crashing, "-c", "api"]);
    assert!(prev.contains("java.lang.OutOfMemoryError"), "{prev}");

    let healthy = steady_pod(&w, "payments-qa");
    let followed = w.stream(
        &["logs", "-f", "-n", "payments-qa", &healthy, "--tail=1"],
        7,
    );
    assert!(
        followed.lines().count() >= 2,
        "follow printed new lines: {followed:?}"
    );

    let initial = w
        .run(&["get", "pods", "-A", "--no-headers"])
        .lines()
        .count();
    let watched = w.stream(&["get", "pods", "-A", "-w"], 12);
    assert!(
        watched.lines().count() > initial + 1,
        "the watch streamed changes: {} lines after {initial}",
        watched.lines().count()
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
