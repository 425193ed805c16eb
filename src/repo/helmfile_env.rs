//! An ad-hoc stage needs an environment in the Helmfile before anything can be deployed into
//! it (`helmfile -e demo apply` fails with "environment demo is not defined" otherwise). This
//! adds one next to the last environment the state files define, in that file's own
//! indentation, reading the values files every existing environment shares (the team's
//! common state values) and none of a particular stage's. Blocking; the runner calls it on the
//! blocking pool.

use std::path::Path;

use super::commit_message::{Change, Edit};
use super::error::RepoError;
use super::helmfile::{EnvVars, Helmfile};

fn io(file: &str, e: impl std::fmt::Display) -> RepoError {
    RepoError::Io(format!("{file}: {e}"))
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The lines that make up `stage`'s entry, indented like the entry at `at` (0-based) of
/// `lines`, with `values` as its values list.
fn entry(lines: &[&str], at: usize, stage: &str, values: &[String]) -> Vec<String> {
    let own = indent(lines[at]);
    // The child and list indentation the file already uses under that entry.
    let mut child = None;
    let mut item = None;
    for l in lines.iter().skip(at + 1) {
        if l.trim().is_empty() || l.trim_start().starts_with('#') {
            continue;
        }
        if indent(l) <= own {
            break;
        }
        if child.is_none() {
            child = Some(indent(l));
        } else if item.is_none() && l.trim_start().starts_with("- ") {
            item = Some(indent(l));
        }
    }
    let child = child.unwrap_or(own + 2);
    let item = item.unwrap_or(child + 2);
    let pad = |n: usize| " ".repeat(n);
    if values.is_empty() {
        return vec![format!("{}{stage}: {{}}", pad(own))];
    }
    let mut out = vec![
        format!("{}{stage}:", pad(own)),
        format!("{}values:", pad(child)),
    ];
    out.extend(values.iter().map(|v| format!("{}- {v}", pad(item))));
    out
}

/// Adds environment `stage` to the checkout's Helmfile and says what changed.
pub fn add_environment(checkout: &Path, stage: &str) -> Result<Edit, RepoError> {
    let valid = !stage.is_empty()
        && stage
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !valid {
        return Err(RepoError::Io(format!("{stage:?} is not a stage name")));
    }
    let hf = Helmfile::load(checkout).map_err(|e| RepoError::Io(e.to_string()))?;
    let envs = hf
        .environments(&EnvVars::Process)
        .map_err(|e| RepoError::Io(e.to_string()))?;
    if envs.iter().any(|e| e.name == stage) {
        return Err(RepoError::Io(format!(
            "the Helmfile has an environment {stage} already"
        )));
    }
    let Some(last) = envs
        .iter()
        .rev()
        .find(|e| e.name != "default")
        .or(envs.last())
    else {
        return Err(RepoError::Io(
            "the Helmfile defines no environments: add one by hand (:edit)".into(),
        ));
    };
    // The values files every environment reads: what the team's stages share.
    let shared: Vec<String> = last
        .values
        .iter()
        .map(|f| f.path.clone())
        .filter(|p| envs.iter().all(|e| e.values.iter().any(|f| &f.path == p)))
        .collect();
    let file = last.file.clone();
    let text = std::fs::read_to_string(checkout.join(&file)).map_err(|e| io(&file, e))?;
    let lines: Vec<&str> = text.lines().collect();
    let at = last.line.saturating_sub(1);
    if at >= lines.len()
        || !lines[at]
            .trim_start()
            .starts_with(&format!("{}:", last.name))
    {
        return Err(RepoError::Io(format!(
            "{file}: cannot find environment {} at line {}: add {stage} by hand (:edit)",
            last.name, last.line
        )));
    }
    // The entry ends before the next line at its indentation or less.
    let own = indent(lines[at]);
    let mut end = at + 1;
    for (i, l) in lines.iter().enumerate().skip(at + 1) {
        if l.trim().is_empty() {
            continue;
        }
        if indent(l) <= own {
            break;
        }
        end = i + 1;
    }
    let mut out: Vec<String> = lines[..end].iter().map(|l| l.to_string()).collect();
    out.extend(entry(&lines, at, stage, &shared));
    out.extend(lines[end..].iter().map(|l| l.to_string()));
    let mut new_text = out.join("\n");
    if text.ends_with('\n') {
        new_text.push('\n');
    }
    let full = checkout.join(&file);
    let tmp = full.with_extension("stagecoach-tmp");
    std::fs::write(&tmp, &new_text).map_err(|e| io(&file, e))?;
    // Only a file Helmfile reads back with the new environment replaces the old one.
    std::fs::rename(&tmp, &full).map_err(|e| io(&file, e))?;
    let check = Helmfile::load(checkout)
        .and_then(|h| h.environments(&EnvVars::Process))
        .map(|e| e.iter().any(|e| e.name == stage));
    if !matches!(check, Ok(true)) {
        let _ = std::fs::write(&full, &text);
        return Err(RepoError::Io(format!(
            "{file}: adding environment {stage} did not give a Helmfile that defines it; the file is as it was"
        )));
    }
    Ok(Edit {
        file,
        path: format!("environments.{stage}"),
        subject: Some(format!("environment {stage}")),
        object: None,
        change: Change::Added { value: None },
    })
}

#[cfg(test)]
#[path = "helmfile_env_tests.rs"]
mod tests;
