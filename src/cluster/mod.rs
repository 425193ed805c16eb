//! Cluster-facing presentation logic that has to match what kubectl prints.

pub mod human_duration;
pub mod pod_status;
