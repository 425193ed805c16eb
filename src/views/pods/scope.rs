use crate::app::msg::Notice;
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

    /// Which number switches to which of the team's stages, as k9s numbers namespaces:
    /// `0 all 1 build 2 dev 3 e2e …` (only 1–9 have keys).
    pub fn stage_map(&self, world: &World) -> String {
        std::iter::once("0 all".to_string())
            .chain(
                world
                    .stages_of(&self.team)
                    .take(9)
                    .enumerate()
                    .map(|(i, s)| format!("{} {}", i + 1, s.stage)),
            )
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// How many of the team's stages have a number key (at most 9).
    pub fn numbered_stages(&self, world: &World) -> usize {
        world.stages_of(&self.team).take(9).count()
    }

    /// What a stage number the team lacks says: the numbers it has.
    pub fn missing_stage(&self, a: crate::keymap::Action, world: &World) -> Notice {
        let n = a.stage_number().unwrap_or(0);
        Notice::info(format!(
            "{} has no stage {n}: {}",
            self.team,
            self.stage_map(world)
        ))
    }

    pub fn is_single_namespace(&self) -> bool {
        self.namespaces.len() == 1
    }
}
