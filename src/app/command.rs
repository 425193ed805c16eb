//! The `:` command bar's grammar (k9s users' habits) and its completion. `COMMANDS` is the one
//! table: each row carries its names, its argument and its constructor, and the parser, the
//! completion, the help screen and the unknown-command hint are all read from it.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `:pods`, `:po payments-qa`, `:po payments` (a whole team), `:po qa` (a stage of the team).
    Pods(Option<String>),
    Stages,
    /// `:diag`, `:diag payments`, `:diag payments-qa`.
    Diagnose(Option<String>),
    /// `:ctx` shows the contexts; `:ctx NAME` switches.
    Context(Option<String>),
    Help,
    Quit,
    /// `:jobs`, `:jobs payments`, `:jenkins payments-qa`: a team's Jenkins jobs.
    Jobs(Option<String>),
    /// `:releases`, `:helm payments-qa`, `:rel qa`: Helm releases, as `:pods` scopes them.
    Releases(Option<String>),
    /// `:repo`, `:repo payments`: a team's config repo.
    Repo(Option<String>),
    /// `:calls`: every write made, with its command line.
    Calls,
    /// `:edit [file]`: a file of the team's config repo in the editor (default: the JCasC file).
    Edit(Option<String>),
    /// `:recover`: the unsaved edits an earlier session left.
    Recover,
    /// `:agents`, `:templates payments`: a team's Jenkins pod templates from JCasC.
    Agents(Option<String>),
    /// `:values`, `:values qa`: the Helmfile's values per stage.
    Values(Option<String>),
    /// `:drift qa`: the stage's releases against its config repo's Helmfile.
    Drift(Option<String>),
    /// `:timeline qa`, `:timeline qa/payments-api`: what changed the stage (one release of
    /// it), newest first.
    Timeline(Option<String>),
    /// `:promote qa`: promote into the stage (its team's model: merge its branch, or copy
    /// values side by side).
    Promote(Option<String>),
    /// `:deploy qa`: the stage's deploy job, prefilled; without a stage, the one in view (or
    /// the deploy screen of the one running).
    Deploy(Option<String>),
    /// `:uninstall qa`: the stage's uninstall job.
    Uninstall(Option<String>),
    /// `:newstage review`: create the ad-hoc stage `<team>-review`.
    NewStage(Option<String>),
    /// `:delstage review`: delete an ad-hoc stage (typed confirmation).
    DeleteStage(Option<String>),
    /// `:deployments qa`, `:svc payments`, `:kjobs`, `:no`: a list of another kind, scoped
    /// as `:pods` is (cluster-scoped kinds take nothing).
    Resources(ResourceKind, Option<String>),
    /// `:headroom`, `:headroom payments`: requested against allocatable, per node and stage.
    Headroom(Option<String>),
    /// `:cost`, `:idle payments`: what a team's stages reserve and cost, idle ones first.
    Cost(Option<String>),
    /// `:entry qa`: a stage's (or team's) Ingress routes and in-cluster Service names.
    Entry(Option<String>),
    /// `:storage qa`: a stage's (or team's) claims and the pods that mount them.
    Storage(Option<String>),
    /// `:access`, `:access payments`: what you and the team's Jenkins may do, per namespace.
    Access(Option<String>),
    /// `:pf`, `:forwards`: the running port-forwards.
    Forwards,
}

impl Command {
    /// Whether the command opens a view (which replaces the views above home) rather than
    /// acting, asking or opening a form, which stack like a drill-down.
    pub fn opens_a_view(&self) -> bool {
        !matches!(
            self,
            Command::Stages
                | Command::Context(_)
                | Command::Help
                | Command::Quit
                | Command::Edit(_)
                | Command::Recover
                | Command::Deploy(_)
                | Command::Uninstall(_)
                | Command::NewStage(_)
                | Command::DeleteStage(_)
        )
    }
}
use crate::cluster::resource::ResourceKind;

/// One command: its names (the first is the one completion offers), what it takes and does.
pub struct CommandSpec {
    pub names: &'static [&'static str],
    /// The argument as the help shows it, empty for none.
    pub args: &'static str,
    pub help: &'static str,
    pub build: fn(Option<String>) -> Command,
}

