//! The controller's HTTP front: every request goes through authentication (basic auth with a
//! token or password, or a session cookie), the CSRF crumb check for POSTs not made with an
//! API token, and the permission check, in Jenkins' order; then to the object the URL names.
//! Every response carries `X-Jenkins`.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State as AxState};
use axum::http::{header, request::Parts, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;

use super::auth::{allowed, Perm, Via, Who, CRUMB_FIELD};
use super::controller::{Controller, State};
use super::export::{self, Flavor, Node, Pruner};
use super::form;
use super::json_items::{item_node, root_node, View};
use super::json_runs::{build_node, crumb_node, queue_item_node, queue_node};
use super::model::{self, Item};
use super::pages;
use super::post;
use super::route::{self, Action, BuildRef, Route, Target};
use super::tree;
use crate::sim::config_repo::{self, ConfigRepoError, HeadFile, BRANCH, JCASC_PATH};

pub const JENKINS_VERSION: &str = "2.528.3";

pub fn router(c: Arc<Controller>) -> Router {
    Router::new().fallback(handle).with_state(c)
}

async fn handle(AxState(c): AxState<Arc<Controller>>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let _in_flight = c.switches.enter(parts.uri.path());
    let slow = c.switches.latency();
    if !slow.is_zero() {
        tokio::time::sleep(slow).await;
    }
    let body = axum::body::to_bytes(body, 4 << 20)
        .await
        .unwrap_or_default();
    let route = route::parse(parts.uri.path());
    // git2 blocks: read the JCasC file before taking the controller's lock.
    let file = if parts.method == Method::POST && route.action == Action::Reload {
        let repo = c.repo_path();
        tokio::task::spawn_blocking(move || config_repo::read_head_file(&repo, BRANCH, JCASC_PATH))
            .await
            .ok()
    } else {
        None
    };
    let form_text = String::from_utf8_lossy(&body).to_string();
    let mut resp = respond(&c, &parts, &form_text, &route, file);
    let h = resp.headers_mut();
    h.insert("X-Jenkins", HeaderValue::from_static(JENKINS_VERSION));
    h.insert("X-Hudson", HeaderValue::from_static("1.395"));
    if let Ok(v) = HeaderValue::from_str(&c.session_header) {
        h.insert("X-Jenkins-Session", v);
    }
    h.insert(
        "X-Content-Type-Options",
        HeaderValue::from_static("nosniff"),
    );
    h.insert("X-Frame-Options", HeaderValue::from_static("deny"));
    resp
}

/// What the handlers need about the request.
pub(super) struct Req<'a> {
    pub parts: &'a Parts,
    pub query: Vec<(String, String)>,
    pub form: Vec<(String, String)>,
    /// `http://host:port/`, for redirects (stapler makes them absolute from the request).
    pub origin: String,
}

