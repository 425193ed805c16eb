//! Shells and port-forwards in the runner with a stand-in `kubectl` (a script in a tool
//! directory of the test's own; the process's PATH is never changed): the arguments it gets,
//! kubectl missing, a local port that is busy (found before kubectl runs, and in kubectl's own
//! words), a forward that listens and is stopped, one that dies; and the runner's own guards
//! on the cluster writes (read-only, a protected stage without its name typed).

use std::path::Path;
use std::time::Duration;

use stagecoach::app::effect::Effect;
use stagecoach::app::msg::Msg;
use stagecoach::cluster::kubectl::exec::{run_shell, ShellTarget, SHELL_SCRIPT};
use stagecoach::cluster::kubectl::port_forward::{ForwardMsg, ForwardSpec};
use stagecoach::cluster::kubectl::{KubectlTarget, INSTALL_HINT};
use stagecoach::cluster::workload_write::{WorkloadMsg, WorkloadOp};
use stagecoach::effects::Runner;
use tempfile::TempDir;

/// The stand-in: it writes its arguments to `args` beside itself, then does what the local
/// port (the forward's `L:R`) or the pod name asks for.
const KUBECTL: &str = r#"#!/bin/sh
here="$(dirname "$0")"
printf '%s\n' "$@" > "$here/args.$$"
case "$1" in
  exec)
    case "$5" in
      ok) exit 0 ;;
      *) echo 'error: Upgrade request required' >&2; exit 3 ;;
    esac ;;
  port-forward)
    ports="$5"; local="${ports%%:*}"; remote="${ports#*:}"
    case "$4" in
      pod/listens)
        echo "Forwarding from 127.0.0.1:$local -> $remote"
        exec sleep 60 ;;
      pod/dies)
        echo "Forwarding from 127.0.0.1:$local -> $remote"
        sleep 0.3
        echo 'E1203 15:00:00.000000 1 portforward.go:413] an error occurred forwarding 9 -> 8080' >&2
        echo 'error: lost connection to pod' >&2
        exit 1 ;;
      pod/busy)
        echo "Unable to listen on port $local: Listeners failed to create with the following errors: [unable to create listener: Error listen tcp4 127.0.0.1:$local: bind: address already in use]" >&2
        echo "error: unable to listen on any of the requested ports: [{$local $remote}]" >&2
        exit 1 ;;
    esac ;;
esac
exit 2
"#;

struct Bed {
    tmp: TempDir,
}

impl Bed {
    fn new(with_kubectl: bool) -> Bed {
        let tmp = tempfile::tempdir().unwrap();
        if with_kubectl {
            let p = tmp.path().join("kubectl");
            crate::script::write_script(&p, KUBECTL);
        }
        Bed { tmp }
    }

    fn dir(&self) -> &Path {
        self.tmp.path()
    }

    /// The argument lists the stand-in was called with.
    fn calls(&self) -> Vec<Vec<String>> {
        let mut out: Vec<Vec<String>> = std::fs::read_dir(self.dir())
            .unwrap()
            .filter_map(|e| {
                let e = e.ok()?;
                let name = e.file_name().into_string().ok()?;
                name.starts_with("args.").then(|| {
                    std::fs::read_to_string(e.path())
                        .unwrap()
                        .lines()
                        .map(String::from)
                        .collect()
                })
            })
            .collect();
        out.sort();
        out
    }

