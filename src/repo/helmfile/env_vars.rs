//! Where `env` and `requiredEnv` read from: the cockpit's own environment, or a fixed set
//! (tests, or a screen that previews a stage as the deploy job would see it).

use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum EnvVars {
    /// The process environment, as `helmfile` run from this shell would see it.
    #[default]
    Process,
    Fixed(BTreeMap<String, String>),
}

impl EnvVars {
    pub fn fixed<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> EnvVars {
        EnvVars::Fixed(
            pairs
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    pub fn get(&self, name: &str) -> Option<String> {
        match self {
            EnvVars::Process => std::env::var(name).ok(),
            EnvVars::Fixed(map) => map.get(name).cloned(),
        }
    }
}
