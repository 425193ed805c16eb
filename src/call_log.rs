//! One write the cockpit made (a git commit or push, a Jenkins build, a reload), with the command
//! line a user would type to do or check the same. The areas' I/O halves record them; the `@`
//! screen lists them, so a user can always see and repeat what was done.

use jiff::Timestamp;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub at: Timestamp,
    /// What it was for, in a few words (`push payments-config`).
    pub what: String,
    /// The equivalent command line (`git -C ~/… push origin main`).
    pub command: String,
    pub ok: bool,
    /// The outcome in one line (`pushed a1b2c3d`, or the error).
    pub outcome: String,
}

impl Call {
    pub fn new(what: impl Into<String>, command: impl Into<String>) -> Call {
        Call {
            at: Timestamp::now(),
            what: what.into(),
            command: command.into(),
            ok: true,
            outcome: String::new(),
        }
    }

    pub fn ended(mut self, result: Result<String, String>) -> Call {
        match result {
            Ok(s) => {
                self.ok = true;
                self.outcome = s;
            }
            Err(e) => {
                self.ok = false;
                self.outcome = e;
            }
        }
        self
    }
}
