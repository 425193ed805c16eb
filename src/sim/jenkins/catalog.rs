//! Which jobs a team's Jenkins has: a multibranch project per application (`main` and, for
//! some, a feature branch), `deploy-<stage>` and `uninstall-<stage>` per stage for teams that
//! deploy through Jenkins, `e2e-tests`, and a plain folder with a freestyle nightly job. Also
//! how each job gets builds on its own, and the people who trigger them.

use jiff::{SignedDuration, Timestamp};
use rand::Rng;

use super::model::{Auto, AutoPlan, Folder, Item, Job, JobKind, ParamDef};
use super::rng::rng_for;
use crate::sim::world::catalog::Team;

/// Seeded history starts this long before the world's start.
pub const HISTORY: SignedDuration = SignedDuration::from_hours(36);

/// Colleagues whose names appear in `UserIdCause`s of the seeded history.
pub const PEOPLE: &[(&str, &str)] = &[
    ("alice", "Alice Jensen"),
    ("bob", "Bob Okafor"),
    ("chen", "Chen Wei"),
    ("dana", "Dana Ruiz"),
];

const TOPICS: &[&str] = &[
    "feature/checkout-v2",
    "bugfix/timeout-retry",
    "feature/new-dashboard",
    "feature/faster-ledger",
];

fn s(v: &str) -> String {
    v.to_string()
}

fn job(name: String, kind: JobKind, description: String, params: Vec<ParamDef>) -> Job {
    Job {
        display_name: name.replace("%2F", "/"),
        name,
        description,
        kind,
        freestyle: false,
        params,
        disabled: false,
        builds: Vec::new(),
        next_number: 1,
        auto: None,
    }
}

fn deploy_params(team: &Team) -> Vec<ParamDef> {
    let mut apps = vec![s("all")];
    apps.extend(team.apps.iter().map(|a| a.short.to_string()));
    vec![
        ParamDef::Choice {
            name: s("APPS"),
            choices: apps,
            description: s("Which releases to apply (helmfile --selector name=<team>-<app>)"),
        },
        ParamDef::String {
            name: s("CONFIG_REF"),
            default: s("main"),
            description: s("Branch or commit of the config repo to deploy from"),
        },
        ParamDef::Boolean {
            name: s("DRY_RUN"),
            default: false,
            description: s("Only show what would change (helmfile diff)"),
        },
    ]
}

/// The jobs that deploy and uninstall ad-hoc stages, and their stage parameter.
pub const ADHOC_DEPLOY_JOB: &str = "deploy-adhoc";
pub const ADHOC_UNINSTALL_JOB: &str = "uninstall-adhoc";
pub const ADHOC_STAGE_PARAM: &str = "STAGE";

fn uninstall_params() -> Vec<ParamDef> {
    vec![
        ParamDef::Boolean {
            name: s("CONFIRM"),
            default: false,
            description: s("Tick to really uninstall every release of the stage"),
        },
        ParamDef::String {
            name: s("REASON"),
            default: String::new(),
            description: s("Why (shown in the build description)"),
        },
    ]
}

fn e2e_params() -> Vec<ParamDef> {
    vec![
        ParamDef::Choice {
            name: s("SUITE"),
            choices: vec![s("smoke"), s("full"), s("regression")],
            description: s("Test suite to run"),
        },
        ParamDef::String {
            name: s("TARGET_STAGE"),
            default: s("e2e"),
            description: s("Stage the tests run against"),
        },
    ]
}

