//! Configuration as Code for the simulated controller: the YAML is parsed, checked as a whole
//! and only then applied, so a bad file changes nothing (reference §8). Like the plugin,
//! attributes a file does not mention keep their current values. `${VAR}` references are
//! resolved from the controller's secret source (the demo's random passwords).

use serde_yaml::{Mapping, Value};

use super::jcasc_schema as schema;

#[derive(Clone, PartialEq, Eq)]
pub struct LocalUser {
    pub id: String,
    pub name: String,
    pub password: String,
}

impl std::fmt::Debug for LocalUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalUser")
            .field("id", &self.id)
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    User(String),
    Group(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Authz {
    /// matrix-auth's `globalMatrix`: principals with permission names ("Job/Build").
    Matrix(Vec<(Principal, Vec<String>)>),
    LoggedInUsersCanDoAnything {
        anonymous_read: bool,
    },
    Unsecured,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodTemplate {
    pub name: String,
    pub label: String,
    pub containers: Vec<(String, String)>,
}

/// What the controller runs with; the observable effects of the JCasC file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunningConfig {
    pub system_message: Option<String>,
    pub num_executors: i64,
    pub mode: String,
    pub quiet_period: i64,
    pub users: Vec<LocalUser>,
    pub authz: Authz,
    pub location_url: Option<String>,
    pub templates: Vec<PodTemplate>,
}

impl Default for RunningConfig {
    fn default() -> Self {
        RunningConfig {
            system_message: None,
            num_executors: 2,
            mode: "NORMAL".into(),
            quiet_period: 5,
            users: Vec::new(),
            authz: Authz::Unsecured,
            location_url: None,
            templates: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JcascError {
    /// Not YAML at all: the plugin lets this escape as a server error.
    #[error("{0}")]
    Syntax(String),
    /// A `ConfiguratorException`: the reload page shows it (HTTP 200).
    #[error("{message}")]
    Config {
        message: String,
        target: String,
        attribute: Option<String>,
        valid: Vec<String>,
    },
}

fn invalid(message: String) -> JcascError {
    JcascError::Config {
        message,
        target: String::new(),
        attribute: None,
        valid: Vec::new(),
    }
}

/// Refuses keys outside `allowed` as `UnknownAttributesException` words it.
fn check_attrs(map: &Mapping, allowed: &[&str], target: &str) -> Result<(), JcascError> {
    for k in map.keys() {
        let key = k.as_str().unwrap_or_default();
        if !allowed.contains(&key) {
            return Err(JcascError::Config {
                message: format!(
                    "Invalid configuration elements for type: {target} : {key}.\nAvailable attributes : {}",
                    allowed.join(", ")
                ),
                target: target.to_string(),
                attribute: Some(key.to_string()),
                valid: allowed.iter().map(|s| s.to_string()).collect(),
            });
        }
    }
    Ok(())
}

fn mapping<'a>(v: &'a Value, what: &str) -> Result<&'a Mapping, JcascError> {
    v.as_mapping()
        .ok_or_else(|| invalid(format!("{what}: expected a mapping")))
}

fn list<'a>(v: &'a Value, what: &str) -> Result<&'a [Value], JcascError> {
    v.as_sequence()
        .map(|s| s.as_slice())
        .ok_or_else(|| invalid(format!("{what}: expected a list")))
}

/// The single `key: {…}` of a describable (`local:`, `globalMatrix:`, `kubernetes:`).
fn one_key<'a>(v: &'a Value, what: &str) -> Result<(&'a str, &'a Value), JcascError> {
    let m = mapping(v, what)?;
    match m.iter().next() {
        Some((k, v)) if m.len() == 1 => Ok((k.as_str().unwrap_or_default(), v)),
        _ => Err(invalid(format!(
            "{what}: expected exactly one implementation"
        ))),
    }
}

struct Loader<'a> {
    secret: &'a dyn Fn(&str) -> Option<String>,
}

