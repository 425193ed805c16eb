use super::*;

// Every fixture's times are relative to this instant.
fn now() -> Timestamp {
    "2025-06-01T12:00:00Z".parse().unwrap()
}

fn pod(yaml: &str) -> Pod {
    serde_yaml::from_str(yaml).expect("fixture must deserialize into a Pod")
}

/// Asserts the READY, STATUS and RESTARTS cells kubectl would print.
#[track_caller]
fn check(yaml: &str, ready: &str, status: &str, restarts: &str) {
    let s = pod_summary(&pod(yaml));
    assert_eq!(
        (
            s.ready_text().as_str(),
            s.status.as_str(),
            s.restarts_text(now()).as_str()
        ),
        (ready, status, restarts),
        "{s:?}"
    );
}

// ---- printers_test.go: TestPrintPod ----

#[test]
fn ready_counts_only_running_ready_containers() {
    check(
        r#"
        spec: {containers: [{name: a}, {name: b}]}
        status:
          phase: podPhase
          containerStatuses:
          - {ready: true, restartCount: 3, state: {running: {}}}
          - {restartCount: 3}
        "#,
        "1/2",
        "podPhase",
        "6",
    );
}

#[test]
fn container_waiting_reason_overrides_phase() {
    check(
        r#"
        spec: {containers: [{name: a}, {name: b}]}
        status:
          phase: podPhase
          containerStatuses:
          - {ready: true, restartCount: 3, state: {running: {}}}
          - {restartCount: 3, state: {waiting: {reason: ContainerWaitingReason}}}
        "#,
        "1/2",
        "ContainerWaitingReason",
        "6",
    );
}

#[test]
fn first_container_reason_wins() {
    check(
        r#"
        spec: {containers: [{name: a}, {name: b}]}
        status:
          phase: podPhase
          containerStatuses:
          - {restartCount: 3, state: {waiting: {reason: ContainerWaitingReason}}}
          - {restartCount: 3, state: {terminated: {reason: ContainerTerminatedReason, exitCode: 0}}}
        "#,
        "0/2",
        "ContainerWaitingReason",
        "6",
    );
}

#[test]
fn ready_without_running_state_is_not_counted() {
    let yaml = r#"
        spec: {containers: [{name: a}, {name: b}]}
        status:
          phase: podPhase
          containerStatuses:
          - {ready: true, restartCount: 3, state: {running: {}}}
          - {ready: true, restartCount: 3}
        "#;
    check(yaml, "1/2", "podPhase", "6");
    let with_reason = yaml.replace(
        "phase: podPhase",
        "phase: podPhase\n          reason: podReason",
    );
    check(&with_reason, "1/2", "podReason", "6");
}

const COMPLETED_AND_RUNNING: &str = r#"
        spec: {containers: [{name: a}, {name: b}]}
        status:
          phase: Running
          containerStatuses:
          - {ready: true, restartCount: 3, state: {terminated: {reason: Completed, exitCode: 0}}}
          - {ready: true, restartCount: 3, state: {running: {}}}
        "#;

#[test]
fn completed_with_a_running_container_is_not_ready_without_ready_condition() {
    check(COMPLETED_AND_RUNNING, "1/2", "NotReady", "6");
}

#[test]
fn completed_with_a_running_container_is_running_with_ready_condition() {
    let yaml =
        format!("{COMPLETED_AND_RUNNING}  conditions: [{{type: Ready, status: \"True\"}}]\n");
    check(&yaml, "1/2", "Running", "6");
}

#[test]
fn init_container_running_shows_progress_and_its_restarts() {
    check(
        r#"
        spec: {initContainers: [{name: init}], containers: [{name: a}]}
        status:
          phase: podPhase
          initContainerStatuses:
          - name: init
            restartCount: 3
            state: {running: {}}
            lastState: {terminated: {exitCode: 0, finishedAt: "2025-06-01T11:59:50Z"}}
          containerStatuses:
          - {state: {waiting: {}}}
        "#,
        "0/1",
        "Init:0/1",
        "3 (10s ago)",
    );
}

