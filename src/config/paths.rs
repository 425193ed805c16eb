//! Where the user's files live: `$XDG_CONFIG_HOME/stagecoach`, else `~/.config/stagecoach`, on
//! every OS (users of terminal tools expect XDG on macOS too).

use std::path::PathBuf;

pub fn config_dir() -> Option<PathBuf> {
    let base = match std::env::var_os("XDG_CONFIG_HOME").filter(|v| !v.is_empty()) {
        Some(x) => PathBuf::from(x),
        None => PathBuf::from(std::env::var_os("HOME")?).join(".config"),
    };
    Some(base.join("stagecoach"))
}

pub fn default_config_file() -> Option<PathBuf> {
    config_dir().map(|d| d.join("config.yaml"))
}
