use super::findings::{findings, pod_why, Evidence, Subject};
use super::DiagnoseState;
use crate::app::effect::Effect;
use crate::app::msg::{ClusterMsg, Msg};
use crate::app::nav::Screen;
use crate::app::App;
use crate::cluster::health::Health;
use crate::keymap::Key;
use crate::testkit::{self, press, render};
use crate::theme::Role;
use crate::views::pod::Section;

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Msg::Key(Key::char(c)));
    }
}

/// `:diag <arg>` on the seeded world.
fn diag(arg: &str, w: u16, h: u16) -> App {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, w, h);
    press(&mut app, ":");
    type_text(&mut app, &format!("diag {arg}"));
    let fx = press(&mut app, "enter");
    assert!(matches!(app.top(), Screen::Diagnose(_)), "{:?}", app.notice);
    // The stages' events are watched while diagnose is on screen, nothing else is asked.
    assert!(
        fx.iter()
            .all(|e| matches!(e, Effect::WatchResources { .. })),
        "{fx:?}"
    );
    app
}

fn state(app: &App) -> &DiagnoseState {
    match app.top() {
        Screen::Diagnose(d) => d,
        other => panic!("{other:?}"),
    }
}

/// Selects the first finding whose why starts with `prefix` (moving with `j` as a user does);
/// returns its namespace and name.
fn select(app: &mut App, prefix: &str) -> (String, String) {
    let (rows, _) = state(app).rows(&app.world, app.now);
    let i = rows
        .iter()
        .position(|r| r.why.starts_with(prefix))
        .unwrap_or_else(|| panic!("no finding starting {prefix:?}"));
    let found = (rows[i].namespace.to_string(), rows[i].name.to_string());
    press(app, "g g");
    for _ in 0..i {
        press(app, "j");
    }
    found
}

#[test]
fn team_80x24() {
    let app = diag("payments", 80, 24);
    insta::assert_snapshot!("diagnose_team_80x24", render(&app).backend());
    crate::testkit::screenshot("diagnose", &app);
}

#[test]
fn team_160x48() {
    let app = diag("payments", 160, 48);
    insta::assert_snapshot!("diagnose_team_160x48", render(&app).backend());
}

#[test]
fn stage_80x24() {
    let app = diag("payments-qa", 80, 24);
    insta::assert_snapshot!("diagnose_qa_80x24", render(&app).backend());
}

#[test]
fn d_from_home_diagnoses_the_selected_team() {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 80, 24);
    let fx = press(&mut app, "D");
    assert!(
        !fx.is_empty()
            && fx
                .iter()
                .all(|e| matches!(e, Effect::WatchResources { .. })),
        "{fx:?}"
    );
    assert_eq!(state(&app).scope.team, "payments");
    assert!(state(&app).scope.namespaces.is_empty());
}

#[test]
fn ranked_by_severity_then_restarts_then_recency() {
    let app = diag("payments", 160, 48);
    let (rows, tally) = state(&app).rows(&app.world, app.now);
    assert!(rows.len() > 10);
    for w in rows.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        assert!(a.health.severity() >= b.health.severity(), "{a:?} {b:?}");
    }
    // The worst: the crash loop with the most restarts.
    assert_eq!(rows[0].why.split(',').next(), Some("CrashLoopBackOff"));
    let restarts = |r: &super::findings::Finding| r.pod().map_or(0, |p| p.restarts);
    let failed: Vec<_> = rows.iter().filter(|r| r.health == Health::Failed).collect();
    assert!(failed.windows(2).all(|w| restarts(w[0]) >= restarts(w[1])));
    assert_eq!(tally.releases_failed, 1);
    assert_eq!(
        tally.failing,
        app.world
            .stages_of("payments")
            .map(|s| s.summary.failing)
            .sum::<usize>()
    );
    let line = &testkit::screen_lines(&app)[1];
    assert!(
        line.starts_with(&format!(
            "payments: {} failing of {} pods, 1 release failed",
            tally.failing, tally.pods
        )),
        "{line}"
    );
}

