//! Time to the first full release list, and peak memory, for 1,000 releases × 10 revisions in
//! one namespace of the demo world. `cargo bench --bench releases_list`.
//!
//! The world runs in a child process (this binary again, `STAGECOACH_BENCH_WORLD=DIR`): the
//! demo world (`STAGECOACH_BENCH_SCALE`, default 1) plus a namespace `payments-bench` holding
//! `STAGECOACH_BENCH_RELEASES` (1000) releases of `STAGECOACH_BENCH_REVISIONS` (10) revisions
//! each, as Helm writes them. This process runs only the cockpit: `launch` as the binary does
//! (config and kubeconfig from the world's files, team `payments`), `:releases payments-bench`,
//! until the list is synced and the visible rows' payloads are decoded, then one frame drawn.
//! Its peak RSS (VmHWM) is the cockpit's.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use ratatui::backend::TestBackend;
use ratatui::Terminal;
use stagecoach::app::msg::Msg;
use stagecoach::app::nav::Screen;
use stagecoach::app::world::WatchState;
use stagecoach::app::App;
use stagecoach::launch::{launch, LaunchOptions};
use stagecoach::runtime::Cockpit;
use stagecoach::sim::helm_samples::bulk_release_secrets;
use stagecoach::sim::kinds::Kind;
use stagecoach::sim::serve::{RunningSim, SimOptions};

const NAMESPACE: &str = "payments-bench";
const RUNS: usize = 3;

fn env_num(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    if let Ok(dir) = std::env::var("STAGECOACH_BENCH_WORLD") {
        serve_world(Path::new(&dir));
        return;
    }
    // `cargo test --benches` runs bench targets without `--bench`: nothing to do there.
    if !std::env::args().any(|a| a == "--bench") {
        eprintln!("releases_list is a benchmark: run it with `cargo bench --bench releases_list`");
        return;
    }
    if let Err(e) = bench() {
        eprintln!("releases_list: {e}");
        std::process::exit(1);
    }
}

/// The child: the world with the bulk namespace, until the parent closes our stdin.
fn serve_world(dir: &Path) {
    let releases = env_num("STAGECOACH_BENCH_RELEASES", 1000);
    let revisions = env_num("STAGECOACH_BENCH_REVISIONS", 10) as u32;
    let scale = env_num("STAGECOACH_BENCH_SCALE", 1) as u32;
    // The parent holds our stdin: when it goes away, so do we.
    std::thread::spawn(|| {
        let mut buf = [0u8; 64];
        while matches!(std::io::stdin().read(&mut buf), Ok(n) if n > 0) {}
        std::process::exit(0);
    });
    let rt = tokio::runtime::Runtime::new().expect("a runtime");
    rt.block_on(async {
        let sim = RunningSim::start(SimOptions {
            seed: 1,
            scale,
            ..SimOptions::default()
        })
        .await
        .expect("the world starts");
        let store = &sim.state.store;
        store.put(
            Kind::Namespace,
            serde_json::json!({"metadata": {"name": NAMESPACE, "labels": {"kubernetes.io/metadata.name": NAMESPACE}}}),
        );
        let t = Instant::now();
        for s in bulk_release_secrets(NAMESPACE, releases, revisions, jiff::Timestamp::now()) {
            store.put(Kind::Secret, serde_json::to_value(s).expect("a Secret"));
        }
        eprintln!(
            "world: {releases} releases × {revisions} revisions written in {:.1}s",
            t.elapsed().as_secs_f64()
        );
        sim.write_dir(dir).expect("the world's files");
        std::future::pending::<()>().await;
    });
}

struct World {
    child: Child,
}

