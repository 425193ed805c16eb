//! Who lives in the world: teams, their stages and their applications. Deterministic for a
//! seed; `--scale N` multiplies the teams so that the pod count grows N-fold.

use super::logs::Lang;

/// Advisory's presentation stage: installed once weeks ago and left up, with no deploy, no
/// build and no restart since — the idle stage `:cost` finds in the demo.
pub const IDLE_STAGE: &str = "stage-ceo-presentation";

pub const STAGES: [&str; 4] = ["dev", "e2e", "qa", "prod"];

/// How an application's pods behave in one stage: the failure catalogue of the world.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behaviour {
    Healthy,
    /// Crashes after a short run; the last state says why.
    CrashLoop {
        oom: bool,
    },
    /// The image tag does not exist: ErrImagePull ↔ ImagePullBackOff.
    ImagePull,
    /// Asks for more memory than any node has.
    Unschedulable,
    /// A referenced Secret is missing.
    ConfigError,
    /// Runs, but its readiness probe fails.
    NotReady,
}

#[derive(Debug, Clone)]
pub struct App {
    /// Short name, e.g. `api`; the release and deployment are `<team>-<short>`.
    pub short: &'static str,
    pub lang: Lang,
    pub chart_version: &'static str,
    pub app_version: &'static str,
    /// A log-shipping sidecar next to the app container.
    pub sidecar: bool,
}

#[derive(Debug, Clone)]
pub struct Team {
    pub name: String,
    /// Position in the world's team list: picks which of its apps misbehave where.
    pub index: usize,
    pub apps: Vec<App>,
    /// Ad-hoc stages beyond the standard ones, e.g. `stage-demo`.
    pub adhoc: Vec<String>,
}

impl Team {
    pub fn stages(&self) -> Vec<String> {
        STAGES
            .iter()
            .map(|s| s.to_string())
            .chain(self.adhoc.iter().cloned())
            .collect()
    }

    /// Whether the team deploys its stages with Jenkins jobs (else with Helmfile by hand).
    pub fn deploys_by_jenkins(&self) -> bool {
        self.name != "logistics"
    }

    /// Whether the team keeps a branch per stage (`config_repo::stage_branches`), the other
    /// model of promotion; the others keep one branch with per-stage values.
    pub fn branch_per_stage(&self) -> bool {
        self.name == "advisory"
    }

    pub fn namespace(&self, stage: &str) -> String {
        format!("{}-{}", self.name, stage)
    }
}

const PAYMENTS: &[App] = &[
    App {
        short: "api",
        lang: Lang::Java,
        chart_version: "1.4.2",
        app_version: "2.7.0",
        sidecar: true,
    },
    App {
        short: "ledger",
        lang: Lang::Go,
        chart_version: "0.9.1",
        app_version: "0.9.1",
        sidecar: false,
    },
    App {
        short: "fraud-check",
        lang: Lang::Python,
        chart_version: "2.1.0",
        app_version: "2.4.1",
        sidecar: false,
    },
    App {
        short: "gateway",
        lang: Lang::Go,
        chart_version: "3.0.4",
        app_version: "3.0.4",
        sidecar: false,
    },
    App {
        short: "notifications",
        lang: Lang::Node,
        chart_version: "1.1.7",
        app_version: "1.12.3",
        sidecar: false,
    },
    App {
        short: "statements",
        lang: Lang::Java,
        chart_version: "0.5.0",
        app_version: "0.5.2",
        sidecar: false,
    },
    App {
        short: "web",
        lang: Lang::Node,
        chart_version: "4.2.0",
        app_version: "4.2.0",
        sidecar: false,
    },
    App {
        short: "scheduler",
        lang: Lang::Python,
        chart_version: "0.3.3",
        app_version: "0.3.3",
        sidecar: false,
    },
];

const ADVISORY: &[App] = &[
    App {
        short: "portfolio",
        lang: Lang::Java,
        chart_version: "2.0.1",
        app_version: "5.1.0",
        sidecar: true,
    },
    App {
        short: "recommendations",
        lang: Lang::Python,
        chart_version: "1.3.0",
        app_version: "1.3.0",
        sidecar: false,
    },
    App {
        short: "market-data",
        lang: Lang::Go,
        chart_version: "0.12.0",
        app_version: "0.12.2",
        sidecar: false,
    },
    App {
        short: "reports",
        lang: Lang::Java,
        chart_version: "1.0.9",
        app_version: "1.0.9",
        sidecar: false,
    },
    App {
        short: "advisor-ui",
        lang: Lang::Node,
        chart_version: "3.3.1",
        app_version: "3.3.1",
        sidecar: false,
    },
    App {
        short: "profile",
        lang: Lang::Go,
        chart_version: "1.8.0",
        app_version: "1.8.4",
        sidecar: false,
    },
    App {
        short: "notes",
        lang: Lang::Node,
        chart_version: "0.4.0",
        app_version: "0.4.0",
        sidecar: false,
    },
];

const LOGISTICS: &[App] = &[
    App {
        short: "tracking",
        lang: Lang::Go,
        chart_version: "1.2.0",
        app_version: "1.2.0",
        sidecar: false,
    },
    App {
        short: "routing",
        lang: Lang::Java,
        chart_version: "0.8.3",
        app_version: "0.8.3",
        sidecar: false,
    },
    App {
        short: "warehouse",
        lang: Lang::Python,
        chart_version: "2.2.2",
        app_version: "2.2.5",
        sidecar: false,
    },
    App {
        short: "carrier-sync",
        lang: Lang::Node,
        chart_version: "0.6.1",
        app_version: "0.6.1",
        sidecar: false,
    },
    App {
        short: "labels",
        lang: Lang::Go,
        chart_version: "1.0.0",
        app_version: "1.0.3",
        sidecar: true,
    },
    App {
        short: "eta",
        lang: Lang::Python,
        chart_version: "0.2.0",
        app_version: "0.2.0",
        sidecar: false,
    },
];

