//! The soak (issue 16): the cockpit on a churning `--scale 10` world for 30 minutes, going
//! round the screens a user keeps open — the churn's marker pod (event → screen lag), two log
//! follows (the `--log-rate` pod and an app's), a running build's console, and every few
//! rounds a deploy of payments-qa followed on its screen. Each minute it samples the cockpit's
//! RSS, CPU, open descriptors, threads and tasks (tokio's and the runner's, which the cockpit
//! writes to its log on SIGUSR1) and the lag of the markers seen; at the end, a verdict per
//! series: flat or growing.
//!
//! `cargo bench --bench cockpit -- soak`; `SOAK_MINUTES` (30) shortens it, `SOAK_SCALE` (10),
//! `SOAK_CHURN` (pod events a second, 100) and `SOAK_LOG_RATE` (100KB) change the world.

use std::time::{Duration, Instant};

use super::pty::{cpu_time, open_fds, rss_kib, threads, Pty};
use super::run::{follow_log, open_log, MarkerLag, World};
use super::screen;

pub struct SoakSize {
    pub total: Duration,
    pub sample_every: Duration,
    pub scale: u32,
    pub churn: u32,
    pub log_rate: String,
    /// How long each screen of a round is watched.
    pub step: Duration,
    /// A deploy every this many rounds.
    pub deploy_every: usize,
}

impl SoakSize {
    pub fn from_env() -> SoakSize {
        let env = |k: &str| std::env::var(k).ok();
        let minutes: f64 = env("SOAK_MINUTES")
            .and_then(|v| v.parse().ok())
            .unwrap_or(30.0);
        SoakSize {
            total: Duration::from_secs_f64(minutes * 60.0),
            sample_every: Duration::from_secs(60),
            scale: env("SOAK_SCALE").and_then(|v| v.parse().ok()).unwrap_or(10),
            churn: env("SOAK_CHURN")
                .and_then(|v| v.parse().ok())
                .unwrap_or(100),
            log_rate: env("SOAK_LOG_RATE").unwrap_or_else(|| "100KB".into()),
            step: Duration::from_secs(15),
            deploy_every: 3,
        }
    }

    /// The test suite's smoke run (`tests/cockpit/bench_smoke.rs`).
    #[allow(dead_code)]
    pub fn tiny() -> SoakSize {
        SoakSize {
            total: Duration::from_secs(30),
            sample_every: Duration::from_secs(5),
            scale: 1,
            churn: 20,
            log_rate: "5KB".into(),
            step: Duration::from_secs(2),
            deploy_every: 1,
        }
    }
}

/// One sample: the cockpit over the last period.
#[derive(Debug, Clone, Default)]
pub struct Sample {
    pub at: Duration,
    pub rss_kib: u64,
    pub cpu: f64,
    pub fds: usize,
    pub threads: u64,
    pub tokio_tasks: Option<u64>,
    pub runner_tasks: Option<u64>,
    pub lag_p50: Option<Duration>,
    pub lag_p99: Option<Duration>,
    pub log_gap: i64,
}

pub struct SoakReport {
    pub samples: Vec<Sample>,
    pub verdicts: Vec<(String, String)>,
    pub notes: Vec<String>,
}

impl SoakReport {
    pub fn render(&self) -> String {
        let mut out = String::from(
            "| min | RSS MiB | CPU % | fds | threads | tokio tasks | runner tasks | lag p50 / p99 ms | log gap |\n|---|---|---|---|---|---|---|---|---|\n",
        );
        let opt = |v: Option<u64>| v.map_or("?".to_string(), |v| v.to_string());
        let lag = |d: Option<Duration>| d.map_or("—".to_string(), |d| d.as_millis().to_string());
        for s in &self.samples {
            out.push_str(&format!(
                "| {:.1} | {:.1} | {:.1} | {} | {} | {} | {} | {} / {} | {} |\n",
                s.at.as_secs_f64() / 60.0,
                s.rss_kib as f64 / 1024.0,
                s.cpu * 100.0,
                s.fds,
                s.threads,
                opt(s.tokio_tasks),
                opt(s.runner_tasks),
                lag(s.lag_p50),
                lag(s.lag_p99),
                s.log_gap
            ));
        }
        out.push('\n');
        for (what, verdict) in &self.verdicts {
            out.push_str(&format!("- {what}: {verdict}\n"));
        }
        for n in &self.notes {
            out.push_str(&format!("\n{n}"));
        }
        out
    }
}

