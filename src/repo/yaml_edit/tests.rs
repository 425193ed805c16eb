use super::*;

const STAGE_VALUES: &str = "\
# payments-api in qa
replicaCount: 2

image:
  # bumped by the deploy job
  tag: \"1.4.2\"   # keep quoted
  pullPolicy: IfNotPresent
env:
  STAGE: qa
  LOG_LEVEL: debug

ingress:
  enabled: true
  host: api.qa.payments.example.com
";

const JCASC: &str = "\
# Jenkins of team payments
jenkins:
  numExecutors: 0
  clouds:
    - kubernetes:
        name: \"kubernetes\"
        templates:
          - name: \"base\"
            label: \"base\"
            containers:
              - name: \"jnlp\"
                image: \"jenkins/inbound-agent:3327.v868139a_d00e0-1\"

          - name: maven
            inheritFrom: base
            containers:
              - name: maven
                image: maven:3.9-eclipse-temurin-21   # JDK 21
                resourceLimitCpu: '1'
";

fn p(s: &str) -> Vec<PathSeg> {
    parse_path(s).expect("path")
}

/// The (1-based line, before, after) of every line that differs; both texts must have the
/// same number of lines.
fn changed_lines(before: &str, after: &str) -> Vec<(usize, String, String)> {
    let (b, a): (Vec<_>, Vec<_>) = (before.split('\n').collect(), after.split('\n').collect());
    assert_eq!(b.len(), a.len(), "line count changed:\n{after}");
    b.iter()
        .zip(&a)
        .enumerate()
        .filter(|(_, (x, y))| x != y)
        .map(|(i, (x, y))| (i + 1, x.to_string(), y.to_string()))
        .collect()
}

#[test]
fn a_quoted_tag_changes_on_its_line_only() {
    let out = set_scalar(STAGE_VALUES, &p("image.tag"), "1.4.3").unwrap();
    assert_eq!(
        changed_lines(STAGE_VALUES, &out),
        vec![(
            6,
            "  tag: \"1.4.2\"   # keep quoted".to_string(),
            "  tag: \"1.4.3\"   # keep quoted".to_string()
        )]
    );
}

#[test]
fn a_plain_number_stays_a_plain_number() {
    let out = set_scalar(STAGE_VALUES, &p("replicaCount"), "3").unwrap();
    assert_eq!(
        changed_lines(STAGE_VALUES, &out),
        vec![(2, "replicaCount: 2".into(), "replicaCount: 3".into())]
    );
}

#[test]
fn a_plain_bool_stays_plain_and_a_string_for_it_is_quoted() {
    let out = set_scalar(STAGE_VALUES, &p("ingress.enabled"), "false").unwrap();
    assert_eq!(
        changed_lines(STAGE_VALUES, &out)[0].2,
        "  enabled: false".to_string()
    );
    let out = set_scalar(STAGE_VALUES, &p("ingress.enabled"), "sometimes").unwrap();
    assert_eq!(
        changed_lines(STAGE_VALUES, &out)[0].2,
        "  enabled: \"sometimes\"".to_string()
    );
}

#[test]
fn a_jcasc_container_image_is_edited_in_a_list_of_templates() {
    let path = p("jenkins.clouds[0].kubernetes.templates[1].containers[0].image");
    let out = set_scalar(JCASC, &path, "maven:3.9.9-eclipse-temurin-21").unwrap();
    assert_eq!(
        changed_lines(JCASC, &out),
        vec![(
            18,
            "                image: maven:3.9-eclipse-temurin-21   # JDK 21".to_string(),
            "                image: maven:3.9.9-eclipse-temurin-21   # JDK 21".to_string()
        )]
    );
}

#[test]
fn a_single_quoted_scalar_keeps_single_quotes_and_doubles_an_apostrophe() {
    let path = p("jenkins.clouds[0].kubernetes.templates[1].containers[0].resourceLimitCpu");
    let out = set_scalar(JCASC, &path, "it's 2").unwrap();
    assert_eq!(
        changed_lines(JCASC, &out)[0].2,
        "                resourceLimitCpu: 'it''s 2'".to_string()
    );
}

