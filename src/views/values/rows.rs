//! The two shapes of the screen, computed from the landscape: one stage's releases with the
//! open release's values under it, and one release's values side by side across the stages.

use std::collections::BTreeMap;

use serde_yaml::Value;

use crate::repo::helmfile::{FlatValue, Leaf};
use crate::repo::landscape::{DesiredRelease, Landscape, StageDesired};

/// A value on one line: scalars as written, lists and maps in flow style, `null` for nothing.
pub fn show_value(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.replace(['\n', '\r', '\t'], " "),
        Value::Sequence(items) => format!(
            "[{}]",
            items.iter().map(show_value).collect::<Vec<_>>().join(", ")
        ),
        Value::Mapping(m) => format!(
            "{{{}}}",
            m.iter()
                .map(|(k, v)| format!("{}: {}", show_value(k), show_value(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Tagged(t) => show_value(&t.value),
    }
}

/// Whether a value is one the input bar can replace (lists and maps are edited in the file).
pub fn is_scalar(v: &Value) -> bool {
    !matches!(v, Value::Sequence(_) | Value::Mapping(_) | Value::Tagged(_))
}

/// A row of the per-stage mode.
#[derive(Debug, Clone)]
pub enum StageRow<'a> {
    Release(&'a DesiredRelease),
    Value {
        release: &'a DesiredRelease,
        value: FlatValue,
    },
    /// Why the open release's values could not be merged.
    ValuesError {
        release: &'a DesiredRelease,
        error: &'a str,
    },
}

impl<'a> StageRow<'a> {
    pub fn release(&self) -> &'a DesiredRelease {
        match self {
            StageRow::Release(r)
            | StageRow::Value { release: r, .. }
            | StageRow::ValuesError { release: r, .. } => r,
        }
    }

    pub fn path(&self) -> Option<&str> {
        match self {
            StageRow::Value { value, .. } => Some(&value.path),
            _ => None,
        }
    }
}

/// The release whose values are shown: the one asked for if the stage has it, else the first.
pub fn open_release<'a>(stage: &'a StageDesired, wanted: Option<&str>) -> Option<&'a str> {
    stage
        .releases
        .iter()
        .find(|r| Some(r.summary.name.as_str()) == wanted)
        .or(stage.releases.first())
        .map(|r| r.summary.name.as_str())
}

/// Every release of the stage, and under the open one its values (sorted by path).
pub fn stage_rows<'a>(stage: &'a StageDesired, wanted: Option<&str>) -> Vec<StageRow<'a>> {
    let open = open_release(stage, wanted);
    let mut rows = Vec::new();
    for r in &stage.releases {
        rows.push(StageRow::Release(r));
        if Some(r.summary.name.as_str()) != open {
            continue;
        }
        match &r.values {
            Ok(v) => rows.extend(v.flat().into_iter().map(|value| StageRow::Value {
                release: r,
                value,
            })),
            Err(e) => rows.push(StageRow::ValuesError {
                release: r,
                error: e,
            }),
        }
    }
    rows
}

/// What a side-by-side row is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SbsKind {
    ChartVersion,
    Installed,
    Value(String),
}

