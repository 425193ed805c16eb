//! The Jenkins token, read from a 0600 file, never reaches the log or an error. A binary of its
//! own: the check captures the log through a thread's tracing subscriber, which other tests
//! running in the same process could starve of events (call-site interest is global).

#[path = "jenkins_support/mod.rs"]
mod jenkins_support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use jenkins_support::{payments, world};
use stagecoach::config::JenkinsConfig;
use stagecoach::jenkins::{ErrorKind, JenkinsClient, JobPath};

/// Collects what the log would get.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn the_token_from_a_private_file_never_reaches_the_log_or_an_error() {
    let log = Captured::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    // A call site first reached by another test (no subscriber there) may have cached "never
    // interested"; with this thread's subscriber in place, ask every call site again.
    tracing::callsite::rebuild_interest_cache();
    let sim = world().await;
    let j = payments(&sim);
    let token = j.token("admin").unwrap().to_string();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("payments.token");
    std::fs::write(&file, format!("{token}\n")).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let cfg = JenkinsConfig {
        url: j.url(),
        user: "admin".into(),
        token_file: Some(file.clone()),
        token_env: None,
    };
    let c = JenkinsClient::from_config("payments", &cfg);
    assert!(!format!("{c:?}").contains(&token));
    c.jobs(&JobPath::default()).await.unwrap();
    c.trigger(
        &JobPath::parse("deploy-e2e"),
        &[("APPS".into(), "api".into())],
        true,
    )
    .await
    .unwrap();
    // A wrong token in the file: the error names the key, not the token.
    let wrong = format!("{}0", &token[..token.len() - 1]);
    std::fs::write(&file, &wrong).unwrap();
    let e = JenkinsClient::from_config("payments", &cfg)
        .jobs(&JobPath::default())
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Unauthorized);
    assert!(
        e.message.contains("teams[payments].jenkins.token_file"),
        "{e}"
    );
    assert!(
        !e.message.contains(&wrong) && !e.message.contains(&token),
        "{e}"
    );
    let text = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
    assert!(text.contains("GET http://"), "the calls are logged: {text}");
    assert!(!text.contains(&token) && !text.contains(&wrong), "{text}");
    // A file others can read is refused.
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let e = JenkinsClient::from_config("payments", &cfg)
        .queue()
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Token);
    assert!(e.message.contains("chmod 600"), "{e}");
}
