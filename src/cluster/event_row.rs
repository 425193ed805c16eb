//! An event as `kubectl get events` / `describe` shows it: type, reason, age, count, message.

use jiff::Timestamp;
use k8s_openapi::api::core::v1::Event;

use crate::text::sanitize::Sanitize;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRow {
    /// `Normal` or `Warning`.
    pub type_: String,
    pub reason: String,
    pub message: String,
    pub count: i32,
    pub first: Option<Timestamp>,
    pub last: Option<Timestamp>,
    /// Who reported it: `kubelet`, `default-scheduler`, …
    pub source: String,
    pub object: String,
}

impl Sanitize for EventRow {
    fn sanitize(self) -> Self {
        let EventRow {
            type_,
            reason,
            message,
            count,
            first,
            last,
            source,
            object,
        } = self;
        EventRow {
            type_: type_.sanitize(),
            reason: reason.sanitize(),
            message: message.sanitize(),
            count,
            first,
            last,
            source: source.sanitize(),
            object: object.sanitize(),
        }
    }
}

impl EventRow {
    /// The row of an event, every string sanitised (the message is anyone's text).
    pub fn from_event(e: &Event) -> EventRow {
        let last = e
            .last_timestamp
            .as_ref()
            .map(|t| t.0)
            .or(e.event_time.as_ref().map(|t| t.0))
            .or(e.metadata.creation_timestamp.as_ref().map(|t| t.0));
        EventRow {
            type_: e.type_.clone().unwrap_or_else(|| "Normal".into()),
            reason: e.reason.clone().unwrap_or_default(),
            message: e.message.clone().unwrap_or_default().trim_end().to_string(),
            count: e.count.unwrap_or(1).max(1),
            first: e.first_timestamp.as_ref().map(|t| t.0).or(last),
            last,
            source: e
                .source
                .as_ref()
                .and_then(|s| s.component.clone())
                .or(e.reporting_component.clone())
                .unwrap_or_default(),
            object: format!(
                "{}/{}",
                e.involved_object
                    .kind
                    .clone()
                    .unwrap_or_default()
                    .to_lowercase(),
                e.involved_object.name.clone().unwrap_or_default()
            ),
        }
        .sanitize()
    }

    pub fn is_warning(&self) -> bool {
        self.type_ == "Warning"
    }

    /// kubectl describe's AGE column: `2m (x14 over 20m)`.
    pub fn age_text(&self, now: Timestamp) -> String {
        let last = super::human_duration::age_since(self.last, now);
        if self.count > 1 {
            format!(
                "{last} (x{} over {})",
                self.count,
                super::human_duration::age_since(self.first, now)
            )
        } else {
            last
        }
    }
}
