//! A quick edit: one value of one file of the working tree, changed in place — only that
//! scalar's bytes (comments, order, quoting and blank lines kept), or one key added where the
//! file lacks it. Blocking; the runner calls it on the blocking pool.

use std::path::Path;

use super::commit_message::{Change, Edit};
use super::error::RepoError;
use super::yaml_edit::{
    insert_key, parse_path, set_scalar, set_scalar_in_parts, value_in_parts, EditError, NewScalar,
    PathSeg,
};

/// Where to change what: `path` is the dotted YAML path (`image.tag`,
/// `jenkins.clouds[0].kubernetes.templates[2].containers[0].image`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditRequest {
    pub file: String,
    pub path: String,
    pub value: String,
    /// Add the key when the file does not have it (a stage overriding a common value).
    pub insert: bool,
    /// Write an added value as YAML reads it (a number, a boolean), not as a string: an
    /// override of `port: 80` must stay a number.
    pub typed: bool,
    /// Words for the commit message when the path would not say it (`template maven`).
    pub subject: Option<String>,
    /// What the file configures, for the commit message (`payments-api`).
    pub object: Option<String>,
}

fn old_value(text: &str, path: &[PathSeg]) -> Option<String> {
    let mut cur: serde_yaml::Value = serde_yaml::from_str(text).ok()?;
    for seg in path {
        cur = match seg {
            PathSeg::Key(k) => cur.get(k.as_str())?.clone(),
            PathSeg::Index(i) => cur.get(*i)?.clone(),
        };
    }
    scalar_text(cur)
}

fn scalar_text(v: serde_yaml::Value) -> Option<String> {
    match v {
        serde_yaml::Value::String(s) => Some(s),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        serde_yaml::Value::Null => Some(String::new()),
        _ => None,
    }
}

fn edit_error(file: &str, e: EditError) -> RepoError {
    RepoError::Io(format!("{file}: {e}"))
}

/// Applies the edit to the file (temp file, then rename) and says what changed.
pub fn apply_edit(checkout: &Path, req: &EditRequest) -> Result<Edit, RepoError> {
    if req.file.split('/').any(|c| c == "..") || req.file.starts_with('/') {
        return Err(RepoError::Io(format!(
            "{} is outside the config repo",
            req.file
        )));
    }
    let full = checkout.join(&req.file);
    let text = std::fs::read_to_string(&full)?;
    let path = parse_path(&req.path).map_err(|e| edit_error(&req.file, e))?;
    let mut old = old_value(&text, &path);
    let new_text = match set_scalar(&text, &path, &req.value) {
        Ok(t) => t,
        // A templated or multi-document Helmfile: the one part that has the path, with its
        // template actions left alone (a chart version bump).
        Err(e @ (EditError::Syntax { .. } | EditError::Unsupported { .. })) if !req.insert => {
            let t = set_scalar_in_parts(&text, &path, &req.value).map_err(|e2| match e2 {
                EditError::Unsupported { .. } => edit_error(&req.file, e2),
                _ => edit_error(&req.file, e),
            })?;
            old = value_in_parts(&text, &path).and_then(scalar_text);
            t
        }
        Err(EditError::NotFound { .. }) if req.insert => insert_key(
            &text,
            &path,
            if req.typed {
                NewScalar::Typed(&req.value)
            } else {
                NewScalar::Str(&req.value)
            },
        )
        .map_err(|e| edit_error(&req.file, e))?,
        Err(e) => return Err(edit_error(&req.file, e)),
    };
    let tmp = full.with_extension("stagecoach-tmp");
    std::fs::write(&tmp, new_text)?;
    std::fs::rename(&tmp, &full)?;
    Ok(Edit {
        file: req.file.clone(),
        path: req.path.clone(),
        subject: req.subject.clone(),
        object: req.object.clone(),
        change: match old {
            Some(old) => Change::Set {
                old,
                new: req.value.clone(),
            },
            None => Change::Added {
                value: Some(req.value.clone()),
            },
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const QA: &str =
        "# payments-api in qa\nreplicaCount: 2\n\nimage:\n  tag: \"1.4.2\"   # bumped by hand\n";

    fn checkout(text: &str) -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join("values/qa")).unwrap();
        std::fs::write(d.path().join("values/qa/api.yaml"), text).unwrap();
        d
    }

    fn req(path: &str, value: &str, insert: bool) -> EditRequest {
        EditRequest {
            file: "values/qa/api.yaml".into(),
            path: path.into(),
            value: value.into(),
            insert,
            typed: false,
            subject: None,
            object: None,
        }
    }

    #[test]
    fn a_quick_edit_changes_exactly_one_line() {
        let d = checkout(QA);
        let edit = apply_edit(d.path(), &req("image.tag", "1.4.3", false)).unwrap();
        assert_eq!(
            edit.change,
            Change::Set {
                old: "1.4.2".into(),
                new: "1.4.3".into()
            }
        );
        let after = std::fs::read_to_string(d.path().join("values/qa/api.yaml")).unwrap();
        let changed: Vec<(&str, &str)> = QA
            .lines()
            .zip(after.lines())
            .filter(|(a, b)| a != b)
            .collect();
        assert_eq!(
            changed,
            vec![(
                "  tag: \"1.4.2\"   # bumped by hand",
                "  tag: \"1.4.3\"   # bumped by hand"
            )]
        );
        assert_eq!(QA.lines().count(), after.lines().count());
    }

    #[test]
    fn a_missing_key_is_added_only_when_asked() {
        let d = checkout(QA);
        assert!(apply_edit(d.path(), &req("resources.limits.memory", "512Mi", false)).is_err());
        let edit = apply_edit(d.path(), &req("resources.limits.memory", "512Mi", true)).unwrap();
        assert_eq!(
            edit.change,
            Change::Added {
                value: Some("512Mi".into())
            }
        );
        let after = std::fs::read_to_string(d.path().join("values/qa/api.yaml")).unwrap();
        assert!(after.starts_with(QA.trim_end()), "{after}");
        let v: serde_yaml::Value = serde_yaml::from_str(&after).unwrap();
        assert_eq!(v["resources"]["limits"]["memory"], "512Mi");
    }

    #[test]
    fn a_typed_override_stays_a_number() {
        let d = checkout(QA);
        let mut r = req("service.port", "8080", true);
        r.typed = true;
        apply_edit(d.path(), &r).unwrap();
        let after = std::fs::read_to_string(d.path().join("values/qa/api.yaml")).unwrap();
        let v: serde_yaml::Value = serde_yaml::from_str(&after).unwrap();
        assert_eq!(v["service"]["port"], serde_yaml::Value::from(8080));
    }

    #[test]
    fn paths_outside_the_checkout_are_refused() {
        let d = checkout(QA);
        let mut r = req("a", "b", true);
        r.file = "../../etc/passwd".into();
        assert!(apply_edit(d.path(), &r).is_err());
    }
}
