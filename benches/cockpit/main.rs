//! The cockpit beside kubectl and helm, on the same demo world, in one run:
//! `cargo bench --bench cockpit`. Prints one table (issue 15's eight measurements).
//!
//! Worlds are `stagecoach demo serve` processes with load scenarios (docs/demo-world.md); the
//! cockpit is the real binary: `render` for time to a complete view (it returns as soon as the
//! view is complete), and the interactive cockpit in a pseudo-terminal for keystroke → frame
//! (each frame ends with the synchronized-update end, `ESC [?2026l`), RSS, CPU and bytes
//! written. `STAGECOACH_BENCH_SIZE=tiny` runs everything on small worlds (the test suite's
//! smoke run); `STAGECOACH_BENCH_SCALE` (40) sets the all-teams world.
//!
//! `cargo bench --bench cockpit -- soak` runs the soak instead (`soak.rs`; `SOAK_MINUTES`);
//! `-- wide` runs only the all-teams rows (`wide.rs`; `STAGECOACH_BENCH_SCALE=400` for 100k pods).

mod pty;
mod run;
mod screen;
mod soak;
mod wide;

fn main() {
    // `cargo test --benches` runs bench targets without `--bench`: nothing to do there.
    if !std::env::args().any(|a| a == "--bench") {
        eprintln!("cockpit is a benchmark: run it with `cargo bench --bench cockpit`");
        return;
    }
    if std::env::args().any(|a| a == "soak") {
        match soak::run(
            env!("CARGO_BIN_EXE_stagecoach"),
            &soak::SoakSize::from_env(),
        ) {
            Ok(report) => println!("{}", report.render()),
            Err(e) => {
                eprintln!("soak: {e}");
                std::process::exit(1);
            }
        }
        return;
    }
    let size = run::Size::from_env();
    if std::env::args().any(|a| a == "wide") {
        let mut table = run::Table::default();
        let started = std::time::Instant::now();
        let kubectl = run::which("kubectl").is_some();
        match wide::all_teams(env!("CARGO_BIN_EXE_stagecoach"), &size, kubectl, &mut table) {
            Ok(()) => {
                table.notes.push(format!(
                    "Whole run: {:.0} s.",
                    started.elapsed().as_secs_f64()
                ));
                println!("{}", table.render());
            }
            Err(e) => {
                eprintln!("cockpit bench (wide): {e}");
                std::process::exit(1);
            }
        }
        return;
    }
    match run::run(env!("CARGO_BIN_EXE_stagecoach"), &size) {
        Ok(table) => println!("{}", table.render()),
        Err(e) => {
            eprintln!("cockpit bench: {e}");
            std::process::exit(1);
        }
    }
}