#[test]
fn init_progress_counts_completed_init_containers() {
    // One restarting, the other not started yet.
    check(
        r#"
        spec: {initContainers: [{name: i1}, {name: i2}], containers: [{name: a}]}
        status:
          phase: podPhase
          initContainerStatuses:
          - name: i1
            restartCount: 3
            state: {running: {}}
            lastState: {terminated: {exitCode: 0, finishedAt: "2025-06-01T11:59:50Z"}}
          - {name: i2, state: {waiting: {}}}
          containerStatuses: [{state: {waiting: {}}}]
        "#,
        "0/1",
        "Init:0/2",
        "3 (10s ago)",
    );
    // First completed without restarts, second restarting.
    check(
        r#"
        spec: {initContainers: [{name: i1}, {name: i2}], containers: [{name: a}]}
        status:
          phase: podPhase
          initContainerStatuses:
          - {name: i1, state: {terminated: {}}}
          - name: i2
            restartCount: 3
            state: {running: {}}
            lastState: {terminated: {exitCode: 0, finishedAt: "2025-06-01T11:59:50Z"}}
          containerStatuses: [{state: {waiting: {}}}]
        "#,
        "0/1",
        "Init:1/2",
        "3 (10s ago)",
    );
    // First completed after two restarts, second restarting: restarts add up.
    check(
        r#"
        spec: {initContainers: [{name: i1}, {name: i2}], containers: [{name: a}]}
        status:
          phase: podPhase
          initContainerStatuses:
          - name: i1
            restartCount: 2
            state: {terminated: {}}
            lastState: {terminated: {exitCode: 0, finishedAt: "2025-06-01T11:58:00Z"}}
          - name: i2
            restartCount: 3
            state: {running: {}}
            lastState: {terminated: {exitCode: 0, finishedAt: "2025-06-01T11:59:50Z"}}
          containerStatuses: [{state: {waiting: {}}}]
        "#,
        "0/1",
        "Init:1/2",
        "5 (10s ago)",
    );
}

#[test]
fn init_restarts_are_dropped_once_initialized() {
    check(
        r#"
        spec: {initContainers: [{name: init}], containers: [{name: a}]}
        status:
          phase: Running
          initContainerStatuses:
          - name: init
            restartCount: 2
            state: {terminated: {exitCode: 0}}
            lastState: {terminated: {exitCode: 0, finishedAt: "2025-06-01T11:58:00Z"}}
          containerStatuses:
          - restartCount: 4
            state: {running: {}}
            lastState: {terminated: {exitCode: 1, finishedAt: "2025-06-01T11:59:40Z"}}
        "#,
        "0/1",
        "Running",
        "4 (20s ago)",
    );
}

#[test]
fn restarts_show_the_most_recent_restart() {
    check(
        r#"
        spec: {containers: [{name: a}]}
        status:
          phase: Running
          containerStatuses:
          - ready: true
            restartCount: 3
            state: {running: {}}
            lastState: {terminated: {exitCode: 1, finishedAt: "2025-05-27T12:00:00Z"}}
        "#,
        "1/1",
        "Running",
        "3 (5d ago)",
    );
    check(
        r#"
        spec: {containers: [{name: a}, {name: b}]}
        status:
          phase: Running
          containerStatuses:
          - {ready: true, restartCount: 0, state: {running: {}}}
          - ready: true
            restartCount: 3
            state: {running: {}}
            lastState: {terminated: {exitCode: 1, finishedAt: "2025-05-22T12:00:00Z"}}
        "#,
        "2/2",
        "Running",
        "3 (10d ago)",
    );
    check(
        r#"
        spec: {containers: [{name: a}, {name: b}]}
        status:
          phase: Running
          containerStatuses:
          - ready: true
            restartCount: 6
            state: {running: {}}
            lastState: {terminated: {exitCode: 1, finishedAt: "2025-05-27T12:00:00Z"}}
          - ready: true
            restartCount: 3
            state: {running: {}}
            lastState: {terminated: {exitCode: 1, finishedAt: "2025-05-12T12:00:00Z"}}
        "#,
        "2/2",
        "Running",
        "9 (5d ago)",
    );
}

#[test]
fn scheduling_gated() {
    check(
        r#"
        spec: {containers: [{name: a}, {name: b}]}
        status:
          phase: Pending
          conditions: [{type: PodScheduled, status: "False", reason: SchedulingGated}]
        "#,
        "0/2",
        "SchedulingGated",
        "0",
    );
}

