//! The protobuf bodies typed client-go clients POST (`kubectl auth can-i`, `kubectl create
//! namespace` send `application/vnd.kubernetes.protobuf` and accept JSON back): the `k8s\0`
//! envelope (`runtime.Unknown`), then just the fields of `generated.proto` the world reads — a
//! `SelfSubjectAccessReview`'s spec, a Namespace's name and labels — turned into their JSON.

use axum::http::HeaderMap;
use serde_json::{json, Map, Value};

use super::status::ApiError;
use crate::sim::kinds::Kind;

const MAGIC: &[u8] = b"k8s\0";

pub fn is_protobuf(headers: &HeaderMap) -> bool {
    headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/vnd.kubernetes.protobuf"))
}

fn unknown_format(e: String) -> ApiError {
    ApiError::bad_request(format!(
        "the body of the request was in an unknown format: {e}"
    ))
}

/// A write's body as JSON: as sent, or read from protobuf for the kinds the world reads so.
pub fn json_body(headers: &HeaderMap, kind: Kind, body: &[u8]) -> Result<Vec<u8>, ApiError> {
    if !is_protobuf(headers) {
        return Ok(body.to_vec());
    }
    if kind != Kind::Namespace {
        return Err(unknown_format(format!(
            "protobuf bodies of {} are not read by the demo world: send JSON",
            kind.plural()
        )));
    }
    let v = namespace(body).map_err(unknown_format)?;
    Ok(serde_json::to_vec(&v).unwrap_or_default())
}

/// The object inside the `k8s\0` envelope.
fn raw(body: &[u8]) -> Result<&[u8], String> {
    let unknown = body
        .strip_prefix(MAGIC)
        .ok_or("not a protobuf envelope (no k8s magic)")?;
    // runtime.Unknown: 1 typeMeta, 2 raw.
    Ok(field(unknown, 2)?.ok_or("the envelope holds no object")?)
}

/// A Namespace's name and labels (ObjectMeta: 1 name, 11 labels as map entries 1 key, 2 value).
fn namespace(body: &[u8]) -> Result<Value, String> {
    let meta = field(raw(body)?, 1)?.unwrap_or_default();
    let name = field(meta, 1)?.map(|b| String::from_utf8_lossy(b).into_owned());
    let mut labels = Map::new();
    for entry in fields(meta, 11)? {
        let k = field(entry, 1)?.unwrap_or_default();
        let v = field(entry, 2)?.unwrap_or_default();
        labels.insert(
            String::from_utf8_lossy(k).into_owned(),
            String::from_utf8_lossy(v).into_owned().into(),
        );
    }
    Ok(json!({
        "apiVersion": "v1", "kind": "Namespace",
        "metadata": {"name": name.unwrap_or_default(), "labels": labels}
    }))
}

/// A review's body as JSON: as sent, or read from protobuf by `from_protobuf`.
pub fn review_body(
    headers: &HeaderMap,
    body: &[u8],
    from_protobuf: fn(&[u8]) -> Result<Value, String>,
) -> Result<Value, ApiError> {
    if is_protobuf(headers) {
        from_protobuf(body).map_err(unknown_format)
    } else {
        serde_json::from_slice(body).map_err(|e| unknown_format(e.to_string()))
    }
}

/// A `SelfSubjectAccessReview` (its spec) as JSON, or why the bytes are not one.
pub fn access_review(body: &[u8]) -> Result<Value, String> {
    let raw = raw(body)?;
    // SelfSubjectAccessReview: 1 metadata, 2 spec, 3 status.
    let spec = field(raw, 2)?.unwrap_or_default();
    let mut out = Map::new();
    // SelfSubjectAccessReviewSpec: 1 resourceAttributes, 2 nonResourceAttributes.
    if let Some(attrs) = field(spec, 1)? {
        let names = [
            "namespace",
            "verb",
            "group",
            "version",
            "resource",
            "subresource",
            "name",
        ];
        out.insert("resourceAttributes".into(), strings(attrs, &names)?);
    }
    if let Some(attrs) = field(spec, 2)? {
        out.insert(
            "nonResourceAttributes".into(),
            strings(attrs, &["path", "verb"])?,
        );
    }
    Ok(json!({"spec": out}))
}

