//! Where a stage is reached: an Ingress's routes (host and path to a Service's port, with or
//! without TLS) and a Service's in-cluster names (`<svc>.<ns>.svc.cluster.local:<port>`).
//! Built with the rows, every text sanitised.

use k8s_openapi::api::core::v1::Service;
use k8s_openapi::api::networking::v1::{Ingress, IngressServiceBackend};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::clean;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// `https://host/path` → `service:port`.
    Route {
        url: String,
        backend: String,
        tls: bool,
    },
    /// `svc.ns.svc.cluster.local:port` → the pods' port.
    Dns {
        address: String,
        protocol: String,
        target: String,
    },
}

impl Entry {
    /// What `c` copies.
    pub fn copy_text(&self) -> &str {
        match self {
            Entry::Route { url, .. } => url,
            Entry::Dns { address, .. } => address,
        }
    }
}

fn backend(b: Option<&IngressServiceBackend>) -> String {
    match b {
        Some(b) => {
            let port = b.port.as_ref().map_or(String::new(), |p| {
                p.name
                    .clone()
                    .or_else(|| p.number.map(|n| n.to_string()))
                    .unwrap_or_default()
            });
            clean(&format!("{}:{port}", b.name))
        }
        None => "<resource backend>".into(),
    }
}

/// Each rule's paths, and the default backend (`*`).
pub fn ingress_entries(i: &Ingress) -> Vec<Entry> {
    let Some(spec) = i.spec.as_ref() else {
        return Vec::new();
    };
    let tls_hosts: Vec<&str> = spec
        .tls
        .iter()
        .flatten()
        .flat_map(|t| t.hosts.iter().flatten())
        .map(String::as_str)
        .collect();
    let mut out = Vec::new();
    for r in spec.rules.iter().flatten() {
        let host = r.host.clone().unwrap_or_else(|| "*".into());
        let tls = tls_hosts.contains(&host.as_str());
        let scheme = if tls { "https" } else { "http" };
        for p in r.http.iter().flat_map(|h| h.paths.iter()) {
            let path = p.path.clone().unwrap_or_else(|| "/".into());
            out.push(Entry::Route {
                url: clean(&format!("{scheme}://{host}{path}")),
                backend: backend(p.backend.service.as_ref()),
                tls,
            });
        }
    }
    if let Some(d) = &spec.default_backend {
        out.push(Entry::Route {
            url: "*".into(),
            backend: backend(d.service.as_ref()),
            tls: false,
        });
    }
    out
}

/// One in-cluster name per port (an ExternalName Service has none: it is a CNAME).
pub fn service_entries(s: &Service) -> Vec<Entry> {
    let name = s.metadata.name.as_deref().unwrap_or_default();
    let ns = s.metadata.namespace.as_deref().unwrap_or_default();
    let Some(spec) = s.spec.as_ref() else {
        return Vec::new();
    };
    if spec.type_.as_deref() == Some("ExternalName") {
        return Vec::new();
    }
    spec.ports
        .iter()
        .flatten()
        .map(|p| Entry::Dns {
            address: clean(&format!("{name}.{ns}.svc.cluster.local:{}", p.port)),
            protocol: clean(p.protocol.as_deref().unwrap_or("TCP")),
            target: clean(&match &p.target_port {
                Some(IntOrString::Int(n)) => n.to_string(),
                Some(IntOrString::String(s)) => s.clone(),
                None => p.port.to_string(),
            }),
        })
        .collect()
}
