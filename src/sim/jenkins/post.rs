//! The endpoints that change things: queueing builds (`build`, `buildWithParameters`),
//! stopping them, and reloading the configuration (JCasC's `reload` and its token endpoint).
//! Authentication and crumbs were checked before these run; permissions are checked here.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use jiff::{SignedDuration, Timestamp};

use super::auth::{allowed, Perm, Who};
use super::controller::{Controller, ReloadOutcome, State};
use super::engine::TriggerError;
use super::http::{forbidden, with_header, Req};
use super::jcasc::JcascError;
use super::model::{Cause, ParamValue};
use super::pages;
use super::route::{Action, BuildRef, Route, Target};
use crate::sim::config_repo::{ConfigRepoError, HeadFile};

fn redirect(status: StatusCode, location: &str) -> Response {
    with_header(status.into_response(), "Location", location)
}

pub(super) fn dispatch(
    c: &Controller,
    st: &mut State,
    who: &Who,
    req: &Req,
    route: &Route,
    now: Timestamp,
    can_read_jobs: bool,
) -> Response {
    let _ = c;
    let user = who.user.as_deref();
    match (&route.target, &route.action) {
        (Target::Item(path), Action::Build | Action::BuildWithParameters) if can_read_jobs => {
            if st.engine.job(path).is_none() {
                return pages::not_found();
            }
            if !allowed(&st.cfg, user, Perm::JobBuild) {
                return forbidden(who, Perm::JobBuild);
            }
            trigger(
                st,
                who,
                req,
                path,
                route.action == Action::BuildWithParameters,
                now,
            )
        }
        (Target::Queue, Action::CancelItem) => {
            let id = super::form::get(&req.query, "id").and_then(|i| i.parse::<u64>().ok());
            let item = id
                .and_then(|id| st.engine.queue_item(id))
                .filter(|_| can_read_jobs);
            let Some(id) = item.map(|q| q.id) else {
                let shown = super::form::get(&req.query, "id").unwrap_or("");
                return pages::error(
                    StatusCode::NOT_FOUND,
                    &format!("Provided id ({shown}) not found"),
                );
            };
            if !allowed(&st.cfg, user, Perm::JobCancel) {
                return forbidden(who, Perm::JobCancel);
            }
            if st.engine.cancel(id, now) {
                StatusCode::NO_CONTENT.into_response()
            } else {
                pages::error(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    &format!("Item for id ({id}) is not cancellable"),
                )
            }
        }
        (Target::Build(path, r), Action::Stop) if can_read_jobs => {
            let Some(job) = st.engine.job(path) else {
                return pages::not_found();
            };
            let number = match r {
                BuildRef::Number(n) => job.build(*n).map(|b| b.number),
                BuildRef::Permalink(p) => job.permalink(p, now).map(|b| b.number),
            };
            let Some(number) = number else {
                return pages::not_found();
            };
            if !allowed(&st.cfg, user, Perm::JobCancel) {
                return forbidden(who, Perm::JobCancel);
            }
            let name = display_name(st, who);
            st.engine.stop(path, number, &name, now);
            let page = format!("{}{}{}/", req.origin, job_path_url(path), number);
            let back = req
                .parts
                .headers
                .get(header::REFERER)
                .and_then(|v| v.to_str().ok())
                .map(String::from)
                .unwrap_or(page);
            redirect(StatusCode::FOUND, &back)
        }
        _ => pages::not_found(),
    }
}

fn job_path_url(path: &[String]) -> String {
    path.iter()
        .map(|n| format!("job/{}/", urlencoding::encode(n)))
        .collect()
}

fn display_name(st: &State, who: &Who) -> String {
    st.cfg
        .users
        .iter()
        .find(|u| Some(u.id.as_str()) == who.user.as_deref())
        .map(|u| u.name.clone())
        .unwrap_or_else(|| who.name().to_string())
}

