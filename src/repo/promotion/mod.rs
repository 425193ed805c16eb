//! Promotion with a branch per stage (`develop` → `dev-stage` → `qa-stage`, production perhaps
//! in a repository of its own): for each stage, the commits its branch lacks from the stage
//! before it, and "promote", which merges them — a fast-forward where the target has nothing of
//! its own, else a merge commit — and pushes. The merges are made in the cockpit's own bare
//! repository (never in the user's working clone), in memory: a conflict writes nothing, so the
//! repository and the remotes stay exactly as they were. Pure half: the chain and what a step
//! holds (`model.rs`); I/O half: git2 on the blocking pool (`git.rs`) and the tasks that fetch
//! and push through the system `git` (`tasks.rs`).

pub mod git;
pub mod model;
pub mod tasks;

pub use model::{Pending, PromotionMsg, PromotionTarget, RemoteBranch, Step};
