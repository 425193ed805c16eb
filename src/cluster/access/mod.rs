//! Access: what the current user may do in each of a team's namespaces (the API's own answer,
//! `SelfSubjectRulesReview`, as `kubectl auth can-i --list` reads it), and what the team
//! Jenkins' ServiceAccount may do there (its RoleBindings, as RBAC walks them). Pure types and
//! checks here; `fetch` asks the API and is called only from `effects/`.

pub mod bindings;
pub mod capability;
pub mod fetch;
pub mod rules;

use bindings::Grant;
use capability::Capability;
use rules::{any_allows, Request, Rule};

/// The ServiceAccount a team's Jenkins runs as, in `<team>-build` (the Jenkins Helm chart's
/// default name).
pub const JENKINS_ACCOUNT: &str = "jenkins";

/// The current user's rules in one namespace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamespaceAccess {
    pub namespace: String,
    pub rules: Vec<Rule>,
    /// The API said its list may be missing rules (another authorizer, a webhook): a "no" from
    /// the list is then not certain.
    pub incomplete: bool,
    /// The review could not be had: nothing is known.
    pub error: Option<String>,
}

/// What is known of one capability.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum May {
    Yes,
    /// Not granted: the first request RBAC would refuse.
    No(Request<'static>),
    Unknown,
}

impl NamespaceAccess {
    pub fn may(&self, c: Capability) -> May {
        if self.error.is_some() {
            return May::Unknown;
        }
        match c.check(&self.rules) {
            Ok(()) => May::Yes,
            Err(_) if self.incomplete => May::Unknown,
            Err(r) => May::No(r),
        }
    }
}

/// The Jenkins ServiceAccount's grants in one namespace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountNamespace {
    pub namespace: String,
    pub grants: Vec<Grant>,
    pub error: Option<String>,
}

impl AccountNamespace {
    pub fn may(&self, c: Capability) -> May {
        if self.error.is_some() {
            return May::Unknown;
        }
        let rules: Vec<Rule> = self.grants.iter().flat_map(|g| g.rules.clone()).collect();
        match c.check(&rules) {
            Ok(()) => May::Yes,
            Err(r) => May::No(r),
        }
    }

    /// The bindings that give the account its deploy rights (or whatever it has), for the
    /// screen: `RoleBinding "payments-qa/jenkins-deployer"`.
    pub fn via(&self, c: Capability) -> Vec<&Grant> {
        self.grants
            .iter()
            .filter(|g| c.requests().iter().any(|r| any_allows(&g.rules, r)))
            .collect()
    }
}

/// Everything the access screen shows of one team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamAccess {
    pub team: String,
    /// Who the API says we are (`SelfSubjectReview`, `kubectl auth whoami`), if it says.
    pub user: Option<String>,
    pub namespaces: Vec<NamespaceAccess>,
    /// The team Jenkins' ServiceAccount: (namespace, name).
    pub account: (String, String),
    pub account_namespaces: Vec<AccountNamespace>,
    /// Why the account's bindings could not be read at all (a 403 on ClusterRoleBindings).
    pub account_error: Option<String>,
}

impl TeamAccess {
    pub fn namespace(&self, ns: &str) -> Option<&NamespaceAccess> {
        self.namespaces.iter().find(|n| n.namespace == ns)
    }

    pub fn account_in(&self, ns: &str) -> Option<&AccountNamespace> {
        self.account_namespaces.iter().find(|n| n.namespace == ns)
    }
}

/// Words for an API error: the Status message the server gave, else the error.
pub fn said(e: &kube::Error) -> String {
    match e {
        kube::Error::Api(s) if !s.message.is_empty() => format!("{} ({})", s.message, s.code),
        other => other.to_string(),
    }
}
