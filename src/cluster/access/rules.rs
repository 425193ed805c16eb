//! RBAC's rule matching (`k8s.io/kubernetes/pkg/apis/rbac/v1/evaluation_helpers.go`): whether a
//! rule grants a request. One implementation for the cockpit (reading what
//! `SelfSubjectRulesReview` and RoleBindings say) and the demo world's authorizer, so what the
//! access screen says and what the API then does cannot disagree.

use k8s_openapi::api::authorization::v1::ResourceRule;
use k8s_openapi::api::rbac::v1::PolicyRule;

/// A resource rule: verbs on resources (`pods`, `pods/log`, `*`) of API groups, optionally of
/// named objects only.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rule {
    pub verbs: Vec<String>,
    pub groups: Vec<String>,
    pub resources: Vec<String>,
    pub names: Vec<String>,
}

/// What is asked: a verb on a resource (and subresource) of a group, maybe of one object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Request<'a> {
    pub verb: &'a str,
    pub group: &'a str,
    pub resource: &'a str,
    pub subresource: &'a str,
    pub name: &'a str,
}

impl<'a> Request<'a> {
    pub const fn new(verb: &'a str, group: &'a str, resource: &'a str) -> Request<'a> {
        Request {
            verb,
            group,
            resource,
            subresource: "",
            name: "",
        }
    }

    pub const fn sub(self, subresource: &'a str) -> Request<'a> {
        Request {
            subresource,
            ..self
        }
    }

    /// `delete pods`, `create pods/exec`, `patch deployments.apps`: kubectl's way of saying it.
    pub fn said(&self) -> String {
        let mut r = self.resource.to_string();
        if !self.subresource.is_empty() {
            r = format!("{r}/{}", self.subresource);
        }
        if !self.group.is_empty() {
            r = format!("{r}.{}", self.group);
        }
        format!("{} {r}", self.verb)
    }
}

impl Rule {
    pub fn allows(&self, r: &Request) -> bool {
        has(&self.verbs, r.verb)
            && has(&self.groups, r.group)
            && self.covers_resource(r)
            && (self.names.is_empty() || (!r.name.is_empty() && has(&self.names, r.name)))
    }

    fn covers_resource(&self, r: &Request) -> bool {
        if r.subresource.is_empty() {
            return has(&self.resources, r.resource);
        }
        let combined = format!("{}/{}", r.resource, r.subresource);
        self.resources.iter().any(|x| {
            x == "*"
                || *x == combined
                || x.strip_suffix("/*") == Some(r.resource)
                || x.strip_prefix("*/") == Some(r.subresource)
        })
    }
}

#[cfg(test)]
impl Rule {
    /// `verbs` on `resources` of `groups`, for the tests.
    pub fn of(verbs: &[&str], groups: &[&str], resources: &[&str]) -> Rule {
        let v = |x: &[&str]| x.iter().map(|s| s.to_string()).collect();
        Rule {
            verbs: v(verbs),
            groups: v(groups),
            resources: v(resources),
            names: Vec::new(),
        }
    }
}

fn has(list: &[String], what: &str) -> bool {
    list.iter().any(|x| x == "*" || x == what)
}

pub fn any_allows(rules: &[Rule], r: &Request) -> bool {
    rules.iter().any(|rule| rule.allows(r))
}

impl From<&PolicyRule> for Rule {
    fn from(p: &PolicyRule) -> Rule {
        Rule {
            verbs: p.verbs.clone(),
            groups: p.api_groups.clone().unwrap_or_default(),
            resources: p.resources.clone().unwrap_or_default(),
            names: p.resource_names.clone().unwrap_or_default(),
        }
    }
}

impl From<&ResourceRule> for Rule {
    fn from(p: &ResourceRule) -> Rule {
        Rule {
            verbs: p.verbs.clone(),
            groups: p.api_groups.clone().unwrap_or_default(),
            resources: p.resources.clone().unwrap_or_default(),
            names: p.resource_names.clone().unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_groups_and_resources_must_all_match_or_be_a_star() {
        let r = Rule::of(&["get", "list"], &[""], &["pods"]);
        assert!(r.allows(&Request::new("list", "", "pods")));
        assert!(!r.allows(&Request::new("delete", "", "pods")));
        assert!(!r.allows(&Request::new("list", "apps", "pods")));
        assert!(!r.allows(&Request::new("list", "", "secrets")));
        let all = Rule::of(&["*"], &["*"], &["*"]);
        assert!(all.allows(&Request::new("delete", "apps", "deployments").sub("scale")));
    }

    #[test]
    fn a_subresource_needs_its_own_name_a_resource_star_or_a_subresource_star() {
        let pods = Rule::of(&["create"], &[""], &["pods"]);
        assert!(!pods.allows(&Request::new("create", "", "pods").sub("exec")));
        for granted in ["pods/exec", "pods/*", "*/exec", "*"] {
            let r = Rule::of(&["create"], &[""], &[granted]);
            assert!(
                r.allows(&Request::new("create", "", "pods").sub("exec")),
                "{granted}"
            );
        }
        let log = Rule::of(&["get"], &[""], &["pods/log"]);
        assert!(!log.allows(&Request::new("get", "", "pods")));
        assert!(!log.allows(&Request::new("get", "", "pods").sub("exec")));
    }

    #[test]
    fn a_rule_with_names_grants_only_those_objects() {
        let mut r = Rule::of(&["get"], &[""], &["secrets"]);
        r.names = vec!["jenkins-token".into()];
        let mut ask = Request::new("get", "", "secrets");
        assert!(
            !r.allows(&ask),
            "a list of all is not granted by a named rule"
        );
        ask.name = "jenkins-token";
        assert!(r.allows(&ask));
        ask.name = "db-password";
        assert!(!r.allows(&ask));
    }

    #[test]
    fn a_request_is_said_the_way_kubectl_says_it() {
        assert_eq!(Request::new("delete", "", "pods").said(), "delete pods");
        assert_eq!(
            Request::new("patch", "apps", "deployments")
                .sub("scale")
                .said(),
            "patch deployments/scale.apps"
        );
    }
}
