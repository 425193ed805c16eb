//! The API token, read from the config's reference: `token_file` (which must be private: mode
//! 0600 or stricter) or `token_env`. Never inline, never shown: it is registered for redaction
//! the moment it is read, and errors name the config key, not the value.

use std::path::{Path, PathBuf};

use secrecy::SecretString;

use super::error::{ErrorKind, JenkinsError};
use crate::config::JenkinsConfig;

/// Where a team's token comes from, as the config says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenSource {
    File(PathBuf),
    Env(String),
    Missing,
}

impl TokenSource {
    pub fn of(cfg: &JenkinsConfig) -> TokenSource {
        match (&cfg.token_file, &cfg.token_env) {
            (Some(f), _) => TokenSource::File(f.clone()),
            (None, Some(e)) => TokenSource::Env(e.clone()),
            (None, None) => TokenSource::Missing,
        }
    }

    /// The config key to fix, with where it points: `teams[payments].jenkins.token_file (~/x)`.
    pub fn key(&self, team: &str) -> String {
        match self {
            TokenSource::File(p) => format!("teams[{team}].jenkins.token_file ({})", p.display()),
            TokenSource::Env(v) => format!("teams[{team}].jenkins.token_env (${v})"),
            TokenSource::Missing => format!("teams[{team}].jenkins.token_file or token_env"),
        }
    }
}

fn expand_home(p: &Path) -> PathBuf {
    match (p.strip_prefix("~"), std::env::var_os("HOME")) {
        (Ok(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => p.to_path_buf(),
    }
}

fn token_error(team: &str, src: &TokenSource, what: String) -> JenkinsError {
    JenkinsError::new(ErrorKind::Token, format!("{}: {what}", src.key(team)))
}

/// Reads the token, registers it for redaction, and returns it; or says which key to fix.
pub fn load(team: &str, src: &TokenSource) -> Result<SecretString, JenkinsError> {
    let raw = match src {
        TokenSource::Missing => {
            return Err(token_error(
                team,
                src,
                "no API token configured (set token_file to a 0600 file, or token_env)".into(),
            ))
        }
        TokenSource::Env(var) => match std::env::var(var) {
            Ok(v) if !v.trim().is_empty() => v,
            _ => {
                return Err(token_error(
                    team,
                    src,
                    format!("the environment variable {var} is not set or empty"),
                ))
            }
        },
        TokenSource::File(p) => {
            let path = expand_home(p);
            let meta = std::fs::metadata(&path).map_err(|e| {
                token_error(team, src, format!("cannot read {}: {e}", path.display()))
            })?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let mode = meta.permissions().mode() & 0o777;
                if mode & 0o077 != 0 {
                    return Err(token_error(
                        team,
                        src,
                        format!(
                            "{} has mode {mode:04o}; a token file must be private (chmod 600 {})",
                            path.display(),
                            path.display()
                        ),
                    ));
                }
            }
            let _ = meta;
            std::fs::read_to_string(&path).map_err(|e| {
                token_error(team, src, format!("cannot read {}: {e}", path.display()))
            })?
        }
    };
    let token = raw.trim().to_string();
    if token.is_empty() {
        return Err(token_error(team, src, "the token is empty".into()));
    }
    crate::secrets::register(&token);
    Ok(SecretString::from(token))
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    #[test]
    fn a_file_must_be_private_and_errors_never_hold_the_token() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("t");
        std::fs::write(&f, "11aaaabbbbccccddddeeeeffff00001111\n").unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o644)).unwrap();
        let src = TokenSource::File(f.clone());
        let e = load("payments", &src).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Token);
        assert!(
            e.message.contains("teams[payments].jenkins.token_file"),
            "{e}"
        );
        assert!(
            e.message.contains("0644") && e.message.contains("chmod 600"),
            "{e}"
        );
        assert!(!e.message.contains("11aaaabbbb"), "{e}");
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o600)).unwrap();
        let t = load("payments", &src).unwrap();
        assert_eq!(t.expose_secret(), "11aaaabbbbccccddddeeeeffff00001111");
        assert_eq!(
            crate::secrets::redact("x 11aaaabbbbccccddddeeeeffff00001111 y"),
            "x <redacted> y"
        );
        let e = load(
            "payments",
            &TokenSource::Env("STAGECOACH_TEST_NO_SUCH_VAR".into()),
        )
        .unwrap_err();
        assert!(
            e.message.contains("teams[payments].jenkins.token_env"),
            "{e}"
        );
        let e = load("payments", &TokenSource::Missing).unwrap_err();
        assert!(e.message.contains("token_file or token_env"), "{e}");
    }
}