impl Loader<'_> {
    /// A scalar as text, with `${VAR}` resolved (unknown variables become empty, as the plugin
    /// does when no secret source knows them).
    fn text(&self, v: &Value) -> String {
        let raw = match v {
            Value::String(s) => s.clone(),
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => n.to_string(),
            _ => String::new(),
        };
        let mut out = String::new();
        let mut rest = raw.as_str();
        while let Some(i) = rest.find("${") {
            out.push_str(&rest[..i]);
            match rest[i + 2..].find('}') {
                Some(j) => {
                    out.push_str(&(self.secret)(&rest[i + 2..i + 2 + j]).unwrap_or_default());
                    rest = &rest[i + 3 + j..];
                }
                None => {
                    out.push_str(&rest[i..]);
                    rest = "";
                }
            }
        }
        out.push_str(rest);
        out
    }

    fn int(&self, v: &Value, attr: &str) -> Result<i64, JcascError> {
        let text = self.text(v);
        text.trim().parse::<i64>().map_err(|_| {
            invalid(format!(
                "Can't convert \"{text}\" to int for attribute {attr} of class jenkins.model.Jenkins"
            ))
        })
    }

    fn jenkins(&self, m: &Mapping, cfg: &mut RunningConfig) -> Result<(), JcascError> {
        check_attrs(m, schema::JENKINS, "class jenkins.model.Jenkins")?;
        for (k, v) in m {
            match k.as_str().unwrap_or_default() {
                "systemMessage" => cfg.system_message = Some(self.text(v)),
                "numExecutors" => {
                    let n = self.int(v, "numExecutors")?;
                    if n < 0 {
                        return Err(invalid("numExecutors: Cannot be negative".into()));
                    }
                    cfg.num_executors = n;
                }
                "quietPeriod" => cfg.quiet_period = self.int(v, "quietPeriod")?.max(0),
                "mode" => {
                    let mode = self.text(v);
                    if mode != "NORMAL" && mode != "EXCLUSIVE" {
                        return Err(invalid(format!(
                            "No enum constant hudson.model.Node.Mode.{mode}"
                        )));
                    }
                    cfg.mode = mode;
                }
                "securityRealm" => cfg.users = self.realm(v)?,
                "authorizationStrategy" => cfg.authz = self.authz(v)?,
                "clouds" => cfg.templates = self.clouds(v)?,
                _ => {}
            }
        }
        Ok(())
    }

    fn realm(&self, v: &Value) -> Result<Vec<LocalUser>, JcascError> {
        let (kind, body) = one_key(v, "securityRealm")?;
        if kind != "local" {
            return Err(invalid(format!(
                "No hudson.security.SecurityRealm implementation found for {kind}"
            )));
        }
        let m = mapping(body, "local")?;
        check_attrs(
            m,
            schema::LOCAL_REALM,
            "class hudson.security.HudsonPrivateSecurityRealm",
        )?;
        let mut users = Vec::new();
        if let Some(list_v) = m.get("users") {
            for u in list(list_v, "users")? {
                let um = mapping(u, "users")?;
                check_attrs(
                    um,
                    schema::LOCAL_USER,
                    "class io.jenkins.plugins.casc.core.UserWithPassword",
                )?;
                let id = um.get("id").map(|v| self.text(v)).unwrap_or_default();
                if id.is_empty() {
                    return Err(invalid("users: every user needs an id".into()));
                }
                users.push(LocalUser {
                    name: um
                        .get("name")
                        .map(|v| self.text(v))
                        .unwrap_or_else(|| id.clone()),
                    password: um.get("password").map(|v| self.text(v)).unwrap_or_default(),
                    id,
                });
            }
        }
        Ok(users)
    }

    fn authz(&self, v: &Value) -> Result<Authz, JcascError> {
        let (kind, body) = one_key(v, "authorizationStrategy")?;
        match kind {
            "unsecured" => Ok(Authz::Unsecured),
            "loggedInUsersCanDoAnything" => Ok(Authz::LoggedInUsersCanDoAnything {
                anonymous_read: body
                    .get("allowAnonymousRead")
                    .is_some_and(|v| self.text(v) == "true"),
            }),
            "globalMatrix" => {
                let mut out = Vec::new();
                let entries = body
                    .get("entries")
                    .map(|e| list(e, "entries"))
                    .transpose()?;
                for e in entries.unwrap_or_default() {
                    let (who, spec) = one_key(e, "entries")?;
                    let name = spec.get("name").map(|v| self.text(v)).unwrap_or_default();
                    let principal = match who {
                        "user" => Principal::User(name),
                        "group" => Principal::Group(name),
                        other => {
                            return Err(invalid(format!("Unknown permission entry type: {other}")))
                        }
                    };
                    let mut perms = Vec::new();
                    if let Some(p) = spec.get("permissions") {
                        for p in list(p, "permissions")? {
                            let p = self.text(p);
                            if !schema::PERMISSIONS.contains(&p.as_str()) {
                                return Err(invalid(format!(
                                    "Failed to parse '{p}' --- no such permission"
                                )));
                            }
                            perms.push(p);
                        }
                    }
                    out.push((principal, perms));
                }
                Ok(Authz::Matrix(out))
            }
            other => Err(invalid(format!(
                "No hudson.security.AuthorizationStrategy implementation found for {other}"
            ))),
        }
    }

    fn clouds(&self, v: &Value) -> Result<Vec<PodTemplate>, JcascError> {
        let mut out = Vec::new();
        for c in list(v, "clouds")? {
            let (kind, body) = one_key(c, "clouds")?;
            if kind != "kubernetes" {
                return Err(invalid(format!(
                    "No hudson.slaves.Cloud implementation found for {kind}"
                )));
            }
            let m = mapping(body, "kubernetes")?;
            check_attrs(
                m,
                schema::KUBERNETES_CLOUD,
                "class org.csanchez.jenkins.plugins.kubernetes.KubernetesCloud",
            )?;
            let templates = m
                .get("templates")
                .map(|t| list(t, "templates"))
                .transpose()?;
            for t in templates.unwrap_or_default() {
                let tm = mapping(t, "templates")?;
                check_attrs(
                    tm,
                    schema::POD_TEMPLATE,
                    "class org.csanchez.jenkins.plugins.kubernetes.PodTemplate",
                )?;
                let mut containers = Vec::new();
                let cs = tm
                    .get("containers")
                    .map(|c| list(c, "containers"))
                    .transpose()?;
                for c in cs.unwrap_or_default() {
                    let cm = mapping(c, "containers")?;
                    check_attrs(
                        cm,
                        schema::CONTAINER_TEMPLATE,
                        "class org.csanchez.jenkins.plugins.kubernetes.ContainerTemplate",
                    )?;
                    let name = cm.get("name").map(|v| self.text(v)).unwrap_or_default();
                    let image = cm.get("image").map(|v| self.text(v)).unwrap_or_default();
                    if name.is_empty() || image.is_empty() {
                        return Err(invalid(
                            "containers: a container template needs a name and an image".into(),
                        ));
                    }
                    containers.push((name, image));
                }
                let name = tm.get("name").map(|v| self.text(v)).unwrap_or_default();
                out.push(PodTemplate {
                    label: tm
                        .get("label")
                        .map(|v| self.text(v))
                        .unwrap_or_else(|| name.clone()),
                    name,
                    containers,
                });
            }
        }
        Ok(out)
    }

    fn unclassified(&self, m: &Mapping, cfg: &mut RunningConfig) -> Result<(), JcascError> {
        check_attrs(
            m,
            schema::UNCLASSIFIED,
            "class jenkins.model.GlobalConfigurationCategory$Unclassified",
        )?;
        if let Some(loc) = m.get("location") {
            let lm = mapping(loc, "location")?;
            check_attrs(
                lm,
                schema::LOCATION,
                "class jenkins.model.JenkinsLocationConfiguration",
            )?;
            if let Some(url) = lm.get("url") {
                let mut url = self.text(url);
                if !url.ends_with('/') {
                    url.push('/');
                }
                cfg.location_url = Some(url);
            }
        }
        Ok(())
    }
}