#[test]
fn each_finding_says_why_in_one_line() {
    let app = diag("payments", 160, 48);
    let (rows, _) = state(&app).rows(&app.world, app.now);
    let why = |name: &str| {
        rows.iter()
            .find(|r| r.name == name)
            .map(|r| r.why.clone())
            .unwrap_or_else(|| panic!("no finding {name}"))
    };
    assert_eq!(
        why("payments-api-6d8f7c9b54-q2wzt"),
        "CrashLoopBackOff, 32 restarts, last exit 137 OOMKilled (api) 30s ago"
    );
    let image = why("payments-fraud-check-9b7c5d8f6-9nj8q");
    assert!(image.starts_with("ImagePullBackOff for "), "{image}");
    assert!(
        image.ends_with(
            ": Back-off pulling image \"registry.example.com/payments/fraud-check:2.4.1-rc2\""
        ),
        "{image}"
    );
    assert_eq!(
        why("payments-web-6c5d4b8f9-mm6mv"),
        "Pending for 7d6h: 0/7 nodes are available: 7 Insufficient memory. preemption: 0/7 \
         nodes are available: 7 No preemption victims found for incoming pod."
    );
    let config = why("payments-notifications-8d6f5c7b9-dkg7b");
    assert!(
        config.starts_with("CreateContainerConfigError for "),
        "{config}"
    );
    assert!(
        config.ends_with(": secret \"payments-notifications-db-credentials-v2\" not found"),
        "{config}"
    );
    assert_eq!(
        why("payments-seed-data-mhllh"),
        "Error, pod created 33m ago"
    );
    let release = rows
        .iter()
        .find(|r| matches!(r.subject, Subject::Release(_)))
        .expect("the failed release");
    assert_eq!(release.namespace, "payments-qa");
    assert!(
        release.why.starts_with("release rev ") && release.why.contains(" failed "),
        "{}",
        release.why
    );
    assert!(release.why.contains("is still deployed"), "{}", release.why);
}

#[test]
fn a_pod_running_between_two_crashes_stays_listed() {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 80, 24);
    let world = &app.world;
    let mut p = world.stages["payments-qa"].pods["payments-api-6d8f7c9b54-q2wzt"].clone();
    p.status = "Running".into();
    p.ready = p.total;
    p.health = Health::Ok;
    p.last_restart = Some(app.now);
    assert!(pod_why(&p, app.now).starts_with("Running, 32 restarts, last exit 137"));
    app.update(Msg::Cluster(ClusterMsg::PodsChanged {
        namespace: "payments-qa".into(),
        applied: vec![p.clone()],
        deleted: Vec::new(),
    }));
    let scope = crate::views::pods::PodScope::namespace("payments-qa");
    let (rows, tally) = findings(&app.world, &scope, app.now);
    let f = rows
        .iter()
        .find(|r| r.name == p.name)
        .expect("still listed");
    assert_eq!(f.health, Health::Warn);
    assert_eq!(tally.restarting, 1);
}

