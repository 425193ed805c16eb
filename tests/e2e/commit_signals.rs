//! git cell of the fault matrix (issue 16): SIGTERM and SIGHUP reach the real binary in the
//! middle of a commit — one of a large file, so that hashing and compressing it keeps the
//! commit under way for a while — and leave no partial commit: the clone's HEAD is either
//! where it was (the file still there, uncommitted) or a whole commit holding the whole file,
//! no `index.lock` is left to block the next commit, `git fsck` is clean, and the next commit
//! with the system `git` works. (The editor's unsaved buffer on a quit or hangup, and its
//! offer at the next start: `views::editor::tests`.)

use std::process::Command;
use std::time::Duration;

use crate::demo_serve::DemoServe;
use crate::tmux::{skip, Tmux};

fn git(dir: &str, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Text that does not compress away (a generator's output), so the commit takes its time.
fn big_text(bytes: usize) -> String {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut out = String::with_capacity(bytes + 64);
    while out.len() < bytes {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.push_str(&format!("# {:016x} {:016x}\n", x, x.rotate_left(29)));
    }
    out
}

fn signal_during_a_commit(signal: &str) {
    // The world on its own, so that the cockpit's clone (in the world's directory, as its
    // config says) outlives the cockpit for the checks.
    let world = DemoServe::start();
    let state = tempfile::tempdir().unwrap();
    let log = state.path().join("log");
    let tmux = Tmux::start_sized(
        &format!(
            "env VISUAL= EDITOR= GIT_AUTHOR_NAME='E2E Tester' GIT_AUTHOR_EMAIL=e2e@example.com \
             XDG_STATE_HOME={} {} --kubeconfig {} --config {} --log-file {}",
            state.path().display(),
            env!("CARGO_BIN_EXE_stagecoach"),
            world.dir().join("kubeconfig").display(),
            world.dir().join("stagecoach.yaml").display(),
            log.display()
        ),
        160,
        40,
    );
    tmux.wait_for("payments-qa", Duration::from_secs(60));
    tmux.keys(&["C"]);
    let repo = tmux.wait_for("/clones/payments", Duration::from_secs(30));
    let dir = repo
        .split_whitespace()
        .find(|w| w.contains("/clones/payments"))
        .unwrap()
        .to_string();
    let before = git(&dir, &["rev-parse", "HEAD"]);
    // A tracked file grown by comments: the commit form includes it.
    let file = format!("{dir}/values/qa/api.yaml");
    let big = std::fs::read_to_string(&file).unwrap() + &big_text(48 << 20);
    std::fs::write(&file, &big).unwrap();
    tmux.keys(&["C-r"]);
    tmux.wait_for("values/qa/api.yaml", Duration::from_secs(30));
    tmux.keys(&["c"]);
    tmux.wait_for(
        "Commit to the payments config repo",
        Duration::from_secs(10),
    );
    let pid = tmux.cockpit_pid();
    tmux.keys(&["c"]);
    // The commit is under way once libgit2 streams the blob into its temporary object file
    // (`objects/tmp_object_git2_*`, renamed when whole): the signal goes then.
    let objects = std::path::Path::new(&dir).join(".git/objects");
    let under_way = || {
        std::fs::read_dir(&objects).is_ok_and(|d| {
            d.flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with("tmp_object"))
        })
    };
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while !under_way() {
        assert!(
            std::time::Instant::now() < deadline,
            "SIG{signal}: the commit's object write was never seen"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    let status = Command::new("kill")
        .args([&format!("-{signal}"), &pid])
        .status()
        .expect("kill");
    assert!(status.success(), "kill -{signal} {pid}");
    let end = tmux.wait_for("EXITED rc=", Duration::from_secs(60));
    assert!(end.contains("EXITED rc=0"), "SIG{signal}: {end}");

    // No lock left behind, the repository whole, and the next commit goes through.
    assert!(
        !std::path::Path::new(&format!("{dir}/.git/index.lock")).exists(),
        "SIG{signal}: index.lock left"
    );
    git(&dir, &["fsck", "--no-dangling", "--no-progress"]);
    let after = git(&dir, &["rev-parse", "HEAD"]);
    let status = git(&dir, &["status", "--porcelain"]);
    let blob = git(&dir, &["hash-object", "values/qa/api.yaml"]);
    let blob_written = Command::new("git")
        .args(["-C", &dir, "cat-file", "-e", &blob])
        .status()
        .is_ok_and(|s| s.success());
    eprintln!(
        "SIG{signal}: the commit was {}; the file's blob {}",
        if after == before {
            "not made"
        } else {
            "completed"
        },
        if blob_written {
            "written"
        } else {
            "not written"
        }
    );
    if after == before {
        assert!(
            status.contains("values/qa/api.yaml"),
            "SIG{signal}: not committed, and still there: {status}"
        );
    } else {
        assert_eq!(git(&dir, &["rev-parse", "HEAD~1"]), before);
        let size = git(&dir, &["cat-file", "-s", "HEAD:values/qa/api.yaml"]);
        assert_eq!(size, big.len().to_string(), "SIG{signal}: the whole file");
        assert!(
            !status.contains("values/qa/api.yaml"),
            "SIG{signal}: index and HEAD agree: {status}"
        );
    }
    git(&dir, &["add", "-A"]);
    git(
        &dir,
        &[
            "-c",
            "user.name=E2E",
            "-c",
            "user.email=e2e@example.com",
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            "the next commit",
        ],
    );
}

#[test]
fn sigterm_in_the_middle_of_a_commit_leaves_no_partial_commit() {
    if skip() {
        return;
    }
    signal_during_a_commit("TERM");
}

#[test]
fn sighup_in_the_middle_of_a_commit_leaves_no_partial_commit() {
    if skip() {
        return;
    }
    signal_during_a_commit("HUP");
}
