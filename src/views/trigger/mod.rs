//! The build form: one field per parameter definition of the job (string: edit in the input
//! bar; choice: cycle; boolean: toggle), then "Build"; the queue item is followed until the
//! build starts, and the form gives way to the build's console.

pub mod draw;
mod state;

pub use state::{DeployIntent, TriggerPhase, TriggerState};
