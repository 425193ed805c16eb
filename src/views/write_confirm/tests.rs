use crate::app::effect::Effect;
use crate::app::input::InputKind;
use crate::app::msg::Msg;
use crate::app::nav::Screen;
use crate::app::App;
use crate::call_log::Call;
use crate::cluster::workload_write::{WorkloadKind, WorkloadMsg, WorkloadOp};
use crate::keymap::Key;
use crate::testkit::{self, command, press, render, OPS_POD};
use crate::views::pod_ops::tests::on_ops_pod;

fn typed(app: &mut App, text: &str) -> Vec<Effect> {
    for c in text.chars() {
        app.update(Msg::Key(Key::char(c)));
    }
    press(app, "enter")
}

fn notice(app: &App) -> String {
    app.notice.as_ref().map(|(n, _)| n.text.clone()).unwrap_or_default()
}

fn delete(ns: &str) -> WorkloadOp {
    WorkloadOp::DeletePod {
        namespace: ns.into(),
        name: OPS_POD.into(),
    }
}

#[test]
fn delete_pod_dialog_80x24() {
    let mut app = on_ops_pod("payments-qa", 80, 24);
    assert!(press(&mut app, "ctrl-k").is_empty());
    assert!(matches!(app.top(), Screen::WriteConfirm(_)));
    insta::assert_snapshot!("delete_pod_80x24", render(&app).backend());
}

#[test]
fn delete_pod_dialog_160x48() {
    let mut app = on_ops_pod("payments-qa", 160, 48);
    press(&mut app, "ctrl-k");
    insta::assert_snapshot!("delete_pod_160x48", render(&app).backend());
}

#[test]
fn cancel_has_the_focus_and_only_the_delete_button_deletes() {
    let mut app = on_ops_pod("payments-qa", 80, 24);
    press(&mut app, "ctrl-k");
    // enter on the focused Cancel: nothing, and the list is back.
    assert!(press(&mut app, "enter").is_empty());
    assert!(matches!(app.top(), Screen::Pods(_)));
    press(&mut app, "ctrl-k");
    assert!(press(&mut app, "esc").is_empty());
    assert!(matches!(app.top(), Screen::Pods(_)));
    press(&mut app, "ctrl-k");
    assert_eq!(
        press(&mut app, "tab enter"),
        vec![Effect::Workload {
            op: delete("payments-qa"),
            confirmed: None
        }]
    );
    assert!(matches!(app.top(), Screen::Pods(_)));
    assert_eq!(notice(&app), format!("delete pod {OPS_POD}…"));
    // The write is on the `@` screen with its kubectl line, and its outcome is said.
    let op = delete("payments-qa");
    let call = Call::new(op.what(), op.kubectl_command()).ended(Ok("deleted".into()));
    app.update(Msg::Workload(WorkloadMsg::Called(call)));
    app.update(Msg::Workload(WorkloadMsg::Done {
        op,
        result: Ok(format!("pod {OPS_POD} deleted: its controller starts a new one")),
    }));
    assert!(notice(&app).starts_with(&format!("pod {OPS_POD} deleted")));
    assert_eq!(
        app.world.repos.calls.back().unwrap().command,
        format!("kubectl delete pod {OPS_POD} -n payments-qa")
    );
}

#[test]
fn a_protected_stage_needs_its_name_typed() {
    let mut app = on_ops_pod("payments-prod", 80, 24);
    press(&mut app, "ctrl-k");
    assert!(press(&mut app, "tab enter").is_empty());
    assert_eq!(app.input.as_ref().map(|i| i.kind), Some(InputKind::TypeName));
    assert!(typed(&mut app, "payments-qa").is_empty());
    assert!(notice(&app).contains("that is not payments-prod"), "{}", notice(&app));
    assert!(matches!(app.top(), Screen::WriteConfirm(_)));
    // enter asks again.
    press(&mut app, "enter");
    assert_eq!(
        typed(&mut app, "payments-prod"),
        vec![Effect::Workload {
            op: delete("payments-prod"),
            confirmed: Some("payments-prod".into())
        }]
    );
    assert!(matches!(app.top(), Screen::Pods(_)));
}

fn deployments(w: u16, h: u16) -> App {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, w, h);
    command(&mut app, "dp payments-qa");
    for m in testkit::resource_messages() {
        app.update(m);
    }
    app
}

#[test]
fn restart_a_deployment_asks_first_80x24() {
    let mut app = deployments(80, 24);
    assert!(press(&mut app, "R").is_empty());
    insta::assert_snapshot!("restart_80x24", render(&app).backend());
    assert_eq!(
        press(&mut app, "tab enter"),
        vec![Effect::Workload {
            op: WorkloadOp::Restart {
                kind: WorkloadKind::Deployment,
                namespace: "payments-qa".into(),
                name: "payments-api".into()
            },
            confirmed: None
        }]
    );
}

#[test]
fn scale_asks_for_the_replicas_then_confirms_160x48() {
    let mut app = deployments(160, 48);
    assert!(press(&mut app, "s").is_empty());
    let input = app.input.clone().expect("the replicas are asked for");
    assert_eq!((input.kind, input.text.as_str()), (InputKind::Field, "2"));
    press(&mut app, "backspace");
    assert!(typed(&mut app, "x").is_empty());
    assert!(notice(&app).contains("not a number of replicas"), "{}", notice(&app));
    press(&mut app, "s backspace");
    typed(&mut app, "5");
    assert!(matches!(app.top(), Screen::WriteConfirm(_)));
    insta::assert_snapshot!("scale_160x48", render(&app).backend());
    assert_eq!(
        press(&mut app, "tab enter"),
        vec![Effect::Workload {
            op: WorkloadOp::Scale {
                kind: WorkloadKind::Deployment,
                namespace: "payments-qa".into(),
                name: "payments-api".into(),
                replicas: 5
            },
            confirmed: None
        }]
    );
}
