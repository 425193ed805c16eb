//! The recovery journal: what the user types in the built-in editor is written, debounced, to
//! `$XDG_STATE_HOME/stagecoach/recovery/<context>/<team>/…` (mode 0600), so that a failed save,
//! a crash or a lost SSH session never loses it; the next start offers it; a commit of the file
//! removes it. Blocking file I/O; the runner calls it off the UI thread.

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::config::paths::path_component;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recovery {
    pub team: String,
    /// Relative to the team's config repo.
    pub file: String,
    pub text: String,
    pub saved_at: Timestamp,
    /// The working clone the text was typed for: a journal is offered only for that clone.
    #[serde(default)]
    pub clone: String,
}

/// One journal per file: the path's `/` become `%2F`, so every file is one entry of the team's
/// folder.
fn entry(dir: &Path, team: &str, file: &str) -> PathBuf {
    let name = file.replace('%', "%25").replace('/', "%2F");
    dir.join(path_component(team)).join(format!("{name}.json"))
}

pub fn write(dir: &Path, r: &Recovery) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let path = entry(dir, &r.team, &r.file);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let tmp = path.with_extension("json.tmp");
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&tmp)?;
    f.write_all(serde_json::to_string(r).unwrap_or_default().as_bytes())?;
    f.sync_all()?;
    std::fs::rename(tmp, path)
}

pub fn remove(dir: &Path, team: &str, file: &str) -> std::io::Result<()> {
    match std::fs::remove_file(entry(dir, team, file)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Every journal left in `dir`, oldest first (a broken one is skipped, not deleted).
pub fn list(dir: &Path) -> Vec<Recovery> {
    let mut out = Vec::new();
    let Ok(teams) = std::fs::read_dir(dir) else {
        return out;
    };
    for t in teams.flatten() {
        let Ok(files) = std::fs::read_dir(t.path()) else {
            continue;
        };
        for f in files.flatten() {
            if f.path().extension().is_some_and(|x| x == "json") {
                if let Ok(r) = std::fs::read_to_string(f.path())
                    .map_err(|e| e.to_string())
                    .and_then(|s| serde_json::from_str::<Recovery>(&s).map_err(|e| e.to_string()))
                {
                    out.push(r);
                }
            }
        }
    }
    out.sort_by_key(|r| r.saved_at);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn journals_round_trip_privately_and_go_away() {
        use std::os::unix::fs::PermissionsExt;
        let d = tempfile::tempdir().unwrap();
        let r = Recovery {
            team: "payments".into(),
            file: "values/qa/api.yaml".into(),
            text: "image:\n  tag: \"1.4.3\"\n".into(),
            saved_at: "2026-11-20T10:00:00Z".parse().unwrap(),
            clone: "/home/me/payments-config".into(),
        };
        write(d.path(), &r).unwrap();
        let p = entry(d.path(), "payments", "values/qa/api.yaml");
        assert!(
            p.ends_with("payments/values%2Fqa%2Fapi.yaml.json"),
            "{}",
            p.display()
        );
        assert_eq!(
            std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(list(d.path()), vec![r.clone()]);
        remove(d.path(), "payments", "values/qa/api.yaml").unwrap();
        assert!(list(d.path()).is_empty());
        remove(d.path(), "payments", "values/qa/api.yaml").unwrap();
    }
}
