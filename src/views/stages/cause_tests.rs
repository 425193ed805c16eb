//! Finding 4 of the reliability probe: a failing cluster is shown with its cause — the refused
//! credential by user and kind, the server's own message, the address that refused — never as
//! "no namespaces".

use crate::app::msg::{ClusterMsg, Msg, WatchId};
use crate::app::App;
use crate::cluster::connect::Endpoint;
use crate::cluster::watch_failure::FailureKind;
use crate::testkit;

fn failing(endpoint: Endpoint, kind: FailureKind, error: &str) -> (App, String) {
    let f = testkit::fixture();
    let mut app = testkit::app_unsynced(&f, 160, 24);
    app.world.endpoint = Some(endpoint);
    app.update(Msg::Cluster(ClusterMsg::WatchFailed {
        id: WatchId::Namespaces,
        kind,
        error: error.into(),
    }));
    let screen = testkit::screen_lines(&app).join("\n");
    assert!(!screen.contains("no <team>-<stage> namespaces"), "{screen}");
    (app, screen)
}

fn endpoint(server: &str, credential: &str) -> Endpoint {
    Endpoint {
        server: server.into(),
        user: "alice".into(),
        credential: credential.into(),
        withheld_over_http: server.starts_with("http://"),
    }
}

#[test]
fn a_refused_credential_names_the_user_and_the_kind_of_credential() {
    let e = endpoint("https://k8s.example:6443", "token file /home/alice/.kube/token");
    let (app, screen) = failing(e, FailureKind::Unauthorized, "401 Unauthorized");
    assert!(screen.contains("refused the credential of user"), "{screen}");
    assert!(screen.contains("alice"), "{screen}");
    assert!(screen.contains("token file"), "{screen}");
    // Certain: `render` stops at once with this text.
    assert!(app.world.certain_failure().is_some());
}

#[test]
fn a_401_over_plain_http_says_why_requests_are_unauthenticated() {
    let e = endpoint("http://10.1.2.3:8080", "token");
    let (_, screen) = failing(e, FailureKind::Unauthorized, "401 Unauthorized");
    assert!(screen.contains("unauthenticated"), "{screen}");
    assert!(screen.contains("plain http://"), "{screen}");
}

#[test]
fn a_server_error_shows_the_servers_message_and_is_not_certain() {
    let e = endpoint("https://k8s.example:6443", "token");
    let (app, screen) = failing(
        e,
        FailureKind::Server,
        "500 InternalError: etcdserver: request timed out",
    );
    assert!(screen.contains("etcdserver: request timed out"), "{screen}");
    assert!(screen.contains("https://k8s.example:6443"), "{screen}");
    assert!(app.world.certain_failure().is_none());
}

#[test]
fn a_refused_connection_names_the_address() {
    let e = endpoint("https://k8s.example:6443", "token");
    let (app, screen) = failing(
        e,
        FailureKind::Unreachable,
        "client error (Connect): tcp connect error: Connection refused",
    );
    assert!(
        screen.contains("cannot reach the cluster at https://k8s.example:6443"),
        "{screen}"
    );
    assert!(app.world.certain_failure().is_some());
}