#[test]
fn succeeded_and_failed_pods_keep_container_reason() {
    check(
        r#"
        spec: {containers: [{name: a}]}
        status:
          phase: Succeeded
          containerStatuses: [{state: {terminated: {reason: Completed, exitCode: 0}}}]
        "#,
        "0/1",
        "Completed",
        "0",
    );
    check(
        r#"
        spec: {containers: [{name: a}]}
        status:
          phase: Failed
          containerStatuses: [{state: {terminated: {reason: Error, exitCode: 1}}}]
        "#,
        "0/1",
        "Error",
        "0",
    );
}

#[test]
fn deleted_pods_are_terminating_unless_finished() {
    check(
        r#"
        metadata: {name: p, deletionTimestamp: "2025-06-01T11:59:50Z"}
        spec: {containers: [{name: a}]}
        status:
          phase: Succeeded
          containerStatuses: [{state: {terminated: {reason: Completed, exitCode: 0}}}]
        "#,
        "0/1",
        "Completed",
        "0",
    );
    check(
        r#"
        metadata: {name: p, deletionTimestamp: "2025-06-01T11:59:50Z"}
        spec: {containers: [{name: a}]}
        status:
          phase: Failed
          containerStatuses: [{state: {terminated: {reason: Error, exitCode: 1}}}]
        "#,
        "0/1",
        "Error",
        "0",
    );
    check(
        r#"
        metadata: {name: p, deletionTimestamp: "2025-06-01T11:59:50Z"}
        spec: {containers: [{name: a}]}
        status:
          phase: Running
          containerStatuses: [{state: {running: {}}}]
        "#,
        "0/1",
        "Terminating",
        "0",
    );
    check(
        r#"
        metadata: {name: p, deletionTimestamp: "2025-06-01T11:59:50Z"}
        spec: {containers: [{name: a}]}
        status: {phase: Pending}
        "#,
        "0/1",
        "Terminating",
        "0",
    );
}

// ---- printers_test.go: TestPrintPodWithRestartableInitContainer ----

const SIDECAR_SPEC: &str = r#"
        spec:
          initContainers:
          - {name: restartable-init-1, restartPolicy: Always}
          - {name: restartable-init-2, restartPolicy: Always}
          containers: [{name: a}]
        "#;

#[test]
fn sidecar_running_but_not_started_blocks_initialization() {
    let yaml = format!(
        "{SIDECAR_SPEC}{}",
        r#"status:
          phase: Pending
          initContainerStatuses:
          - name: restartable-init-1
            restartCount: 3
            started: false
            state: {running: {}}
            lastState: {terminated: {exitCode: 1, finishedAt: "2025-06-01T11:59:50Z"}}
          - {name: restartable-init-2, started: false, state: {waiting: {}}}
          containerStatuses: [{state: {waiting: {}}}]
          conditions: [{type: Initialized, status: "False"}]
        "#
    );
    check(&yaml, "0/3", "Init:0/2", "3 (10s ago)");
    let first_started = yaml.replacen("started: false", "started: true", 1).replace(
        "{name: restartable-init-2, started: false, state: {waiting: {}}}",
        "{name: restartable-init-2, started: false, state: {running: {}}}",
    );
    check(&first_started, "0/3", "Init:1/2", "3 (10s ago)");
}

#[test]
fn started_sidecars_count_in_ready_and_restarts() {
    let yaml = format!(
        "{SIDECAR_SPEC}{}",
        r#"status:
          phase: Running
          initContainerStatuses:
          - name: restartable-init-1
            ready: false
            restartCount: 3
            started: true
            state: {running: {}}
            lastState: {terminated: {exitCode: 1, finishedAt: "2025-06-01T11:59:50Z"}}
          - {name: restartable-init-2, ready: false, started: true, state: {running: {}}}
          containerStatuses:
          - ready: true
            restartCount: 4
            state: {running: {}}
            lastState: {terminated: {exitCode: 1, finishedAt: "2025-06-01T11:59:40Z"}}
          conditions: [{type: Initialized, status: "True"}]
        "#
    );
    check(&yaml, "1/3", "Running", "7 (10s ago)");
    let ready_sidecars = yaml.replace("ready: false", "ready: true");
    check(&ready_sidecars, "3/3", "Running", "7 (10s ago)");
}

