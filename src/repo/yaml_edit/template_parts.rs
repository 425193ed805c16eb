//! One scalar of a Helmfile state file that the plain editor refuses: a `.gotmpl` whose template
//! actions are not YAML, or a file of several `---` parts. Each part is read with its template
//! actions blanked out (same byte lengths, so offsets hold), the edit is made in the one part
//! where the path reaches a scalar, and only the changed bytes are spliced into the original —
//! after checking that none of them was a template action.

use super::path::{format_path, PathSeg};
use super::{set_scalar, EditError};

/// `text` with each `{{ … }}` replaced by `x`s of the same byte length (newlines kept), and a
/// line that held nothing but template actions turned into a comment.
fn mask(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find("}}")
            .map_or(rest.len(), |e| start + e + 2);
        for c in rest[start..end].chars() {
            if c == '\n' {
                out.push('\n');
            } else {
                out.extend(std::iter::repeat_n('x', c.len_utf8()));
            }
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    let lines: Vec<String> = out
        .split('\n')
        .zip(text.split('\n'))
        .map(|(masked, orig)| {
            let only_actions = orig.trim_start().starts_with("{{")
                && masked.trim().chars().all(|c| c == 'x' || c.is_whitespace());
            if only_actions && !masked.trim().is_empty() {
                let indent = masked.len() - masked.trim_start().len();
                format!("{}#{}", &masked[..indent], &masked[indent + 1..])
            } else {
                masked.to_string()
            }
        })
        .collect();
    lines.join("\n")
}

/// The parts of `text` split on `---` lines, as byte ranges.
fn parts(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_end() == "---" {
            out.push((start, at));
            start = at + line.len();
        }
        at += line.len();
    }
    out.push((start, text.len()));
    out
}

/// Sets the scalar at `path` in the one part of `text` where it exists.
pub fn set_scalar_in_parts(
    text: &str,
    path: &[PathSeg],
    new_value: &str,
) -> Result<String, EditError> {
    let masked = mask(text);
    let mut found = Vec::new();
    let mut first_err = None;
    for (a, b) in parts(&masked) {
        match set_scalar(&masked[a..b], path, new_value) {
            Ok(new_part) => found.push((a, b, new_part)),
            Err(e) => {
                first_err.get_or_insert(e);
            }
        }
    }
    let (a, b, new_part) = match found.len() {
        1 => found.remove(0),
        0 => {
            return Err(first_err.unwrap_or(EditError::NotFound {
                path: format_path(path),
                missing: "the file is empty".into(),
            }))
        }
        _ => {
            return Err(EditError::Unsupported {
                path: format_path(path),
                what: "several documents of the file that all have it",
            })
        }
    };
    let old_part = &masked[a..b];
    let mut pre = old_part
        .bytes()
        .zip(new_part.bytes())
        .take_while(|(x, y)| x == y)
        .count();
    while !old_part.is_char_boundary(pre) || !new_part.is_char_boundary(pre) {
        pre -= 1;
    }
    let max_suf = old_part.len().min(new_part.len()) - pre;
    let mut suf = old_part
        .bytes()
        .rev()
        .zip(new_part.bytes().rev())
        .take(max_suf)
        .take_while(|(x, y)| x == y)
        .count();
    while !old_part.is_char_boundary(old_part.len() - suf)
        || !new_part.is_char_boundary(new_part.len() - suf)
    {
        suf -= 1;
    }
    let (from, to) = (a + pre, b - suf);
    if text[from..to] != masked[from..to] {
        return Err(EditError::Unsupported {
            path: format_path(path),
            what: "a template action",
        });
    }
    Ok(format!(
        "{}{}{}",
        &text[..from],
        &new_part[pre..new_part.len() - suf],
        &text[to..]
    ))
}

/// The value at `path` in the one part of `text` that has it (template actions blanked).
pub fn value_in_parts(text: &str, path: &[PathSeg]) -> Option<serde_yaml::Value> {
    let masked = mask(text);
    let mut found = parts(&masked).into_iter().filter_map(|(a, b)| {
        let mut v: serde_yaml::Value = serde_yaml::from_str(&masked[a..b]).ok()?;
        super::verify::value_at_mut(&mut v, path).map(|v| v.clone())
    });
    let one = found.next()?;
    found.next().is_none().then_some(one)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repo::yaml_edit::parse_path;

    const STATE: &str = "environments:\n  qa:\n    values:\n      - environments/{{ .Environment.Name }}.yaml\n---\nreleases:\n  - name: payments-api\n    namespace: payments-{{ .Environment.Name }}\n    chart: payments/api\n    version: \"1.2.0\"   # pinned\n    installed: {{ .Values | get \"api.enabled\" true }}\n{{- if .Values.web }}\n  - name: payments-web\n    version: {{ .Values.web.chart }}\n{{- end }}\n";

    #[test]
    fn a_plain_version_in_a_templated_state_file_changes_alone() {
        let p = parse_path("releases[0].version").unwrap();
        let out = set_scalar_in_parts(STATE, &p, "1.3.0").unwrap();
        assert_eq!(
            out,
            STATE.replace("version: \"1.2.0\"", "version: \"1.3.0\"")
        );
        assert_eq!(value_in_parts(STATE, &p), Some("1.2.0".into()));
    }

    #[test]
    fn a_version_a_template_computes_is_refused() {
        let p = parse_path("releases[1].version").unwrap();
        let e = set_scalar_in_parts(STATE, &p, "0.9.2").unwrap_err();
        assert!(
            matches!(
                e,
                EditError::Unsupported {
                    what: "a template action",
                    ..
                }
            ),
            "{e:?}"
        );
    }

    #[test]
    fn a_path_in_no_part_is_not_found() {
        let p = parse_path("releases[5].version").unwrap();
        assert!(set_scalar_in_parts(STATE, &p, "1").is_err());
    }
}
