//! The fixture world's Helm releases: per stage a few, each with a history of revisions
//! (superseded ones, the deployed one; in payments-qa a failed upgrade, in payments-dev one
//! stuck pending), as the release Secrets Helm 3 leaves in the namespace.

use jiff::{SignedDuration, Timestamp};
use k8s_openapi::api::core::v1::Secret;
use serde_json::{json, Value};

use super::helm_secret::release_secret;
use super::pod_builder::{days_ago, hours_ago, mins_ago};

/// How one `helm install` / `helm upgrade` ended.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Outcome {
    Ok,
    /// The pre-upgrade hook (the database migration) failed.
    HookFailed,
    /// Still running, or the client died mid-way: Helm left it pending.
    Pending,
}

/// One revision: its outcome, when it ran, the chart and app version, and the replicas asked.
struct Step {
    outcome: Outcome,
    at: Timestamp,
    chart: &'static str,
    app: &'static str,
    replicas: u32,
    /// More user-supplied values (`-f` / `--set`) of this revision.
    extra: Value,
}

fn ok(at: Timestamp, chart: &'static str, app: &'static str, replicas: u32) -> Step {
    Step {
        outcome: Outcome::Ok,
        at,
        chart,
        app,
        replicas,
        extra: json!({}),
    }
}

impl Step {
    fn outcome(mut self, o: Outcome) -> Step {
        self.outcome = o;
        self
    }

    fn with(mut self, extra: Value) -> Step {
        self.extra = extra;
        self
    }
}

/// The charts with a database migration run as a pre-install/pre-upgrade hook.
fn migrates(release: &str) -> bool {
    release.ends_with("-api") || release.ends_with("-ledger")
}

fn team_of(ns: &str) -> &str {
    ns.split('-').next().unwrap_or_default()
}

/// The chart a release installs: one chart per service, the release prefixed by the team
/// (`payments-api` installs `api`).
fn chart_name<'a>(ns: &str, release: &'a str) -> &'a str {
    release
        .strip_prefix(team_of(ns))
        .and_then(|r| r.strip_prefix('-'))
        .unwrap_or(release)
}

fn repository(ns: &str, release: &str) -> String {
    format!(
        "registry.example.com/{}/{}",
        team_of(ns),
        chart_name(ns, release)
    )
}

/// A stable hex digest of `text`, for the checksum annotation charts put on pod templates.
fn digest(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut out = String::new();
    for round in 0..4u64 {
        for b in text.bytes() {
            h = (h ^ u64::from(b) ^ round).wrapping_mul(0x0100_0000_01b3);
        }
        out.push_str(&format!("{h:016x}"));
    }
    out
}

fn chart_values(ns: &str, release: &str) -> Value {
    json!({
        "replicaCount": 1,
        "image": {"repository": repository(ns, release), "tag": "", "pullPolicy": "IfNotPresent"},
        "service": {"type": "ClusterIP", "port": 80},
        "resources": {"limits": {"memory": "512Mi"}, "requests": {"cpu": "100m", "memory": "256Mi"}},
        "env": {"LOG_LEVEL": "info"},
    })
}

fn config(step: &Step) -> Value {
    let mut c = json!({"image": {"tag": step.app}, "replicaCount": step.replicas});
    if let (Some(c), Some(extra)) = (c.as_object_mut(), step.extra.as_object()) {
        c.extend(extra.clone());
    }
    c
}

fn labels(chart: &str, release: &str, step: &Step) -> String {
    format!(
        "    helm.sh/chart: {chart}-{}\n    app.kubernetes.io/name: {release}\n    \
         app.kubernetes.io/instance: {release}\n    app.kubernetes.io/version: \"{}\"\n    \
         app.kubernetes.io/managed-by: Helm\n",
        step.chart, step.app
    )
}

