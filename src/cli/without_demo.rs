//! `stagecoach demo` in a build without the simulator (`--no-default-features`): the commands
//! stay, and say why they cannot run.

use std::path::Path;
use std::process::ExitCode;

use super::{TargetArgs, WorldArgs};

const WHY: &str = "this stagecoach was built without the demo world (cargo feature `demo`, on by \
                   default): build it with `cargo install --locked --path .`";

/// Stands where the running world would be.
pub struct NoWorld;

pub async fn start_world(_: &WorldArgs) -> Result<(NoWorld, tempfile::TempDir), String> {
    Err(WHY.into())
}

pub async fn run(_: &WorldArgs, _: &TargetArgs) -> ExitCode {
    eprintln!("stagecoach: {WHY}");
    ExitCode::from(2)
}

pub mod serve {
    use super::*;

    pub use crate::cli::scenario_args::ScenarioArgs;

    pub async fn run(_: &Path, _: &WorldArgs, _: &ScenarioArgs) -> ExitCode {
        eprintln!("stagecoach: {WHY}");
        ExitCode::from(2)
    }
}
