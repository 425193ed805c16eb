//! Promotion in the app: what it keeps of each team's stage branches (fed by `PromotionMsg`),
//! outcomes onto the status line, and `:promote` / `M`, which open the team's model — the
//! promotion screen for a branch per stage, the values side by side for one branch.

use jiff::Timestamp;

use super::effect::Effect;
use super::msg::Notice;
use super::nav::Screen;
use super::App;
use crate::config::PromotionModel;
use crate::repo::promotion::{PromotionMsg, Step};
use crate::views::values::WantColumn;

/// A team's stage branches as last read, and the promotion in flight.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PromotionData {
    /// `None` until the first read ends.
    pub steps: Option<Vec<Step>>,
    /// What is being done now ("Merging dev-stage into qa-stage…").
    pub busy: Option<String>,
    /// The last promotion: its stage, outcome and when it ended.
    pub last: Option<(String, Result<String, String>, Timestamp)>,
}

impl App {
    pub(super) fn on_promotion(&mut self, m: PromotionMsg) -> Vec<Effect> {
        match m {
            PromotionMsg::Loaded { team, steps } => {
                let d = self.world.promotions.entry(team).or_default();
                d.steps = Some(steps);
                d.busy = None;
            }
            PromotionMsg::Progress { team, text } => {
                self.world.promotions.entry(team).or_default().busy = Some(text);
            }
            PromotionMsg::Finished {
                team,
                stage,
                result,
            } => {
                let d = self.world.promotions.entry(team.clone()).or_default();
                d.busy = None;
                d.last = Some((stage, result.clone(), self.now));
                let n = match result {
                    Ok(t) => Notice::info(format!("{team}: {t}")),
                    Err(e) => Notice::error(format!("{team}: {e}")),
                };
                self.notice = Some((n, self.now));
            }
            PromotionMsg::Called(c) => self.world.repos.record(c),
        }
        Vec::new()
    }

    /// `:promote [team|stage]` and `M`: the team's promotion, by its model; a stage names the
    /// one to promote into.
    pub(super) fn go_promote(&mut self, arg: Option<&str>) -> Vec<Effect> {
        let (team, stage) = match arg {
            Some(a) if self.world.teams.iter().any(|t| t == a) => (a.to_string(), None),
            Some(a) => match self.world.team_of(a) {
                Some((t, s)) => (t.to_string(), Some(s.to_string())),
                None => match self.team_for(None) {
                    Some(t) => (t, Some(a.to_string())),
                    None => return Vec::new(),
                },
            },
            None => {
                let Some(t) = self.team_for(None) else {
                    return Vec::new();
                };
                let s = self
                    .stage_in_view()
                    .and_then(|ns| self.world.team_of(&ns).map(|(_, s)| s.to_string()));
                (t, s)
            }
        };
        match self.world.promotion.get(&team) {
            Some(PromotionModel::Branches(_)) => {
                if let Screen::Promotion(p) = self.top_mut() {
                    if p.team == team {
                        p.want = stage;
                        return Vec::new();
                    }
                }
                self.push(Screen::Promotion(
                    crate::views::promotion::PromotionState::new(&team, stage.as_deref()),
                ))
            }
            _ => {
                let order = self.promotion_order(&team);
                let from = match &stage {
                    Some(s) => match order.iter().position(|o| o == s) {
                        Some(0) => {
                            self.notice = Some((
                                Notice::error(format!(
                                    "{s} is the first stage: nothing is promoted into it"
                                )),
                                self.now,
                            ));
                            return Vec::new();
                        }
                        Some(i) => Some(WantColumn::Stage(order[i - 1].clone())),
                        // The Helmfile's order, once it is read.
                        None if order.is_empty() => Some(WantColumn::Before(s.clone())),
                        None => {
                            self.notice = Some((
                                Notice::error(format!(
                                    "{s} is not in {team}'s promotion order ({})",
                                    order.join(" → ")
                                )),
                                self.now,
                            ));
                            return Vec::new();
                        }
                    },
                    None => order.first().cloned().map(WantColumn::Stage),
                };
                self.push(Screen::Values(
                    crate::views::values::ValuesState::promoting(&team, from, &self.world),
                ))
            }
        }
    }

    /// One branch: the stages in the order values travel — the config's `promotion.order`,
    /// else the Helmfile's environments (once read).
    pub fn promotion_order(&self, team: &str) -> Vec<String> {
        crate::views::values::promotion_order(&self.world, team)
    }
}

impl App {
    /// A branch per stage: the deploy form names the stage's branch in the job's ref parameter
    /// (`promotion.ref_param`), when that branch is in the team's repository (the one its
    /// Jenkins checks out).
    pub(super) fn stage_branch_prefill(
        &self,
        team: &str,
        stage: &str,
        mut prefill: Vec<(String, String)>,
    ) -> Vec<(String, String)> {
        if let Some(PromotionModel::Branches(c)) = self.world.promotion.get(team) {
            if let (Some(p), Some(b)) = (&c.ref_param, c.branch_of(stage)) {
                if b.url == c.source.url && !prefill.iter().any(|(k, _)| k == p) {
                    prefill.push((p.clone(), b.branch.clone()));
                }
            }
        }
        prefill
    }
}
