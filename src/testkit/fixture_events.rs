//! The fixture world's events: what the kubelet and the scheduler said about the pods, Normal
//! and Warning, repeated ones aggregated with a count as the API keeps them.

use jiff::{SignedDuration, Timestamp};
use k8s_openapi::api::core::v1::Event;
use serde_json::json;

use super::pod_builder::{days_ago, hours_ago, mins_ago, pod_ip, secs_ago};

struct Ev {
    ns: &'static str,
    pod: &'static str,
    warning: bool,
    reason: &'static str,
    message: String,
    source: &'static str,
    count: i32,
    first: Timestamp,
    last: Timestamp,
}

impl Ev {
    fn to_event(&self, i: usize) -> Event {
        let ts = |t: Timestamp| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string();
        serde_json::from_value(json!({
            "apiVersion": "v1",
            "kind": "Event",
            "metadata": {
                "name": format!("{}.{:016x}", self.pod, i),
                "namespace": self.ns,
                "creationTimestamp": ts(self.first),
            },
            "involvedObject": {"kind": "Pod", "namespace": self.ns, "name": self.pod, "apiVersion": "v1"},
            "type": if self.warning { "Warning" } else { "Normal" },
            "reason": self.reason,
            "message": self.message,
            "source": {"component": self.source},
            "count": self.count,
            "firstTimestamp": ts(self.first),
            "lastTimestamp": ts(self.last),
        }))
        .expect("a fixture Event")
    }
}

/// One event, seen once at `at`.
fn once(
    ns: &'static str,
    pod: &'static str,
    reason: &'static str,
    message: &str,
    at: Timestamp,
) -> Ev {
    Ev {
        ns,
        pod,
        warning: false,
        reason,
        message: message.into(),
        source: "kubelet",
        count: 1,
        first: at,
        last: at,
    }
}

/// A Warning seen `count` times from `first` to `last`.
fn warning(
    ns: &'static str,
    pod: &'static str,
    reason: &'static str,
    message: &str,
    count: i32,
    (first, last): (Timestamp, Timestamp),
) -> Ev {
    Ev {
        warning: true,
        count,
        first,
        last,
        ..once(ns, pod, reason, message, last)
    }
}

/// Scheduled, pulled, created, started: how every pod that ran began.
fn started(
    ns: &'static str,
    pod: &'static str,
    node: &str,
    container: &str,
    image: &str,
    at: Timestamp,
) -> Vec<Ev> {
    vec![
        Ev {
            source: "default-scheduler",
            ..once(
                ns,
                pod,
                "Scheduled",
                &format!("Successfully assigned {ns}/{pod} to {node}"),
                at,
            )
        },
        once(
            ns,
            pod,
            "Pulled",
            &format!("Container image \"{image}\" already present on machine"),
            at,
        ),
        once(
            ns,
            pod,
            "Created",
            &format!("Created container: {container}"),
            at,
        ),
        once(
            ns,
            pod,
            "Started",
            &format!("Started container {container}"),
            at,
        ),
    ]
}

/// A container restarted `restarts` times since `created`, its last start `last_start`: the
/// kubelet's pull, create and start events aggregated, and the back-off between crashes.
fn crash_looping_api(
    pod: &'static str,
    node: &str,
    restarts: i32,
    created: Timestamp,
    last_start: Timestamp,
) -> Vec<Ev> {
    let ns = "payments-qa";
    let img = "registry.example.com/payments/api:2.7.0";
    let ip = pod_ip(ns, pod);
    let runs = restarts + 1;
    let mut v = vec![
        Ev {
            source: "default-scheduler",
            ..once(
                ns,
                pod,
                "Scheduled",
                &format!("Successfully assigned {ns}/{pod} to {node}"),
                created,
            )
        },
        once(ns, pod, "Started", "Started container log-shipper", created),
    ];
    for (reason, message) in [
        (
            "Pulled",
            format!("Container image \"{img}\" already present on machine"),
        ),
        ("Created", "Created container: api".to_string()),
        ("Started", "Started container api".to_string()),
    ] {
        v.push(Ev {
            warning: false,
            ..warning(ns, pod, reason, &message, runs, (created, last_start))
        });
    }
    v.push(warning(
        ns,
        pod,
        "Unhealthy",
        &format!(
            "Readiness probe failed: Get \"http://{ip}:8080/healthz/ready\": dial tcp {ip}:8080: \
             connect: connection refused"
        ),
        restarts * 2,
        (created, last_start),
    ));
    v.push(warning(
        ns,
        pod,
        "BackOff",
        &format!("Back-off restarting failed container api in pod {pod}_{ns}"),
        restarts * 6,
        (created, secs_ago(5)),
    ));
    v
}

