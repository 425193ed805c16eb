//! `promotion:` — how changes travel from one stage to the next, in one of the two models teams
//! use. One branch with per-stage values (`order:`, or nothing: the Helmfile's environments in
//! their order): promoting copies values from one stage's files to the next one's. A branch per
//! stage (`branches:`): promoting merges the commits one stage's branch has into the next
//! one's, and a stage may live in a repository of its own (production, synced by merge).

use std::path::PathBuf;

use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PromotionConfig {
    /// One branch: the stages in the order values travel (default: the Helmfile's order).
    #[serde(default)]
    pub order: Vec<String>,
    /// A branch per stage: where changes land first (default: `repo.branch`).
    #[serde(default)]
    pub source: Option<String>,
    /// A branch per stage, in promotion order.
    #[serde(default)]
    pub branches: Vec<StageBranchConfig>,
    /// The deploy job's parameter that names the branch to deploy (`CONFIG_REF`): the deploy
    /// form is prefilled with the stage's branch.
    #[serde(default)]
    pub ref_param: Option<String>,
    /// The cockpit's own bare repository the merges are made in (default:
    /// `$XDG_DATA_HOME/stagecoach/repos/<context>/<team>.promotion.git`).
    #[serde(default)]
    pub path: Option<PathBuf>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageBranchConfig {
    pub stage: String,
    pub branch: String,
    /// A repository of its own (default: `repo.url`).
    #[serde(default)]
    pub url: Option<String>,
}

/// Which model a team promotes by, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromotionModel {
    /// One branch: stages in this order (empty: the Helmfile's environments, in its order).
    Values {
        order: Vec<String>,
    },
    Branches(BranchChain),
}

/// A branch per stage, resolved against the team's repo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BranchChain {
    /// Where changes land first (`develop`).
    pub source: BranchAt,
    /// `(stage, its branch)` in promotion order.
    pub stages: Vec<(String, BranchAt)>,
    pub ref_param: Option<String>,
    pub path: Option<PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BranchAt {
    pub url: String,
    pub branch: String,
}

impl BranchChain {
    /// The branch of `stage`, if the chain names it.
    pub fn branch_of(&self, stage: &str) -> Option<&BranchAt> {
        self.stages.iter().find(|(s, _)| s == stage).map(|(_, b)| b)
    }
}

fn is_ref_name(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with(['-', '/', '.'])
        && !s.ends_with(['/', '.'])
        && !s.contains("..")
        && !s.contains("//")
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
}

impl PromotionModel {
    /// The team's model; an error names the key (`teams[payments].promotion.branches[1].branch`).
    pub fn of_team(t: &super::TeamConfig) -> Result<PromotionModel, String> {
        let key = |k: &str| format!("teams[{}].promotion.{k}", t.name);
        let Some(p) = &t.promotion else {
            return Ok(PromotionModel::Values { order: Vec::new() });
        };
        if p.branches.is_empty() {
            for (k, set) in [
                ("source", p.source.is_some()),
                ("ref_param", p.ref_param.is_some()),
                ("path", p.path.is_some()),
            ] {
                if set {
                    return Err(format!(
                        "{}: only a branch per stage has it (add {})",
                        key(k),
                        key("branches")
                    ));
                }
            }
            return Ok(PromotionModel::Values {
                order: p.order.clone(),
            });
        }
        if !p.order.is_empty() {
            return Err(format!(
                "{} and {}: one or the other (order: one branch with per-stage values; branches: a branch per stage)",
                key("order"),
                key("branches")
            ));
        }
        let Some(repo) = &t.repo else {
            return Err(format!(
                "{}: needs teams[{}].repo (its url is the stages' repository)",
                key("branches"),
                t.name
            ));
        };
        let source = p.source.clone().unwrap_or_else(|| repo.branch.clone());
        if !is_ref_name(&source) {
            return Err(format!(
                "{}: {source:?} is not a branch name",
                key("source")
            ));
        }
        let mut stages: Vec<(String, BranchAt)> = Vec::new();
        for (i, b) in p.branches.iter().enumerate() {
            if !is_ref_name(&b.branch) {
                return Err(format!(
                    "{}: {:?} is not a branch name",
                    key(&format!("branches[{i}].branch")),
                    b.branch
                ));
            }
            if b.stage.trim().is_empty() || stages.iter().any(|(s, _)| *s == b.stage) {
                return Err(format!(
                    "{}: {:?} is empty or named twice",
                    key(&format!("branches[{i}].stage")),
                    b.stage
                ));
            }
            stages.push((
                b.stage.clone(),
                BranchAt {
                    url: b.url.clone().unwrap_or_else(|| repo.url.clone()),
                    branch: b.branch.clone(),
                },
            ));
        }
        Ok(PromotionModel::Branches(BranchChain {
            source: BranchAt {
                url: repo.url.clone(),
                branch: source,
            },
            stages,
            ref_param: p.ref_param.clone(),
            path: p.path.clone(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::super::Config;
    use super::*;

    fn model(yaml: &str) -> Result<PromotionModel, String> {
        let c = Config::parse(yaml, "c.yaml").map_err(|e| e.to_string())?;
        PromotionModel::of_team(&c.teams[0])
    }

    const REPO: &str = "    repo: { url: /o.git, branch: develop }\n";

    #[test]
    fn no_key_is_one_branch_in_the_helmfiles_order() {
        assert_eq!(
            model("teams:\n  - name: p\n").unwrap(),
            PromotionModel::Values { order: vec![] }
        );
        assert_eq!(
            model("teams:\n  - name: p\n    promotion: { order: [dev, qa, prod] }\n").unwrap(),
            PromotionModel::Values {
                order: vec!["dev".into(), "qa".into(), "prod".into()]
            }
        );
    }

    #[test]
    fn a_branch_per_stage_with_production_in_its_own_repo() {
        let m = model(&format!(
            "teams:\n  - name: p\n{REPO}    promotion:\n      branches:\n        - {{ stage: dev, branch: dev-stage }}\n        - {{ stage: prod, branch: main, url: /prod.git }}\n      ref_param: CONFIG_REF\n"
        ))
        .unwrap();
        let PromotionModel::Branches(c) = m else {
            panic!("{m:?}")
        };
        assert_eq!(c.source.branch, "develop");
        assert_eq!(c.branch_of("dev").unwrap().url, "/o.git");
        assert_eq!(c.branch_of("prod").unwrap().url, "/prod.git");
        assert_eq!(c.ref_param.as_deref(), Some("CONFIG_REF"));
    }

    #[test]
    fn mistakes_name_the_key() {
        let e = model(&format!(
            "teams:\n  - name: p\n{REPO}    promotion:\n      branches:\n        - {{ stage: dev, branch: \"a..b\" }}\n"
        ))
        .unwrap_err();
        assert!(e.contains("teams[p].promotion.branches[0].branch"), "{e}");
        let e = model("teams:\n  - name: p\n    promotion: { source: develop }\n").unwrap_err();
        assert!(e.contains("teams[p].promotion.source"), "{e}");
        let e = model(
            "teams:\n  - name: p\n    promotion:\n      branches: [{ stage: dev, branch: d }]\n",
        )
        .unwrap_err();
        assert!(e.contains("needs teams[p].repo"), "{e}");
    }
}
