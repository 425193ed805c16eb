//! The worlds, the measurements and the table.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::pty::{cpu_time, hwm_kib, rss_kib, CpuMeter, Pty};
use super::screen;

/// How big the worlds are and how long the timed phases last.
pub struct Size {
    pub name: &'static str,
    pub big_team: usize,
    pub huge_namespace: usize,
    pub releases: (usize, u32),
    pub churn: u32,
    pub scale: u32,
    /// How long idle and churn are watched.
    pub window: Duration,
    /// Runs of each timed command (the median is shown).
    pub runs: usize,
    /// Rounds of filter and sort keystrokes.
    pub rounds: usize,
    /// `demo serve --log-rate` of the log followed, and for how long.
    pub log_rate: &'static str,
    pub log_window: Duration,
}

impl Size {
    pub fn from_env() -> Size {
        let scale = std::env::var("STAGECOACH_BENCH_SCALE")
            .ok()
            .and_then(|v| v.parse().ok());
        if std::env::var("STAGECOACH_BENCH_SIZE").as_deref() == Ok("tiny") {
            return Size::tiny();
        }
        Size {
            name: "full",
            big_team: 10_000,
            huge_namespace: 13_000,
            releases: (1000, 10),
            churn: 1000,
            scale: scale.unwrap_or(40),
            window: Duration::from_secs(30),
            runs: 3,
            rounds: 6,
            log_rate: "1MB",
            log_window: Duration::from_secs(60),
        }
    }

    pub fn tiny() -> Size {
        Size {
            name: "tiny",
            big_team: 120,
            huge_namespace: 150,
            releases: (12, 2),
            churn: 20,
            scale: 2,
            window: Duration::from_secs(2),
            runs: 1,
            rounds: 1,
            log_rate: "20KB",
            log_window: Duration::from_secs(3),
        }
    }
}

/// One line of the table: what, the cockpit's figure, its peer's, the target.
pub struct Row {
    pub n: u8,
    pub what: String,
    pub ours: String,
    pub peer: String,
    pub target: &'static str,
}

#[derive(Default)]
pub struct Table {
    pub rows: Vec<Row>,
    pub notes: Vec<String>,
}

impl Table {
    pub(super) fn add(
        &mut self,
        n: u8,
        what: &str,
        ours: String,
        peer: String,
        target: &'static str,
    ) {
        eprintln!("  {n}. {what}: {ours} | {peer}");
        self.rows.push(Row {
            n,
            what: what.to_string(),
            ours,
            peer,
            target,
        });
    }

    pub fn render(&self) -> String {
        let mut out = String::from(
            "| # | measurement | stagecoach | peer (same world, same run) | target |\n|---|---|---|---|---|\n",
        );
        for r in &self.rows {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                r.n, r.what, r.ours, r.peer, r.target
            ));
        }
        for n in &self.notes {
            out.push_str(&format!("\n{n}"));
        }
        out
    }
}

/// A `stagecoach demo serve` process, stopped when dropped.
pub struct World {
    child: Child,
    dir: tempfile::TempDir,
    pub pods: String,
}

impl World {
    pub fn start(bin: &str, flags: &[String]) -> Result<World, String> {
        World::start_niced(bin, flags, 0)
    }

