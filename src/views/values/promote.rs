//! Promotion with one branch and per-stage values: side by side, the marked rows (or the
//! selected one) of the selected stage are copied to the next stage — each value into the file
//! that should change for that stage (as a quick edit would), a chart version where the stage
//! has its own. All or nothing: a row that cannot be copied stops the promotion before any file
//! is written.

use crate::app::world::World;
use crate::config::PromotionModel;
use crate::repo::edit::EditRequest;
use crate::repo::landscape::Landscape;

use super::edit_target::{belongs_to, value_edit, version_edit};
use super::rows::{is_scalar, show_value, SbsKind, SbsRow};

/// The stages in the order values travel: the config's `promotion.order`, else (one branch)
/// the Helmfile's environments in its order; a branch per stage: its stages.
pub fn promotion_order(world: &World, team: &str) -> Vec<String> {
    match world.promotion.get(team) {
        Some(PromotionModel::Values { order }) if !order.is_empty() => order.clone(),
        Some(PromotionModel::Branches(c)) => c.stages.iter().map(|(s, _)| s.clone()).collect(),
        _ => world
            .repos
            .get(team)
            .and_then(|d| d.landscape.as_ref())
            .map(|l| l.stages.iter().map(|s| s.environment.clone()).collect())
            .unwrap_or_default(),
    }
}

/// The stage after `from` in `order`.
pub fn next_stage<'a>(order: &'a [String], from: &str) -> Option<&'a str> {
    let i = order.iter().position(|s| s == from)?;
    order.get(i + 1).map(String::as_str)
}

/// The edits a promotion makes, and how many rows the target already had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PromotePlan {
    pub from: String,
    pub to: String,
    pub edits: Vec<EditRequest>,
    pub same: usize,
}

/// Copies `picked` rows of `release` from stage column `from` to the stage `to`.
pub fn plan_promotion(
    l: &Landscape,
    release: &str,
    rows: &[SbsRow],
    picked: &[usize],
    from: usize,
    to: &str,
) -> Result<PromotePlan, String> {
    let src = l.stages.get(from).ok_or("no stage selected")?;
    let dst_col = l
        .stages
        .iter()
        .position(|s| s.environment == to)
        .ok_or_else(|| format!("the Helmfile has no environment {to}"))?;
    let dst = &l.stages[dst_col];
    for s in [src, dst] {
        if let Some(e) = &s.error {
            return Err(format!("{} could not be rendered: {e}", s.environment));
        }
    }
    let find = |s: &crate::repo::landscape::StageDesired| {
        s.releases.iter().find(|r| r.summary.name == release).cloned()
    };
    let src_release = find(src).ok_or_else(|| format!("{} has no release {release}", src.environment))?;
    let dst_release = find(dst).ok_or_else(|| format!("{to} has no release {release}"))?;
    let mut plan = PromotePlan {
        from: src.environment.clone(),
        to: to.to_string(),
        edits: Vec::new(),
        same: 0,
    };
    for &i in picked {
        let row = rows.get(i).ok_or("no row selected")?;
        let (s_cell, d_cell) = (&row.cells[from], &row.cells[dst_col]);
        if s_cell.text == d_cell.text {
            plan.same += 1;
            continue;
        }
        let req = match &row.kind {
            SbsKind::Installed => {
                return Err(format!(
                    "installed: is the Helmfile's ({}): edit it there",
                    l.files.join(", ")
                ))
            }
            SbsKind::ChartVersion => {
                let p = version_edit(&dst_release)?;
                if !belongs_to(&p.request.file, to) {
                    return Err(format!(
                        "{release}'s chart version is one entry for every stage ({}): e on the release bumps it for all",
                        p.request.file
                    ));
                }
                let mut r = p.request;
                r.value = src_release.summary.version.clone();
                r
            }
            SbsKind::Value(path) => {
                let leaf = s_cell.leaf.as_ref().ok_or_else(|| {
                    format!("{} does not set {path}: nothing to copy", src.environment)
                })?;
                if !is_scalar(&leaf.value) {
                    return Err(format!(
                        "{path} is a list or a map: copy it in the editor (E)"
                    ));
                }
                let mut r = value_edit(to, &dst_release, path, d_cell.leaf.as_ref(), &l.files)?.request;
                r.value = show_value(&leaf.value);
                r.typed = matches!(
                    leaf.value,
                    serde_yaml::Value::Number(_) | serde_yaml::Value::Bool(_)
                );
                r
            }
        };
        plan.edits.push(req);
    }
    Ok(plan)
}
