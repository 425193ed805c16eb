//! Who is asking, and may they: HTTP basic auth with an API token or a password, Jetty-style
//! sessions (`JSESSIONID.<instance>` cookies) that expire after 30 idle minutes, CSRF crumbs
//! bound to user + session + instance salt (so a crumb dies with its session), and the
//! permission check against the running configuration's authorization strategy.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, Hasher};

use jiff::{SignedDuration, Timestamp};

use super::jcasc::{Authz, Principal, RunningConfig};

/// Jetty's default session timeout in Jenkins.
pub const SESSION_TTL: SignedDuration = SignedDuration::from_mins(30);
pub const CRUMB_FIELD: &str = "Jenkins-Crumb";

/// `n` random hex digits (tokens, salts, session ids): different on every run.
pub fn random_hex(n: usize) -> String {
    let mut out = String::new();
    let mut i = 0u64;
    while out.len() < n {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(i);
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default(),
        );
        out.push_str(&format!("{:016x}", h.finish()));
        i += 1;
    }
    out.truncate(n);
    out
}

/// The controller's secrets: API tokens per user and the secret source JCasC's `${VAR}`s
/// resolve from. Deliberately not `Debug`: nothing may print them.
pub struct Secrets {
    pub tokens: BTreeMap<String, String>,
    pub vars: BTreeMap<String, String>,
    salt: std::collections::hash_map::RandomState,
}

impl Secrets {
    /// Users `admin` and `viewer` with fresh tokens and passwords.
    pub fn generate() -> Secrets {
        let mut tokens = BTreeMap::new();
        let mut vars = BTreeMap::new();
        for user in ["admin", "viewer"] {
            // Jenkins' API tokens: "11" then 32 hex digits.
            tokens.insert(user.to_string(), format!("11{}", random_hex(32)));
            vars.insert(
                format!("JENKINS_{}_PASSWORD", user.to_uppercase()),
                random_hex(20),
            );
        }
        vars.insert("GIT_PASSWORD".into(), random_hex(20));
        Secrets {
            tokens,
            vars,
            salt: Default::default(),
        }
    }

    /// `DefaultCrumbIssuer`: a 64-hex hash of user, session id and the instance's salt.
    pub fn crumb(&self, user: &str, session: &str) -> String {
        (0..4u8)
            .map(|i| {
                let mut h = self.salt.build_hasher();
                h.write_u8(i);
                h.write(user.as_bytes());
                h.write_u8(0);
                h.write(session.as_bytes());
                format!("{:016x}", h.finish())
            })
            .collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// Basic auth with an API token: exempt from crumbs (`ApiCrumbExclusion`).
    Token,
    Password,
    Session,
    Anonymous,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Who {
    /// `None` is anonymous.
    pub user: Option<String>,
    pub via: Via,
}

impl Who {
    pub fn name(&self) -> &str {
        self.user.as_deref().unwrap_or("anonymous")
    }
}

struct Session {
    user: Option<String>,
    last_seen: Timestamp,
}

pub struct Sessions {
    /// `JSESSIONID.<8 hex>`, one name per controller instance.
    pub cookie: String,
    map: HashMap<String, Session>,
}

impl Sessions {
    pub fn new() -> Sessions {
        Sessions {
            cookie: format!("JSESSIONID.{}", random_hex(8)),
            map: HashMap::new(),
        }
    }

    /// The live session named by the request's cookies, touched; expired ones are dropped.
    pub fn lookup(
        &mut self,
        cookie_header: &str,
        now: Timestamp,
    ) -> Option<(String, Option<String>)> {
        self.map.retain(|_, s| now < s.last_seen + SESSION_TTL);
        let prefix = format!("{}=", self.cookie);
        let value = cookie_header
            .split(';')
            .map(str::trim)
            .find_map(|c| c.strip_prefix(prefix.as_str()))?;
        // Jetty's cookie value is `<id>.node0`.
        let id = value.split('.').next().unwrap_or(value);
        let s = self.map.get_mut(id)?;
        s.last_seen = now;
        Some((id.to_string(), s.user.clone()))
    }

    /// A new session; returns its id and the `Set-Cookie` value.
    pub fn create(&mut self, user: Option<String>, now: Timestamp) -> (String, String) {
        let id = format!("node0{}", random_hex(24));
        self.map.insert(
            id.clone(),
            Session {
                user,
                last_seen: now,
            },
        );
        let cookie = format!("{}={id}.node0; Path=/; HttpOnly", self.cookie);
        (id, cookie)
    }
}

impl Default for Sessions {
    fn default() -> Self {
        Sessions::new()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Perm {
    Read,
    JobRead,
    JobBuild,
    JobCancel,
    Manage,
}

impl Perm {
    /// The id sent in `X-Required-Permission`.
    pub fn id(self) -> &'static str {
        match self {
            Perm::Read => "hudson.model.Hudson.Read",
            Perm::JobRead => "hudson.model.Item.Read",
            Perm::JobBuild => "hudson.model.Item.Build",
            Perm::JobCancel => "hudson.model.Item.Cancel",
            Perm::Manage => "jenkins.model.Jenkins.Manage",
        }
    }

    /// The name matrix-auth and error messages use.
    pub fn title(self) -> &'static str {
        match self {
            Perm::Read => "Overall/Read",
            Perm::JobRead => "Job/Read",
            Perm::JobBuild => "Job/Build",
            Perm::JobCancel => "Job/Cancel",
            Perm::Manage => "Overall/Manage",
        }
    }
}

/// Whether `user` (None = anonymous) holds `perm` under the running configuration.
pub fn allowed(cfg: &RunningConfig, user: Option<&str>, perm: Perm) -> bool {
    match &cfg.authz {
        Authz::Unsecured => true,
        Authz::LoggedInUsersCanDoAnything { anonymous_read } => {
            user.is_some() || (*anonymous_read && matches!(perm, Perm::Read | Perm::JobRead))
        }
        Authz::Matrix(entries) => {
            let held: Vec<&str> = entries
                .iter()
                .filter(|(p, _)| match (p, user) {
                    (Principal::User(n), Some(u)) => n == u,
                    (Principal::Group(g), Some(_)) => g == "authenticated",
                    (Principal::User(n) | Principal::Group(n), None) => n == "anonymous",
                })
                .flat_map(|(_, perms)| perms.iter().map(String::as_str))
                .collect();
            if held.contains(&"Overall/Administer") {
                return true;
            }
            let overall = held.contains(&"Overall/Read");
            match perm {
                Perm::Read => overall,
                Perm::Manage => held.contains(&"Overall/Manage"),
                other => overall && held.contains(&other.title()),
            }
        }
    }
}