impl CommandSpec {
    pub fn name(&self) -> &'static str {
        self.names[0]
    }

    /// Whether the argument names a context (completed from the kubeconfig), not a team/stage.
    pub fn takes_context(&self) -> bool {
        self.args.contains("context")
    }
}

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        names: &["forwards", "pf", "portforwards"],
        args: "",
        help: "the running port-forwards (shift-f on a pod starts one)",
        build: |_| Command::Forwards,
    },
    CommandSpec {
        names: &["pods", "po", "pod"],
        args: "[namespace|team|stage]",
        help: "pods of a stage, several stages or a team",
        build: Command::Pods,
    },
    CommandSpec {
        names: &["stages", "home", "st"],
        args: "",
        help: "the team × stage matrix",
        build: |_| Command::Stages,
    },
    CommandSpec {
        names: &["diag", "diagnose"],
        args: "[team|namespace]",
        help: "failing things, worst first",
        build: Command::Diagnose,
    },
    CommandSpec {
        names: &["releases", "helm", "rel"],
        args: "[namespace|team|stage]",
        help: "Helm releases",
        build: Command::Releases,
    },
    CommandSpec {
        names: &["jobs", "jenkins", "jb"],
        args: "[team|stage]",
        help: "Jenkins jobs of a team",
        build: Command::Jobs,
    },
    CommandSpec {
        names: &["repo", "config", "git"],
        args: "[team|stage]",
        help: "the team's config repo: changes, commits, push",
        build: Command::Repo,
    },
    CommandSpec {
        names: &["agents", "templates", "podtemplates"],
        args: "[team|stage]",
        help: "the Jenkins agents' pod templates from JCasC",
        build: Command::Agents,
    },
    CommandSpec {
        names: &["values", "vals", "helmfile"],
        args: "[team|stage]",
        help: "the Helmfile's values per stage, with file:line; e edits one",
        build: Command::Values,
    },
    CommandSpec {
        names: &["drift"],
        args: "[namespace|stage]",
        help: "a stage's releases against the config repo: in sync, drifted (values side by side), missing, extra",
        build: Command::Drift,
    },
    CommandSpec {
        names: &["timeline", "changes", "tl"],
        args: "[namespace|stage][/release]",
        help: "what changed a stage (or one release of it: qa/payments-api), newest first: revisions, builds, commits, rollouts, linked commit → build → revision",
        build: Command::Timeline,
    },
    CommandSpec {
        names: &["promote", "promotion"],
        args: "[stage|team]",
        help: "promote into a stage: a branch per stage merges the pending commits; one branch copies values side by side",
        build: Command::Promote,
    },
    CommandSpec {
        names: &["deploy"],
        args: "[namespace|stage]",
        help: "deploy a stage with the team's deploy job, then follow it (none named: the stage in view)",
        build: Command::Deploy,
    },
    CommandSpec {
        names: &["uninstall"],
        args: "[namespace|stage]",
        help: "uninstall a stage with the team's uninstall job, then follow it",
        build: Command::Uninstall,
    },
    CommandSpec {
        names: &["newstage", "mkstage"],
        args: "<name>",
        help: "create the ad-hoc stage <team>-<name> (a namespace with the team's labels)",
        build: Command::NewStage,
    },
    CommandSpec {
        names: &["delstage", "rmstage"],
        args: "[namespace|stage]",
        help: "delete an ad-hoc stage and all in it (type its namespace to confirm)",
        build: Command::DeleteStage,
    },
    CommandSpec {
        // `:deploy` deploys a stage; the Deployments are `:deployments`/`:dp`.
        names: &["deployments", "dp", "deployment"],
        args: "[namespace|team|stage]",
        help: "Deployments: READY UP-TO-DATE AVAILABLE, as kubectl get",
        build: |a| Command::Resources(ResourceKind::Deployment, a),
    },
    CommandSpec {
        names: &["statefulsets", "sts", "statefulset"],
        args: "[namespace|team|stage]",
        help: "StatefulSets",
        build: |a| Command::Resources(ResourceKind::StatefulSet, a),
    },
    CommandSpec {
        names: &["services", "svc", "service"],
        args: "[namespace|team|stage]",
        help: "Services",
        build: |a| Command::Resources(ResourceKind::Service, a),
    },
    CommandSpec {
        names: &["ingresses", "ing", "ingress"],
        args: "[namespace|team|stage]",
        help: "Ingresses: hosts, address, ports",
        build: |a| Command::Resources(ResourceKind::Ingress, a),
    },
    CommandSpec {
        names: &["configmaps", "cm", "configmap"],
        args: "[namespace|team|stage]",
        help: "ConfigMaps",
        build: |a| Command::Resources(ResourceKind::ConfigMap, a),
    },
    CommandSpec {
        names: &["secrets", "sec", "secret"],
        args: "[namespace|team|stage]",
        help: "Secrets: type, keys and sizes (values only on x in their YAML)",
        build: |a| Command::Resources(ResourceKind::Secret, a),
    },
    CommandSpec {
        // `:jobs` are Jenkins' jobs; Kubernetes Jobs are `:kjobs`.
        names: &["kjobs", "kjob", "k8sjobs"],
        args: "[namespace|team|stage]",
        help: "Kubernetes Jobs (not Jenkins jobs: those are :jobs)",
        build: |a| Command::Resources(ResourceKind::Job, a),
    },
    CommandSpec {
        names: &["cronjobs", "cj", "cronjob"],
        args: "[namespace|team|stage]",
        help: "Kubernetes CronJobs",
        build: |a| Command::Resources(ResourceKind::CronJob, a),
    },
    CommandSpec {
        names: &["pvcs", "pvc", "persistentvolumeclaims"],
        args: "[namespace|team|stage]",
        help: "PersistentVolumeClaims: Bound/Pending/Lost, capacity, class",
        build: |a| Command::Resources(ResourceKind::PersistentVolumeClaim, a),
    },
    CommandSpec {
        names: &["events", "ev", "event"],
        args: "[namespace|team|stage]",
        help: "events of a stage or team: warnings first, newest first",
        build: |a| Command::Resources(ResourceKind::Event, a),
    },
    CommandSpec {
        names: &["nodes", "no", "node"],
        args: "",
        help: "the cluster's nodes",
        build: |a| Command::Resources(ResourceKind::Node, a),
    },
    CommandSpec {
        names: &["namespaces", "ns", "namespace"],
        args: "[team|namespace]",
        help: "the team's namespaces: status, age, labels",
        build: |a| Command::Resources(ResourceKind::Namespace, a),
    },
    CommandSpec {
        names: &["calls", "writes", "@"],
        args: "",
        help: "every write made, with its command line",
        build: |_| Command::Calls,
    },
    CommandSpec {
        names: &["edit", "e", "vi"],
        args: "[file of the config repo]",
        help: "edit a file of the team's config repo (default: the JCasC file)",
        build: Command::Edit,
    },
    CommandSpec {
        names: &["recover"],
        args: "",
        help: "open the unsaved edits an earlier session left",
        build: |_| Command::Recover,
    },
    CommandSpec {
        names: &["ctx", "context"],
        args: "[context]",
        help: "show or switch the kube context",
        build: Command::Context,
    },
    CommandSpec {
        names: &["help"],
        args: "",
        help: "keys and commands",
        build: |_| Command::Help,
    },
    CommandSpec {
        names: &["q", "quit", "q!"],
        args: "",
        help: "quit",
        build: |_| Command::Quit,
    },
    CommandSpec {
        names: &["headroom", "hr"],
        args: "[team]",
        help: "CPU and memory requested vs allocatable, per node and stage",
        build: Command::Headroom,
    },
    CommandSpec {
        names: &["cost", "idle"],
        args: "[team|stage]",
        help: "what each stage reserves and costs a day; idle stages first",
        build: Command::Cost,
    },
    CommandSpec {
        names: &["entry", "entries"],
        args: "[namespace|team|stage]",
        help: "Ingress routes and in-cluster Service names (Y copies)",
        build: Command::Entry,
    },
    CommandSpec {
        names: &["storage", "claims"],
        args: "[namespace|team|stage]",
        help: "PersistentVolumeClaims (Bound/Pending/Lost) and the pods that mount them",
        build: Command::Storage,
    },
    CommandSpec {
        names: &["access", "can-i"],
        args: "[team]",
        help: "what you (and the team's Jenkins) may do in each namespace, from RBAC",
        build: Command::Access,
    },
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCommand(pub String);

