//! Promotion with one branch and per-stage values: side by side, `M` copies the selected (or
//! the marked) values of the selected stage to the next one, then shows the diff.

use crate::app::effect::repo::RepoEffect;
use crate::app::effect::Effect;
use crate::app::nav::Screen;
use crate::config::PromotionModel;
use crate::testkit::{command, press, screen_lines};

use super::tests::{edit, go_to, state, team, text, values_app};

/// The edits, then the diff screen's read.
fn then_diff(mut edits: Vec<Effect>) -> Vec<Effect> {
    edits.push(Effect::Repo(RepoEffect::Diff { team: team() }));
    edits
}

#[test]
fn m_copies_the_selected_value_to_the_next_stage_then_shows_the_diff() {
    let mut app = values_app(80, 24);
    press(&mut app, "0");
    // The header says which way a promotion goes and how much differs.
    assert!(text(&app).contains("· ≠ differ · M dev→qa: 3≠"), "{}", text(&app));
    go_to(&mut app, "image.tag");
    let fx = press(&mut app, "M");
    assert_eq!(fx, then_diff(edit("values/qa/api.yaml", "image.tag", "1.4.3", false)));
    assert!(matches!(app.top(), Screen::Diff(_)), "{}", app.top().title());
    // Back on the values, I deploys the stage promoted into.
    press(&mut app, "esc");
    assert_eq!(state(&app).stage.as_deref(), Some("qa"));
}

#[test]
fn space_marks_rows_and_m_copies_them_all_or_nothing() {
    let mut app = values_app(80, 24);
    press(&mut app, "0");
    go_to(&mut app, "image.tag");
    press(&mut app, "space g g");
    go_to(&mut app, "replicaCount");
    press(&mut app, "space");
    assert!(
        screen_lines(&app).iter().any(|l| l.starts_with("≠+image.tag")),
        "{}",
        text(&app)
    );
    let fx = press(&mut app, "M");
    let mut want = edit("values/qa/api.yaml", "image.tag", "1.4.3", false);
    want.extend(edit("values/qa/api.yaml", "replicaCount", "1", false));
    assert_eq!(fx, then_diff(want));
    assert!(state_of_values(&app).marked.is_empty());

    // A stage that cannot take the values stops the whole promotion: nothing is written.
    let mut app = values_app(80, 24);
    press(&mut app, "0 l");
    go_to(&mut app, "image.tag");
    press(&mut app, "space g g");
    go_to(&mut app, "replicaCount");
    press(&mut app, "space");
    assert!(press(&mut app, "M").is_empty());
    let (n, _) = app.notice.clone().unwrap();
    assert!(
        n.error && n.text.contains("nothing promoted: e2e could not be rendered"),
        "{n:?}"
    );
    assert_eq!(state(&app).marked.len(), 2, "the marks stay for another try");
}

fn state_of_values(app: &crate::app::App) -> &super::ValuesState {
    let v = app
        .stack
        .iter()
        .rev()
        .find_map(|s| match s {
            Screen::Values(v) => Some(v),
            _ => None,
        })
        .expect("the values screen");
    v
}

#[test]
fn equal_values_are_not_written_and_the_order_comes_from_the_config() {
    let mut app = values_app(80, 24);
    press(&mut app, "0");
    go_to(&mut app, "service.port");
    assert!(press(&mut app, "M").is_empty());
    assert!(app.notice.clone().unwrap().0.text.contains("qa already has dev's values"));
    // promotion.order skips e2e: qa promotes into prod.
    app.world.promotion.insert(
        team(),
        PromotionModel::Values {
            order: vec!["dev".into(), "qa".into(), "prod".into()],
        },
    );
    press(&mut app, "l g g");
    go_to(&mut app, "replicaCount");
    assert!(text(&app).contains("M qa→prod"), "{}", text(&app));
    let fx = press(&mut app, "M");
    assert!(
        matches!(&fx[0], Effect::Repo(RepoEffect::Edit { edit, .. }) if edit.file == "values/prod/api.yaml" && edit.value == "2"),
        "{fx:?}"
    );
}

#[test]
fn read_only_refuses_and_promote_opens_the_side_by_side_from_the_stage_before() {
    let mut app = values_app(80, 24);
    app.readonly = true;
    press(&mut app, "0");
    assert!(press(&mut app, "M").is_empty());
    assert!(app.notice.clone().unwrap().0.text.contains("read-only"));
    app.readonly = false;
    command(&mut app, "promote prod");
    let v = state(&app);
    assert_eq!(v.mode, super::Mode::SideBySide);
    // The Helmfile's order: dev, qa, e2e, prod — prod is promoted from e2e.
    assert_eq!(v.column, 2);
}

