//! The product's model of one Helm release revision, as decoded from its storage Secret.
//!
//! Deserialization is deliberately tolerant, because the payload is written by whatever Helm
//! version the user runs: unknown fields are ignored, missing fields and JSON `null` fall back to
//! empty values, and times that are missing, `""` (Helm 3's zero time), `null` or unparseable
//! are "unset" (Helm 4 omits zero times altogether).

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use base64::Engine;
use jiff::Timestamp;
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

/// The status of one release revision: `info.status` in the payload and the `status` label on the
/// Secret (Helm keeps both equal).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum ReleaseStatus {
    #[default]
    Unknown,
    Deployed,
    Failed,
    Superseded,
    Uninstalling,
    Uninstalled,
    PendingInstall,
    PendingUpgrade,
    PendingRollback,
}

/// A status string that is not one of Helm's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown Helm release status {0:?}")]
pub struct UnknownStatus(pub String);

impl ReleaseStatus {
    pub const ALL: [ReleaseStatus; 9] = [
        ReleaseStatus::Unknown,
        ReleaseStatus::Deployed,
        ReleaseStatus::Failed,
        ReleaseStatus::Superseded,
        ReleaseStatus::Uninstalling,
        ReleaseStatus::Uninstalled,
        ReleaseStatus::PendingInstall,
        ReleaseStatus::PendingUpgrade,
        ReleaseStatus::PendingRollback,
    ];

    /// The string Helm writes (`deployed`, `pending-upgrade`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            ReleaseStatus::Unknown => "unknown",
            ReleaseStatus::Deployed => "deployed",
            ReleaseStatus::Failed => "failed",
            ReleaseStatus::Superseded => "superseded",
            ReleaseStatus::Uninstalling => "uninstalling",
            ReleaseStatus::Uninstalled => "uninstalled",
            ReleaseStatus::PendingInstall => "pending-install",
            ReleaseStatus::PendingUpgrade => "pending-upgrade",
            ReleaseStatus::PendingRollback => "pending-rollback",
        }
    }

    /// Parses a `status` label value; anything unrecognised (or empty) is `Unknown`.
    pub fn from_label(s: &str) -> ReleaseStatus {
        s.parse().unwrap_or(ReleaseStatus::Unknown)
    }

    /// `pending-install`, `pending-upgrade` or `pending-rollback`: an operation is in flight (or
    /// died mid-way), and Helm refuses to start another one.
    pub fn is_pending(self) -> bool {
        matches!(
            self,
            ReleaseStatus::PendingInstall
                | ReleaseStatus::PendingUpgrade
                | ReleaseStatus::PendingRollback
        )
    }
}

impl FromStr for ReleaseStatus {
    type Err = UnknownStatus;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ReleaseStatus::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| UnknownStatus(s.to_string()))
    }
}

impl fmt::Display for ReleaseStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ReleaseStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Option::<String>::deserialize(d)?;
        Ok(s.map(|s| ReleaseStatus::from_label(&s)).unwrap_or_default())
    }
}

/// One release revision.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct Release {
    #[serde(deserialize_with = "nullable")]
    pub name: String,
    #[serde(deserialize_with = "nullable")]
    pub namespace: String,
    /// The revision number (`.vN` suffix of the Secret name, `version` label).
    #[serde(deserialize_with = "nullable")]
    pub version: u32,
    #[serde(deserialize_with = "nullable")]
    pub info: ReleaseInfo,
    #[serde(deserialize_with = "nullable")]
    pub chart: Chart,
    /// The user-supplied values (`-f` / `--set`), not the computed values.
    #[serde(deserialize_with = "nullable")]
    pub config: Map<String, Value>,
    /// The rendered manifests, each document prefixed `---\n# Source: <chart>/templates/<file>`.
    #[serde(deserialize_with = "nullable")]
    pub manifest: String,
    #[serde(deserialize_with = "nullable_vec")]
    pub hooks: Vec<Hook>,
    /// Helm 4 only: `"ssa"` (server-side apply) or `"csa"` (client-side apply).
    #[serde(deserialize_with = "nullable")]
    pub apply_method: Option<String>,
}

/// Counts the bytes serde would write, writing none.
struct ByteCount(usize);

