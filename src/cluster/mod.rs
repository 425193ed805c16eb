//! The cluster area. Pure half: kubectl's presentation rules and the compact rows the cockpit
//! keeps. I/O half (`watch`, `detail`, `logs`): kube-rs tasks, called only from `effects/`.

pub mod access;
pub mod all_stages_watch;
pub mod connect;
pub mod detail_watch;
pub mod event_row;
pub mod headroom;
pub mod health;
pub mod human_duration;
pub mod kubectl;
pub mod liveness;
pub mod log_stream;
pub mod msg;
pub mod pod_detail;
pub mod pod_row;
pub mod pod_status;
pub mod replica_set_row;
pub mod resource;
pub mod rollout;
pub mod stage;
pub mod stage_admin;
pub mod watch;
pub mod watch_failure;
pub mod workload_write;
