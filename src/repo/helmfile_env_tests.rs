use super::*;

const STATE: &str = "# The payments stages.\nenvironments:\n  dev:\n    values:\n      - environments/common.yaml\n      - environments/dev.yaml\n  qa:\n    values:\n      - environments/common.yaml\n      - environments/qa.yaml\n    # qa runs the nightly suite\n\n---\nreleases:\n  - name: payments-api\n    namespace: payments-{{ .Environment.Name }}\n    chart: payments/api\n    values:\n      - values/{{ .Environment.Name }}/api.yaml\n    missingFileHandler: Warn\n";

fn checkout(state: &str) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("helmfile.yaml.gotmpl"), state).unwrap();
    std::fs::create_dir_all(d.path().join("environments")).unwrap();
    for f in ["common", "dev", "qa"] {
        std::fs::write(
            d.path().join(format!("environments/{f}.yaml")),
            format!("stage: {f}\n"),
        )
        .unwrap();
    }
    d
}

#[test]
fn a_new_environment_reads_what_every_stage_shares_in_the_files_indentation() {
    let d = checkout(STATE);
    let e = add_environment(d.path(), "demo").unwrap();
    assert_eq!(e.file, "helmfile.yaml.gotmpl");
    assert_eq!(e.subject.as_deref(), Some("environment demo"));
    let after = std::fs::read_to_string(d.path().join("helmfile.yaml.gotmpl")).unwrap();
    let expected = STATE.replace(
        "    # qa runs the nightly suite\n",
        "    # qa runs the nightly suite\n  demo:\n    values:\n      - environments/common.yaml\n",
    );
    assert_eq!(after, expected);
    let hf = Helmfile::load(d.path()).unwrap();
    let state = hf.desired_state("demo", &EnvVars::Process).unwrap();
    assert_eq!(
        state.releases[0].namespace.as_deref(),
        Some("payments-demo")
    );
}

#[test]
fn an_existing_environment_or_a_bad_name_changes_nothing() {
    let d = checkout(STATE);
    let e = add_environment(d.path(), "qa").unwrap_err();
    assert!(e.to_string().contains("already"), "{e}");
    let e = add_environment(d.path(), "../x").unwrap_err();
    assert!(e.to_string().contains("not a stage name"), "{e}");
    let after = std::fs::read_to_string(d.path().join("helmfile.yaml.gotmpl")).unwrap();
    assert_eq!(after, STATE);
}

#[test]
fn four_space_files_and_no_shared_values_keep_their_shape() {
    let state = "environments:\n    dev:\n        values:\n            - environments/dev.yaml\n    qa:\n        values:\n            - environments/qa.yaml\nreleases: []\n";
    let d = checkout(state);
    add_environment(d.path(), "demo").unwrap();
    let after = std::fs::read_to_string(d.path().join("helmfile.yaml.gotmpl")).unwrap();
    assert_eq!(
        after,
        state.replace("releases: []", "    demo: {}\nreleases: []")
    );
}
