//! The headroom, computed: per node and per namespace, what is requested against what the
//! nodes can give, and what metrics say is used. Pure: the app hands in its rows.

use std::collections::BTreeMap;

use super::amounts::Amounts;
use super::metrics::Usage;
use super::pod_request::PodRequest;

/// A node as the headroom needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeInput<'a> {
    pub name: &'a str,
    pub allocatable: Amounts,
    /// `Ready`, `NotReady`, `Ready,SchedulingDisabled` (kubectl's STATUS).
    pub status: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeLine {
    pub name: String,
    pub status: String,
    pub allocatable: Amounts,
    pub requested: Amounts,
    pub pods: usize,
    /// From metrics.k8s.io, when it answers.
    pub used: Option<Amounts>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamespaceLine {
    pub namespace: String,
    pub requested: Amounts,
    pub pods: usize,
    /// Pending pods: they reserve nothing on a node yet.
    pub unscheduled: usize,
    pub used: Option<Amounts>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Headroom {
    pub nodes: Vec<NodeLine>,
    /// Namespaces that reserve most first.
    pub namespaces: Vec<NamespaceLine>,
    pub allocatable: Amounts,
    /// Requests of the scheduled pods (on the listed nodes).
    pub requested: Amounts,
    pub used: Option<Amounts>,
}

/// A share in percent (0–100), of CPU and of memory.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Share {
    pub cpu: f64,
    pub memory: f64,
}

impl Share {
    pub fn lower(self) -> f64 {
        self.cpu.min(self.memory)
    }

    pub fn higher(self) -> f64 {
        self.cpu.max(self.memory)
    }
}

fn pct(part: i64, whole: i64) -> f64 {
    if whole <= 0 {
        0.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

/// `part` as a share of `whole`.
pub fn share(part: Amounts, whole: Amounts) -> Share {
    Share {
        cpu: pct(part.cpu_milli, whole.cpu_milli),
        memory: pct(part.memory, whole.memory),
    }
}

impl Headroom {
    /// `namespaces` limits the per-namespace lines (the teams' stages); the nodes count every
    /// pod on them, whoever it belongs to.
    pub fn compute<'a>(
        nodes: impl IntoIterator<Item = NodeInput<'a>>,
        pods: impl IntoIterator<Item = &'a PodRequest>,
        usage: Option<&Usage>,
        namespaces: &[String],
    ) -> Headroom {
        let mut lines: BTreeMap<&str, NodeLine> = nodes
            .into_iter()
            .map(|n| {
                (
                    n.name,
                    NodeLine {
                        name: n.name.to_string(),
                        status: n.status.to_string(),
                        allocatable: n.allocatable,
                        requested: Amounts::default(),
                        pods: 0,
                        used: usage.and_then(|u| u.nodes.get(n.name).copied()),
                    },
                )
            })
            .collect();
        let mut per_ns: BTreeMap<&str, NamespaceLine> = namespaces
            .iter()
            .map(|ns| {
                (
                    ns.as_str(),
                    NamespaceLine {
                        namespace: ns.clone(),
                        requested: Amounts::default(),
                        pods: 0,
                        unscheduled: 0,
                        used: usage
                            .filter(|u| u.namespaces.contains(ns))
                            .map(|_| Amounts::default()),
                    },
                )
            })
            .collect();
        for p in pods {
            if let Some(line) = p.node.as_deref().and_then(|n| lines.get_mut(n)) {
                line.requested = line.requested.plus(p.requests);
                line.pods += 1;
            }
            if let Some(ns) = per_ns.get_mut(p.namespace.as_str()) {
                ns.pods += 1;
                if p.node.is_some() {
                    ns.requested = ns.requested.plus(p.requests);
                } else {
                    ns.unscheduled += 1;
                }
                if let (Some(used), Some(u)) = (ns.used.as_mut(), usage) {
                    if let Some(a) = u.pods.get(&p.key()) {
                        *used = used.plus(*a);
                    }
                }
            }
        }
        let nodes: Vec<NodeLine> = lines.into_values().collect();
        let allocatable = nodes
            .iter()
            .map(|n| n.allocatable)
            .fold(Amounts::default(), Amounts::plus);
        let requested = nodes
            .iter()
            .map(|n| n.requested)
            .fold(Amounts::default(), Amounts::plus);
        let used = (!nodes.is_empty() && nodes.iter().all(|n| n.used.is_some())).then(|| {
            nodes
                .iter()
                .filter_map(|n| n.used)
                .fold(Amounts::default(), Amounts::plus)
        });
        let mut namespaces: Vec<NamespaceLine> = per_ns.into_values().collect();
        namespaces.sort_by(|a, b| {
            share(b.requested, allocatable)
                .higher()
                .total_cmp(&share(a.requested, allocatable).higher())
                .then_with(|| a.namespace.cmp(&b.namespace))
        });
        Headroom {
            nodes,
            namespaces,
            allocatable,
            requested,
            used,
        }
    }

    /// What is not requested, as a share of what the nodes can give.
    pub fn free(&self) -> Share {
        let free = Amounts {
            cpu_milli: (self.allocatable.cpu_milli - self.requested.cpu_milli).max(0),
            memory: (self.allocatable.memory - self.requested.memory).max(0),
        };
        share(free, self.allocatable)
    }

    /// The free share is under `min_percent` (of CPU or of memory), for the warning.
    pub fn short(&self, min_percent: u8) -> bool {
        !self.nodes.is_empty() && self.free().lower() < f64::from(min_percent)
    }
}
