//! Third-party clients (kubectl, python-jenkins) against `stagecoach demo serve`, each run as
//! its own process the way a user would.

#[path = "../common/external_tool.rs"]
mod external_tool;
#[path = "../common/wait.rs"]
mod wait;

mod demo_serve;
mod kubectl_checks;
mod kubectl_kinds;
mod kubectl_namespaces;
mod kubectl_ops;
mod kubectl_top;
mod python_jenkins_checks;
