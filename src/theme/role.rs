//! The roles views ask the theme for. A view never names a colour.

use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    HealthOk,
    HealthWarn,
    HealthFailed,
    HealthPending,
    HealthDone,
    Selection,
    Header,
    Title,
    Breadcrumb,
    StatusLine,
    Dim,
    KeyHint,
    BadgeReadonly,
    BadgeStale,
    Error,
    Info,
    Match,
    CurrentMatch,
    Border,
    DiffAdd,
    DiffDel,
    ReleaseDeployed,
    ReleaseFailed,
    ReleasePending,
    ReleaseSuperseded,
    ReleaseUninstalling,
    ReleaseUninstalled,
    /// Colours of console output (ANSI SGR codes of Jenkins' AnsiColor plugin), by name.
    ConsoleRed,
    ConsoleGreen,
    ConsoleYellow,
    ConsoleBlue,
    ConsoleMagenta,
    ConsoleCyan,
}

impl Role {
    pub const COUNT: usize = Role::ConsoleCyan as usize + 1;
}