    fn runner(&self) -> (Runner, tokio::sync::mpsc::Receiver<Msg>) {
        let kube = kube::Client::try_from(kube::Config::new("http://127.0.0.1:9".parse().unwrap()))
            .unwrap();
        let (tx, rx) = tokio::sync::mpsc::channel(64);
        let mut r = Runner::new(kube, None, tx);
        r.set_tool_path(Some(self.dir().as_os_str().to_owned()));
        r.set_kubectl_target(KubectlTarget {
            kubeconfig: Some("/tmp/kc".into()),
            context: Some("demo".into()),
        });
        r.set_protected(vec!["payments-prod".into()]);
        (r, rx)
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn next(rx: &mut tokio::sync::mpsc::Receiver<Msg>) -> Msg {
    tokio::time::timeout(Duration::from_secs(20), rx.recv())
        .await
        .expect("the runner reports within 20 s")
        .expect("the runner is alive")
}

async fn forward_msgs(
    rx: &mut tokio::sync::mpsc::Receiver<Msg>,
    until_died: bool,
) -> Vec<ForwardMsg> {
    let mut out = Vec::new();
    loop {
        if let Msg::Forward(m) = next(rx).await {
            let done = match &m {
                ForwardMsg::Died { .. } => true,
                ForwardMsg::Listening { .. } => !until_died,
                ForwardMsg::Said { .. } => false,
            };
            out.push(m);
            if done {
                return out;
            }
        }
    }
}

fn spec(id: u64, pod: &str, local: u16) -> ForwardSpec {
    ForwardSpec {
        id,
        namespace: "payments-qa".into(),
        pod: pod.into(),
        remote: 8080,
        local,
    }
}

fn shell(pod: &str) -> Effect {
    Effect::Shell(ShellTarget {
        namespace: "payments-qa".into(),
        pod: pod.into(),
        container: "api".into(),
    })
}

#[tokio::test]
async fn a_shell_runs_kubectl_exec_in_the_container_with_the_cockpits_cluster() {
    let bed = Bed::new(true);
    let (mut r, _rx) = bed.runner();
    r.run(vec![shell("ok")]);
    let h = r.take_shell().expect("the shell is handed to the loop");
    assert_eq!(h.program, bed.dir().join("kubectl"));
    assert_eq!(h.pod, "ok");
    assert_eq!(run_shell(&h.program, &h.args), Ok(()));
    let expected: Vec<String> = [
        "exec",
        "-it",
        "-n",
        "payments-qa",
        "ok",
        "-c",
        "api",
        "--kubeconfig=/tmp/kc",
        "--context=demo",
        "--",
        "sh",
        "-c",
        SHELL_SCRIPT,
    ]
    .map(String::from)
    .to_vec();
    assert_eq!(bed.calls(), vec![expected]);
}

#[tokio::test]
async fn a_failed_shell_says_kubectls_exit_code_and_last_error() {
    let bed = Bed::new(true);
    let (mut r, _rx) = bed.runner();
    r.run(vec![shell("refused")]);
    let h = r.take_shell().unwrap();
    assert_eq!(
        run_shell(&h.program, &h.args),
        Err("error: Upgrade request required (kubectl exec ended with exit code 3)".into())
    );
}

#[tokio::test]
async fn without_kubectl_the_shell_and_the_forward_say_how_to_install_it() {
    let bed = Bed::new(false);
    let (mut r, mut rx) = bed.runner();
    r.run(vec![shell("ok")]);
    assert!(r.take_shell().is_none());
    match next(&mut rx).await {
        Msg::Notice(n) => {
            assert!(n.error);
            assert_eq!(n.text, INSTALL_HINT);
            assert!(n.text.contains("https://kubernetes.io/docs/tasks/tools/"));
        }
        other => panic!("{other:?}"),
    }
    r.run(vec![Effect::StartForward(spec(1, "listens", free_port()))]);
    assert_eq!(
        forward_msgs(&mut rx, true).await,
        vec![ForwardMsg::Died {
            id: 1,
            why: INSTALL_HINT.into()
        }]
    );
}

#[tokio::test]
async fn a_forward_listens_with_the_arguments_asked_for_and_stopping_it_ends_kubectl() {
    let bed = Bed::new(true);
    let (mut r, mut rx) = bed.runner();
    let local = free_port();
    r.run(vec![Effect::StartForward(spec(7, "listens", local))]);
    assert_eq!(
        forward_msgs(&mut rx, false).await,
        vec![ForwardMsg::Listening { id: 7 }]
    );
    let calls = bed.calls();
    assert_eq!(
        calls,
        vec![[
            "port-forward",
            "-n",
            "payments-qa",
            "pod/listens",
            &format!("{local}:8080"),
            "--address=127.0.0.1",
            "--kubeconfig=/tmp/kc",
            "--context=demo",
        ]
        .map(String::from)
        .to_vec()]
    );
    let pid: i32 = std::fs::read_dir(bed.dir())
        .unwrap()
        .find_map(|e| {
            let n = e.ok()?.file_name().into_string().ok()?;
            n.strip_prefix("args.")?.parse().ok()
        })
        .unwrap();
    // SAFETY: signal 0 only asks whether the process exists.
    let alive = || unsafe { libc::kill(pid, 0) } == 0;
    assert!(alive());
    r.run(vec![Effect::StopForward { id: 7 }]);
    for _ in 0..100 {
        // A killed child stays a zombie only until it is reaped; tokio reaps it.
        let state = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        if !alive() || state.split_whitespace().nth(2) == Some("Z") {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("kubectl port-forward still runs after the forward was stopped");
}

#[tokio::test]
async fn a_dying_forward_reports_kubectls_last_error() {
    let bed = Bed::new(true);
    let (mut r, mut rx) = bed.runner();
    r.run(vec![Effect::StartForward(spec(3, "dies", free_port()))]);
    let msgs = forward_msgs(&mut rx, true).await;
    assert_eq!(msgs.first(), Some(&ForwardMsg::Listening { id: 3 }));
    assert_eq!(
        msgs.last(),
        Some(&ForwardMsg::Died {
            id: 3,
            why: "error: lost connection to pod".into()
        })
    );
    assert!(msgs.contains(&ForwardMsg::Said {
        id: 3,
        line: "error: lost connection to pod".into()
    }));
}

#[tokio::test]
async fn a_busy_local_port_is_found_before_kubectl_runs() {
    let bed = Bed::new(true);
    let (mut r, mut rx) = bed.runner();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    r.run(vec![Effect::StartForward(spec(4, "listens", port))]);
    let msgs = forward_msgs(&mut rx, true).await;
    let [ForwardMsg::Died { id: 4, why }] = msgs.as_slice() else {
        panic!("{msgs:?}");
    };
    assert!(why.contains(&format!("local port {port} is busy")), "{why}");
    assert!(bed.calls().is_empty(), "kubectl was not run");
}

#[tokio::test]
async fn a_port_kubectl_finds_busy_is_said_to_be_busy() {
    // Taken between our check and kubectl's listen (or by another address family).
    let bed = Bed::new(true);
    let (mut r, mut rx) = bed.runner();
    let port = free_port();
    r.run(vec![Effect::StartForward(spec(5, "busy", port))]);
    let msgs = forward_msgs(&mut rx, true).await;
    let Some(ForwardMsg::Died { id: 5, why }) = msgs.last() else {
        panic!("{msgs:?}");
    };
    assert!(
        why.starts_with(&format!("local port {port} is busy")),
        "{why}"
    );
    assert!(
        why.contains("unable to listen on any of the requested ports"),
        "{why}"
    );
}

#[tokio::test]
async fn the_runner_refuses_writes_under_readonly_and_on_a_protected_stage_without_its_name() {
    let bed = Bed::new(true);
    let (mut r, mut rx) = bed.runner();
    let delete = |ns: &str| WorkloadOp::DeletePod {
        namespace: ns.into(),
        name: "api-1".into(),
    };
    r.run(vec![Effect::Workload {
        op: delete("payments-prod"),
        confirmed: Some("payments-qa".into()),
    }]);
    match next(&mut rx).await {
        Msg::Workload(WorkloadMsg::Done { result: Err(e), .. }) => {
            assert!(e.contains("payments-prod is a protected stage"), "{e}")
        }
        other => panic!("{other:?}"),
    }
    r.set_readonly(true);
    r.run(vec![Effect::Workload {
        op: delete("payments-qa"),
        confirmed: None,
    }]);
    match next(&mut rx).await {
        Msg::Workload(WorkloadMsg::Done { result: Err(e), .. }) => {
            assert!(
                e.starts_with("read-only mode: delete pod api-1 refused"),
                "{e}"
            )
        }
        other => panic!("{other:?}"),
    }
    r.run(vec![shell("ok")]);
    assert!(r.take_shell().is_none(), "no shell under --readonly");
}
