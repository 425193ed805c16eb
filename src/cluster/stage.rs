//! Stages: a team's namespaces are `<team>-<stage>`, and any such namespace counts as a stage
//! (ad-hoc ones such as `payments-stage-demo` included).

/// Splits `payments-stage-demo` into (`payments`, `stage-demo`) for a known team.
pub fn split_namespace<'a>(ns: &'a str, team: &str) -> Option<&'a str> {
    ns.strip_prefix(team)?
        .strip_prefix('-')
        .filter(|s| !s.is_empty())
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
    fn orders_stages_along_the_pipeline() {
        let mut s = vec!["prod", "stage-demo", "dev", "qa", "e2e", "build"];
        s.sort_by_key(|s| stage_order(s));
        assert_eq!(s, ["build", "dev", "e2e", "qa", "prod", "stage-demo"]);
    }
}
