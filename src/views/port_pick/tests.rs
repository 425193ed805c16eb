use crate::app::effect::Effect;
use crate::app::input::InputKind;
use crate::app::msg::Msg;
use crate::app::nav::Screen;
use crate::cluster::kubectl::port_forward::ForwardSpec;
use crate::keymap::Key;
use crate::testkit::{press, render, OPS_POD};
use crate::views::pod_ops::tests::on_ops_pod;

#[test]
fn port_pick_80x24() {
    let mut app = on_ops_pod("payments-qa", 80, 24);
    assert!(press(&mut app, "F").is_empty());
    assert!(matches!(app.top(), Screen::PortPick(_)));
    insta::assert_snapshot!("port_pick_80x24", render(&app).backend());
}

#[test]
fn port_pick_160x48() {
    let mut app = on_ops_pod("payments-qa", 160, 48);
    press(&mut app, "F j");
    insta::assert_snapshot!("port_pick_160x48", render(&app).backend());
}

#[test]
fn the_local_port_defaults_to_the_container_port_and_is_editable() {
    let mut app = on_ops_pod("payments-qa", 80, 24);
    press(&mut app, "F j enter");
    let input = app.input.clone().unwrap();
    assert_eq!((input.kind, input.text.as_str()), (InputKind::Field, "9090"));
    for _ in 0..4 {
        press(&mut app, "backspace");
    }
    for c in "19090".chars() {
        app.update(Msg::Key(Key::char(c)));
    }
    let effects = press(&mut app, "enter");
    let [Effect::StartForward(spec)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(
        spec,
        &ForwardSpec {
            id: spec.id,
            namespace: "payments-qa".into(),
            pod: OPS_POD.into(),
            remote: 9090,
            local: 19090,
        }
    );
    // The dialog is gone; the forward is known at once.
    assert!(matches!(app.top(), Screen::Pods(_)));
    assert!(app.world.forwards.on_local_port(19090).is_some());
    // A second forward on the same local port is refused before anything runs.
    press(&mut app, "F enter");
    for _ in 0..4 {
        press(&mut app, "backspace");
    }
    for c in "19090".chars() {
        app.update(Msg::Key(Key::char(c)));
    }
    assert!(press(&mut app, "enter").is_empty());
    let n = app.notice.clone().unwrap().0;
    assert!(n.error && n.text.contains("local port 19090 is busy"), "{}", n.text);
}

#[test]
fn esc_leaves_without_a_forward() {
    let mut app = on_ops_pod("payments-qa", 80, 24);
    press(&mut app, "F");
    assert!(press(&mut app, "esc").is_empty());
    assert!(matches!(app.top(), Screen::Pods(_)));
    assert!(app.world.forwards.list.is_empty());
}