/// Parameter values from `build`'s `json` form field:
/// `{"parameter":[{"name":"STAGE","value":"qa"}]}` (or a single object).
fn json_params(json: &str) -> Result<Vec<(String, String)>, String> {
    let v: serde_json::Value =
        serde_json::from_str(json).map_err(|e| format!("Failed to parse form data: {e}"))?;
    let list = match &v["parameter"] {
        serde_json::Value::Array(a) => a.clone(),
        serde_json::Value::Null => Vec::new(),
        one => vec![one.clone()],
    };
    Ok(list
        .iter()
        .filter_map(|p| {
            let name = p["name"].as_str()?.to_string();
            let value = match &p["value"] {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            Some((name, value))
        })
        .collect())
}

fn trigger(
    st: &mut State,
    who: &Who,
    req: &Req,
    path: &[String],
    with_params: bool,
    now: Timestamp,
) -> Response {
    let Some(job) = st.engine.job(path) else {
        return pages::not_found();
    };
    let full = path.join("/");
    if job.disabled {
        return pages::error(StatusCode::CONFLICT, &format!("{full} is not buildable"));
    }
    let submitted: Vec<(String, String)> = if with_params {
        if job.params.is_empty() {
            return pages::error(
                StatusCode::BAD_REQUEST,
                &format!("{full} is not parameterized"),
            );
        }
        req.query.iter().chain(req.form.iter()).cloned().collect()
    } else if job.params.is_empty() {
        Vec::new()
    } else {
        match req.param("json").map(json_params) {
            None => return pages::error(StatusCode::BAD_REQUEST, "Nothing is submitted"),
            Some(Err(e)) => return pages::error(StatusCode::BAD_REQUEST, &e),
            Some(Ok(p)) => p,
        }
    };
    let mut values: Vec<ParamValue> = Vec::new();
    for def in &job.params {
        let raw = submitted
            .iter()
            .find(|(k, _)| k == def.name())
            .map(|(_, v)| v.as_str());
        match raw.map(|r| def.value_from(r)) {
            None => values.push(def.default_value()),
            Some(Ok(v)) => values.push(v),
            Some(Err(e)) => return pages::error(StatusCode::BAD_REQUEST, &e),
        }
    }
    let quiet = super::form::delay_secs(req.param("delay")).unwrap_or(st.cfg.quiet_period);
    let cause = Cause::User {
        id: who.name().to_string(),
        name: display_name(st, who),
    };
    match st
        .engine
        .trigger(path, values, cause, SignedDuration::from_secs(quiet), now)
    {
        Ok((id, merged)) => {
            let location = format!("{}queue/item/{id}/", req.origin);
            let status = if merged {
                StatusCode::SEE_OTHER
            } else {
                StatusCode::CREATED
            };
            redirect(status, &location)
        }
        Err(TriggerError::Disabled(name)) => {
            pages::error(StatusCode::CONFLICT, &format!("{name} is not buildable"))
        }
        Err(TriggerError::BadParameter(m)) => pages::error(StatusCode::BAD_REQUEST, &m),
    }
}

/// `POST /configuration-as-code/reload`: 302 when applied; a refused file gives the plugin's
/// error page with HTTP 200; a file that is not YAML escapes as a 500.
pub(super) fn casc_reload(
    c: &Controller,
    st: &mut State,
    req: &Req,
    file: Result<HeadFile, ConfigRepoError>,
    now: Timestamp,
) -> Response {
    match c.reload(st, file, now) {
        ReloadOutcome::Applied => redirect(
            StatusCode::FOUND,
            &format!("{}configuration-as-code/", req.origin),
        ),
        ReloadOutcome::Refused(JcascError::Config {
            message,
            target,
            attribute,
            valid,
        }) => pages::casc_error(&message, &target, attribute.as_deref(), &valid),
        ReloadOutcome::Refused(JcascError::Syntax(m)) => {
            pages::oops(&format!("org.yaml.snakeyaml.error.YAMLException: {m}"))
        }
        ReloadOutcome::Unreadable(m) => {
            pages::casc_error(&format!("Invalid configuration: {m}"), "", None, &[])
        }
    }
}

/// `POST /reload-configuration-as-code/?casc-reload-token=…`: 401 for a wrong token, 200
/// with an empty body when applied, 200 with a JSON error when refused.
pub(super) fn casc_token_reload(
    c: &Controller,
    st: &mut State,
    req: &Req,
    file: Result<HeadFile, ConfigRepoError>,
    now: Timestamp,
) -> Response {
    if super::form::get(&req.query, "casc-reload-token") != Some(c.reload_token.as_str()) {
        return pages::error(StatusCode::UNAUTHORIZED, "Unauthorized");
    }
    let failed = |msg: String| {
        let body = serde_json::json!({"status": "error", "message": format!("Failed to reload configuration: {msg}")});
        (
            [(header::CONTENT_TYPE, "application/json; charset=UTF-8")],
            body.to_string(),
        )
            .into_response()
    };
    match c.reload(st, file, now) {
        ReloadOutcome::Applied => StatusCode::OK.into_response(),
        ReloadOutcome::Refused(JcascError::Syntax(m)) => {
            pages::oops(&format!("org.yaml.snakeyaml.error.YAMLException: {m}"))
        }
        ReloadOutcome::Refused(e) => failed(e.to_string()),
        ReloadOutcome::Unreadable(m) => failed(m),
    }
}
