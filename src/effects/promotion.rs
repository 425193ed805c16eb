//! The runner's promotion half: each team's chain of stage branches (from the config), one task
//! per team at a time, and the read-only and protected-stage checks made here, whatever a view
//! asked.

use std::collections::HashMap;

use super::Runner;
use crate::app::effect::promotion::PromotionEffect;
use crate::outbox::Outbox;
use crate::repo::promotion::{tasks, PromotionMsg, PromotionTarget};

impl Runner {
    /// The teams that keep a branch per stage (launch builds them from the config).
    pub fn set_promotions(&mut self, chains: HashMap<String, PromotionTarget>) {
        self.promotions = chains;
    }

    pub(super) fn run_promotion(&mut self, effect: PromotionEffect) {
        let out: Outbox<PromotionMsg> = Outbox::new(self.tx.clone());
        let team = effect.team().to_string();
        let refuse = |stage: &str, why: String| {
            let (out, team, stage) = (out.clone(), team.clone(), stage.to_string());
            tokio::spawn(async move {
                out.send(PromotionMsg::Finished {
                    team,
                    stage,
                    result: Err(why),
                })
                .await;
            });
        };
        if let PromotionEffect::Promote {
            stage, confirmed, ..
        } = &effect
        {
            if self.readonly {
                refuse(
                    stage,
                    format!(
                        "read-only mode: promote to {team}-{stage} refused (started with --readonly or readonly: true)"
                    ),
                );
                return;
            }
            if self.protected.contains(&format!("{team}-{stage}"))
                && confirmed.as_deref() != Some(stage.as_str())
            {
                refuse(
                    stage,
                    format!("{stage} is protected: type {stage} to promote into it"),
                );
                return;
            }
        }
        let Some(t) = self.promotions.get(&team).cloned() else {
            let stage = match &effect {
                PromotionEffect::Promote { stage, .. } => stage.clone(),
                PromotionEffect::Load { .. } => String::new(),
            };
            refuse(
                &stage,
                format!("{team} keeps no branch per stage: add teams[{team}].promotion.branches to the config"),
            );
            return;
        };
        // Fetches and merges in the promotion repository take turns.
        let lock = self
            .repo_locks
            .entry(format!("{team}/promotion"))
            .or_default()
            .clone();
        tokio::spawn(async move {
            let _turn = lock.write().await;
            match effect {
                PromotionEffect::Load { .. } => tasks::load(t, out).await,
                PromotionEffect::Promote {
                    stage, from_tip, ..
                } => tasks::promote(t, stage, from_tip, out).await,
            }
        });
    }
}