impl std::io::Write for ByteCount {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn json_bytes(v: &Map<String, Value>) -> usize {
    let mut c = ByteCount(0);
    let _ = serde_json::to_writer(&mut c, v);
    c.0
}

impl Release {
    /// About how much memory the decoded release holds: its texts and values (what a crafted
    /// Secret can make large), for the decoded-release cache's byte budget.
    pub fn approx_bytes(&self) -> usize {
        let chart = &self.chart;
        let files: usize = chart
            .templates
            .iter()
            .chain(chart.files.iter())
            .map(|f| f.name.len() + f.data.len())
            .sum();
        let hooks: usize = self
            .hooks
            .iter()
            .map(|h| h.name.len() + h.path.len() + h.manifest.len())
            .sum();
        std::mem::size_of::<Release>()
            + self.manifest.len()
            + self.info.notes.len()
            + self.info.description.len()
            + json_bytes(&self.config)
            + json_bytes(&chart.values)
            + chart.schema.as_ref().map_or(0, Vec::len)
            + files
            + hooks
    }

    /// `helm list`'s CHART column: `<chart name>-<chart version>`.
    pub fn chart_label(&self) -> String {
        format!(
            "{}-{}",
            self.chart.metadata.name, self.chart.metadata.version
        )
    }

    /// `helm list`'s APP VERSION column.
    pub fn app_version(&self) -> &str {
        &self.chart.metadata.app_version
    }

    /// The name of the Secret this revision is stored in.
    pub fn secret_name(&self) -> String {
        format!("sh.helm.release.v1.{}.v{}", self.name, self.version)
    }

