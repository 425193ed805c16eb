//! The Jenkins client (I/O): reqwest with rustls, basic auth with the user's API token, a
//! deadline on every request, bodies counted against a cap, CSRF crumbs fetched when a POST
//! needs one (and fetched again, once, when one has expired), redirects not followed (a 201,
//! 302 or 303 and its `Location` are the answer). Only the runner's tasks call it.

use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use reqwest::header::{HeaderMap, AUTHORIZATION, CONTENT_TYPE, COOKIE, LOCATION, SET_COOKIE};
use reqwest::{Method, StatusCode};
use secrecy::{ExposeSecret, SecretString};

use super::console::Progressive;
use super::error::{classify, ErrorKind, JenkinsError, Who};
use super::model::{
    self, BuildDetail, JobDetail, JobRow, LabelClouds, ParamDef, QueueItemState, QueueRow,
};
use super::path::JobPath;
use super::reload;
use super::token::{self, TokenSource};
use super::tree;
use crate::config::JenkinsConfig;

/// Every request's deadline (design: 15–30 s).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Bodies larger than this are refused (a console chunk or a job list never is).
pub const MAX_BODY: usize = 16 << 20;

/// Installs rustls' ring provider as the process default. reqwest is built without a provider
/// of its own, and building a client without a default provider panics: launch and tests call
/// this first; calling it again is harmless.
pub fn install_crypto() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// An HTTP client for Jenkins. Building one loads the CA roots (at a hundred teams, one per
/// team cost a fifth of a second at start-up): launch builds one and every team's client
/// shares it. Each request carries its own deadline; the connect deadline and the redirect
/// policy are the same for all.
pub fn http_client() -> reqwest::Client {
    install_crypto();
    reqwest::Client::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("stagecoach/", env!("CARGO_PKG_VERSION")))
        .build()
        .unwrap_or_else(|_| reqwest::Client::new())
}

/// What came back: the parts of an HTTP answer the API uses.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub location: Option<String>,
    pub required_permission: Option<String>,
    /// `X-Text-Size` of a progressive console.
    pub text_size: Option<u64>,
    /// `X-More-Data: true`.
    pub more_data: bool,
    /// A session cookie the server set (`JSESSIONID.<hex>=…`), as `name=value`.
    pub session: Option<String>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

#[derive(Debug, Clone)]
struct Crumb {
    field: String,
    value: String,
    /// The session the crumb belongs to (`JSESSIONID.<hex>=…`).
    cookie: Option<String>,
}

/// A build was queued: its queue item, or merged into a waiting one (303).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Triggered {
    pub queue_id: Option<u64>,
    pub merged: bool,
}

struct Inner {
    base: String,
    user: String,
    /// Read on the first request (a team never looked at never has its token file read).
    token: OnceLock<Result<SecretString, JenkinsError>>,
    /// Where the token comes from, for a client built from the config.
    token_source: Option<TokenSource>,
    who: Who,
    http: reqwest::Client,
    crumb: Mutex<Option<Crumb>>,
}

/// One team's Jenkins. Cheap to clone (shared inside).
#[derive(Clone)]
pub struct JenkinsClient {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for JenkinsClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the token.
        f.debug_struct("JenkinsClient")
            .field("base", &self.inner.base)
            .field("user", &self.inner.user)
            .finish_non_exhaustive()
    }
}

impl JenkinsClient {
    /// The client of a team's `jenkins:` config. Cheap: the token is read on the first
    /// request, and one that cannot be read is kept as the error every call answers with
    /// (naming the config key), so the views can say it.
    pub fn from_config(team: &str, cfg: &JenkinsConfig) -> JenkinsClient {
        JenkinsClient::from_config_on(team, cfg, http_client())
    }

    /// As [`Self::from_config`], on an HTTP client shared with other teams.
    pub fn from_config_on(team: &str, cfg: &JenkinsConfig, http: reqwest::Client) -> JenkinsClient {
        let src = TokenSource::of(cfg);
        let key = src.key(team);
        JenkinsClient::assemble(
            team,
            &cfg.url,
            &cfg.user,
            OnceLock::new(),
            Some(src),
            key,
            http,
        )
    }

    pub fn new(
        team: &str,
        url: &str,
        user: &str,
        token: Result<SecretString, JenkinsError>,
        token_key: String,
    ) -> JenkinsClient {
        JenkinsClient::assemble(
            team,
            url,
            user,
            OnceLock::from(token),
            None,
            token_key,
            http_client(),
        )
    }

