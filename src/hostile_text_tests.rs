//! Hostile text, end to end: a pod, its events, a Helm release and Jenkins answers full of
//! escape sequences, C1 controls, bidi overrides and NUL/BEL go through the product's ingest
//! paths (the row constructors, the release decoder, the Jenkins parsers) into an `App`. No
//! string the app then holds, and no cell of any screen drawn from it, may carry one of them.

use base64::Engine;
use serde_json::json;

use crate::app::effect::Effect;
use crate::app::jenkins::{JenkinsEffect, JenkinsMsg, JobsSnapshot};
use crate::app::msg::Msg;
use crate::app::nav::Screen;
use crate::app::App;
use crate::jenkins::model::{parse_build, parse_job, parse_jobs, parse_params, parse_queue};
use crate::jenkins::JobPath;
use crate::keymap::Key;
use crate::testkit::{self, command, press, render, settle, Fixture};

const NS: &str = "payments-qa";
const POD: &str = "bad-api-7f9c-x2x2x";
const RELEASE: &str = "bad-rel";

/// Every kind of trouble at once: OSC 52 (clipboard), a screen clear, 8-bit CSI and OSC, a
/// right-to-left override, NUL and BEL.
const EVIL: &str = "a\x1b]52;c;ZXZpbA==\x07b\x1b[2Jc\u{9b}31md\u{9d}0;evil\u{9c}e\u{202e}f\0g\x07h";
/// What must not survive anywhere: the sequences' payloads.
const LEFTOVERS: [&str; 5] = ["ZXZpbA==", "52;c", "[2J", "31m", "evil"];

fn evil(prefix: &str) -> String {
    format!("{prefix} {EVIL}")
}

fn is_forbidden(c: char) -> bool {
    c.is_control() && c != '\n'
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// What the app holds, as text: the world, every screen on the stack and the notice.
fn state_text(app: &App) -> String {
    format!("{:?}\n{:?}\n{:?}", app.world, app.stack, app.notice)
}

fn assert_clean_state(app: &App, when: &str) {
    let dump = state_text(app);
    // Debug escapes control and format characters, so look for their escapes.
    for esc in [
        "\\u{1b}",
        "\\u{9b}",
        "\\u{9c}",
        "\\u{9d}",
        "\\u{202e}",
        "\\0",
        "\\u{7}",
    ] {
        assert!(!dump.contains(esc), "{when}: the app holds {esc}");
    }
    assert!(!dump.chars().any(is_forbidden), "{when}: a raw control");
    for l in LEFTOVERS {
        assert!(!dump.contains(l), "{when}: the app holds {l:?}");
    }
}

fn assert_clean_screen(app: &App, when: &str) {
    let t = render(app);
    let buf = t.backend().buffer();
    let mut text = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let s = buf[(x, y)].symbol();
            assert!(
                !s.chars().any(is_forbidden),
                "{when}: cell ({x},{y}) holds {s:?}"
            );
            text.push_str(s);
        }
        text.push('\n');
    }
    for l in LEFTOVERS {
        assert!(!text.contains(l), "{when}: {l:?} on screen:\n{text}");
    }
}

/// A pod whose every free-text field is hostile, as a kubelet or a manifest could make it.
fn hostile_pod() -> serde_json::Value {
    json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "name": POD,
            "namespace": NS,
            "creationTimestamp": "2026-11-20T09:00:00Z",
            "labels": {"app.kubernetes.io/instance": evil("inst")},
            "annotations": {"note": evil("annotation")},
            "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet",
                "name": evil("rs"), "uid": "u1", "controller": true}],
            "finalizers": [evil("finalizer")],
        },
        "spec": {
            "nodeName": evil("node"),
            "containers": [{"name": evil("app"), "image": evil("registry/app:1")}],
        },
        "status": {
            "phase": "Pending",
            "reason": evil("Evicted"),
            "message": evil("The node was low on memory"),
            "podIP": "10.0.0.9",
            "conditions": [{"type": "PodScheduled", "status": "False",
                "reason": evil("Unschedulable"), "message": evil("0/3 nodes")}],
            "containerStatuses": [{
                "name": evil("app"),
                "image": evil("registry/app:1"),
                "imageID": "",
                "ready": false,
                "restartCount": 3,
                "state": {"waiting": {"reason": "ImagePullBackOff", "message": evil("pull failed")}},
                "lastState": {"terminated": {"exitCode": 1, "reason": evil("Error"),
                    "message": evil("died"), "finishedAt": "2026-11-20T09:50:00Z"}},
            }],
        },
    })
}

