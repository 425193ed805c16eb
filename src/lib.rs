pub mod app;
pub mod cluster;
pub mod config;
pub mod effects;
pub mod helm;
pub mod jenkins;
pub mod keymap;
pub mod launch;
pub mod runtime;
pub mod secrets;
pub mod sim;
pub mod terminal;
#[cfg(test)]
pub mod testkit;
pub mod text;
pub mod theme;
pub mod ui;
pub mod views;