    fn assemble(
        team: &str,
        url: &str,
        user: &str,
        token: OnceLock<Result<SecretString, JenkinsError>>,
        token_source: Option<TokenSource>,
        token_key: String,
        http: reqwest::Client,
    ) -> JenkinsClient {
        let mut base = url.trim().to_string();
        if !base.ends_with('/') {
            base.push('/');
        }
        JenkinsClient {
            inner: Arc::new(Inner {
                base,
                user: user.to_string(),
                token,
                token_source,
                who: Who {
                    team: team.to_string(),
                    user: user.to_string(),
                    token_key,
                },
                http,
                crumb: Mutex::new(None),
            }),
        }
    }

    fn token(&self) -> &Result<SecretString, JenkinsError> {
        self.inner.token.get_or_init(|| {
            let src = self
                .inner
                .token_source
                .as_ref()
                .unwrap_or(&TokenSource::Missing);
            token::load(&self.inner.who.team, src)
        })
    }

    pub fn base(&self) -> &str {
        &self.inner.base
    }

    /// The command line that makes the same POST, for the `@` screen (the token as a variable,
    /// never its value; a crumb is not needed with an API token).
    pub fn curl_post(&self, path: &str, form: &str) -> String {
        let base = self.inner.base.trim_end_matches('/');
        let data = if form.is_empty() {
            String::new()
        } else {
            format!(" --data '{form}'")
        };
        format!(
            "curl -X POST -u {}:$JENKINS_TOKEN{data} {base}/{path}",
            self.inner.user
        )
    }

    /// The form a trigger posts (`buildWithParameters`), as `k=v&…`.
    pub fn trigger_target(
        job: &JobPath,
        params: &[(String, String)],
        parameterized: bool,
    ) -> (String, String) {
        if parameterized {
            let form: Vec<String> = params
                .iter()
                .map(|(k, v)| format!("{}={}", urlencoding::encode(k), urlencoding::encode(v)))
                .collect();
            (
                format!("{}buildWithParameters", job.url_path()),
                form.join("&"),
            )
        } else {
            (format!("{}build", job.url_path()), String::new())
        }
    }

    pub fn team(&self) -> &str {
        &self.inner.who.team
    }

    fn who(&self) -> &Who {
        &self.inner.who
    }

    fn net_error(&self, what: &str, e: &reqwest::Error) -> JenkinsError {
        let base = &self.inner.base;
        if e.is_timeout() {
            JenkinsError::new(
                ErrorKind::Timeout,
                format!(
                    "{what}: no answer from {base} within {}s",
                    REQUEST_TIMEOUT.as_secs()
                ),
            )
        } else if e.is_connect() {
            let cause = std::error::Error::source(e)
                .map(|s| s.to_string())
                .unwrap_or_else(|| e.to_string());
            // The OS error (EMFILE…) is deeper down the chain than the first cause.
            let mut text = format!("{what}: cannot connect to {base}: {cause}");
            if let Some(why) = crate::fd_limit::explain(&crate::cluster::watch::with_causes(e)) {
                text = format!("{text} ({why})");
            }
            JenkinsError::new(ErrorKind::Connect, text)
        } else {
            JenkinsError::new(ErrorKind::Connect, format!("{what}: {e}"))
        }
    }

    /// One request, no retries; any status is an answer.
    async fn send(
        &self,
        method: Method,
        path: &str,
        form: Option<&str>,
        crumb: Option<&Crumb>,
        what: &str,
    ) -> Result<Answer, JenkinsError> {
        self.send_unless(method, path, form, crumb, what, |_| false)
            .await
    }

