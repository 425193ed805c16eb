use std::path::Path;

use serde_yaml::Value;

use super::{render, RenderNote, Scope};
use crate::repo::helmfile::EnvVars;

fn run(src: &str, dot_yaml: &str) -> (String, Vec<usize>, Vec<RenderNote>) {
    let dot: Value = serde_yaml::from_str(dot_yaml).unwrap();
    let env_vars = EnvVars::fixed([("HOME_DIR", "/home/x")]);
    let scope = Scope {
        checkout: Path::new("/nonexistent"),
        env_vars: &env_vars,
    };
    let mut notes = Vec::new();
    let r = render(src, "f.gotmpl", &dot, &scope, &mut notes).unwrap();
    let lines = (1..=r.text.lines().count())
        .map(|l| r.source_line(l))
        .collect();
    (r.text, lines, notes)
}

#[test]
fn trim_markers_and_if_else_follow_go() {
    let (text, _, notes) = run(
        "a:\n  {{- if .On }} yes{{ else }} no{{ end -}}\n\nb",
        "On: false",
    );
    assert_eq!(text, "a: nob");
    assert_eq!(notes, vec![]);
}

#[test]
fn a_multi_line_output_maps_back_to_the_action_line() {
    let (text, lines, _) = run(
        "x: 1\nres:{{ .R | toYaml | nindent 2 }}\ny: {{ env \"HOME_DIR\" | quote }}\n",
        "R: {cpu: 1, mem: 2}",
    );
    assert_eq!(text, "x: 1\nres:\n  cpu: 1\n  mem: 2\ny: \"/home/x\"\n");
    assert_eq!(lines, vec![1, 2, 2, 2, 3]);
}

#[test]
fn default_and_get_with_and_without_a_default() {
    let (text, _, notes) = run(
        "{{ .V.missing | default \"d\" }} {{ get \"a.b\" .V }} {{ .V | get \"a.c\" \"dflt\" }} {{ get \"a.c\" .V }}",
        "V: {a: {b: 7}, missing: ''}",
    );
    assert_eq!(text, "d 7 dflt ");
    assert_eq!(notes[0].what, "get: no value at \"a.c\"");
}

#[test]
fn a_missing_key_is_a_note_as_with_missingkey_error() {
    let (text, _, notes) = run("v: {{ .Values.nope }}", "Values: {}");
    assert_eq!(text, "v: ");
    assert_eq!(
        notes,
        vec![RenderNote {
            file: "f.gotmpl".into(),
            line: 1,
            what: "map has no entry for key \"nope\"".into()
        }]
    );
}

#[test]
fn range_is_reported_and_skipped_whole() {
    let (text, _, notes) = run("a\n{{ range .L }}x{{ end }}b", "L: [1, 2]");
    assert_eq!(text, "a\nb");
    assert_eq!(notes[0].line, 2);
    assert!(notes[0].what.contains("`range`"));
}
