//! Properties of the simulator's selector parsing (a request's query string, from any
//! client): any text is a selector or the apiserver's error, never a panic; a selector made
//! of requirements selects exactly what each requirement does.
//! `PROPTEST_CASES=100000 cargo test --lib prop_tests` runs them at length.

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::*;

/// One requirement as text, and what it says of a label set.
fn requirement() -> impl Strategy<Value = (String, String, Vec<String>, u8)> {
    (
        prop::sample::select(vec!["app", "tier", "owner"]),
        prop::collection::vec(prop::sample::select(vec!["a", "b", "c"]), 1..3),
        0u8..6,
    )
        .prop_map(|(key, values, op)| {
            let values: Vec<String> = values.into_iter().map(str::to_string).collect();
            let text = match op {
                0 => format!("{key}={}", values[0]),
                1 => format!("{key}!={}", values[0]),
                2 => format!("{key} in ({})", values.join(",")),
                3 => format!("{key} notin ({})", values.join(",")),
                4 => key.to_string(),
                _ => format!("!{key}"),
            };
            (text, key.to_string(), values, op)
        })
}

fn holds(labels: &BTreeMap<String, String>, key: &str, values: &[String], op: u8) -> bool {
    let v = labels.get(key);
    match op {
        0 => v == Some(&values[0]),
        1 => v != Some(&values[0]),
        2 => v.is_some_and(|v| values.contains(v)),
        3 => v.is_none_or(|v| !values.contains(v)),
        4 => v.is_some(),
        _ => v.is_none(),
    }
}

fn labels() -> impl Strategy<Value = BTreeMap<String, String>> {
    prop::collection::btree_map(
        prop::sample::select(vec!["app", "tier", "owner"]).prop_map(str::to_string),
        prop::sample::select(vec!["a", "b", "c"]).prop_map(str::to_string),
        0..3,
    )
}

proptest! {
    #[test]
    fn any_text_is_a_selector_or_an_error(s in ".{0,40}", t in "[a-z!=,() .]{0,40}") {
        let _ = LabelSelector::parse(&s);
        let _ = LabelSelector::parse(&t);
        let _ = FieldSelector::parse(&s, &["metadata.name", "status.phase"]);
        let _ = FieldSelector::parse(&t, &["metadata.name", "status.phase"]);
    }

    #[test]
    fn a_selector_selects_what_all_its_requirements_do(
        reqs in prop::collection::vec(requirement(), 1..4),
        labels in labels(),
    ) {
        let text = reqs.iter().map(|r| r.0.clone()).collect::<Vec<_>>().join(",");
        let sel = LabelSelector::parse(&text).unwrap();
        let want = reqs.iter().all(|(_, k, vs, op)| holds(&labels, k, vs, *op));
        prop_assert_eq!(sel.matches(&labels), want, "{} on {:?}", text, labels);
    }
}