fn hostile_event() -> serde_json::Value {
    json!({
        "apiVersion": "v1",
        "kind": "Event",
        "metadata": {"name": "bad-api.1", "namespace": NS},
        "involvedObject": {"kind": "Pod", "name": POD, "namespace": NS},
        "type": "Warning",
        "reason": evil("BackOff"),
        "message": evil("Back-off pulling image"),
        "source": {"component": evil("kubelet")},
        "lastTimestamp": "2026-11-20T09:59:00Z",
        "count": 4,
    })
}

/// A Helm release Secret whose labels and payload (description, notes, chart, manifest,
/// values) are hostile.
fn hostile_release() -> serde_json::Value {
    let release = json!({
        "name": RELEASE,
        "namespace": NS,
        "version": 1,
        "info": {
            "status": "failed",
            "description": evil("Upgrade failed"),
            "notes": format!("{}\nsecond line {EVIL}", evil("Thank you")),
            "last_deployed": "2026-11-20T09:30:00Z",
        },
        "chart": {"metadata": {"name": evil("chart"), "version": "1.0.0",
            "appVersion": evil("1.0")}},
        "config": {"image": {"tag": evil("tag")}, "note": format!("x\n{EVIL}")},
        "manifest": format!("---\n# Source: {}\nkind: ConfigMap\ndata: {}\n", evil("cm.yaml"), evil("v")),
        "hooks": [{"name": evil("migrate"), "kind": "Job", "path": evil("hooks.yaml"),
            "events": ["pre-upgrade"], "last_run": {"phase": evil("Failed")}}],
    });
    let payload = base64::engine::general_purpose::STANDARD.encode(release.to_string());
    json!({
        "apiVersion": "v1",
        "kind": "Secret",
        "type": "helm.sh/release.v1",
        "metadata": {
            "name": format!("sh.helm.release.v1.{RELEASE}.v1"),
            "namespace": NS,
            "creationTimestamp": "2026-11-20T09:30:00Z",
            "labels": {"name": RELEASE, "owner": "helm", "status": "failed", "version": "1",
                "modifiedAt": "1763631000"},
        },
        "data": {"release": base64::engine::general_purpose::STANDARD.encode(payload)},
    })
}

fn hostile_world() -> Fixture {
    let mut s = testkit::fixture();
    s.put_pod(serde_json::from_value(hostile_pod()).expect("a Pod"));
    s.put_event(serde_json::from_value(hostile_event()).expect("an Event"));
    s.put_secrets(&[serde_json::from_value(hostile_release()).expect("a Secret")]);
    s
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Msg::Key(Key::char(c)));
    }
}

#[test]
fn hostile_cluster_text_is_clean_in_the_app_and_on_screen() {
    let s = hostile_world();
    let mut app = testkit::app(&s, 120, 40);
    assert_clean_state(&app, "after the sync");
    assert_clean_screen(&app, "home");

    command(&mut app, &format!("pods {NS}"));
    assert_clean_screen(&app, "pods");
    press(&mut app, "/");
    type_text(&mut app, "bad-api");
    press(&mut app, "enter enter");
    assert!(matches!(app.top(), Screen::Pod(p) if p.name == POD));
    for m in s.detail_messages(NS, POD) {
        app.update(m);
    }
    assert_clean_state(&app, "pod detail");
    assert_clean_screen(&app, "pod detail");
    press(&mut app, "G");
    assert_clean_screen(&app, "pod events");
    // The text itself is kept, only the sequences go.
    let shown = testkit::screen_lines(&app).join("\n");
    assert!(shown.contains("Back-off pulling image abcdefgh"), "{shown}");

    press(&mut app, "esc esc");
    let fx = command(&mut app, &format!("releases {NS}"));
    settle(&mut app, &s, fx);
    assert_clean_screen(&app, "releases");
    press(&mut app, "/");
    type_text(&mut app, RELEASE);
    let fx = press(&mut app, "enter enter");
    settle(&mut app, &s, fx);
    assert!(matches!(app.top(), Screen::Release(_)), "{:?}", app.top());
    assert_clean_state(&app, "release");
    for tab in ["", "G", "tab", "tab", "tab", "tab", "tab"] {
        if !tab.is_empty() {
            let fx = press(&mut app, tab);
            settle(&mut app, &s, fx);
        }
        assert_clean_screen(&app, &format!("release after {tab:?}"));
    }
    assert_clean_state(&app, "release tabs");
}

