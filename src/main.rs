//! stagecoach: the entry point. Parses the command line and hands over to the command.

use std::process::ExitCode;

use clap::Parser;

mod cli;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    // Before any socket: what the system allows, so that many watches do not run out.
    let _ = stagecoach::fd_limit::raise_soft_limit();
    // Before the runtime's threads: each would get an arena of its own.
    stagecoach::memory::limit_arenas();
    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    if args.runs_the_cockpit() {
        // The loop runs on this thread (`block_on`); the runtime's threads yield to it.
        runtime.on_thread_start(stagecoach::priority::lower_this_thread);
    }
    let runtime = match runtime.enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("stagecoach: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(cli::run(args))
}
