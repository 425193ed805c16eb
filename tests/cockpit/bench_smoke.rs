//! The cockpit benchmark (`benches/cockpit/`) on tiny worlds: it keeps compiling and working,
//! and its table has every measurement. No figure is checked (no timed tests).

#[path = "../../benches/cockpit/pty.rs"]
mod pty;
// `Size::from_env` is the bench binary's; the smoke run names its size.
#[allow(dead_code)]
#[path = "../../benches/cockpit/run.rs"]
mod run;
#[path = "../../benches/cockpit/screen.rs"]
mod screen;
// The soak's sizes from the environment are the bench binary's.
#[allow(dead_code)]
#[path = "../../benches/cockpit/soak.rs"]
mod soak;
#[path = "../../benches/cockpit/wide.rs"]
mod wide;

#[test]
fn the_benchmark_runs_on_tiny_worlds_and_prints_every_measurement() {
    if std::env::var_os("STAGECOACH_SKIP_KUBECTL").is_some() {
        eprintln!("skipped: STAGECOACH_SKIP_KUBECTL is set");
        return;
    }
    let table =
        run::run(env!("CARGO_BIN_EXE_stagecoach"), &run::Size::tiny()).expect("the benchmark runs");
    let text = table.render();
    eprintln!("{text}");
    for n in 1..=8u8 {
        assert!(
            table.rows.iter().any(|r| r.n == n),
            "measurement {n} missing:\n{text}"
        );
    }
    // The all-teams rows: start to matrix, RSS and keystrokes on the interactive matrix.
    let wide: Vec<_> = table
        .rows
        .iter()
        .filter(|r| r.what.starts_with("all teams"))
        .map(|r| r.n)
        .collect();
    assert_eq!(wide, [1, 2, 3], "{text}");
    // Every command the table timed succeeded.
    assert!(!text.contains("FAILED"), "{text}");
    assert!(!text.contains("never"), "{text}");
}

#[test]
fn the_soak_runs_on_a_tiny_world_and_gives_a_verdict_per_series() {
    if std::env::var_os("STAGECOACH_SKIP_KUBECTL").is_some() {
        eprintln!("skipped: STAGECOACH_SKIP_KUBECTL is set");
        return;
    }
    let report = soak::run(env!("CARGO_BIN_EXE_stagecoach"), &soak::SoakSize::tiny())
        .expect("the soak runs");
    let text = report.render();
    eprintln!("{text}");
    assert!(report.samples.len() >= 3, "{text}");
    // The cockpit answered SIGUSR1 with its task counts, and the marker pod was found.
    assert!(
        report.samples.iter().all(|s| s.tokio_tasks.is_some()),
        "{text}"
    );
    assert!(!text.contains("not found"), "{text}");
    for what in [
        "memory",
        "descriptors",
        "threads",
        "tokio tasks",
        "lag",
        "lost",
    ] {
        assert!(
            report.verdicts.iter().any(|(w, _)| w.contains(what)),
            "no verdict on {what}:\n{text}"
        );
    }
}

#[test]
fn markers_log_lines_and_counts_are_read_off_a_screen() {
    let s = "bulk-x-00000   0/1   M012345   3 (2s ago)   4m\nM12 M1234567 xM123456";
    assert_eq!(screen::markers(s), vec![12345]);
    let h = "log-firehose/firehose current  streaming  following  10,000 lines  1,234 dropped";
    assert_eq!(screen::count_before(h, "lines"), Some(10_000));
    assert_eq!(screen::count_before(h, "dropped"), Some(1234));
    let l = "2026-12-03T18:10:00.123Z INFO log-rate seq=0000012345 abc\n\
             2026-12-03T18:10:00.124Z INFO log-rate seq=0000012346 abc";
    assert_eq!(screen::newest_seq(l).map(|(n, _)| n), Some(12346));
}
