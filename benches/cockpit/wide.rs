//! All teams (issue 15's 100k-pod target): the stage matrix of a `--scale N` world, rendered
//! from start and used interactively, beside `kubectl get pods -A` on the same world.
//! `cargo bench --bench cockpit -- wide` runs this part alone; with `STAGECOACH_BENCH_SCALE=400`
//! that is 1,200 teams, 7,200 namespaces and ~100k pods.

use std::time::{Duration, Instant};

use super::pty::{hwm_kib, rss_kib, CpuMeter, Pty};
use super::run::{failed, median_of, ms, percentile, timed, Size, Table, World};

pub fn all_teams(bin: &str, size: &Size, kubectl: bool, table: &mut Table) -> Result<(), String> {
    let wide = World::start(bin, &[format!("--scale={}", size.scale)])?;
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

    // The interactive cockpit on every team: the matrix is the largest list there is.
    let env_ref: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let t = Instant::now();
    let mut c =
        Pty::spawn(bin, &["--config", &config], &env_ref).map_err(|e| format!("no pty: {e}"))?;
    let first = c.next_frame(Duration::from_secs(120)).map(|at| at - t);
    c.settle(Duration::from_millis(1500), Duration::from_secs(300));
    let synced = t.elapsed().saturating_sub(Duration::from_millis(1500));
    let rss = rss_kib(c.pid());
    let sim = CpuMeter::start(wide.pid());
    let mut filter = Vec::new();
    let mut moves = Vec::new();
    let mut opens = Vec::new();
    let time_key = |c: &mut Pty, key: &str, into: &mut Vec<Duration>| {
        let sent = Instant::now();
        c.send(key);
        if let Some(at) = c.next_frame(Duration::from_secs(5)) {
            into.push(at - sent);
        }
        c.settle(Duration::from_millis(100), Duration::from_secs(3));
    };
    for _ in 0..size.rounds {
        c.send("/");
        c.settle(Duration::from_millis(150), Duration::from_secs(3));
        for ch in ["p", "a", "y", "-", "q", "a"] {
            time_key(&mut c, ch, &mut filter);
        }
        c.send("\r");
        c.settle(Duration::from_millis(150), Duration::from_secs(3));
        // Esc on home clears the filter: the whole matrix again.
        time_key(&mut c, "\x1b", &mut filter);
        for key in ["j", "j", "j", "k", "k", "k"] {
            time_key(&mut c, key, &mut moves);
        }
        // Open the stage under the cursor (its pods, from the cluster-wide watch) and back.
        time_key(&mut c, "\r", &mut opens);
        time_key(&mut c, "\x1b", &mut opens);
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
            "all teams ({} pods), keystroke → frame p50 / p99: `/` filter ({}), j/k ({}), open a stage and back ({})",
            wide.pods,
            filter.len(),
            moves.len(),
            opens.len()
        ),
        format!(
            "{}; {}; {}",
            p(&mut filter),
            p(&mut moves),
            p(&mut opens)
        ),
        "kubectl: none".into(),
        "p99 ≤ 50 ms at 100k pods",
    );
    table.notes.push(format!(
        "All teams (--scale {}): the interactive cockpit's first frame {} after start, all \
         stages synced after {}; simulator CPU {:.0} % of a core during the renders and kubectl, \
         {:.0} % during the keystrokes.",
        size.scale,
        first.map(ms).unwrap_or_else(|| "never".into()),
        ms(synced),
        renders_sim * 100.0,
        keys_sim * 100.0
    ));
    drop(wide);
    Ok(())
}
