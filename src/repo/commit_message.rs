//! The commit message prefilled from what the user changed: a summary of at most 72
//! characters (`qa: payments-api image.tag 1.4.2 → 1.4.3`) and, for several edits or a summary
//! that had to be shortened, a body listing each edit in full. The user can rewrite it; this
//! only saves typing the obvious.
//!
//! Scopes come from the config repo's layout: `values/<stage>/<app>.yaml` → `<stage>` and
//! `<app>`, `values/common/<app>.yaml` → `common`, `environments/<stage>.yaml` → `<stage>`,
//! a file under `jenkins/` or named like `jenkins*.yaml`/`casc*.yaml` → `jenkins`.

use std::fmt;

/// Git's customary summary width.
pub const SUMMARY_MAX: usize = 72;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Set { old: String, new: String },
    Added { value: Option<String> },
    Removed,
}

/// One edit: the file, the YAML path (dotted), and what happened there. `subject` names the
/// thing in words when the path would not (`template helmfile` for
/// `jenkins.clouds[0].kubernetes.templates[5]`); it replaces the path in the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub file: String,
    pub path: String,
    pub subject: Option<String>,
    /// What the file configures, when its name does not say it (`payments-api` for
    /// `values/qa/api.yaml`).
    pub object: Option<String>,
    pub change: Change,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitMessage {
    pub summary: String,
    pub body: String,
}

impl fmt::Display for CommitMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.summary)?;
        if !self.body.is_empty() {
            write!(f, "\n\n{}", self.body)?;
        }
        Ok(())
    }
}

/// Where a file sits in the repo: the scope before the `:` and the object (an app).
fn scope_of(file: &str) -> (String, Option<String>) {
    let parts: Vec<&str> = file.split('/').collect();
    let stem = |name: &str| {
        name.trim_end_matches(".gotmpl")
            .trim_end_matches(".yaml")
            .trim_end_matches(".yml")
            .to_string()
    };
    let name = parts.last().copied().unwrap_or(file);
    match parts.as_slice() {
        ["values", stage, app] => (stage.to_string(), Some(stem(app))),
        ["environments", stage] => (stem(stage), None),
        _ if parts.contains(&"jenkins")
            || name.starts_with("jenkins")
            || name.starts_with("casc") =>
        {
            ("jenkins".into(), None)
        }
        _ => (file.to_string(), None),
    }
}

/// A value as one short line: control characters become spaces, an empty value shows `""`.
fn shown(v: &str) -> String {
    if v.is_empty() {
        return "\"\"".into();
    }
    v.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn thing(e: &Edit) -> &str {
    e.subject.as_deref().unwrap_or(&e.path)
}

fn phrase(e: &Edit) -> String {
    match &e.change {
        Change::Set { old, new } => format!("{} {} → {}", thing(e), shown(old), shown(new)),
        Change::Added { value: Some(v) } => format!("{} added: {}", thing(e), shown(v)),
        Change::Added { value: None } => format!("{} added", thing(e)),
        Change::Removed => format!("{} removed", thing(e)),
    }
}

fn with_object(object: &Option<String>, rest: &str) -> String {
    match object {
        Some(o) => format!("{o} {rest}"),
        None => rest.to_string(),
    }
}

/// The message for `edits` (in the order the user made them); `None` when there are none.
pub fn commit_message(edits: &[Edit]) -> Option<CommitMessage> {
    let first = edits.first()?;
    let scope = |e: &Edit| {
        let (s, o) = scope_of(&e.file);
        (s, e.object.clone().or(o))
    };
    let scoped: Vec<_> = edits.iter().map(|e| (scope(e), e)).collect();
    let (scope0, object0) = scope(first);
    let mut scopes: Vec<&str> = Vec::new();
    for ((s, _), _) in &scoped {
        if !scopes.contains(&s.as_str()) {
            scopes.push(s);
        }
    }
    let body_lines: Vec<String> = edits
        .iter()
        .map(|e| format!("- {}: {}", e.file, phrase(e)))
        .collect();

    let mut candidates = Vec::new();
    if edits.len() == 1 {
        candidates.push(format!(
            "{scope0}: {}",
            with_object(&object0, &phrase(first))
        ));
        let changed = match first.change {
            Change::Set { .. } => "changed",
            Change::Added { .. } => "added",
            Change::Removed => "removed",
        };
        candidates.push(format!(
            "{scope0}: {}",
            with_object(&object0, &format!("{} {changed}", thing(first)))
        ));
    } else {
        // The same change in several stages (a promotion): name the stages once.
        let same = scoped.iter().all(|((_, o), e)| {
            *o == object0 && thing(e) == thing(first) && e.change == first.change
        });
        if same && scopes.len() == edits.len() {
            candidates.push(format!(
                "{}: {}",
                scopes.join(", "),
                with_object(&object0, &phrase(first))
            ));
        }
        if scopes.len() == 1 {
            let mut objects: Vec<&str> = Vec::new();
            for ((_, o), _) in &scoped {
                if let Some(o) = o.as_deref() {
                    if !objects.contains(&o) {
                        objects.push(o);
                    }
                }
            }
            if objects.is_empty() {
                candidates.push(format!("{scope0}: {} edits", edits.len()));
            } else {
                candidates.push(format!(
                    "{scope0}: {} edits in {}",
                    edits.len(),
                    objects.join(", ")
                ));
            }
            candidates.push(format!("{scope0}: {} edits", edits.len()));
        } else {
            candidates.push(format!("{} edits in {}", edits.len(), scopes.join(", ")));
            candidates.push(format!("{} edits in {} places", edits.len(), scopes.len()));
        }
    }
    let fits = candidates
        .iter()
        .find(|c| c.chars().count() <= SUMMARY_MAX)
        .cloned();
    let shortened = fits.as_ref() != candidates.first();
    let summary = fits.unwrap_or_else(|| truncate(&candidates[candidates.len() - 1]));
    let body = if edits.len() > 1 || shortened {
        body_lines.join("\n")
    } else {
        String::new()
    };
    Some(CommitMessage { summary, body })
}

fn truncate(s: &str) -> String {
    let mut out: String = s.chars().take(SUMMARY_MAX - 1).collect();
    out.push('…');
    out
}
