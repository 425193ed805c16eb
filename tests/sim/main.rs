//! The simulated world against real clients, one module per area: the Kubernetes API through
//! kube-rs (`kube_*`), Jenkins over HTTP (`jenkins_*`) and the config repos read by the Helmfile
//! reader (`helmfile_*`). One binary, so the crate links once.

#[path = "../common/mod.rs"]
mod common;
#[path = "../jenkins_support/mod.rs"]
mod jenkins_support;

mod agents_demo_repo;
mod helmfile_demo_repo;
mod jenkins_api;
mod jenkins_auth;
mod jenkins_console;
mod jenkins_deploy;
mod jenkins_files;
mod jenkins_jcasc;
mod jenkins_labels;
mod jenkins_nodes;
mod jenkins_trigger;
mod kube_bad_writes;
mod kube_helm;
mod kube_list;
mod kube_logs;
mod kube_metadata;
mod kube_namespaces;
mod kube_rbac;
mod kube_watch;
mod kube_workload_writes;
mod promotion_demo_repo;