    /// A world whose threads run `nice` levels below the cockpit's loop (as a cluster's
    /// API server runs on machines of its own, not on the jump host).
    pub fn start_niced(bin: &str, flags: &[String], nice: i32) -> Result<World, String> {
        let dir = tempfile::Builder::new()
            .prefix("stagecoach-bench-")
            .tempdir()
            .map_err(|e| e.to_string())?;
        let t = Instant::now();
        let mut cmd = Command::new(bin);
        cmd.args(["demo", "serve", "--dir"])
            .arg(dir.path())
            .args(flags)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        if nice != 0 {
            use std::os::unix::process::CommandExt;
            // SAFETY: setpriority is async-signal-safe and changes only the child's (single,
            // pre-exec) thread; the threads it starts later inherit the value.
            unsafe {
                cmd.pre_exec(move || {
                    libc::setpriority(libc::PRIO_PROCESS, 0, nice);
                    Ok(())
                });
            }
        }
        let mut child = cmd
            .spawn()
            .map_err(|e| format!("cannot start the world: {e}"))?;
        while !dir.path().join("ready").exists() {
            if let Ok(Some(s)) = child.try_wait() {
                return Err(format!("the world ended before it was ready: {s}"));
            }
            if t.elapsed() > Duration::from_secs(900) {
                return Err("the world was not ready in 15 minutes".into());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        // Its banner names the pod count; read it without waiting for more.
        let mut err = child.stderr.take().expect("piped");
        let mut banner = vec![0u8; 512];
        let n = err.read(&mut banner).unwrap_or(0);
        let banner = String::from_utf8_lossy(&banner[..n]).into_owned();
        let pods = banner
            .split_once('(')
            .and_then(|(_, r)| r.split_once(" pods)"))
            .map(|(p, _)| p.to_string())
            .unwrap_or_default();
        eprintln!(
            "world {} ready in {:.1} s ({pods} pods, {} MiB)",
            flags.join(" "),
            t.elapsed().as_secs_f64(),
            rss_kib(child.id()) / 1024
        );
        // The rest of its stderr must not block it.
        std::thread::spawn(move || std::io::copy(&mut err, &mut std::io::sink()));
        Ok(World { child, dir, pods })
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The environment every client is run with: the world's kubeconfig, and a home of the
    /// bench's own (the cockpit's clones and state stay out of the user's).
    pub fn env(&self) -> Vec<(String, String)> {
        let home = self.dir.path().join("home");
        let _ = std::fs::create_dir_all(&home);
        vec![
            (
                "KUBECONFIG".into(),
                self.file("kubeconfig").display().to_string(),
            ),
            ("HOME".into(), home.display().to_string()),
            (
                "XDG_STATE_HOME".into(),
                home.join("state").display().to_string(),
            ),
            (
                "XDG_CONFIG_HOME".into(),
                home.join("config").display().to_string(),
            ),
            (
                "XDG_DATA_HOME".into(),
                home.join("data").display().to_string(),
            ),
            (
                "XDG_CACHE_HOME".into(),
                home.join("cache").display().to_string(),
            ),
        ]
    }

    /// The namespaces whose names start with `<team>-`.
    fn namespaces_of(&self, team: &str) -> Vec<String> {
        let out = Command::new("kubectl")
            .args(["get", "ns", "-o", "name"])
            .envs(self.env())
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default();
        out.lines()
            .filter_map(|l| l.strip_prefix("namespace/"))
            .filter(|n| n.starts_with(&format!("{team}-")))
            .map(str::to_string)
            .collect()
    }
}

impl Drop for World {
    fn drop(&mut self) {
        // SAFETY: signalling our own child by its pid.
        unsafe {
            libc::kill(self.child.id() as i32, libc::SIGTERM);
        }
        let _ = self.child.wait();
    }
}

/// One run of a command: wall time, peak RSS (KiB), and whether it succeeded.
pub(super) struct Timed {
    pub wall: Duration,
    pub maxrss: u64,
    pub ok: bool,
}

pub(super) fn timed(bin: &str, args: &[&str], env: &[(String, String)]) -> Timed {
    let t = Instant::now();
    let Ok(mut child) = Command::new(bin)
        .args(args)
        .envs(env.iter().cloned())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
    else {
        return Timed {
            wall: Duration::ZERO,
            maxrss: 0,
            ok: false,
        };
    };
    let mut out = child.stdout.take().expect("piped");
    let _ = std::io::copy(&mut out, &mut std::io::sink());
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe {
        libc::wait4(child.id() as i32, &mut status, 0, &mut usage);
    }
    Timed {
        wall: t.elapsed(),
        maxrss: usage.ru_maxrss as u64,
        ok: libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
    }
}

/// The median of `runs` runs of a set of commands run one after the other (summed per run).
pub(super) fn median_of(
    runs: usize,
    f: impl Fn() -> (Duration, u64, bool),
) -> (Duration, u64, bool) {
    let mut v: Vec<(Duration, u64, bool)> = (0..runs.max(1)).map(|_| f()).collect();
    v.sort_by_key(|r| r.0);
    v[v.len() / 2]
}

pub(super) fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

pub(super) fn failed(ok: bool) -> &'static str {
    if ok {
        ""
    } else {
        " (FAILED)"
    }
}

pub(super) fn percentile(v: &mut [Duration], p: f64) -> Duration {
    if v.is_empty() {
        return Duration::ZERO;
    }
    v.sort();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i]
}

pub fn run(bin: &str, size: &Size) -> Result<Table, String> {
    let started = Instant::now();
    let mut table = Table::default();
    let kubectl = which("kubectl");
    let helm = which("helm");
    eprintln!(
        "cockpit bench ({}), kubectl: {kubectl:?}, helm: {helm:?}",
        size.name
    );

    // The big world: one big team, one huge namespace, 1,000 releases × 10, no churn.
    let big = World::start(
        bin,
        &[
            format!("--big-team={}", size.big_team),
            format!("--huge-namespace={}", size.huge_namespace),
            format!("--bulk-releases={}x{}", size.releases.0, size.releases.1),
            format!("--log-rate={}", size.log_rate),
        ],
    )?;
    let env = big.env();
    let config = big.file("stagecoach.yaml").display().to_string();
    let render = |team: &str, view: &[&str]| {
        let mut args = vec!["--config", config.as_str(), "--team", team, "render"];
        args.extend_from_slice(view);
        let t = timed(bin, &args, &env);
        (t.wall, t.maxrss, t.ok)
    };
    let team_ns = big.namespaces_of("payments");
    let kubectl_team = || {
        let (mut wall, mut rss, mut ok) = (Duration::ZERO, 0, true);
        for ns in &team_ns {
            let t = timed("kubectl", &["get", "pods", "-n", ns], &env);
            wall += t.wall;
            rss = rss.max(t.maxrss);
            ok &= t.ok;
        }
        (wall, rss, ok)
    };
    let sim = CpuMeter::start(big.pid());
    let pods = median_of(size.runs, || render("payments", &["pods"]));
    let matrix = median_of(size.runs, || render("payments", &["stages"]));
    let kc = if kubectl.is_some() {
        median_of(size.runs, kubectl_team)
    } else {
        (Duration::ZERO, 0, false)
    };
    let peer = |kc: (Duration, u64, bool), what: &str| {
        if kubectl.is_some() {
            format!("{}{} ({what})", ms(kc.0), failed(kc.2))
        } else {
            "kubectl not installed".to_string()
        }
    };
    let kc_text = peer(
        kc,
        &format!("kubectl get pods, {} namespaces summed", team_ns.len()),
    );
    table.add(
        1,
        &format!(
            "big team ({} + payments' pods): start → complete pods view",
            size.big_team
        ),
        format!("{}{}", ms(pods.0), failed(pods.2)),
        kc_text.clone(),
        "≤ kubectl",
    );
    table.add(
        1,
        "big team: start → complete stage matrix",
        format!("{}{}", ms(matrix.0), failed(matrix.2)),
        kc_text,
        "≤ kubectl",
    );
    let huge = median_of(size.runs, || {
        render("advisory", &["pods", "--stage", "load"])
    });
    let kh = if kubectl.is_some() {
        median_of(size.runs, || {
            let t = timed("kubectl", &["get", "pods", "-n", "advisory-load"], &env);
            (t.wall, t.maxrss, t.ok)
        })
    } else {
        (Duration::ZERO, 0, false)
    };
    table.add(
        1,
        &format!(
            "huge namespace ({} pods): start → complete pods view",
            size.huge_namespace
        ),
        format!("{}{}", ms(huge.0), failed(huge.2)),
        peer(kh, "kubectl get pods -n advisory-load"),
        "≤ kubectl",
    );
    table.add(
        8,
        "render pods / stages / huge namespace (peak RSS)",
        format!(
            "{} / {} / {} MiB",
            pods.1 / 1024,
            matrix.1 / 1024,
            huge.1 / 1024
        ),
        format!("kubectl {} / {} MiB", kc.1 / 1024, kh.1 / 1024),
        "no fixed sleeps",
    );

    // Helm: the release list and one release at 1,000 × 10.
    let list = median_of(size.runs, || {
        render("payments", &["releases", "--stage", "bench"])
    });
    let open = median_of(size.runs, || {
        render(
            "payments",
            &["release", "--stage", "bench", "--release", "bulk-0001"],
        )
    });
    let helm_list = match &helm {
        Some(_) => {
            let h = median_of(size.runs, || {
                let t = timed("helm", &["list", "-a", "-n", "payments-bench"], &env);
                (t.wall, t.maxrss, t.ok)
            });
            format!(
                "{}{} (helm list -a -n payments-bench)",
                ms(h.0),
                failed(h.2)
            )
        }
        None => "helm not installed".to_string(),
    };
    table.add(
        7,
        &format!(
            "releases {}×{}: full release list / open one release",
            size.releases.0, size.releases.1
        ),
        format!(
            "{}{} / {}{}",
            ms(list.0),
            failed(list.2),
            ms(open.0),
            failed(open.2)
        ),
        helm_list,
        "≥ 5× faster than helm",
    );
    table.notes.push(format!(
        "Simulator CPU while the renders and kubectl ran: {:.0} % of a core.",
        sim.share() * 100.0
    ));

    // The interactive cockpit on the big team's pods: RSS, keystrokes, idle.
    let env_ref: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let mut small = Pty::spawn(bin, &["--config", &config, "--team", "logistics"], &env_ref)
        .map_err(|e| format!("no pty: {e}"))?;
    small.settle(Duration::from_millis(700), Duration::from_secs(20));
    let small_rss = rss_kib(small.pid());
    small.quit();
    let t = Instant::now();
    let mut c = Pty::spawn(bin, &["--config", &config, "--team", "payments"], &env_ref)
        .map_err(|e| format!("no pty: {e}"))?;
    let first = c.next_frame(Duration::from_secs(60)).map(|at| at - t);
    c.send(":pods payments\r");
    c.settle(Duration::from_millis(700), Duration::from_secs(60));
    let synced_rss = rss_kib(c.pid());
    let per_pod = (synced_rss.saturating_sub(small_rss) * 1024) / size.big_team.max(1) as u64;
    table.add(
        2,
        "RSS after sync (pods view, big team) / bytes per pod",
        format!("{} MiB / {per_pod} B", synced_rss / 1024),
        format!("kubectl get pods peak {} MiB", kc.1 / 1024),
        "≤ 60 MB",
    );
    let mut filter = Vec::new();
    let mut sort = Vec::new();
    for _ in 0..size.rounds {
        c.send("/");
        c.settle(Duration::from_millis(150), Duration::from_secs(2));
        for ch in ["b", "u", "l", "k", "-", "0"] {
            let sent = Instant::now();
            c.send(ch);
            if let Some(at) = c.next_frame(Duration::from_secs(5)) {
                filter.push(at - sent);
            }
            c.settle(Duration::from_millis(100), Duration::from_secs(2));
        }
        c.send("\r");
        c.settle(Duration::from_millis(150), Duration::from_secs(2));
        c.send("\x1b");
        c.settle(Duration::from_millis(150), Duration::from_secs(2));
        for key in ["S", "N", "A", "R", "~", ">"] {
            let sent = Instant::now();
            c.send(key);
            if let Some(at) = c.next_frame(Duration::from_secs(5)) {
                sort.push(at - sent);
            }
            c.settle(Duration::from_millis(100), Duration::from_secs(2));
        }
    }
    table.add(
        3,
        &format!(
            "keystroke → frame, {} pods: `/` filter p50 / p99 ({} keys)",
            size.big_team,
            filter.len()
        ),
        format!(
            "{} / {}",
            ms(percentile(&mut filter, 0.5)),
            ms(percentile(&mut filter, 0.99))
        ),
        "kubectl: none".into(),
        "p99 ≤ 16 ms",
    );
    table.add(
        3,
        &format!("keystroke → frame: sort p50 / p99 ({} keys)", sort.len()),
        format!(
            "{} / {}",
            ms(percentile(&mut sort, 0.5)),
            ms(percentile(&mut sort, 0.99))
        ),
        "kubectl: none".into(),
        "p99 ≤ 16 ms",
    );
    // Idle: the help screen, where nothing changes (the pods' ages would).
    c.send("?");
    c.settle(Duration::from_millis(300), Duration::from_secs(3));
    let before = c.bytes;
    let cpu = CpuMeter::start(c.pid());
    c.drain_for(size.window);
    let idle_bytes = (c.bytes - before) as f64 * 60.0 / size.window.as_secs_f64();
    let idle_cpu = cpu.share();
    c.send("\x1b");
    c.settle(Duration::from_millis(300), Duration::from_secs(3));
    // And the pods view, where only the world's own clockwork and the ages change.
    let before = c.bytes;
    let cpu2 = CpuMeter::start(c.pid());
    c.drain_for(size.window);
    let live_bytes = (c.bytes - before) as f64 * 60.0 / size.window.as_secs_f64();
    table.add(
        5,
        "idle (help screen): CPU / bytes to the terminal per minute",
        format!("{:.2} % / {:.0} B", idle_cpu * 100.0, idle_bytes),
        format!(
            "pods view (ages, world clockwork): {:.2} % / {:.0} B",
            cpu2.share() * 100.0,
            live_bytes
        ),
        "0 B",
    );
    table.notes.push(format!(
        "Interactive cockpit: first frame {} after start; peak RSS {} MiB.",
        first.map(ms).unwrap_or_else(|| "never".into()),
        hwm_kib(c.pid()) / 1024
    ));
    // Log follow: pod log-firehose writes numbered lines at `log_rate`.
    open_log(&mut c, "payments-dev", "log-firehose");
    let sim = CpuMeter::start(big.pid());
    let f = follow_log(&mut c, size.log_window)?;
    let sim_share = sim.share();
    c.send("q");
    c.drain_for(Duration::from_secs(1));
    let kubectl_log = kubectl
        .as_ref()
        .and_then(|_| kubectl_follow(&env, "payments-dev", "log-firehose", size.log_window));
    table.add(
        6,
        &format!(
            "log follow at {}/s for {} s: lines received / produced",
            size.log_rate,
            size.log_window.as_secs()
        ),
        format!(
            "{} / {} (gap {}), {:.1} s behind at the end; {} dropped from the buffer (said on screen)",
            f.received, f.produced, f.gap, f.lag_end.as_secs_f64(), f.dropped
        ),
        match kubectl_log {
            Some((lines, gaps, cpu)) => format!(
                "kubectl logs -f: {lines} lines (gap {gaps}), {:.0} % of a core",
                cpu * 100.0
            ),
            None => "kubectl not installed".into(),
        },
        "no silent loss, bounded memory",
    );
    table.add(
        6,
        "log follow: the cockpit's RSS before → after (peak) / CPU",
        format!(
            "{} → {} MiB (peak {}) / {:.0} % of a core",
            f.rss_before / 1024,
            f.rss_after / 1024,
            f.rss_peak / 1024,
            f.cpu * 100.0
        ),
        format!("simulator {:.0} % of a core", sim_share * 100.0),
        "bounded memory",
    );
    c.quit();
    drop(big);

    // Churn: the big team's pods restart `churn` times a second.
    let churn = World::start(
        bin,
        &[
            format!("--big-team={}", size.big_team),
            format!("--churn={}", size.churn),
        ],
    )?;
    let env = churn.env();
    let env_ref: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let config = churn.file("stagecoach.yaml").display().to_string();
    let mut c = Pty::spawn(bin, &["--config", &config, "--team", "payments"], &env_ref)
        .map_err(|e| format!("no pty: {e}"))?;
    c.next_frame(Duration::from_secs(60));
    c.send(":pods payments\r");
    c.drain_for(Duration::from_secs(3));
    let rss_synced = rss_kib(c.pid());
    let cpu = CpuMeter::start(c.pid());
    let sim = CpuMeter::start(churn.pid());
    let mut lag = MarkerLag::new(&c.screen_text());
    let frames = c.observe_for(size.window, |s, at| lag.look(s, at));
    let share = cpu.share();
    let sim_share = sim.share();
    let rss_after = rss_kib(c.pid());
    table.add(
        4,
        &format!("{} pod events/s: cockpit CPU / frames per s", size.churn),
        format!(
            "{:.0} % of a core / {:.0}",
            share * 100.0,
            frames as f64 / size.window.as_secs_f64()
        ),
        format!("simulator {:.0} % of a core", sim_share * 100.0),
        "≤ 25 % of a core",
    );
    table.add(
        4,
        &format!(
            "{} pod events/s: event → screen lag p50 / p99 ({} markers seen)",
            size.churn,
            lag.lags.len()
        ),
        format!(
            "{} / {}",
            ms(percentile(&mut lag.lags, 0.5)),
            ms(percentile(&mut lag.lags, 0.99))
        ),
        format!(
            "a marker every 0.5 s: {} written meanwhile",
            size.window.as_millis() / 500
        ),
        "p99 ≤ 250 ms",
    );
    table.add(
        2,
        &format!(
            "RSS after sync / after {} s of churn ({} events)",
            size.window.as_secs(),
            size.churn as u64 * size.window.as_secs()
        ),
        format!("{} / {} MiB", rss_synced / 1024, rss_after / 1024),
        "—".into(),
        "bounded",
    );
    c.quit();
    table.notes.push(format!(
        "Churn world: {} pods; simulator CPU {:.1} s in all.",
        churn.pods,
        cpu_time(churn.pid()).as_secs_f64()
    ));
    drop(churn);

    super::wide::all_teams(bin, size, kubectl.is_some(), &mut table)?;
    table.notes.push(format!(
        "Whole run: {:.0} s; {} cores, shared with other builds (figures are noisy: compare a \
         row's two columns, measured in the same run).",
        started.elapsed().as_secs_f64(),
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    ));
    Ok(table)
}

/// The churn's markers as they first appear on screen, each with its lag.
pub struct MarkerLag {
    seen: std::collections::HashSet<u64>,
    pub lags: Vec<Duration>,
}

impl MarkerLag {
    /// Markers already on `screen` are old: not timed.
    pub fn new(screen: &str) -> MarkerLag {
        MarkerLag {
            seen: screen::markers(screen).into_iter().collect(),
            lags: Vec::new(),
        }
    }

