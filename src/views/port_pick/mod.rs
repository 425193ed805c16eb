//! `shift-f` on a pod: a small dialog listing the ports its containers declare; `enter` asks
//! for the local port (the same number, editable) and starts the forward.

pub mod draw;
mod state;
#[cfg(test)]
mod tests;

pub use state::PortPickState;
