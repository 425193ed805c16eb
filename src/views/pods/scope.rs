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

    pub fn team(world: &World, team: &str) -> PodScope {
        let _ = world;
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

    pub fn is_single_namespace(&self) -> bool {
        self.namespaces.len() == 1
    }
}
