//! The things a team member asks "may I?" about, each as the API requests it takes (what
//! kubectl and Helm send), so a "yes" on the access screen means the action will pass RBAC.

use super::rules::{any_allows, Request, Rule};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Capability {
    Read,
    Logs,
    Exec,
    PortForward,
    DeletePods,
    Restart,
    Scale,
    Deploy,
    Secrets,
}

pub const ALL: [Capability; 9] = [
    Capability::Read,
    Capability::Logs,
    Capability::Exec,
    Capability::PortForward,
    Capability::DeletePods,
    Capability::Restart,
    Capability::Scale,
    Capability::Deploy,
    Capability::Secrets,
];

const READ: &[Request] = &[
    Request::new("list", "", "pods"),
    Request::new("watch", "", "pods"),
];
const LOGS: &[Request] = &[Request::new("get", "", "pods").sub("log")];
const EXEC: &[Request] = &[Request::new("create", "", "pods").sub("exec")];
const FORWARD: &[Request] = &[Request::new("create", "", "pods").sub("portforward")];
const DELETE: &[Request] = &[Request::new("delete", "", "pods")];
// `kubectl rollout restart` patches the pod template's annotation.
const RESTART: &[Request] = &[Request::new("patch", "apps", "deployments")];
const SCALE: &[Request] = &[Request::new("patch", "apps", "deployments").sub("scale")];
// A Helm upgrade: a new release Secret, the previous one marked superseded, and the chart's
// objects created or patched.
const DEPLOY: &[Request] = &[
    Request::new("create", "", "secrets"),
    Request::new("update", "", "secrets"),
    Request::new("create", "apps", "deployments"),
    Request::new("patch", "apps", "deployments"),
    Request::new("create", "", "services"),
    Request::new("patch", "", "services"),
    Request::new("create", "", "configmaps"),
    Request::new("patch", "", "configmaps"),
];
const SECRETS: &[Request] = &[Request::new("get", "", "secrets")];

impl Capability {
    /// The column title on the access screen and in `render access`.
    pub fn title(self) -> &'static str {
        match self {
            Capability::Read => "READ",
            Capability::Logs => "LOGS",
            Capability::Exec => "EXEC",
            Capability::PortForward => "FWD",
            Capability::DeletePods => "DEL POD",
            Capability::Restart => "RESTART",
            Capability::Scale => "SCALE",
            Capability::Deploy => "DEPLOY",
            Capability::Secrets => "SECRETS",
        }
    }

    /// In a sentence: "you may not delete pods in payments-prod".
    pub fn words(self) -> &'static str {
        match self {
            Capability::Read => "read pods",
            Capability::Logs => "read logs",
            Capability::Exec => "open a shell",
            Capability::PortForward => "port-forward",
            Capability::DeletePods => "delete pods",
            Capability::Restart => "restart workloads",
            Capability::Scale => "scale workloads",
            Capability::Deploy => "deploy with Helm",
            Capability::Secrets => "read secrets",
        }
    }

    pub fn requests(self) -> &'static [Request<'static>] {
        match self {
            Capability::Read => READ,
            Capability::Logs => LOGS,
            Capability::Exec => EXEC,
            Capability::PortForward => FORWARD,
            Capability::DeletePods => DELETE,
            Capability::Restart => RESTART,
            Capability::Scale => SCALE,
            Capability::Deploy => DEPLOY,
            Capability::Secrets => SECRETS,
        }
    }

    /// Every request the capability takes is granted; else the first one that is not.
    pub fn check(self, rules: &[Rule]) -> Result<(), Request<'static>> {
        match self.requests().iter().find(|r| !any_allows(rules, r)) {
            Some(r) => Err(*r),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reader_may_read_and_nothing_else_and_the_missing_request_is_named() {
        let view = vec![Rule::of(
            &["get", "list", "watch"],
            &["", "apps"],
            &["pods", "pods/log", "deployments"],
        )];
        assert!(Capability::Read.check(&view).is_ok());
        assert!(Capability::Logs.check(&view).is_ok());
        assert_eq!(
            Capability::DeletePods.check(&view).unwrap_err().said(),
            "delete pods"
        );
        assert_eq!(
            Capability::Deploy.check(&view).unwrap_err().said(),
            "create secrets"
        );
        assert!(Capability::Secrets.check(&view).is_err());
    }

    #[test]
    fn deploying_takes_every_request_of_a_helm_upgrade() {
        let mut rules = vec![Rule::of(
            &["*"],
            &["", "apps"],
            &["deployments", "services", "configmaps"],
        )];
        assert_eq!(
            Capability::Deploy.check(&rules).unwrap_err().said(),
            "create secrets"
        );
        rules.push(Rule::of(&["create", "update"], &[""], &["secrets"]));
        assert!(Capability::Deploy.check(&rules).is_ok());
        assert!(
            Capability::Secrets.check(&rules).is_err(),
            "writing release secrets is not reading secrets"
        );
    }
}
