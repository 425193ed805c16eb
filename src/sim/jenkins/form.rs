//! Request parsing shared by the endpoints: query strings and form bodies
//! (`application/x-www-form-urlencoded`), `Authorization: Basic`, cookies, and the `delay`
//! parameter of build triggers.

use base64::Engine as _;

/// Decoded `name=value` pairs of a query string or form body, in order.
pub fn pairs(s: &str) -> Vec<(String, String)> {
    let dec = |v: &str| {
        let v = v.replace('+', " ");
        urlencoding::decode(&v).map(|d| d.into_owned()).unwrap_or(v)
    };
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (dec(k), dec(v)),
            None => (dec(p), String::new()),
        })
        .collect()
}

pub fn get<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// `user:secret` from a Basic `Authorization` header; `Err` for a malformed one.
pub fn basic(header: &str) -> Option<Result<(String, String), ()>> {
    let b64 = header
        .strip_prefix("Basic ")
        .or_else(|| header.strip_prefix("basic "))?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(b64.trim())
        .ok()
        .and_then(|b| String::from_utf8(b).ok());
    Some(match decoded.as_deref().and_then(|d| d.split_once(':')) {
        Some((u, p)) => Ok((u.to_string(), p.to_string())),
        None => Err(()),
    })
}

/// `delay=5sec` / `delay=5` → seconds (Jenkins' `TimeDuration`); `None` if absent or bad.
pub fn delay_secs(v: Option<&str>) -> Option<i64> {
    let v = v?.trim();
    let v = v
        .strip_suffix("secs")
        .or_else(|| v.strip_suffix("sec"))
        .unwrap_or(v);
    v.trim().parse::<i64>().ok().map(|n| n.max(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_auth_and_delays() {
        let p = pairs("APPS=api&CONFIG_REF=feature%2Fx&REASON=a+b&flag");
        assert_eq!(get(&p, "CONFIG_REF"), Some("feature/x"));
        assert_eq!(get(&p, "REASON"), Some("a b"));
        assert_eq!(get(&p, "flag"), Some(""));
        assert_eq!(
            basic("Basic YWRtaW46c2VjcmV0"),
            Some(Ok(("admin".into(), "secret".into())))
        );
        assert_eq!(basic("Basic !!!"), Some(Err(())));
        assert_eq!(basic("Bearer x"), None);
        assert_eq!(delay_secs(Some("0sec")), Some(0));
        assert_eq!(delay_secs(Some("12")), Some(12));
        assert_eq!(delay_secs(Some("soon")), None);
    }
}
