//! `stagecoach demo serve`: the world alone, until SIGINT or SIGTERM.

use std::path::Path;
use std::process::ExitCode;

use clap::Args;
use stagecoach::sim::faults::Faults;
use stagecoach::sim::scenario::Scenario;
use stagecoach::sim::serve::{RunningSim, SimOptions};

use super::WorldArgs;

/// Load scenarios beside the default world (docs/demo-world.md, "Load scenarios").
#[derive(Debug, Args, Clone, Default)]
#[command(next_help_heading = "Load scenarios (benchmarks)")]
pub struct ScenarioArgs {
    /// One big team: N more pods spread over payments' stages (10000: ~10k pods in one team).
    #[arg(long, value_name = "PODS", default_value_t = 0)]
    pub big_team: usize,
    /// One huge namespace: N pods in advisory-load (13000: k9s#1462's case).
    #[arg(long, value_name = "PODS", default_value_t = 0)]
    pub huge_namespace: usize,
    /// RELEASESxREVISIONS Helm releases in payments-bench, e.g. 1000x10.
    #[arg(long, value_name = "RxV", value_parser = Scenario::parse_releases)]
    pub bulk_releases: Option<(usize, u32)>,
    /// Pod events per second, steady: the bulk pods (else the world's running pods) restart
    /// one after the other.
    #[arg(long, value_name = "PER_SEC", default_value_t = 0)]
    pub churn: u32,
}

impl ScenarioArgs {
    pub fn scenario(&self) -> Scenario {
        Scenario {
            big_team: self.big_team,
            huge_namespace: self.huge_namespace,
            bulk_releases: self.bulk_releases,
            churn: self.churn,
        }
    }
}

pub async fn run(dir: &Path, args: &WorldArgs, scenario: &ScenarioArgs) -> ExitCode {
    if let Err(e) = Faults::parse(&args.faults) {
        eprintln!("stagecoach: {e}");
        return ExitCode::from(2);
    }
    let mut sim = match RunningSim::start(SimOptions {
        seed: args.seed,
        scale: args.scale,
        faults: args.faults.clone(),
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
    sim.add_scenario(&scenario.scenario());
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
