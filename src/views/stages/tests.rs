use crate::app::effect::Effect;
use crate::app::nav::Screen;
use crate::testkit::{self, press, render};
use crate::theme::Role;

#[test]
fn home_matrix_80x24() {
    let s = testkit::fixture();
    let app = testkit::app(&s, 80, 24);
    insta::assert_snapshot!("stages_80x24", render(&app).backend());
    crate::testkit::screenshot("stages", &app);
}

#[test]
fn home_matrix_160x48() {
    let s = testkit::fixture();
    let app = testkit::app(&s, 160, 48);
    insta::assert_snapshot!("stages_160x48", render(&app).backend());
}

#[test]
fn a_failing_stage_is_drawn_in_the_failed_role() {
    let s = testkit::fixture();
    let app = testkit::app(&s, 80, 24);
    let t = render(&app);
    let buf = t.backend().buffer();
    let row = (0..24)
        .find(|&y| {
            let line: String = (0..80).map(|x| buf[(x, y)].symbol().to_string()).collect();
            line.starts_with("4 payments-qa ")
        })
        .expect("a payments-qa row");
    let failed = testkit::theme().style(Role::HealthFailed);
    assert_eq!(buf[(0, row)].fg, failed.fg.unwrap());
}

#[test]
fn enter_opens_the_stage_and_esc_comes_back() {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 80, 24);
    assert!(press(&mut app, "j j enter").is_empty());
    match app.top() {
        Screen::Pods(p) => assert_eq!(p.scope.namespaces, vec!["payments-e2e".to_string()]),
        other => panic!("{other:?}"),
    }
    press(&mut app, "esc");
    assert!(matches!(app.top(), Screen::Stages(_)));
    press(&mut app, "q");
    assert!(app.quit);
}

#[test]
fn stages_appear_and_vanish_with_their_namespaces() {
    use crate::app::msg::{ClusterMsg, Msg};
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 80, 24);
    let fx = app.update(Msg::Cluster(ClusterMsg::NamespaceApplied(
        "payments-stage-ceo-demo".into(),
    )));
    assert_eq!(
        fx,
        vec![Effect::WatchStage {
            namespace: "payments-stage-ceo-demo".into()
        }]
    );
    let fx = app.update(Msg::Cluster(ClusterMsg::NamespaceDeleted(
        "payments-stage-ceo-demo".into(),
    )));
    assert_eq!(
        fx,
        vec![Effect::StopStage {
            namespace: "payments-stage-ceo-demo".into()
        }]
    );
}

#[test]
fn help_is_generated_from_the_keymap_80x24() {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 80, 24);
    press(&mut app, "?");
    assert!(matches!(app.top(), Screen::Help(_)));
    insta::assert_snapshot!("help_80x24", render(&app).backend());
}

#[test]
fn when_namespaces_may_not_be_listed_the_configured_stages_are_watched() {
    use crate::app::msg::{ClusterMsg, Msg, WatchId};
    use crate::app::{App, AppInit};
    use crate::keymap::Keymap;
    let (mut app, _) = App::new(AppInit {
        context: "work".into(),
        contexts: vec!["work".into()],
        teams: vec!["payments".into()],
        protected: vec![],
        configured: vec!["payments-dev".into(), "payments-qa".into()],
        readonly: false,
        keymap: Keymap::builtin(),
        log_capacity: 10_000,
        now: testkit::start(),
        warnings: Vec::new(),
        external_editor: None,
        recoveries: Vec::new(),
        deploy_jobs: Default::default(),
    });
    let fx = app.update(Msg::Cluster(ClusterMsg::WatchFailed {
        id: WatchId::Namespaces,
        kind: crate::cluster::watch_failure::FailureKind::Forbidden,
        error: "failed to perform initial object list: ApiError: namespaces is forbidden: User \"dev\" cannot list resource \"namespaces\": Forbidden".into(),
    }));
    // (and the team's access is asked for, as with listed namespaces)
    let fx: Vec<Effect> = fx
        .into_iter()
        .filter(|e| !matches!(e, Effect::LoadAccess { .. }))
        .collect();
    assert_eq!(
        fx,
        vec![
            Effect::WatchStage {
                namespace: "payments-dev".into()
            },
            Effect::WatchStage {
                namespace: "payments-qa".into()
            }
        ]
    );
    // Not a lost watch: the config's stages are the list.
    let text = crate::ui::export::to_text(render(&app).backend().buffer());
    assert!(
        text.contains("payments-qa") && !text.contains("watch lost"),
        "{text}"
    );
    // Another kind of failure adds nothing (and the same stages are not watched twice).
    let fx = app.update(Msg::Cluster(ClusterMsg::WatchFailed {
        id: WatchId::Namespaces,
        kind: crate::cluster::watch_failure::FailureKind::Unreachable,
        error: "connection refused".into(),
    }));
    assert!(fx.is_empty());
    let text = crate::ui::export::to_text(render(&app).backend().buffer());
    assert!(
        text.contains("payments-dev") && text.contains("watch lost"),
        "{text}"
    );
}

