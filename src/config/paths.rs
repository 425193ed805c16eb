//! Where the user's files live, on every OS the XDG way (users of terminal tools expect XDG on
//! macOS too): config under `$XDG_CONFIG_HOME/stagecoach` (`~/.config/…`), working clones under
//! `$XDG_DATA_HOME/stagecoach` (`~/.local/share/…`), the log and the editor's recovery journal
//! under `$XDG_STATE_HOME/stagecoach` (`~/.local/state/…`).

use std::path::PathBuf;

/// `$VAR/stagecoach`, else `~/<fallback>/stagecoach`.
fn xdg_dir(var: &str, fallback: &str) -> Option<PathBuf> {
    let base = match std::env::var_os(var).filter(|v| !v.is_empty()) {
        Some(x) => PathBuf::from(x),
        None => PathBuf::from(std::env::var_os("HOME")?).join(fallback),
    };
    Some(base.join("stagecoach"))
}

pub fn config_dir() -> Option<PathBuf> {
    xdg_dir("XDG_CONFIG_HOME", ".config")
}

pub fn data_dir() -> Option<PathBuf> {
    xdg_dir("XDG_DATA_HOME", ".local/share")
}

pub fn state_dir() -> Option<PathBuf> {
    xdg_dir("XDG_STATE_HOME", ".local/state")
}

pub fn default_config_file() -> Option<PathBuf> {
    config_dir().map(|d| d.join("config.yaml"))
}

/// A name (a kube context, a team) as one safe path component: `/`, `:` and the like become
/// `_`, and it cannot start with a dot (no `..`, no hidden files).
pub fn path_component(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect::<String>()
        .trim_start_matches('.')
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_one_safe_component() {
        assert_eq!(path_component("arn:aws:eks:eu/prod"), "arn_aws_eks_eu_prod");
        assert_eq!(path_component("../evil"), "_evil");
        assert_eq!(path_component("kind-a.b"), "kind-a.b");
    }
}
