//! Debug logging of effects never writes what the user typed or saved (issue 16, Security): a
//! log's saved text, the editor's journal, a file saved to the config repo — only their size.

use std::io::Write;
use std::sync::{Arc, Mutex};

use crate::app::effect::repo::RepoEffect;
use crate::app::effect::Effect;

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

#[test]
fn effects_are_logged_without_the_buffers_they_carry() {
    const BUFFER: &str = "password: hunter2-0123456789 — the whole buffer";
    let log = Captured::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    tracing::subscriber::with_default(subscriber, || {
        // Call sites first met by another test without a subscriber may be cached as silent.
        tracing::callsite::rebuild_interest_cache();
        for effect in [
            Effect::SaveText {
                path: "/tmp/saved.log".into(),
                text: BUFFER.into(),
            },
            Effect::Journal {
                team: "payments".into(),
                file: "jenkins/jenkins.yaml".into(),
                text: BUFFER.into(),
                now: true,
            },
            Effect::Repo(RepoEffect::Save {
                team: "payments".into(),
                path: "values/qa/api.yaml".into(),
                text: BUFFER.into(),
            }),
        ] {
            super::log_effect(&effect);
        }
    });
    let text = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
    for what in ["effect SaveText", "effect Journal", "effect Repo::Save"] {
        assert!(text.contains(what), "{what} is logged: {text}");
    }
    assert!(text.contains(&format!("bytes={}", BUFFER.len())), "{text}");
    assert!(!text.contains("hunter2"), "{text}");
}