#[test]
fn esc_on_home_clears_the_filter_then_stays_home_and_q_quits() {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 80, 24);
    press(&mut app, "/");
    for c in "qa".chars() {
        app.update(crate::app::msg::Msg::Key(crate::keymap::Key::char(c)));
    }
    press(&mut app, "enter");
    assert_eq!(app.top().filter_text(), "qa");
    press(&mut app, "esc");
    assert!(!app.quit, "esc with a filter on must clear it, not quit");
    assert_eq!(app.top().filter_text(), "");
    press(&mut app, "esc");
    assert!(!app.quit, "esc never quits");
    assert_eq!(app.stack.len(), 1);
    let text = testkit::screen_lines(&app).join("\n");
    assert!(text.contains("q or :q quits"), "{text}");
    press(&mut app, "q");
    assert!(app.quit);
}

#[test]
fn q_goes_back_before_it_quits() {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 80, 24);
    testkit::command(&mut app, "pods payments-qa");
    press(&mut app, "q");
    assert!(!app.quit);
    assert!(matches!(app.top(), Screen::Stages(_)));
}

#[test]
fn jobs_takes_a_bare_stage_like_pods_and_releases() {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 80, 24);
    let fx = testkit::command(&mut app, "jobs qa");
    assert!(
        matches!(app.top(), Screen::Jobs(j) if j.team == "payments"),
        "{:?}",
        app.notice
    );
    assert!(!fx.is_empty(), "the jobs screen starts polling");
    testkit::command(&mut app, "jobs advisory-dev");
    assert!(matches!(app.top(), Screen::Jobs(j) if j.team == "advisory"));
    testkit::command(&mut app, "jobs nosuch");
    let (notice, _) = app.notice.clone().expect("a notice");
    assert!(notice.error && notice.text.contains("nosuch"), "{notice:?}");
}

#[test]
fn notices_fade_and_the_key_hints_come_back() {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 80, 24);
    let t0 = app.now;
    let at = |secs: i64| t0 + jiff::SignedDuration::from_secs(secs);
    app.update(crate::app::msg::Msg::Notice(crate::app::msg::Notice::info(
        "saved",
    )));
    app.update(crate::app::msg::Msg::Clock(at(5)));
    assert!(app.notice.is_some(), "still there after 5 s");
    app.update(crate::app::msg::Msg::Clock(at(7)));
    assert!(app.notice.is_none(), "gone after 6 s");
    let last = testkit::screen_lines(&app).last().cloned().unwrap_or_default();
    assert!(last.contains("? help"), "{last}");
    app.update(crate::app::msg::Msg::Notice(crate::app::msg::Notice::error(
        "push refused",
    )));
    app.update(crate::app::msg::Msg::Clock(at(30)));
    assert!(app.notice.is_some(), "an error stays longer");
    app.update(crate::app::msg::Msg::Clock(at(38)));
    assert!(app.notice.is_none());
}

