//! Helm release storage for the demo world: release Secrets exactly as Helm 3 writes them.
//!
//! - The `*Json` structs mirror Helm 3's Go structs (`pkg/release`, `pkg/chart`) with Go's field
//!   order, JSON names and `omitempty` rules, and [`release_json`] reproduces `encoding/json`'s
//!   output (compact, sorted map keys, HTML-safe escaping, RFC 3339 nano times, `""` for zero
//!   times, base64 for byte slices).
//! - [`encode_release`] is Helm's `encodeRelease`: base64(gzip(json)); [`release_secret`] is the
//!   Secrets driver's `newSecretsObject` (name, type, labels, single `release` data key).
//! - [`ReleaseHistory`] performs Helm's lifecycle for one release (install, upgrade, rollback,
//!   uninstall, history pruning) and returns the Secret writes in the order Helm makes them.
//!
//! Everything is deterministic: the caller passes every instant; nothing here reads a clock or
//! draws a random number.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::sync::Arc;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use flate2::write::GzEncoder;
use flate2::Compression;
use jiff::tz::Offset;
use jiff::Timestamp;
use k8s_openapi::api::core::v1::Secret;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, Time};
use k8s_openapi::ByteString;
use serde::{Serialize, Serializer};
use serde_json::ser::{CharEscape, CompactFormatter, Formatter};
use serde_json::{Map, Value};

use crate::helm::ReleaseStatus;

/// The Secret `type` Helm 3 and 4 give release Secrets.
pub const RELEASE_SECRET_TYPE: &str = "helm.sh/release.v1";
/// `storage.HelmStorageType`, the Secret name prefix.
pub const STORAGE_PREFIX: &str = "sh.helm.release.v1";
/// `--history-max` / `HELM_MAX_HISTORY` default.
pub const DEFAULT_MAX_HISTORY: usize = 10;

/// `sh.helm.release.v1.<name>.v<revision>`.
pub fn secret_name(release: &str, revision: u32) -> String {
    format!("{STORAGE_PREFIX}.{release}.v{revision}")
}

// ------------------------------------------------------------------------------------------
// Go time
// ------------------------------------------------------------------------------------------

/// A Go `time.Time` inside Helm's `helm.sh/helm/v3/pkg/time.Time` wrapper: an instant in a fixed
/// offset (Helm writes `time.Now()`, i.e. local time), serialized as RFC 3339 with nanoseconds,
/// and as `""` when zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GoTime {
    pub instant: Option<Timestamp>,
    pub offset: Offset,
}

impl GoTime {
    pub const ZERO: GoTime = GoTime {
        instant: None,
        offset: Offset::UTC,
    };

    pub fn new(instant: Timestamp, offset: Offset) -> GoTime {
        GoTime {
            instant: Some(instant),
            offset,
        }
    }

    pub fn is_zero(&self) -> bool {
        self.instant.is_none()
    }
}

impl Default for GoTime {
    fn default() -> Self {
        GoTime::ZERO
    }
}

impl Serialize for GoTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.instant {
            None => s.serialize_str(""),
            Some(ts) => s.serialize_str(&rfc3339_nano(ts, self.offset)),
        }
    }
}

/// Go's `time.RFC3339Nano` layout (`2006-01-02T15:04:05.999999999Z07:00`): the fraction has
/// its trailing zeros trimmed (and is left out when zero); UTC is written `Z`.
pub fn rfc3339_nano(ts: Timestamp, offset: Offset) -> String {
    let dt = offset.to_datetime(ts);
    let mut out = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second()
    );
    let nanos = dt.subsec_nanosecond();
    if nanos != 0 {
        let frac = format!("{nanos:09}");
        out.push('.');
        out.push_str(frac.trim_end_matches('0'));
    }
    let secs = offset.seconds();
    if secs == 0 {
        out.push('Z');
    } else {
        let sign = if secs < 0 { '-' } else { '+' };
        let abs = secs.unsigned_abs();
        out.push_str(&format!("{sign}{:02}:{:02}", abs / 3600, (abs % 3600) / 60));
    }
    out
}

// ------------------------------------------------------------------------------------------
// The release JSON (Go struct mirrors; field order = Go field order)
// ------------------------------------------------------------------------------------------

/// `release.Release`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReleaseJson {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    pub info: InfoJson,
    /// Shared by the revisions of one chart version (a large world holds ten per release).
    pub chart: Arc<ChartJson>,
    /// User-supplied values only; omitted when empty.
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub config: Map<String, Value>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub manifest: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hooks: Vec<HookJson>,
    #[serde(skip_serializing_if = "is_zero")]
    pub version: u32,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub namespace: String,
    /// `--labels` given to install/upgrade: `json:"-"`, stored only as Secret labels.
    #[serde(skip)]
    pub labels: BTreeMap<String, String>,
}

/// `release.Info`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InfoJson {
    pub first_deployed: GoTime,
    pub last_deployed: GoTime,
    /// Always written; `""` until an uninstall starts.
    pub deleted: GoTime,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(serialize_with = "status_str")]
    pub status: ReleaseStatus,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

/// `chart.Chart` (subcharts are not serialized by Helm, so there are none here).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChartJson {
    pub metadata: MetadataJson,
    /// Chart.lock; `null` for charts without dependencies.
    pub lock: Option<Value>,
    #[serde(serialize_with = "nil_if_empty")]
    pub templates: Vec<FileJson>,
    pub values: Map<String, Value>,
    #[serde(serialize_with = "opt_bytes")]
    pub schema: Option<Vec<u8>>,
    #[serde(serialize_with = "nil_if_empty")]
    pub files: Vec<FileJson>,
}

/// `chart.Metadata` (Chart.yaml); every field is `omitempty`.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct MetadataJson {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub home: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub version: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub maintainers: Vec<MaintainerJson>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub icon: String,
    #[serde(rename = "apiVersion", skip_serializing_if = "String::is_empty")]
    pub api_version: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub condition: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub tags: String,
    #[serde(rename = "appVersion", skip_serializing_if = "String::is_empty")]
    pub app_version: String,
    #[serde(skip_serializing_if = "is_false")]
    pub deprecated: bool,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
    #[serde(rename = "kubeVersion", skip_serializing_if = "String::is_empty")]
    pub kube_version: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dependencies: Vec<DependencyJson>,
    #[serde(rename = "type", skip_serializing_if = "String::is_empty")]
    pub chart_type: String,
}