#[test]
fn failed_sidecars_on_initialized_pod_show_container_state() {
    let yaml = format!(
        "{SIDECAR_SPEC}{}",
        r#"status:
          phase: Succeeded
          initContainerStatuses:
          - name: restartable-init-1
            restartCount: 3
            started: false
            state: {terminated: {reason: Error, exitCode: 137}}
            lastState: {terminated: {exitCode: 1, finishedAt: "2025-06-01T11:59:50Z"}}
          - {name: restartable-init-2, started: false, state: {terminated: {reason: Error, exitCode: 137}}}
          containerStatuses:
          - restartCount: 4
            state: {terminated: {reason: Completed, exitCode: 0}}
            lastState: {terminated: {exitCode: 1, finishedAt: "2025-06-01T11:59:40Z"}}
          conditions: [{type: Initialized, status: "True"}]
        "#
    );
    check(&yaml, "0/3", "Completed", "7 (10s ago)");
}

#[test]
fn statuses_for_unknown_containers_are_not_sidecars() {
    check(
        r#"
        spec:
          initContainers: [{name: init1}, {name: sidecar1, restartPolicy: Always}]
          containers: [{name: container1}]
        status:
          phase: Running
          initContainerStatuses: [{name: initinvalid}, {name: init1}, {name: sidecar1}]
          containerStatuses: [{name: containerinvalid}, {name: container1}]
        "#,
        "0/2",
        "Init:0/2",
        "0",
    );
}

// ---- printers_test.go: TestPrintNonTerminatedPod / TestPrintPodConditions ----

#[test]
fn bare_phase_is_printed_when_containers_say_nothing() {
    for phase in ["Running", "Pending", "Unknown", "Succeeded", "Failed"] {
        let yaml = format!(
            r#"
            spec: {{containers: [{{name: a}}, {{name: b}}]}}
            status:
              phase: {phase}
              containerStatuses:
              - {{ready: true, restartCount: 3, state: {{running: {{}}}}}}
              - {{restartCount: 3}}
            "#
        );
        check(&yaml, "1/2", phase, "6");
    }
}

// ---- Everyday states, as real clusters report them ----

#[test]
fn running_ready_and_not_ready() {
    let yaml = r#"
        spec: {containers: [{name: app}]}
        status:
          phase: Running
          conditions: [{type: Ready, status: "True"}]
          containerStatuses: [{name: app, ready: true, started: true, state: {running: {startedAt: "2025-06-01T10:00:00Z"}}}]
        "#;
    check(yaml, "1/1", "Running", "0");
    check(
        &yaml.replace("ready: true", "ready: false"),
        "0/1",
        "Running",
        "0",
    );
}

#[test]
fn pending_and_container_waiting_reasons() {
    check(
        "{spec: {containers: [{name: app}]}, status: {phase: Pending}}",
        "0/1",
        "Pending",
        "0",
    );
    for waiting in [
        "ContainerCreating",
        "ImagePullBackOff",
        "ErrImagePull",
        "CreateContainerConfigError",
    ] {
        let yaml = format!(
            "{{spec: {{containers: [{{name: app}}]}}, status: {{phase: Pending, containerStatuses: [{{name: app, state: {{waiting: {{reason: {waiting}}}}}}}]}}}}"
        );
        check(&yaml, "0/1", waiting, "0");
    }
}

#[test]
fn crash_loop_back_off_after_oom_kill() {
    check(
        r#"
        spec: {containers: [{name: app}]}
        status:
          phase: Running
          containerStatuses:
          - name: app
            ready: false
            restartCount: 5
            state: {waiting: {reason: CrashLoopBackOff, message: back-off 2m40s}}
            lastState:
              terminated:
                reason: OOMKilled
                exitCode: 137
                startedAt: "2025-06-01T11:56:40Z"
                finishedAt: "2025-06-01T11:56:48Z"
        "#,
        "0/1",
        "CrashLoopBackOff",
        "5 (3m12s ago)",
    );
}