#[test]
fn an_applied_filter_shows_in_the_breadcrumb() {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 80, 24);
    press(&mut app, "/");
    for c in "qa".chars() {
        app.update(crate::app::msg::Msg::Key(crate::keymap::Key::char(c)));
    }
    press(&mut app, "enter");
    let top = testkit::screen_lines(&app)[0].clone();
    assert!(top.starts_with("stagecoach › stages /qa "), "{top}");
    press(&mut app, "esc");
    let top = testkit::screen_lines(&app)[0].clone();
    assert!(top.starts_with("stagecoach › stages "), "{top}");
    assert!(!top.contains("/qa"), "{top}");
}

#[test]
fn an_unreachable_cluster_is_said_never_called_empty_or_healthy() {
    use crate::app::msg::{ClusterMsg, Msg, WatchId};
    use crate::cluster::watch_failure::FailureKind;
    let f = testkit::fixture();
    let mut app = testkit::app_unsynced(&f, 80, 24);
    app.update(Msg::Cluster(ClusterMsg::WatchFailed {
        id: WatchId::Namespaces,
        kind: FailureKind::Unreachable,
        error: "failed to perform initial object list: tcp connect error: Connection refused"
            .into(),
    }));
    let home = testkit::screen_lines(&app).join("\n");
    assert!(home.contains("cannot reach the cluster"), "{home}");
    assert!(home.contains("Connection refused"), "{home}");
    assert!(!home.contains("no <team>-<stage> namespaces"), "{home}");
    testkit::press(&mut app, "D");
    let diag = testkit::screen_lines(&app).join("\n");
    assert!(diag.contains("cannot reach the cluster"), "{diag}");
    assert!(!diag.contains("all healthy"), "{diag}");
}

#[test]
fn ctx_says_the_kubeconfig_so_kubectl_can_run_alongside() {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 80, 24);
    app.kubeconfig = Some("/tmp/stagecoach-demo-x/kubeconfig".into());
    testkit::command(&mut app, "ctx");
    let (n, _) = app.notice.as_ref().expect("a notice");
    assert!(
        n.text.contains("KUBECONFIG=/tmp/stagecoach-demo-x/kubeconfig"),
        "{}",
        n.text
    );
}

#[test]
fn a_command_replaces_the_view_and_esc_goes_home() {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 80, 24);
    testkit::command(&mut app, "pods qa");
    press(&mut app, "enter");
    assert_eq!(app.stack.len(), 3, "enter drills down");
    testkit::command(&mut app, "rel qa");
    testkit::command(&mut app, "diag");
    assert_eq!(app.stack.len(), 2, "commands replace what was above home");
    assert!(matches!(app.top(), Screen::Diagnose(_)));
    press(&mut app, "esc");
    assert!(matches!(app.top(), Screen::Stages(_)));
    // A form asked for by command still stacks over the view.
    testkit::command(&mut app, "pods qa");
    testkit::command(&mut app, "help");
    assert_eq!(app.stack.len(), 3);
}

#[test]
fn help_wraps_scrolls_and_filters() {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 80, 24);
    press(&mut app, "?");
    let screen = testkit::screen_lines(&app);
    // No description is cut: every line ends inside the screen with a whole word.
    assert!(screen.iter().any(|l| l.contains("(:values)")), "{screen:#?}");
    press(&mut app, "G");
    let bottom = testkit::screen_lines(&app).join("\n");
    let last = crate::app::command::COMMANDS.last().unwrap().name();
    assert!(bottom.contains(&format!(":{last}")), "{bottom}");
    // One line up from the bottom moves at once (the scroll does not run past the end).
    press(&mut app, "k");
    let up = testkit::screen_lines(&app).join("\n");
    assert_ne!(up, bottom);
    press(&mut app, "/");
    for c in "uninstall".chars() {
        app.update(crate::app::msg::Msg::Key(crate::keymap::Key::char(c)));
    }
    press(&mut app, "enter");
    let filtered = testkit::screen_lines(&app).join("\n");
    assert!(filtered.contains("uninstall the selected stage"), "{filtered}");
    assert!(!filtered.contains("help (this screen)"), "{filtered}");
    press(&mut app, "esc");
    assert!(testkit::screen_lines(&app)
        .join("\n")
        .contains("help (this screen)"));
}

