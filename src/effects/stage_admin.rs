//! The runner's ad-hoc stage half: the guards (read-only, standard and protected stages, the
//! typed namespace) are checked here again, whatever a view asked; then `cluster::stage_admin`
//! asks the API and writes.

use std::collections::BTreeSet;

use super::Runner;
use crate::app::effect::stage_admin::StageAdminEffect;
use crate::cluster::stage_admin::{self, StageAdminMsg, StageOp};
use crate::outbox::Outbox;

impl Runner {
    /// Namespaces of the teams' standard stages (`<team>-build` and the config's `stages:`):
    /// never deleted from the cockpit.
    pub fn set_standard_stages(&mut self, namespaces: BTreeSet<String>) {
        self.standard = namespaces;
    }

    /// Why the runner refuses the effect, if it does.
    fn refusal(&self, effect: &StageAdminEffect) -> Option<String> {
        let what = match effect {
            StageAdminEffect::Create { team, stage } => format!("creating {team}-{stage}"),
            StageAdminEffect::Delete { namespace, .. } => format!("deleting {namespace}"),
        };
        if self.readonly {
            return Some(format!(
                "read-only mode: {what} refused (started with --readonly or readonly: true)"
            ));
        }
        let StageAdminEffect::Delete {
            namespace,
            confirmed,
        } = effect
        else {
            return None;
        };
        if self.protected.contains(namespace) {
            return Some(format!("{namespace} is a protected stage: not deleted"));
        }
        if self.standard.contains(namespace) || namespace.ends_with("-build") {
            return Some(format!(
                "{namespace} is a standard stage: only ad-hoc stages are deleted from the cockpit"
            ));
        }
        if confirmed.as_deref() != Some(namespace.as_str()) {
            return Some(format!("{namespace} was not typed to confirm: not deleted"));
        }
        None
    }

    pub(super) fn run_stage_admin(&mut self, effect: StageAdminEffect) {
        let out: Outbox<StageAdminMsg> = Outbox::new(self.tx.clone());
        if let Some(why) = self.refusal(&effect) {
            let (op, namespace) = match effect {
                StageAdminEffect::Create { team, stage } => {
                    (StageOp::Create, format!("{team}-{stage}"))
                }
                StageAdminEffect::Delete { namespace, .. } => (StageOp::Delete, namespace),
            };
            tokio::spawn(async move {
                out.send(StageAdminMsg::Done {
                    op,
                    namespace,
                    result: Err(why),
                })
                .await;
            });
            return;
        }
        let client = self.client.clone();
        match effect {
            StageAdminEffect::Create { team, stage } => {
                tokio::spawn(stage_admin::create(client, team, stage, out));
            }
            StageAdminEffect::Delete { namespace, .. } => {
                tokio::spawn(stage_admin::delete(client, namespace, out));
            }
        }
    }
}