/// A `SelfSubjectRulesReview` (its spec: 1 namespace) as JSON.
pub fn rules_review(body: &[u8]) -> Result<Value, String> {
    let raw = raw(body)?;
    let spec = field(raw, 2)?.unwrap_or_default();
    Ok(json!({"spec": strings(spec, &["namespace"])?}))
}

/// The string fields numbered 1.. of a message, by name.
fn strings(msg: &[u8], names: &[&str]) -> Result<Value, String> {
    let mut m = Map::new();
    for (i, name) in names.iter().enumerate() {
        if let Some(b) = field(msg, i as u64 + 1)? {
            m.insert(
                (*name).into(),
                String::from_utf8_lossy(b).into_owned().into(),
            );
        }
    }
    Ok(Value::Object(m))
}

/// The last length-delimited field `want` of a message (protobuf: the last one wins).
fn field(msg: &[u8], want: u64) -> Result<Option<&[u8]>, String> {
    Ok(fields(msg, want)?.pop())
}

/// Every length-delimited field `want` of a message, in order (repeated fields, map entries).
fn fields(mut msg: &[u8], want: u64) -> Result<Vec<&[u8]>, String> {
    let mut found = Vec::new();
    while !msg.is_empty() {
        let key = varint(&mut msg)?;
        let (num, wire) = (key >> 3, key & 7);
        match wire {
            0 => {
                varint(&mut msg)?;
            }
            1 | 5 => {
                let n = if wire == 1 { 8 } else { 4 };
                msg = msg.get(n..).ok_or("truncated fixed field")?;
            }
            2 => {
                let len = usize::try_from(varint(&mut msg)?).map_err(|e| e.to_string())?;
                let (v, rest) = (
                    msg.get(..len).ok_or("truncated field")?,
                    msg.get(len..).unwrap_or_default(),
                );
                if num == want {
                    found.push(v);
                }
                msg = rest;
            }
            w => return Err(format!("unsupported wire type {w}")),
        }
    }
    Ok(found)
}

fn varint(b: &mut &[u8]) -> Result<u64, String> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let (&byte, rest) = b.split_first().ok_or("truncated varint")?;
        *b = rest;
        v |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok(v);
        }
    }
    Err("varint too long".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_kubectl_auth_can_i_sends() {
        // `kubectl auth can-i create namespaces` (v1.33), as sent on the wire.
        let mut b = b"k8s\0".to_vec();
        let tm = b"\x0a\x17authorization.k8s.io/v1\x12\x17SelfSubjectAccessReview";
        b.extend([0x0a, tm.len() as u8]);
        b.extend(tm);
        let attrs =
            b"\x0a\x0bpayments-qa\x12\x06create\x1a\x00\x22\x00\x2a\x0anamespaces\x32\x00\x3a\x00";
        let mut spec = vec![0x0a, attrs.len() as u8];
        spec.extend(attrs);
        let mut raw = vec![0x0a, 0x00, 0x12, spec.len() as u8];
        raw.extend(spec);
        raw.extend(b"\x1a\x08\x08\x00\x12\x00\x1a\x00\x20\x00");
        b.extend([0x12, raw.len() as u8]);
        b.extend(raw);
        b.extend(b"\x1a\x00\x22\x00");
        let v = access_review(&b).unwrap();
        let a = &v["spec"]["resourceAttributes"];
        assert_eq!(a["verb"], "create");
        assert_eq!(a["resource"], "namespaces");
        assert_eq!(a["namespace"], "payments-qa");
        assert!(access_review(b"{}").is_err());
    }
}
