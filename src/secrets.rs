//! Secrets the process holds (tokens from the kubeconfig and the config's references), so that
//! anything that might print them — a panic message, an error text — can redact them first.

use std::sync::Mutex;

static SECRETS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Remembers a secret for redaction. Short strings are ignored: redacting "a" would shred text.
pub fn register(secret: &str) {
    if secret.len() < 8 {
        return;
    }
    if let Ok(mut s) = SECRETS.lock() {
        if !s.iter().any(|x| x == secret) {
            s.push(secret.to_string());
        }
    }
}

/// The text with every registered secret replaced by `<redacted>`.
pub fn redact(text: &str) -> String {
    let mut out = text.to_string();
    // A poisoned lock still holds the list; never panic here (we may be in a panic hook).
    let guard = match SECRETS.lock() {
        Ok(g) => g,
        Err(p) => p.into_inner(),
    };
    for s in guard.iter() {
        if out.contains(s.as_str()) {
            out = out.replace(s.as_str(), "<redacted>");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn redacts_registered_secrets() {
        super::register("admin.0123456789abcdef");
        super::register("short");
        assert_eq!(
            super::redact("token admin.0123456789abcdef rejected, short"),
            "token <redacted> rejected, short"
        );
    }
}