    pub fn look(&mut self, s: &vt100::Screen, at: std::time::SystemTime) {
        for m in screen::markers(&s.contents()) {
            if self.seen.insert(m) {
                self.lags.push(screen::marker_lag(m, at));
            }
        }
    }
}

/// From any screen: the pods of `namespace` filtered to `pod`, then its log.
pub fn open_log(c: &mut Pty, namespace: &str, pod: &str) {
    c.send(&format!(":pods {namespace}\r"));
    c.settle(Duration::from_millis(300), Duration::from_secs(3));
    c.send(&format!("/{pod}\r"));
    c.settle(Duration::from_millis(300), Duration::from_secs(2));
    c.send("l");
    c.drain_for(Duration::from_secs(3));
}

/// What a log pane on `--log-rate`'s numbered lines showed over a window.
pub struct LogFollow {
    pub received: u64,
    pub produced: u64,
    pub gap: i64,
    pub dropped: u64,
    pub lag_end: Duration,
    pub rss_before: u64,
    pub rss_peak: u64,
    pub rss_after: u64,
    pub cpu: f64,
}

/// The log pane's state: lines kept (when the header has room to say it) and dropped, as
/// its header says, and the newest number on screen with its time.
struct LogState {
    kept: Option<u64>,
    dropped: u64,
    seq: u64,
    at: std::time::SystemTime,
}

fn log_state(c: &Pty) -> Option<LogState> {
    let text = c.screen_text();
    let header = text
        .lines()
        .find(|l| l.contains("following") || l.contains("streaming"))?;
    let (seq, at) = screen::newest_seq(&text)?;
    Some(LogState {
        kept: screen::count_before(header, "lines"),
        dropped: screen::count_before(header, "dropped").unwrap_or(0),
        seq,
        at,
    })
}

/// The log pane's buffer: the cockpit's default `log_lines` (the demo config sets none).
const LOG_LINES: u64 = 10_000;

/// Lines received between two states: kept + dropped, as the header says. An 80-column header
/// keeps only the dropped count once the buffer drops: it is full then, it keeps `LOG_LINES`.
fn received(a: &LogState, b: &LogState) -> Option<u64> {
    let kept = |s: &LogState| s.kept.or((s.dropped > 0).then_some(LOG_LINES));
    Some((kept(b)? + b.dropped).saturating_sub(kept(a)? + a.dropped))
}

/// Watches an open log pane for `window`: what it received against what the world wrote.
pub fn follow_log(c: &mut Pty, window: Duration) -> Result<LogFollow, String> {
    let unreadable =
        |c: &Pty| format!("the log pane shows no numbered lines:\n{}", c.screen_text());
    let a = log_state(c).ok_or_else(|| unreadable(c))?;
    let at0 = std::time::SystemTime::now();
    let rss_before = rss_kib(c.pid());
    let cpu = CpuMeter::start(c.pid());
    let mut rss_peak = rss_before;
    let end = Instant::now() + window;
    while let Some(left) = end.checked_duration_since(Instant::now()) {
        c.drain_for(left.min(Duration::from_secs(1)));
        rss_peak = rss_peak.max(rss_kib(c.pid()));
    }
    let cpu = cpu.share();
    // Let the last frame land so the header and the lines are of one moment.
    c.settle(Duration::from_millis(100), Duration::from_millis(500));
    let b = log_state(c).ok_or_else(|| unreadable(c))?;
    let at1 = std::time::SystemTime::now();
    let got = received(&a, &b)
        .ok_or_else(|| format!("the log pane's header has no count:\n{}", c.screen_text()))?;
    let behind = |at: std::time::SystemTime, t| at.duration_since(t).unwrap_or_default();
    // The world writes line k at start + k × 100 B / rate: what it had written at a moment is
    // the newest line seen plus the lines of the time since that line.
    let span = b.seq.saturating_sub(a.seq);
    let per_sec = span as f64
        / b.at
            .duration_since(a.at)
            .unwrap_or_default()
            .as_secs_f64()
            .max(1e-3);
    let produced =
        span as f64 + (behind(at1, b.at).as_secs_f64() - behind(at0, a.at).as_secs_f64()) * per_sec;
    Ok(LogFollow {
        received: got,
        produced: produced.max(0.0).round() as u64,
        gap: span as i64 - got as i64,
        dropped: b.dropped - a.dropped,
        lag_end: behind(at1, b.at),
        rss_before,
        rss_peak,
        rss_after: rss_kib(c.pid()),
        cpu,
    })
}

/// The peer of a log follow: `kubectl logs -f` of the same pod for `window`, its lines counted
/// and their numbers checked for gaps; (lines, gaps, CPU share of a core).
fn kubectl_follow(
    env: &[(String, String)],
    namespace: &str,
    pod: &str,
    window: Duration,
) -> Option<(u64, u64, f64)> {
    use std::io::BufRead;
    let mut child = Command::new("kubectl")
        .args(["logs", "-f", "--tail=1", "-n", namespace, pod])
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let out = child.stdout.take()?;
    let counter = std::thread::spawn(move || {
        let (mut lines, mut gaps, mut last) = (0u64, 0u64, None::<u64>);
        for l in std::io::BufReader::new(out).lines() {
            let Ok(l) = l else { break };
            let n = l
                .find("seq=")
                .and_then(|at| l.get(at + 4..at + 14)?.parse::<u64>().ok());
            if let (Some(n), Some(p)) = (n, last) {
                gaps += n.saturating_sub(p + 1);
            }
            last = n.or(last);
            lines += 1;
        }
        (lines, gaps)
    });
    let cpu = CpuMeter::start(child.id());
    std::thread::sleep(window);
    let share = cpu.share();
    let _ = child.kill();
    let _ = child.wait();
    let (lines, gaps) = counter.join().ok()?;
    Some((lines, gaps, share))
}

pub(super) fn which(tool: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|p| {
        std::env::split_paths(&p)
            .map(|d| d.join(tool))
            .find(|f| Path::new(f).is_file())
    })
}
