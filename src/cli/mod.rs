//! The command line (see design.md, "Command line").

mod demo_serve;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "stagecoach",
    version,
    about = "A terminal cockpit for teams that run their stages on Kubernetes with Jenkins, Helm and Helmfile"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The simulated world: a Kubernetes API (and later Jenkins and a config repo) on loopback.
    Demo(DemoArgs),
}

#[derive(Debug, Args)]
pub struct WorldArgs {
    /// Multiply teams and applications: N=10 gives about ten times the pods.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=2000))]
    pub scale: u32,
    /// Seed of the world: the same seed gives the same world.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Inject faults, e.g. `drop-watches=10s,error-rate=0.05` (see README, "Faults").
    #[arg(long, default_value = "")]
    pub faults: String,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    #[command(subcommand)]
    pub command: Option<DemoCommand>,
    #[command(flatten)]
    pub world: WorldArgs,
}

#[derive(Debug, Subcommand)]
pub enum DemoCommand {
    /// Run the world alone until SIGINT/SIGTERM, writing kubeconfig, stagecoach.yaml,
    /// jenkins.json and, last, ready into DIR.
    Serve {
        /// Where to write the world's files.
        #[arg(long)]
        dir: PathBuf,
        #[command(flatten)]
        world: WorldArgs,
    },
}

pub async fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Demo(demo) => match demo.command {
            Some(DemoCommand::Serve { dir, world }) => demo_serve::run(&dir, &world).await,
            None => {
                // Until the cockpit lands, `demo` serves the world into a temporary directory.
                let dir =
                    std::env::temp_dir().join(format!("stagecoach-demo-{}", std::process::id()));
                demo_serve::run(&dir, &demo.world).await
            }
        },
    }
}