impl Req<'_> {
    pub fn param(&self, name: &str) -> Option<&str> {
        form::get(&self.query, name).or_else(|| form::get(&self.form, name))
    }

    fn header(&self, name: header::HeaderName) -> Option<&str> {
        self.parts.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

pub(super) fn with_header(mut r: Response, name: &'static str, value: &str) -> Response {
    if let Ok(v) = HeaderValue::from_str(value) {
        r.headers_mut().insert(name, v);
    }
    r
}

fn unauthorized(user: &str) -> Response {
    let r = pages::error(
        StatusCode::UNAUTHORIZED,
        &format!("Invalid password/token for user: {user}"),
    );
    with_header(r, "WWW-Authenticate", "Basic realm=\"Jenkins\"")
}

/// 403 for a missing permission, worded as `AccessDeniedException3`.
pub(super) fn forbidden(who: &Who, perm: Perm) -> Response {
    match &who.user {
        None => with_header(
            pages::html(
                StatusCode::FORBIDDEN,
                "Authentication required",
                "<h1>Authentication required</h1>",
            ),
            "X-You-Are-Authenticated-As",
            "anonymous",
        ),
        Some(u) => with_header(
            pages::error(
                StatusCode::FORBIDDEN,
                &format!("{u} is missing the {} permission", perm.title()),
            ),
            "X-Required-Permission",
            perm.id(),
        ),
    }
}

/// The caller, or `Err(user name)` for credentials that do not match (answered with 401).
fn authenticate(c: &Controller, st: &State, req: &Req) -> Result<Who, String> {
    let Some(h) = req.header(header::AUTHORIZATION) else {
        return Ok(Who {
            user: None,
            via: Via::Anonymous,
        });
    };
    match form::basic(h) {
        None => Ok(Who {
            user: None,
            via: Via::Anonymous,
        }),
        Some(Err(())) => Err(String::new()),
        Some(Ok((user, secret))) => {
            let Some(local) = st.cfg.users.iter().find(|u| u.id == user) else {
                return Err(user);
            };
            let via = if c.secrets.tokens.get(&user).is_some_and(|t| *t == secret)
                && !c.switches.token_revoked(&user)
            {
                Via::Token
            } else if !local.password.is_empty() && local.password == secret {
                Via::Password
            } else {
                return Err(user);
            };
            Ok(Who {
                user: Some(user),
                via,
            })
        }
    }
}

fn api(node: &Node, flavor: Flavor, req: &Req) -> Response {
    if req.param("jsonp").is_some() {
        return pages::error(StatusCode::FORBIDDEN, "jsonp forbidden");
    }
    let tree = match form::get(&req.query, "tree").map(tree::parse).transpose() {
        Ok(t) => t,
        Err(e) => return pages::oops(&format!("javax.servlet.ServletException: {e}")),
    };
    let depth = form::get(&req.query, "depth")
        .and_then(|d| d.parse().ok())
        .unwrap_or(0);
    let pretty = form::get(&req.query, "pretty").is_some();
    let body = export::write(node, Pruner::top(tree.as_ref(), depth), flavor, pretty);
    let ct = match flavor {
        Flavor::Json => "application/json;charset=UTF-8",
        Flavor::Python => "text/x-python;charset=UTF-8",
    };
    ([(header::CONTENT_TYPE, ct)], body).into_response()
}

fn text(body: String) -> Response {
    ([(header::CONTENT_TYPE, "text/plain;charset=UTF-8")], body).into_response()
}

fn respond(
    c: &Controller,
    parts: &Parts,
    body: &str,
    route: &Route,
    file: Option<Result<HeadFile, ConfigRepoError>>,
) -> Response {
    let host = parts
        .headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1")
        .to_string();
    let req = Req {
        parts,
        query: form::pairs(parts.uri.query().unwrap_or("")),
        form: form::pairs(body),
        origin: format!("http://{host}/"),
    };
    let now = c.clock.now();
    let mut st = c.state.lock().expect("jenkins lock");
    c.pump(&mut st, now);
    if st.restarting_until.is_some_and(|t| now < t) {
        return pages::restarting();
    }
    let mut who = match authenticate(c, &st, &req) {
        Ok(w) => w,
        Err(user) => return unauthorized(&user),
    };
    let cookies = req.header(header::COOKIE).unwrap_or("").to_string();
    let session = st.sessions.lookup(&cookies, now);
    if who.user.is_none() {
        if let Some((_, Some(u))) = &session {
            who = Who {
                user: Some(u.clone()),
                via: Via::Session,
            };
        }
    }
    let post = parts.method == Method::POST;
    if route.target == Target::CascTokenReload {
        return match (post, file) {
            (true, Some(f)) => post::casc_token_reload(c, &mut st, &req, f, now),
            _ => pages::post_required(),
        };
    }
    if post && who.via != Via::Token {
        let sent = req
            .header(header::HeaderName::from_static("jenkins-crumb"))
            .or_else(|| form::get(&req.form, CRUMB_FIELD));
        let valid = match (&session, sent) {
            (Some((sid, _)), Some(crumb)) => c.secrets.crumb(who.name(), sid) == crumb,
            _ => false,
        };
        if !valid {
            return pages::error(
                StatusCode::FORBIDDEN,
                "No valid crumb was included in the request",
            );
        }
    }
    if route.target == Target::Unknown {
        return pages::not_found();
    }
    if !allowed(&st.cfg, who.user.as_deref(), Perm::Read) {
        return forbidden(&who, Perm::Read);
    }
    let can_read_jobs = allowed(&st.cfg, who.user.as_deref(), Perm::JobRead);
    let base = st
        .cfg
        .location_url
        .clone()
        .unwrap_or_else(|| req.origin.clone());
    if matches!(route.target, Target::Casc) {
        if !allowed(&st.cfg, who.user.as_deref(), Perm::Manage) {
            return forbidden(&who, Perm::Manage);
        }
        return match (&route.action, post, file) {
            (Action::Reload, true, Some(f)) => post::casc_reload(c, &mut st, &req, f, now),
            (Action::Reload, false, _) => pages::post_required(),
            (Action::Page, _, _) => pages::html(
                StatusCode::OK,
                "Configuration as Code",
                "<h1>Configuration as Code</h1><form method=\"post\" name=\"reload\" action=\"reload\"><button>Reload existing configuration</button></form>",
            ),
            _ => pages::not_found(),
        };
    }
    if post {
        return post::dispatch(c, &mut st, &who, &req, route, now, can_read_jobs);
    }
    if route.target == Target::CrumbIssuer {
        let mut set_cookie = None;
        let sid = match session {
            Some((sid, _)) => sid,
            None => {
                let user = (who.via == Via::Password).then(|| who.name().to_string());
                let (sid, cookie) = st.sessions.create(user, now);
                set_cookie = Some(cookie);
                sid
            }
        };
        let crumb = c.secrets.crumb(who.name(), &sid);
        let mut r = match route.action {
            Action::Api(f) => api(&crumb_node(crumb), f, &req),
            _ => pages::not_found(),
        };
        if let Some(cookie) = set_cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
            r.headers_mut().insert(header::SET_COOKIE, cookie);
        }
        return r;
    }
    if route.target == Target::Me {
        return match route.action {
            Action::Api(f) => api(&super::json_nodes::me_node(&base, who.name()), f, &req),
            _ => pages::not_found(),
        };
    }
    let view = View {
        base: &base,
        now,
        engine: &st.engine,
        cfg: &st.cfg,
        can_read_jobs,
    };
    get(view, &req, route)
}

