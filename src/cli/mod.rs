//! The command line (see design.md, "Command line").

mod cockpit;
mod completion;
#[cfg(feature = "demo")]
mod demo;
#[cfg(not(feature = "demo"))]
#[path = "without_demo.rs"]
mod demo;
#[cfg(feature = "demo")]
mod demo_serve;
#[cfg(not(feature = "demo"))]
use demo::serve as demo_serve;
mod logging;
mod render;
mod scenario_args;

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
    pub command: Option<Command>,
    #[command(flatten)]
    pub target: TargetArgs,
    /// Where the log goes (default: $XDG_STATE_HOME/stagecoach/stagecoach.log). Never the screen.
    #[arg(long, global = true, env = "STAGECOACH_LOG_FILE")]
    pub log_file: Option<PathBuf>,
}

/// Which cluster and teams: shared by the cockpit and `render`.
#[derive(Debug, Args, Clone, Default)]
pub struct TargetArgs {
    /// The config file (default: $XDG_CONFIG_HOME/stagecoach/config.yaml).
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
    /// A kubeconfig file (default: as kubectl: KUBECONFIG, then ~/.kube/config).
    #[arg(long, global = true)]
    pub kubeconfig: Option<PathBuf>,
    /// A context of the kubeconfig (default: its current context).
    #[arg(long, global = true)]
    pub context: Option<String>,
    /// Only this team.
    #[arg(long, global = true)]
    pub team: Option<String>,
    /// Show a READ-ONLY badge and refuse every write.
    #[arg(long, global = true)]
    pub readonly: bool,
}

impl Cli {
    /// The interactive cockpit runs (with or without the demo world): its loop thread is to
    /// come first (`stagecoach::priority`). A world served alone stands for a cluster, whose
    /// CPU is not the cockpit's to lower.
    pub fn runs_the_cockpit(&self) -> bool {
        matches!(
            self.command,
            None | Some(Command::Demo(DemoArgs { command: None, .. }))
        )
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The cockpit on the embedded simulated world (Kubernetes API on loopback).
    Demo(DemoArgs),
    /// Print one screen after the first sync, for scripts, screenshots and tests.
    Render(render::RenderArgs),
    /// Print shell completions: `stagecoach completion bash > /etc/bash_completion.d/stagecoach`.
    Completion {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff): `stagecoach man > ~/.local/share/man/man1/stagecoach.1`.
    Man,
}

#[derive(Debug, Args, Clone)]
pub struct WorldArgs {
    /// Multiply teams and applications: N=10 gives about ten times the pods.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=2000))]
    pub scale: u32,
    /// Seed of the world: the same seed gives the same world.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Inject faults, e.g. `drop-watches=10s,error-rate=0.05` (see docs/demo-world.md, "Faults").
    #[arg(long, default_value = "")]
    pub faults: String,
    /// Serve metrics.k8s.io as a metrics-server would (`kubectl top`, usage on `:headroom`).
    #[arg(long)]
    pub metrics: bool,
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
        #[command(flatten)]
        scenario: demo_serve::ScenarioArgs,
    },
}

pub async fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Some(Command::Demo(demo)) => match demo.command {
            Some(DemoCommand::Serve {
                dir,
                world,
                scenario,
            }) => {
                let _log = logging::init(cli.log_file.as_deref(), false);
                demo_serve::run(&dir, &world, &scenario).await
            }
            None => {
                let _log = logging::init(cli.log_file.as_deref(), true);
                demo::run(&demo.world, &cli.target).await
            }
        },
        Some(Command::Completion { shell }) => {
            completion::completion(shell, &mut std::io::stdout())
        }
        Some(Command::Man) => completion::man(&mut std::io::stdout()),
        Some(Command::Render(args)) => {
            let _log = logging::init(cli.log_file.as_deref(), true);
            render::run(&args, &cli.target).await
        }
        None => {
            let _log = logging::init(cli.log_file.as_deref(), true);
            cockpit::run(&cli.target).await
        }
    }
}
