//! Which stage a config-repo file belongs to, by the Helmfile layout's conventions
//! (`values/<stage>/<app>.yaml`, `environments/<stage>.yaml`): a commit touching a protected
//! stage's files needs the stage's name typed.

/// The stage a file's values are for, if the path says so.
pub fn stage_of(path: &str) -> Option<&str> {
    let parts: Vec<&str> = path.split('/').collect();
    match parts.as_slice() {
        ["values", stage, _file] if *stage != "common" => Some(stage),
        ["environments", file] => {
            let stage = file
                .strip_suffix(".yaml.gotmpl")
                .or_else(|| file.strip_suffix(".yaml"))
                .or_else(|| file.strip_suffix(".yml"))?;
            (stage != "common").then_some(stage)
        }
        _ => None,
    }
}

/// The app a stage values file is for (`values/qa/api.yaml` → `api`).
pub fn app_of(path: &str) -> Option<&str> {
    let parts: Vec<&str> = path.split('/').collect();
    match parts.as_slice() {
        ["values", _stage, file] => file
            .strip_suffix(".yaml.gotmpl")
            .or_else(|| file.strip_suffix(".yaml"))
            .or_else(|| file.strip_suffix(".yml")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_and_apps_from_paths() {
        assert_eq!(stage_of("values/prod/api.yaml"), Some("prod"));
        assert_eq!(stage_of("environments/qa.yaml"), Some("qa"));
        assert_eq!(stage_of("values/common/api.yaml"), None);
        assert_eq!(stage_of("environments/common.yaml"), None);
        assert_eq!(stage_of("jenkins/jenkins.yaml"), None);
        assert_eq!(stage_of("helmfile.yaml.gotmpl"), None);
        assert_eq!(app_of("values/qa/api.yaml"), Some("api"));
        assert_eq!(app_of("environments/qa.yaml"), None);
    }
}
