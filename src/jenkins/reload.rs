//! Reading the answer to "Update configuration" (`POST /configuration-as-code/reload`). The
//! plugin reports a refused configuration with HTTP 200 (an HTML page titled "Error loading
//! configuration", or JSON `{"status":"error"}` from the token endpoint), so the body decides,
//! not the status. A YAML syntax error escapes as a 500 page.

use super::error::{classify, page_text, ErrorKind, JenkinsError, Who};

/// What the cockpit shows while a reload runs, and how it ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReloadPhase {
    /// The POST is on its way.
    Sent,
    /// Applied: the controller answers 503 while it restarts.
    Restarting {
        polls: u32,
    },
    /// Back: the running configuration's system message.
    Applied {
        system_message: String,
    },
    Failed(JenkinsError),
}

/// The reload POST's answer: Ok when the configuration was applied.
pub fn read_answer(
    who: &Who,
    status: u16,
    required_permission: Option<&str>,
    body: &str,
) -> Result<(), JenkinsError> {
    let trimmed = body.trim_start();
    if status == 200 && trimmed.starts_with('{') {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(trimmed) {
            if v["status"] == "error" {
                let m = v["message"].as_str().unwrap_or("refused");
                return Err(refused(m));
            }
        }
        return Ok(());
    }
    if status == 200 && body.contains("Error loading configuration") {
        let text = page_text(body);
        let text = text
            .strip_prefix("Error loading configuration")
            .unwrap_or(&text)
            .trim();
        return Err(refused(text));
    }
    match status {
        200..=399 => Ok(()),
        500 => {
            let text = page_text(body);
            let last = text.lines().last().unwrap_or("").to_string();
            Err(JenkinsError::new(
                ErrorKind::Refused,
                format!("Jenkins could not read the configuration (HTTP 500): {last}"),
            ))
        }
        _ => Err(classify(
            who,
            "Update configuration",
            status,
            required_permission,
            body,
        )),
    }
}

fn refused(text: &str) -> JenkinsError {
    JenkinsError::new(
        ErrorKind::Refused,
        format!("Jenkins refused the configuration (nothing changed): {text}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn who() -> Who {
        Who {
            team: "payments".into(),
            user: "admin".into(),
            token_key: "teams[payments].jenkins.token_file".into(),
        }
    }

    #[test]
    fn a_200_error_page_is_a_refusal() {
        let page = "<html><head><title>Error loading configuration [Jenkins]</title></head><body><h1>Error loading configuration</h1><p>Invalid configuration elements for type: class jenkins.model.Jenkins : systemMesage.<br>Available attributes : mode, numExecutors</p></body></html>";
        let e = read_answer(&who(), 200, None, page).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Refused);
        assert!(e.message.contains("systemMesage"), "{e}");
        assert!(!e.message.contains("<"), "{e}");
        let e = read_answer(
            &who(),
            200,
            None,
            r#"{"status":"error","message":"Failed to reload configuration: x"}"#,
        )
        .unwrap_err();
        assert!(e.message.ends_with("Failed to reload configuration: x"));
        assert_eq!(read_answer(&who(), 302, None, ""), Ok(()));
        assert_eq!(read_answer(&who(), 200, None, ""), Ok(()));
        let e = read_answer(
            &who(),
            500,
            None,
            "<h1>Oops!</h1><pre>org.yaml.snakeyaml.error.YAMLException: bad</pre>",
        )
        .unwrap_err();
        assert!(e.message.contains("YAMLException: bad"), "{e}");
        let e = read_answer(&who(), 403, Some("hudson.model.Hudson.Manage"), "").unwrap_err();
        assert_eq!(e.kind, ErrorKind::Forbidden);
    }
}