    /// The release without its chart's template sources and other files: what the cockpit
    /// keeps in memory (it shows the rendered manifest, values, notes and hooks, not sources).
    pub fn without_chart_sources(mut self) -> Release {
        self.chart.templates = Vec::new();
        self.chart.files = Vec::new();
        self.chart.schema = None;
        self
    }
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct ReleaseInfo {
    #[serde(deserialize_with = "go_time")]
    pub first_deployed: Option<Timestamp>,
    /// What `helm list` / `helm history` show as UPDATED.
    #[serde(deserialize_with = "go_time")]
    pub last_deployed: Option<Timestamp>,
    /// Set when an uninstall started.
    #[serde(deserialize_with = "go_time")]
    pub deleted: Option<Timestamp>,
    /// Helm's human log line: `Install complete`, `Upgrade "x" failed: ...`, `Rollback to 3`...
    #[serde(deserialize_with = "nullable")]
    pub description: String,
    pub status: ReleaseStatus,
    /// The rendered NOTES.txt.
    #[serde(deserialize_with = "nullable")]
    pub notes: String,
    /// Helm 4 only: the revision a rollback went back to (absent when not a rollback).
    #[serde(deserialize_with = "nonzero")]
    pub rollback_revision: Option<u32>,
}

/// The chart as stored in the release (only the parent chart; subcharts are not serialized).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct Chart {
    #[serde(deserialize_with = "nullable")]
    pub metadata: ChartMetadata,
    /// The chart's default values (values.yaml).
    #[serde(deserialize_with = "nullable")]
    pub values: Map<String, Value>,
    #[serde(deserialize_with = "nullable_vec")]
    pub templates: Vec<ChartFile>,
    #[serde(deserialize_with = "nullable_vec")]
    pub files: Vec<ChartFile>,
    /// values.schema.json, when the chart has one.
    #[serde(deserialize_with = "base64_opt")]
    pub schema: Option<Vec<u8>>,
}

/// Chart.yaml, as stored in the release.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct ChartMetadata {
    #[serde(deserialize_with = "nullable")]
    pub name: String,
    #[serde(deserialize_with = "nullable")]
    pub version: String,
    #[serde(rename = "appVersion", deserialize_with = "nullable")]
    pub app_version: String,
    #[serde(rename = "apiVersion", deserialize_with = "nullable")]
    pub api_version: String,
    #[serde(deserialize_with = "nullable")]
    pub description: String,
    /// `application` or `library` (empty means application).
    #[serde(rename = "type", deserialize_with = "nullable")]
    pub chart_type: String,
    #[serde(deserialize_with = "nullable")]
    pub home: String,
    #[serde(deserialize_with = "nullable")]
    pub icon: String,
    #[serde(deserialize_with = "nullable")]
    pub sources: Vec<String>,
    #[serde(deserialize_with = "nullable")]
    pub keywords: Vec<String>,
    #[serde(deserialize_with = "nullable_vec")]
    pub maintainers: Vec<ChartMaintainer>,
    #[serde(rename = "kubeVersion", deserialize_with = "nullable")]
    pub kube_version: String,
    #[serde(deserialize_with = "nullable")]
    pub deprecated: bool,
    #[serde(deserialize_with = "nullable")]
    pub annotations: BTreeMap<String, String>,
    #[serde(deserialize_with = "nullable_vec")]
    pub dependencies: Vec<ChartDependency>,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct ChartMaintainer {
    #[serde(deserialize_with = "nullable")]
    pub name: String,
    #[serde(deserialize_with = "nullable")]
    pub email: String,
    #[serde(deserialize_with = "nullable")]
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct ChartDependency {
    #[serde(deserialize_with = "nullable")]
    pub name: String,
    #[serde(deserialize_with = "nullable")]
    pub version: String,
    #[serde(deserialize_with = "nullable")]
    pub repository: String,
    #[serde(deserialize_with = "nullable")]
    pub condition: String,
    #[serde(deserialize_with = "nullable")]
    pub alias: String,
    #[serde(deserialize_with = "nullable")]
    pub enabled: bool,
}

/// A chart file (template or other); `data` is already base64-decoded (left empty when the
/// stored data is not valid base64).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct ChartFile {
    #[serde(deserialize_with = "nullable")]
    pub name: String,
    #[serde(deserialize_with = "base64_or_empty")]
    pub data: Vec<u8>,
}

/// A chart hook (a resource annotated `helm.sh/hook`), with its last execution.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct Hook {
    #[serde(deserialize_with = "nullable")]
    pub name: String,
    #[serde(deserialize_with = "nullable")]
    pub kind: String,
    /// Chart-relative template path, e.g. `payments-api/templates/db-migrate-job.yaml`.
    #[serde(deserialize_with = "nullable")]
    pub path: String,
    #[serde(deserialize_with = "nullable")]
    pub manifest: String,
    /// `pre-install`, `pre-upgrade`, `post-rollback`, `test`, ...
    #[serde(deserialize_with = "nullable")]
    pub events: Vec<String>,
    #[serde(deserialize_with = "nullable")]
    pub last_run: HookExecution,
    #[serde(deserialize_with = "nullable")]
    pub weight: i64,
    #[serde(deserialize_with = "nullable")]
    pub delete_policies: Vec<String>,
    #[serde(deserialize_with = "nullable")]
    pub output_log_policies: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct HookExecution {
    #[serde(deserialize_with = "go_time")]
    pub started_at: Option<Timestamp>,
    #[serde(deserialize_with = "go_time")]
    pub completed_at: Option<Timestamp>,
    /// `Running`, `Succeeded`, `Failed`, `Unknown`, or empty when the hook never ran.
    #[serde(deserialize_with = "nullable")]
    pub phase: String,
}

/// `null` is the default value (Go writes `null` for nil maps, slices and pointers).
fn nullable<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// A list whose `null` elements (nil pointers in Go) are dropped.
fn nullable_vec<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    let items = Option::<Vec<Option<T>>>::deserialize(d)?.unwrap_or_default();
    Ok(items.into_iter().flatten().collect())
}

fn nonzero<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    Ok(Option::<u32>::deserialize(d)?.filter(|n| *n != 0))
}

/// A Go `time.Time` as Helm writes it: RFC 3339 with nanoseconds and an offset; `""`, `null`,
/// a missing key or anything unparseable (including Go's zero time) is "unset".
fn go_time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
    let v = Option::<Value>::deserialize(d)?;
    Ok(match v {
        Some(Value::String(s)) => parse_go_time(&s),
        _ => None,
    })
}

/// Parses an RFC 3339 time; `None` for empty, unparseable, or Go's zero time (year 1).
pub(crate) fn parse_go_time(s: &str) -> Option<Timestamp> {
    let ts: Timestamp = s.trim().parse().ok()?;
    // Go's zero time, 0001-01-01T00:00:00Z, which a Go encoder writes for an unset
    // `time.Time` outside Helm's own time wrapper.
    if ts.as_second() <= -62_135_596_800 {
        return None;
    }
    Some(ts)
}

fn base64_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<u8>>, D::Error> {
    let s = Option::<Value>::deserialize(d)?;
    Ok(match s {
        Some(Value::String(s)) => base64::engine::general_purpose::STANDARD.decode(s).ok(),
        _ => None,
    })
}

fn base64_or_empty<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
    Ok(base64_opt(d)?.unwrap_or_default())
}
