//! `s` and the pod actions' guards: which container a shell opens in, and `--readonly`
//! refusing at the key.

use crate::app::effect::Effect;
use crate::app::nav::Screen;
use crate::app::App;
use crate::cluster::kubectl::exec::ShellTarget;
use crate::testkit::{self, command, ops_pod_message, press, OPS_POD};

/// The pod list of `ns` with the cursor on the ops pod.
pub fn on_ops_pod(ns: &str, w: u16, h: u16) -> App {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, w, h);
    app.update(ops_pod_message(ns));
    command(&mut app, &format!("pods {ns}"));
    press(&mut app, "/");
    for c in "7f9c8d6b5".chars() {
        app.update(crate::app::msg::Msg::Key(crate::keymap::Key::char(c)));
    }
    press(&mut app, "enter");
    assert!(matches!(app.top(), Screen::Pods(_)));
    app
}

fn shell(container: &str) -> Vec<Effect> {
    vec![Effect::Shell(ShellTarget {
        namespace: "payments-qa".into(),
        pod: OPS_POD.into(),
        container: container.into(),
    })]
}

#[test]
fn s_opens_a_shell_in_the_default_container_the_pod_names() {
    let mut app = on_ops_pod("payments-qa", 80, 24);
    assert_eq!(press(&mut app, "s"), shell("api"));
}

#[test]
fn in_pod_detail_s_opens_the_container_c_chose() {
    let mut app = on_ops_pod("payments-qa", 80, 24);
    press(&mut app, "enter");
    assert!(matches!(app.top(), Screen::Pod(_)));
    assert_eq!(press(&mut app, "s"), shell("api"));
    press(&mut app, "c");
    assert_eq!(
        app.top().title(),
        format!("pod {OPS_POD} · container log-shipper")
    );
    assert_eq!(press(&mut app, "s"), shell("log-shipper"));
}

#[test]
fn a_pod_without_the_annotation_gets_its_first_container() {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 80, 24);
    command(&mut app, "pods payments-qa");
    let effects = press(&mut app, "s");
    let [Effect::Shell(t)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    let row = &app.world.stages["payments-qa"].pods[&t.pod];
    assert_eq!(Some(&t.container), row.containers.first());
}

#[test]
fn readonly_refuses_shell_delete_restart_and_scale_at_the_key() {
    let mut app = on_ops_pod("payments-qa", 80, 24);
    app.readonly = true;
    for key in ["s", "ctrl-k"] {
        assert!(press(&mut app, key).is_empty(), "{key}");
        assert!(
            matches!(app.top(), Screen::Pods(_)),
            "{key}: no dialog opens"
        );
        let (n, _) = app.notice.clone().unwrap();
        assert!(
            n.error && n.text.starts_with("read-only mode: "),
            "{key}: {}",
            n.text
        );
    }
    command(&mut app, "dp payments-qa");
    for m in testkit::resource_messages() {
        app.update(m);
    }
    for key in ["R", "s"] {
        assert!(press(&mut app, key).is_empty(), "{key}");
        assert!(matches!(app.top(), Screen::Resources(_)), "{key}");
        assert!(app.input.is_none(), "{key}: nothing is asked");
        let (n, _) = app.notice.clone().unwrap();
        assert!(n.text.starts_with("read-only mode: "), "{key}: {}", n.text);
    }
}

#[test]
fn after_the_shell_the_screen_says_how_it_ended() {
    let mut app = on_ops_pod("payments-qa", 80, 24);
    app.update(crate::app::msg::Msg::ShellEnded {
        pod: OPS_POD.into(),
        result: Err(
            "Error from server (BadRequest): Upgrade request required (kubectl exec ended with exit code 1)".into(),
        ),
    });
    let (n, _) = app.notice.clone().unwrap();
    assert!(n.error);
    assert!(
        n.text
            .starts_with("shell: Error from server (BadRequest): Upgrade request required"),
        "{}",
        n.text
    );
    app.update(crate::app::msg::Msg::ShellEnded {
        pod: OPS_POD.into(),
        result: Ok(()),
    });
    let (n, _) = app.notice.clone().unwrap();
    assert_eq!(
        (n.error, n.text),
        (false, format!("the shell in {OPS_POD} ended"))
    );
}
