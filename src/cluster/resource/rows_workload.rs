//! Deployments, StatefulSets, Jobs and CronJobs as kubectl prints them
//! (`pkg/printers/internalversion/printers.go`: printDeployment, printStatefulSet, printJob,
//! printCronJob).

use k8s_openapi::api::apps::v1::{Deployment, StatefulSet};
use k8s_openapi::api::batch::v1::{CronJob, Job};

use super::{Cell, ResourceRow};
use crate::cluster::health::Health;

/// NAME READY UP-TO-DATE AVAILABLE AGE.
pub fn deployment(d: &Deployment) -> ResourceRow {
    let want = d.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1);
    let st = d.status.clone().unwrap_or_default();
    let ready = st.ready_replicas.unwrap_or(0);
    let updated = st.updated_replicas.unwrap_or(0);
    let available = st.available_replicas.unwrap_or(0);
    let stuck = st.conditions.iter().flatten().any(|c| {
        c.type_ == "Progressing" && c.reason.as_deref() == Some("ProgressDeadlineExceeded")
    });
    let health = if stuck {
        Health::Failed
    } else if available < want || updated < want {
        Health::Warn
    } else {
        Health::Ok
    };
    ResourceRow::new(&d.metadata)
        .cell(format!("{ready}/{want}"))
        .cell(updated.to_string())
        .cell(available.to_string())
        .cell(Cell::Age(created(&d.metadata)))
        .health(health)
}

/// NAME READY AGE.
pub fn stateful_set(s: &StatefulSet) -> ResourceRow {
    let want = s.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1);
    let ready = s
        .status
        .as_ref()
        .and_then(|s| s.ready_replicas)
        .unwrap_or(0);
    ResourceRow::new(&s.metadata)
        .cell(format!("{ready}/{want}"))
        .cell(Cell::Age(created(&s.metadata)))
        .health(if ready < want {
            Health::Warn
        } else {
            Health::Ok
        })
}

/// NAME STATUS COMPLETIONS DURATION AGE.
pub fn job(j: &Job) -> ResourceRow {
    let spec = j.spec.clone().unwrap_or_default();
    let st = j.status.clone().unwrap_or_default();
    let succeeded = st.succeeded.unwrap_or(0);
    let completions = match (spec.completions, spec.parallelism.unwrap_or(0)) {
        (Some(c), _) => format!("{succeeded}/{c}"),
        (None, p) if p > 1 => format!("{succeeded}/1 of {p}"),
        (None, _) => format!("{succeeded}/1"),
    };
    let has = |t: &str| {
        st.conditions
            .iter()
            .flatten()
            .any(|c| c.type_ == t && c.status == "True")
    };
    let (status, health) = if has("Complete") {
        ("Complete", Health::Done)
    } else if has("Failed") {
        ("Failed", Health::Failed)
    } else if j.metadata.deletion_timestamp.is_some() {
        ("Terminating", Health::Warn)
    } else if has("Suspended") {
        ("Suspended", Health::Warn)
    } else if has("FailureTarget") {
        ("FailureTarget", Health::Failed)
    } else if has("SuccessCriteriaMet") {
        ("SuccessCriteriaMet", Health::Ok)
    } else {
        ("Running", Health::Ok)
    };
    ResourceRow::new(&j.metadata)
        .cell(status)
        .cell(completions)
        .cell(Cell::Span(
            st.start_time.map(|t| t.0),
            st.completion_time.map(|t| t.0),
        ))
        .cell(Cell::Age(created(&j.metadata)))
        .health(health)
}

/// NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE.
pub fn cron_job(c: &CronJob) -> ResourceRow {
    let spec = c.spec.clone().unwrap_or_default();
    let st = c.status.clone().unwrap_or_default();
    let suspend = match spec.suspend {
        Some(true) => "True",
        Some(false) => "False",
        None => "<unset>",
    };
    ResourceRow::new(&c.metadata)
        .cell(spec.schedule)
        .cell(spec.time_zone.unwrap_or_else(|| "<none>".into()))
        .cell(suspend)
        .cell(st.active.map_or(0, |a| a.len()).to_string())
        .cell(Cell::AgeOrNone(st.last_schedule_time.map(|t| t.0)))
        .cell(Cell::Age(created(&c.metadata)))
        .health(if spec.suspend == Some(true) {
            Health::Done
        } else {
            Health::Ok
        })
}

fn created(
    m: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta,
) -> Option<jiff::Timestamp> {
    m.creation_timestamp.as_ref().map(|t| t.0)
}
