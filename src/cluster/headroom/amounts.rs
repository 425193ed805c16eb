//! CPU and memory together: what a pod requests, a node can give, or metrics say is used.

use k8s_openapi::api::core::v1::{Container, Node, Pod};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use std::collections::BTreeMap;

use super::quantity;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Amounts {
    pub cpu_milli: i64,
    pub memory: i64,
}

impl Amounts {
    pub fn plus(self, o: Amounts) -> Amounts {
        Amounts {
            cpu_milli: self.cpu_milli + o.cpu_milli,
            memory: self.memory + o.memory,
        }
    }

    fn max(self, o: Amounts) -> Amounts {
        Amounts {
            cpu_milli: self.cpu_milli.max(o.cpu_milli),
            memory: self.memory.max(o.memory),
        }
    }

    /// From a resource list (`requests`, `allocatable`, a metrics `usage`); what is missing or
    /// unreadable counts as zero, as the scheduler counts an absent request.
    pub fn of(list: Option<&BTreeMap<String, Quantity>>) -> Amounts {
        let get = |k: &str| list.and_then(|l| l.get(k)).map(|q| q.0.as_str());
        Amounts {
            cpu_milli: get("cpu").and_then(quantity::cpu_milli).unwrap_or(0),
            memory: get("memory").and_then(quantity::bytes).unwrap_or(0),
        }
    }

    /// A node's allocatable CPU and memory.
    pub fn allocatable(n: &Node) -> Amounts {
        Amounts::of(n.status.as_ref().and_then(|s| s.allocatable.as_ref()))
    }

    /// What a pod requests, as the scheduler and `kubectl describe node` count it: its app
    /// containers (and sidecars: init containers that keep running) summed, at least the
    /// largest plain init container, plus the pod's overhead.
    pub fn pod_requests(p: &Pod) -> Amounts {
        let Some(spec) = p.spec.as_ref() else {
            return Amounts::default();
        };
        let req =
            |c: &Container| Amounts::of(c.resources.as_ref().and_then(|r| r.requests.as_ref()));
        let sidecar = |c: &&Container| c.restart_policy.as_deref() == Some("Always");
        let inits = spec.init_containers.as_deref().unwrap_or(&[]);
        let mut sum = spec
            .containers
            .iter()
            .map(req)
            .fold(Amounts::default(), Amounts::plus);
        // A plain init container runs alongside the sidecars started before it.
        let mut sidecars = Amounts::default();
        let mut init_peak = Amounts::default();
        for c in inits {
            if sidecar(&c) {
                sidecars = sidecars.plus(req(c));
            } else {
                init_peak = init_peak.max(sidecars.plus(req(c)));
            }
        }
        sum = sum.plus(sidecars).max(init_peak);
        sum.plus(Amounts::of(spec.overhead.as_ref()))
    }
}
