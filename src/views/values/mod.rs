//! The Helmfile's values per stage (`v`, `:values`): each stage's releases with the open
//! release's values and the file:line each comes from (and what it overrides), or one release
//! across every stage with the differences marked; `e` changes one value in place, in the file
//! that should change.

pub mod draw;
mod edit_target;
mod promote;
mod rows;
mod state;

pub use promote::promotion_order;
pub use state::{Mode, ValuesState, WantColumn};

#[cfg(test)]
mod promote_tests;
#[cfg(test)]
mod tests;
