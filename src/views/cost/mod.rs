//! Stage cost and idle stages (`:cost [team]`, `:idle`): what each stage reserves (its pods'
//! requests), what that costs a day at the configured prices, and which stages are up but idle
//! — no deploy, no build of their deploy or uninstall job and no container restart for
//! `idle.days` — with the uninstall (`X`) one key away.

pub mod draw;
mod lines;
mod state;

pub use lines::{stage_lines, Activity, CostLine};
pub use state::CostState;

#[cfg(test)]
mod tests;
