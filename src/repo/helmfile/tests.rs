//! The demo layout (written here, not imported from the simulator): environments dev, qa and
//! prod; `payments-api` layered `values/common/api.yaml` then `values/<stage>/api.yaml`.

use std::path::Path;

use serde_yaml::Value;
use tempfile::TempDir;

use super::*;

const HELMFILE: &str = r#"environments:
  dev:
    values:
      - environments/common.yaml
      - environments/dev.yaml
  qa:
    values:
      - environments/common.yaml
      - environments/qa.yaml
  prod:
    values:
      - environments/common.yaml
      - environments/prod.yaml
---
releases:
  - name: payments-api
    namespace: payments-{{ .Environment.Name }}
    chart: payments/api
    version: {{ .Values | get "apiChartVersion" "1.2.0" | quote }}
    installed: {{ .Values | get "api.enabled" true }}
    needs:
      - payments-db
    values:
      - values/common/api.yaml
      - values/{{ .Environment.Name }}/api.yaml
      - resources:
          limits:
            memory: 512Mi
    set:
      - name: env.BUILD
        value: "42"
    missingFileHandler: Warn
  - name: payments-db
    namespace: payments-{{ .Environment.Name }}
    chart: payments/db
    version: "2.0.1"
"#;

const COMMON_API: &str = r#"# shared by every stage
image:
  repository: registry.example.com/payments/api
  tag: "1.0.0"
replicaCount: 1
resources:
  limits:
    memory: 256Mi
"#;

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn demo_checkout() -> TempDir {
    let tmp = TempDir::new().unwrap();
    let d = tmp.path();
    write(d, "helmfile.yaml.gotmpl", HELMFILE);
    write(d, "environments/common.yaml", "team: payments\n");
    write(
        d,
        "environments/dev.yaml",
        "stage: dev\napiChartVersion: \"1.3.0\"\n",
    );
    write(d, "environments/qa.yaml", "stage: qa\n");
    write(
        d,
        "environments/prod.yaml",
        "stage: prod\napi:\n  enabled: false\n",
    );
    write(d, "values/common/api.yaml", COMMON_API);
    write(d, "values/dev/api.yaml", "image:\n  tag: \"1.4.3\"\n");
    write(
        d,
        "values/qa/api.yaml",
        "# qa\nimage:\n  tag: \"1.4.2\"\nreplicaCount: 2\n",
    );
    // values/prod/api.yaml is missing on purpose: missingFileHandler: Warn.
    tmp
}

fn no_env() -> EnvVars {
    EnvVars::fixed([])
}

fn src(file: &str, line: usize) -> ValueSource {
    ValueSource {
        file: file.to_string(),
        line,
    }
}

fn string(s: &str) -> Value {
    Value::String(s.to_string())
}

/// A one-part state file with a single release whose chart is `chart_expr`.
fn one_release(chart_expr: &str) -> TempDir {
    let tmp = TempDir::new().unwrap();
    write(
        tmp.path(),
        "helmfile.yaml.gotmpl",
        &format!("releases:\n  - name: x\n    chart: {chart_expr}\n"),
    );
    tmp
}

#[test]
fn finds_the_gotmpl_file_and_lists_the_environments_with_their_files() {
    let tmp = demo_checkout();
    let hf = Helmfile::load(tmp.path()).unwrap();
    assert_eq!(hf.files(), vec!["helmfile.yaml.gotmpl"]);
    let envs = hf.environments(&no_env()).unwrap();
    let names: Vec<&str> = envs.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, vec!["dev", "qa", "prod"]);
    let qa = &envs[1];
    assert_eq!(qa.line, 6);
    assert_eq!(
        qa.values,
        vec![
            FileRef {
                path: "environments/common.yaml".into(),
                exists: true,
                refused: None
            },
            FileRef {
                path: "environments/qa.yaml".into(),
                exists: true,
                refused: None
            },
        ]
    );
}