/// What `helm template` renders for a revision: a Service and a Deployment.
fn manifest(ns: &str, release: &str, step: &Step) -> String {
    let container = release.rsplit('-').next().unwrap_or(release);
    let log_level = step.extra["env"]["LOG_LEVEL"].as_str().unwrap_or("info");
    let memory = step.extra["resources"]["limits"]["memory"]
        .as_str()
        .unwrap_or("512Mi");
    let chart = chart_name(ns, release);
    let labels = labels(chart, release, step);
    let checksum = digest(&format!("{release}{}{log_level}", step.app));
    format!(
        "---\n# Source: {chart}/templates/service.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  \
         name: {release}\n  labels:\n{labels}spec:\n  type: ClusterIP\n  ports:\n    - port: 80\n      \
         targetPort: http\n      protocol: TCP\n      name: http\n  selector:\n    \
         app.kubernetes.io/name: {release}\n    app.kubernetes.io/instance: {release}\n\
         ---\n# Source: {chart}/templates/deployment.yaml\napiVersion: apps/v1\nkind: Deployment\n\
         metadata:\n  name: {release}\n  labels:\n{labels}spec:\n  replicas: {replicas}\n  selector:\n    \
         matchLabels:\n      app.kubernetes.io/name: {release}\n      app.kubernetes.io/instance: {release}\n  \
         template:\n    metadata:\n      annotations:\n        checksum/config: {checksum}\n      labels:\n        \
         app.kubernetes.io/name: {release}\n        app.kubernetes.io/instance: {release}\n    spec:\n      \
         containers:\n        - name: {container}\n          image: \"{repo}:{tag}\"\n          \
         imagePullPolicy: IfNotPresent\n          env:\n            - name: LOG_LEVEL\n              \
         value: \"{log_level}\"\n            - name: POD_NAMESPACE\n              value: \"{ns}\"\n          \
         ports:\n            - name: http\n              containerPort: 8080\n              protocol: TCP\n          \
         readinessProbe:\n            httpGet:\n              path: /healthz/ready\n              port: http\n          \
         resources:\n            limits:\n              memory: {memory}\n            requests:\n              \
         cpu: 100m\n              memory: 256Mi\n",
        replicas = step.replicas,
        repo = repository(ns, release),
        tag = step.app,
    )
}

fn hooks(ns: &str, release: &str, step: &Step) -> Value {
    if !migrates(release) {
        return json!([]);
    }
    let started = step.at + SignedDuration::from_secs(2);
    let (completed, phase) = match step.outcome {
        Outcome::Ok => (
            json!((started + SignedDuration::from_secs(31)).to_string()),
            "Succeeded",
        ),
        Outcome::HookFailed => (
            json!((started + SignedDuration::from_secs(300)).to_string()),
            "Failed",
        ),
        Outcome::Pending => (json!(""), "Running"),
    };
    json!([{
        "name": format!("{release}-db-migrate"),
        "kind": "Job",
        "path": format!("{}/templates/db-migrate-job.yaml", chart_name(ns, release)),
        "manifest": format!(
            "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {release}-db-migrate\n  \
             annotations:\n    \"helm.sh/hook\": pre-install,pre-upgrade\n    \
             \"helm.sh/hook-weight\": \"-5\"\n    \
             \"helm.sh/hook-delete-policy\": before-hook-creation,hook-succeeded\nspec:\n  \
             backoffLimit: 1\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        \
             - name: db-migrate\n          image: \"{}:{}\"\n          args: [\"migrate\", \"up\"]",
            repository(ns, release),
            step.app
        ),
        "events": ["pre-install", "pre-upgrade"],
        "last_run": {"started_at": started.to_string(), "completed_at": completed, "phase": phase},
        "weight": -5,
        "delete_policies": ["before-hook-creation", "hook-succeeded"],
    }])
}

fn notes(ns: &str, release: &str) -> String {
    format!(
        "1. Get the application URL by running these commands:\n  kubectl --namespace {ns} \
         port-forward svc/{release} 8080:80\n  echo \"Visit http://127.0.0.1:8080 to use {release}\"\n"
    )
}

fn template(name: &str, text: &str) -> Value {
    use base64::Engine;
    json!({"name": name, "data": base64::engine::general_purpose::STANDARD.encode(text)})
}

/// The release JSON of revision `revision` (1-based) with status `status`.
fn release_json(
    ns: &str,
    release: &str,
    revision: u32,
    status: &str,
    first: Timestamp,
    step: &Step,
) -> Value {
    let description = match (step.outcome, revision) {
        (Outcome::Ok, 1) => "Install complete".to_string(),
        (Outcome::Ok, _) => "Upgrade complete".to_string(),
        (Outcome::HookFailed, _) => format!(
            "Upgrade \"{release}\" failed: pre-upgrade hooks failed: 1 error occurred:\n\t* job \
             {release}-db-migrate failed: BackoffLimitExceeded\n\n"
        ),
        (Outcome::Pending, _) => "Preparing upgrade".to_string(),
    };
    json!({
        "name": release,
        "info": {
            "first_deployed": first.to_string(),
            "last_deployed": step.at.to_string(),
            "deleted": "",
            "description": description,
            "status": status,
            "notes": notes(ns, release),
        },
        "chart": {
            "metadata": {
                "name": chart_name(ns, release),
                "version": step.chart,
                "description": format!("{release}, as the {} team ships it", team_of(ns)),
                "apiVersion": "v2",
                "appVersion": step.app,
                "type": "application",
            },
            "lock": null,
            "templates": [
                template("templates/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\n"),
                template("templates/service.yaml", "apiVersion: v1\nkind: Service\n"),
                template("templates/NOTES.txt", "1. Get the application URL by running these commands:\n"),
            ],
            "values": chart_values(ns, release),
            "schema": null,
            "files": null,
        },
        "config": config(step),
        "manifest": manifest(ns, release, step),
        "hooks": hooks(ns, release, step),
        "version": revision,
        "namespace": ns,
    })
}