fn status(app: &crate::app::App) -> String {
    testkit::screen_lines(app).last().cloned().unwrap_or_default()
}

#[test]
fn stage_numbers_show_on_home_and_every_scoped_list_says_them() {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 80, 24);
    let lines = testkit::screen_lines(&app);
    let qa = lines.iter().find(|l| l.contains("payments-qa")).unwrap();
    assert!(qa.starts_with("4 payments-qa "), "{qa}");
    let build = lines.iter().find(|l| l.contains("advisory-build")).unwrap();
    assert!(build.starts_with("1 advisory-build "), "{build}");
    // The number opens the selected team's stage, as on the lists.
    press(&mut app, "4");
    let Screen::Pods(p) = app.top() else {
        panic!("4 opens pods: {:?}", app.top())
    };
    assert_eq!(p.scope.namespaces, vec!["payments-qa".to_string()]);
    assert!(status(&app).contains("0-6 stage"), "{}", status(&app));
    press(&mut app, "8");
    let said = status(&app);
    assert!(
        said.contains("payments has no stage 8: 0 all 1 build 2 dev 3 e2e 4 qa 5 prod"),
        "{said}"
    );
    press(&mut app, "?");
    let help = testkit::screen_lines(&app).join("\n");
    assert!(help.contains("stages of payments by number"), "{help}");
    assert!(help.contains("0 all 1 build 2 dev 3 e2e 4 qa 5 prod 6 stage-demo"), "{help}");
}

#[test]
fn keys_that_do_nothing_say_why() {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 80, 24);
    press(&mut app, "l");
    assert!(status(&app).contains("l (logs) does nothing here"), "{}", status(&app));
    press(&mut app, "tab");
    assert!(status(&app).contains("tab moves between the buttons of a dialog"), "{}", status(&app));
    press(&mut app, "x");
    assert!(status(&app).contains("x is not a key on this screen"), "{}", status(&app));
    // Moving at the edge needs no words.
    press(&mut app, "esc");
    press(&mut app, "k");
    assert!(status(&app).contains("? help"), "{}", status(&app));
}

/// A developer may often read pods but not Secrets: the stage's health stands, only its
/// releases (and so its drift) are unknown, and the screens say so instead of "0" or
/// "missing".
#[test]
fn refused_release_secrets_leave_the_stage_health_and_say_the_releases_are_unreadable() {
    let s = testkit::fixture();
    // Wide enough for the RELEASES column.
    let mut app = testkit::app(&s, 160, 48);
    let row = |app: &crate::app::App| {
        let text = crate::ui::export::to_text(render(app).backend().buffer());
        text.lines()
            .find(|l| l.starts_with("4 payments-qa "))
            .unwrap_or_else(|| panic!("{text}"))
            .to_string()
    };
    let before = row(&app);
    // Refused from the start: no release was ever listed.
    testkit::refuse_releases(&mut app, "payments-qa", "alice");
    let stage = &app.world.stages["payments-qa"];
    assert_eq!(stage.pods_refused, None);
    assert_eq!(
        stage.refused().map(String::as_str),
        Some("alice may not list secrets")
    );
    let after = row(&app);
    // The worst pod is still named (in the failed role); the releases say they are forbidden.
    let worst = before.split_whitespace().nth(4).unwrap().to_string();
    assert!(after.contains(&worst), "{before}\n{after}");
    assert!(after.contains("forbidden (403)"), "{after}");
    // The status line names the stage and who may not do what.
    let text = crate::ui::export::to_text(render(&app).backend().buffer());
    assert!(
        text.contains("payments-qa forbidden: alice may not list secrets"),
        "{text}"
    );
    // The stage's releases say they cannot be read, not that there are none.
    testkit::command(&mut app, "releases payments-qa");
    let text = crate::ui::export::to_text(render(&app).backend().buffer());
    assert!(
        text.contains("cannot be read: alice may not list secrets (403)"),
        "{text}"
    );
}

