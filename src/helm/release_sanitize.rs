//! A decoded release cleaned once, as it is decoded: everything in it was written by a chart
//! author or whoever ran `helm install` (notes, descriptions, values, manifests), so every
//! string is sanitised before the app stores it. Multi-line text keeps its newlines.

use serde_json::{Map, Value};

use super::release::{
    Chart, ChartDependency, ChartFile, ChartMaintainer, ChartMetadata, Hook, HookExecution,
    Release, ReleaseInfo,
};
use crate::text::sanitize::{sanitize_text_owned, Sanitize};

impl Sanitize for Release {
    fn sanitize(self) -> Self {
        let Release {
            name,
            namespace,
            version,
            info,
            chart,
            config,
            manifest,
            hooks,
            apply_method,
        } = self;
        Release {
            name: name.sanitize(),
            namespace: namespace.sanitize(),
            version,
            info: info.sanitize(),
            chart: chart.sanitize(),
            config: values(config),
            manifest: sanitize_text_owned(manifest),
            hooks: hooks.sanitize(),
            apply_method: apply_method.sanitize(),
        }
    }
}

impl Sanitize for ReleaseInfo {
    fn sanitize(self) -> Self {
        let ReleaseInfo {
            first_deployed,
            last_deployed,
            deleted,
            description,
            status,
            notes,
            rollback_revision,
        } = self;
        ReleaseInfo {
            first_deployed,
            last_deployed,
            deleted,
            description: description.sanitize(),
            status,
            notes: sanitize_text_owned(notes),
            rollback_revision,
        }
    }
}

impl Sanitize for Chart {
    fn sanitize(self) -> Self {
        let Chart {
            metadata,
            values: defaults,
            templates,
            files,
            schema,
        } = self;
        Chart {
            metadata: metadata.sanitize(),
            values: values(defaults),
            templates: templates.sanitize(),
            files: files.sanitize(),
            schema,
        }
    }
}

impl Sanitize for ChartMetadata {
    fn sanitize(self) -> Self {
        let ChartMetadata {
            name,
            version,
            app_version,
            api_version,
            description,
            chart_type,
            home,
            icon,
            sources,
            keywords,
            maintainers,
            kube_version,
            deprecated,
            annotations,
            dependencies,
        } = self;
        ChartMetadata {
            name: name.sanitize(),
            version: version.sanitize(),
            app_version: app_version.sanitize(),
            api_version: api_version.sanitize(),
            description: description.sanitize(),
            chart_type: chart_type.sanitize(),
            home: home.sanitize(),
            icon: icon.sanitize(),
            sources: sources.sanitize(),
            keywords: keywords.sanitize(),
            maintainers: maintainers.sanitize(),
            kube_version: kube_version.sanitize(),
            deprecated,
            annotations: annotations
                .into_iter()
                .map(|(k, v)| (k.sanitize(), sanitize_text_owned(v)))
                .collect(),
            dependencies: dependencies.sanitize(),
        }
    }
}

impl Sanitize for ChartMaintainer {
    fn sanitize(self) -> Self {
        let ChartMaintainer { name, email, url } = self;
        ChartMaintainer {
            name: name.sanitize(),
            email: email.sanitize(),
            url: url.sanitize(),
        }
    }
}

impl Sanitize for ChartDependency {
    fn sanitize(self) -> Self {
        let ChartDependency {
            name,
            version,
            repository,
            condition,
            alias,
            enabled,
        } = self;
        ChartDependency {
            name: name.sanitize(),
            version: version.sanitize(),
            repository: repository.sanitize(),
            condition: condition.sanitize(),
            alias: alias.sanitize(),
            enabled,
        }
    }
}

impl Sanitize for ChartFile {
    /// The file's bytes are not text the cockpit shows (and are dropped before it keeps a
    /// release); its name is.
    fn sanitize(self) -> Self {
        let ChartFile { name, data } = self;
        ChartFile {
            name: name.sanitize(),
            data,
        }
    }
}

impl Sanitize for Hook {
    fn sanitize(self) -> Self {
        let Hook {
            name,
            kind,
            path,
            manifest,
            events,
            last_run,
            weight,
            delete_policies,
            output_log_policies,
        } = self;
        Hook {
            name: name.sanitize(),
            kind: kind.sanitize(),
            path: path.sanitize(),
            manifest: sanitize_text_owned(manifest),
            events: events.sanitize(),
            last_run: last_run.sanitize(),
            weight,
            delete_policies: delete_policies.sanitize(),
            output_log_policies: output_log_policies.sanitize(),
        }
    }
}

impl Sanitize for HookExecution {
    fn sanitize(self) -> Self {
        let HookExecution {
            started_at,
            completed_at,
            phase,
        } = self;
        HookExecution {
            started_at,
            completed_at,
            phase: phase.sanitize(),
        }
    }
}

/// Values as YAML shows them: keys on one line, string values keeping their newlines (a
/// multi-line value is a YAML block).
fn values(map: Map<String, Value>) -> Map<String, Value> {
    map.into_iter()
        .map(|(k, v)| (k.sanitize(), value(v)))
        .collect()
}

fn value(v: Value) -> Value {
    match v {
        Value::String(s) => Value::String(sanitize_text_owned(s)),
        Value::Array(a) => Value::Array(a.into_iter().map(value).collect()),
        Value::Object(m) => Value::Object(values(m)),
        other => other,
    }
}
