//! `stagecoach demo`: the embedded world and the cockpit in one process. The cockpit reads the
//! world's kubeconfig and config from files, exactly as it would for a real cluster.

use std::process::ExitCode;

use stagecoach::sim::faults::Faults;
use stagecoach::sim::serve::{RunningSim, SimOptions};

use super::{TargetArgs, WorldArgs};

/// Starts the world and writes its files into a private temp dir, which lives as long as the
/// returned handle.
pub async fn start_world(args: &WorldArgs) -> Result<(RunningSim, tempfile::TempDir), String> {
    Faults::parse(&args.faults).map_err(|e| e.to_string())?;
    let sim = RunningSim::start(SimOptions {
        seed: args.seed,
        scale: args.scale,
        faults: args.faults.clone(),
        metrics: args.metrics,
        ..SimOptions::default()
    })
    .await
    .map_err(|e| format!("cannot start the demo world: {e:#}"))?;
    let dir = tempfile::Builder::new()
        .prefix("stagecoach-demo-")
        .tempdir()
        .map_err(|e| format!("cannot make a directory for the demo world: {e}"))?;
    sim.write_dir(dir.path())
        .map_err(|e| format!("cannot write the demo world's files: {e:#}"))?;
    Ok((sim, dir))
}

pub async fn run(world: &WorldArgs, target: &TargetArgs) -> ExitCode {
    let (_sim, dir) = match start_world(world).await {
        Ok(w) => w,
        Err(e) => {
            eprintln!("stagecoach: {e}");
            return ExitCode::from(2);
        }
    };
    let mut opts = super::cockpit::options(target);
    opts.config_file = Some(dir.path().join("stagecoach.yaml"));
    opts.kubeconfig = Some(dir.path().join("kubeconfig"));
    super::cockpit::run_with(opts).await
}