#[test]
fn current_terminated_reason_is_shown() {
    let yaml = r#"
        spec: {containers: [{name: app}]}
        status:
          phase: Running
          containerStatuses:
          - name: app
            restartCount: 1
            state: {terminated: {reason: OOMKilled, exitCode: 137}}
            lastState: {terminated: {reason: OOMKilled, exitCode: 137, finishedAt: "2025-06-01T11:00:00Z"}}
        "#;
    check(yaml, "0/1", "OOMKilled", "1 (60m ago)");
}

#[test]
fn terminated_without_reason_shows_signal_or_exit_code() {
    let fixture = |terminated: &str| {
        format!("{{spec: {{containers: [{{name: app}}]}}, status: {{phase: Running, containerStatuses: [{{name: app, state: {{terminated: {terminated}}}}}]}}}}")
    };
    check(
        &fixture("{exitCode: 137, signal: 9}"),
        "0/1",
        "Signal:9",
        "0",
    );
    check(&fixture("{exitCode: 2}"), "0/1", "ExitCode:2", "0");
    check(
        &fixture("{exitCode: 2, signal: 0}"),
        "0/1",
        "ExitCode:2",
        "0",
    );
    check(
        &fixture("{exitCode: 0, reason: \"\"}"),
        "0/1",
        "ExitCode:0",
        "0",
    );
}

#[test]
fn failing_init_containers() {
    let fixture = |state: &str| {
        format!(
            r#"
            spec: {{initContainers: [{{name: migrate}}, {{name: seed}}], containers: [{{name: app}}]}}
            status:
              phase: Pending
              initContainerStatuses:
              - name: migrate
                restartCount: 4
                state: {state}
                lastState: {{terminated: {{reason: Error, exitCode: 1, finishedAt: "2025-06-01T11:59:00Z"}}}}
              - {{name: seed, state: {{waiting: {{reason: PodInitializing}}}}}}
              containerStatuses: [{{name: app, state: {{waiting: {{reason: PodInitializing}}}}}}]
            "#
        )
    };
    let cases = [
        (
            "{waiting: {reason: CrashLoopBackOff}}",
            "Init:CrashLoopBackOff",
        ),
        ("{terminated: {reason: Error, exitCode: 1}}", "Init:Error"),
        ("{terminated: {exitCode: 3}}", "Init:ExitCode:3"),
        (
            "{terminated: {exitCode: 143, signal: 15}}",
            "Init:Signal:15",
        ),
        ("{running: {}}", "Init:0/2"),
        ("{waiting: {reason: PodInitializing}}", "Init:0/2"),
    ];
    for (state, want) in cases {
        check(&fixture(state), "0/1", want, "4 (60s ago)");
    }
}

#[test]
fn pod_initializing_is_skipped_for_init_but_shown_for_containers() {
    let yaml = r#"
        spec: {initContainers: [{name: migrate}, {name: seed}], containers: [{name: app}]}
        status:
          phase: Pending
          initContainerStatuses:
          - {name: migrate, state: {terminated: {reason: Completed, exitCode: 0}}}
          - {name: seed, state: {waiting: {reason: PodInitializing}}}
          containerStatuses: [{name: app, state: {waiting: {reason: PodInitializing}}}]
        "#;
    check(yaml, "0/1", "Init:1/2", "0");
    let done = yaml.replace(
        "{waiting: {reason: PodInitializing}}}\n          containerStatuses",
        "{terminated: {reason: Completed, exitCode: 0}}}\n          containerStatuses",
    );
    check(&done, "0/1", "PodInitializing", "0");
}

#[test]
fn sidecar_with_regular_container() {
    check(
        r#"
        spec:
          initContainers: [{name: proxy, restartPolicy: Always}, {name: migrate}]
          containers: [{name: app}]
        status:
          phase: Running
          conditions:
          - {type: Initialized, status: "True"}
          - {type: Ready, status: "True"}
          initContainerStatuses:
          - name: proxy
            ready: true
            started: true
            restartCount: 2
            state: {running: {}}
            lastState: {terminated: {exitCode: 1, finishedAt: "2025-06-01T11:55:00Z"}}
          - name: migrate
            restartCount: 7
            state: {terminated: {reason: Completed, exitCode: 0}}
            lastState: {terminated: {exitCode: 1, finishedAt: "2025-06-01T11:59:59Z"}}
          containerStatuses:
          - name: app
            ready: true
            restartCount: 1
            state: {running: {}}
            lastState: {terminated: {exitCode: 1, finishedAt: "2025-06-01T11:50:00Z"}}
        "#,
        "2/2",
        "Running",
        "3 (5m ago)",
    );
}

