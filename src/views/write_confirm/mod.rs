//! Asking before a cluster write (delete a pod, restart or scale a workload): a dialog over
//! the screen it came from, Cancel focused; on a protected stage the namespace is typed after.

pub mod draw;
mod state;
#[cfg(test)]
mod tests;

pub use state::WriteConfirmState;
