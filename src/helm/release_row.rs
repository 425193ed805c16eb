//! A release revision as the list views know it: read from the storage Secret's labels alone
//! (name, status, version, modifiedAt), so that listing never decodes a payload.

use jiff::Timestamp;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::release::ReleaseStatus;
use crate::text::sanitize::Sanitize;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseRow {
    pub namespace: String,
    /// The Secret's name, `sh.helm.release.v1.<name>.v<revision>`.
    pub secret: String,
    pub name: String,
    pub revision: u32,
    pub status: ReleaseStatus,
    pub modified: Option<Timestamp>,
    /// When the revision was written: the Secret's creation (a status rewrite keeps it),
    /// else Helm's `createdAt` label.
    pub created: Option<Timestamp>,
    /// What is wrong with the labels, shown on the row instead of hiding it.
    pub problem: Option<String>,
}

impl Sanitize for ReleaseRow {
    fn sanitize(self) -> Self {
        let ReleaseRow {
            namespace,
            secret,
            name,
            revision,
            status,
            modified,
            created,
            problem,
        } = self;
        ReleaseRow {
            namespace: namespace.sanitize(),
            secret: secret.sanitize(),
            name: name.sanitize(),
            revision,
            status,
            modified,
            created,
            problem: problem.sanitize(),
        }
    }
}

impl ReleaseRow {
    /// The row of a release Secret, every string sanitised (labels are anyone's text).
    pub fn from_meta(meta: &ObjectMeta) -> ReleaseRow {
        let labels = meta.labels.clone().unwrap_or_default();
        let secret = meta.name.clone().unwrap_or_default();
        let mut problems = Vec::new();
        let name = match labels.get("name") {
            Some(n) => n.clone(),
            None => {
                problems.push("no `name` label");
                // Helm's own naming lets us recover the release name.
                secret
                    .strip_prefix("sh.helm.release.v1.")
                    .and_then(|s| s.rsplit_once(".v"))
                    .map(|(n, _)| n.to_string())
                    .unwrap_or_else(|| secret.clone())
            }
        };
        let revision = match labels.get("version").map(|v| v.parse::<u32>()) {
            Some(Ok(v)) => v,
            Some(Err(_)) => {
                problems.push("bad `version` label");
                0
            }
            None => {
                problems.push("no `version` label");
                0
            }
        };
        let status = match labels.get("status") {
            Some(s) => ReleaseStatus::from_label(s),
            None => {
                problems.push("no `status` label");
                ReleaseStatus::Unknown
            }
        };
        let modified = labels
            .get("modifiedAt")
            .and_then(|v| v.parse::<i64>().ok())
            .and_then(|s| Timestamp::from_second(s).ok())
            .or(meta.creation_timestamp.as_ref().map(|t| t.0));
        let created = meta.creation_timestamp.as_ref().map(|t| t.0).or_else(|| {
            labels
                .get("createdAt")
                .and_then(|v| v.parse::<i64>().ok())
                .and_then(|s| Timestamp::from_second(s).ok())
        });
        ReleaseRow {
            namespace: meta.namespace.clone().unwrap_or_default(),
            secret,
            name,
            revision,
            status,
            modified,
            created,
            problem: (!problems.is_empty()).then(|| problems.join(", ")),
        }
        .sanitize()
    }
}