#[test]
fn evicted_pod_reason_unless_a_container_says_more() {
    check(
        r#"
        spec: {containers: [{name: app}]}
        status: {phase: Failed, reason: Evicted, message: "The node was low on resource: memory."}
        "#,
        "0/1",
        "Evicted",
        "0",
    );
    check(
        r#"
        spec: {containers: [{name: app}]}
        status:
          phase: Failed
          reason: Evicted
          containerStatuses: [{name: app, state: {terminated: {reason: ContainerStatusUnknown, exitCode: 137}}}]
        "#,
        "0/1",
        "ContainerStatusUnknown",
        "0",
    );
}

#[test]
fn node_lost_is_unknown_only_while_deleting() {
    let yaml = r#"
        metadata: {name: p, deletionTimestamp: "2025-06-01T11:00:00Z"}
        spec: {containers: [{name: app}]}
        status:
          phase: PHASE
          reason: NodeLost
          containerStatuses: [{name: app, ready: true, state: {running: {}}}]
        "#;
    check(&yaml.replace("PHASE", "Running"), "1/1", "Unknown", "0");
    check(&yaml.replace("PHASE", "Succeeded"), "1/1", "Unknown", "0");
    let not_deleting = yaml.replace(
        "deletionTimestamp: \"2025-06-01T11:00:00Z\"",
        "namespace: x",
    );
    check(
        &not_deleting.replace("PHASE", "Running"),
        "1/1",
        "NodeLost",
        "0",
    );
}

// ---- Edges of the port itself ----

#[test]
fn empty_pod() {
    let s = pod_summary(&pod("{}"));
    assert_eq!(
        s,
        PodSummary {
            ready: 0,
            total: 0,
            status: String::new(),
            restarts: 0,
            last_restart: None
        }
    );
    assert_eq!(s.ready_text(), "0/0");
    assert_eq!(s.restarts_text(now()), "0");
}

#[test]
fn restart_time_without_restart_count_prints_plain_zero() {
    let yaml = r#"
        spec: {containers: [{name: app}]}
        status:
          phase: Running
          containerStatuses:
          - name: app
            state: {running: {}}
            lastState: {terminated: {exitCode: 1, finishedAt: "2025-06-01T11:00:00Z"}}
        "#;
    let s = pod_summary(&pod(yaml));
    assert_eq!(
        s.last_restart,
        Some("2025-06-01T11:00:00Z".parse().unwrap())
    );
    assert_eq!(s.restarts_text(now()), "0");
}

#[test]
fn go_zero_finished_at_is_no_restart_time() {
    let yaml = r#"
        spec: {containers: [{name: app}]}
        status:
          phase: Running
          containerStatuses:
          - name: app
            restartCount: 2
            state: {running: {}}
            lastState: {terminated: {exitCode: 1, finishedAt: "0001-01-01T00:00:00Z"}}
        "#;
    let s = pod_summary(&pod(yaml));
    assert_eq!(s.last_restart, None);
    assert_eq!(s.restarts_text(now()), "2");
}

#[test]
fn only_first_initialized_condition_counts() {
    let yaml = r#"
        spec: {initContainers: [{name: init}], containers: [{name: app}]}
        status:
          phase: Pending
          conditions:
          - {type: Initialized, status: "False"}
          - {type: Initialized, status: "True"}
          initContainerStatuses: [{name: init, state: {waiting: {reason: CrashLoopBackOff}}}]
          containerStatuses: [{name: app, state: {waiting: {reason: PodInitializing}}}]
        "#;
    check(yaml, "0/1", "Init:CrashLoopBackOff", "0");
    let swapped = yaml.replace(
        "status: \"False\"}\n          - {type: Initialized, status: \"True\"}",
        "status: \"True\"}\n          - {type: Initialized, status: \"False\"}",
    );
    check(&swapped, "0/1", "PodInitializing", "0");
}
