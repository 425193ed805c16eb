//! What went wrong talking to a Jenkins, in words that say what to do: a 401 names the config
//! key that holds the token, a 403 the permission Jenkins wants. Pure: the client hands in the
//! status, headers and body it got. Every message is passed through `secrets::redact`
//! and the sanitiser.

use std::fmt;

use crate::text::sanitize::sanitize_text;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The token reference in the config is missing, unreadable or not private.
    Token,
    Unauthorized,
    Forbidden,
    /// 403 "No valid crumb was included in the request" even after a fresh crumb.
    Crumb,
    NotFound,
    /// 400/405/409: the server refused the request as made (not buildable, bad parameter).
    Refused,
    /// 503: (re)starting, or overloaded.
    Unavailable,
    Server,
    Timeout,
    Connect,
    /// An answer that is not what the API documents.
    Decode,
    /// `--readonly`: the runner did not send a write.
    ReadOnly,
    /// A job that changes a protected stage, without the stage's name typed.
    Protected,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JenkinsError {
    pub kind: ErrorKind,
    pub message: String,
}

impl fmt::Display for JenkinsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for JenkinsError {}

impl JenkinsError {
    pub fn new(kind: ErrorKind, message: impl AsRef<str>) -> JenkinsError {
        JenkinsError {
            kind,
            message: sanitize_text(&crate::secrets::redact(message.as_ref())),
        }
    }

    /// Worth trying again later by itself (a poll keeps polling, with back-off).
    pub fn is_transient(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::Unavailable | ErrorKind::Server | ErrorKind::Timeout | ErrorKind::Connect
        )
    }

    /// A short label for a status line: `401`, `timeout`…
    pub fn label(&self) -> &'static str {
        match self.kind {
            ErrorKind::Token => "token",
            ErrorKind::Unauthorized => "401",
            ErrorKind::Forbidden | ErrorKind::Crumb => "403",
            ErrorKind::NotFound => "404",
            ErrorKind::Refused => "refused",
            ErrorKind::Unavailable => "503",
            ErrorKind::Server => "5xx",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Connect => "unreachable",
            ErrorKind::Decode => "bad answer",
            ErrorKind::ReadOnly => "read-only",
            ErrorKind::Protected => "protected",
        }
    }
}

/// Who is asking, for messages: the team, the user and the config key of the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Who {
    pub team: String,
    pub user: String,
    /// `teams[payments].jenkins.token_file (~/.config/stagecoach/payments.token)`.
    pub token_key: String,
}

/// An HTTP answer that is not a success, read into an error.
pub fn classify(
    who: &Who,
    what: &str,
    status: u16,
    required_permission: Option<&str>,
    body: &str,
) -> JenkinsError {
    let text = page_text(body);
    let detail = first_line(&text);
    match status {
        401 => JenkinsError::new(
            ErrorKind::Unauthorized,
            format!(
                "{what}: 401 Unauthorized — {}'s Jenkins rejected user {:?} with its API token; fix {}",
                who.team, who.user, who.token_key
            ),
        ),
        403 if text.contains("No valid crumb") => JenkinsError::new(
            ErrorKind::Crumb,
            format!("{what}: 403 No valid crumb was included in the request (even with a fresh crumb)"),
        ),
        403 => {
            let why = match (required_permission, detail.is_empty()) {
                (Some(p), _) => format!("user {:?} lacks the permission {p}", who.user),
                (None, false) => detail,
                (None, true) => format!("user {:?} may not do this", who.user),
            };
            JenkinsError::new(ErrorKind::Forbidden, format!("{what}: 403 Forbidden — {why}"))
        }
        404 => JenkinsError::new(
            ErrorKind::NotFound,
            format!("{what}: 404 Not Found (gone, renamed, or not visible to {:?})", who.user),
        ),
        503 => JenkinsError::new(
            ErrorKind::Unavailable,
            format!("{what}: 503 Service Unavailable — Jenkins is (re)starting or overloaded"),
        ),
        500..=599 => JenkinsError::new(
            ErrorKind::Server,
            format!("{what}: {status} server error{}", suffix(&detail)),
        ),
        _ => JenkinsError::new(
            ErrorKind::Refused,
            format!("{what}: {status}{}", suffix(&detail)),
        ),
    }
}

