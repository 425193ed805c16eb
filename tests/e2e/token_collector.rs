//! The token collector (issue 16, Security): the real binary, run the ways a user runs it —
//! `demo serve`, `render` of several screens (one with a Jenkins token that is refused) and the
//! cockpit in tmux walking its screens — every one with trace logging on. Everything they
//! printed, logged or drew is collected and searched for every credential the world minted:
//! the kubeconfig's tokens (admin and viewer), each team's Jenkins API token, a wrong token, and
//! the basic-auth header each of them would make. One found anywhere fails the test.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::demo_serve::KillOnDrop;
use crate::tmux::{skip, Tmux};
use crate::wait;

/// What the test collects: (where it came from, its text).
#[derive(Default)]
struct Collected(Vec<(String, String)>);

impl Collected {
    fn add(&mut self, whence: impl Into<String>, text: impl Into<String>) {
        self.0.push((whence.into(), text.into()));
    }

    fn add_file(&mut self, path: &Path) {
        let bytes = std::fs::read(path).unwrap_or_default();
        self.add(
            path.display().to_string(),
            String::from_utf8_lossy(&bytes).into_owned(),
        );
    }

    fn bytes(&self) -> usize {
        self.0.iter().map(|(_, t)| t.len()).sum()
    }
}

/// Every credential the world holds, and what a client would send for it.
fn minted_tokens(dir: &Path) -> Vec<String> {
    let mut tokens = Vec::new();
    let kubeconfig = std::fs::read_to_string(dir.join("kubeconfig")).unwrap();
    for line in kubeconfig.lines() {
        if let Some(t) = line.trim().strip_prefix("token:") {
            tokens.push(t.trim().to_string());
        }
    }
    assert_eq!(tokens.len(), 2, "admin and viewer tokens: {kubeconfig}");
    for entry in std::fs::read_dir(dir.join("secrets")).unwrap() {
        let t = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        tokens.push(t.trim().to_string());
    }
    let jenkins: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("jenkins.json")).unwrap()).unwrap();
    for team in jenkins.as_object().unwrap().values() {
        tokens.push(team["token"].as_str().unwrap().to_string());
    }
    tokens.sort();
    tokens.dedup();
    assert!(
        tokens.len() >= 5,
        "two kube tokens and a Jenkins token per team"
    );
    assert!(tokens.iter().all(|t| t.len() >= 16), "{tokens:?}");
    tokens
}

/// The token and the `Authorization` values it would make (basic with the world's users,
/// bearer), which a header dump would show instead of the token itself.
fn forms_of(token: &str) -> Vec<String> {
    use base64::Engine as _;
    let b64 = |s: String| base64::engine::general_purpose::STANDARD.encode(s);
    vec![
        token.to_string(),
        b64(format!("admin:{token}")),
        b64(format!("viewer:{token}")),
        format!("Bearer {token}"),
    ]
}

fn trace_env(cmd: &mut Command) -> &mut Command {
    cmd.env("RUST_LOG", "trace")
        .env_remove("STAGECOACH_LOG_FILE")
}

/// `stagecoach render VIEW` against the served world, trace-logged: its stdout, stderr and log.
fn render(out: &mut Collected, bin: &str, world: &Path, config: &Path, args: &[&str]) -> bool {
    let log = config
        .parent()
        .unwrap()
        .join(format!("render-{}.log", args.join("_")));
    let output = trace_env(&mut Command::new(bin))
        .arg("render")
        .args(args)
        .arg("--kubeconfig")
        .arg(world.join("kubeconfig"))
        .arg("--config")
        .arg(config)
        .arg("--log-file")
        .arg(&log)
        .args(["--timeout", "60"])
        .output()
        .expect("render runs");
    let name = format!("render {}", args.join(" "));
    out.add(
        format!("{name}: stdout"),
        String::from_utf8_lossy(&output.stdout),
    );
    out.add(
        format!("{name}: stderr"),
        String::from_utf8_lossy(&output.stderr),
    );
    out.add_file(&log);
    output.status.success()
}

