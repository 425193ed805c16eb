//! Driving an app as a user and the runner would: keys, `:` commands, decode answers.

use crate::app::effect::Effect;
use crate::app::msg::Msg;
use crate::app::{App, AppInit};
use crate::keymap::{Key, Keymap};

use super::{start, Fixture};

/// Answers the decodes among `effects`, and those the answers lead to, until none is left.
pub fn settle(app: &mut App, fixture: &Fixture, effects: Vec<Effect>) {
    let mut effects = effects;
    loop {
        let answers = fixture.decode_answers(&effects);
        if answers.is_empty() {
            return;
        }
        effects = answers.into_iter().flat_map(|m| app.update(m)).collect();
    }
}

/// Types a `:` command line and returns the effects of its `enter`.
pub fn command(app: &mut App, line: &str) -> Vec<Effect> {
    press(app, ":");
    for c in line.chars() {
        app.update(Msg::Key(Key::char(c)));
    }
    press(app, "enter")
}

/// The release Secrets of `namespace` refused from the start (403), as a developer's RBAC
/// often has them: listed empty, then the watch fails with the apiserver's text for `user`.
pub fn refuse_releases(app: &mut App, namespace: &str, user: &str) {
    use crate::app::msg::{ClusterMsg, WatchId};
    app.update(Msg::Cluster(ClusterMsg::ReleasesSynced {
        namespace: namespace.into(),
        rows: Vec::new(),
    }));
    app.update(Msg::Cluster(ClusterMsg::WatchFailed {
        id: WatchId::Releases(namespace.into()),
        kind: crate::cluster::watch_failure::FailureKind::Forbidden,
        error: format!(
            "403 Forbidden: secrets is forbidden: User \"{user}\" cannot list resource \"secrets\" \
             in API group \"\" in the namespace \"{namespace}\""
        ),
    }));
}

/// An app on the fixture world after the first sync, sized `width`×`height`.
pub fn app(fixture: &Fixture, width: u16, height: u16) -> App {
    let mut app = app_unsynced(fixture, width, height);
    for m in fixture.sync_messages() {
        app.update(m);
    }
    app
}

/// An app that has heard nothing from the cluster yet.
pub fn app_unsynced(fixture: &Fixture, width: u16, height: u16) -> App {
    let (mut app, _) = App::new(AppInit {
        context: "stagecoach-demo".into(),
        contexts: vec!["stagecoach-demo".into(), "stagecoach-demo-viewer".into()],
        teams: fixture.teams(),
        protected: fixture
            .teams()
            .iter()
            .map(|t| format!("{t}-prod"))
            .collect(),
        configured: Vec::new(),
        readonly: false,
        keymap: Keymap::builtin(),
        log_capacity: 10_000,
        now: start(),
        warnings: Vec::new(),
        external_editor: None,
        recoveries: Vec::new(),
        deploy_jobs: Default::default(),
    });
    app.update(Msg::Resized { width, height });
    app
}

/// Sends keys written as in the keymap, separated by spaces (`"j j enter"`); returns the
/// effects of the last one.
pub fn press(app: &mut App, keys: &str) -> Vec<Effect> {
    let mut last = Vec::new();
    for k in keys.split_whitespace() {
        last = app.update(Msg::Key(Key::parse(k).expect("a key")));
    }
    last
}
