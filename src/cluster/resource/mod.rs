//! More kinds than pods, in kubectl's grammar: the kinds a k9s user reaches for, the compact
//! row each becomes (kubectl's columns, in kubectl's order), and the I/O half that watches and
//! fetches them. Pure except `watch` and `fetch`, which only `effects/` calls.

pub mod describe;
pub mod entry;
pub mod fetch;
mod kind;
mod rows_cluster;
mod rows_config;
mod rows_net;
mod rows_workload;
pub mod watch;
pub mod yaml_doc;

#[cfg(test)]
mod tests;

pub use kind::{ResourceKey, ResourceKind};

use jiff::Timestamp;

use super::health::Health;
use super::human_duration::{age_since, human_duration};

/// One cell of a row. Ages are kept as instants and printed against the app's clock, so a
/// row never has to be rebuilt for time to pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    /// kubectl's age of an instant (`<unknown>` when there is none).
    Age(Option<Timestamp>),
    /// An age, or `<none>` when there is no instant (a CronJob never scheduled).
    AgeOrNone(Option<Timestamp>),
    /// A Job's DURATION: start to completion, or to now while it runs; empty before it starts.
    Span(Option<Timestamp>, Option<Timestamp>),
}

impl Cell {
    pub fn text(&self, now: Timestamp) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Age(t) => age_since(*t, now),
            Cell::AgeOrNone(None) => "<none>".into(),
            Cell::AgeOrNone(t) => age_since(*t, now),
            Cell::Span(None, _) => String::new(),
            Cell::Span(Some(start), end) => {
                human_duration(end.unwrap_or(now).duration_since(*start))
            }
        }
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}

/// An object of one of the kinds as its list shows it: kubectl's cells after NAME, every text
/// sanitised (names, labels and messages are anyone's text). No values of Secrets: their keys
/// and sizes only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceRow {
    pub namespace: String,
    pub name: String,
    pub cells: Vec<Cell>,
    pub health: Health,
    pub created: Option<Timestamp>,
    /// Events: the last time seen (the list is newest first); others: `created`.
    pub when: Option<Timestamp>,
    /// Events of type Warning (the list puts them first).
    pub warning: bool,
    /// A Node's allocatable CPU and memory (the headroom reads it); `None` for other kinds.
    pub allocatable: Option<super::headroom::Amounts>,
    /// An Ingress's routes, a Service's in-cluster names (the entry points screen).
    pub entries: Vec<entry::Entry>,
}

impl ResourceRow {
    fn new(meta: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta) -> ResourceRow {
        let created = meta.creation_timestamp.as_ref().map(|t| t.0);
        ResourceRow {
            namespace: clean(meta.namespace.as_deref().unwrap_or_default()),
            name: clean(meta.name.as_deref().unwrap_or_default()),
            cells: Vec::new(),
            health: Health::Ok,
            created,
            when: created,
            warning: false,
            allocatable: None,
            entries: Vec::new(),
        }
    }

    fn cell(mut self, c: impl Into<Cell>) -> ResourceRow {
        self.cells.push(match c.into() {
            Cell::Text(s) => Cell::Text(clean(&s)),
            other => other,
        });
        self
    }

    fn health(mut self, h: Health) -> ResourceRow {
        self.health = h;
        self
    }

    /// The texts of the cells at `now`, NAME first.
    pub fn texts(&self, now: Timestamp) -> Vec<String> {
        std::iter::once(self.name.clone())
            .chain(self.cells.iter().map(|c| c.text(now)))
            .collect()
    }
}

fn clean(s: &str) -> String {
    crate::text::sanitize::sanitize_line(s)
}

/// `<none>` for nothing, as kubectl prints an empty cell of these kinds.
fn or_none(s: String) -> String {
    if s.is_empty() {
        "<none>".into()
    } else {
        s
    }
}

/// `k=v,k2=v2` sorted, `<none>` when empty (`metav1.FormatLabelSelector` / labels.String()).
fn labels_text(m: Option<&std::collections::BTreeMap<String, String>>) -> String {
    match m {
        Some(m) if !m.is_empty() => m
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(","),
        _ => "<none>".into(),
    }
}
