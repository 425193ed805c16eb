use crate::app::effect::Effect;
use crate::app::msg::Msg;
use crate::app::nav::Screen;
use crate::app::App;
use crate::cluster::access::bindings::Grant;
use crate::cluster::access::rules::Rule;
use crate::cluster::access::{AccountNamespace, NamespaceAccess, TeamAccess};
use crate::testkit::{self, command, ops_pod_message, press, render, screen_lines};


/// A developer of payments: works in the stages, only reads production, reads no Secrets.
fn developer() -> Vec<Rule> {
    vec![
        Rule::of(&["get", "list", "watch"], &[""], &["pods", "pods/log", "services"]),
        Rule::of(&["delete"], &[""], &["pods"]),
        Rule::of(&["create"], &[""], &["pods/exec", "pods/portforward"]),
        Rule::of(&["get", "list", "watch", "patch"], &["apps"], &["deployments", "deployments/scale"]),
    ]
}

fn reader() -> Vec<Rule> {
    vec![Rule::of(&["get", "list", "watch"], &["", "apps"], &["pods", "pods/log", "deployments"])]
}

fn deployer() -> Grant {
    Grant {
        binding: "RoleBinding \"payments-qa/jenkins-deployer\"".into(),
        role: "ClusterRole \"stage-deployer\"".into(),
        to: "ServiceAccount \"payments-build/jenkins\"".into(),
        rules: vec![
            Rule::of(&["*"], &["", "apps"], &["pods", "secrets", "services", "configmaps", "deployments"]),
        ],
    }
}

pub fn payments_access() -> TeamAccess {
    let ns = |name: &str, rules: Vec<Rule>| NamespaceAccess {
        namespace: name.into(),
        rules,
        incomplete: false,
        error: None,
    };
    let account = |name: &str, grants: Vec<Grant>| AccountNamespace {
        namespace: name.into(),
        grants,
        error: None,
    };
    TeamAccess {
        team: "payments".into(),
        user: Some("User alice (groups payments-developers, system:authenticated)".into()),
        namespaces: vec![
            ns("payments-dev", developer()),
            ns("payments-qa", developer()),
            ns("payments-prod", reader()),
            NamespaceAccess {
                error: Some("could not ask what you may do: the server is on fire (500)".into()),
                ..ns("payments-stage-demo", Vec::new())
            },
        ],
        account: ("payments-build".into(), "jenkins".into()),
        account_namespaces: vec![
            account("payments-dev", vec![deployer()]),
            account("payments-qa", vec![deployer()]),
            account("payments-prod", Vec::new()),
            account("payments-stage-demo", vec![deployer()]),
        ],
        account_error: None,
    }
}

fn access(w: u16, h: u16) -> (App, Vec<Effect>) {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, w, h);
    let fx = command(&mut app, "access payments");
    assert!(matches!(app.top(), Screen::Access(_)), "{:?}", app.notice);
    app.update(Msg::Access(Box::new(payments_access())));
    (app, fx)
}

#[test]
fn access_80x24() {
    let (mut app, _) = access(80, 24);
    press(&mut app, "j");
    insta::assert_snapshot!("access_80x24", render(&app).backend());
    crate::testkit::screenshot("access", &app);
}

#[test]
fn access_160x48() {
    let (app, _) = access(160, 48);
    insta::assert_snapshot!("access_160x48", render(&app).backend());
}

#[test]
fn opening_it_asks_the_api_for_every_namespace_of_the_team_and_the_jenkins_account() {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 80, 24);
    let fx = command(&mut app, "access payments");
    let [Effect::LoadAccess {
        team,
        namespaces,
        account,
    }] = fx.as_slice()
    else {
        panic!("{fx:?}");
    };
    assert_eq!(team, "payments");
    assert_eq!(namespaces.first().map(String::as_str), Some("payments-build"));
    assert!(namespaces.iter().any(|n| n == "payments-prod"), "{namespaces:?}");
    assert_eq!(account, &("payments-build".to_string(), "jenkins".to_string()));
    // ctrl-r reads it again.
    let again = press(&mut app, "ctrl-r");
    assert!(again.iter().any(|e| matches!(e, Effect::LoadAccess { .. })), "{again:?}");
}