fn jenkins_jobs() -> String {
    json!({"_class": "hudson.model.Hudson", "jobs": [{
        "_class": "org.jenkinsci.plugins.workflow.job.WorkflowJob",
        "name": "deploy-qa", "color": "red",
        "lastBuild": {"number": 7, "result": "FAILURE", "building": false,
            "timestamp": 1_763_632_680_000_i64, "duration": 5000,
            "actions": [{"causes": [{"shortDescription": evil("Started by user")}]}]},
    }]})
    .to_string()
}

fn jenkins_queue() -> String {
    json!({"items": [{"id": 5, "why": evil("Waiting for next available executor"),
        "inQueueSince": 1_763_632_680_000_i64,
        "task": {"name": evil("deploy-qa"), "url": "http://jenkins/job/deploy-qa/"}}]})
    .to_string()
}

fn jenkins_build() -> serde_json::Value {
    json!({"number": 7, "result": "FAILURE", "building": false,
        "timestamp": 1_763_632_680_000_i64, "duration": 5000,
        "fullDisplayName": evil("deploy-qa #7"), "description": evil("description"),
        "actions": [
            {"causes": [{"shortDescription": evil("Started by user")}]},
            {"parameters": [{"name": evil("TAG"), "value": evil("v1")},
                {"name": "FLAG", "value": evil("x")}]},
            {"lastBuiltRevision": {"SHA1": evil("abc"), "branch": [{"name": evil("main")}]},
             "remoteUrls": [evil("https://git")]},
        ],
        "changeSets": [{"items": [{"commitId": evil("c0ffee"),
            "msg": format!("{}\nbody {EVIL}", evil("Bump")),
            "author": {"fullName": evil("Mallory")}}]}]})
}

fn jenkins_job() -> String {
    json!({"_class": "org.jenkinsci.plugins.workflow.job.WorkflowJob", "name": "deploy-qa",
        "color": "red", "buildable": true, "builds": [jenkins_build()],
        "property": [{"parameterDefinitions": [{"name": evil("TAG"),
            "type": "ChoiceParameterDefinition", "description": evil("which tag"),
            "choices": [evil("v1"), evil("v2")]}]}]})
    .to_string()
}

fn generation(app: &App) -> u64 {
    match app.top() {
        Screen::Jobs(s) => s.generation,
        Screen::Builds(s) => s.generation,
        Screen::Build(s) => s.generation,
        Screen::Trigger(s) => s.generation,
        other => panic!("not a Jenkins view: {other:?}"),
    }
}

