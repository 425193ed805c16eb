//! Home: the team × stage matrix.

mod changed;
pub mod draw;
mod state;

pub use state::StagesState;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod cause_tests;
