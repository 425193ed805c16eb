//! Computed values, as `helm get values --all` shows them: the chart's defaults with the
//! user-supplied values coalesced over them (Helm's `chartutil.CoalesceTables` rules).

use serde_json::{Map, Value};

/// User values win; maps merge key by key, recursively; a user `null` deletes the default.
pub fn coalesce(defaults: &Map<String, Value>, user: &Map<String, Value>) -> Map<String, Value> {
    let mut out = defaults.clone();
    for (k, uv) in user {
        match (out.get_mut(k), uv) {
            (_, Value::Null) => {
                out.remove(k);
            }
            (Some(Value::Object(dm)), Value::Object(um)) => {
                let merged = coalesce(dm, um);
                *dm = merged;
            }
            _ => {
                out.insert(k.clone(), strip_nulls(uv));
            }
        }
    }
    out
}

/// A user map replacing a non-map default keeps no `null` markers: there is nothing to delete.
fn strip_nulls(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), strip_nulls(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Values as YAML text for display (an empty map prints as `{}` like helm's `null`-free output).
pub fn to_yaml(values: &Map<String, Value>) -> String {
    if values.is_empty() {
        return "{}\n".to_string();
    }
    serde_yaml::to_string(values).unwrap_or_else(|e| format!("# cannot show values: {e}\n"))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn map(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn user_values_override_and_maps_merge() {
        let defaults = map(json!({
            "replicaCount": 1,
            "image": {"repository": "payments/api", "tag": "1.0.0", "pullPolicy": "IfNotPresent"},
            "resources": {"limits": {"memory": "256Mi"}},
            "debug": false
        }));
        let user = map(json!({
            "replicaCount": 3,
            "image": {"tag": "2.7.0"},
            "resources": null,
            "extra": {"a": null, "b": 1}
        }));
        let got = coalesce(&defaults, &user);
        assert_eq!(
            Value::Object(got),
            json!({
                "replicaCount": 3,
                "image": {"repository": "payments/api", "tag": "2.7.0", "pullPolicy": "IfNotPresent"},
                "debug": false,
                "extra": {"b": 1}
            })
        );
    }

    #[test]
    fn yaml_of_empty_values_is_an_empty_map() {
        assert_eq!(to_yaml(&Map::new()), "{}\n");
        assert_eq!(to_yaml(&map(json!({"a": 1}))), "a: 1\n");
    }
}
