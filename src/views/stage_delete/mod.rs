//! Deleting an ad-hoc stage: what goes with it, and the namespace typed to confirm (the input
//! bar asks for it as the form opens; `enter` asks again).

pub mod draw;
mod state;
#[cfg(test)]
mod tests;

pub use state::StageDeleteState;
