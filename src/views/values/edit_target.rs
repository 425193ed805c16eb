//! Which file a quick edit of a stage's value changes. A value the stage's own file sets is
//! changed there; a value that comes from a shared file is added to the stage's file instead
//! (so the stage overrides it and the other stages keep theirs); a value the Helmfile itself
//! sets (inline `values:` or `set:`) beats every file, so it is left to the editor.

use crate::repo::edit::EditRequest;
use crate::repo::helmfile::Leaf;
use crate::repo::landscape::DesiredRelease;
use crate::repo::stage_path::stage_of;

use super::rows::{is_scalar, show_value};

/// An edit ready for the input bar's answer: the request without its value, and the text the
/// bar opens with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditPlan {
    pub request: EditRequest,
    pub current: String,
}

/// Whether `file` is `stage`'s: `values/<stage>/…` or `environments/<stage>.yaml`, or any path
/// with the stage's name as a directory (other layouts).
pub fn belongs_to(file: &str, stage: &str) -> bool {
    stage_of(file) == Some(stage) || file.split('/').rev().skip(1).any(|dir| dir == stage)
}

/// The last file of the release's `values:` list that belongs to the stage: it wins over the
/// shared files before it.
pub fn stage_file<'a>(release: &'a DesiredRelease, stage: &str) -> Option<&'a str> {
    release
        .values_files
        .iter()
        .rev()
        .find(|f| belongs_to(f, stage))
        .map(String::as_str)
}

/// The edit of `path` for `stage`, given its merged `leaf` (`None`: the stage does not set it).
pub fn value_edit(
    stage: &str,
    release: &DesiredRelease,
    path: &str,
    leaf: Option<&Leaf>,
    state_files: &[String],
) -> Result<EditPlan, String> {
    let name = &release.summary.name;
    if let Some(l) = leaf {
        if !is_scalar(&l.value) {
            return Err(format!(
                "{path} is a list or a map: edit {} with E",
                l.source
            ));
        }
        if state_files.contains(&l.source.file) {
            return Err(format!(
                "{path} is set in the Helmfile itself ({}), which beats every values file: edit it there",
                l.source
            ));
        }
    }
    let current = leaf.map(|l| show_value(&l.value)).unwrap_or_default();
    // An override of a number or a boolean stays one (a port must not become "8080").
    let typed = leaf.is_some_and(|l| {
        matches!(
            l.value,
            serde_yaml::Value::Number(_) | serde_yaml::Value::Bool(_)
        )
    });
    let request = |file: &str, insert: bool| EditPlan {
        request: EditRequest {
            file: file.to_string(),
            path: path.to_string(),
            value: String::new(),
            insert,
            typed,
            subject: None,
            object: Some(name.clone()),
        },
        current: current.clone(),
    };
    if let Some(l) = leaf.filter(|l| belongs_to(&l.source.file, stage)) {
        return Ok(request(&l.source.file, false));
    }
    let Some(file) = stage_file(release, stage) else {
        return Err(format!(
            "{name} has no values file of its own for {stage} in its values: list; add one (values/{stage}/…) to the Helmfile"
        ));
    };
    let skipped = release
        .values
        .as_ref()
        .is_ok_and(|v| v.skipped_files.iter().any(|f| f == file));
    if skipped {
        return Err(format!(
            "{file} does not exist (the Helmfile skips it): create it first"
        ));
    }
    Ok(request(file, true))
}

/// The edit of the release's chart version in the Helmfile (every stage that shares the
/// release's entry gets it), when the version is written there as a plain value.
pub fn version_edit(release: &DesiredRelease) -> Result<EditPlan, String> {
    let at = release.version_at.as_ref().map_err(Clone::clone)?;
    Ok(EditPlan {
        request: EditRequest {
            file: at.file.clone(),
            path: at.path.clone(),
            value: String::new(),
            insert: false,
            typed: false,
            subject: Some(format!("{} chart version", release.summary.name)),
            object: None,
        },
        current: release.summary.version.clone(),
    })
}