#[test]
fn no_token_the_world_minted_is_printed_logged_or_drawn() {
    if skip() {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_stagecoach");
    let dir = tempfile::tempdir().unwrap();
    let world = dir.path().join("world");
    let serve_log = dir.path().join("serve.log");
    let serve_out = dir.path().join("serve.stdout");
    let serve_err = dir.path().join("serve.stderr");
    let child = trace_env(&mut Command::new(bin))
        .args(["demo", "serve", "--dir"])
        .arg(&world)
        .arg("--log-file")
        .arg(&serve_log)
        .stdout(Stdio::from(std::fs::File::create(&serve_out).unwrap()))
        .stderr(Stdio::from(std::fs::File::create(&serve_err).unwrap()))
        .spawn()
        .expect("demo serve starts");
    let serve = KillOnDrop(child);
    wait::until("demo serve's ready file", Duration::from_secs(60), || {
        world.join("ready").exists().then_some(()).ok_or("not yet")
    });
    let mut tokens = minted_tokens(&world);
    let config = world.join("stagecoach.yaml");
    let mut out = Collected::default();

    // The paths that hold and send credentials: the kube client, and each Jenkins.
    assert!(render(&mut out, bin, &world, &config, &["stages"]));
    assert!(render(
        &mut out,
        bin,
        &world,
        &config,
        &["pods", "--stage", "qa"]
    ));
    assert!(render(
        &mut out,
        bin,
        &world,
        &config,
        &["jobs", "--team", "payments"]
    ));
    assert!(render(
        &mut out,
        bin,
        &world,
        &config,
        &["jobs", "--team", "advisory"]
    ));

    // A token Jenkins refuses: the error is printed, the token is not.
    let wrong_dir = dir.path().join("wrong");
    std::fs::create_dir(&wrong_dir).unwrap();
    let payments_token = std::fs::read_to_string(world.join("secrets/payments-jenkins.token"))
        .unwrap()
        .trim()
        .to_string();
    let wrong = format!("{}x", &payments_token[..payments_token.len() - 1]);
    let wrong_file = wrong_dir.join("payments.token");
    std::fs::write(&wrong_file, format!("{wrong}\n")).unwrap();
    std::fs::set_permissions(
        &wrong_file,
        std::os::unix::fs::PermissionsExt::from_mode(0o600),
    )
    .unwrap();
    tokens.push(wrong.clone());
    let wrong_config = wrong_dir.join("stagecoach.yaml");
    std::fs::write(
        &wrong_config,
        std::fs::read_to_string(&config).unwrap().replace(
            &world
                .join("secrets/payments-jenkins.token")
                .display()
                .to_string(),
            &wrong_file.display().to_string(),
        ),
    )
    .unwrap();
    assert!(
        !render(
            &mut out,
            bin,
            &world,
            &wrong_config,
            &["jobs", "--team", "payments"]
        ),
        "a refused token fails `render jobs`"
    );
    // The refusal is said, naming the setting to fix: the wrong token was really sent.
    let said: String = out
        .0
        .iter()
        .rev()
        .take(3)
        .map(|(_, t)| t.as_str())
        .collect();
    assert!(said.contains("token_file"), "{said}");

    // The cockpit itself, walking its screens on the served world.
    let cockpit_log = dir.path().join("cockpit.log");
    let tmux = Tmux::start(&format!(
        "env RUST_LOG=trace {bin} --kubeconfig {} --config {} --log-file {}",
        world.join("kubeconfig").display(),
        config.display(),
        cockpit_log.display()
    ));
    out.add(
        "home",
        tmux.wait_for("payments-qa", Duration::from_secs(60)),
    );
    for (keys, awaited) in [
        (&["4"][..], "pods payments-qa"),
        (&["Enter"][..], "› pod "),
        (&["l"][..], "logs "),
        (&["Escape"][..], "› pod "),
        (&["Escape"][..], "READY"),
        (&["J"][..], "payments Jenkins"),
        (&["Enter"][..], "▾ api/"),
        (&["D"][..], "diagnose"),
    ] {
        tmux.keys(keys);
        out.add(
            format!("screen after {keys:?}"),
            tmux.wait_for(awaited, Duration::from_secs(30)),
        );
    }
    tmux.keys(&["q", "q", "q", "q", "q"]);
    out.add("end", tmux.wait_for("EXITED rc=", Duration::from_secs(20)));
    drop(tmux);
    drop(serve);
    for f in [&serve_log, &serve_out, &serve_err, &cockpit_log] {
        out.add_file(f);
    }

    // The collector saw real traffic: trace logs of requests with credentials on them.
    let all: String = out.0.iter().map(|(_, t)| t.as_str()).collect();
    assert!(
        all.contains("GET http://"),
        "the Jenkins calls are in the logs"
    );
    assert!(
        out.bytes() > 100_000,
        "trace logging on: {} bytes collected",
        out.bytes()
    );
    let leaks: Vec<String> = tokens
        .iter()
        .flat_map(|t| forms_of(t))
        .flat_map(|form| {
            out.0
                .iter()
                .filter(move |(_, text)| text.contains(&form))
                .map(|(whence, _)| whence.clone())
        })
        .collect();
    assert!(leaks.is_empty(), "a token leaked into: {leaks:?}");
}
