//! A team's Jenkins jobs: folders (expand with enter), the last build of each job coloured by
//! its result, running builds with elapsed vs estimated time, the queue, and "Update
//! configuration" (the JCasC reload) with its progress. Polled while on screen.

pub mod draw;
mod state;

pub use state::{JobLine, JobsState, ReloadView};

#[cfg(test)]
mod tests;
