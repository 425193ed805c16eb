//! How a team deploys a stage: which Jenkins job deploys or uninstalls it (a name template,
//! `deploy-{stage}` by default, or one job with a stage parameter), and the inverse — which
//! stages a triggered job changes, so that protection goes by the target stage whatever the
//! job is called.

use super::TeamConfig;

/// Deploy or uninstall.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DeployKind {
    Deploy,
    Uninstall,
}

impl DeployKind {
    /// `deploying`, `uninstalling`: what the stage matrix says while it runs.
    pub fn doing(self) -> &'static str {
        match self {
            DeployKind::Deploy => "deploying",
            DeployKind::Uninstall => "uninstalling",
        }
    }

    /// helmfile's subcommand for it (helmfile mode).
    pub fn helmfile_verb(self) -> &'static str {
        match self {
            DeployKind::Deploy => "apply",
            DeployKind::Uninstall => "destroy",
        }
    }

    pub fn verb(self) -> &'static str {
        match self {
            DeployKind::Deploy => "deploy",
            DeployKind::Uninstall => "uninstall",
        }
    }
}

/// `deploy:` — who changes the stages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DeployMode {
    #[default]
    Jenkins,
    Helmfile,
}

/// A team's deploy and uninstall jobs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeployJobs {
    pub mode: DeployMode,
    /// A job's full name (`deploy-{stage}`, `ops/deploy`), `{stage}` replaced by the stage.
    pub deploy_job: String,
    pub uninstall_job: String,
    /// The parameter that names the stage (`STAGE`), for one parameterised job.
    pub stage_param: Option<String>,
    /// The stages the config lists; the others are ad-hoc.
    pub known: Vec<String>,
    /// The jobs (deploy, uninstall) for ad-hoc stages, which take the stage parameter.
    pub adhoc: Option<(String, String)>,
}

impl Default for DeployJobs {
    fn default() -> Self {
        DeployJobs {
            mode: DeployMode::Jenkins,
            deploy_job: DEFAULT_DEPLOY_JOB.into(),
            uninstall_job: DEFAULT_UNINSTALL_JOB.into(),
            stage_param: None,
            known: Vec::new(),
            adhoc: None,
        }
    }
}

/// The stage parameter of ad-hoc jobs when `stage_param` is not set.
pub const DEFAULT_STAGE_PARAM: &str = "STAGE";

pub const DEFAULT_DEPLOY_JOB: &str = "deploy-{stage}";
pub const DEFAULT_UNINSTALL_JOB: &str = "uninstall-{stage}";
const STAGE: &str = "{stage}";

impl DeployJobs {
    /// The team's jobs, checked: an error names the key (`teams[payments].deploy_job`).
    pub fn of_team(t: &TeamConfig) -> Result<DeployJobs, String> {
        let key = |k: &str| format!("teams[{}].{k}", t.name);
        let mode = match t.deploy.as_deref() {
            None | Some("jenkins") => DeployMode::Jenkins,
            Some("helmfile") => DeployMode::Helmfile,
            Some(other) => {
                return Err(format!(
                    "{}: {other:?} is not a deploy mode (jenkins or helmfile)",
                    key("deploy")
                ))
            }
        };
        let stage_param = match t.stage_param.as_deref().map(str::trim) {
            None => None,
            Some(p)
                if !p.is_empty()
                    && p.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.') =>
            {
                Some(p.to_string())
            }
            Some(p) => {
                return Err(format!(
                    "{}: {p:?} is not a parameter name (letters, digits, _ - .)",
                    key("stage_param")
                ))
            }
        };
        let job = |k: &str, v: &Option<String>, default: &str| -> Result<String, String> {
            let v = v.as_deref().unwrap_or(default).trim();
            let parts: Vec<&str> = v.split('/').collect();
            if v.is_empty() || parts.iter().any(|p| p.is_empty()) {
                return Err(format!(
                    "{}: {v:?} is not a job name (a full name such as deploy-{{stage}} or ops/deploy)",
                    key(k)
                ));
            }
            if v.matches(STAGE).count() > 1 {
                return Err(format!("{}: {v:?} names {{stage}} more than once", key(k)));
            }
            // Without either, every stage would run the same job and none would say which.
            if !v.contains(STAGE) && stage_param.is_none() {
                return Err(format!(
                    "{}: {v:?} names no {{stage}}: put {{stage}} in the name or set {}",
                    key(k),
                    key("stage_param")
                ));
            }
            Ok(v.to_string())
        };
        let fixed = |k: &str, v: &str| -> Result<String, String> {
            let v = v.trim();
            if v.is_empty() || v.split('/').any(str::is_empty) || v.contains(STAGE) {
                return Err(format!(
                    "{}: {v:?} is not a job name (a full name such as deploy-adhoc or ops/deploy; the stage goes in its stage parameter)",
                    key(k)
                ));
            }
            Ok(v.to_string())
        };
        let adhoc = match (&t.adhoc_deploy_job, &t.adhoc_uninstall_job) {
            (None, None) => None,
            (Some(d), Some(u)) => Some((
                fixed("adhoc_deploy_job", d)?,
                fixed("adhoc_uninstall_job", u)?,
            )),
            (Some(_), None) | (None, Some(_)) => {
                return Err(format!(
                    "{} and {} go together: set both",
                    key("adhoc_deploy_job"),
                    key("adhoc_uninstall_job")
                ))
            }
        };
        Ok(DeployJobs {
            mode,
            deploy_job: job("deploy_job", &t.deploy_job, DEFAULT_DEPLOY_JOB)?,
            uninstall_job: job("uninstall_job", &t.uninstall_job, DEFAULT_UNINSTALL_JOB)?,
            stage_param,
            known: t.stages.clone(),
            adhoc,
        })
    }