    /// As [`Self::send`], but when `headers_only` says so of the answer's headers, its body
    /// is not read (the answer comes back with an empty one).
    async fn send_unless(
        &self,
        method: Method,
        path: &str,
        form: Option<&str>,
        crumb: Option<&Crumb>,
        what: &str,
        headers_only: impl Fn(&Answer) -> bool,
    ) -> Result<Answer, JenkinsError> {
        let token = self.token().as_ref().map_err(Clone::clone)?;
        let url = format!("{}{}", self.inner.base, path.trim_start_matches('/'));
        tracing::info!(target: "jenkins", "{method} {url}");
        let mut req = self
            .inner
            .http
            .request(method, &url)
            .timeout(REQUEST_TIMEOUT)
            .header(AUTHORIZATION, basic(&self.inner.user, token));
        if let Some(c) = crumb {
            req = req.header(c.field.as_str(), c.value.as_str());
            if let Some(cookie) = &c.cookie {
                req = req.header(COOKIE, cookie.as_str());
            }
        }
        if let Some(body) = form {
            req = req
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(body.to_string());
        }
        let mut resp = req.send().await.map_err(|e| self.net_error(what, &e))?;
        let status = resp.status();
        let headers = resp.headers().clone();
        let head = answer(status, &headers, Vec::new());
        if headers_only(&head) {
            return Ok(head);
        }
        let mut body = Vec::new();
        loop {
            match resp.chunk().await {
                Ok(Some(c)) => {
                    if body.len() + c.len() > MAX_BODY {
                        return Err(JenkinsError::new(
                            ErrorKind::Decode,
                            format!("{what}: the answer is larger than {} MiB", MAX_BODY >> 20),
                        ));
                    }
                    body.extend_from_slice(&c);
                }
                Ok(None) => break,
                Err(e) => return Err(self.net_error(what, &e)),
            }
        }
        Ok(answer(status, &headers, body))
    }

    /// A GET that must succeed (2xx); anything else is classified.
    pub async fn get(&self, path: &str, what: &str) -> Result<Answer, JenkinsError> {
        let a = self.send(Method::GET, path, None, None, what).await?;
        if a.ok() {
            Ok(a)
        } else {
            Err(self.refusal(what, &a))
        }
    }

    fn refusal(&self, what: &str, a: &Answer) -> JenkinsError {
        classify(
            self.who(),
            what,
            a.status,
            a.required_permission.as_deref(),
            &a.text(),
        )
    }

    fn decode<T>(&self, what: &str, r: serde_json::Result<T>) -> Result<T, JenkinsError> {
        r.map_err(|e| JenkinsError::new(ErrorKind::Decode, format!("{what}: unexpected JSON: {e}")))
    }

    /// The items of the root (`JobPath::default()`) or of a folder.
    pub async fn jobs(&self, folder: &JobPath) -> Result<Vec<JobRow>, JenkinsError> {
        let what = if folder.is_root() {
            "jobs".to_string()
        } else {
            format!("jobs of {folder}")
        };
        let a = self
            .get(&tree::job_url(folder, &tree::jobs()), &what)
            .await?;
        self.decode(&what, model::parse_jobs(&a.body, folder))
    }

    pub async fn queue(&self) -> Result<Vec<QueueRow>, JenkinsError> {
        let a = self
            .get(&tree::api_url("queue/", &tree::queue()), "queue")
            .await?;
        self.decode("queue", model::parse_queue(&a.body, &self.inner.base))
    }

    /// A job's recent builds.
    pub async fn job(&self, job: &JobPath, limit: usize) -> Result<JobDetail, JenkinsError> {
        let what = format!("history of {job}");
        let a = self
            .get(&tree::job_url(job, &tree::job_history(limit)), &what)
            .await?;
        self.decode(&what, model::parse_job(&a.body, job))
    }

    /// A deploy job's recent builds with their causes, parameters and commit (the timeline).
    pub async fn stage_builds(&self, job: &JobPath) -> Result<Vec<BuildDetail>, JenkinsError> {
        let what = format!("builds of {job}");
        let a = self
            .get(&tree::job_url(job, &tree::stage_builds()), &what)
            .await?;
        self.decode(&what, model::parse_builds(&a.body))
    }

    pub async fn params(&self, job: &JobPath) -> Result<Vec<ParamDef>, JenkinsError> {
        let what = format!("parameters of {job}");
        let a = self
            .get(&tree::job_url(job, &tree::params()), &what)
            .await?;
        self.decode(&what, model::parse_params(&a.body))
    }

    pub async fn build(&self, job: &JobPath, number: u32) -> Result<BuildDetail, JenkinsError> {
        let what = format!("{job} #{number}");
        let path = format!("{}{number}/", job.url_path());
        let a = self
            .get(&tree::api_url(&path, &tree::build()), &what)
            .await?;
        self.decode(&what, model::parse_build(&a.body))
    }