/// The Secrets of a release's history. The last successful revision is `deployed`, earlier
/// ones `superseded` (rewritten when the next one deployed); failed and pending ones say so.
fn history(ns: &str, release: &str, steps: Vec<Step>) -> Vec<Secret> {
    let last_ok = steps.iter().rposition(|s| s.outcome == Outcome::Ok);
    let first = steps.first().map(|s| s.at).expect("a first revision");
    steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let status = match step.outcome {
                Outcome::Ok if Some(i) == last_ok => "deployed",
                Outcome::Ok => "superseded",
                Outcome::HookFailed => "failed",
                Outcome::Pending => "pending-upgrade",
            };
            // Superseded when the next successful revision deployed; a failed revision was
            // rewritten when its upgrade gave up.
            let modified = match step.outcome {
                Outcome::Ok if Some(i) != last_ok => steps[i + 1..]
                    .iter()
                    .find(|s| s.outcome == Outcome::Ok)
                    .map(|s| s.at),
                Outcome::HookFailed => Some(step.at + SignedDuration::from_secs(302)),
                _ => None,
            };
            let revision = u32::try_from(i + 1).expect("a short history");
            let json = release_json(ns, release, revision, status, first, step);
            release_secret(&json, step.at, modified)
        })
        .collect()
}

fn dh(days: i64, hours: i64) -> Timestamp {
    days_ago(days) - SignedDuration::from_hours(hours)
}