impl Drop for World {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_world(dir: &Path) -> Result<World, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let child = Command::new(exe)
        .env("STAGECOACH_BENCH_WORLD", dir)
        .stdin(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start the world: {e}"))?;
    let mut w = World { child };
    let deadline = Instant::now() + Duration::from_secs(900);
    while !dir.join("ready").exists() {
        if let Ok(Some(status)) = w.child.try_wait() {
            return Err(format!("the world exited: {status}"));
        }
        if Instant::now() > deadline {
            return Err("the world did not start in 15 minutes".into());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok(w)
}

/// `VmHWM` (peak resident set) of a process, in KiB.
fn peak_kib(pid: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

struct Run {
    labels: Duration,
    list: Duration,
    rows: usize,
    decoded: usize,
}

async fn pump(c: &mut Cockpit, within: Duration, ready: impl Fn(&App) -> bool) -> bool {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        if ready(&c.app) {
            return true;
        }
        let msg = tokio::select! {
            m = c.rx.recv() => match m { Some(m) => m, None => return false },
            _ = tokio::time::sleep_until(deadline) => return false,
        };
        let fx = c.app.update(msg);
        c.runner.run(fx);
    }
}

fn list_rows(app: &App) -> usize {
    match app.top() {
        Screen::Releases(s) => s.rows(&app.world).len(),
        _ => 0,
    }
}

fn labels_synced(app: &App) -> bool {
    app.world
        .stages
        .get(NAMESPACE)
        .is_some_and(|s| s.releases_watch == WatchState::Synced)
}

async fn first_list(dir: &Path, releases: usize) -> Result<Run, String> {
    let t0 = Instant::now();
    let mut c = launch(LaunchOptions {
        config_file: Some(dir.join("stagecoach.yaml")),
        team: Some("payments".into()),
        ..LaunchOptions::default()
    })
    .await
    .map_err(|e| format!("{e:#}"))?;
    c.app.update(Msg::Resized {
        width: 80,
        height: 24,
    });
    let limit = Duration::from_secs(300);
    if !pump(&mut c, limit, |a| a.world.stages.contains_key(NAMESPACE)).await {
        return Err(format!("no stage {NAMESPACE}"));
    }
    let fx = c.app.run_command(&format!("releases {NAMESPACE}"));
    c.runner.run(fx);
    if !pump(&mut c, limit, labels_synced).await {
        return Err("the release list did not sync".into());
    }
    let labels = t0.elapsed();
    let fx = c.app.want_releases();
    c.runner.run(fx);
    if !pump(&mut c, limit, |a| a.releases_settled()).await {
        return Err("the visible rows were not decoded".into());
    }
    let mut t = Terminal::new(TestBackend::new(80, 24)).map_err(|e| e.to_string())?;
    t.draw(|f| stagecoach::ui::draw(&c.app, &c.theme, f))
        .map_err(|e| e.to_string())?;
    let list = t0.elapsed();
    let rows = list_rows(&c.app);
    if rows != releases {
        return Err(format!("{rows} rows, expected {releases}"));
    }
    let text = stagecoach::ui::export::to_text(t.backend().buffer());
    if text.contains('…') {
        return Err(format!("rows still decoding on the first frame:\n{text}"));
    }
    Ok(Run {
        labels,
        list,
        rows,
        decoded: c.app.world.decoded.len(),
    })
}

fn bench() -> Result<(), String> {
    let releases = env_num("STAGECOACH_BENCH_RELEASES", 1000);
    let revisions = env_num("STAGECOACH_BENCH_REVISIONS", 10);
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let dir: PathBuf = dir.path().to_path_buf();
    eprintln!("starting the world ({releases} releases × {revisions} revisions in {NAMESPACE})…");
    let world = start_world(&dir)?;
    let rt = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    let mut runs = Vec::new();
    for i in 0..RUNS {
        let r = rt.block_on(first_list(&dir, releases))?;
        eprintln!(
            "run {}: labels synced {:.0} ms, first full list {:.0} ms ({} rows, {} payloads decoded)",
            i + 1,
            r.labels.as_secs_f64() * 1e3,
            r.list.as_secs_f64() * 1e3,
            r.rows,
            r.decoded
        );
        runs.push(r);
    }
    runs.sort_by_key(|r| r.list);
    let median = &runs[runs.len() / 2];
    let me = peak_kib("self").unwrap_or_default();
    let sim = peak_kib(&world.child.id().to_string()).unwrap_or_default();
    println!("releases_list: {releases} releases × {revisions} revisions ({} Secrets) in one namespace, 80x24", releases * revisions);
    println!(
        "  time to first full list (median of {RUNS}): {:.0} ms (labels synced at {:.0} ms; fastest {:.0} ms, slowest {:.0} ms)",
        median.list.as_secs_f64() * 1e3,
        median.labels.as_secs_f64() * 1e3,
        runs[0].list.as_secs_f64() * 1e3,
        runs[runs.len() - 1].list.as_secs_f64() * 1e3,
    );
    println!(
        "  payloads decoded for it: {} (the visible rows)",
        median.decoded
    );
    println!(
        "  peak memory of the cockpit (VmHWM): {:.1} MiB",
        me as f64 / 1024.0
    );
    println!(
        "  peak memory of the simulated world (child process): {:.1} MiB",
        sim as f64 / 1024.0
    );
    drop(world);
    Ok(())
}
