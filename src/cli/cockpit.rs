//! `stagecoach`: the cockpit on whatever cluster the kubeconfig names.

use std::process::ExitCode;

use stagecoach::launch::{launch, LaunchOptions};
use stagecoach::runtime;

use super::TargetArgs;

pub fn options(t: &TargetArgs) -> LaunchOptions {
    LaunchOptions {
        config_file: t.config.clone(),
        kubeconfig: t.kubeconfig.clone(),
        context: t.context.clone(),
        team: t.team.clone(),
        readonly: t.readonly,
        ..LaunchOptions::default()
    }
}

/// Runs the cockpit until the user quits or a signal arrives.
pub async fn run_with(opts: LaunchOptions) -> ExitCode {
    let cockpit = match launch(opts).await {
        Ok(c) => c,
        Err(e) => return fail(&e),
    };
    let (mut terminal, guard) = match stagecoach::terminal::init() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("stagecoach: cannot set up the terminal: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime::run(&mut terminal, cockpit).await;
    drop(guard);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e),
    }
}

pub async fn run(t: &TargetArgs) -> ExitCode {
    run_with(options(t)).await
}

/// Prints an error (with its causes, secrets redacted) and gives the exit code for it.
pub fn fail(e: &anyhow::Error) -> ExitCode {
    eprintln!(
        "stagecoach: {}",
        stagecoach::secrets::redact(&format!("{e:#}"))
    );
    ExitCode::FAILURE
}