pub fn release_secrets() -> Vec<Secret> {
    use Outcome::{HookFailed, Pending};
    let debug = || json!({"env": {"LOG_LEVEL": "debug"}});
    let mut v = Vec::new();
    let mut add = |ns: &str, release: &str, steps: Vec<Step>| v.extend(history(ns, release, steps));

    add(
        "payments-build",
        "payments-build-cache",
        vec![
            ok(days_ago(30), "1.2.0", "1.2.0", 2),
            ok(days_ago(12), "1.3.0", "1.3.0", 2),
        ],
    );

    add(
        "payments-dev",
        "payments-api",
        vec![
            ok(days_ago(9), "1.4.2", "2.7.0", 1),
            ok(days_ago(3), "1.4.2", "2.7.1", 1),
            ok(hours_ago(20), "1.5.0", "2.8.0-SNAPSHOT", 1),
            ok(mins_ago(47), "1.5.0", "2.8.0-SNAPSHOT", 1).with(debug()),
        ],
    );
    add(
        "payments-dev",
        "payments-fraud-check",
        vec![
            ok(days_ago(10), "2.1.0", "2.3.9", 1),
            ok(days_ago(2), "2.1.0", "2.4.0", 1),
        ],
    );
    add(
        "payments-dev",
        "payments-ledger",
        vec![
            ok(days_ago(6), "0.9.0", "0.9.0", 1),
            ok(hours_ago(26), "0.9.1", "0.9.1", 1),
        ],
    );
    add(
        "payments-dev",
        "payments-notifications",
        vec![
            ok(days_ago(5), "1.1.6", "1.12.2", 1),
            ok(mins_ago(95), "1.1.7", "1.12.3", 1),
        ],
    );
    add(
        "payments-dev",
        "payments-scheduler",
        vec![
            ok(days_ago(4), "0.3.2", "0.3.2", 1),
            ok(mins_ago(38), "0.3.3", "0.3.3", 1),
        ],
    );
    add(
        "payments-dev",
        "payments-web",
        vec![
            ok(days_ago(20), "4.2.0", "4.2.0", 1),
            ok(dh(7, 6), "4.3.0", "4.3.0", 1)
                .with(json!({"resources": {"limits": {"memory": "24Gi"}}})),
            ok(mins_ago(41), "4.3.0", "4.3.0", 1).outcome(Pending),
        ],
    );

    add(
        "payments-e2e",
        "payments-api",
        vec![
            ok(days_ago(6), "1.4.2", "2.6.4", 1),
            ok(hours_ago(5), "1.4.2", "2.7.0", 1),
        ],
    );
    add(
        "payments-e2e",
        "payments-e2e-tests",
        vec![
            ok(days_ago(1), "1.0.0", "4416", 1),
            ok(dh(0, 3), "1.0.0", "4417", 1),
        ],
    );
    add(
        "payments-e2e",
        "payments-fraud-check",
        vec![
            ok(days_ago(8), "2.1.0", "2.4.0", 2),
            ok(mins_ago(54), "2.1.0", "2.4.1-rc2", 2),
        ],
    );
    add(
        "payments-e2e",
        "payments-gateway",
        vec![ok(days_ago(8), "3.0.4", "3.0.4", 1)],
    );

    add(
        "payments-qa",
        "payments-api",
        vec![
            ok(days_ago(12), "1.4.1", "2.6.3", 2),
            ok(days_ago(9), "1.4.1", "2.6.4", 2),
            ok(dh(0, 4), "1.4.2", "2.7.0", 2),
        ],
    );
    add(
        "payments-qa",
        "payments-gateway",
        vec![
            ok(days_ago(20), "3.0.3", "3.0.3", 2),
            ok(dh(7, 8), "3.0.4", "3.0.4", 2),
        ],
    );
    add(
        "payments-qa",
        "payments-ledger",
        vec![
            ok(days_ago(30), "0.8.7", "0.8.7", 1),
            ok(days_ago(16), "0.9.0", "0.9.0", 2),
            ok(dh(4, 1), "0.9.1", "0.9.1", 2),
            ok(hours_ago(1), "0.10.0", "0.10.0", 2)
                .with(json!({"migrations": {"timeoutSeconds": 600}}))
                .outcome(HookFailed),
        ],
    );
    add(
        "payments-qa",
        "payments-notifications",
        vec![ok(days_ago(8), "1.1.7", "1.12.3", 1)],
    );
    add(
        "payments-qa",
        "payments-statements",
        vec![
            ok(days_ago(10), "0.5.0", "0.5.1", 1),
            ok(days_ago(2), "0.5.0", "0.5.2", 1),
        ],
    );
    add(
        "payments-qa",
        "payments-web",
        vec![
            ok(days_ago(18), "4.1.2", "4.1.2", 2),
            ok(days_ago(7), "4.2.0", "4.2.0", 2),
        ],
    );

    add(
        "payments-prod",
        "payments-api",
        vec![
            ok(days_ago(40), "1.4.0", "2.6.2", 3),
            ok(days_ago(21), "1.4.1", "2.6.3", 3),
            ok(days_ago(3), "1.4.1", "2.6.4", 3),
        ],
    );
    add(
        "payments-prod",
        "payments-ledger",
        vec![
            ok(days_ago(30), "0.8.7", "0.8.7", 2),
            ok(days_ago(3), "0.9.0", "0.9.0", 2),
        ],
    );
    add(
        "payments-prod",
        "payments-notifications",
        vec![
            ok(days_ago(5), "1.1.6", "1.12.2", 1),
            ok(mins_ago(13), "1.1.7", "1.12.3", 1),
        ],
    );
    add(
        "payments-prod",
        "payments-web",
        vec![
            ok(days_ago(9), "4.1.2", "4.1.2", 1),
            ok(hours_ago(14), "4.2.0", "4.2.0", 1),
        ],
    );

    add(
        "payments-stage-demo",
        "payments-api",
        vec![
            ok(days_ago(2), "1.5.0", "2.8.0-demo", 1),
            ok(hours_ago(2), "1.5.0", "2.8.0-demo", 2).with(debug()),
        ],
    );
    add(
        "payments-stage-demo",
        "payments-web",
        vec![ok(days_ago(5), "4.3.0", "4.3.0-demo", 1)],
    );

    add(
        "advisory-build",
        "advisory-build-cache",
        vec![ok(days_ago(12), "1.3.0", "1.3.0", 1)],
    );
    for (ns, portal, reports) in [
        ("advisory-dev", "6.0.0-SNAPSHOT", "5.1.0"),
        ("advisory-e2e", "5.9.2", "5.1.0"),
        ("advisory-qa", "5.9.2", "5.1.0"),
        ("advisory-prod", "5.9.1", "5.0.8"),
    ] {
        add(
            ns,
            "advisory-portal",
            vec![
                ok(days_ago(15), "3.2.0", "5.9.0", 1),
                ok(days_ago(6), "3.2.1", portal, 2),
            ],
        );
        add(
            ns,
            "advisory-reports",
            vec![ok(days_ago(6), "2.0.3", reports, 1)],
        );
    }
    v
}
