pub mod cluster;
pub mod helm;
pub mod sim;