/// `chart.Maintainer`.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct MaintainerJson {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub email: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub url: String,
}

/// `chart.Dependency` (name and repository are not `omitempty` in Go).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct DependencyJson {
    pub name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub version: String,
    pub repository: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub condition: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(skip_serializing_if = "is_false")]
    pub enabled: bool,
    #[serde(rename = "import-values", skip_serializing_if = "Vec::is_empty")]
    pub import_values: Vec<Value>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub alias: String,
}

/// `chart.File`: `data` is a Go `[]byte`, hence base64 in JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileJson {
    pub name: String,
    #[serde(serialize_with = "bytes_b64")]
    pub data: Vec<u8>,
}

/// `release.Hook`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HookJson {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub kind: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub path: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub manifest: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<String>,
    /// A struct, so Go's `omitempty` never drops it.
    pub last_run: HookExecutionJson,
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub weight: i64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub delete_policies: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub output_log_policies: Vec<String>,
}

/// `release.HookExecution`; `phase` is written even when empty.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct HookExecutionJson {
    pub started_at: GoTime,
    pub completed_at: GoTime,
    pub phase: String,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

fn is_zero_i64(n: &i64) -> bool {
    *n == 0
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn status_str<S: Serializer>(st: &ReleaseStatus, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(st.as_str())
}

fn bytes_b64<S: Serializer>(b: &[u8], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&STANDARD.encode(b))
}

fn opt_bytes<S: Serializer>(b: &Option<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
    match b {
        Some(b) => bytes_b64(b, s),
        None => s.serialize_none(),
    }
}

/// A Go nil slice (never appended to) marshals as `null`.
fn nil_if_empty<S: Serializer, T: Serialize>(v: &[T], s: S) -> Result<S::Ok, S::Error> {
    if v.is_empty() {
        s.serialize_none()
    } else {
        v.serialize(s)
    }
}

/// `encoding/json`'s string escaping on top of serde_json's compact output: `<`, `>`, `&`,
/// U+2028 and U+2029 become `\u003c`-style escapes, and `\b` / `\f` are written `\u0008` /
/// `\u000c` (Go has no short forms for them).
struct GoJsonFormatter;

impl Formatter for GoJsonFormatter {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            let esc = match c {
                '<' => "\\u003c",
                '>' => "\\u003e",
                '&' => "\\u0026",
                '\u{2028}' => "\\u2028",
                '\u{2029}' => "\\u2029",
                _ => continue,
            };
            writer.write_all(&fragment.as_bytes()[start..i])?;
            writer.write_all(esc.as_bytes())?;
            start = i + c.len_utf8();
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    fn write_char_escape<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        char_escape: CharEscape,
    ) -> io::Result<()> {
        match char_escape {
            CharEscape::Backspace => writer.write_all(b"\\u0008"),
            CharEscape::FormFeed => writer.write_all(b"\\u000c"),
            other => CompactFormatter.write_char_escape(writer, other),
        }
    }
}

/// The bytes Go's `json.Marshal(release)` produces.
pub fn release_json(rel: &ReleaseJson) -> Vec<u8> {
    let mut out = Vec::with_capacity(4096);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, GoJsonFormatter);
    rel.serialize(&mut ser)
        .expect("a release always serializes to JSON");
    out
}

/// Helm's `encodeRelease`: base64std(gzip(json), best compression). This is the Secret's data
/// value under the `release` key (Kubernetes base64s it once more on the wire).
pub fn encode_release(rel: &ReleaseJson) -> String {
    let mut gz = GzEncoder::new(Vec::new(), Compression::best());
    gz.write_all(&release_json(rel))
        .expect("writing to a Vec cannot fail");
    STANDARD.encode(gz.finish().expect("writing to a Vec cannot fail"))
}

/// The Secret Helm's Secrets driver writes for one revision (`newSecretsObject`).
///
/// Labels follow the driver exactly: a Create (`modified_at == None`) carries `createdAt`; an
/// Update rebuilds the object from scratch and carries `modifiedAt` *instead* (Helm drops
/// `createdAt` on update). `created_at` is also used as `metadata.creationTimestamp`, which the
/// API server would keep stable across updates. User labels (`rel.labels`) come first and the
/// system labels win over them.
pub fn release_secret(
    rel: &ReleaseJson,
    created_at: Timestamp,
    modified_at: Option<Timestamp>,
) -> Secret {
    let mut labels = rel.labels.clone();
    match modified_at {
        None => labels.insert("createdAt".into(), created_at.as_second().to_string()),
        Some(m) => labels.insert("modifiedAt".into(), m.as_second().to_string()),
    };
    labels.insert("name".into(), rel.name.clone());
    labels.insert("owner".into(), "helm".into());
    labels.insert("status".into(), rel.info.status.as_str().into());
    labels.insert("version".into(), rel.version.to_string());
    Secret {
        metadata: ObjectMeta {
            name: Some(secret_name(&rel.name, rel.version)),
            namespace: Some(rel.namespace.clone()),
            labels: Some(labels),
            creation_timestamp: Some(Time(created_at)),
            ..Default::default()
        },
        type_: Some(RELEASE_SECRET_TYPE.into()),
        data: Some(BTreeMap::from([(
            "release".to_string(),
            ByteString(encode_release(rel).into_bytes()),
        )])),
        ..Default::default()
    }
}

// ------------------------------------------------------------------------------------------
// Charts and rendering
// ------------------------------------------------------------------------------------------

/// A file inside a chart (template source or other file), raw bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartFile {
    pub name: String,
    pub data: Vec<u8>,
}