    /// `logText/progressiveText?start=N`: the body from `start`, `X-Text-Size`, `X-More-Data`.
    pub async fn progressive(
        &self,
        job: &JobPath,
        number: u32,
        start: u64,
    ) -> Result<Answer, JenkinsError> {
        let what = format!("console of {job} #{number}");
        let path = format!(
            "{}{number}/logText/progressiveText?start={start}",
            job.url_path()
        );
        // Jenkins sends `X-Text-Size` before the text: a console too long to read whole is
        // answered with its size only, and the caller asks for its tail.
        let a = self
            .send_unless(Method::GET, &path, None, None, &what, |a| {
                a.ok() && Progressive::is_too_long(start, a.text_size)
            })
            .await?;
        if a.ok() {
            Ok(a)
        } else {
            Err(self.refusal(&what, &a))
        }
    }

    pub async fn queue_item(&self, id: u64) -> Result<QueueItemState, JenkinsError> {
        let what = format!("queue item {id}");
        let path = format!("queue/item/{id}/");
        let a = self
            .get(&tree::api_url(&path, &tree::queue_item()), &what)
            .await?;
        self.decode(&what, model::parse_queue_item(&a.body))
    }

    /// The build a queue item became, by its `queueId` (queue items are forgotten five
    /// minutes after they left).
    pub async fn build_for_queue_item(
        &self,
        job: &JobPath,
        id: u64,
    ) -> Result<Option<u32>, JenkinsError> {
        let what = format!("builds of {job}");
        let a = self
            .get(&tree::job_url(job, "builds[number,queueId]{0,20}"), &what)
            .await?;
        let v: serde_json::Value = self.decode(&what, serde_json::from_slice(&a.body))?;
        Ok(v["builds"].as_array().and_then(|bs| {
            bs.iter()
                .find(|b| b["queueId"].as_u64() == Some(id))
                .and_then(|b| b["number"].as_u64())
                .and_then(|n| u32::try_from(n).ok())
        }))
    }

    /// A label and the clouds that can provision it (any name answers: an unknown label is an
    /// empty atom).
    pub async fn label(&self, name: &str) -> Result<LabelClouds, JenkinsError> {
        let what = format!("label {name}");
        let a = self
            .get(
                &tree::api_url(&tree::label_path(name), &tree::label()),
                &what,
            )
            .await?;
        self.decode(&what, model::parse_label(&a.body))
    }

    /// The root's running configuration: its system message.
    pub async fn system_message(&self) -> Result<String, JenkinsError> {
        let a = self
            .get(&tree::api_url("", &tree::root_config()), "Jenkins")
            .await?;
        let v: serde_json::Value = self.decode("Jenkins", serde_json::from_slice(&a.body))?;
        Ok(crate::text::sanitize::sanitize_line(
            v["description"].as_str().unwrap_or_default(),
        ))
    }

    /// A POST with CSRF protection as the server wants it: with the crumb we hold, if any; on
    /// 403 "No valid crumb" a fresh crumb (and its session) is fetched and the POST is sent
    /// again, once. API-token requests are exempt on current Jenkins, but proxies and older
    /// versions may still ask.
    pub async fn post(&self, path: &str, form: &str, what: &str) -> Result<Answer, JenkinsError> {
        let held = self.inner.crumb.lock().ok().and_then(|c| c.clone());
        let a = self
            .send(Method::POST, path, Some(form), held.as_ref(), what)
            .await?;
        if !needs_crumb(&a) {
            return Ok(a);
        }
        tracing::info!(target: "jenkins", "{what}: the crumb is missing or expired; fetching a new one");
        let fresh = self.fetch_crumb(what).await?;
        if let Ok(mut c) = self.inner.crumb.lock() {
            c.clone_from(&fresh);
        }
        self.send(Method::POST, path, Some(form), fresh.as_ref(), what)
            .await
    }

    async fn fetch_crumb(&self, what: &str) -> Result<Option<Crumb>, JenkinsError> {
        let a = self
            .send(Method::GET, "crumbIssuer/api/json", None, None, what)
            .await?;
        if a.status == 404 {
            // Crumbs are off: nothing to send.
            return Ok(None);
        }
        if !a.ok() {
            return Err(self.refusal(&format!("{what} (crumb)"), &a));
        }
        let v: serde_json::Value = self.decode("crumb", serde_json::from_slice(&a.body))?;
        let cookie = a.session.clone();
        Ok(Some(Crumb {
            field: v["crumbRequestField"]
                .as_str()
                .unwrap_or("Jenkins-Crumb")
                .to_string(),
            value: v["crumb"].as_str().unwrap_or_default().to_string(),
            cookie,
        }))
    }