/// "flat" or "growing": the mean of the last third of the samples against the first third's
/// (the first sample, taken while start-up settles, left out), allowing `slack` or 10 %.
pub fn verdict(values: &[f64], slack: f64, unit: &str) -> String {
    let v: Vec<f64> = values.iter().skip(1).copied().collect();
    if v.len() < 3 {
        return format!("too few samples ({})", v.len());
    }
    let third = v.len() / 3;
    let mean = |s: &[f64]| s.iter().sum::<f64>() / s.len() as f64;
    let (first, last) = (mean(&v[..third]), mean(&v[v.len() - third..]));
    let growth = last - first;
    let text = format!("{first:.1} → {last:.1} {unit}");
    if growth <= slack.max(first.abs() * 0.10) {
        format!("flat ({text})")
    } else {
        format!("GROWING ({text})")
    }
}

struct Soak<'a> {
    c: Pty,
    size: &'a SoakSize,
    started: Instant,
    log_file: std::path::PathBuf,
    last_sample: Instant,
    last_cpu: Duration,
    lags: Vec<Duration>,
    log_gap: i64,
    samples: Vec<Sample>,
}

impl Soak<'_> {
    /// Reads the screen for `d`, sampling when a period has passed.
    fn watch(&mut self, d: Duration, mut lag: Option<&mut MarkerLag>) {
        let end = Instant::now() + d;
        while let Some(left) = end.checked_duration_since(Instant::now()) {
            let slice = left.min(Duration::from_secs(1));
            match lag.as_deref_mut() {
                Some(l) => self.c.observe_for(slice, |s, at| l.look(s, at)),
                None => self.c.drain_for(slice),
            };
            if let Some(l) = lag.as_deref_mut() {
                self.lags.append(&mut l.lags);
            }
            if self.last_sample.elapsed() >= self.size.sample_every {
                self.sample();
            }
        }
    }

    fn sample(&mut self) {
        let pid = self.c.pid();
        let cpu_now = cpu_time(pid);
        let wall = self.last_sample.elapsed().as_secs_f64().max(1e-3);
        let cpu = (cpu_now.saturating_sub(self.last_cpu)).as_secs_f64() / wall;
        // SAFETY: signalling our own child by its pid; it handles SIGUSR1 (src/runtime.rs).
        unsafe {
            libc::kill(pid as i32, libc::SIGUSR1);
        }
        self.c.drain_for(Duration::from_millis(300));
        let (tokio_tasks, runner_tasks) = task_counts(&self.log_file);
        let mut lags = std::mem::take(&mut self.lags);
        lags.sort();
        let pick = |p: f64| {
            (!lags.is_empty()).then(|| lags[((lags.len() as f64 - 1.0) * p).round() as usize])
        };
        let s = Sample {
            at: self.started.elapsed(),
            rss_kib: rss_kib(pid),
            cpu,
            fds: open_fds(pid),
            threads: threads(pid),
            tokio_tasks,
            runner_tasks,
            lag_p50: pick(0.5),
            lag_p99: pick(0.99),
            log_gap: std::mem::take(&mut self.log_gap),
        };
        eprintln!("  soak {s:?}");
        self.samples.push(s);
        self.last_sample = Instant::now();
        self.last_cpu = cpu_now;
    }

    /// Back to the stage matrix: the navigation stack does not grow over the rounds.
    fn home(&mut self) {
        self.c.send("H");
        self.c.drain_for(Duration::from_millis(500));
    }
}

/// The last SIGUSR1 report in the cockpit's log: tokio's live tasks and the runner's.
fn task_counts(log: &std::path::Path) -> (Option<u64>, Option<u64>) {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let Some(line) = text
        .lines()
        .rev()
        .find(|l| l.contains("task count (SIGUSR1)"))
    else {
        return (None, None);
    };
    let field = |k: &str| {
        let at = line.find(&format!("{k}="))? + k.len() + 1;
        line[at..]
            .split(|c: char| !c.is_ascii_digit())
            .next()?
            .parse()
            .ok()
    };
    (field("tokio_tasks"), field("runner_tasks"))
}