const EXTRA_TEAMS: &[&str] = &[
    "billing",
    "checkout",
    "identity",
    "catalog",
    "search",
    "pricing",
    "risk",
    "onboarding",
    "compliance",
    "insights",
    "messaging",
    "inventory",
    "loyalty",
    "claims",
    "lending",
    "treasury",
    "support",
    "analytics",
    "partners",
];

/// The world's teams for a scale: `payments`, `advisory` and `logistics` always, then more for N > 1.
pub fn teams(scale: u32) -> Vec<Team> {
    let mut out = vec![
        Team {
            name: "payments".into(),
            index: 0,
            apps: PAYMENTS.to_vec(),
            adhoc: vec!["stage-demo".into()],
        },
        Team {
            name: "advisory".into(),
            index: 1,
            apps: ADVISORY.to_vec(),
            adhoc: vec!["stage-ceo-presentation".into()],
        },
        Team {
            name: "logistics".into(),
            index: 2,
            apps: LOGISTICS.to_vec(),
            adhoc: vec![],
        },
    ];
    let wanted = 3 * scale.max(1) as usize;
    let mut i = 0;
    while out.len() < wanted {
        let name = match EXTRA_TEAMS.get(i) {
            Some(n) => n.to_string(),
            None => format!("team{:03}", i - EXTRA_TEAMS.len() + 1),
        };
        let apps = [PAYMENTS, ADVISORY, LOGISTICS][i % 3];
        out.push(Team {
            name,
            index: out.len(),
            apps: apps.to_vec(),
            adhoc: vec!["stage-demo".into()],
        });
        i += 1;
    }
    out
}

/// Replicas of an app in a stage.
pub fn replicas(stage: &str) -> u32 {
    match stage {
        "prod" => 4,
        "qa" | "dev" | "e2e" => 2,
        _ => 1,
    }
}

/// Which app misbehaves where, and how: a fixed plan so every stage shows something an
/// on-call engineer would recognise, and the seed varies only details.
pub fn behaviour(team_index: usize, app_index: usize, stage: &str) -> Behaviour {
    let rot = |n: usize| (app_index + team_index) % n;
    match (stage, rot(8)) {
        ("qa", 5) => Behaviour::CrashLoop { oom: true },
        ("qa", 3) => Behaviour::NotReady,
        ("dev", 1) => Behaviour::CrashLoop { oom: false },
        ("dev", 4) => Behaviour::ConfigError,
        ("dev", 6) => Behaviour::Unschedulable,
        ("e2e", 2) => Behaviour::ImagePull,
        ("e2e", 5) => Behaviour::CrashLoop { oom: false },
        ("prod", 7) => Behaviour::NotReady,
        (s, 2) if s.starts_with("stage-") => Behaviour::ImagePull,
        (s, 0) if s.starts_with("stage-") => Behaviour::CrashLoop { oom: true },
        _ => Behaviour::Healthy,
    }
}

/// What an app's container needs and gets by default, per language: (memory request, memory
/// limit, the memory it actually uses at peak in MiB, a limit below that peak). A limit under
/// the peak gets the container OOMKilled: that is how the demo's values can break a stage.
pub fn memory_profile(lang: Lang) -> (&'static str, &'static str, u64, &'static str) {
    match lang {
        Lang::Java => ("512Mi", "768Mi", 600, "560Mi"),
        Lang::Python => ("256Mi", "1Gi", 300, "280Mi"),
        Lang::Go => ("128Mi", "256Mi", 160, "144Mi"),
        Lang::Node => ("128Mi", "256Mi", 180, "160Mi"),
    }
}

/// Whether the demo registry holds `image`: the team's repository for the app, with a release
/// tag (`2.7.1`) or a CI build tag (`2.7.1-b104`) of the app's major version. Release
/// candidates (`2.7.1-rc1`), other majors and typos are not there: pulling them fails.
pub fn registry_has(team: &str, app: &App, image: &str) -> bool {
    let Some((repo, tag)) = image.rsplit_once(':') else {
        return false;
    };
    if repo != format!("registry.example.com/{team}/{}", app.short) {
        return false;
    }
    let (version, build) = match tag.split_once('-') {
        Some((v, b)) => (v, Some(b)),
        None => (tag, None),
    };
    let build_ok = build.is_none_or(|b| {
        b.strip_prefix('b')
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|c| c.is_ascii_digit()))
    });
    let parts: Vec<&str> = version.split('.').collect();
    let numeric = parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()));
    let major = app.app_version.split('.').next().unwrap_or_default();
    build_ok && numeric && parts[0] == major
}

#[cfg(test)]
mod registry_tests {
    use super::*;

    #[test]
    fn the_registry_holds_releases_and_builds_of_the_apps_major() {
        let api = &PAYMENTS[0];
        let repo = "registry.example.com/payments/api";
        assert!(registry_has("payments", api, &format!("{repo}:2.7.0")));
        assert!(registry_has("payments", api, &format!("{repo}:2.7.1")));
        assert!(registry_has("payments", api, &format!("{repo}:2.7.0-b104")));
        assert!(!registry_has("payments", api, &format!("{repo}:2.7.0-rc1")));
        assert!(!registry_has("payments", api, &format!("{repo}:3.0.0")));
        assert!(!registry_has("payments", api, &format!("{repo}:2.7")));
        assert!(!registry_has("payments", api, &format!("{repo}:latest")));
        assert!(!registry_has(
            "payments",
            api,
            "registry.example.com/api:2.7.0"
        ));
        assert!(!registry_has("advisory", api, &format!("{repo}:2.7.0")));
    }
}