/// The matrix reads a team's stages as the range of its `<team>-` namespaces: a team whose
/// name starts another's (`pay`, `pay-ments`) keeps its own stages, and the page drawn is the
/// same slice of the whole list whatever the cursor.
#[test]
fn a_team_named_like_the_start_of_another_keeps_its_own_stages_in_order() {
    use crate::app::msg::ClusterMsg;
    use crate::app::world::World;
    use crate::views::stages::StagesState;
    let mut world = World::new(vec!["pay-ments".into(), "pay".into()]);
    let names: Vec<String> = [
        "pay-prod",
        "pay-ments-qa",
        "pay-dev",
        "pay-ments-build",
        "pay-ments-dev",
        "pay-build",
        "payroll-dev",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    world.apply(
        ClusterMsg::NamespacesSynced(names),
        jiff::Timestamp::UNIX_EPOCH,
    );
    let order: Vec<&str> = world
        .all_stages()
        .iter()
        .map(|s| s.namespace.as_str())
        .collect();
    assert_eq!(
        order,
        [
            "pay-ments-build",
            "pay-ments-dev",
            "pay-ments-qa",
            "pay-build",
            "pay-dev",
            "pay-prod"
        ]
    );
    let mut state = StagesState::default();
    for selected in 0..order.len() {
        state.cursor.selected = selected;
        let mut c = state.cursor;
        c.clamp(order.len(), 2);
        let page: Vec<&str> = state
            .visible(&world, 2)
            .iter()
            .map(|s| s.namespace.as_str())
            .collect();
        assert_eq!(page, order[c.offset..(c.offset + 2).min(order.len())]);
        assert_eq!(
            state.selected_namespace(&world).as_deref(),
            Some(order[selected])
        );
    }
}

/// With a filter the page is read in one pass (count and rows together): whatever the cursor
/// holds — a row past the end after the list shrank, an offset the page cannot start at — the
/// page and the cursor drawn are those of the filtered list clamped as the cursor would be.
#[test]
fn a_filtered_page_is_the_clamped_slice_of_the_filtered_list() {
    use crate::app::msg::ClusterMsg;
    use crate::app::world::World;
    use crate::views::stages::StagesState;
    let mut world = World::new(vec!["payments".into(), "billing".into()]);
    let names: Vec<String> = ["build", "dev", "e2e", "qa", "prod", "stage-demo", "stage-dev"]
        .iter()
        .flat_map(|s| [format!("payments-{s}"), format!("billing-{s}")])
        .collect();
    world.apply(
        ClusterMsg::NamespacesSynced(names),
        jiff::Timestamp::UNIX_EPOCH,
    );
    let mut state = StagesState::default();
    state.filter.set("dev");
    let matching: Vec<&str> = world
        .all_stages()
        .iter()
        .map(|s| s.namespace.as_str())
        .filter(|n| n.contains("dev"))
        .collect();
    assert_eq!(matching.len(), 4, "{matching:?}");
    for page in 1..=7 {
        for selected in 0..10 {
            for offset in 0..10 {
                state.cursor.selected = selected;
                state.cursor.offset = offset;
                let mut want = state.cursor;
                want.clamp(matching.len(), page);
                let got = state.page(&world, page);
                let rows: Vec<&str> = got.stages.iter().map(|s| s.namespace.as_str()).collect();
                let end = (want.offset + page).min(matching.len());
                assert_eq!(got.count, matching.len());
                assert_eq!(
                    (got.cursor.selected, got.cursor.offset),
                    (want.selected, want.offset),
                    "page {page}, selected {selected}, offset {offset}"
                );
                assert_eq!(
                    rows,
                    matching[want.offset..end],
                    "page {page}, selected {selected}, offset {offset}"
                );
            }
        }
    }
}
