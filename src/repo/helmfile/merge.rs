//! Helm's and Helmfile's merge of values documents: maps deep-merge with the later document
//! winning per key; anything else (lists included) is replaced whole.

use serde_yaml::Value;

pub(crate) fn deep_merge(base: &mut Value, over: &Value) {
    match (base, over) {
        (Value::Mapping(b), Value::Mapping(o)) => {
            for (k, v) in o {
                match b.get_mut(k) {
                    Some(existing) if existing.is_mapping() && v.is_mapping() => {
                        deep_merge(existing, v)
                    }
                    _ => {
                        b.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        // A null document (an empty file) changes nothing.
        (_, Value::Null) => {}
        (b, o) => *b = o.clone(),
    }
}

/// The value at a dotted path (`api.enabled`), if every step is a map that has the key.
pub(crate) fn at_path<'v>(v: &'v Value, dotted: &str) -> Option<&'v Value> {
    dotted
        .split('.')
        .filter(|k| !k.is_empty())
        .try_fold(v, |cur, k| cur.as_mapping()?.get(k))
}
