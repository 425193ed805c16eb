use super::exec::{exec_args, ShellTarget, SHELL_SCRIPT};
use super::port_forward::{forward_args, local_port_busy, ForwardSpec};
use super::{children, command_line, last_line, KubectlTarget};

#[test]
fn without_a_named_kubeconfig_kubectl_reads_the_environment_as_the_cockpit_did() {
    let t = KubectlTarget {
        kubeconfig: None,
        context: Some("prod-eu".into()),
    };
    let args = exec_args(
        &t,
        &ShellTarget {
            namespace: "payments-qa".into(),
            pod: "api-1".into(),
            container: "api".into(),
        },
    );
    assert_eq!(
        command_line(&args),
        format!("kubectl exec -it -n payments-qa api-1 -c api --context=prod-eu -- sh -c '{SHELL_SCRIPT}'")
    );
    let spec = ForwardSpec {
        id: 1,
        namespace: "payments-qa".into(),
        pod: "api-1".into(),
        remote: 8080,
        local: 18080,
    };
    assert_eq!(
        command_line(&forward_args(&t, &spec)),
        "kubectl port-forward -n payments-qa pod/api-1 18080:8080 --address=127.0.0.1 --context=prod-eu"
    );
}

#[test]
fn the_last_line_kubectl_said_is_kept_clean() {
    assert_eq!(
        last_line("Defaulted container \"api\"\nerror: \x1b[31mboom\x1b[0m\n\n"),
        Some("error: boom".into())
    );
    assert_eq!(last_line("  \n"), None);
}

#[test]
fn a_port_someone_listens_on_is_busy() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let why = local_port_busy(port).expect("busy");
    assert!(
        why.starts_with(&format!("local port {port} is busy")),
        "{why}"
    );
    drop(taken);
    // A free port is not busy. The one just freed may be taken again at once by another test
    // running beside this one (the kernel hands out ephemeral ports), so try a few.
    let free = (0..20).any(|_| {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        drop(l);
        local_port_busy(port).is_none()
    });
    assert!(free, "no freed port was ever said to be free");
}

#[test]
fn stop_all_ends_every_registered_child() {
    let mut child = std::process::Command::new("sleep")
        .arg("60")
        .spawn()
        .unwrap();
    children::register(child.id());
    children::stop_all();
    let status = child.wait().unwrap();
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(status.signal(), Some(libc::SIGTERM));
}