/// On a real checkout: the Helmfile read, the promotion planned as the screen plans it, the
/// edits applied, committed and pushed to a bare origin — only the promoted line changed.
#[tokio::test]
async fn a_promotion_lands_on_origin_changing_only_its_line() {
    use crate::outbox::Outbox;
    use crate::repo::tasks::{self, RepoTarget};
    use crate::repo::{RepoMsg, RepoOp};
    use std::process::Command;

    let tmp = tempfile::tempdir().unwrap();
    let seed = tmp.path().join("seed");
    let put = |p: &str, t: &str| {
        let full = seed.join(p);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, t).unwrap();
    };
    put(
        "helmfile.yaml.gotmpl",
        "environments:\n  dev: {}\n  qa: {}\n---\nreleases:\n  - name: payments-api\n    chart: payments/api\n    version: \"1.2.0\"\n    values:\n      - values/common/api.yaml\n      - values/{{ .Environment.Name }}/api.yaml\n",
    );
    put("values/common/api.yaml", "image:\n  tag: \"1.4.0\"\n");
    put("values/dev/api.yaml", "image:\n  tag: \"1.4.3\" # dev gets every build\n");
    let qa = "# qa: what testers see\nreplicaCount: 2\n\nimage:\n  tag: \"1.4.2\"   # bumped by promotion\n  pullPolicy: IfNotPresent\n";
    put("values/qa/api.yaml", qa);
    let git = |dir: &std::path::Path, args: &[&str]| {
        let o = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(["-c", "user.name=Pat", "-c", "user.email=pat@example.com"])
            .args(args)
            .output()
            .unwrap();
        assert!(o.status.success(), "{args:?}: {o:?}");
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    git(tmp.path(), &["init", "-q", "-b", "main", "seed"]);
    git(&seed, &["add", "."]);
    git(&seed, &["commit", "-qm", "landscape"]);
    git(tmp.path(), &["clone", "-q", "--bare", "seed", "origin.git"]);
    git(tmp.path(), &["clone", "-q", "origin.git", "mine"]);
    let mine = tmp.path().join("mine");
    git(&mine, &["config", "user.name", "Pat"]);
    git(&mine, &["config", "user.email", "pat@example.com"]);

    let l = crate::repo::landscape::load_landscape(&mine);
    assert_eq!(l.error, None);
    let rows = super::rows::side_by_side(&l, "payments-api");
    let at = rows.iter().position(|r| r.label() == "image.tag").unwrap();
    let plan = super::promote::plan_promotion(&l, "payments-api", &rows, &[at], 0, "qa").unwrap();
    assert_eq!((plan.from.as_str(), plan.to.as_str(), plan.edits.len()), ("dev", "qa", 1));

    let t = RepoTarget {
        team: "payments".into(),
        url: tmp.path().join("origin.git").display().to_string(),
        branch: "main".into(),
        dir: mine.clone(),
        jcasc: "jenkins/jenkins.yaml".into(),
    };
    let (tx, mut rx) = tokio::sync::mpsc::channel::<RepoMsg>(64);
    let edits = std::cell::RefCell::new(Vec::new());
    for e in plan.edits {
        tasks::edit(t.clone(), e, Outbox::new(tx.clone())).await;
    }
    let finished = |rx: &mut tokio::sync::mpsc::Receiver<RepoMsg>, op: RepoOp| {
        let mut out = None;
        while let Ok(m) = rx.try_recv() {
            match m {
                RepoMsg::Edited { edit, .. } => edits.borrow_mut().push(edit),
                RepoMsg::Finished { op: o, result, .. } if o == op => out = Some(result),
                _ => {}
            }
        }
        out.expect("the task ended").map_err(|e| e.to_string())
    };
    finished(&mut rx, RepoOp::Save).unwrap();
    let after = std::fs::read_to_string(mine.join("values/qa/api.yaml")).unwrap();
    assert_eq!(after, qa.replace("\"1.4.2\"", "\"1.4.3\""), "only the value's bytes changed");
    let message = crate::repo::commit_message::commit_message(&edits.borrow()).unwrap();
    assert_eq!(message.summary, "qa: payments-api image.tag 1.4.2 → 1.4.3");
    tasks::commit(
        t.clone(),
        vec!["values/qa/api.yaml".into()],
        message.summary.clone(),
        Outbox::new(tx.clone()),
    )
    .await;
    finished(&mut rx, RepoOp::Commit).unwrap();
    tasks::push(t.clone(), Outbox::new(tx.clone())).await;
    finished(&mut rx, RepoOp::Push).unwrap();
    let origin = tmp.path().join("origin.git");
    assert_eq!(git(&origin, &["show", "main:values/qa/api.yaml"]), qa.replace("\"1.4.2\"", "\"1.4.3\""));
    assert_eq!(git(&origin, &["log", "-1", "--format=%an|%s", "main"]).trim(), "Pat|qa: payments-api image.tag 1.4.2 → 1.4.3");
}

/// A chart version the Helmfile reads from each environment (`version: {{ .Values.webChart }}`)
/// is promoted in the next stage's environment file, that line alone.
#[test]
fn a_chart_version_in_the_environment_is_promoted_there() {
    let d = tempfile::tempdir().unwrap();
    let put = |p: &str, t: &str| {
        let full = d.path().join(p);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, t).unwrap();
    };
    put(
        "helmfile.yaml.gotmpl",
        "environments:\n  dev:\n    values:\n      - environments/dev.yaml\n  qa:\n    values:\n      - environments/qa.yaml\n---\nreleases:\n  - name: payments-web\n    chart: payments/web\n    version: {{ .Values.charts.web | quote }}\n",
    );
    put("environments/dev.yaml", "# dev\ncharts:\n  web: \"1.0.0\"   # new chart\n");
    let qa = "# qa\ncharts:\n  web: \"0.9.1\"   # what testers see\nreplicas: 2\n";
    put("environments/qa.yaml", qa);
    let l = crate::repo::landscape::load_landscape(d.path());
    assert_eq!(l.error, None);
    let rows = super::rows::side_by_side(&l, "payments-web");
    assert_eq!(rows[0].label(), "chart version");
    assert!(rows[0].differs);
    let plan = super::promote::plan_promotion(&l, "payments-web", &rows, &[0], 0, "qa").unwrap();
    assert_eq!(plan.edits.len(), 1);
    let e = &plan.edits[0];
    assert_eq!((e.file.as_str(), e.path.as_str(), e.value.as_str()), ("environments/qa.yaml", "charts.web", "1.0.0"));
    crate::repo::edit::apply_edit(d.path(), e).unwrap();
    let after = std::fs::read_to_string(d.path().join("environments/qa.yaml")).unwrap();
    assert_eq!(after, qa.replace("0.9.1", "1.0.0"));
}
