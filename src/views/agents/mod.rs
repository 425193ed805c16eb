//! The Jenkins agents a team's JCasC file defines: its Kubernetes pod templates with labels,
//! parents and findings, the selected one's effective containers (`inheritFrom` resolved, each
//! value's template named), and a quick edit of a container's image written in the template
//! that defines it; and whether the team's Jenkins can provision each template's labels now
//! (polled while the screen is on top), which an Update configuration changes.

pub mod draw;
mod state;

pub use state::{AgentsState, Focus, ImageEdit, Liveness};

#[cfg(test)]
mod tests;
