//! `stagecoach demo serve`: the world alone, until SIGINT or SIGTERM.

use std::path::Path;
use std::process::ExitCode;

use stagecoach::sim::faults::Faults;
use stagecoach::sim::scenario::Scenario;
use stagecoach::sim::serve::{RunningSim, SimOptions};

pub use super::scenario_args::ScenarioArgs;
use super::WorldArgs;

/// The scenario the flags ask for.
fn scenario(a: &ScenarioArgs) -> Scenario {
    Scenario {
        big_team: a.big_team,
        huge_namespace: a.huge_namespace,
        bulk_releases: a.bulk_releases,
        churn: a.churn,
        log_rate: a.log_rate,
    }
}

pub async fn run(dir: &Path, args: &WorldArgs, scenario_args: &ScenarioArgs) -> ExitCode {
    if let Err(e) = Faults::parse(&args.faults) {
        eprintln!("stagecoach: {e}");
        return ExitCode::from(2);
    }
    let mut sim = match RunningSim::start(SimOptions {
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
    let scenario = scenario(scenario_args);
    sim.add_scenario(&scenario);
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
        sim.state.store.count(stagecoach::sim::kinds::Kind::Pod),
        dir.display(),
        dir.join("kubeconfig").display()
    );
    if let Some(rate) = scenario.log_rate {
        eprintln!(
            "  kubectl logs -f -n {} {}   # {rate} bytes of numbered lines a second",
            stagecoach::sim::scenario::log_rate_namespace(&sim.world),
            stagecoach::sim::world::log_rate::POD
        );
    }
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