    /// The ad-hoc jobs, when `stage` is one (not in the config's `stages`) and the team has
    /// them.
    fn adhoc_for(&self, stage: &str) -> Option<&(String, String)> {
        self.adhoc
            .as_ref()
            .filter(|_| !self.known.is_empty() && !self.known.iter().any(|k| k == stage))
    }

    fn adhoc_param(&self) -> &str {
        self.stage_param.as_deref().unwrap_or(DEFAULT_STAGE_PARAM)
    }

    fn template(&self, kind: DeployKind) -> &str {
        match kind {
            DeployKind::Deploy => &self.deploy_job,
            DeployKind::Uninstall => &self.uninstall_job,
        }
    }

    /// The job's full name for a stage (`deploy-qa`).
    pub fn job(&self, kind: DeployKind, stage: &str) -> String {
        match (self.adhoc_for(stage), kind) {
            (Some((deploy, _)), DeployKind::Deploy) => deploy.clone(),
            (Some((_, uninstall)), DeployKind::Uninstall) => uninstall.clone(),
            (None, _) => self.template(kind).replace(STAGE, stage),
        }
    }

    /// The parameters the form starts with: the stage parameter, when there is one.
    pub fn prefill(&self, stage: &str) -> Vec<(String, String)> {
        if self.adhoc_for(stage).is_some() {
            return vec![(self.adhoc_param().to_string(), stage.to_string())];
        }
        self.stage_param
            .iter()
            .map(|p| (p.clone(), stage.to_string()))
            .collect()
    }