    /// Queues a build: `buildWithParameters` with the form's values, or `build`.
    pub async fn trigger(
        &self,
        job: &JobPath,
        params: &[(String, String)],
        parameterized: bool,
    ) -> Result<Triggered, JenkinsError> {
        let what = format!("build {job}");
        let (path, form) = JenkinsClient::trigger_target(job, params, parameterized);
        let a = self.post(&path, &form, &what).await?;
        match a.status {
            201 | 303 | 302 | 200 => Ok(Triggered {
                queue_id: a.location.as_deref().and_then(queue_id_of),
                merged: a.status == 303,
            }),
            _ => Err(self.refusal(&what, &a)),
        }
    }

    /// Aborts a running build (`…/N/stop`; answered with a redirect).
    pub async fn stop(&self, job: &JobPath, number: u32) -> Result<(), JenkinsError> {
        let what = format!("stop {job} #{number}");
        let path = format!("{}{number}/stop", job.url_path());
        let a = self.post(&path, "", &what).await?;
        match a.status {
            200..=399 => Ok(()),
            _ => Err(self.refusal(&what, &a)),
        }
    }

    /// "Update configuration": JCasC's reload. Ok when the configuration was applied (the
    /// controller then restarts for a moment); a refusal carries the plugin's message.
    pub async fn reload_jcasc(&self) -> Result<(), JenkinsError> {
        let what = "Update configuration";
        let a = self.post("configuration-as-code/reload", "", what).await?;
        if needs_crumb(&a) {
            return Err(self.refusal(what, &a));
        }
        reload::read_answer(
            self.who(),
            a.status,
            a.required_permission.as_deref(),
            &a.text(),
        )
    }
}

fn needs_crumb(a: &Answer) -> bool {
    a.status == 403 && String::from_utf8_lossy(&a.body).contains("No valid crumb")
}

/// The basic-auth header, marked sensitive: hyper and reqwest then keep its value out of
/// their `Debug` output and trace logs, and HTTP/2 out of its header compression tables.
fn basic(user: &str, token: &SecretString) -> reqwest::header::HeaderValue {
    use base64::Engine as _;
    let text = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD
            .encode(format!("{user}:{}", token.expose_secret()))
    );
    // A token with a newline or other byte a header cannot hold has no header; Jenkins then
    // answers 401 and the token file's setting is named.
    let mut value = reqwest::header::HeaderValue::from_str(&text)
        .unwrap_or_else(|_| reqwest::header::HeaderValue::from_static("Basic"));
    value.set_sensitive(true);
    value
}

fn answer(status: StatusCode, h: &HeaderMap, body: Vec<u8>) -> Answer {
    let get = |name: &str| {
        h.get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let session = h
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|c| c.split(';').next())
        .find(|c| c.starts_with("JSESSIONID"))
        .map(str::to_string);
    Answer {
        status: status.as_u16(),
        location: h
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
        session,
        required_permission: get("X-Required-Permission"),
        text_size: get("X-Text-Size").and_then(|s| s.trim().parse().ok()),
        more_data: get("X-More-Data").is_some_and(|v| v.trim().eq_ignore_ascii_case("true")),
        body,
    }
}

/// `http://j/queue/item/17/` → 17.
pub fn queue_id_of(location: &str) -> Option<u64> {
    let rest = location.split("/queue/item/").nth(1)?;
    rest.trim_end_matches('/').split('/').next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_basic_auth_header_is_marked_sensitive_and_its_debug_hides_it() {
        let token = secrecy::SecretString::from("0123456789abcdef0123456789abcdef".to_string());
        let header = super::basic("admin", &token);
        assert!(header.is_sensitive());
        assert_eq!(format!("{header:?}"), "Sensitive");
        assert!(header.to_str().unwrap().starts_with("Basic "));
    }

    #[test]
    fn queue_ids_from_locations() {
        assert_eq!(
            super::queue_id_of("http://127.0.0.1:5/queue/item/17/"),
            Some(17)
        );
        assert_eq!(super::queue_id_of("http://j/job/x/"), None);
    }
}
