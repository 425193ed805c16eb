//! Where the cockpit's working clone of a team's config repo lives: the checkout the config's
//! `repo.path` names, else one it makes under `$XDG_DATA_HOME/stagecoach/repos/<context>/<team>`
//! (`~/.local/share/…` without XDG), one per kube context so that two clusters' teams of the
//! same name never share a clone.

use std::path::{Path, PathBuf};

use crate::config::paths::{data_dir, path_component};

/// The clone's directory: `explicit` (the config's `repo.path`) or the default place.
pub fn clone_dir(explicit: Option<&Path>, context: &str, team: &str) -> Option<PathBuf> {
    if let Some(p) = explicit {
        return Some(p.to_path_buf());
    }
    Some(
        data_dir()?
            .join("repos")
            .join(path_component(context))
            .join(path_component(team)),
    )
}

pub fn is_checkout(dir: &Path) -> bool {
    dir.join(".git").exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_clone_per_context_and_team_with_safe_names() {
        let explicit = Path::new("/home/me/payments-config");
        assert_eq!(clone_dir(Some(explicit), "x", "y").unwrap(), explicit);
        let d = clone_dir(None, "arn:aws:eks:eu/prod", "payments").unwrap();
        assert!(
            d.ends_with("stagecoach/repos/arn_aws_eks_eu_prod/payments"),
            "{}",
            d.display()
        );
    }
}
