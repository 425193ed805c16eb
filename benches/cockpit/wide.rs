//! All teams (issue 15's 100k-pod target): the stage matrix of a `--scale N` world, rendered
//! from start and used interactively, beside `kubectl get pods -A` on the same world.
//! `cargo bench --bench cockpit -- wide` runs this part alone; with `STAGECOACH_BENCH_SCALE=400`
//! that is 1,200 teams, 7,200 namespaces and ~100k pods.

use std::time::{Duration, Instant};

use super::pty::{hwm_kib, rss_kib, CpuMeter, Pty};
use super::run::{failed, median_of, ms, percentile, timed, Size, Table, World};

/// How far below the cockpit the 100k-pod world runs (`STAGECOACH_BENCH_WORLD_NICE` changes
/// it: 0 measures a machine whose cores are shared with a busy neighbour).
fn world_nice() -> i32 {
    std::env::var("STAGECOACH_BENCH_WORLD_NICE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10)
}

pub fn all_teams(bin: &str, size: &Size, kubectl: bool, table: &mut Table) -> Result<(), String> {
    // At this size the world's own clockwork keeps one of this machine's two cores busy and
    // serving the watches more (100–140 % of a core): at the same priority as the cockpit it
    // held the cockpit's loop in the run queue for 100 ms and more (a key's turn: 2 ms of CPU
    // in 145 ms). It stands for a cluster, whose API servers run elsewhere: it runs niced, so
    // that what is measured is the cockpit, not a shared core. kubectl meets the same world.
    let nice = world_nice();
    let wide = World::start_niced(bin, &[format!("--scale={}", size.scale)], nice)?;
    let sim = CpuMeter::start(wide.pid());
    let env = wide.env();
    let config = wide.file("stagecoach.yaml").display().to_string();
    let all = median_of(size.runs, || {
        let t = timed(bin, &["--config", &config, "render", "stages"], &env);
        (t.wall, t.maxrss, t.ok)
    });
    let ka = if kubectl {
        median_of(size.runs, || {
            let t = timed("kubectl", &["get", "pods", "-A"], &env);
            (t.wall, t.maxrss, t.ok)
        })
    } else {
        (Duration::ZERO, 0, false)
    };
    let ka_text = if kubectl {
        format!(
            "{}{} (kubectl get pods -A) ({} MiB)",
            ms(ka.0),
            failed(ka.2),
            ka.1 / 1024
        )
    } else {
        "kubectl not installed".into()
    };
    table.add(
        1,
        &format!(
            "all teams (--scale {}, {} pods): start → complete stage matrix (peak RSS)",
            size.scale, wide.pods
        ),
        format!("{}{} ({} MiB)", ms(all.0), failed(all.2), all.1 / 1024),
        ka_text,
        "≤ kubectl get pods -A",
    );
    let one = median_of(size.runs, || {
        let t = timed(
            bin,
            &["--config", &config, "--team", "payments", "render", "pods"],
            &env,
        );
        (t.wall, t.maxrss, t.ok)
    });
    table.add(
        8,
        &format!(
            "render pods --team payments at --scale {} (peak RSS)",
            size.scale
        ),
        format!("{}{} ({} MiB)", ms(one.0), failed(one.2), one.1 / 1024),
        "start-up must not grow with other teams".into(),
        "no fixed sleeps",
    );
    let renders_sim = sim.share();

    // The interactive cockpit on every team: the matrix is the largest list there is. The
    // world changes all the time at this size (hundreds of pod events a second), so a frame
    // after a key is not the key's: each key is timed to the first frame showing its effect.
    let env_ref: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let t = Instant::now();
    let mut c =
        Pty::spawn(bin, &["--config", &config], &env_ref).map_err(|e| format!("no pty: {e}"))?;
    let first = c.next_frame(Duration::from_secs(120)).map(|at| at - t);
    // The renders above took `all.0` to sync the same world: twice that, and a window.
    c.drain_for(all.0 * 2 + size.window);
    let rss = rss_kib(c.pid());
    let sim = CpuMeter::start(wide.pid());
    let mut filter = Vec::new();
    let mut opens = Vec::new();
    for _ in 0..size.rounds {
        c.send("/");
        c.drain_for(Duration::from_millis(200));
        let mut typed = String::from("/");
        for ch in ["d", "e", "v", "\x7f", "\x7f", "\x7f"] {
            if ch == "\x7f" {
                typed.pop();
            } else {
                typed.push_str(ch);
            }
            let bar = typed.clone();
            // The input bar is the screen's last line.
            key_until(&mut c, ch, &mut filter, |s| {
                s.lines().last().is_some_and(|l| l.trim_end() == bar)
            });
        }
        c.send("\x1b");
        c.drain_for(Duration::from_millis(300));
        // Open the selected stage (its pods, from the cluster-wide watch) and come back.
        key_until(&mut c, "\r", &mut opens, |s| {
            s.lines().next().is_some_and(|l| l.contains("pods"))
        });
        key_until(&mut c, "\x1b", &mut opens, |s| {
            s.lines().next().is_some_and(|l| !l.contains("pods"))
        });
    }
    let keys_sim = sim.share();
    let hwm = hwm_kib(c.pid());
    c.quit();
    table.add(
        2,
        &format!(
            "all teams ({} pods): RSS after sync, matrix (peak)",
            wide.pods
        ),
        format!("{} MiB ({} MiB)", rss / 1024, hwm / 1024),
        format!("kubectl get pods -A peak {} MiB", ka.1 / 1024),
        "≤ 400 MB at 100k pods",
    );
    let p =
        |v: &mut Vec<Duration>| format!("{} / {}", ms(percentile(v, 0.5)), ms(percentile(v, 0.99)));
    table.add(
        3,
        &format!(
            "all teams ({} pods), keystroke → frame showing it, p50 / p99: `/` filter typing ({} keys); open a stage and back ({})",
            wide.pods,
            filter.len(),
            opens.len()
        ),
        format!("{}; {}", p(&mut filter), p(&mut opens)),
        "kubectl: none".into(),
        "p99 ≤ 50 ms at 100k pods",
    );
    table.notes.push(format!(
        "All teams (--scale {}): the interactive cockpit's first frame {} after start, all \
         read {} later; simulator (at nice {nice}) CPU {:.0} % of a core during the \
         renders and kubectl, {:.0} % during the keystrokes.",
        size.scale,
        first.map(ms).unwrap_or_else(|| "never".into()),
        ms(all.0 * 2 + size.window),
        renders_sim * 100.0,
        keys_sim * 100.0
    ));
    drop(wide);
    Ok(())
}

/// Sends `key` and times it to the first frame after which the screen `shows` its effect
/// (nothing recorded if none does within 5 s).
fn key_until(c: &mut Pty, key: &str, into: &mut Vec<Duration>, shows: impl Fn(&str) -> bool) {
    let sent = Instant::now();
    c.send(key);
    let deadline = sent + Duration::from_secs(5);
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match c.next_frame(left) {
            Some(at) if shows(&c.screen_text()) => {
                into.push(at - sent);
                return;
            }
            Some(_) => {}
            None => return,
        }
    }
}
