use crate::app::effect::Effect;
use crate::app::forwards::ForwardState;
use crate::app::msg::Msg;
use crate::app::nav::Screen;
use crate::app::App;
use crate::cluster::kubectl::port_forward::{ForwardMsg, ForwardSpec};
use crate::testkit::{self, command, press, render, screen_lines, OPS_POD};

/// Three forwards: one listening, one dead, one starting.
fn with_forwards(w: u16, h: u16) -> App {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, w, h);
    let spec = |id, remote, local| ForwardSpec {
        id,
        namespace: "payments-qa".into(),
        pod: OPS_POD.into(),
        remote,
        local,
    };
    for (id, remote, local) in [(1, 8080, 8080), (2, 9090, 19090), (3, 8080, 18080)] {
        app.world.forwards.started(spec(id, remote, local), app.now);
    }
    app.update(Msg::Forward(ForwardMsg::Listening { id: 1 }));
    app.update(Msg::Forward(ForwardMsg::Listening { id: 2 }));
    app.update(Msg::Forward(ForwardMsg::Said {
        id: 2,
        line: "error: lost connection to pod".into(),
    }));
    app.update(Msg::Forward(ForwardMsg::Died {
        id: 2,
        why: "error: lost connection to pod".into(),
    }));
    command(&mut app, "pf");
    assert!(matches!(app.top(), Screen::Forwards(_)));
    app
}

#[test]
fn forwards_80x24() {
    let app = with_forwards(80, 24);
    insta::assert_snapshot!("forwards_80x24", render(&app).backend());
}

#[test]
fn forwards_160x48() {
    let app = with_forwards(160, 48);
    insta::assert_snapshot!("forwards_160x48", render(&app).backend());
}

#[test]
fn a_dying_forward_says_why_on_screen_and_in_a_notice() {
    let app = with_forwards(160, 48);
    let text = screen_lines(&app).join("\n");
    assert!(text.contains("died: error: lost connection to pod"), "{text}");
    let n = app.notice.clone().unwrap().0;
    assert!(n.error, "{n:?}");
    assert!(
        n.text.contains("port-forward 127.0.0.1:19090 → payments-api-7f9c8d6b5-qx2lp:9090 died"),
        "{}",
        n.text
    );
}

#[test]
fn x_stops_the_selected_forward_and_a_dead_one_stays_dead() {
    let mut app = with_forwards(80, 24);
    // Newest first: 3 (starting) is selected.
    assert_eq!(press(&mut app, "x"), vec![Effect::StopForward { id: 3 }]);
    assert_eq!(app.world.forwards.list[&3].state, ForwardState::Stopped);
    // A late "listening" does not bring it back.
    app.update(Msg::Forward(ForwardMsg::Listening { id: 3 }));
    assert_eq!(app.world.forwards.list[&3].state, ForwardState::Stopped);
    // The dead one: nothing to stop.
    assert!(press(&mut app, "j x").is_empty());
    assert_eq!(press(&mut app, "j x"), vec![Effect::StopForward { id: 1 }]);
}
