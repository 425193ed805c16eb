//! A job's build history: number, result (coloured by health), when, how long (running builds
//! against Jenkins' estimate), and the first cause. Polled while on screen.

pub mod draw;
mod state;

pub use state::BuildsState;
