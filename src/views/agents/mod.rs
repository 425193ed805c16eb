//! The Jenkins agents a team's JCasC file defines: its Kubernetes pod templates with labels,
//! parents and findings, the selected one's effective containers (`inheritFrom` resolved, each
//! value's template named), and a quick edit of a container's image written in the template
//! that defines it.

pub mod draw;
mod state;

pub use state::{AgentsState, Focus, ImageEdit};

#[cfg(test)]
mod tests;