fn suffix(detail: &str) -> String {
    if detail.is_empty() {
        String::new()
    } else {
        format!(" — {detail}")
    }
}

/// The most telling line of an error page: Jetty's message, else the first heading or text.
fn first_line(text: &str) -> String {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let first = lines.next().unwrap_or("").trim();
    let pick = if let Some(m) = first.strip_prefix("HTTP ERROR ") {
        // "HTTP ERROR 409 deploy-prod is not buildable" → the message.
        m.split_once(' ').map_or(m, |(_, rest)| rest)
    } else if first == "Oops!" {
        text.lines()
            .rfind(|l| !l.trim().is_empty())
            .unwrap_or(first)
    } else {
        first
    };
    let pick: String = pick.chars().take(300).collect();
    pick.trim().to_string()
}

/// The text of an HTML page (or a plain body): tags removed, block ends as line breaks,
/// entities decoded, blank lines dropped, `<head>` left out; sanitised.
pub fn page_text(body: &str) -> String {
    let body = match (body.find("<head"), body.find("</head>")) {
        (Some(a), Some(b)) if b > a => format!("{}{}", &body[..a], &body[b + 7..]),
        _ => body.to_string(),
    };
    let mut out = String::new();
    let mut rest = body.as_str();
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let Some(j) = rest[i..].find('>') else {
            rest = "";
            break;
        };
        let tag = rest[i + 1..i + j].to_ascii_lowercase();
        let name = tag.trim_start_matches('/');
        let name = name.split_whitespace().next().unwrap_or("");
        if matches!(
            name,
            "br" | "p" | "li" | "h1" | "h2" | "h3" | "tr" | "pre" | "div" | "ul" | "title"
        ) {
            out.push('\n');
        } else if matches!(name, "td" | "th") {
            out.push(' ');
        }
        rest = &rest[i + j + 1..];
    }
    out.push_str(rest);
    let decoded = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    let clean = sanitize_text(&decoded);
    clean
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn who() -> Who {
        Who {
            team: "payments".into(),
            user: "admin".into(),
            token_key: "teams[payments].jenkins.token_file (/tmp/t)".into(),
        }
    }

    #[test]
    fn statuses_read_as_what_to_do() {
        let e = classify(
            &who(),
            "jobs",
            401,
            None,
            "<html>Invalid password/token</html>",
        );
        assert_eq!(e.kind, ErrorKind::Unauthorized);
        assert!(
            e.message.contains("fix teams[payments].jenkins.token_file"),
            "{e}"
        );
        let e = classify(
            &who(),
            "reload",
            403,
            Some("hudson.model.Hudson.Manage"),
            "<h2>HTTP ERROR 403 viewer is missing the Overall/Manage permission</h2>",
        );
        assert!(e.message.contains("hudson.model.Hudson.Manage"), "{e}");
        let e = classify(
            &who(),
            "build deploy-prod",
            409,
            None,
            "<html><head><title>Error 409</title></head><body><h2>HTTP ERROR 409 deploy-prod is not buildable</h2><table><tr><th>MESSAGE:</th><td>deploy-prod is not buildable</td></tr></table></body></html>",
        );
        assert_eq!(
            e.message,
            "build deploy-prod: 409 — deploy-prod is not buildable"
        );
        let e = classify(
            &who(),
            "x",
            403,
            None,
            "No valid crumb was included in the request",
        );
        assert_eq!(e.kind, ErrorKind::Crumb);
        assert!(classify(&who(), "x", 503, None, "").is_transient());
    }

    #[test]
    fn page_text_reads_html() {
        assert_eq!(
            page_text("<html><head><title>T</title></head><body><h1>Error loading configuration</h1><p>a &amp; b<br>c</p><ul><li>x</li></ul></body></html>"),
            "Error loading configuration\na & b\nc\nx"
        );
    }
}
