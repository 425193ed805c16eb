//! I/O half: one release revision fetched (a single GET of its Secret, with its own deadline)
//! and decoded off the async threads. Called only from `effects/`.

use std::time::Duration;

use k8s_openapi::api::core::v1::Secret;
use kube::{Api, Client};

use super::decode::decode_release_secret;
use super::msg::HelmMsg;
use super::release::Release;
use super::release_error::ReleaseError;
use crate::outbox::Outbox;

/// A GET that takes longer than this is reported, not waited for.
pub const FETCH_DEADLINE: Duration = Duration::from_secs(20);

/// Fetches `namespace/secret` and decodes its payload on the blocking pool. The chart's template
/// sources and files are dropped: no view shows them, and they are most of a release's size.
pub async fn fetch_release(
    client: Client,
    namespace: &str,
    secret: &str,
) -> Result<Release, ReleaseError> {
    let api: Api<Secret> = Api::namespaced(client, namespace);
    let s = match tokio::time::timeout(FETCH_DEADLINE, api.get(secret)).await {
        Err(_) => {
            return Err(ReleaseError::fetch(format!(
                "no answer for Secret {secret} in {}s",
                FETCH_DEADLINE.as_secs()
            )))
        }
        Ok(Err(e)) => {
            return Err(ReleaseError::fetch(format!(
                "cannot get Secret {secret}: {e}"
            )))
        }
        Ok(Ok(s)) => s,
    };
    let decoded = tokio::task::spawn_blocking(move || decode_release_secret(&s))
        .await
        .map_err(|e| ReleaseError::fetch(format!("decoding stopped: {e}")))?;
    decoded
        .map(Release::without_chart_sources)
        .map_err(|e| ReleaseError::decode(&e))
}

/// Release Secrets fetched at the same time at most.
pub const CONCURRENT_FETCHES: usize = 8;

/// Fetches and decodes one revision and reports it to the app.
pub async fn decode_to(
    client: Client,
    namespace: String,
    secret: String,
    generation: u64,
    tx: Outbox<HelmMsg>,
) {
    let result = fetch_release(client, &namespace, &secret)
        .await
        .map(std::sync::Arc::new);
    let msg = HelmMsg::ReleaseDecoded {
        namespace,
        secret,
        generation,
        result,
    };
    tx.send(msg).await;
}