pub fn events() -> Vec<Event> {
    let mut v: Vec<Ev> = Vec::new();

    // payments-qa: two crash loops, a gateway that is never ready, a job killed for memory.
    v.extend(crash_looping_api(
        "payments-api-6d8f7c9b54-q2wzt",
        "highmem-9hqdf",
        32,
        hours_ago(3) - SignedDuration::from_mins(4),
        secs_ago(125),
    ));
    v.extend(crash_looping_api(
        "payments-api-6d8f7c9b54-x7k2m",
        "general-f7ltf",
        40,
        hours_ago(3) - SignedDuration::from_mins(42),
        secs_ago(102),
    ));
    for (pod, node) in [
        ("payments-gateway-5f6b8d7c9-2wjnl", "general-nnvg9"),
        ("payments-gateway-5f6b8d7c9-j5vlk", "highmem-9hqdf"),
    ] {
        v.push(warning(
            "payments-qa",
            pod,
            "Unhealthy",
            "Readiness probe failed: HTTP probe failed with statuscode: 503",
            4_412,
            (days_ago(7), secs_ago(4)),
        ));
        v.push(once("payments-qa", pod, "Pulled", &format!("Container image \"registry.example.com/payments/gateway:3.0.4\" already present on machine ({node})"), days_ago(7)));
    }
    v.extend(started(
        "payments-qa",
        "payments-statement-export-28911-fxrvm",
        "general-nnvg9",
        "export",
        "registry.example.com/payments/statements:0.5.2",
        mins_ago(26),
    ));

    // payments-dev: exit 1 loop, a missing Secret, an init container failing, no room to schedule.
    v.extend(started(
        "payments-dev",
        "payments-api-84c7d9f6b-m4x8p",
        "general-f7ltf",
        "api",
        "registry.example.com/payments/api:2.8.0-SNAPSHOT",
        mins_ago(47),
    ));
    v.push(warning(
        "payments-dev",
        "payments-api-84c7d9f6b-m4x8p",
        "BackOff",
        "Back-off restarting failed container api in pod payments-api-84c7d9f6b-m4x8p_payments-dev",
        61,
        (mins_ago(45), secs_ago(170)),
    ));
    v.push(warning(
        "payments-dev",
        "payments-notifications-8d6f5c7b9-dkg7b",
        "Failed",
        "Error: secret \"payments-notifications-db-credentials-v2\" not found",
        431,
        (mins_ago(95), secs_ago(12)),
    ));
    v.push(warning(
        "payments-dev",
        "payments-scheduler-6f9d8c7b5-vn4hp",
        "BackOff",
        "Back-off restarting failed container wait-for-db in pod payments-scheduler-6f9d8c7b5-vn4hp_payments-dev",
        160,
        (mins_ago(36), secs_ago(40)),
    ));
    v.push(Ev {
        source: "default-scheduler",
        ..warning(
            "payments-dev",
            "payments-web-6c5d4b8f9-mm6mv",
            "FailedScheduling",
            "0/7 nodes are available: 7 Insufficient memory. preemption: 0/7 nodes are available: \
             7 No preemption victims found for incoming pod.",
            2_088,
            (days_ago(7), mins_ago(3)),
        )
    });

    // payments-e2e: an image that does not exist, a failed seed job.
    for pod in [
        "payments-fraud-check-9b7c5d8f6-9nj8q",
        "payments-fraud-check-9b7c5d8f6-b4x2r",
    ] {
        let img = "registry.example.com/payments/fraud-check:2.4.1-rc2";
        v.push(once(
            "payments-e2e",
            pod,
            "Pulling",
            &format!("Pulling image \"{img}\""),
            mins_ago(53),
        ));
        v.push(warning(
            "payments-e2e",
            pod,
            "Failed",
            &format!("Failed to pull image \"{img}\": rpc error: code = NotFound desc = failed to pull and unpack image \"{img}\": failed to resolve reference \"{img}\": {img}: not found"),
            14,
            (mins_ago(53), mins_ago(2)),
        ));
        v.push(warning(
            "payments-e2e",
            pod,
            "Failed",
            "Error: ErrImagePull",
            14,
            (mins_ago(53), mins_ago(2)),
        ));
        v.push(Ev {
            warning: false,
            ..warning(
                "payments-e2e",
                pod,
                "BackOff",
                &format!("Back-off pulling image \"{img}\""),
                231,
                (mins_ago(53), secs_ago(20)),
            )
        });
        v.push(warning(
            "payments-e2e",
            pod,
            "Failed",
            "Error: ImagePullBackOff",
            231,
            (mins_ago(53), secs_ago(20)),
        ));
    }
    v.extend(started(
        "payments-e2e",
        "payments-seed-data-mhllh",
        "general-49lxq",
        "seed",
        "registry.example.com/payments/api:2.7.0",
        mins_ago(32),
    ));

    // payments-prod: evictions and a pod stuck terminating.
    v.push(warning(
        "payments-prod",
        "payments-ledger-6d7c8b5f9-hz6kq",
        "Evicted",
        "The node was low on resource: memory. Threshold quantity: 100Mi, available: 91736Ki. \
         Container ledger was using 1843560Ki, request is 512Mi, has larger consumption of memory.",
        1,
        (hours_ago(2), hours_ago(2)),
    ));
    v.push(once(
        "payments-prod",
        "payments-ledger-6d7c8b5f9-hz6kq",
        "Killing",
        "Stopping container ledger",
        hours_ago(2),
    ));
    v.push(warning(
        "payments-prod",
        "payments-ledger-6d7c8b5f9-c4n8w",
        "Evicted",
        "The node had condition: [DiskPressure].",
        1,
        (hours_ago(2), hours_ago(2)),
    ));
    v.push(once(
        "payments-prod",
        "payments-notifications-9c8d7b6f5-l5k2s",
        "Killing",
        "Stopping container notifications",
        mins_ago(12),
    ));

    v.iter().enumerate().map(|(i, e)| e.to_event(i)).collect()
}