/// One stage's cell: the text shown, and the value's provenance when it is set.
#[derive(Debug, Clone, PartialEq)]
pub struct SbsCell {
    pub text: String,
    pub leaf: Option<Leaf>,
    /// False where the stage has no such release or could not be read: it takes no part in
    /// "differs".
    pub counts: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SbsRow {
    pub kind: SbsKind,
    pub cells: Vec<SbsCell>,
    /// The stages that have the release disagree (an unset value disagrees with a set one).
    pub differs: bool,
}

impl SbsRow {
    pub fn label(&self) -> &str {
        match &self.kind {
            SbsKind::ChartVersion => "chart version",
            SbsKind::Installed => "installed",
            SbsKind::Value(p) => p,
        }
    }
}

/// Text of a stage with no such release, and of one that failed to render.
pub const NO_RELEASE: &str = "(none)";
pub const FAILED: &str = "(failed)";
pub const UNSET: &str = "(unset)";

fn missing(stage: &StageDesired) -> SbsCell {
    SbsCell {
        text: if stage.error.is_some() { FAILED } else { NO_RELEASE }.into(),
        leaf: None,
        counts: false,
    }
}

/// `release` in every stage: the chart version, whether it is installed, then every value path
/// any stage sets. One cell per stage, in the Helmfile's order.
pub fn side_by_side(l: &Landscape, release: &str) -> Vec<SbsRow> {
    let found: Vec<Option<&DesiredRelease>> = l
        .stages
        .iter()
        .map(|s| s.releases.iter().find(|r| r.summary.name == release))
        .collect();
    let simple = |kind: SbsKind, text: &dyn Fn(&DesiredRelease) -> String| {
        let cells = l
            .stages
            .iter()
            .zip(&found)
            .map(|(s, r)| match r {
                Some(r) => SbsCell {
                    text: text(r),
                    leaf: None,
                    counts: true,
                },
                None => missing(s),
            })
            .collect();
        finish(kind, cells)
    };
    let mut rows = vec![
        simple(SbsKind::ChartVersion, &|r| {
            if r.summary.version.is_empty() {
                "(latest)".into()
            } else {
                r.summary.version.clone()
            }
        }),
        simple(SbsKind::Installed, &|r| {
            if r.summary.installed { "yes" } else { "no" }.into()
        }),
    ];
    let mut by_path: BTreeMap<String, Vec<Option<Leaf>>> = BTreeMap::new();
    for (i, r) in found.iter().enumerate() {
        if let Some(Ok(v)) = r.map(|r| &r.values) {
            for f in v.flat() {
                by_path
                    .entry(f.path)
                    .or_insert_with(|| vec![None; found.len()])[i] = Some(f.leaf);
            }
        }
    }
    for (path, leaves) in by_path {
        let cells = leaves
            .into_iter()
            .zip(&found)
            .zip(&l.stages)
            .map(|((leaf, r), s)| match (r, leaf) {
                (Some(_), Some(leaf)) => SbsCell {
                    text: show_value(&leaf.value),
                    leaf: Some(leaf),
                    counts: true,
                },
                (Some(r), None) => SbsCell {
                    text: if r.values.is_ok() { UNSET } else { FAILED }.into(),
                    leaf: None,
                    counts: r.values.is_ok(),
                },
                (None, _) => missing(s),
            })
            .collect();
        rows.push(finish(SbsKind::Value(path), cells));
    }
    rows
}

fn finish(kind: SbsKind, cells: Vec<SbsCell>) -> SbsRow {
    let mut counted = cells.iter().filter(|c| c.counts).map(|c| &c.text);
    let first = counted.next();
    let differs = first.is_some_and(|f| counted.any(|t| t != f));
    SbsRow {
        kind,
        cells,
        differs,
    }
}

/// Width of one stage column, side by side (a longer value is clipped; the detail line below
/// the table shows it whole).
pub const STAGE_COL: usize = 16;

/// Width of the path column for these rows.
pub fn label_width(rows: &[SbsRow]) -> usize {
    rows.iter()
        .map(|r| crate::text::width::str_width(r.label()))
        .max()
        .unwrap_or(0)
        .clamp(13, 30)
}

/// How many stage columns fit beside the marker and the path column.
pub fn columns_that_fit(width: usize, label: usize) -> usize {
    (width.saturating_sub(2 + label) / (STAGE_COL + 1)).max(1)
}

/// The first column to show so that `selected` is visible, moving `first` as little as possible.
pub fn first_visible(first: usize, selected: usize, fit: usize, total: usize) -> usize {
    let fit = fit.max(1);
    let mut first = first.min(total.saturating_sub(fit));
    if selected < first {
        first = selected;
    }
    if selected >= first + fit {
        first = selected + 1 - fit;
    }
    first
}
