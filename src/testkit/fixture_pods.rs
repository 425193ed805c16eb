//! The fixture world's pods, stage by stage: mostly healthy, with every failure mode the views
//! must show somewhere (the comments name them). Times are relative to [`super::start`].

use super::pod_builder::{days_ago, hours_ago, mins_ago, secs_ago, Ctr, PodB, Term};

const REGISTRY: &str = "registry.example.com";

fn image(team: &str, app: &str, tag: &str) -> String {
    let short = app.strip_prefix(&format!("{team}-")).unwrap_or(app);
    format!("{REGISTRY}/{team}/{short}:{tag}")
}

const SHIPPER: &str = "docker.io/fluent/fluent-bit:3.1.9";

/// A healthy pod of Deployment `app`: one probed container running since it was created.
fn healthy(ns: &str, app: &str, hash: &str, suffix: &str, tag: &str, age: jiff::Timestamp) -> PodB {
    let team = ns.split('-').next().unwrap_or_default();
    let main = app.rsplit('-').next().unwrap_or(app);
    PodB::deployment(ns, app, hash, suffix)
        .created(age)
        .container(Ctr::running(main, &image(team, app, tag), age).probed())
}

fn with_shipper(p: PodB, since: jiff::Timestamp) -> PodB {
    p.container(Ctr::running("log-shipper", SHIPPER, since).memory_limit("64Mi"))
}

/// The crash-looping API of payments-qa: killed for memory every few minutes.
fn qa_api_crash_loop(suffix: &str, restarts: i32, created: jiff::Timestamp, died: i64) -> PodB {
    let ns = "payments-qa";
    let name = format!("payments-api-6d8f7c9b54-{suffix}");
    let img = image("payments", "payments-api", "2.7.0");
    let last = Term::oom_killed(secs_ago(died + 95), secs_ago(died));
    with_shipper(
        PodB::deployment(ns, "payments-api", "6d8f7c9b54", suffix)
            .created(created)
            .container(
                Ctr::crash_loop("api", &img, &name, restarts, last)
                    .probed()
                    .memory_limit("768Mi"),
            ),
        created,
    )
}

pub fn pods() -> Vec<PodB> {
    let mut v = Vec::new();
    v.extend(payments_build());
    v.extend(payments_dev());
    v.extend(payments_e2e());
    v.extend(payments_qa());
    v.extend(payments_prod());
    v.extend(payments_stage_demo());
    v.extend(advisory());
    v
}

fn payments_build() -> Vec<PodB> {
    let ns = "payments-build";
    vec![
        healthy(
            ns,
            "payments-build-cache",
            "59d7b6c4f8",
            "t8wqz",
            "1.3.0",
            days_ago(12),
        )
        .node("general-7tqm4"),
        healthy(
            ns,
            "payments-build-cache",
            "59d7b6c4f8",
            "zx5lv",
            "1.3.0",
            days_ago(12),
        )
        .node("general-nnvg9"),
        // A finished image build: Completed.
        PodB::job(
            ns,
            "payments-build-cache",
            "payments-image-build-1187",
            "hk2rd",
        )
        .created(mins_ago(9))
        .node("general-nnvg9")
        .phase("Succeeded")
        .container(Ctr::terminated(
            "kaniko",
            "gcr.io/kaniko-project/executor:v1.23.2",
            Term::completed(mins_ago(9), mins_ago(6)),
        )),
    ]
}

