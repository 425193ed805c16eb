//! Differences between two revisions' texts (values, manifests), line by line, for the
//! coloured diff view.

use similar::{ChangeTag, TextDiff};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffKind {
    Same,
    Added,
    Removed,
    /// A `@@ … @@` marker between hunks.
    Hunk,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffLine {
    pub kind: DiffKind,
    pub text: String,
}

/// A unified diff of `old` → `new` with `context` unchanged lines around each change; empty when
/// the texts are equal.
pub fn unified(old: &str, new: &str, context: usize) -> Vec<DiffLine> {
    let diff = TextDiff::from_lines(old, new);
    let mut out = Vec::new();
    for group in diff.grouped_ops(context) {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        let (o, n) = (first.old_range().start, first.new_range().start);
        let (oe, ne) = (last.old_range().end, last.new_range().end);
        out.push(DiffLine {
            kind: DiffKind::Hunk,
            text: format!("@@ -{},{} +{},{} @@", o + 1, oe - o, n + 1, ne - n),
        });
        for op in &group {
            for change in diff.iter_changes(op) {
                let kind = match change.tag() {
                    ChangeTag::Equal => DiffKind::Same,
                    ChangeTag::Insert => DiffKind::Added,
                    ChangeTag::Delete => DiffKind::Removed,
                };
                out.push(DiffLine {
                    kind,
                    text: change.value().trim_end_matches('\n').to_string(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_changes_with_context() {
        let old = "a: 1\nb: 2\nc: 3\nd: 4\ne: 5\n";
        let new = "a: 1\nb: 2\nc: 30\nd: 4\ne: 5\nf: 6\n";
        let d = unified(old, new, 1);
        let text: Vec<String> = d
            .iter()
            .map(|l| {
                let p = match l.kind {
                    DiffKind::Same => " ",
                    DiffKind::Added => "+",
                    DiffKind::Removed => "-",
                    DiffKind::Hunk => "",
                };
                format!("{p}{}", l.text)
            })
            .collect();
        assert_eq!(
            text,
            vec![
                "@@ -2,4 +2,5 @@",
                " b: 2",
                "-c: 3",
                "+c: 30",
                " d: 4",
                " e: 5",
                "+f: 6"
            ]
        );
        assert!(unified(old, old, 3).is_empty());
    }
}
