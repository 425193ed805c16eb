pub mod app;
pub mod cluster;
pub mod effects;
pub mod helm;
pub mod keymap;
pub mod sim;
#[cfg(test)]
pub mod testkit;
pub mod theme;
pub mod ui;
pub mod views;