impl ChartFile {
    pub fn new(name: impl Into<String>, data: impl Into<Vec<u8>>) -> ChartFile {
        ChartFile {
            name: name.into(),
            data: data.into(),
        }
    }
}

/// The chart a release is installed from, as the caller describes it.
///
/// Rendering is keyed on template file names, like a `helm create` chart:
/// `templates/service.yaml` → Service, `templates/deployment.yaml` → Deployment,
/// `templates/db-migrate-job.yaml` → a `pre-install,pre-upgrade` migration Job hook,
/// `templates/NOTES.txt` → release notes. Other templates are stored in the chart but render
/// nothing.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSpec {
    pub name: String,
    pub version: String,
    pub app_version: String,
    pub description: String,
    /// values.yaml.
    pub default_values: Map<String, Value>,
    /// Template sources (stored base64 in `chart.templates`), in archive (lexical) order.
    pub templates: Vec<ChartFile>,
    /// Other chart files (`chart.files`).
    pub files: Vec<ChartFile>,
}

pub const TEMPLATE_NOTES: &str = "templates/NOTES.txt";
pub const TEMPLATE_HELPERS: &str = "templates/_helpers.tpl";
pub const TEMPLATE_DEPLOYMENT: &str = "templates/deployment.yaml";
pub const TEMPLATE_SERVICE: &str = "templates/service.yaml";
pub const TEMPLATE_MIGRATION_JOB: &str = "templates/db-migrate-job.yaml";

impl ChartSpec {
    /// A `helm create`-style chart: NOTES.txt, _helpers.tpl, deployment.yaml, service.yaml and a
    /// `.helmignore`. `default_values` should be a JSON object (anything else counts as empty).
    pub fn new(
        name: impl Into<String>,
        version: impl Into<String>,
        app_version: impl Into<String>,
        default_values: Value,
    ) -> ChartSpec {
        let name = name.into();
        let mut spec = ChartSpec {
            description: format!("A Helm chart for {name}"),
            version: version.into(),
            app_version: app_version.into(),
            default_values: match canonical(default_values) {
                Value::Object(m) => m,
                _ => Map::new(),
            },
            templates: Vec::new(),
            files: vec![ChartFile::new(".helmignore", HELMIGNORE)],
            name,
        };
        for (path, src) in [
            (TEMPLATE_NOTES, NOTES_SRC),
            (TEMPLATE_HELPERS, HELPERS_SRC),
            (TEMPLATE_DEPLOYMENT, DEPLOYMENT_SRC),
            (TEMPLATE_SERVICE, SERVICE_SRC),
        ] {
            spec.add_template(path, src.replace("CHART", &spec.name));
        }
        spec
    }

    /// Adds the database-migration Job hook template (runs on pre-install and pre-upgrade).
    pub fn with_migration_hook(mut self) -> ChartSpec {
        let src = MIGRATION_JOB_SRC.replace("CHART", &self.name);
        self.add_template(TEMPLATE_MIGRATION_JOB, src);
        self
    }

    pub fn with_description(mut self, description: impl Into<String>) -> ChartSpec {
        self.description = description.into();
        self
    }

    /// Adds (or replaces) a template, keeping archive order.
    pub fn add_template(&mut self, path: &str, data: impl Into<Vec<u8>>) {
        self.templates.retain(|t| t.name != path);
        self.templates.push(ChartFile::new(path, data));
        self.templates.sort_by(|a, b| a.name.cmp(&b.name));
    }

    pub fn has_template(&self, path: &str) -> bool {
        self.templates.iter().any(|t| t.name == path)
    }

    fn to_json(&self) -> ChartJson {
        let files = |fs: &[ChartFile]| {
            fs.iter()
                .map(|f| FileJson {
                    name: f.name.clone(),
                    data: f.data.clone(),
                })
                .collect()
        };
        ChartJson {
            metadata: MetadataJson {
                name: self.name.clone(),
                version: self.version.clone(),
                description: self.description.clone(),
                api_version: "v2".into(),
                app_version: self.app_version.clone(),
                chart_type: "application".into(),
                ..Default::default()
            },
            lock: None,
            templates: files(&self.templates),
            values: self.default_values.clone(),
            schema: None,
            files: files(&self.files),
        }
    }
}

const HELMIGNORE: &str = "# Patterns to ignore when building packages.\n.DS_Store\n.git/\n.gitignore\n*.swp\n*.tmp\n*.orig\n*~\n.idea/\n.vscode/\n";