/// The pod the churn marks (`M` + six digits in its STATUS), found with kubectl.
fn marker_pod(world: &World) -> Option<(String, String)> {
    for _ in 0..20 {
        let out = std::process::Command::new("kubectl")
            .args(["get", "pods", "-A", "--no-headers"])
            .envs(world.env())
            .output()
            .ok()?;
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        if let Some(l) = text.lines().find(|l| !screen::markers(l).is_empty()) {
            let mut w = l.split_whitespace();
            return Some((w.next()?.to_string(), w.next()?.to_string()));
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    None
}

pub fn run(bin: &str, size: &SoakSize) -> Result<SoakReport, String> {
    let world = World::start(
        bin,
        &[
            format!("--scale={}", size.scale),
            format!("--churn={}", size.churn),
            format!("--log-rate={}", size.log_rate),
        ],
    )?;
    let marker = marker_pod(&world);
    let mut env = world.env();
    let log_file = world.file("cockpit.log");
    env.push(("STAGECOACH_LOG_FILE".into(), log_file.display().to_string()));
    let env_ref: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let config = world.file("stagecoach.yaml").display().to_string();
    let c =
        Pty::spawn(bin, &["--config", &config], &env_ref).map_err(|e| format!("no pty: {e}"))?;
    let mut s = Soak {
        c,
        size,
        started: Instant::now(),
        log_file,
        last_sample: Instant::now(),
        last_cpu: Duration::ZERO,
        lags: Vec::new(),
        log_gap: 0,
        samples: Vec::new(),
    };
    // The first frame, then the first sync (the churn never lets the screen settle).
    s.c.next_frame(Duration::from_secs(60));
    s.c.drain_for(Duration::from_secs(5));
    s.started = Instant::now();
    s.last_sample = s.started;
    s.last_cpu = cpu_time(s.c.pid());
    let (mut rounds, mut deploys, mut follows) = (0usize, 0usize, 0usize);
    while s.started.elapsed() < size.total {
        // The churn's marker pod: event → screen lag.
        if let Some((ns, pod)) = &marker {
            s.c.send(&format!(":pods {ns}\r"));
            s.c.drain_for(Duration::from_secs(1));
            s.c.send(&format!("/{pod}\r"));
            s.c.drain_for(Duration::from_secs(1));
            let mut lag = MarkerLag::new(&s.c.screen_text());
            s.watch(size.step, Some(&mut lag));
            s.home();
        }
        // Two log follows: the numbered lines at --log-rate (counted), then an app's log.
        open_log(&mut s.c, "payments-dev", "log-firehose");
        if let Ok(f) = follow_log(&mut s.c, size.step) {
            s.log_gap += f.gap;
            follows += 1;
        }
        s.watch(Duration::from_secs(1), None);
        s.home();
        open_log(&mut s.c, "payments-dev", "payments-api");
        s.watch(size.step, None);
        s.home();
        // A running build's console, followed.
        s.c.send(":jobs payments\r");
        s.c.drain_for(Duration::from_secs(2));
        s.c.send("/e2e-tests\r");
        s.c.drain_for(Duration::from_secs(1));
        s.c.send("c");
        s.watch(size.step, None);
        s.home();
        // Every few rounds a deploy of payments-qa, followed on its screen.
        if rounds % size.deploy_every == 0 {
            s.c.send(":deploy payments-qa\r");
            s.c.drain_for(Duration::from_secs(2));
            s.c.send("b");
            s.watch(size.step * 2, None);
            s.home();
            deploys += 1;
        }
        rounds += 1;
    }
    s.sample();
    let series = |f: &dyn Fn(&Sample) -> Option<f64>| -> Vec<f64> {
        s.samples.iter().filter_map(f).collect()
    };
    let mut verdicts = vec![
        (
            "memory (RSS)".to_string(),
            verdict(&series(&|x| Some(x.rss_kib as f64 / 1024.0)), 5.0, "MiB"),
        ),
        (
            "open descriptors".into(),
            verdict(&series(&|x| Some(x.fds as f64)), 4.0, "fds"),
        ),
        (
            "threads".into(),
            verdict(&series(&|x| Some(x.threads as f64)), 2.0, "threads"),
        ),
        (
            "tokio tasks".into(),
            verdict(&series(&|x| x.tokio_tasks.map(|v| v as f64)), 8.0, "tasks"),
        ),
        (
            "event → screen lag p99".into(),
            verdict(
                &series(&|x| x.lag_p99.map(|d| d.as_secs_f64() * 1000.0)),
                50.0,
                "ms",
            ),
        ),
    ];
    let gaps: i64 = s.samples.iter().map(|x| x.log_gap).sum();
    verdicts.push((
        "log lines lost (gaps in the numbers)".into(),
        format!("{gaps} over {follows} follows"),
    ));
    let notes = vec![format!(
        "Soak: {:.1} min on --scale {} ({} pods), --churn {}, --log-rate {}; {rounds} rounds, \
         {deploys} deploys; marker pod {}; simulator CPU {:.0} s in all.",
        s.started.elapsed().as_secs_f64() / 60.0,
        size.scale,
        world.pods,
        size.churn,
        size.log_rate,
        marker.map_or("not found (no kubectl?)".into(), |(n, p)| format!(
            "{n}/{p}"
        )),
        cpu_time(world.pid()).as_secs_f64()
    )];
    s.c.quit();
    Ok(SoakReport {
        samples: s.samples,
        verdicts,
        notes,
    })
}