#[test]
fn hostile_jenkins_text_is_clean_in_the_app_and_on_screen() {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 120, 40);
    let fx = press(&mut app, "J");
    let team = fx
        .iter()
        .find_map(|e| match e {
            Effect::Jenkins(JenkinsEffect::PollJobs { team, .. }) => Some(team.clone()),
            _ => None,
        })
        .expect("the jobs view polls");
    let g = generation(&app);
    app.update(Msg::Jenkins(JenkinsMsg::JobsPolled {
        team,
        generation: g,
        result: Ok(JobsSnapshot {
            jobs: parse_jobs(jenkins_jobs().as_bytes(), &JobPath::default()).unwrap(),
            queue: parse_queue(jenkins_queue().as_bytes(), "http://jenkins/").unwrap(),
        }),
    }));
    assert_clean_state(&app, "jobs");
    assert_clean_screen(&app, "jobs");

    press(&mut app, "/");
    type_text(&mut app, "deploy-qa");
    press(&mut app, "enter enter");
    let g = generation(&app);
    let path = JobPath::parse("deploy-qa");
    let mut detail = parse_job(jenkins_job().as_bytes(), &path).unwrap();
    detail.params = parse_params(jenkins_job().as_bytes()).unwrap();
    app.update(Msg::Jenkins(JenkinsMsg::JobPolled {
        generation: g,
        result: Ok(detail),
    }));
    assert_clean_state(&app, "builds");
    assert_clean_screen(&app, "builds");

    press(&mut app, "enter");
    let g = generation(&app);
    let build = parse_build(jenkins_build().to_string().as_bytes()).unwrap();
    app.update(Msg::Jenkins(JenkinsMsg::BuildPolled {
        generation: g,
        result: Ok(build),
    }));
    assert!(matches!(app.top(), Screen::Build(_)), "{:?}", app.top());
    assert_clean_state(&app, "build");
    assert_clean_screen(&app, "build");
    let shown = testkit::screen_lines(&app).join("\n");
    assert!(shown.contains("Bump abcdefgh"), "{shown}");

    // Its console (issue 16's data cell): hostile lines through the progressive reader.
    press(&mut app, "c");
    let Screen::Console(console) = app.top() else {
        panic!("not the console: {:?}", app.top())
    };
    let g = console.generation;
    let body = format!(
        "{}\n\x1b[31mred {}\x1b[0m\n+ helm upgrade {}\n",
        evil("console"),
        evil("second"),
        evil("third")
    );
    let c = crate::jenkins::console::Progressive::new().on_response(body.as_bytes(), None, false);
    app.update(Msg::Jenkins(JenkinsMsg::ConsoleRead {
        generation: g,
        chunk: crate::app::jenkins::ConsoleChunk {
            reset: c.reset,
            lines: c.lines,
            more: c.more,
            size: c.size,
        },
    }));
    assert_clean_state(&app, "console");
    assert_clean_screen(&app, "console");
    let shown = testkit::screen_lines(&app).join("\n");
    assert!(shown.contains("red second abcdefgh"), "{shown}");
    press(&mut app, "esc");
    assert!(matches!(app.top(), Screen::Build(_)), "{:?}", app.top());

    press(&mut app, "esc");
    press(&mut app, "b");
    let g = generation(&app);
    app.update(Msg::Jenkins(JenkinsMsg::ParamsLoaded {
        generation: g,
        result: Ok(parse_params(jenkins_job().as_bytes()).unwrap()),
    }));
    assert!(matches!(app.top(), Screen::Trigger(_)), "{:?}", app.top());
    assert_clean_state(&app, "trigger");
    assert_clean_screen(&app, "trigger");
}

/// A config repo whose one commit of payments-qa's files has a hostile author, subject and
/// file name, read by the product's path-limited log.
fn hostile_log(dir: &std::path::Path) -> Msg {
    let clean = |s: String| s.replace('\0', "");
    let run = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .args(args)
            .current_dir(dir)
            .output()
            .expect("git runs");
        assert!(out.status.success(), "git {args:?}: {out:?}");
    };
    run(&["init", "-q", "-b", "main"]);
    let file = format!("values/qa/{}.yaml", clean(evil("api")));
    std::fs::create_dir_all(dir.join("values/qa")).unwrap();
    std::fs::write(dir.join(&file), "image: {tag: 1.0.1}\n").unwrap();
    run(&["add", "-A"]);
    let author = format!("user.name={}", clean(evil("Mallory")));
    let subject = clean(evil("qa: bump"));
    run(&[
        "-c",
        &author,
        "-c",
        "user.email=m@example.com",
        "commit",
        "-qm",
        &subject,
    ]);
    let files = crate::repo::git_log::StageFiles {
        stage: "qa".into(),
        paths: Vec::new(),
    };
    let log = crate::repo::git_log::stage_log(dir, "main", &files, 10, &[]).expect("a log");
    assert_eq!(log.len(), 1);
    Msg::Repo(crate::repo::RepoMsg::StageLogged {
        team: "payments".into(),
        stage: "qa".into(),
        result: Ok(log),
    })
}

