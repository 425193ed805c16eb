use jiff::SignedDuration;

use crate::app::effect::promotion::PromotionEffect;
use crate::app::effect::Effect;
use crate::app::input::InputKind;
use crate::app::msg::Msg;
use crate::app::nav::Screen;
use crate::app::App;
use crate::config::{BranchAt, BranchChain, PromotionModel};
use crate::keymap::Key;
use crate::repo::promotion::{Pending, PromotionMsg, Step};
use crate::repo::CommitRow;
use crate::testkit::{self, command, press, render, screen_lines};

fn commit(id: &str, author: &str, hours: i64, subject: &str) -> CommitRow {
    CommitRow {
        id: format!("{id}{}", "0".repeat(40 - id.len())),
        author: author.into(),
        email: format!("{}@example.com", author.to_lowercase().replace(' ', ".")),
        time: testkit::start() - SignedDuration::from_hours(hours),
        subject: subject.into(),
    }
}

/// The payments chain: two commits pending for dev, one for qa where qa-stage has a hotfix of
/// its own, production up to date.
fn steps() -> Vec<Step> {
    let p = |ahead, behind, commits: Vec<CommitRow>, files: &[&str]| Pending {
        ahead,
        behind,
        authors: {
            let mut a: Vec<String> = Vec::new();
            for c in &commits {
                if !a.contains(&c.author) {
                    a.push(c.author.clone());
                }
            }
            a
        },
        commits,
        files: files.iter().map(|f| f.to_string()).collect(),
        from_tip: "3e70759aa1b2c3d4e5f60718293a4b5c6d7e8f90".into(),
        to_tip: "a1b2c3d4e5f60718293a4b5c6d7e8f903e70759a".into(),
    };
    vec![
        Step {
            stage: "dev".into(),
            from: "develop".into(),
            to: "dev-stage".into(),
            pending: Ok(p(
                2,
                0,
                vec![
                    commit("9f1c2d3", "Maria Keller", 2, "dev: payments-api image.tag 2.7.1-b104 → 2.7.1-b105"),
                    commit("5b6a7c8", "Jonas Weber", 26, "common: payments-web resources.limits.memory 512Mi"),
                ],
                &["values/common/web.yaml", "values/dev/api.yaml"],
            )),
        },
        Step {
            stage: "qa".into(),
            from: "dev-stage".into(),
            to: "qa-stage".into(),
            pending: Ok(p(
                1,
                1,
                vec![commit("7d8e9f0", "Aylin Demir", 30, "dev: payments-ledger featureFlags.batchExport true")],
                &["values/dev/ledger.yaml"],
            )),
        },
        Step {
            stage: "prod".into(),
            from: "qa-stage".into(),
            to: "prod-repo/main".into(),
            pending: Ok(p(0, 0, vec![], &[])),
        },
    ]
}

fn chain() -> PromotionModel {
    let at = |b: &str| BranchAt {
        url: "/srv/git/payments-config.git".into(),
        branch: b.into(),
    };
    PromotionModel::Branches(BranchChain {
        source: at("develop"),
        stages: vec![
            ("dev".into(), at("dev-stage")),
            ("qa".into(), at("qa-stage")),
            ("prod".into(), at("main")),
        ],
        ref_param: None,
        path: None,
    })
}

/// The promotion screen of payments (`M` from home), its branches read.
fn promotion_app(w: u16, h: u16) -> App {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, w, h);
    app.world.promotion.insert("payments".into(), chain());
    let fx = press(&mut app, "M");
    assert_eq!(
        fx,
        vec![Effect::Promotion(PromotionEffect::Load {
            team: "payments".into()
        })]
    );
    app.update(Msg::Promotion(PromotionMsg::Loaded {
        team: "payments".into(),
        steps: steps(),
    }));
    app
}

#[test]
fn promotion_snapshots() {
    let app = promotion_app(80, 24);
    insta::assert_snapshot!("promotion_80x24", render(&app).backend());
    testkit::screenshot("promotion", &app);
    let app = promotion_app(160, 48);
    insta::assert_snapshot!("promotion_160x48", render(&app).backend());
}

#[test]
fn each_stage_shows_its_pending_commits_files_and_who() {
    let mut app = promotion_app(80, 24);
    let text = screen_lines(&app).join("\n");
    assert!(text.contains("develop → dev-stage → qa-stage → prod-repo/main"), "{text}");
    assert!(text.contains("fast-forward"), "{text}");
    assert!(text.contains("merge commit"), "{text}");
    assert!(text.contains("up to date · protected"), "{text}");
    assert!(text.contains("2 commit(s) of develop pending for dev"), "{text}");
    assert!(text.contains("by: Maria Keller, Jonas Weber"), "{text}");
    press(&mut app, "j");
    let text = screen_lines(&app).join("\n");
    assert!(text.contains("qa-stage has 1 commit(s) of its own"), "{text}");
    assert!(text.contains("featureFlags.batchExport"), "{text}");
}