#[test]
fn desired_state_of_qa_lists_each_release_with_its_files_and_lines() {
    let tmp = demo_checkout();
    let state = Helmfile::load(tmp.path())
        .unwrap()
        .desired_state("qa", &no_env())
        .unwrap();
    assert_eq!(state.renderer, Renderer::BuiltIn);
    assert_eq!(state.notes, vec![]);
    let api = state.release("payments-api").unwrap();
    assert_eq!(api.line, 16);
    assert_eq!(api.namespace.as_deref(), Some("payments-qa"));
    assert_eq!(api.chart.as_deref(), Some("payments/api"));
    assert_eq!(api.version.as_deref(), Some("1.2.0"));
    assert!(api.installed);
    assert_eq!(api.needs, vec!["payments-db".to_string()]);
    assert_eq!(api.missing_file_handler, MissingFileHandler::Skip);
    assert_eq!(api.values.len(), 3);
    assert_eq!(
        api.values[1],
        ValuesEntry::File {
            file: FileRef {
                path: "values/qa/api.yaml".into(),
                exists: true,
                refused: None
            },
            line: 25
        }
    );
    assert!(matches!(
        api.values[2],
        ValuesEntry::Inline { line: 26, .. }
    ));
    assert_eq!(
        api.set,
        vec![SetEntry {
            name: "env.BUILD".into(),
            value: string("42"),
            line: 30
        }]
    );
    let db = state.release("payments-db").unwrap();
    assert_eq!((db.line, db.version.as_deref()), (33, Some("2.0.1")));
}

#[test]
fn a_stage_value_reaches_the_release_through_get() {
    let tmp = demo_checkout();
    let state = Helmfile::load(tmp.path())
        .unwrap()
        .desired_state("dev", &no_env())
        .unwrap();
    assert_eq!(
        state.release("payments-api").unwrap().version.as_deref(),
        Some("1.3.0")
    );
}

#[test]
fn installed_false_from_the_environment_values_and_a_missing_stage_file_is_listed_not_fatal() {
    let tmp = demo_checkout();
    let hf = Helmfile::load(tmp.path()).unwrap();
    let state = hf.desired_state("prod", &no_env()).unwrap();
    let api = state.release("payments-api").unwrap();
    assert!(!api.installed);
    assert_eq!(
        api.values[1],
        ValuesEntry::File {
            file: FileRef {
                path: "values/prod/api.yaml".into(),
                exists: false,
                refused: None
            },
            line: 25
        }
    );
    let values = hf
        .release_values("prod", "payments-api", &no_env())
        .unwrap();
    assert_eq!(
        values.skipped_files,
        vec!["values/prod/api.yaml".to_string()]
    );
    assert_eq!(values.get("image.tag").unwrap().value, string("1.0.0"));
}

#[test]
fn each_value_says_which_file_and_line_it_comes_from_and_what_it_overrides() {
    let tmp = demo_checkout();
    let hf = Helmfile::load(tmp.path()).unwrap();
    let values = hf.release_values("qa", "payments-api", &no_env()).unwrap();
    let tag = values.get("image.tag").unwrap();
    assert_eq!(tag.value, string("1.4.2"));
    assert_eq!(tag.source, src("values/qa/api.yaml", 3));
    assert_eq!(
        tag.overrides,
        vec![Overridden {
            value: string("1.0.0"),
            source: src("values/common/api.yaml", 4)
        }]
    );
    assert_eq!(
        tag.overrides[0].source.to_string(),
        "values/common/api.yaml:4"
    );

    let flat: Vec<(String, String)> = values
        .flat()
        .into_iter()
        .map(|f| (f.path, f.leaf.source.to_string()))
        .collect();
    let expected = [
        ("env.BUILD", "helmfile.yaml.gotmpl:30"),
        ("image.repository", "values/common/api.yaml:3"),
        ("image.tag", "values/qa/api.yaml:3"),
        ("replicaCount", "values/qa/api.yaml:4"),
        ("resources.limits.memory", "helmfile.yaml.gotmpl:28"),
    ];
    assert_eq!(
        flat,
        expected
            .iter()
            .map(|(p, s)| (p.to_string(), s.to_string()))
            .collect::<Vec<_>>()
    );
    let memory = values.get("resources.limits.memory").unwrap();
    assert_eq!(memory.value, string("512Mi"));
    assert_eq!(memory.overrides[0].source, src("values/common/api.yaml", 8));
    // The structure is kept next to the flat view.
    assert!(matches!(values.tree.get("image"), Some(ValueNode::Map(m)) if m.len() == 2));
}

#[test]
fn side_by_side_shows_each_stage_and_flags_the_differences() {
    let tmp = demo_checkout();
    let hf = Helmfile::load(tmp.path()).unwrap();
    let sbs = hf.side_by_side("payments-api", &no_env()).unwrap();
    let cols: Vec<(&str, Option<&str>, bool)> = sbs
        .columns
        .iter()
        .map(|c| {
            (
                c.environment.as_str(),
                c.chart_version.as_deref(),
                c.installed,
            )
        })
        .collect();
    assert_eq!(
        cols,
        vec![
            ("dev", Some("1.3.0"), true),
            ("qa", Some("1.2.0"), true),
            ("prod", Some("1.2.0"), false)
        ]
    );
    let row = |p: &str| sbs.rows.iter().find(|r| r.path == p).unwrap();
    let tags: Vec<Value> = row("image.tag")
        .cells
        .iter()
        .map(|c| c.as_ref().unwrap().value.clone())
        .collect();
    assert_eq!(
        tags,
        vec![string("1.4.3"), string("1.4.2"), string("1.0.0")]
    );
    assert!(row("image.tag").differs);
    assert!(!row("image.repository").differs);
    // Set in qa's own file only: dev and prod fall back to the common 1.
    assert!(row("replicaCount").differs);
}