const HELPERS_SRC: &str = r#"{{- define "CHART.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "CHART.fullname" -}}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "CHART.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "CHART.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "CHART.selectorLabels" -}}
app.kubernetes.io/name: {{ include "CHART.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}
"#;

const SERVICE_SRC: &str = r#"apiVersion: v1
kind: Service
metadata:
  name: {{ include "CHART.fullname" . }}
  labels:
    {{- include "CHART.labels" . | nindent 4 }}
spec:
  type: {{ .Values.service.type }}
  ports:
    - port: {{ .Values.service.port }}
      targetPort: http
      protocol: TCP
      name: http
  selector:
    {{- include "CHART.selectorLabels" . | nindent 4 }}
"#;

const DEPLOYMENT_SRC: &str = r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "CHART.fullname" . }}
  labels:
    {{- include "CHART.labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.replicaCount }}
  selector:
    matchLabels:
      {{- include "CHART.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "CHART.labels" . | nindent 8 }}
    spec:
      containers:
        - name: {{ .Chart.Name }}
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          ports:
            - name: http
              containerPort: {{ .Values.containerPort }}
              protocol: TCP
          {{- with .Values.env }}
          env:
            {{- range $k, $v := . }}
            - name: {{ $k }}
              value: {{ $v | quote }}
            {{- end }}
          {{- end }}
          livenessProbe:
            httpGet:
              path: /healthz
              port: http
          readinessProbe:
            httpGet:
              path: /healthz
              port: http
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
"#;

const MIGRATION_JOB_SRC: &str = r#"apiVersion: batch/v1
kind: Job
metadata:
  name: {{ include "CHART.fullname" . }}-db-migrate
  labels:
    {{- include "CHART.labels" . | nindent 4 }}
  annotations:
    "helm.sh/hook": pre-install,pre-upgrade
    "helm.sh/hook-weight": "-5"
    "helm.sh/hook-delete-policy": before-hook-creation,hook-succeeded
spec:
  backoffLimit: 1
  activeDeadlineSeconds: 600
  template:
    metadata:
      labels:
        {{- include "CHART.selectorLabels" . | nindent 8 }}
        app.kubernetes.io/component: db-migrate
    spec:
      restartPolicy: Never
      containers:
        - name: db-migrate
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          args: ["migrate", "up"]
"#;

const NOTES_SRC: &str = r#"1. Get the application URL by running these commands:
  export POD_NAME=$(kubectl get pods --namespace {{ .Release.Namespace }} -l "app.kubernetes.io/name={{ include "CHART.name" . }},app.kubernetes.io/instance={{ .Release.Name }}" -o jsonpath="{.items[0].metadata.name}")
  export CONTAINER_PORT=$(kubectl get pod --namespace {{ .Release.Namespace }} $POD_NAME -o jsonpath="{.spec.containers[0].ports[0].containerPort}")
  echo "Visit http://127.0.0.1:8080 to use your application"
  kubectl --namespace {{ .Release.Namespace }} port-forward $POD_NAME 8080:$CONTAINER_PORT
"#;

/// What rendering a chart for one release produces.
struct Rendered {
    manifest: String,
    hooks: Vec<HookJson>,
    notes: String,
}

/// Recursively sorts object keys (Go's encoder sorts map keys; serde_json's map may not).
fn canonical(v: Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut entries: Vec<(String, Value)> =
                m.into_iter().map(|(k, v)| (k, canonical(v))).collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().collect())
        }
        Value::Array(a) => Value::Array(a.into_iter().map(canonical).collect()),
        other => other,
    }
}

/// Helm's value coalescing, simplified: user maps merge into chart maps, anything else replaces.
fn merge_values(base: &mut Map<String, Value>, over: &Map<String, Value>) {
    for (k, v) in over {
        match (base.get_mut(k), v) {
            (Some(Value::Object(b)), Value::Object(o)) => merge_values(b, o),
            _ => {
                base.insert(k.clone(), v.clone());
            }
        }
    }
}

fn lookup<'a>(values: &'a Map<String, Value>, path: &str) -> Option<&'a Value> {
    let mut parts = path.split('.');
    let mut cur = values.get(parts.next()?)?;
    for p in parts {
        cur = cur.as_object()?.get(p)?;
    }
    Some(cur)
}

