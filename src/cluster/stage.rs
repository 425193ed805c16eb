//! Stages: a team's namespaces are `<team>-<stage>`, and any such namespace counts as a stage
//! (ad-hoc ones such as `payments-stage-demo` included).

/// Splits `payments-stage-demo` into (`payments`, `stage-demo`) for a known team.
pub fn split_namespace<'a>(ns: &'a str, team: &str) -> Option<&'a str> {
    ns.strip_prefix(team)?
        .strip_prefix('-')
        .filter(|s| !s.is_empty())
}

/// The team of `payments-qa` when no teams are named: any `<team>-<stage>` namespace but the
/// system's own.
pub fn discovered_team(ns: &str) -> Option<&str> {
    ns.split_once('-')
        .filter(|(t, s)| {
            !t.is_empty() && !s.is_empty() && !matches!(*t, "kube" | "default" | "local")
        })
        .map(|(t, _)| t)
}

/// Which namespaces are stages of the teams in scope: what the cluster-wide watches keep
/// (the others are dropped as they arrive).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StageNamespaces {
    teams: std::collections::BTreeSet<String>,
}

impl StageNamespaces {
    /// No teams: every `<team>-<stage>` namespace (the teams are discovered from them).
    pub fn new(teams: &[String]) -> StageNamespaces {
        StageNamespaces {
            teams: teams.iter().cloned().collect(),
        }
    }

    pub fn keeps(&self, ns: &str) -> bool {
        if self.teams.is_empty() {
            return discovered_team(ns).is_some();
        }
        // Each `-` may end a team's name (`pay-ments-qa`): one lookup per dash.
        ns.match_indices('-')
            .any(|(i, _)| i + 1 < ns.len() && self.teams.contains(&ns[..i]))
    }
}

/// The usual stages first in pipeline order, then ad-hoc ones alphabetically.
pub fn stage_order(stage: &str) -> (u8, &str) {
    let rank = match stage {
        "build" => 0,
        "dev" => 1,
        "e2e" => 2,
        "qa" => 3,
        "prod" => 4,
        _ => 5,
    };
    (rank, stage)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_team_namespaces() {
        assert_eq!(split_namespace("payments-qa", "payments"), Some("qa"));
        assert_eq!(
            split_namespace("payments-stage-demo", "payments"),
            Some("stage-demo")
        );
        assert_eq!(split_namespace("paymentsx-qa", "payments"), None);
        assert_eq!(split_namespace("payments-", "payments"), None);
        assert_eq!(split_namespace("payments", "payments"), None);
    }

    #[test]
    fn the_cluster_wide_watches_keep_the_teams_stages_only() {
        let s = StageNamespaces::new(&["payments".into(), "pay-ments".into()]);
        assert!(s.keeps("payments-qa"));
        assert!(s.keeps("pay-ments-qa"));
        assert!(s.keeps("payments-stage-demo"));
        for other in [
            "paymentsx-qa",
            "payments-",
            "payments",
            "kube-system",
            "advisory-qa",
        ] {
            assert!(!s.keeps(other), "{other}");
        }
        let any = StageNamespaces::new(&[]);
        assert!(any.keeps("advisory-qa"));
        assert!(!any.keeps("kube-system") && !any.keeps("default") && !any.keeps("ingress"));
    }

    #[test]
    fn orders_stages_along_the_pipeline() {
        let mut s = vec!["prod", "stage-demo", "dev", "qa", "e2e", "build"];
        s.sort_by_key(|s| stage_order(s));
        assert_eq!(s, ["build", "dev", "e2e", "qa", "prod", "stage-demo"]);
    }
}