#[test]
fn enter_goes_to_the_evidence() {
    let mut app = diag("payments", 80, 24);
    // A crash loop: the previous log of the container that died.
    select(&mut app, "CrashLoopBackOff");
    let fx = press(&mut app, "enter");
    match app.top() {
        Screen::Logs(l) => {
            assert!(l.previous);
            assert!(!l.container.is_empty());
        }
        other => panic!("{other:?}"),
    }
    // Diagnose, covered, stops its event watches; the log streams.
    assert!(
        fx.iter().any(|e| matches!(e, Effect::StreamLog { .. })),
        "{fx:?}"
    );
    press(&mut app, "esc");

    // An image that cannot be pulled never ran: the pod's events.
    let (ns, name) = select(&mut app, "ImagePullBackOff");
    let fx = press(&mut app, "enter");
    match app.top() {
        Screen::Pod(p) => {
            assert_eq!(p.name, name);
            assert_eq!(p.top, (Section::Events, 0));
        }
        other => panic!("{other:?}"),
    }
    // Diagnose, covered, stops its event watches (they start again when it is back on top).
    let watch = Effect::WatchPodDetail {
        namespace: ns,
        name,
    };
    assert!(fx.contains(&watch), "{fx:?}");
    assert!(fx
        .iter()
        .all(|e| *e == watch || matches!(e, Effect::StopResources { .. })));
    let back = press(&mut app, "esc");
    assert!(back.contains(&Effect::StopPodDetail), "{back:?}");

    // A job that died without a restart: its (current) log.
    select(&mut app, "Error");
    press(&mut app, "enter");
    match app.top() {
        Screen::Logs(l) => assert!(!l.previous),
        other => panic!("{other:?}"),
    }
    press(&mut app, "esc");

    // A failed release: its history, which says which revision failed and why.
    select(&mut app, "release rev");
    press(&mut app, "enter");
    match app.top() {
        Screen::Release(r) => {
            assert_eq!(r.namespace, "payments-qa");
            assert_eq!(r.tab, crate::views::release::Tab::History);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn l_p_d_and_e_open_the_pods_views() {
    let mut app = diag("payments-qa", 80, 24);
    let (_, name) = select(&mut app, "CrashLoopBackOff");
    press(&mut app, "l");
    assert!(matches!(app.top(), Screen::Logs(l) if !l.previous && l.pod == name));
    press(&mut app, "esc p");
    assert!(matches!(app.top(), Screen::Logs(l) if l.previous && l.pod == name));
    press(&mut app, "esc d");
    assert!(matches!(app.top(), Screen::Pod(p) if p.top == (Section::Pod, 0) && p.name == name));
    press(&mut app, "esc e");
    assert!(matches!(app.top(), Screen::Pod(p) if p.top == (Section::Events, 0)));
    // On a release they do nothing.
    press(&mut app, "esc");
    select(&mut app, "release rev");
    assert!(press(&mut app, "l").is_empty());
    assert!(matches!(app.top(), Screen::Diagnose(_)));
}

#[test]
fn filter_narrows_and_esc_restores() {
    // Wide enough for the filter after the tally (at 80 columns the tally with a pending
    // release leaves no room for it).
    let mut app = diag("payments", 160, 48);
    let all = state(&app).rows(&app.world, app.now).0.len();
    press(&mut app, "/");
    type_text(&mut app, "imagepull");
    press(&mut app, "enter");
    let (rows, _) = state(&app).rows(&app.world, app.now);
    assert!(!rows.is_empty() && rows.len() < all);
    // Both ways an image fails to pull.
    assert!(rows
        .iter()
        .all(|r| r.why.starts_with("ImagePullBackOff") || r.why.starts_with("ErrImagePull")));
    let header = &testkit::screen_lines(&app)[1];
    assert!(header.contains("/imagepull: "), "{header}");
    press(&mut app, "/ esc");
    assert_eq!(state(&app).rows(&app.world, app.now).0.len(), all);
}

#[test]
fn the_selection_follows_its_finding_through_live_changes() {
    let mut app = diag("payments", 80, 24);
    let (ns, name) = select(&mut app, "ImagePullBackOff");
    // A new, worse pod appears above it.
    let mut p = app.world.stages["payments-qa"].pods["payments-api-6d8f7c9b54-q2wzt"].clone();
    p.name = "payments-api-6d8f7c9b54-new01".into();
    p.restarts = 99;
    app.update(Msg::Cluster(ClusterMsg::PodsChanged {
        namespace: "payments-qa".into(),
        applied: vec![p],
        deleted: Vec::new(),
    }));
    let before = state(&app).selected_index(&state(&app).rows(&app.world, app.now).0);
    let (rows, _) = state(&app).rows(&app.world, app.now);
    // Once the user moves, what is on screen stays put: the newcomer goes below.
    assert_eq!(rows.last().unwrap().name, "payments-api-6d8f7c9b54-new01");
    let d = state(&app);
    assert_eq!(rows[d.selected_index(&rows)].name, name);
    assert_eq!(d.selected_index(&rows), before, "the selected row did not move");
    let screen = testkit::screen_lines(&app).join("\n");
    assert!(screen.contains(&format!("── {ns}/{name} ")), "{screen}");
    // A crash-looping pod above counting up its restarts does not jump either.
    let above = rows[0].name.to_string();
    let mut q = app.world.stages[rows[1].namespace].pods[rows[1].name].clone();
    let q_ns = rows[1].namespace.to_string();
    let q_name = q.name.clone();
    q.restarts += 500;
    app.update(Msg::Cluster(ClusterMsg::PodsChanged {
        namespace: q_ns,
        applied: vec![q],
        deleted: Vec::new(),
    }));
    let (rows, _) = state(&app).rows(&app.world, app.now);
    assert_eq!(rows[0].name, above);
    // A new scope sorts again, worst first.
    press(&mut app, "0");
    let (rows, _) = state(&app).rows(&app.world, app.now);
    assert_eq!(rows[0].name, q_name);
}

#[test]
fn rows_are_drawn_in_their_health_role() {
    let app = diag("payments-qa", 80, 24);
    let t = render(&app);
    let buf = t.backend().buffer();
    let theme = testkit::theme();
    let row_of = |needle: &str| {
        (3..buf.area.height)
            .find(|&y| {
                let line: String = (0..buf.area.width)
                    .map(|x| buf[(x, y)].symbol().to_string())
                    .collect();
                line.contains(needle)
            })
            .unwrap_or_else(|| panic!("no row with {needle}"))
    };
    // Row 3 is selected (reversed); look at the others. Names are cut in the middle.
    let y = row_of("x7k2m");
    assert_eq!(y, 3, "the worst comes first");
    let y = row_of("q2wzt");
    assert_eq!(buf[(0, y)].fg, theme.style(Role::HealthFailed).fg.unwrap());
    let y = row_of("release rev");
    assert_eq!(buf[(0, y)].fg, theme.style(Role::ReleaseFailed).fg.unwrap());
    let y = row_of("Running, 0/1 ready");
    assert_eq!(buf[(0, y)].fg, theme.style(Role::HealthWarn).fg.unwrap());
}

#[test]
fn evidence_kinds() {
    let app = diag("payments", 160, 48);
    let (rows, _) = state(&app).rows(&app.world, app.now);
    let kind = |prefix: &str| {
        rows.iter()
            .find(|r| r.why.starts_with(prefix))
            .map(|r| r.evidence())
    };
    assert_eq!(kind("CrashLoopBackOff"), Some(Evidence::PreviousLog));
    assert_eq!(kind("ImagePullBackOff"), Some(Evidence::Events));
    assert_eq!(kind("Pending"), Some(Evidence::Events));
    assert_eq!(kind("OOMKilled"), Some(Evidence::Log));
    // Evicted: its containers are gone, the pod detail says why.
    assert_eq!(kind("ContainerStatusUnknown"), Some(Evidence::Events));
    assert_eq!(kind("release"), Some(Evidence::ReleaseHistory));
}

#[test]
fn tiny_terminals_draw_without_panicking() {
    let mut app = diag("payments", 80, 24);
    for (w, h) in [(2, 3), (10, 3), (20, 5), (33, 9), (200, 4)] {
        app.update(Msg::Resized {
            width: w,
            height: h,
        });
        press(&mut app, "j pgdn G k");
        let _ = render(&app);
    }
}

#[test]
fn a_running_pod_that_is_not_ready_says_its_failing_probe() {
    use crate::cluster::msg::ClusterMsg as C;
    use crate::cluster::resource::{Cell, ResourceKey, ResourceKind, ResourceRow};
    let mut app = diag("payments-qa", 160, 48);
    let mut p = app.world.stages["payments-qa"].pods["payments-api-6d8f7c9b54-q2wzt"].clone();
    p.name = "payments-gateway-5f6d7c8b9a-abcde".into();
    p.status = "Running".into();
    p.ready = 0;
    p.total = 1;
    p.restarts = 0;
    p.last_termination = None;
    p.last_restart = None;
    p.health = Health::Warn;
    app.update(Msg::Cluster(ClusterMsg::PodsChanged {
        namespace: "payments-qa".into(),
        applied: vec![p.clone()],
        deleted: Vec::new(),
    }));
    let message = "Readiness probe failed: HTTP probe failed with statuscode: 503";
    let row = ResourceRow {
        namespace: "payments-qa".into(),
        name: format!("{}.17a", p.name),
        cells: vec![
            Cell::Age(Some(app.now)),
            Cell::Text("Warning".into()),
            Cell::Text("Unhealthy".into()),
            Cell::Text(format!("pod/{}", p.name)),
            Cell::Text(message.into()),
        ],
        health: Health::Warn,
        created: Some(app.now),
        when: Some(app.now),
        warning: true,
        allocatable: None,
        entries: Vec::new(),
    };
    app.update(Msg::Cluster(C::ResourcesSynced {
        key: ResourceKey::new(ResourceKind::Event, Some("payments-qa")),
        rows: vec![row],
    }));
    let (rows, _) = state(&app).rows(&app.world, app.now);
    let f = rows
        .iter()
        .find(|r| r.name == p.name)
        .expect("the not-ready pod is a finding");
    assert!(f.why.ends_with(message), "{}", f.why);
    assert!(f.why.starts_with("Running, 0/1 ready"), "{}", f.why);
}
