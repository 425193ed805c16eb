//! Widgets shared by the views.

pub mod confirm;
pub mod pod_table;
pub mod problem;
pub mod segments;
pub mod table;