#[test]
fn an_undefined_environment_is_helmfiles_error() {
    let tmp = demo_checkout();
    let err = Helmfile::load(tmp.path())
        .unwrap()
        .desired_state("staging", &no_env())
        .unwrap_err();
    assert_eq!(err.to_string(), "environment \"staging\" is not defined");
}

#[test]
fn an_unset_required_env_var_is_a_note_naming_it() {
    let tmp = one_release(r#"{{ requiredEnv "CHART_REPO" }}/x"#);
    let hf = Helmfile::load(tmp.path()).unwrap();
    let state = hf.desired_state("default", &no_env()).unwrap();
    assert_eq!(
        state.notes,
        vec![RenderNote {
            file: "helmfile.yaml.gotmpl".into(),
            line: 3,
            what: "required env var `CHART_REPO` is not set".into()
        }]
    );
    let set = EnvVars::fixed([("CHART_REPO", "charts")]);
    let state = hf.desired_state("default", &set).unwrap();
    assert_eq!(state.notes, vec![]);
    assert_eq!(state.releases[0].chart.as_deref(), Some("charts/x"));
}

#[test]
fn exec_is_refused_with_a_note_and_nothing_runs() {
    let tmp = one_release(r#"x{{ exec "sh" "-c" "touch ran-it" }}"#);
    let state = Helmfile::load(tmp.path())
        .unwrap()
        .desired_state("default", &no_env())
        .unwrap();
    assert!(!tmp.path().join("ran-it").exists());
    assert_eq!(state.notes.len(), 1);
    assert_eq!(state.notes[0].line, 3);
    assert!(state.notes[0].what.starts_with("`exec` is not run"));
    assert_eq!(state.releases[0].chart.as_deref(), Some("x"));
}

#[test]
fn read_file_reads_inside_the_checkout_and_refuses_to_leave_it() {
    let tmp = one_release(r#"{{ readFile "chart.txt" }}{{ readFile "../../etc/passwd" }}"#);
    write(tmp.path(), "chart.txt", "local/chart");
    let state = Helmfile::load(tmp.path())
        .unwrap()
        .desired_state("default", &no_env())
        .unwrap();
    assert_eq!(state.releases[0].chart.as_deref(), Some("local/chart"));
    assert_eq!(
        state.notes,
        vec![RenderNote {
            file: "helmfile.yaml.gotmpl".into(),
            line: 3,
            what: "readFile \"../../etc/passwd\" refused: the path leaves the checkout".into()
        }]
    );
}

#[cfg(unix)]
#[test]
fn read_file_refuses_a_symlink_that_points_out_of_the_checkout() {
    let outside = TempDir::new().unwrap();
    write(outside.path(), "secret.txt", "s3cret");
    let tmp = one_release(r#"{{ readFile "link.txt" }}"#);
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        tmp.path().join("link.txt"),
    )
    .unwrap();
    let state = Helmfile::load(tmp.path())
        .unwrap()
        .desired_state("default", &no_env())
        .unwrap();
    assert_eq!(state.releases[0].chart, None);
    assert!(state.notes[0].what.contains("through a symlink"));
}

#[test]
fn an_unknown_function_is_a_note_and_the_rest_still_renders() {
    let tmp = one_release(r#"{{ "a" | upper }}ok"#);
    let state = Helmfile::load(tmp.path())
        .unwrap()
        .desired_state("default", &no_env())
        .unwrap();
    assert_eq!(state.releases[0].chart.as_deref(), Some("ok"));
    assert_eq!(
        state.notes[0].what,
        "function `upper` is not supported by the built-in renderer"
    );
}

#[test]
fn a_missing_environment_values_file_without_warn_is_an_error_with_its_line() {
    let tmp = demo_checkout();
    std::fs::remove_file(tmp.path().join("environments/qa.yaml")).unwrap();
    let err = Helmfile::load(tmp.path())
        .unwrap()
        .desired_state("qa", &no_env())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "helmfile.yaml.gotmpl:6: values file environments/qa.yaml does not exist"
    );
}

#[test]
fn a_template_in_a_plain_helmfile_yaml_gets_helmfiles_v1_hint() {
    let tmp = TempDir::new().unwrap();
    write(
        tmp.path(),
        "helmfile.yaml",
        "releases:\n  - name: x\n    installed: {{ .Values.on }}\n",
    );
    let err = Helmfile::load(tmp.path())
        .unwrap()
        .desired_state("default", &no_env())
        .unwrap_err();
    // `{{ .Values.on }}` is valid YAML (a flow map), so it fails on the release's shape.
    let HelmfileError::Shape { file, line, .. } = &err else {
        panic!("not a shape error: {err:?}");
    };
    assert_eq!((file.as_str(), *line), ("helmfile.yaml", 3));
    assert!(err.to_string().contains("Add the .gotmpl file extension"));
}

#[test]
fn two_default_files_are_refused_like_helmfile_does() {
    let tmp = demo_checkout();
    write(tmp.path(), "helmfile.yaml", "releases: []\n");
    assert_eq!(
        Helmfile::load(tmp.path()).unwrap_err(),
        HelmfileError::Ambiguous {
            first: "helmfile.yaml".into(),
            second: "helmfile.yaml.gotmpl".into()
        }
    );
}

#[test]
fn helmfile_d_files_are_read_in_alphabetical_order_with_paths_relative_to_the_directory() {
    let tmp = TempDir::new().unwrap();
    let d = tmp.path();
    write(
        d,
        "helmfile.d/20-b.yaml",
        "releases:\n  - name: b\n    values: [v/b.yaml]\n",
    );
    write(d, "helmfile.d/10-a.yaml", "releases:\n  - name: a\n");
    write(d, "helmfile.d/notes.txt", "not a state file");
    write(d, "helmfile.d/v/b.yaml", "k: 1\n");
    let hf = Helmfile::load(d).unwrap();
    assert_eq!(
        hf.files(),
        vec!["helmfile.d/10-a.yaml", "helmfile.d/20-b.yaml"]
    );
    let values = hf.release_values("default", "b", &no_env()).unwrap();
    assert_eq!(
        values.get("k").unwrap().source,
        src("helmfile.d/v/b.yaml", 1)
    );
}

#[test]
fn a_gotmpl_values_file_is_rendered_and_keeps_its_own_lines() {
    let tmp = TempDir::new().unwrap();
    let d = tmp.path();
    write(
        d,
        "helmfile.yaml.gotmpl",
        "releases:\n  - name: web\n    namespace: shop\n    values:\n      - web.yaml.gotmpl\n",
    );
    write(
        d,
        "web.yaml.gotmpl",
        "{{- if eq .Release.Namespace \"shop\" }}\nhost: {{ .Release.Name }}.example.com\n{{- else }}\nhost: other\n{{- end }}\nreplicas: 2\n",
    );
    let values = Helmfile::load(d)
        .unwrap()
        .release_values("default", "web", &no_env())
        .unwrap();
    let host = values.get("host").unwrap();
    assert_eq!(host.value, string("web.example.com"));
    assert_eq!(host.source, src("web.yaml.gotmpl", 2));
    assert_eq!(
        values.get("replicas").unwrap().source,
        src("web.yaml.gotmpl", 6)
    );
}

#[test]
fn set_beats_every_file_and_a_later_list_replaces_an_earlier_one_whole() {
    let tmp = TempDir::new().unwrap();
    let d = tmp.path();
    write(
        d,
        "helmfile.yaml",
        "releases:\n  - name: r\n    values:\n      - a.yaml\n      - b.yaml\n    set:\n      - name: image.tag\n        value: from-set\n      - name: ann.prometheus\\.io/port\n        value: \"9090\"\n",
    );
    write(d, "a.yaml", "image:\n  tag: a\nhosts: [x, y]\n");
    write(d, "b.yaml", "image:\n  tag: b\nhosts: [z]\n");
    let values = Helmfile::load(d)
        .unwrap()
        .release_values("default", "r", &no_env())
        .unwrap();
    let tag = values.get("image.tag").unwrap();
    assert_eq!(tag.value, string("from-set"));
    assert_eq!(tag.source, src("helmfile.yaml", 7));
    let old: Vec<String> = tag.overrides.iter().map(|o| o.source.to_string()).collect();
    assert_eq!(old, vec!["a.yaml:2", "b.yaml:2"]);
    let hosts = values.get("hosts").unwrap();
    assert_eq!(hosts.value, Value::Sequence(vec![string("z")]));
    assert_eq!(hosts.source, src("b.yaml", 3));
    let port = values.get("ann.prometheus\\.io/port").unwrap();
    assert_eq!(port.value, string("9090"));
}
