pub mod cluster;
pub mod sim;