/// The plain-scalar rule: a value that YAML 1.1 or 1.2 would read as anything but the same
/// string, or that would not even parse as plain, is double-quoted.
#[test]
fn plain_strings_are_quoted_when_the_new_value_would_change_type_or_break() {
    let text = "env:\n  LOG_LEVEL: debug\n";
    let cases = [
        ("info", "  LOG_LEVEL: info"),
        ("yes", "  LOG_LEVEL: \"yes\""),
        ("on", "  LOG_LEVEL: \"on\""),
        ("1.10", "  LOG_LEVEL: \"1.10\""),
        ("null", "  LOG_LEVEL: \"null\""),
        ("~", "  LOG_LEVEL: \"~\""),
        (": x", "  LOG_LEVEL: \": x\""),
        ("#x", "  LOG_LEVEL: \"#x\""),
        ("a #b", "  LOG_LEVEL: \"a #b\""),
        ("0777", "  LOG_LEVEL: \"0777\""),
        ("2024-01-02", "  LOG_LEVEL: \"2024-01-02\""),
        ("", "  LOG_LEVEL: \"\""),
        (" padded", "  LOG_LEVEL: \" padded\""),
        ("two\nlines", "  LOG_LEVEL: \"two\\nlines\""),
        ("say \"hi\"", "  LOG_LEVEL: say \"hi\""),
        ("-Xmx1g", "  LOG_LEVEL: -Xmx1g"),
        ("- item", "  LOG_LEVEL: \"- item\""),
        ("*ref", "  LOG_LEVEL: \"*ref\""),
    ];
    for (value, line) in cases {
        let out = set_scalar(text, &p("env.LOG_LEVEL"), value).unwrap();
        assert_eq!(out, format!("env:\n{line}\n"), "value {value:?}");
        let back: serde_yaml::Value = serde_yaml::from_str(&out).unwrap();
        assert_eq!(back["env"]["LOG_LEVEL"], serde_yaml::Value::from(value));
    }
}

#[test]
fn a_null_value_gets_a_space_and_the_value() {
    let out = set_scalar(
        "image:\n  tag:\n  pullPolicy: Always\n",
        &p("image.tag"),
        "1.2",
    )
    .unwrap();
    assert_eq!(out, "image:\n  tag: \"1.2\"\n  pullPolicy: Always\n");
    let out = set_scalar("image:\n  tag:\n", &p("image.tag"), "v1").unwrap();
    assert_eq!(out, "image:\n  tag: v1\n");
}

#[test]
fn errors_name_the_missing_segment() {
    let err = set_scalar(STAGE_VALUES, &p("image.digest"), "x").unwrap_err();
    assert_eq!(
        err.to_string(),
        "`image.digest`: no key `digest` under `image`"
    );
    let err = set_scalar(JCASC, &p("jenkins.clouds[3].kubernetes"), "x").unwrap_err();
    assert_eq!(
        err.to_string(),
        "`jenkins.clouds[3].kubernetes`: no item [3] in `jenkins.clouds` (it has 1)"
    );
    let err = set_scalar(STAGE_VALUES, &p("replicaCount.max"), "x").unwrap_err();
    assert_eq!(
        err.to_string(),
        "`replicaCount.max`: `replicaCount` is a scalar, not a map with `max`"
    );
}

#[test]
fn a_map_or_a_list_is_not_a_scalar() {
    assert_eq!(
        set_scalar(STAGE_VALUES, &p("image"), "x").unwrap_err(),
        EditError::NotAScalar {
            path: "image".into(),
            found: "a map"
        }
    );
    assert_eq!(
        set_scalar(JCASC, &p("jenkins.clouds"), "x").unwrap_err(),
        EditError::NotAScalar {
            path: "jenkins.clouds".into(),
            found: "a list"
        }
    );
}

fn unsupported_what(text: &str, path: &str) -> &'static str {
    match set_scalar(text, &p(path), "new") {
        Err(EditError::Unsupported { what, .. }) => what,
        other => panic!("expected Unsupported for {path} in {text:?}, got {other:?}"),
    }
}

#[test]
fn unsupported_constructs_are_refused_with_their_name() {
    assert!(unsupported_what("image: {tag: v1}\n", "image.tag").contains("flow-style map"));
    assert!(unsupported_what("tags: [a, b]\n", "tags[0]").contains("flow-style list"));
    assert!(unsupported_what("a: &x v\nb: *x\n", "a").contains("anchored"));
    assert!(unsupported_what("a: &x v\nb: *x\n", "b").contains("alias"));
    assert!(unsupported_what("a: !!str 5\n", "a").contains("tagged"));
    assert!(unsupported_what("a: |\n  x\n", "a").contains("block scalar"));
    assert!(unsupported_what("a: 1\n---\na: 2\n", "a").contains("several YAML documents"));
}

