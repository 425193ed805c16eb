//! One build: result, when and how long, causes, parameters, the commit it built and its
//! changes. Polled while it runs; `c` opens its console, `x` stops it.

pub mod draw;
mod state;

pub use state::BuildState;
