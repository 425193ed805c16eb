//! Deployments, StatefulSets, Jobs and CronJobs as kubectl describe prints them.

use serde_json::Value;

use super::common::*;
use super::*;

use jiff::Timestamp;

pub(super) fn deployment(o: &mut Out, d: &Value) {
    o.kv(0, "Selector", selector_text(&d["spec"]["selector"]));
    let want = d["spec"]["replicas"].as_i64().unwrap_or(1);
    let unavailable = n(d, "/status/unavailableReplicas");
    o.kv(
        0,
        "Replicas",
        format!(
            "{want} desired | {} updated | {} total | {} available | {unavailable} unavailable",
            n(d, "/status/updatedReplicas"),
            n(d, "/status/replicas"),
            n(d, "/status/availableReplicas"),
        ),
    );
    o.kv(0, "StrategyType", or_none(s(d, "/spec/strategy/type")));
    o.kv(
        0,
        "MinReadySeconds",
        n(d, "/spec/minReadySeconds").to_string(),
    );
    if s(d, "/spec/strategy/type") == "RollingUpdate" {
        let ru = &d["spec"]["strategy"]["rollingUpdate"];
        let text = |v: &Value| match v {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            _ => "25%".into(),
        };
        o.kv(
            0,
            "RollingUpdateStrategy",
            format!(
                "{} max unavailable, {} max surge",
                text(&ru["maxUnavailable"]),
                text(&ru["maxSurge"])
            ),
        );
    }
    pod_template(o, &d["spec"]["template"]);
    conditions(o, d);
}

pub(super) fn stateful_set(o: &mut Out, st: &Value) {
    o.kv(0, "Selector", selector_text(&st["spec"]["selector"]));
    o.kv(0, "Service Name", or_none(s(st, "/spec/serviceName")));
    o.kv(
        0,
        "Replicas",
        format!(
            "{} desired | {} total",
            st["spec"]["replicas"].as_i64().unwrap_or(1),
            n(st, "/status/replicas")
        ),
    );
    o.kv(
        0,
        "Update Strategy",
        or_none(s(st, "/spec/updateStrategy/type")),
    );
    o.kv(
        0,
        "Pods Status",
        format!(
            "{} Running / 0 Waiting / 0 Succeeded / 0 Failed",
            n(st, "/status/readyReplicas")
        ),
    );
    pod_template(o, &st["spec"]["template"]);
    let claims = arr(st, "/spec/volumeClaimTemplates");
    if claims.is_empty() {
        o.kv(0, "Volume Claims", "<none>");
    } else {
        o.line("Volume Claims:");
        for c in claims {
            o.kv(1, "Name", s(c, "/metadata/name"));
            o.kv(1, "StorageClass", s(c, "/spec/storageClassName"));
            o.kv(
                1,
                "Capacity",
                s(c, "/spec/resources/requests/storage").to_string(),
            );
            let modes: Vec<&str> = arr(c, "/spec/accessModes")
                .iter()
                .filter_map(Value::as_str)
                .collect();
            o.kv(1, "Access Modes", modes.join(","));
        }
    }
}

pub(super) fn job(o: &mut Out, j: &Value, now: Timestamp) {
    o.kv(0, "Selector", selector_text(&j["spec"]["selector"]));
    o.kv(0, "Parallelism", n(j, "/spec/parallelism").to_string());
    o.kv(
        0,
        "Completions",
        j["spec"]["completions"]
            .as_i64()
            .map_or("<unset>".into(), |c| c.to_string()),
    );
    o.kv(0, "Completion Mode", or_none(s(j, "/spec/completionMode")));
    o.kv(
        0,
        "Suspend",
        j["spec"]["suspend"].as_bool().unwrap_or(false).to_string(),
    );
    o.kv(0, "Backoff Limit", n(j, "/spec/backoffLimit").to_string());
    o.kv(0, "Start Time", when(j, "/status/startTime"));
    let start: Option<Timestamp> = s(j, "/status/startTime").parse().ok();
    let end: Option<Timestamp> = s(j, "/status/completionTime").parse().ok();
    if end.is_some() {
        o.kv(0, "Completed At", when(j, "/status/completionTime"));
    }
    if let Some(st) = start {
        o.kv(
            0,
            "Duration",
            crate::cluster::human_duration::human_duration(end.unwrap_or(now).duration_since(st)),
        );
    }
    o.kv(
        0,
        "Pods Statuses",
        format!(
            "{} Active ({} Ready) / {} Succeeded / {} Failed",
            n(j, "/status/active"),
            n(j, "/status/ready"),
            n(j, "/status/succeeded"),
            n(j, "/status/failed")
        ),
    );
    pod_template(o, &j["spec"]["template"]);
    conditions(o, j);
}

pub(super) fn cron_job(o: &mut Out, c: &Value) {
    o.kv(0, "Schedule", s(c, "/spec/schedule"));
    o.kv(
        0,
        "Concurrency Policy",
        or_none(s(c, "/spec/concurrencyPolicy")),
    );
    o.kv(
        0,
        "Suspend",
        match c["spec"]["suspend"].as_bool() {
            Some(true) => "True",
            _ => "False",
        },
    );
    o.kv(
        0,
        "Successful Job History Limit",
        n(c, "/spec/successfulJobsHistoryLimit").to_string(),
    );
    o.kv(
        0,
        "Failed Job History Limit",
        n(c, "/spec/failedJobsHistoryLimit").to_string(),
    );
    o.kv(0, "Starting Deadline Seconds", "<unset>");
    let jt = &c["spec"]["jobTemplate"];
    o.kv(0, "Selector", "<unset>");
    o.kv(0, "Parallelism", "<unset>");
    o.kv(0, "Completions", "<unset>");
    pod_template(o, &jt["spec"]["template"]);
    o.kv(0, "Last Schedule Time", when(c, "/status/lastScheduleTime"));
    let active: Vec<&str> = arr(c, "/status/active")
        .iter()
        .map(|a| s(a, "/name"))
        .collect();
    o.kv(0, "Active Jobs", or_none(&active.join(", ")));
}