#[test]
fn each_stage_says_what_you_and_jenkins_may_do_and_the_detail_names_the_missing_request() {
    let (mut app, _) = access(100, 30);
    let lines = screen_lines(&app);
    assert!(lines.iter().any(|l| l.contains("you are User alice")), "{lines:#?}");
    let row = |lines: &[String], stage: &str| {
        lines
            .iter()
            .find(|l| l.split_whitespace().next() == Some(stage))
            .cloned()
            .unwrap_or_else(|| panic!("{stage}: {lines:#?}"))
    };
    let words = |l: String| l.split_whitespace().map(String::from).collect::<Vec<_>>();
    // STAGE READ LOGS EXEC FWD DEL-POD RESTART SCALE DEPLOY SECRETS JENKINS
    assert_eq!(
        words(row(&lines, "qa")),
        ["qa", "yes", "yes", "yes", "yes", "yes", "yes", "yes", "no", "no", "deploys"]
    );
    assert_eq!(
        words(row(&lines, "prod")),
        ["prod", "yes", "yes", "no", "no", "no", "no", "no", "no", "no", "none"]
    );
    assert_eq!(words(row(&lines, "stage-demo"))[1], "?");
    // The detail of the selected row (dev, the first) names what RBAC would refuse.
    let text = lines.join(" ");
    assert!(text.contains("you in payments-dev: may read pods"), "{text}");
    assert!(text.contains("deploy with Helm (create secrets)"), "{text}");
    assert!(text.contains("RoleBinding \"payments-qa/jenkins-deployer\""), "{text}");
    press(&mut app, "j");
    press(&mut app, "j");
    let text = screen_lines(&app).join(" ");
    assert!(text.contains("no binding in payments-prod names it"), "{text}");
}

#[test]
fn a_write_rbac_refuses_is_refused_at_its_key_and_not_offered_in_the_hints() {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 120, 24);
    app.update(ops_pod_message("payments-prod"));
    app.update(Msg::Access(Box::new(payments_access())));
    command(&mut app, "pods payments-prod");
    let hints = screen_lines(&app).last().cloned().unwrap_or_default();
    assert!(!hints.contains("delete") && !hints.contains("shell"), "{hints}");
    for key in ["ctrl-k", "s"] {
        let fx = press(&mut app, key);
        assert!(fx.is_empty(), "{key}: {fx:?}");
        assert!(matches!(app.top(), Screen::Pods(_)), "{key}: no dialog opens");
        let (n, _) = app.notice.clone().expect("a notice");
        assert!(n.error, "{n:?}");
        assert!(n.text.contains("you may not"), "{}", n.text);
        assert!(n.text.contains("payments-prod") && n.text.contains(":access"), "{}", n.text);
    }
    // Where RBAC allows it, the same key opens the dialog.
    app.update(ops_pod_message("payments-qa"));
    command(&mut app, "pods payments-qa");
    press(&mut app, "ctrl-k");
    assert!(matches!(app.top(), Screen::WriteConfirm(_)));
}

#[test]
fn a_session_of_a_few_teams_reads_their_access_once_their_stages_are_known() {
    let s = testkit::fixture();
    let mut app = testkit::app_unsynced(&s, 80, 24);
    let mut fx = Vec::new();
    for m in s.sync_messages() {
        fx.extend(app.update(m));
    }
    let asked: Vec<&String> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::LoadAccess { team, .. } => Some(team),
            _ => None,
        })
        .collect();
    assert!(asked.iter().any(|t| *t == "payments"), "{fx:?}");
    let mut again = Vec::new();
    for m in s.sync_messages() {
        again.extend(app.update(m));
    }
    assert!(
        !again.iter().any(|e| matches!(e, Effect::LoadAccess { .. })),
        "asked once: {again:?}"
    );
}
