//! Finding and reading the state file(s) of a checkout, as Helmfile's default discovery does
//! (`pkg/app/app.go`): `helmfile.yaml`, else `helmfile.yaml.gotmpl`, else the directory
//! `helmfile.d/` (its `*.yaml`, `*.yml`, `*.yaml.gotmpl`, `*.yml.gotmpl`, alphabetically).

use std::path::{Path, PathBuf};

use super::error::HelmfileError;

/// The state files of one checkout, read but not yet rendered (rendering needs an
/// environment: see [`Helmfile::desired_state`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Helmfile {
    pub(crate) checkout: PathBuf,
    pub(crate) files: Vec<StateFile>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StateFile {
    /// Relative to the checkout, e.g. `helmfile.yaml.gotmpl`.
    pub path: String,
    /// The directory its relative paths start from, relative to the checkout ("" = top).
    pub dir: String,
    pub text: String,
}

impl StateFile {
    /// Helmfile v1 renders only files ending in `.gotmpl`.
    pub fn is_template(&self) -> bool {
        self.path.ends_with(".gotmpl")
    }

    /// The parts split on `\n---\n`, each with the 1-based line it starts on.
    pub fn parts(&self) -> Vec<(&str, usize)> {
        let mut out = Vec::new();
        let mut line = 1;
        for part in self.text.split("\n---\n") {
            out.push((part, line));
            line += part.matches('\n').count() + 2;
        }
        out
    }
}

impl Helmfile {
    /// Reads the checkout's state file(s).
    pub fn load(checkout: &Path) -> Result<Helmfile, HelmfileError> {
        let yaml = checkout.join("helmfile.yaml");
        let gotmpl = checkout.join("helmfile.yaml.gotmpl");
        let dir = checkout.join("helmfile.d");
        let default = match (yaml.is_file(), gotmpl.is_file()) {
            (true, true) => {
                return Err(HelmfileError::Ambiguous {
                    first: "helmfile.yaml".into(),
                    second: "helmfile.yaml.gotmpl".into(),
                })
            }
            (true, false) => Some("helmfile.yaml"),
            (false, true) => Some("helmfile.yaml.gotmpl"),
            (false, false) => None,
        };
        let files = match (default, dir.is_dir()) {
            (Some(name), true) => {
                return Err(HelmfileError::Ambiguous {
                    first: name.into(),
                    second: "helmfile.d/".into(),
                })
            }
            (Some(name), false) => vec![read(checkout, name, "")?],
            (None, true) => {
                let mut names = Vec::new();
                let entries = std::fs::read_dir(&dir).map_err(|e| io("helmfile.d", e))?;
                for entry in entries {
                    let entry = entry.map_err(|e| io("helmfile.d", e))?;
                    let name = entry.file_name().to_string_lossy().into_owned();
                    let wanted = [".yaml", ".yml", ".yaml.gotmpl", ".yml.gotmpl"]
                        .iter()
                        .any(|ext| name.ends_with(ext));
                    if wanted && entry.path().is_file() {
                        names.push(name);
                    }
                }
                names.sort();
                names
                    .iter()
                    .map(|n| read(checkout, &format!("helmfile.d/{n}"), "helmfile.d"))
                    .collect::<Result<Vec<_>, _>>()?
            }
            (None, false) => {
                return Err(HelmfileError::NotFound {
                    dir: checkout.display().to_string(),
                })
            }
        };
        Ok(Helmfile {
            checkout: checkout.to_path_buf(),
            files,
        })
    }

    /// The state files, relative to the checkout, in the order Helmfile processes them.
    pub fn files(&self) -> Vec<&str> {
        self.files.iter().map(|f| f.path.as_str()).collect()
    }

    pub fn checkout(&self) -> &Path {
        &self.checkout
    }
}

fn read(checkout: &Path, rel: &str, dir: &str) -> Result<StateFile, HelmfileError> {
    let text = std::fs::read_to_string(checkout.join(rel)).map_err(|e| io(rel, e))?;
    Ok(StateFile {
        path: rel.to_string(),
        dir: dir.to_string(),
        text,
    })
}

pub(crate) fn io(file: &str, e: std::io::Error) -> HelmfileError {
    HelmfileError::Io {
        file: file.to_string(),
        message: e.to_string(),
    }
}
