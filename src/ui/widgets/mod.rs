//! Widgets shared by the views.

pub mod confirm;
pub mod table;
