//! Storage (`:storage [stage|team]`): a stage's PersistentVolumeClaims — Bound, Pending or Lost,
//! class, size — and the pods that mount them. Reads the claim watches of the resource lists
//! and the stage's pods; a Pending claim is also a finding of diagnose.

pub mod draw;
mod state;

pub use state::{ClaimLine, StorageState};

#[cfg(test)]
mod tests;
