//! Services and Ingresses as kubectl prints them (printService, printIngress).

use k8s_openapi::api::core::v1::Service;
use k8s_openapi::api::networking::v1::Ingress;

use super::{or_none, Cell, ResourceRow};

/// NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE.
pub fn service(s: &Service) -> ResourceRow {
    let spec = s.spec.clone().unwrap_or_default();
    let ty = spec.type_.clone().unwrap_or_else(|| "ClusterIP".into());
    let cluster_ip = or_none(spec.cluster_ip.clone().unwrap_or_default());
    let ports: Vec<String> = spec
        .ports
        .iter()
        .flatten()
        .map(|p| {
            let proto = p.protocol.clone().unwrap_or_else(|| "TCP".into());
            match p.node_port {
                Some(np) if np != 0 => format!("{}:{np}/{proto}", p.port),
                _ => format!("{}/{proto}", p.port),
            }
        })
        .collect();
    let mut row = ResourceRow::new(&s.metadata)
        .cell(ty.clone())
        .cell(cluster_ip)
        .cell(external_ip(s, &ty))
        .cell(or_none(ports.join(",")))
        .cell(Cell::Age(
            s.metadata.creation_timestamp.as_ref().map(|t| t.0),
        ));
    row.entries = super::entry::service_entries(s);
    row
}

/// kubectl's `getServiceExternalIP`.
fn external_ip(s: &Service, ty: &str) -> String {
    let spec = s.spec.clone().unwrap_or_default();
    let external: Vec<String> = spec.external_ips.clone().unwrap_or_default();
    let lb: Vec<String> = s
        .status
        .as_ref()
        .and_then(|st| st.load_balancer.as_ref())
        .and_then(|lb| lb.ingress.clone())
        .unwrap_or_default()
        .into_iter()
        .filter_map(|i| i.ip.or(i.hostname))
        .collect();
    match ty {
        "ClusterIP" | "NodePort" if external.is_empty() => "<none>".into(),
        "ClusterIP" | "NodePort" => external.join(","),
        "LoadBalancer" => {
            let all: Vec<String> = lb.into_iter().chain(external).collect();
            if all.is_empty() {
                "<pending>".into()
            } else {
                all.join(",")
            }
        }
        "ExternalName" => spec.external_name.unwrap_or_default(),
        _ => "<unknown>".into(),
    }
}

/// NAME CLASS HOSTS ADDRESS PORTS AGE.
pub fn ingress(i: &Ingress) -> ResourceRow {
    let spec = i.spec.clone().unwrap_or_default();
    let class = spec
        .ingress_class_name
        .clone()
        .unwrap_or_else(|| "<none>".into());
    let hosts: Vec<String> = spec
        .rules
        .iter()
        .flatten()
        .filter_map(|r| r.host.clone())
        .collect();
    let hosts = if hosts.is_empty() {
        "*".to_string()
    } else {
        hosts.join(",")
    };
    let address: Vec<String> = i
        .status
        .as_ref()
        .and_then(|s| s.load_balancer.as_ref())
        .and_then(|lb| lb.ingress.clone())
        .unwrap_or_default()
        .into_iter()
        .filter_map(|x| x.ip.or(x.hostname))
        .collect();
    let ports = if spec.tls.as_ref().is_some_and(|t| !t.is_empty()) {
        "80, 443"
    } else {
        "80"
    };
    let mut row = ResourceRow::new(&i.metadata)
        .cell(class)
        .cell(hosts)
        .cell(address.join(","))
        .cell(ports)
        .cell(Cell::Age(
            i.metadata.creation_timestamp.as_ref().map(|t| t.0),
        ));
    row.entries = super::entry::ingress_entries(i);
    row
}
