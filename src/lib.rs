pub mod app;
#[cfg(test)]
mod architecture_tests;
pub mod call_log;
pub mod cluster;
pub mod config;
pub mod effects;
pub mod fd_limit;
pub mod helm;
#[cfg(test)]
mod hostile_text_tests;
pub mod jenkins;
pub mod keymap;
pub mod launch;
pub mod memory;
pub mod outbox;
pub mod priority;
pub mod quiet_backend;
pub mod repo;
pub mod runtime;
pub mod secrets;
#[cfg(feature = "demo")]
pub mod sim;
pub mod stale;
pub mod terminal;
#[cfg(test)]
pub mod testkit;
pub mod text;
pub mod theme;
pub mod ui;
pub mod views;
