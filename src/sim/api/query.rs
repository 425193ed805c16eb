//! List/watch query parameters, parsed and validated as `ValidateListOptions` does.

use super::status::ApiError;
use crate::sim::kinds::Kind;
use crate::sim::selector::{FieldSelector, LabelSelector};

/// Raw `key=value` pairs. kube-rs sends `?&limit=…` and a bare trailing `?`: empty pairs are skipped.
pub fn parse_pairs(query: Option<&str>) -> Vec<(String, String)> {
    query
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(s: &str) -> String {
    let s = s.replace('+', " ");
    urlencoding::decode(&s).map(|c| c.into_owned()).unwrap_or(s)
}

pub fn get<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .rev()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

pub fn flag(pairs: &[(String, String)], key: &str) -> bool {
    matches!(get(pairs, key), Some("true" | "1" | "True" | ""))
        && pairs.iter().any(|(k, _)| k == key)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncludeObject {
    None,
    Metadata,
    Object,
}

#[derive(Debug, Clone)]
pub struct ListOpts {
    pub watch: bool,
    pub resource_version: Option<String>,
    pub rv_match: Option<String>,
    pub allow_bookmarks: bool,
    pub send_initial_events: bool,
    pub labels: LabelSelector,
    pub fields: FieldSelector,
    pub limit: Option<usize>,
    pub continue_token: Option<String>,
    pub timeout_seconds: Option<u64>,
    pub include_object: IncludeObject,
}

impl ListOpts {
    pub fn parse(kind: Kind, pairs: &[(String, String)]) -> Result<Self, ApiError> {
        let labels = LabelSelector::parse(get(pairs, "labelSelector").unwrap_or_default())
            .map_err(ApiError::bad_request)?;
        let fields = FieldSelector::parse(
            get(pairs, "fieldSelector").unwrap_or_default(),
            kind.selectable_fields(),
        )
        .map_err(ApiError::bad_request)?;
        let number = |key: &str| -> Result<Option<u64>, ApiError> {
            match get(pairs, key).filter(|v| !v.is_empty()) {
                None => Ok(None),
                Some(v) => v
                    .parse()
                    .map(Some)
                    .map_err(|_| ApiError::bad_request(format!("invalid value for {key}: {v:?}"))),
            }
        };
        let include_object = match get(pairs, "includeObject") {
            Some("None") => IncludeObject::None,
            Some("Object") => IncludeObject::Object,
            _ => IncludeObject::Metadata,
        };
        let opts = ListOpts {
            watch: flag(pairs, "watch"),
            resource_version: get(pairs, "resourceVersion")
                .filter(|v| !v.is_empty())
                .map(String::from),
            rv_match: get(pairs, "resourceVersionMatch")
                .filter(|v| !v.is_empty())
                .map(String::from),
            allow_bookmarks: flag(pairs, "allowWatchBookmarks"),
            send_initial_events: flag(pairs, "sendInitialEvents"),
            labels,
            fields,
            limit: number("limit")?.filter(|l| *l > 0).map(|l| l as usize),
            continue_token: get(pairs, "continue")
                .filter(|v| !v.is_empty())
                .map(String::from),
            timeout_seconds: number("timeoutSeconds")?,
            include_object,
        };
        opts.validate()?;
        Ok(opts)
    }

    fn validate(&self) -> Result<(), ApiError> {
        const F: &str = "resourceVersionMatch";
        if let Some(m) = &self.rv_match {
            if m != "NotOlderThan" && m != "Exact" {
                return Err(ApiError::invalid_list_options(
                    F,
                    &format!("Unsupported value: \"{m}\": supported values: \"Exact\", \"NotOlderThan\", \"\""),
                ));
            }
            if self.resource_version.is_none() && !self.watch {
                return Err(ApiError::invalid_list_options(
                    F,
                    "Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided",
                ));
            }
            if self.continue_token.is_some() {
                return Err(ApiError::invalid_list_options(
                    F,
                    "Forbidden: resourceVersionMatch is forbidden when continue is provided",
                ));
            }
            if m == "Exact" && self.resource_version.as_deref() == Some("0") {
                return Err(ApiError::invalid_list_options(
                    F,
                    "Forbidden: resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"",
                ));
            }
        }
        if self.watch {
            if self.continue_token.is_some() {
                return Err(ApiError::invalid_list_options(
                    "continue",
                    "Forbidden: continue is forbidden for watch",
                ));
            }
            match (self.send_initial_events, self.rv_match.as_deref()) {
                (true, Some("NotOlderThan")) | (false, None) => {}
                (true, _) => {
                    return Err(ApiError::invalid_list_options(
                        F,
                        "Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan",
                    ))
                }
                (false, Some(_)) => {
                    return Err(ApiError::invalid_list_options(
                        F,
                        "Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided",
                    ))
                }
            }
        } else if self.send_initial_events {
            return Err(ApiError::invalid_list_options(
                "sendInitialEvents",
                "Forbidden: sendInitialEvents is forbidden for list",
            ));
        }
        if self.continue_token.is_some()
            && self.resource_version.as_deref().is_some_and(|rv| rv != "0")
        {
            return Err(ApiError::bad_request(
                "specifying resource version is not allowed when using continue",
            ));
        }
        Ok(())
    }

    pub fn parsed_rv(&self) -> Result<Option<u64>, ApiError> {
        match self.resource_version.as_deref() {
            None => Ok(None),
            Some(v) => v
                .parse()
                .map(Some)
                .map_err(|_| ApiError::bad_request(format!("invalid resource version: {v:?}"))),
        }
    }

    /// Whether an object passes both selectors.
    pub fn matches(&self, obj: &crate::sim::store::Obj) -> bool {
        (self.labels.is_empty() || self.labels.matches(&obj.labels))
            && (self.fields.is_empty() || self.fields.matches(|f| obj.field(f)))
    }
}