fn payments_dev() -> Vec<PodB> {
    let ns = "payments-dev";
    let api = "payments-api-84c7d9f6b-m4x8p";
    vec![
        // CrashLoopBackOff after exit 1 (a configuration error at start-up).
        with_shipper(
            PodB::deployment(ns, "payments-api", "84c7d9f6b", "m4x8p")
                .created(mins_ago(47))
                .node("general-f7ltf")
                .container(
                    Ctr::crash_loop(
                        "api",
                        &image("payments", "payments-api", "2.8.0-SNAPSHOT"),
                        api,
                        12,
                        Term::error(1, secs_ago(200), secs_ago(185)),
                    )
                    .probed(),
                ),
            mins_ago(47),
        ),
        healthy(
            ns,
            "payments-fraud-check",
            "7c4d9b8f6",
            "qw2lx",
            "2.4.0",
            days_ago(2),
        )
        .node("general-49lxq"),
        healthy(
            ns,
            "payments-ledger",
            "5b8c7d9f4",
            "r7t2k",
            "0.9.1",
            hours_ago(26),
        )
        .node("highmem-9hqdf"),
        // CreateContainerConfigError: a Secret the pod needs is missing.
        PodB::deployment(ns, "payments-notifications", "8d6f5c7b9", "dkg7b")
            .created(mins_ago(95))
            .node("general-7tqm4")
            .container(Ctr::waiting(
                "notifications",
                &image("payments", "payments-notifications", "1.12.3"),
                "CreateContainerConfigError",
                Some("secret \"payments-notifications-db-credentials-v2\" not found"),
            )),
        // Init:CrashLoopBackOff: the init container waiting for the database keeps failing.
        PodB::deployment(ns, "payments-scheduler", "6f9d8c7b5", "vn4hp")
            .created(mins_ago(38))
            .node("general-f7ltf")
            .phase("Pending")
            .init(
                Ctr::crash_loop(
                    "wait-for-db",
                    "docker.io/library/busybox:1.36",
                    "payments-scheduler-6f9d8c7b5-vn4hp",
                    9,
                    Term::error(1, secs_ago(160), secs_ago(130)),
                )
                .memory_limit("32Mi"),
            )
            .container(Ctr::waiting(
                "scheduler",
                &image("payments", "payments-scheduler", "0.3.3"),
                "PodInitializing",
                None,
            )),
        // Pending: no node has the memory it asks for.
        PodB::deployment(ns, "payments-web", "6c5d4b8f9", "mm6mv")
            .created(days_ago(7) + jiff::SignedDuration::from_hours(-6))
            .unschedulable(
                "0/7 nodes are available: 7 Insufficient memory. preemption: 0/7 nodes are \
                 available: 7 No preemption victims found for incoming pod.",
            )
            .container(
                Ctr::waiting("web", &image("payments", "payments-web", "4.3.0"), "", None)
                    .memory_limit("24Gi"),
            ),
    ]
}

fn payments_e2e() -> Vec<PodB> {
    let ns = "payments-e2e";
    let rc = image("payments", "payments-fraud-check", "2.4.1-rc2");
    vec![
        healthy(
            ns,
            "payments-api",
            "7f8b9c6d5",
            "kd8sw",
            "2.7.0",
            hours_ago(5),
        )
        .node("general-49lxq"),
        // A finished test run: Completed.
        PodB::job(ns, "payments-e2e-tests", "payments-e2e-tests-4417", "k8v2d")
            .created(hours_ago(3) - jiff::SignedDuration::from_mins(12))
            .node("general-7tqm4")
            .phase("Succeeded")
            .container(Ctr::terminated(
                "e2e",
                &image("payments", "payments-e2e-tests", "4417"),
                Term::completed(hours_ago(3), hours_ago(2)),
            )),
        // ImagePullBackOff and ErrImagePull: a release candidate tag that was never pushed.
        PodB::deployment(ns, "payments-fraud-check", "9b7c5d8f6", "9nj8q")
            .created(mins_ago(54))
            .node("general-f7ltf")
            .phase("Pending")
            .container(Ctr::waiting(
                "fraud-check",
                &rc,
                "ImagePullBackOff",
                Some(&format!("Back-off pulling image \"{rc}\"")),
            )),
        PodB::deployment(ns, "payments-fraud-check", "9b7c5d8f6", "b4x2r")
            .created(mins_ago(54))
            .node("general-nnvg9")
            .phase("Pending")
            .container(Ctr::waiting(
                "fraud-check",
                &rc,
                "ErrImagePull",
                Some(&format!(
                    "rpc error: code = NotFound desc = failed to pull and unpack image \"{rc}\": \
                     failed to resolve reference \"{rc}\": {rc}: not found"
                )),
            )),
        healthy(
            ns,
            "payments-gateway",
            "5d6c7b8f9",
            "p2m9x",
            "3.0.4",
            days_ago(8),
        )
        .node("highmem-9hqdf"),
        // A job pod that failed: Error.
        PodB::job(ns, "payments-api", "payments-seed-data", "mhllh")
            .created(mins_ago(33))
            .node("general-49lxq")
            .phase("Failed")
            .container(Ctr::terminated(
                "seed",
                &image("payments", "payments-api", "2.7.0"),
                Term::error(1, mins_ago(32), mins_ago(31)),
            )),
    ]
}

