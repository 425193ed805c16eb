//! The demo world: a simulated cluster served over HTTP on loopback, which the product's real
//! clients (and kubectl) talk to exactly as they talk to a real cluster. Product code never
//! imports this module.

pub mod api;
pub mod clock;
pub mod config_repo;
pub mod deploy_plan;
pub mod faults;
pub mod helm_samples;
pub mod helm_store;
pub mod jenkins;
pub mod kinds;
pub mod scenario;
pub mod selector;
pub mod serve;
pub mod store;
pub mod world;
