//! Helm release payloads on demand: after every message the top screen says which revisions
//! it shows; those neither decoded nor in flight become `DecodeRelease` effects. Results land
//! in the world's cache unless the Secret changed meanwhile (a stale answer is dropped).

use super::effect::Effect;
use super::msg::{ClusterMsg, HelmMsg};
use super::nav::Screen;
use super::App;
use crate::helm::ReleaseRow;
use crate::views::pods::PodScope;
use crate::views::releases::ReleasesState;

impl App {
    /// `DecodeRelease` effects for the revisions the top screen shows that nobody asked for.
    pub fn want_releases(&mut self) -> Vec<Effect> {
        let page = self.page();
        let keys = self.top().wanted_releases(&self.world, page);
        if keys.is_empty() {
            return Vec::new();
        }
        let ask = self.world.decoded.wanted(keys, self.now);
        let mut effects = Vec::with_capacity(ask.len());
        for (namespace, secret) in ask {
            self.next_generation += 1;
            let generation = self.next_generation;
            self.world
                .decoded
                .started((namespace.clone(), secret.clone()), generation);
            effects.push(Effect::DecodeRelease {
                namespace,
                secret,
                generation,
            });
        }
        effects
    }

    pub(super) fn on_helm(&mut self, m: HelmMsg) -> Vec<Effect> {
        match m {
            HelmMsg::ReleaseDecoded {
                namespace,
                secret,
                generation,
                result,
            } => {
                let key = (namespace, secret);
                if self
                    .world
                    .decoded
                    .finished(key, generation, result, self.now)
                {
                    self.dirty = true;
                }
            }
        }
        Vec::new()
    }

    /// Before the world takes a release change: forget decoded revisions whose Secret changed
    /// (Helm rewrites a revision's Secret when its status changes) or went away.
    pub(super) fn forget_changed_releases(&mut self, m: &ClusterMsg) {
        let changed = |old: Option<&ReleaseRow>, new: &ReleaseRow| old.is_some_and(|o| o != new);
        let mut stale: Vec<(String, String)> = Vec::new();
        match m {
            ClusterMsg::ReleasesSynced { namespace, rows } => {
                let Some(stage) = self.world.stages.get(namespace) else {
                    return;
                };
                let new: std::collections::HashMap<&str, &ReleaseRow> =
                    rows.iter().map(|r| (r.secret.as_str(), r)).collect();
                for (secret, old) in &stage.releases {
                    match new.get(secret.as_str()) {
                        Some(n) if *n == old => {}
                        _ => stale.push((namespace.clone(), secret.clone())),
                    }
                }
            }
            ClusterMsg::ReleasesChanged {
                namespace,
                applied,
                deleted,
            } => {
                let stage = self.world.stages.get(namespace);
                let old = |s: &str| stage.and_then(|st| st.releases.get(s));
                stale.extend(deleted.iter().map(|d| (namespace.clone(), d.clone())));
                stale.extend(
                    applied
                        .iter()
                        .filter(|r| changed(old(&r.secret), r))
                        .map(|r| (namespace.clone(), r.secret.clone())),
                );
            }
            ClusterMsg::NamespaceDeleted(ns) => self.world.decoded.invalidate_namespace(ns),
            _ => {}
        }
        for (ns, secret) in stale {
            self.world.decoded.invalidate(&ns, &secret);
        }
    }

    /// `r`: the releases of the selected stage (home), or of the list's scope.
    pub(super) fn go_releases(&mut self) -> Vec<Effect> {
        let scope = match self.top() {
            Screen::Stages(s) => s
                .selected_namespace(&self.world)
                .map(|ns| PodScope::namespace(&ns)),
            Screen::Pods(p) => Some(p.scope.clone()),
            Screen::Diagnose(d) => Some(d.scope.clone()),
            _ => None,
        }
        .unwrap_or_else(|| self.default_scope());
        self.push(Screen::Releases(ReleasesState::new(scope)))
    }

    /// True when every revision the top screen shows is decoded (or failed): what `render`
    /// waits for before it prints.
    pub fn releases_settled(&self) -> bool {
        let keys = self.top().wanted_releases(&self.world, self.page());
        keys.iter().all(|(ns, s)| {
            !self.world.decoded.is_in_flight(ns, s)
                && !matches!(
                    self.world.decoded.get(ns, s),
                    super::release_cache::Decoded::Pending
                )
        })
    }
}
