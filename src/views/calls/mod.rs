//! Every write the cockpit made — commits, pushes, clones, rebases — newest first, with its
//! outcome and the command line that does the same, so a user can always see and repeat it.

pub mod draw;
mod state;

pub use state::CallsState;