#[test]
fn a_syntax_error_is_reported_with_its_position() {
    match set_scalar("a: 1\nb: [2\n", &p("a"), "3") {
        Err(EditError::Syntax { line, .. }) => assert_eq!(line, 3),
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

#[test]
fn insert_adds_a_leaf_at_the_maps_indentation_after_its_last_entry() {
    let out = insert_key(
        STAGE_VALUES,
        &p("image.repository"),
        NewScalar::Str("reg/api"),
    )
    .unwrap();
    let expected = STAGE_VALUES.replace(
        "  pullPolicy: IfNotPresent\n",
        "  pullPolicy: IfNotPresent\n  repository: reg/api\n",
    );
    assert_eq!(out, expected);
}

#[test]
fn insert_creates_missing_maps_with_the_files_indent_step() {
    let text = "# dev overrides\nenv:\n    STAGE: dev\n";
    let out = insert_key(text, &p("image.tag"), NewScalar::Str("1.10")).unwrap();
    assert_eq!(
        out,
        "# dev overrides\nenv:\n    STAGE: dev\nimage:\n    tag: \"1.10\"\n"
    );
}

#[test]
fn insert_into_a_list_item_map_and_into_an_empty_file() {
    let path = p("jenkins.clouds[0].kubernetes.templates[0].containers[0].ttyEnabled");
    let out = insert_key(JCASC, &path, NewScalar::Typed("true")).unwrap();
    assert!(out.contains(
        "                image: \"jenkins/inbound-agent:3327.v868139a_d00e0-1\"\n                ttyEnabled: true\n\n          - name: maven"
    ), "{out}");
    let out = insert_key("# nothing yet\n", &p("replicaCount"), NewScalar::Typed("3")).unwrap();
    assert_eq!(out, "# nothing yet\nreplicaCount: 3\n");
    let out = insert_key("a: 1", &p("b"), NewScalar::Str("x")).unwrap();
    assert_eq!(out, "a: 1\nb: x\n");
}

#[test]
fn insert_refuses_an_existing_key_a_missing_index_and_an_untyped_typed_value() {
    assert_eq!(
        insert_key(STAGE_VALUES, &p("image.tag"), NewScalar::Str("x")).unwrap_err(),
        EditError::AlreadyExists {
            path: "image.tag".into()
        }
    );
    assert!(matches!(
        insert_key(STAGE_VALUES, &p("hosts[0]"), NewScalar::Str("x")),
        Err(EditError::NotFound { .. })
    ));
    assert_eq!(
        insert_key(STAGE_VALUES, &p("x"), NewScalar::Typed("abc")).unwrap_err(),
        EditError::NotTyped {
            value: "abc".into()
        }
    );
}

#[test]
fn paths_parse_and_format_round_trip() {
    assert_eq!(
        p("jenkins.clouds[0].kubernetes.templates[2].containers[0].image"),
        vec![
            PathSeg::key("jenkins"),
            PathSeg::key("clouds"),
            PathSeg::Index(0),
            PathSeg::key("kubernetes"),
            PathSeg::key("templates"),
            PathSeg::Index(2),
            PathSeg::key("containers"),
            PathSeg::Index(0),
            PathSeg::key("image"),
        ]
    );
    let quoted = p(r#"metadata.annotations."kubernetes.io/ingress.class""#);
    assert_eq!(quoted[2], PathSeg::key("kubernetes.io/ingress.class"));
    assert_eq!(
        format_path(&quoted),
        r#"metadata.annotations."kubernetes.io/ingress.class""#
    );
    assert_eq!(p("[1].a"), vec![PathSeg::Index(1), PathSeg::key("a")]);
    for bad in ["", "a.", "a..b", "a.[0]", "a[x]", "a\"b", "\"open"] {
        assert!(parse_path(bad).is_err(), "{bad:?} should not parse");
    }
}

#[test]
fn crlf_files_keep_their_line_ends() {
    let text = "# qa\r\nimage:\r\n  tag: v1 # pinned\r\nenv:\r\n  A: b\r\n";
    assert_eq!(
        set_scalar(text, &p("image.tag"), "v2").unwrap(),
        "# qa\r\nimage:\r\n  tag: v2 # pinned\r\nenv:\r\n  A: b\r\n"
    );
    assert_eq!(
        insert_key(text, &p("image.pullPolicy"), NewScalar::Str("Always")).unwrap(),
        "# qa\r\nimage:\r\n  tag: v1 # pinned\r\n  pullPolicy: Always\r\nenv:\r\n  A: b\r\n"
    );
}

#[test]
fn anchors_and_aliases_elsewhere_do_not_stop_an_edit() {
    let text = "defaults: &d\n  pullPolicy: Always\napi:\n  image: *d\n  tag: v1\n";
    assert_eq!(
        set_scalar(text, &p("api.tag"), "v2").unwrap(),
        "defaults: &d\n  pullPolicy: Always\napi:\n  image: *d\n  tag: v2\n"
    );
    assert!(matches!(
        set_scalar(text, &p("defaults.pullPolicy"), "Never"),
        Err(EditError::Unsupported { .. })
    ));
}
