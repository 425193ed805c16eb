use crate::app::world::World;

/// Which namespaces a pod list (or diagnosis) covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodScope {
    pub team: String,
    /// Empty means every stage of the team (as they come and go).
    pub namespaces: Vec<String>,
    pub label: String,
}

impl PodScope {
    pub fn namespace(ns: &str) -> PodScope {
        let team = ns.split('-').next().unwrap_or(ns).to_string();
        PodScope {
            team,
            namespaces: vec![ns.to_string()],
            label: ns.to_string(),
        }
    }

    pub fn team(team: &str) -> PodScope {
        PodScope {
            team: team.to_string(),
            namespaces: Vec::new(),
            label: format!("{team} (all stages)"),
        }
    }

    pub fn covers(&self, world: &World, ns: &str) -> bool {
        if self.namespaces.is_empty() {
            world.stages.get(ns).is_some_and(|s| s.team == self.team)
        } else {
            self.namespaces.iter().any(|n| n == ns)
        }
    }

    /// What `0` (all the team's stages) or `1`–`9` (one stage, in matrix order) make of this
    /// scope: `None` for other actions; `Some(None)` for a stage number the team lacks.
    pub fn after(&self, a: crate::keymap::Action, world: &World) -> Option<Option<PodScope>> {
        if a == crate::keymap::Action::AllStages {
            return Some(Some(PodScope::team(&self.team)));
        }
        let n = a.stage_number()?;
        Some(
            world
                .stages_of(&self.team)
                .nth(n - 1)
                .map(|s| PodScope::namespace(&s.namespace)),
        )
    }

    pub fn is_single_namespace(&self) -> bool {
        self.namespaces.len() == 1
    }
}