fn payments_qa() -> Vec<PodB> {
    let ns = "payments-qa";
    let gw = image("payments", "payments-gateway", "3.0.4");
    let not_ready = |suffix: &str, node: &str| {
        PodB::deployment(ns, "payments-gateway", "5f6b8d7c9", suffix)
            .created(days_ago(7) - jiff::SignedDuration::from_hours(8))
            .node(node)
            .container(
                Ctr::running(
                    "gateway",
                    &gw,
                    days_ago(7) - jiff::SignedDuration::from_hours(8),
                )
                .probed()
                .not_ready(),
            )
    };
    let ledger = |suffix: &str, node: &str| {
        let born = days_ago(4) - jiff::SignedDuration::from_hours(1);
        let ledger = Ctr::running(
            "ledger",
            &image("payments", "payments-ledger", "0.9.1"),
            hours_ago(64),
        )
        .probed()
        .restarted(1, Term::error(1, born, hours_ago(64)));
        PodB::deployment(ns, "payments-ledger", "7b9c6d5f8", suffix)
            .created(born)
            .container(ledger)
            .node(node)
            .container(Ctr::running("log-shipper", SHIPPER, born).memory_limit("64Mi"))
    };
    vec![
        qa_api_crash_loop(
            "q2wzt",
            32,
            hours_ago(3) - jiff::SignedDuration::from_mins(4),
            30,
        )
        .node("highmem-9hqdf"),
        qa_api_crash_loop(
            "x7k2m",
            40,
            hours_ago(3) - jiff::SignedDuration::from_mins(42),
            7,
        )
        .node("general-f7ltf"),
        // Running but not ready: the readiness probe answers 503.
        not_ready("2wjnl", "general-nnvg9"),
        not_ready("j5vlk", "highmem-9hqdf"),
        ledger("57s6g", "highmem-9hqdf"),
        ledger("fk2xw", "general-nnvg9"),
        with_shipper(
            healthy(
                ns,
                "payments-notifications",
                "6b5c8d7f9",
                "6xc82",
                "1.12.3",
                days_ago(8),
            ),
            days_ago(8),
        )
        .node("highmem-9hqdf"),
        // A CronJob's run killed for memory: OOMKilled.
        PodB::job(
            ns,
            "payments-statements",
            "payments-statement-export-28911",
            "fxrvm",
        )
        .created(mins_ago(26))
        .node("general-nnvg9")
        .phase("Failed")
        .container(
            Ctr::terminated(
                "export",
                &image("payments", "payments-statements", "0.5.2"),
                Term::oom_killed(mins_ago(26), mins_ago(19)),
            )
            .memory_limit("1Gi"),
        ),
        healthy(
            ns,
            "payments-web",
            "7d4f6c8b5",
            "55fjz",
            "4.2.0",
            days_ago(7),
        )
        .node("general-f7ltf"),
        healthy(
            ns,
            "payments-web",
            "7d4f6c8b5",
            "tbb24",
            "4.2.0",
            days_ago(7),
        )
        .node("general-7tqm4"),
    ]
}

fn payments_prod() -> Vec<PodB> {
    let ns = "payments-prod";
    let api = |suffix: &str, node: &str| {
        with_shipper(
            healthy(
                ns,
                "payments-api",
                "5c7d8b9f6",
                suffix,
                "2.6.4",
                days_ago(3),
            ),
            days_ago(3),
        )
        .node(node)
    };
    let ledger_img = image("payments", "payments-ledger", "0.9.0");
    vec![
        api("2kq7d", "general-49lxq"),
        api("8vz4m", "general-7tqm4"),
        api("wp9rt", "highmem-9hqdf"),
        // Evicted for memory pressure; the kubelet lost its containers' status.
        PodB::deployment(ns, "payments-ledger", "6d7c8b5f9", "hz6kq")
            .created(days_ago(3))
            .node("highmem-9hqdf")
            .phase("Failed")
            .status_reason(
                "Evicted",
                "The node was low on resource: memory. Threshold quantity: 100Mi, available: \
                 91736Ki. Container ledger was using 1843560Ki, request is 512Mi, has larger \
                 consumption of memory.",
            )
            .container(Ctr::unknown("ledger", &ledger_img)),
        // Evicted before its container reported anything: STATUS says Evicted.
        PodB::deployment(ns, "payments-ledger", "6d7c8b5f9", "c4n8w")
            .created(days_ago(3))
            .node("highmem-9hqdf")
            .phase("Failed")
            .status_reason("Evicted", "The node had condition: [DiskPressure].")
            .container(Ctr::running("ledger", &ledger_img, days_ago(3)).not_ready())
            .statuses_lost(),
        healthy(
            ns,
            "payments-ledger",
            "6d7c8b5f9",
            "r2v5j",
            "0.9.0",
            hours_ago(2),
        )
        .node("general-nnvg9"),
        // Terminating: a finalizer waits for the queue to drain.
        healthy(
            ns,
            "payments-notifications",
            "9c8d7b6f5",
            "l5k2s",
            "1.12.2",
            days_ago(5),
        )
        .node("general-7tqm4")
        .deleting(mins_ago(12), "example.com/drain-queue"),
        healthy(
            ns,
            "payments-notifications",
            "4b6d8f7c9",
            "t9w3e",
            "1.12.3",
            mins_ago(13),
        )
        .node("general-49lxq"),
        healthy(
            ns,
            "payments-web",
            "6f5d4c8b7",
            "9fj2q",
            "4.2.0",
            hours_ago(14),
        )
        .node("general-f7ltf"),
    ]
}

