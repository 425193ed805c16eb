//! `exec`, `attach` and `portforward` on pods. The demo world runs no containers, so it never
//! upgrades the connection: it answers as the apiserver's upgrade-aware proxy does for a request
//! it will not upgrade (`UpgradeAwareHandler` with `UpgradeRequired`: 400 BadRequest
//! "Upgrade request required"), after the checks the apiserver makes first — the pod exists
//! (404) and the container named is one of it (400, `pod.ExecLocation`'s words).

use axum::response::Response;

use super::query::parse_pairs;
use super::status::ApiError;
use super::{ApiState, Target};
use crate::sim::kinds::Kind;

pub const SUBRESOURCES: [&str; 3] = ["exec", "attach", "portforward"];

pub fn serve(
    state: &ApiState,
    target: &Target,
    name: &str,
    query: Option<&str>,
) -> Result<Response, ApiError> {
    let ns = target.namespace.as_deref().unwrap_or_default();
    let pod = state
        .store
        .get(Kind::Pod, ns, name)
        .ok_or_else(|| ApiError::not_found("pods", "", name))?;
    let sub = target.subresource.as_deref().unwrap_or_default();
    if sub != "portforward" {
        let v = pod.value();
        let names: Vec<String> = v["spec"]["containers"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| c["name"].as_str().map(String::from))
            .collect();
        let asked = parse_pairs(query)
            .into_iter()
            .find(|(k, _)| k == "container")
            .map(|(_, v)| v);
        match asked {
            Some(c) if !names.contains(&c) => {
                return Err(ApiError::bad_request(format!(
                    "container {c} is not valid for pod {name}"
                )))
            }
            None if names.len() > 1 => {
                return Err(ApiError::bad_request(format!(
                    "a container name must be specified for pod {name}, choose one of: [{}]",
                    names.join(" ")
                )))
            }
            _ => {}
        }
    }
    Err(ApiError::bad_request("Upgrade request required"))
}