    /// The stages a build of `job` (full name) with `params` changes, by every rule that could
    /// say so: the job's name against the templates, the stage parameter's value, and the old
    /// `deploy-<stage>`/`uninstall-<stage>` convention. Empty for a job that deploys nothing.
    pub fn targets(&self, job: &str, params: &[(String, String)]) -> Vec<String> {
        let mut out = Vec::new();
        let mut add = |s: &str| {
            let s = s.trim();
            if !s.is_empty() && !out.iter().any(|o| o == s) {
                out.push(s.to_string());
            }
        };
        if let Some((deploy, uninstall)) = &self.adhoc {
            if job == deploy || job == uninstall {
                // Its name says no stage (`deploy-adhoc` is not a stage called adhoc).
                for (k, v) in params {
                    if k == self.adhoc_param() {
                        add(v);
                    }
                }
                return out;
            }
        }
        for kind in [DeployKind::Deploy, DeployKind::Uninstall] {
            let t = self.template(kind);
            if let Some((pre, post)) = t.split_once(STAGE) {
                if let Some(s) = job
                    .strip_prefix(pre)
                    .and_then(|r| r.strip_suffix(post))
                    .filter(|s| !s.is_empty() && !s.contains('/'))
                {
                    add(s);
                }
            }
        }
        let name = job.rsplit('/').next().unwrap_or(job);
        if let Some(s) = name
            .strip_prefix("deploy-")
            .or_else(|| name.strip_prefix("uninstall-"))
        {
            add(s);
        }
        if let Some(p) = &self.stage_param {
            // The stage parameter names the target of the team's deploy job; on any other job a
            // parameter of that name most likely means the same, and erring towards asking for
            // the name is the safe side.
            for (k, v) in params {
                if k == p {
                    add(v);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn team(deploy_job: Option<&str>, stage_param: Option<&str>) -> TeamConfig {
        TeamConfig {
            name: "payments".into(),
            deploy: Some("jenkins".into()),
            deploy_job: deploy_job.map(Into::into),
            stage_param: stage_param.map(Into::into),
            ..TeamConfig::default()
        }
    }

    fn params(kv: &[(&str, &str)]) -> Vec<(String, String)> {
        kv.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn the_default_is_todays_convention() {
        let d = DeployJobs::of_team(&team(None, None)).unwrap();
        assert_eq!(d.job(DeployKind::Deploy, "qa"), "deploy-qa");
        assert_eq!(d.job(DeployKind::Uninstall, "qa"), "uninstall-qa");
        assert!(d.prefill("qa").is_empty());
        assert_eq!(d.targets("deploy-prod", &[]), ["prod"]);
        assert_eq!(d.targets("uninstall-e2e", &[]), ["e2e"]);
        assert!(d.targets("e2e-tests", &[]).is_empty());
    }

    #[test]
    fn one_parameterised_job_is_protected_by_its_stage_parameter() {
        let d = DeployJobs::of_team(&team(Some("ops/deploy"), Some("STAGE"))).unwrap();
        assert_eq!(d.job(DeployKind::Deploy, "prod"), "ops/deploy");
        assert_eq!(d.prefill("prod"), params(&[("STAGE", "prod")]));
        assert_eq!(
            d.targets("ops/deploy", &params(&[("STAGE", "prod"), ("X", "qa")])),
            ["prod"]
        );
        // The uninstall job keeps the default template: its name says the stage.
        assert_eq!(d.targets("uninstall-qa", &[]), ["qa"]);
    }

    #[test]
    fn templates_match_in_folders_and_with_suffixes() {
        let mut t = team(Some("stages/{stage}/deploy"), None);
        t.uninstall_job = Some("teardown-{stage}-now".into());
        let d = DeployJobs::of_team(&t).unwrap();
        assert_eq!(d.targets("stages/prod/deploy", &[]), ["prod"]);
        assert_eq!(d.targets("teardown-qa-now", &[]), ["qa"]);
        assert!(d.targets("stages/deploy", &[]).is_empty());
    }

    #[test]
    fn ad_hoc_stages_go_to_the_ad_hoc_jobs_with_the_stage_parameter() {
        let mut t = team(None, None);
        t.stages = vec!["dev".into(), "prod".into()];
        t.adhoc_deploy_job = Some("deploy-adhoc".into());
        t.adhoc_uninstall_job = Some("uninstall-adhoc".into());
        let d = DeployJobs::of_team(&t).unwrap();
        assert_eq!(d.job(DeployKind::Deploy, "dev"), "deploy-dev");
        assert!(d.prefill("dev").is_empty());
        assert_eq!(d.job(DeployKind::Deploy, "demo"), "deploy-adhoc");
        assert_eq!(d.job(DeployKind::Uninstall, "demo"), "uninstall-adhoc");
        assert_eq!(d.prefill("demo"), params(&[("STAGE", "demo")]));
        // Protection reads the parameter: `prod` through the ad-hoc job is still `prod`.
        assert_eq!(
            d.targets("deploy-adhoc", &params(&[("STAGE", "prod")])),
            ["prod"]
        );
        t.adhoc_uninstall_job = None;
        let e = DeployJobs::of_team(&t).unwrap_err();
        assert!(e.contains("teams[payments].adhoc_uninstall_job"), "{e}");
        t.adhoc_uninstall_job = Some("uninstall-{stage}".into());
        let e = DeployJobs::of_team(&t).unwrap_err();
        assert!(e.contains("stage parameter"), "{e}");
    }

    #[test]
    fn bad_values_name_the_key() {
        let e = DeployJobs::of_team(&team(Some("deploy"), None)).unwrap_err();
        assert!(
            e.contains("teams[payments].deploy_job") && e.contains("stage_param"),
            "{e}"
        );
        let e = DeployJobs::of_team(&team(Some("a//b-{stage}"), None)).unwrap_err();
        assert!(e.contains("teams[payments].deploy_job"), "{e}");
        let e = DeployJobs::of_team(&team(None, Some("a b"))).unwrap_err();
        assert!(e.contains("teams[payments].stage_param"), "{e}");
        let mut t = team(None, None);
        t.deploy = Some("argo".into());
        let e = DeployJobs::of_team(&t).unwrap_err();
        assert!(
            e.contains("teams[payments].deploy") && e.contains("argo"),
            "{e}"
        );
        t.deploy = Some("helmfile".into());
        assert_eq!(DeployJobs::of_team(&t).unwrap().mode, DeployMode::Helmfile);
    }
}
