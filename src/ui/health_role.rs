//! The theme role that shows a health: one mapping for every screen that colours a status.

use crate::cluster::health::Health;
use crate::theme::Role;

pub fn health_role(h: Health) -> Role {
    match h {
        Health::Ok => Role::HealthOk,
        Health::Warn => Role::HealthWarn,
        Health::Failed => Role::HealthFailed,
        Health::Pending => Role::HealthPending,
        Health::Done => Role::HealthDone,
    }
}
