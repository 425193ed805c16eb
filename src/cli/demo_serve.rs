//! `stagecoach demo serve`: the world alone, until SIGINT or SIGTERM.

use std::path::Path;
use std::process::ExitCode;

use stagecoach::sim::faults::Faults;
use stagecoach::sim::serve::{RunningSim, SimOptions};

use super::WorldArgs;

pub async fn run(dir: &Path, args: &WorldArgs) -> ExitCode {
    if let Err(e) = Faults::parse(&args.faults) {
        eprintln!("stagecoach: {e}");
        return ExitCode::from(2);
    }
    let sim = match RunningSim::start(SimOptions {
        seed: args.seed,
        scale: args.scale,
        faults: args.faults.clone(),
        metrics: args.metrics,
        start: None,
    })
    .await
    {
        Ok(sim) => sim,
        Err(e) => {
            eprintln!("stagecoach: cannot start the demo world: {e:#}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = sim.write_dir(dir) {
        eprintln!(
            "stagecoach: cannot write the world's files into {}: {e:#}",
            dir.display()
        );
        return ExitCode::FAILURE;
    }
    eprintln!(
        "demo world: Kubernetes API on {} ({} pods); files in {}\n  export KUBECONFIG={}\n  kubectl get ns",
        sim.url(),
        sim.world.pod_count(),
        dir.display(),
        dir.join("kubeconfig").display()
    );
    wait_for_signal().await;
    let _ = std::fs::remove_file(dir.join("ready"));
    ExitCode::SUCCESS
}

async fn wait_for_signal() {
    use tokio::signal::unix::{signal, SignalKind};
    let (Ok(mut term), Ok(mut int)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) else {
        let _ = tokio::signal::ctrl_c().await;
        return;
    };
    tokio::select! {
        _ = term.recv() => {}
        _ = int.recv() => {}
    }
}
