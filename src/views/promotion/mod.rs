//! Promotion with a branch per stage (`M`, `:promote`): for each stage, the commits its branch
//! lacks from the stage before it — ahead/behind, the commits with their authors, the files —
//! and "promote", which merges them (fast-forward where possible, else a merge commit) and
//! pushes; a protected stage needs its name typed.

pub mod draw;
mod state;

pub use state::PromotionState;

#[cfg(test)]
mod tests;
