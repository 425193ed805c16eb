//! One release across every environment: each value path with its value per stage, flagged
//! where the stages disagree, and the chart version per stage.

use std::collections::BTreeMap;

use super::env_vars::EnvVars;
use super::error::HelmfileError;
use super::load::Helmfile;
use super::provenance::Leaf;

/// One environment's column.
#[derive(Debug, Clone, PartialEq)]
pub struct EnvColumn {
    pub environment: String,
    /// False when the environment has no release of that name.
    pub present: bool,
    pub installed: bool,
    pub chart_version: Option<String>,
    /// Why this column could not be computed (e.g. a missing values file); the others still are.
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SideBySideRow {
    /// Dotted, as in [`super::FlatValue::path`].
    pub path: String,
    /// One cell per column, `None` where the path is not set in that environment.
    pub cells: Vec<Option<Leaf>>,
    /// True if the environments that have the release do not all agree on the value.
    pub differs: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SideBySide {
    pub release: String,
    pub columns: Vec<EnvColumn>,
    /// Sorted by path.
    pub rows: Vec<SideBySideRow>,
}

impl Helmfile {
    /// `release`'s values in every environment the state files define, in their order.
    pub fn side_by_side(
        &self,
        release: &str,
        env_vars: &EnvVars,
    ) -> Result<SideBySide, HelmfileError> {
        let envs = self.environments(env_vars)?;
        let mut columns = Vec::new();
        let mut by_path: BTreeMap<String, Vec<Option<Leaf>>> = BTreeMap::new();
        for (i, env) in envs.iter().enumerate() {
            let mut col = EnvColumn {
                environment: env.name.clone(),
                present: false,
                installed: false,
                chart_version: None,
                error: None,
            };
            match self.desired_state(&env.name, env_vars) {
                Ok(state) => {
                    if let Some(r) = state.release(release) {
                        col.present = true;
                        col.installed = r.installed;
                        col.chart_version = r.version.clone();
                    }
                }
                Err(e) => col.error = Some(e.to_string()),
            }
            if col.present {
                match self.release_values(&env.name, release, env_vars) {
                    Ok(values) => {
                        for flat in values.flat() {
                            by_path
                                .entry(flat.path)
                                .or_insert_with(|| vec![None; envs.len()])[i] = Some(flat.leaf);
                        }
                    }
                    Err(e) => col.error = Some(e.to_string()),
                }
            }
            columns.push(col);
        }
        let rows = by_path
            .into_iter()
            .map(|(path, cells)| {
                let mut seen = cells
                    .iter()
                    .zip(&columns)
                    .filter(|(_, c)| c.present && c.error.is_none())
                    .map(|(cell, _)| cell.as_ref().map(|l| &l.value));
                let first = seen.next();
                let differs = first.is_some_and(|f| seen.any(|v| v != f));
                SideBySideRow {
                    path,
                    cells,
                    differs,
                }
            })
            .collect();
        Ok(SideBySide {
            release: release.to_string(),
            columns,
            rows,
        })
    }
}