/// A scalar as Go's text/template prints it (`{{ .Values.x }}`); empty for null/absent.
fn scalar(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

fn scalar_or(values: &Map<String, Value>, path: &str, default: &str) -> String {
    let s = scalar(lookup(values, path));
    if s.is_empty() {
        default.to_string()
    } else {
        s
    }
}

/// Sprig's `quote`.
fn quote(s: &str) -> String {
    format!("{s:?}")
}

/// `toYaml v | nindent n`, minus the leading newline.
fn to_yaml_indented(v: Option<&Value>, indent: usize) -> String {
    let yaml = match v {
        None | Some(Value::Null) => "null".to_string(),
        Some(Value::Object(m)) if m.is_empty() => "{}".to_string(),
        Some(v) => serde_yaml::to_string(v).unwrap_or_else(|_| "{}".into()),
    };
    let pad = " ".repeat(indent);
    yaml.trim_end_matches('\n')
        .lines()
        .map(|l| format!("{pad}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The `<chart>.fullname` helper of `helm create`.
fn fullname(chart: &str, release: &str) -> String {
    let full = if release.contains(chart) {
        release.to_string()
    } else {
        format!("{release}-{chart}")
    };
    let mut cut: String = full.chars().take(63).collect();
    while cut.ends_with('-') {
        cut.pop();
    }
    cut
}

fn render(
    chart: &ChartSpec,
    release: &str,
    namespace: &str,
    user: &Map<String, Value>,
) -> Rendered {
    let mut values = chart.default_values.clone();
    merge_values(&mut values, user);
    let name = &chart.name;
    let full = fullname(name, release);
    let image = format!(
        "{}:{}",
        scalar_or(&values, "image.repository", name),
        scalar_or(&values, "image.tag", &chart.app_version)
    );
    let pull_policy = scalar_or(&values, "image.pullPolicy", "IfNotPresent");
    let selector = |indent: usize| {
        let pad = " ".repeat(indent);
        format!("{pad}app.kubernetes.io/name: {name}\n{pad}app.kubernetes.io/instance: {release}")
    };
    let chart_label = format!("{name}-{}", chart.version).replace('+', "_");
    let labels = |indent: usize| {
        let pad = " ".repeat(indent);
        format!(
            "{pad}helm.sh/chart: {chart_label}\n{}\n{pad}app.kubernetes.io/version: {}\n{pad}app.kubernetes.io/managed-by: Helm",
            selector(indent),
            quote(&chart.app_version)
        )
    };

    // Sorted in Helm's install order: Service before Deployment.
    let mut docs: Vec<(&str, String)> = Vec::new();
    if chart.has_template(TEMPLATE_SERVICE) {
        docs.push((
            TEMPLATE_SERVICE,
            format!(
                "apiVersion: v1\nkind: Service\nmetadata:\n  name: {full}\n  labels:\n{}\nspec:\n  type: {}\n  ports:\n    - port: {}\n      targetPort: http\n      protocol: TCP\n      name: http\n  selector:\n{}",
                labels(4),
                scalar_or(&values, "service.type", "ClusterIP"),
                scalar_or(&values, "service.port", "80"),
                selector(4)
            ),
        ));
    }
    if chart.has_template(TEMPLATE_DEPLOYMENT) {
        let mut env = String::new();
        if let Some(Value::Object(vars)) = lookup(&values, "env") {
            if !vars.is_empty() {
                env.push_str("\n          env:");
                let mut keys: Vec<&String> = vars.keys().collect();
                keys.sort();
                for k in keys {
                    env.push_str(&format!(
                        "\n            - name: {k}\n              value: {}",
                        quote(&scalar(vars.get(k)))
                    ));
                }
            }
        }
        docs.push((
            TEMPLATE_DEPLOYMENT,
            format!(
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {full}\n  labels:\n{}\nspec:\n  replicas: {}\n  selector:\n    matchLabels:\n{}\n  template:\n    metadata:\n      labels:\n{}\n    spec:\n      containers:\n        - name: {name}\n          image: {}\n          imagePullPolicy: {pull_policy}\n          ports:\n            - name: http\n              containerPort: {}\n              protocol: TCP{env}\n          livenessProbe:\n            httpGet:\n              path: /healthz\n              port: http\n          readinessProbe:\n            httpGet:\n              path: /healthz\n              port: http\n          resources:\n{}",
                labels(4),
                scalar_or(&values, "replicaCount", "1"),
                selector(6),
                labels(8),
                quote(&image),
                scalar_or(&values, "containerPort", "8080"),
                to_yaml_indented(lookup(&values, "resources"), 12)
            ),
        ));
    }
    // install.go renderResources: fmt.Fprintf(b, "---\n# Source: %s\n%s\n", name, content).
    let manifest = docs
        .iter()
        .map(|(path, content)| format!("---\n# Source: {name}/{path}\n{content}\n"))
        .collect();

    let mut hooks = Vec::new();
    if chart.has_template(TEMPLATE_MIGRATION_JOB) {
        hooks.push(HookJson {
            name: format!("{full}-db-migrate"),
            kind: "Job".into(),
            path: format!("{name}/{TEMPLATE_MIGRATION_JOB}"),
            manifest: format!(
                "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {full}-db-migrate\n  labels:\n{}\n  annotations:\n    \"helm.sh/hook\": pre-install,pre-upgrade\n    \"helm.sh/hook-weight\": \"-5\"\n    \"helm.sh/hook-delete-policy\": before-hook-creation,hook-succeeded\nspec:\n  backoffLimit: 1\n  activeDeadlineSeconds: 600\n  template:\n    metadata:\n      labels:\n{}\n        app.kubernetes.io/component: db-migrate\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: db-migrate\n          image: {}\n          imagePullPolicy: {pull_policy}\n          args: [\"migrate\", \"up\"]",
                labels(4),
                selector(8),
                quote(&image)
            ),
            events: vec!["pre-install".into(), "pre-upgrade".into()],
            last_run: HookExecutionJson::default(),
            weight: -5,
            delete_policies: vec!["before-hook-creation".into(), "hook-succeeded".into()],
            output_log_policies: Vec::new(),
        });
    }

    let notes = if chart.has_template(TEMPLATE_NOTES) {
        format!(
            "1. Get the application URL by running these commands:\n  export POD_NAME=$(kubectl get pods --namespace {namespace} -l \"app.kubernetes.io/name={name},app.kubernetes.io/instance={release}\" -o jsonpath=\"{{.items[0].metadata.name}}\")\n  export CONTAINER_PORT=$(kubectl get pod --namespace {namespace} $POD_NAME -o jsonpath=\"{{.spec.containers[0].ports[0].containerPort}}\")\n  echo \"Visit http://127.0.0.1:8080 to use your application\"\n  kubectl --namespace {namespace} port-forward $POD_NAME 8080:$CONTAINER_PORT\n"
        )
    } else {
        String::new()
    };

    Rendered {
        manifest,
        hooks,
        notes,
    }
}

// ------------------------------------------------------------------------------------------
// Lifecycle
// ------------------------------------------------------------------------------------------

/// An operation's writes in two parts: those made when it starts (the pending revision, its
/// hooks) and those made when its wait ends (the final statuses).
#[derive(Debug, Clone, PartialEq)]
pub struct Staged {
    pub begin: Vec<SecretWrite>,
    pub end: Vec<SecretWrite>,
}

impl Staged {
    pub fn all(mut self) -> Vec<SecretWrite> {
        self.begin.append(&mut self.end);
        self.begin
    }
}

/// One write to the Kubernetes API, in the order Helm makes it.
#[derive(Debug, Clone, PartialEq)]
pub enum SecretWrite {
    Create(Secret),
    Update(Secret),
    Delete { namespace: String, name: String },
}

impl SecretWrite {
    pub fn name(&self) -> &str {
        match self {
            SecretWrite::Create(s) | SecretWrite::Update(s) => {
                s.metadata.name.as_deref().unwrap_or_default()
            }
            SecretWrite::Delete { name, .. } => name,
        }
    }

    pub fn namespace(&self) -> &str {
        match self {
            SecretWrite::Create(s) | SecretWrite::Update(s) => {
                s.metadata.namespace.as_deref().unwrap_or_default()
            }
            SecretWrite::Delete { namespace, .. } => namespace,
        }
    }

    /// The written Secret (None for a delete).
    pub fn secret(&self) -> Option<&Secret> {
        match self {
            SecretWrite::Create(s) | SecretWrite::Update(s) => Some(s),
            SecretWrite::Delete { .. } => None,
        }
    }
}

/// When an operation started and finished. Hook executions are placed in between
/// (deterministically), and the final status writes happen at `finished`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpTimes {
    pub started: Timestamp,
    pub finished: Timestamp,
}

impl OpTimes {
    pub fn new(started: Timestamp, finished: Timestamp) -> OpTimes {
        OpTimes { started, finished }
    }

    /// `started + (finished - started) * per_mille / 1000`.
    fn at(&self, per_mille: i128) -> Timestamp {
        let a = self.started.as_nanosecond();
        let span = (self.finished.as_nanosecond() - a).max(0);
        Timestamp::from_nanosecond(a + span * per_mille / 1000).unwrap_or(self.started)
    }
}

/// How an install/upgrade/rollback ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Succeeded,
    /// Applying or waiting failed; the text is the Go error (e.g. `context deadline exceeded`).
    Failed(String),
    /// The first hook of the operation failed, with this error (e.g. `job failed:
    /// BackoffLimitExceeded`). Without hooks for the operation this is the same as `Failed`.
    HookFailed(String),
}

impl Outcome {
    /// The error the operation ends with, if it fails (with or without hooks to fail in).
    fn error(&self) -> Option<&str> {
        match self {
            Outcome::Succeeded => None,
            Outcome::Failed(msg) | Outcome::HookFailed(msg) => Some(msg),
        }
    }
}

/// Helm's refusals, with Helm's messages.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HelmOpError {
    #[error("cannot re-use a name that is still in use")]
    NameInUse,
    #[error("\"{0}\" has no deployed releases")]
    NoDeployedReleases(String),
    #[error("another operation (install/upgrade/rollback) is in progress")]
    InProgress,
    #[error("release: not found")]
    NotFound,
    #[error("release has no {0} version")]
    NoSuchRevision(u32),
    #[error("the release named \"{0}\" is already deleted")]
    AlreadyDeleted(String),
}

#[derive(Debug, Clone, PartialEq)]
struct Stored {
    rel: ReleaseJson,
    created_at: Timestamp,
    modified_at: Option<Timestamp>,
}

/// The stored revisions of one release, and Helm's operations on them.
#[derive(Debug, Clone, PartialEq)]
pub struct ReleaseHistory {
    name: String,
    namespace: String,
    offset: Offset,
    max_history: usize,
    labels: BTreeMap<String, String>,
    revisions: BTreeMap<u32, Stored>,
    /// `--description`: what a successful install or upgrade says instead of Helm's default.
    description: Option<String>,
}

impl ReleaseHistory {
    /// An empty history; times are written in UTC and at most [`DEFAULT_MAX_HISTORY`]
    /// revisions are kept.
    pub fn new(name: impl Into<String>, namespace: impl Into<String>) -> ReleaseHistory {
        ReleaseHistory {
            name: name.into(),
            namespace: namespace.into(),
            offset: Offset::UTC,
            max_history: DEFAULT_MAX_HISTORY,
            labels: BTreeMap::new(),
            revisions: BTreeMap::new(),
            description: None,
        }
    }

    /// The local UTC offset of the machine "running helm" (times are written in it).
    pub fn with_offset(mut self, offset: Offset) -> ReleaseHistory {
        self.offset = offset;
        self
    }

    /// `--history-max`; 0 means unlimited.
    /// `helm upgrade --description`: what the next successful install or upgrade records.
    pub fn set_description(&mut self, description: Option<String>) {
        self.description = description;
    }

    pub fn with_max_history(mut self, max: usize) -> ReleaseHistory {
        self.max_history = max;
        self
    }

    /// `--labels` for subsequent installs/upgrades (extra Secret labels).
    pub fn with_labels(mut self, labels: BTreeMap<String, String>) -> ReleaseHistory {
        self.labels = labels;
        self
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    /// Stored revisions, oldest first.
    pub fn revisions(&self) -> impl Iterator<Item = &ReleaseJson> {
        self.revisions.values().map(|s| &s.rel)
    }

    pub fn get(&self, revision: u32) -> Option<&ReleaseJson> {
        self.revisions.get(&revision).map(|s| &s.rel)
    }

    /// The highest revision (what `helm status` shows).
    pub fn latest(&self) -> Option<&ReleaseJson> {
        self.revisions.values().next_back().map(|s| &s.rel)
    }

    /// The highest revision whose status is `deployed`.
    pub fn last_deployed(&self) -> Option<&ReleaseJson> {
        self.revisions
            .values()
            .rev()
            .map(|s| &s.rel)
            .find(|r| r.info.status == ReleaseStatus::Deployed)
    }

    /// The Secrets as they currently stand (each as last written), oldest revision first.
    pub fn secrets(&self) -> Vec<Secret> {
        self.revisions
            .values()
            .map(|s| release_secret(&s.rel, s.created_at, s.modified_at))
            .collect()
    }

    fn time(&self, at: Timestamp) -> GoTime {
        GoTime::new(at, self.offset)
    }

    fn create(&mut self, rel: &ReleaseJson, at: Timestamp) -> SecretWrite {
        let stored = Stored {
            rel: rel.clone(),
            created_at: at,
            modified_at: None,
        };
        let secret = release_secret(&stored.rel, at, None);
        self.revisions.insert(rel.version, stored);
        SecretWrite::Create(secret)
    }

    fn update(&mut self, rel: &ReleaseJson, at: Timestamp) -> SecretWrite {
        let created_at = self
            .revisions
            .get(&rel.version)
            .map_or(at, |s| s.created_at);
        let stored = Stored {
            rel: rel.clone(),
            created_at,
            modified_at: Some(at),
        };
        let secret = release_secret(&stored.rel, created_at, Some(at));
        self.revisions.insert(rel.version, stored);
        SecretWrite::Update(secret)
    }

    fn delete(&mut self, revision: u32) -> SecretWrite {
        self.revisions.remove(&revision);
        SecretWrite::Delete {
            namespace: self.namespace.clone(),
            name: secret_name(&self.name, revision),
        }
    }

    /// `Storage.Create`'s "make space for one more": `removeLeastRecent(name, max-1)`, deleting
    /// the oldest revisions but never the last deployed one.
    fn prune_before_create(&mut self, out: &mut Vec<SecretWrite>) {
        if self.max_history == 0 {
            return;
        }
        let keep = self.max_history - 1;
        if self.revisions.len() <= keep {
            return;
        }
        let last_deployed = self.last_deployed().map(|r| r.version);
        let mut doomed = Vec::new();
        for &rev in self.revisions.keys() {
            if self.revisions.len() - doomed.len() == keep {
                break;
            }
            if Some(rev) != last_deployed {
                doomed.push(rev);
            }
        }
        for rev in doomed {
            out.push(self.delete(rev));
        }
    }

    /// Runs the release's hooks for `event` (by weight), recording each start as Helm's
    /// `execHook` does (an Update while the release is still pending). Returns the hook error
    /// text when `outcome` says the (first) hook fails.
    fn run_hooks(
        &mut self,
        rel: &mut ReleaseJson,
        event: &str,
        times: OpTimes,
        outcome: &Outcome,
        out: &mut Vec<SecretWrite>,
    ) -> Option<String> {
        let mut idx: Vec<usize> = (0..rel.hooks.len())
            .filter(|&i| rel.hooks[i].events.iter().any(|e| e == event))
            .collect();
        idx.sort_by_key(|&i| rel.hooks[i].weight);
        let n = idx.len() as i128;
        for (k, i) in idx.into_iter().enumerate() {
            let slot = 400 / n;
            let start = times.at(100 + k as i128 * slot);
            let end = times.at(100 + k as i128 * slot + slot * 9 / 10);
            rel.hooks[i].last_run = HookExecutionJson {
                started_at: self.time(start),
                completed_at: GoTime::ZERO,
                phase: "Running".into(),
            };
            out.push(self.update(rel, start));
            let hook = &mut rel.hooks[i];
            hook.last_run.completed_at = GoTime::new(end, self.offset);
            if let Outcome::HookFailed(msg) = outcome {
                hook.last_run.phase = "Failed".into();
                return Some(format!("warning: Hook {event} {} failed: {msg}", hook.path));
            }
            hook.last_run.phase = "Succeeded".into();
        }
        None
    }

    /// A fresh revision rendered from `chart` (status and description still to be set).
    fn new_release(
        &self,
        chart: &ChartSpec,
        values: Value,
        version: u32,
        first_deployed: GoTime,
        started: Timestamp,
    ) -> ReleaseJson {
        let config = match canonical(values) {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        let r = render(chart, &self.name, &self.namespace, &config);
        let fresh = chart.to_json();
        let chart = match self.latest() {
            Some(latest) if *latest.chart == fresh => latest.chart.clone(),
            _ => Arc::new(fresh),
        };
        ReleaseJson {
            name: self.name.clone(),
            info: InfoJson {
                first_deployed,
                last_deployed: self.time(started),
                deleted: GoTime::ZERO,
                description: String::new(),
                status: ReleaseStatus::Unknown,
                notes: r.notes,
            },
            chart,
            config,
            manifest: r.manifest,
            hooks: r.hooks,
            version,
            namespace: self.namespace.clone(),
            labels: self.labels.clone(),
        }
    }

    /// `helm install`: Create v1 `pending-install` ("Initial install underway"), [hook
    /// updates], Update v1 `deployed` ("Install complete") or `failed` (`Release "X" failed:
    /// ...`). `values` are the user-supplied values (a JSON object).
    pub fn install(
        &mut self,
        chart: &ChartSpec,
        values: Value,
        times: OpTimes,
        outcome: Outcome,
    ) -> Result<Vec<SecretWrite>, HelmOpError> {
        self.install_staged(chart, values, times, outcome)
            .map(Staged::all)
    }

    /// [`Self::install`], its writes split at the moment the operation starts waiting.
    pub fn install_staged(
        &mut self,
        chart: &ChartSpec,
        values: Value,
        times: OpTimes,
        outcome: Outcome,
    ) -> Result<Staged, HelmOpError> {
        if !self.revisions.is_empty() {
            return Err(HelmOpError::NameInUse);
        }
        let mut rel = self.new_release(chart, values, 1, self.time(times.started), times.started);
        rel.info.status = ReleaseStatus::PendingInstall;
        rel.info.description = "Initial install underway".into();
        let mut out = vec![self.create(&rel, times.started)];
        let hook_err = self.run_hooks(&mut rel, "pre-install", times, &outcome, &mut out);
        let split = out.len();
        let failure = hook_err
            .map(|e| format!("failed pre-install: {e}"))
            .or_else(|| outcome.error().map(String::from));
        match failure {
            None => {
                rel.info.status = ReleaseStatus::Deployed;
                rel.info.description = self
                    .description
                    .clone()
                    .unwrap_or_else(|| "Install complete".into());
            }
            Some(err) => {
                rel.info.status = ReleaseStatus::Failed;
                rel.info.description = format!("Release {:?} failed: {err}", self.name);
            }
        }
        out.push(self.update(&rel, times.finished));
        let end = out.split_off(split);
        Ok(Staged { begin: out, end })
    }

    /// `helm upgrade`: [prune], Create vN+1 `pending-upgrade` ("Preparing upgrade"), [hook
    /// updates], then Update the current deployed revision → `superseded` and vN+1 →
    /// `deployed` ("Upgrade complete"); on failure only vN+1 → `failed` (`Upgrade "X" failed:
    /// ...`) and the previous revision stays `deployed`.
    pub fn upgrade(
        &mut self,
        chart: &ChartSpec,
        values: Value,
        times: OpTimes,
        outcome: Outcome,
    ) -> Result<Vec<SecretWrite>, HelmOpError> {
        self.upgrade_staged(chart, values, times, outcome)
            .map(Staged::all)
    }

    /// [`Self::upgrade`], its writes split at the moment the operation starts waiting.
    pub fn upgrade_staged(
        &mut self,
        chart: &ChartSpec,
        values: Value,
        times: OpTimes,
        outcome: Outcome,
    ) -> Result<Staged, HelmOpError> {
        let no_deployed = || HelmOpError::NoDeployedReleases(self.name.clone());
        let last = self.latest().ok_or_else(no_deployed)?;
        if last.info.status.is_pending() {
            return Err(HelmOpError::InProgress);
        }
        let current = if last.info.status == ReleaseStatus::Deployed {
            last
        } else if let Some(d) = self.last_deployed() {
            d
        } else if matches!(
            last.info.status,
            ReleaseStatus::Failed | ReleaseStatus::Superseded
        ) {
            last
        } else {
            return Err(no_deployed());
        };
        let current_rev = current.version;
        let first_deployed = current.info.first_deployed;
        let version = last.version + 1;

        let mut out = Vec::new();
        self.prune_before_create(&mut out);
        let mut rel = self.new_release(chart, values, version, first_deployed, times.started);
        rel.info.status = ReleaseStatus::PendingUpgrade;
        rel.info.description = "Preparing upgrade".into();
        out.push(self.create(&rel, times.started));
        let hook_err = self.run_hooks(&mut rel, "pre-upgrade", times, &outcome, &mut out);
        let split = out.len();
        let failure = hook_err
            .map(|e| format!("pre-upgrade hooks failed: {e}"))
            .or_else(|| outcome.error().map(String::from));
        match failure {
            None => {
                // Helm records the superseded revision even if pruning removed it meanwhile
                // (that Update then fails and is ignored); here it is simply skipped.
                if let Some(prev) = self.get(current_rev).cloned() {
                    let mut prev = prev;
                    prev.info.status = ReleaseStatus::Superseded;
                    out.push(self.update(&prev, times.finished));
                }
                rel.info.status = ReleaseStatus::Deployed;
                rel.info.description = self
                    .description
                    .clone()
                    .unwrap_or_else(|| "Upgrade complete".into());
            }
            Some(err) => {
                rel.info.status = ReleaseStatus::Failed;
                rel.info.description = format!("Upgrade {:?} failed: {err}", self.name);
            }
        }
        out.push(self.update(&rel, times.finished));
        let end = out.split_off(split);
        Ok(Staged { begin: out, end })
    }

    /// `helm rollback X <revision>` (0 = the previous revision): [prune], Create vN+1
    /// `pending-rollback` ("Rollback to R", a copy of revision R's chart, config, manifest, hooks
    /// and notes), then every `deployed` revision → `superseded` and vN+1 → `deployed`. On
    /// failure the latest revision → `superseded` and vN+1 → `failed` (`Rollback "X" failed:
    /// ...`). A failing pre-rollback hook leaves vN+1 `pending-rollback`, as Helm does.
    pub fn rollback(
        &mut self,
        revision: u32,
        times: OpTimes,
        outcome: Outcome,
    ) -> Result<Vec<SecretWrite>, HelmOpError> {
        let current = self.latest().ok_or(HelmOpError::NotFound)?.clone();
        let target = if revision == 0 {
            current.version.saturating_sub(1)
        } else {
            revision
        };
        let prev = self
            .get(target)
            .ok_or(HelmOpError::NoSuchRevision(target))?
            .clone();

        let mut out = Vec::new();
        self.prune_before_create(&mut out);
        let mut rel = ReleaseJson {
            name: self.name.clone(),
            info: InfoJson {
                first_deployed: current.info.first_deployed,
                last_deployed: self.time(times.started),
                deleted: GoTime::ZERO,
                description: format!("Rollback to {target}"),
                status: ReleaseStatus::PendingRollback,
                notes: prev.info.notes.clone(),
            },
            chart: prev.chart.clone(),
            config: prev.config.clone(),
            manifest: prev.manifest.clone(),
            hooks: prev.hooks.clone(),
            version: current.version + 1,
            namespace: self.namespace.clone(),
            labels: prev.labels.clone(),
        };
        out.push(self.create(&rel, times.started));
        if self
            .run_hooks(&mut rel, "pre-rollback", times, &outcome, &mut out)
            .is_some()
        {
            return Ok(out);
        }
        match &outcome {
            Outcome::Succeeded => {
                let deployed: Vec<ReleaseJson> = self
                    .revisions()
                    .filter(|r| r.info.status == ReleaseStatus::Deployed)
                    .cloned()
                    .collect();
                for mut d in deployed {
                    d.info.status = ReleaseStatus::Superseded;
                    out.push(self.update(&d, times.finished));
                }
                rel.info.status = ReleaseStatus::Deployed;
            }
            Outcome::Failed(msg) | Outcome::HookFailed(msg) => {
                if self.revisions.contains_key(&current.version) {
                    let mut cur = current;
                    cur.info.status = ReleaseStatus::Superseded;
                    out.push(self.update(&cur, times.finished));
                }
                rel.info.status = ReleaseStatus::Failed;
                rel.info.description = format!("Rollback {:?} failed: {msg}", self.name);
            }
        }
        out.push(self.update(&rel, times.finished));
        Ok(out)
    }

    /// `helm uninstall`: Update the latest revision → `uninstalling` (`info.deleted` set,
    /// "Deletion in progress (or silently failed)"), then Delete every revision Secret, oldest
    /// first. With `keep_history`: Update the latest → `uninstalled` ("Uninstallation complete")
    /// and every `deployed` revision → `superseded`; the Secrets stay.
    pub fn uninstall(
        &mut self,
        keep_history: bool,
        times: OpTimes,
    ) -> Result<Vec<SecretWrite>, HelmOpError> {
        let mut rel = self.latest().ok_or(HelmOpError::NotFound)?.clone();
        let mut out = Vec::new();
        if rel.info.status == ReleaseStatus::Uninstalled {
            if keep_history {
                return Err(HelmOpError::AlreadyDeleted(self.name.clone()));
            }
            self.purge(&mut out);
            return Ok(out);
        }
        rel.info.status = ReleaseStatus::Uninstalling;
        rel.info.deleted = self.time(times.started);
        rel.info.description = "Deletion in progress (or silently failed)".into();
        out.push(self.update(&rel, times.started));
        if !keep_history {
            self.purge(&mut out);
            return Ok(out);
        }
        rel.info.status = ReleaseStatus::Uninstalled;
        rel.info.description = "Uninstallation complete".into();
        out.push(self.update(&rel, times.finished));
        let deployed: Vec<ReleaseJson> = self
            .revisions()
            .filter(|r| r.info.status == ReleaseStatus::Deployed)
            .cloned()
            .collect();
        for mut d in deployed {
            d.info.status = ReleaseStatus::Superseded;
            out.push(self.update(&d, times.finished));
        }
        Ok(out)
    }

    fn purge(&mut self, out: &mut Vec<SecretWrite>) {
        let revs: Vec<u32> = self.revisions.keys().copied().collect();
        for rev in revs {
            out.push(self.delete(rev));
        }
    }
}

#[cfg(test)]
#[path = "helm_store_tests.rs"]
mod tests;