impl std::fmt::Display for UnknownCommand {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<String> = COMMANDS.iter().map(|c| format!(":{}", c.name())).collect();
        write!(f, "unknown command {:?} (try {})", self.0, names.join(", "))
    }
}

impl std::error::Error for UnknownCommand {}

pub fn spec_of(name: &str) -> Option<&'static CommandSpec> {
    COMMANDS.iter().find(|c| c.names.contains(&name))
}

pub fn parse(line: &str) -> Result<Command, UnknownCommand> {
    let mut words = line.split_whitespace();
    let name = words.next().unwrap_or_default();
    let arg = words.next().map(str::to_string);
    let spec = spec_of(name).ok_or_else(|| UnknownCommand(name.to_string()))?;
    Ok((spec.build)(arg))
}

/// Completions for what was typed so far: command names, then arguments from `args_for`, which
/// is given the command's row.
pub fn complete(line: &str, args_for: impl Fn(&CommandSpec) -> Vec<String>) -> Vec<String> {
    match line.split_once(' ') {
        None => COMMANDS
            .iter()
            .map(CommandSpec::name)
            .filter(|n| n.starts_with(line))
            .map(|n| format!("{n} "))
            .collect(),
        Some((cmd, arg)) => {
            let Some(spec) = spec_of(cmd).filter(|s| !s.args.is_empty()) else {
                return Vec::new();
            };
            let arg = arg.trim_start();
            let mut v: Vec<String> = args_for(spec)
                .into_iter()
                .filter(|a| a.starts_with(arg))
                .map(|a| format!("{cmd} {a}"))
                .collect();
            v.sort();
            v.dedup();
            v
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_commands_and_aliases() {
        assert_eq!(
            parse("po payments-qa"),
            Ok(Command::Pods(Some("payments-qa".into())))
        );
        assert_eq!(parse("pods"), Ok(Command::Pods(None)));
        assert_eq!(parse("home"), Ok(Command::Stages));
        assert_eq!(
            parse("diag payments"),
            Ok(Command::Diagnose(Some("payments".into())))
        );
        assert_eq!(parse("q"), Ok(Command::Quit));
        assert_eq!(parse("ctx"), Ok(Command::Context(None)));
        assert_eq!(parse("helm qa"), Ok(Command::Releases(Some("qa".into()))));
        assert_eq!(parse("releases"), Ok(Command::Releases(None)));
        assert_eq!(
            parse("jb payments"),
            Ok(Command::Jobs(Some("payments".into())))
        );
        assert_eq!(parse("deploy qa"), Ok(Command::Deploy(Some("qa".into()))));
        assert!(parse("redeploy").is_err());
    }

    #[test]
    fn every_name_of_a_row_builds_that_rows_command_and_no_name_is_shared() {
        let mut seen = std::collections::BTreeSet::new();
        for spec in COMMANDS {
            let own = (spec.build)(Some("x".into()));
            for name in spec.names {
                assert!(seen.insert(*name), ":{name} is in two rows");
                assert_eq!(parse(&format!("{name} x")), Ok(own.clone()), ":{name}");
            }
        }
        // Distinct rows build distinct commands (a copied row would shadow another).
        let built: std::collections::BTreeSet<String> = COMMANDS
            .iter()
            .map(|s| format!("{:?}", (s.build)(None)))
            .collect();
        assert_eq!(built.len(), COMMANDS.len());
    }

    #[test]
    fn the_unknown_command_hint_names_every_command() {
        let text = UnknownCommand("redeploy".into()).to_string();
        for spec in COMMANDS {
            assert!(text.contains(&format!(":{}", spec.name())), "{text}");
        }
    }

    #[test]
    fn completes_names_then_arguments() {
        assert_eq!(
            complete("st", |_| vec![]),
            vec!["stages ", "statefulsets ", "storage "]
        );
        assert_eq!(
            complete("d", |_| vec![]),
            vec!["diag ", "drift ", "deploy ", "delstage ", "deployments "]
        );
        assert_eq!(complete("j", |_| vec![]), vec!["jobs "]);
        let args = |_: &CommandSpec| {
            vec![
                "payments-qa".to_string(),
                "payments-dev".into(),
                "advisory-qa".into(),
            ]
        };
        assert_eq!(
            complete("pods pay", args),
            vec!["pods payments-dev", "pods payments-qa"]
        );
        assert!(complete("q pay", args).is_empty(), ":q takes nothing");
        let ctx = |s: &CommandSpec| {
            if s.takes_context() {
                vec!["kind-a".to_string()]
            } else {
                vec![]
            }
        };
        assert_eq!(complete("context k", ctx), vec!["context kind-a"]);
    }
}