/// The team's items, root level sorted by name as Jenkins lists them. Auto plans start in the
/// past so that ticking to the world's start lays down the history.
pub fn items(team: &Team, deploys_by_jenkins: bool, start: Timestamp, seed: u64) -> Vec<Item> {
    let mut rng = rng_for(seed, &[&team.name, "catalog"], 0);
    let from = start - HISTORY;
    let auto = |plan: AutoPlan, rng: &mut rand_chacha::ChaCha8Rng| {
        let spread = match plan {
            AutoPlan::Chain => 600,
            AutoPlan::Every { max, .. } => max,
        };
        Some(Auto {
            plan,
            next_at: from + SignedDuration::from_secs(rng.random_range(0..spread)),
        })
    };
    let mut out = Vec::new();
    for (i, app) in team.apps.iter().enumerate() {
        let mut branches = Vec::new();
        let mut names = vec![s("main")];
        if i % 2 == 0 {
            names.push(s(TOPICS[i / 2 % TOPICS.len()]));
        }
        for b in names {
            let mut j = job(
                b.replace('/', "%2F"),
                JobKind::Branch {
                    app: app.short.to_string(),
                    branch: b.clone(),
                },
                String::new(),
                Vec::new(),
            );
            let (min, max) = if b == "main" {
                (1_800, 5_400)
            } else {
                (3_600, 10_800)
            };
            j.next_number = if b == "main" {
                rng.random_range(120..600)
            } else {
                rng.random_range(1..12)
            };
            j.auto = auto(AutoPlan::Every { min, max }, &mut rng);
            branches.push(Item::Job(j));
        }
        out.push(Item::Folder(Folder {
            name: app.short.to_string(),
            description: format!(
                "{}-{}: builds every branch of its repository",
                team.name, app.short
            ),
            multibranch: true,
            items: branches,
        }));
    }
    if deploys_by_jenkins {
        for stage in team.stages() {
            let ns = team.namespace(&stage);
            let mut d = job(
                format!("deploy-{stage}"),
                JobKind::Deploy {
                    stage: stage.clone(),
                },
                format!("helmfile -e {stage} apply: deploys the config repo's state of {ns}"),
                deploy_params(team),
            );
            d.next_number = rng.random_range(20..300);
            let every = match stage.as_str() {
                "dev" => (2_400, 7_200),
                "prod" => (28_800, 64_800),
                _ => (7_200, 21_600),
            };
            d.auto = auto(
                AutoPlan::Every {
                    min: every.0,
                    max: every.1,
                },
                &mut rng,
            );
            // The stage left up after its presentation: nobody has built its jobs since.
            let left_up = stage == crate::sim::world::catalog::IDLE_STAGE;
            if left_up {
                d.auto = None;
            }
            out.push(Item::Job(d));
            let mut u = job(
                format!("uninstall-{stage}"),
                JobKind::Uninstall {
                    stage: stage.clone(),
                },
                format!("helmfile -e {stage} destroy: removes every release from {ns}"),
                uninstall_params(),
            );
            // Short-lived stages are torn down regularly; the others never were (notbuilt),
            // and production's is disabled outright.
            if !left_up && (stage == "e2e" || stage.starts_with("stage-")) {
                u.next_number = rng.random_range(5..60);
                u.auto = auto(
                    AutoPlan::Every {
                        min: 21_600,
                        max: 64_800,
                    },
                    &mut rng,
                );
            }
            u.disabled = stage == "prod";
            out.push(Item::Job(u));
        }
        // Ad-hoc stages (a namespace made for a demo) have no job of their own: these take
        // the stage as a parameter. Nobody has run them yet.
        let stage_param = || {
            ParamDef::String {
            name: s(ADHOC_STAGE_PARAM),
            default: String::new(),
            description: s("The ad-hoc stage (its namespace is <team>-<stage>; the Helmfile needs an environment of that name)"),
        }
        };
        let mut d = job(
            s(ADHOC_DEPLOY_JOB),
            JobKind::Deploy {
                stage: String::new(),
            },
            s("helmfile -e $STAGE apply: deploys an ad-hoc stage"),
            std::iter::once(stage_param())
                .chain(deploy_params(team))
                .collect(),
        );
        d.next_number = 1;
        out.push(Item::Job(d));
        let mut u = job(
            s(ADHOC_UNINSTALL_JOB),
            JobKind::Uninstall {
                stage: String::new(),
            },
            s("helmfile -e $STAGE destroy: removes every release from an ad-hoc stage"),
            std::iter::once(stage_param())
                .chain(uninstall_params())
                .collect(),
        );
        u.next_number = 1;
        out.push(Item::Job(u));
    }
    let mut e2e = job(
        s("e2e-tests"),
        JobKind::E2e,
        format!(
            "End-to-end tests against {}-e2e; runs around the clock",
            team.name
        ),
        e2e_params(),
    );
    e2e.next_number = rng.random_range(800..2_000);
    e2e.auto = auto(AutoPlan::Chain, &mut rng);
    out.push(Item::Job(e2e));
    let mut nightly = job(
        s("dependency-check"),
        JobKind::Nightly,
        s("OWASP dependency check of every application"),
        Vec::new(),
    );
    nightly.freestyle = true;
    nightly.next_number = rng.random_range(30..200);
    nightly.auto = auto(
        AutoPlan::Every {
            min: 28_800,
            max: 43_200,
        },
        &mut rng,
    );
    out.push(Item::Folder(Folder {
        name: s("nightly"),
        description: s("Scheduled housekeeping jobs"),
        multibranch: false,
        items: vec![Item::Job(nightly)],
    }));
    out.sort_by_key(|i| i.name().to_lowercase());
    out
}