#[test]
fn promote_asks_first_then_merges_exactly_what_was_shown() {
    let mut app = promotion_app(80, 24);
    assert!(press(&mut app, "M").is_empty());
    let text = screen_lines(&app).join("\n");
    assert!(text.contains("Merge 2 commit(s) of develop into dev-stage"), "{text}");
    // Cancel has the focus.
    assert!(press(&mut app, "enter").is_empty());
    press(&mut app, "M");
    let fx = press(&mut app, "l enter");
    assert_eq!(
        fx,
        vec![Effect::Promotion(PromotionEffect::Promote {
            team: "payments".into(),
            stage: "dev".into(),
            from_tip: "3e70759aa1b2c3d4e5f60718293a4b5c6d7e8f90".into(),
            confirmed: None,
        })]
    );
    // The outcome: on the status line, and the @ screen has the write.
    app.update(Msg::Promotion(PromotionMsg::Finished {
        team: "payments".into(),
        stage: "dev".into(),
        result: Ok("promoted develop → dev-stage: fast-forward 3e70759 pushed".into()),
    }));
    assert!(app.notice.as_ref().unwrap().0.text.contains("fast-forward 3e70759"));
    app.update(Msg::Promotion(PromotionMsg::Called(
        crate::call_log::Call::new(
            "promote develop → dev-stage (dev)",
            "git -C /d push --porcelain origin 3e70759:refs/heads/dev-stage",
        )
        .ended(Ok("pushed".into())),
    )));
    press(&mut app, "@");
    let text = screen_lines(&app).join("\n");
    assert!(text.contains("promote develop → dev-stage (dev)"), "{text}");
}

#[test]
fn a_protected_stage_needs_its_name_typed() {
    let mut app = promotion_app(80, 24);
    let mut s = steps();
    s[2].pending.as_mut().unwrap().ahead = 1;
    app.update(Msg::Promotion(PromotionMsg::Loaded {
        team: "payments".into(),
        steps: s,
    }));
    press(&mut app, "j j M");
    assert!(screen_lines(&app).join("\n").contains("prod is protected: you type its name next"));
    assert!(press(&mut app, "l enter").is_empty());
    assert_eq!(app.input.as_ref().map(|i| i.kind), Some(InputKind::TypeName));
    for c in "qa".chars() {
        app.update(Msg::Key(Key::char(c)));
    }
    assert!(press(&mut app, "enter").is_empty(), "a wrong name promotes nothing");
    press(&mut app, "M l enter");
    for c in "prod".chars() {
        app.update(Msg::Key(Key::char(c)));
    }
    let fx = press(&mut app, "enter");
    assert!(
        matches!(&fx[..], [Effect::Promotion(PromotionEffect::Promote { stage, confirmed: Some(c), .. })] if stage == "prod" && c == "prod"),
        "{fx:?}"
    );
}

#[test]
fn read_only_refuses_at_the_key_and_promote_command_picks_the_stage() {
    let mut app = promotion_app(80, 24);
    app.readonly = true;
    assert!(press(&mut app, "M").is_empty());
    assert!(app.notice.as_ref().unwrap().0.text.contains("read-only"));
    let fx = command(&mut app, "promote qa");
    assert!(fx.is_empty(), "already on the screen: it selects qa");
    let Screen::Promotion(p) = app.top() else {
        panic!("{}", app.top().title())
    };
    assert_eq!(p.selected(&app.world), 1);
}

#[test]
fn deploy_from_the_promotion_screen_names_the_stage_branch() {
    let mut app = promotion_app(80, 24);
    if let Some(PromotionModel::Branches(c)) = app.world.promotion.get_mut("payments") {
        c.ref_param = Some("CONFIG_REF".into());
    }
    press(&mut app, "I");
    let Screen::Trigger(t) = app.top() else {
        panic!("{}", app.top().title())
    };
    let d = t.deploy.as_ref().expect("a deploy form");
    assert_eq!(d.namespace, "payments-dev");
    assert!(
        d.prefill.contains(&("CONFIG_REF".to_string(), "dev-stage".to_string())),
        "{:?}",
        d.prefill
    );
}
