//! The roles views ask the theme for. A view never names a colour.

use serde::Deserialize;

/// Declares `Role`, each variant's name in theme files and `Role::ALL` in one list, so a role
/// cannot exist without a name or be left out of `ALL` (which sizes the theme's style table).
macro_rules! roles {
    ($($(#[$attr:meta])* $role:ident = $name:literal,)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
        pub enum Role {
            $($(#[$attr])* #[serde(rename = $name)] $role,)*
        }

        impl Role {
            /// Every role in declaration order, so `role as usize` is its index here.
            pub const ALL: &'static [Role] = &[$(Role::$role),*];

            /// The role's key in theme files.
            pub fn name(self) -> &'static str {
                match self {
                    $(Role::$role => $name,)*
                }
            }
        }
    };
}

roles! {
    /// Plain text: what is neither a status nor a heading.
    Text = "text",
    HealthOk = "health_ok",
    HealthWarn = "health_warn",
    HealthFailed = "health_failed",
    HealthPending = "health_pending",
    HealthDone = "health_done",
    Selection = "selection",
    Header = "header",
    Title = "title",
    Breadcrumb = "breadcrumb",
    StatusLine = "status_line",
    Dim = "dim",
    KeyHint = "key_hint",
    BadgeReadonly = "badge_readonly",
    BadgeStale = "badge_stale",
    Error = "error",
    Info = "info",
    Match = "match",
    CurrentMatch = "current_match",
    Border = "border",
    DiffAdd = "diff_add",
    DiffDel = "diff_del",
    ReleaseDeployed = "release_deployed",
    ReleaseFailed = "release_failed",
    ReleasePending = "release_pending",
    ReleaseSuperseded = "release_superseded",
    ReleaseUninstalling = "release_uninstalling",
    ReleaseUninstalled = "release_uninstalled",
    /// Colours of console output (ANSI SGR codes of Jenkins' AnsiColor plugin), by name.
    ConsoleRed = "console_red",
    ConsoleGreen = "console_green",
    ConsoleYellow = "console_yellow",
    ConsoleBlue = "console_blue",
    ConsoleMagenta = "console_magenta",
    ConsoleCyan = "console_cyan",
    /// YAML and describe: keys and labels, string values, other scalars.
    YamlKey = "yaml_key",
    YamlString = "yaml_string",
    YamlScalar = "yaml_scalar",
}