#[test]
fn hostile_timeline_text_is_clean_in_the_app_and_on_screen() {
    let mut s = hostile_world();
    // A later revision whose description names a hostile build.
    let mut rev2 = hostile_release();
    let mut release: serde_json::Value = {
        let outer = rev2["data"]["release"].as_str().unwrap();
        let e = base64::engine::general_purpose::STANDARD;
        let inner = e.decode(outer).unwrap();
        let json = e.decode(inner).unwrap();
        serde_json::from_slice(&json).unwrap()
    };
    release["version"] = json!(2);
    release["info"]["description"] = json!(format!("Deployed by payments/{} #7", evil("deploy")));
    let payload = base64::engine::general_purpose::STANDARD.encode(release.to_string());
    rev2["data"]["release"] = json!(base64::engine::general_purpose::STANDARD.encode(payload));
    rev2["metadata"]["name"] = json!(format!("sh.helm.release.v1.{RELEASE}.v2"));
    rev2["metadata"]["labels"]["version"] = json!("2");
    s.put_secrets(&[serde_json::from_value(rev2).expect("a Secret")]);
    let mut app = testkit::app(&s, 120, 40);
    let rs: k8s_openapi::api::apps::v1::ReplicaSet = serde_json::from_value(json!({
        "metadata": {"name": "bad-api-7f9c", "namespace": NS,
            "creationTimestamp": "2026-11-20T09:31:00Z",
            "labels": {"app.kubernetes.io/instance": evil("bad-rel")},
            "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment",
                "name": evil("bad-api"), "uid": "u", "controller": true}]},
        "spec": {"selector": {}, "template": {"spec": {"containers": [
            {"name": "api", "image": evil("registry/api:1")}]}}},
    }))
    .expect("a ReplicaSet");
    app.update(Msg::Cluster(
        crate::app::msg::ClusterMsg::ReplicaSetsSynced {
            namespace: NS.into(),
            rows: vec![crate::cluster::replica_set_row::ReplicaSetRow::from_replica_set(&rs)],
        },
    ));
    let fx = command(&mut app, &format!("timeline {NS}"));
    let g = fx
        .iter()
        .find_map(|e| match e {
            Effect::Jenkins(JenkinsEffect::PollStageBuilds { generation, .. }) => Some(*generation),
            _ => None,
        })
        .expect("the timeline polls the deploy jobs");
    settle(&mut app, &s, fx);
    let tmp = tempfile::tempdir().unwrap();
    app.update(hostile_log(tmp.path()));
    let builds = crate::jenkins::model::parse_builds(jenkins_job().as_bytes()).unwrap();
    let fx = app.update(Msg::Jenkins(JenkinsMsg::StageBuildsPolled {
        generation: g,
        result: Ok(vec![(JobPath::parse("deploy-qa"), builds)]),
    }));
    settle(&mut app, &s, fx);
    assert_clean_state(&app, "timeline");
    assert_clean_screen(&app, "timeline");
    let shown = testkit::screen_lines(&app).join("\n");
    assert!(shown.contains("Mallory"), "{shown}");
    for _ in 0..8 {
        press(&mut app, "j");
        assert_clean_screen(&app, "timeline, moving down");
    }
}

/// Finding 6 of the reliability probe: long values from the wire are cut at ingest, so a
/// 5,000-character reason or node name cannot flood a screen, nor a cause or commit message the
/// build view.
#[test]
fn long_values_are_cut_at_ingest() {
    use crate::text::sanitize::{MAX_FIELD_CHARS, MAX_WORD_CHARS};
    let long = "R".repeat(5000);
    let mut pod = hostile_pod();
    pod["status"]["reason"] = json!(format!("Evicted{long}"));
    pod["spec"]["nodeName"] = json!(format!("node-{long}"));
    pod["status"]["message"] = json!(format!("low on memory {long}"));
    let mut s = testkit::fixture();
    s.put_pod(serde_json::from_value(pod).expect("a Pod"));
    let mut app = testkit::app(&s, 80, 24);
    let row = &app.world.stages[NS].pods[POD];
    assert!(
        row.status.chars().count() <= MAX_WORD_CHARS,
        "{}",
        row.status
    );
    let node = row.node.clone().unwrap_or_default();
    assert!(node.chars().count() <= MAX_WORD_CHARS);
    assert!(row.message.as_deref().unwrap_or_default().chars().count() <= MAX_FIELD_CHARS);

    command(&mut app, &format!("pods {NS}"));
    press(&mut app, "/");
    type_text(&mut app, "bad-api");
    press(&mut app, "enter enter");
    for m in s.detail_messages(NS, POD) {
        app.update(m);
    }
    // The document's length (`1-21/N` in the header): the reason takes 4 lines at most and
    // the message 16, where the uncut values took over 150.
    let lines = testkit::screen_lines(&app);
    let total: usize = lines[1]
        .trim_end()
        .rsplit('/')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a line count in the header");
    assert!(total <= 60, "{}", lines.join("\n"));

    let mut b = jenkins_build();
    b["actions"][0]["causes"][0]["shortDescription"] = json!(format!("Started by {long}"));
    b["actions"][1]["parameters"][0]["value"] = json!(long.clone());
    let build = parse_build(b.to_string().as_bytes()).unwrap();
    assert!(build
        .causes
        .iter()
        .all(|c| c.chars().count() <= MAX_FIELD_CHARS));
    assert!(build
        .params
        .iter()
        .all(|(_, v)| v.chars().count() <= MAX_FIELD_CHARS));
}