/// Checks `yaml` and returns the configuration it gives on top of `current`.
pub fn apply(
    current: &RunningConfig,
    yaml: &str,
    secret: &dyn Fn(&str) -> Option<String>,
) -> Result<RunningConfig, JcascError> {
    let doc: Value = serde_yaml::from_str(yaml).map_err(|e| JcascError::Syntax(e.to_string()))?;
    let mut cfg = current.clone();
    let root = match &doc {
        Value::Null => return Ok(cfg),
        Value::Mapping(m) => m,
        _ => return Err(invalid("The configuration root must be a mapping".into())),
    };
    for k in root.keys() {
        let key = k.as_str().unwrap_or_default();
        if !schema::ROOTS.contains(&key) {
            return Err(JcascError::Config {
                message: format!(
                    "No configurator found for the following root element: {key}. This may indicate that the required plugin is not installed or failed to load. Please check the Jenkins logs for plugin loading errors."
                ),
                target: key.to_string(),
                attribute: None,
                valid: schema::ROOTS.iter().map(|s| s.to_string()).collect(),
            });
        }
    }
    let loader = Loader { secret };
    if let Some(j) = root.get("jenkins") {
        loader.jenkins(mapping(j, "jenkins")?, &mut cfg)?;
    }
    if let Some(u) = root.get("unclassified") {
        loader.unclassified(mapping(u, "unclassified")?, &mut cfg)?;
    }
    Ok(cfg)
}

#[cfg(test)]
#[path = "jcasc_tests.rs"]
mod tests;
