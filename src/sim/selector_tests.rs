use super::*;

fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn equality_and_inequality() {
    let l = labels(&[("owner", "helm"), ("name", "payments-api")]);
    assert!(LabelSelector::parse("owner=helm").unwrap().matches(&l));
    assert!(LabelSelector::parse("owner==helm,name=payments-api")
        .unwrap()
        .matches(&l));
    assert!(!LabelSelector::parse("owner!=helm").unwrap().matches(&l));
    assert!(LabelSelector::parse("team!=x").unwrap().matches(&l));
}

#[test]
fn set_based_and_existence() {
    let l = labels(&[("tier", "web"), ("app", "a")]);
    assert!(LabelSelector::parse("tier in (web, api)")
        .unwrap()
        .matches(&l));
    assert!(!LabelSelector::parse("tier notin (web,api)")
        .unwrap()
        .matches(&l));
    assert!(LabelSelector::parse("app,!missing,tier in (web)")
        .unwrap()
        .matches(&l));
    assert!(!LabelSelector::parse("missing").unwrap().matches(&l));
    assert!(LabelSelector::parse("missing notin (x)")
        .unwrap()
        .matches(&l));
}

#[test]
fn bad_label_selectors_are_rejected() {
    assert!(LabelSelector::parse("a in b").is_err());
    assert!(LabelSelector::parse("a=b c").is_err());
    assert!(LabelSelector::parse("tier foo (x)").is_err());
}

#[test]
fn field_selectors() {
    let allowed = ["metadata.name", "type"];
    let sel = FieldSelector::parse("metadata.name=x,type!=Normal", &allowed).unwrap();
    let get = |f: &str| match f {
        "metadata.name" => "x".to_string(),
        "type" => "Warning".to_string(),
        _ => String::new(),
    };
    assert!(sel.matches(get));
    assert_eq!(sel.pinned("metadata.name"), Some("x"));
    let err = FieldSelector::parse("spec.foo=1", &allowed).unwrap_err();
    assert_eq!(err, "field label not supported: spec.foo");
}