fn payments_stage_demo() -> Vec<PodB> {
    let ns = "payments-stage-demo";
    let api_img = image("payments", "payments-api", "2.8.0-demo");
    vec![
        with_shipper(
            PodB::deployment(ns, "payments-api", "68b9d7c5f", "s3d9k")
                .created(hours_ago(2))
                .node("general-49lxq")
                .container(
                    Ctr::crash_loop(
                        "api",
                        &api_img,
                        "payments-api-68b9d7c5f-s3d9k",
                        4,
                        Term::error(1, mins_ago(5), mins_ago(4)),
                    )
                    .probed(),
                ),
            hours_ago(2),
        ),
        healthy(
            ns,
            "payments-api",
            "68b9d7c5f",
            "w8x2c",
            "2.8.0-demo",
            hours_ago(2),
        )
        .node("general-7tqm4"),
        healthy(
            ns,
            "payments-web",
            "5b9c7d6f8",
            "k4r7n",
            "4.3.0-demo",
            days_ago(5),
        )
        .node("general-nnvg9"),
    ]
}

fn advisory() -> Vec<PodB> {
    let reports_oom = |ns: &str| {
        PodB::job(
            ns,
            "advisory-reports",
            "advisory-report-render-29001",
            "b7w2x",
        )
        .created(mins_ago(19))
        .node("highmem-9hqdf")
        .phase("Failed")
        .container(
            Ctr::terminated(
                "render",
                &image("advisory", "advisory-reports", "5.1.0"),
                Term::oom_killed(mins_ago(19), mins_ago(15)),
            )
            .memory_limit("2Gi"),
        )
    };
    vec![
        healthy(
            "advisory-build",
            "advisory-build-cache",
            "7b6c5d9f8",
            "c2w8n",
            "1.3.0",
            days_ago(12),
        )
        .node("general-49lxq"),
        PodB::deployment("advisory-dev", "advisory-portal", "58c9d7b6f", "j3k8v")
            .created(mins_ago(27))
            .node("general-f7ltf")
            .container(
                Ctr::crash_loop(
                    "portal",
                    &image("advisory", "advisory-portal", "6.0.0-SNAPSHOT"),
                    "advisory-portal-58c9d7b6f-j3k8v",
                    7,
                    Term::error(1, mins_ago(4), mins_ago(3)),
                )
                .probed(),
            ),
        healthy(
            "advisory-dev",
            "advisory-reports",
            "6d9f8c7b5",
            "p8q2z",
            "5.1.0",
            days_ago(2),
        )
        .node("general-7tqm4"),
        healthy(
            "advisory-e2e",
            "advisory-portal",
            "7c8b9d6f5",
            "m2n4x",
            "5.9.2",
            hours_ago(31),
        )
        .node("general-49lxq"),
        healthy(
            "advisory-e2e",
            "advisory-reports",
            "8f7c6d5b9",
            "h6v9t",
            "5.1.0",
            hours_ago(31),
        )
        .node("general-nnvg9"),
        healthy(
            "advisory-qa",
            "advisory-portal",
            "6c7d8f9b5",
            "x5c2b",
            "5.9.2",
            days_ago(4),
        )
        .node("general-f7ltf"),
        reports_oom("advisory-qa"),
        healthy(
            "advisory-prod",
            "advisory-portal",
            "9d8c7b6f5",
            "f7g2h",
            "5.9.1",
            days_ago(6),
        )
        .node("general-49lxq"),
        healthy(
            "advisory-prod",
            "advisory-portal",
            "9d8c7b6f5",
            "q9w4e",
            "5.9.1",
            days_ago(6),
        )
        .node("general-7tqm4"),
        healthy(
            "advisory-prod",
            "advisory-reports",
            "5f6d7c8b9",
            "z3x7c",
            "5.0.8",
            days_ago(6),
        )
        .node("highmem-9hqdf"),
    ]
}
