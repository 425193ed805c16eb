use super::*;

#[test]
fn a_revision_description_names_the_build_that_wrote_it() {
    assert_eq!(
        BuildRef::from_description("Deployed by payments/deploy-qa #91", "payments"),
        Some(BuildRef {
            job: "deploy-qa".into(),
            number: 91
        })
    );
    assert_eq!(
        BuildRef::from_description("Deployed by payments/ops/deploy #7", "payments")
            .map(|b| b.text()),
        Some("ops/deploy #7".into())
    );
    // Another team's build, Helm's own words, a broken number: no link.
    assert_eq!(
        BuildRef::from_description("Deployed by advisory/deploy-qa #3", "payments"),
        None
    );
    assert_eq!(
        BuildRef::from_description("Upgrade complete", "payments"),
        None
    );
    assert_eq!(
        BuildRef::from_description("Deployed by payments/deploy-qa #x", "payments"),
        None
    );
}

#[test]
fn a_chain_reads_from_the_commit_to_the_revisions() {
    let chain = Chain {
        commit: Some("3e70759aa0b1c2d3e4f5".into()),
        build: Some(BuildRef {
            job: "deploy-qa".into(),
            number: 91,
        }),
        revisions: vec![("payments-api".into(), 6)],
        inferred: false,
    };
    assert_eq!(
        chain.text(),
        "commit 3e70759 → build deploy-qa #91 → revision 6"
    );
    assert!(chain.is_linked());
    let two = Chain {
        revisions: vec![("payments-api".into(), 6), ("payments-web".into(), 4)],
        ..chain
    };
    assert!(two
        .text()
        .ends_with("revisions payments-api 6, payments-web 4"));
    let alone = Chain {
        commit: Some("3e70759".into()),
        ..Chain::default()
    };
    assert!(!alone.is_linked());
}