/// Read-only requests: JSON/Python views, consoles, bare pages.
fn get(v: View, req: &Req, route: &Route) -> Response {
    let simple_page = |title: &str| {
        pages::html(
            StatusCode::OK,
            title,
            &format!("<h1>{}</h1>", pages::escape(title)),
        )
    };
    match (&route.target, &route.action) {
        (Target::Root, Action::Api(f)) => api(&root_node(v), *f, req),
        (Target::Root, Action::Page) => simple_page("Dashboard"),
        (Target::Queue, Action::Api(f)) => api(&queue_node(v), *f, req),
        (Target::Computers, Action::Api(f)) => {
            api(&super::json_nodes::computer_set_node(v), *f, req)
        }
        (Target::Computer(name), Action::Api(f)) => match super::json_nodes::computer(v, name) {
            Some(node) => api(&node, *f, req),
            None => pages::not_found(),
        },
        (Target::Label(name), Action::Api(f)) => {
            api(&super::json_nodes::label_node(v, name), *f, req)
        }
        (Target::Label(name), Action::Page) => simple_page(name),
        (Target::QueueItem(id), Action::Api(f)) => match v.engine.queue_item(*id) {
            Some(q) if v.can_read_jobs => api(&queue_item_node(v, q), *f, req),
            _ => pages::not_found(),
        },
        (Target::Item(path), action) => {
            let item = model::find(&v.engine.items, path).filter(|_| v.can_read_jobs);
            match (item, action) {
                (Some(i), Action::Api(f)) => api(&item_node(v, path.clone(), i), *f, req),
                (Some(i), Action::Page) => simple_page(i.name()),
                (Some(Item::Job(_)), Action::Build | Action::BuildWithParameters) => {
                    pages::post_required()
                }
                _ => pages::not_found(),
            }
        }
        (Target::Build(path, r), action) => {
            let Some(job) = v.engine.job(path).filter(|_| v.can_read_jobs) else {
                return pages::not_found();
            };
            let build = match r {
                BuildRef::Number(n) => job.build(*n),
                BuildRef::Permalink(p) => job.permalink(p, v.now),
            };
            let Some(b) = build else {
                return pages::not_found();
            };
            let console = || {
                let input = super::console::ConsoleInput {
                    team: &v.engine.team,
                    full_name: &path.join("/"),
                    job,
                    build: b,
                    tool: v.engine.tool_for(job),
                    seed: v.engine.seed,
                };
                super::console::text_at(&input, v.now)
            };
            match action {
                Action::Api(f) => api(&build_node(v, path.clone(), job, b), *f, req),
                Action::ConsoleText => text(console().0),
                Action::ProgressiveText => progressive(console(), req),
                Action::Page => simple_page(&format!("#{}", b.number)),
                Action::Stop => pages::post_required(),
                _ => pages::not_found(),
            }
        }
        _ => pages::not_found(),
    }
}

/// `logText/progressiveText?start=N` (reference §5): the log from `start`, `X-Text-Size` = the
/// log's length, `X-More-Data: true` only while the build may write more; a `start` past the
/// end serves the whole log again.
fn progressive((log, more): (String, bool), req: &Req) -> Response {
    let bytes = log.into_bytes();
    let len = bytes.len();
    let start = form::get(&req.query, "start")
        .and_then(|s| s.parse::<i64>().ok())
        .unwrap_or(0)
        .max(0) as usize;
    let start = if start > len { 0 } else { start };
    let mut r = Response::new(Body::from(bytes[start..].to_vec()));
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain;charset=UTF-8"),
    );
    h.insert("X-Text-Size", HeaderValue::from(len as u64));
    if more {
        h.insert("X-More-Data", HeaderValue::from_static("true"));
    }
    r
}