#[test]
fn hostile_objects_are_clean_in_the_resource_lists_yaml_and_describe() {
    use crate::cluster::resource::fetch::{prepare, Fetched};
    use crate::cluster::resource::watch::build;
    use crate::cluster::resource::{ResourceKey, ResourceKind};
    let cm = json!({
        "apiVersion": "v1", "kind": "ConfigMap",
        "metadata": {"name": "bad-config", "namespace": NS, "creationTimestamp": "2026-11-20T09:00:00Z",
                     "labels": {"team": evil("label")}, "annotations": {evil("key"): evil("annotation")}},
        "data": {"app.properties": evil("line one\nline two")},
    });
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 160, 48);
    command(&mut app, "cm payments-qa");
    let typed: k8s_openapi::api::core::v1::ConfigMap = serde_json::from_value(cm.clone()).unwrap();
    app.update(Msg::Cluster(crate::app::msg::ClusterMsg::ResourcesSynced {
        key: ResourceKey::new(ResourceKind::ConfigMap, Some(NS)),
        rows: vec![build::config_map(&typed)],
    }));
    assert_clean_state(&app, "a ConfigMap's row");
    assert_clean_screen(&app, "the ConfigMaps list");
    for key in ["y", "d"] {
        let out = press(&mut app, key);
        let Some(Effect::FetchObject {
            object,
            what,
            generation,
        }) = out
            .into_iter()
            .find(|e| matches!(e, Effect::FetchObject { .. }))
        else {
            panic!("{key}: no fetch")
        };
        app.update(Msg::Cluster(crate::app::msg::ClusterMsg::ObjectFetched {
            object,
            generation,
            result: Ok(Box::new(Fetched {
                object: prepare(ResourceKind::ConfigMap, cm.clone(), false),
                events: what.events.then(Vec::new),
                revealed: false,
            })),
        }));
        assert!(matches!(app.top(), Screen::Object(o) if o.fetched.is_some()));
        assert_clean_state(&app, key);
        assert_clean_screen(&app, key);
    }
}

/// Issue 16's data cell, the log view: container log lines with escape sequences, C1 controls
/// and bidi overrides, split by the log stream's own parser, reach neither the app's state nor
/// the screen raw — in the lines, in a search of them and in the header.
#[test]
fn hostile_log_lines_are_clean_in_the_app_and_on_screen() {
    use crate::app::msg::LogMsg;
    let s = testkit::fixture();
    let pod = s.pod_with_status(NS, "CrashLoopBackOff");
    let mut app = testkit::app(&s, 120, 40);
    command(&mut app, &format!("pods {NS}"));
    press(&mut app, "/");
    type_text(&mut app, &pod);
    press(&mut app, "enter");
    press(&mut app, "l");
    let Screen::Logs(l) = app.top() else {
        panic!("not the logs: {:?}", app.top())
    };
    let stream = l.stream_id();
    app.update(Msg::Log(LogMsg::Connected {
        stream: stream.clone(),
        at: testkit::start(),
    }));
    let lines = (0..20)
        .map(|i| {
            let raw = format!("2026-11-20T09:30:{i:02}.000000000Z {}\n", evil("log line"));
            crate::cluster::log_stream::parse_line(raw.as_bytes())
        })
        .collect();
    app.update(Msg::Log(LogMsg::Lines { stream, lines }));
    assert_clean_state(&app, "log lines");
    assert_clean_screen(&app, "the log view");
    press(&mut app, "/");
    type_text(&mut app, "line");
    press(&mut app, "enter");
    assert_clean_screen(&app, "a search of the log");
}
