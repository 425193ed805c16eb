//! The cockpit benchmark (`benches/cockpit/`) on tiny worlds: it keeps compiling and working,
//! and its table has every measurement. No figure is checked (no timed tests).

#[path = "../../benches/cockpit/pty.rs"]
mod pty;
// `Size::from_env` is the bench binary's; the smoke run names its size.
#[allow(dead_code)]
#[path = "../../benches/cockpit/run.rs"]
mod run;

#[test]
fn the_benchmark_runs_on_tiny_worlds_and_prints_every_measurement() {
    if std::env::var_os("STAGECOACH_SKIP_KUBECTL").is_some() {
        eprintln!("skipped: STAGECOACH_SKIP_KUBECTL is set");
        return;
    }
    let table =
        run::run(env!("CARGO_BIN_EXE_stagecoach"), &run::Size::tiny()).expect("the benchmark runs");
    let text = table.render();
    for n in 1..=8u8 {
        assert!(
            table.rows.iter().any(|r| r.n == n),
            "measurement {n} missing:\n{text}"
        );
    }
    // Every command the table timed succeeded.
    assert!(!text.contains("FAILED"), "{text}");
    assert!(!text.contains("never"), "{text}");
}
