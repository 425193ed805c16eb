//! `:pf`: the port-forwards started from the cockpit — pod, ports, state, since when, the last
//! thing kubectl said — newest first; `x` stops one. A dead forward says why, not "running".

pub mod draw;
mod state;
#[cfg(test)]
mod tests;

pub use state::ForwardsState;
