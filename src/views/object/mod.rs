//! One object of any kind as `kubectl get -o yaml` (`y`) or `kubectl describe` (`d`) shows
//! it: fetched with one GET when opened, scrollable, `/` searchable. YAML hides managedFields
//! until `m`; a Secret's values stay hidden until `x`.

pub mod draw;
mod lines;
mod state;

pub use state::{ObjectMode, ObjectState};

#[cfg(test)]
mod tests;
