//! OSC 52: text handed to the terminal's clipboard with one escape sequence, which works over
//! SSH and through tmux (`set-clipboard on`). The cockpit only ever sets the clipboard, never
//! asks the terminal what it holds (a query would let a remote program read it), and copies at
//! most [`MAX_COPY_BYTES`]: terminals drop longer sequences silently.

use base64::Engine;

/// The most text one copy carries (tmux and xterm accept sequences well above its base64).
pub const MAX_COPY_BYTES: usize = 32 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{len} bytes is more than a copy may hold ({MAX_COPY_BYTES} bytes)")]
pub struct TooBig {
    pub len: usize,
}

/// The sequence that sets the clipboard (`c`) to `text`, BEL-terminated as most terminals
/// expect.
pub fn copy_sequence(text: &str) -> Result<String, TooBig> {
    if text.len() > MAX_COPY_BYTES {
        return Err(TooBig { len: text.len() });
    }
    let b64 = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    Ok(format!("\x1b]52;c;{b64}\x07"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_the_clipboard_and_never_queries_it() {
        let s = copy_sequence("payments-api.payments-qa.svc.cluster.local:80").unwrap();
        assert_eq!(
            s,
            "\x1b]52;c;cGF5bWVudHMtYXBpLnBheW1lbnRzLXFhLnN2Yy5jbHVzdGVyLmxvY2FsOjgw\x07"
        );
        // A query is `52;c;?`: never produced, whatever the text.
        assert!(!copy_sequence("?").unwrap().contains(";?"));
    }

    #[test]
    fn refuses_more_than_the_cap() {
        let big = "x".repeat(MAX_COPY_BYTES + 1);
        assert_eq!(
            copy_sequence(&big),
            Err(TooBig {
                len: MAX_COPY_BYTES + 1
            })
        );
        assert!(copy_sequence(&"x".repeat(MAX_COPY_BYTES)).is_ok());
    }
}
