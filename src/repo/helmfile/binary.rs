//! I/O half: the real `helmfile`, when it is on PATH. `helmfile -e <env> list --output json`
//! renders with Helmfile's own template engine (every sprig function, `exec`, remote bases),
//! so the screen prefers its answer and falls back to the built-in renderer without it.
//!
//! The binary is not installed where this was written (no package for it there), so the JSON
//! parser is tested against a fixture written from Helmfile's documented output
//! (reference/helmfile.md §6, `pkg/app/formatters.go`: `[{name, namespace, enabled,
//! installed, labels, chart, version}]`, labels as `k:v,k2:v2`), not against a live run.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use serde::Deserialize;
use thiserror::Error;
use wait_timeout::ChildExt;

use super::release::ReleaseSummary;

/// Which renderer produced a result, for the screen to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Renderer {
    /// The real binary, with the version it reported.
    Helmfile { version: String },
    /// The built-in renderer of the common template subset (see `template`).
    BuiltIn,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum BinaryError {
    #[error("helmfile is not on PATH")]
    NotOnPath,
    #[error("could not run {program}: {message}")]
    Spawn { program: String, message: String },
    #[error("{command} did not finish within {seconds}s and was stopped")]
    TimedOut { command: String, seconds: u64 },
    #[error("{command} failed ({status}): {stderr}")]
    Failed {
        command: String,
        status: String,
        stderr: String,
    },
    #[error("helmfile list output: {message}")]
    Json { message: String },
}

/// A `helmfile` found on PATH.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelmfileBinary {
    pub path: PathBuf,
    pub version: String,
}

impl Renderer {
    /// The real binary if `path_var` (PATH when `None`) has one that answers `--version`.
    pub fn detect(path_var: Option<&OsStr>, deadline: Duration) -> Renderer {
        match HelmfileBinary::locate(path_var, deadline) {
            Ok(b) => b.renderer(),
            Err(_) => Renderer::BuiltIn,
        }
    }
}

impl HelmfileBinary {
    /// Finds `helmfile` on `path_var` (the process PATH when `None`) and asks its version.
    pub fn locate(path_var: Option<&OsStr>, deadline: Duration) -> Result<Self, BinaryError> {
        let path_var = path_var
            .map(OsStr::to_os_string)
            .or_else(|| std::env::var_os("PATH"))
            .ok_or(BinaryError::NotOnPath)?;
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
        let path =
            which::which_in("helmfile", Some(path_var), cwd).map_err(|_| BinaryError::NotOnPath)?;
        let out = run(&path, &["--version"], None, deadline)?;
        Ok(HelmfileBinary {
            version: parse_version(&out).unwrap_or_else(|| out.trim().to_string()),
            path,
        })
    }

    pub fn renderer(&self) -> Renderer {
        Renderer::Helmfile {
            version: self.version.clone(),
        }
    }

    /// `helmfile -e <environment> list --output json`, run in the checkout.
    pub fn list(
        &self,
        checkout: &Path,
        environment: &str,
        deadline: Duration,
    ) -> Result<Vec<ReleaseSummary>, BinaryError> {
        let args = ["-e", environment, "list", "--output", "json"];
        parse_list_json(&run(&self.path, &args, Some(checkout), deadline)?)
    }
}

/// Runs a program with no stdin (it must never wait for a prompt) and a deadline.
fn run(
    program: &Path,
    args: &[&str],
    dir: Option<&Path>,
    deadline: Duration,
) -> Result<String, BinaryError> {
    let command = format!("{} {}", program.display(), args.join(" "));
    let mut cmd = Command::new(program);
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(d) = dir {
        cmd.current_dir(d);
    }
    let mut child = cmd.spawn().map_err(|e| BinaryError::Spawn {
        program: program.display().to_string(),
        message: e.to_string(),
    })?;
    // Drain both pipes while waiting, or a chatty child blocks on a full pipe.
    let mut stdout = child.stdout.take().expect("piped");
    let mut stderr = child.stderr.take().expect("piped");
    let out_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let status = match child.wait_timeout(deadline) {
        Ok(Some(status)) => status,
        Ok(None) | Err(_) => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(BinaryError::TimedOut {
                command,
                seconds: deadline.as_secs(),
            });
        }
    };
    let out = out_reader.join().unwrap_or_default();
    let err = err_reader.join().unwrap_or_default();
    if !status.success() {
        return Err(BinaryError::Failed {
            command,
            status: status.to_string(),
            stderr: err.trim().to_string(),
        });
    }
    Ok(out)
}

/// `helmfile version v1.1.7` (or `helmfile version 1.1.7`) → `v1.1.7`.
pub fn parse_version(text: &str) -> Option<String> {
    let word = text.split_whitespace().last()?;
    let v = word.trim_start_matches('v');
    v.chars()
        .next()
        .filter(char::is_ascii_digit)
        .map(|_| format!("v{v}"))
}

#[derive(Deserialize)]
struct ListRow {
    name: String,
    #[serde(default)]
    namespace: String,
    #[serde(default = "yes")]
    enabled: bool,
    #[serde(default = "yes")]
    installed: bool,
    #[serde(default)]
    labels: Labels,
    #[serde(default)]
    chart: String,
    #[serde(default)]
    version: String,
}

fn yes() -> bool {
    true
}

/// Helmfile prints labels as one `k:v,k2:v2` string; a map is accepted as well.
#[derive(Deserialize, Default)]
#[serde(untagged)]
enum Labels {
    Text(String),
    Map(BTreeMap<String, String>),
    #[default]
    None,
}

/// Parses `helmfile list --output json` into the same rows the built-in renderer gives.
pub fn parse_list_json(text: &str) -> Result<Vec<ReleaseSummary>, BinaryError> {
    // Helmfile may log before the JSON on stdout with --debug; the array starts at `[`.
    let start = text.find('[').ok_or_else(|| BinaryError::Json {
        message: "no JSON array in the output".into(),
    })?;
    let rows: Vec<ListRow> =
        serde_json::from_str(text[start..].trim()).map_err(|e| BinaryError::Json {
            message: e.to_string(),
        })?;
    Ok(rows
        .into_iter()
        .map(|r| ReleaseSummary {
            name: r.name,
            namespace: r.namespace,
            enabled: r.enabled,
            installed: r.installed,
            labels: match r.labels {
                Labels::Text(s) => s
                    .split(',')
                    .filter(|p| !p.is_empty())
                    .map(|p| match p.split_once(':') {
                        Some((k, v)) => (k.to_string(), v.to_string()),
                        None => (p.to_string(), String::new()),
                    })
                    .collect(),
                Labels::Map(m) => m,
                Labels::None => BTreeMap::new(),
            },
            chart: r.chart,
            version: r.version,
        })
        .collect())
}
