//! Headroom: what the cluster's nodes can give, what its pods request, and (where
//! metrics.k8s.io answers) what they use. Pure except `watch` and `metrics::poll`/`fetch`,
//! which only `effects/` calls.

mod amounts;
pub mod metrics;
mod model;
mod msg;
mod pod_request;
pub mod quantity;
pub mod watch;

#[cfg(test)]
mod tests;

pub use amounts::Amounts;
pub use metrics::{MetricsError, Usage};
pub use model::{share, Headroom, NamespaceLine, NodeInput, NodeLine, Share};
pub use msg::CapacityMsg;
pub use pod_request::PodRequest;
