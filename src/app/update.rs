//! Routes each message to its owner (the input bar, the keymap, the top view, the world) and
//! collects the effects. Views handle their own actions; only navigation lives here.

use super::command::{self, Command};
use super::effect::Effect;
use super::input::{Input, InputEvent, InputKind};
use super::msg::{ClusterMsg, LogMsg, Msg, Notice, WatchId};
use super::nav::{Flow, Screen, ViewCx};
use super::App;
use crate::config::DeployKind;
use crate::keymap::Action;
use crate::keymap::{Key, Resolved};
use crate::views::diagnose::DiagnoseState;
use crate::views::help::HelpState;
use crate::views::pods::{PodScope, PodsState};
use crate::views::releases::ReleasesState;

/// How long a notice stays on the status line: information, then errors (the `@` screen keeps
/// the writes' outcomes for good).
const NOTICE_INFO_SECS: i64 = 6;
const NOTICE_ERROR_SECS: i64 = 30;

/// Up to this many teams in the config, each team's access is read at start.
const ACCESS_AT_START_TEAMS: usize = 3;

impl App {
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        let mut effects = self.update_only(msg);
        effects.extend(self.wants());
        effects
    }

    /// A message's own effects, without what the screen then wants (`wants`). The loop takes
    /// a burst of messages this way and asks `wants` once per frame: on a 7,000-stage matrix
    /// with a filter set, finding the rows on screen is a few milliseconds, and hundreds of
    /// pod events a second each asking again would starve the keys.
    pub fn update_only(&mut self, msg: Msg) -> Vec<Effect> {
        self.world.rev = self.world.rev.wrapping_add(1);
        let mut effects = self.update_msg(msg);
        // A deploy form sent its trigger: the run starts and its screen takes the form's place.
        let started = self.deploys_started(&effects);
        effects.extend(started);
        self.helmfile_started(&effects);
        effects.extend(self.deploy_upkeep());
        self.effects_sent(&effects);
        effects
    }

    /// What the screen now shows and nobody has asked for yet: release payloads, and the polls
    /// that follow the world (the agents' Jenkins labels, the drift column's config repos).
    pub fn wants(&mut self) -> Vec<Effect> {
        let mut effects = self.want_releases();
        effects.extend(self.want_polls());
        self.effects_sent(&effects);
        effects
    }

    /// What the app notes of effects as they leave for the runner.
    fn effects_sent(&mut self, effects: &[Effect]) {
        for e in effects {
            // A repo write shows as in flight at once, before the runner has said anything.
            if let Effect::Repo(r) | Effect::RepoInTurn(r) = e {
                self.world.repos.started_by(r);
            }
            // A list's watch stopped: its rows would only go stale.
            if let Effect::StopResources { key } = e {
                self.world.resources.remove(key);
            }
            // The capacity watches run for the session once a screen has asked for them.
            if matches!(e, Effect::WatchCapacity) {
                self.world.capacity.asked = true;
            }
        }
        self.forwards_asked(effects);
    }

    fn update_msg(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Key(k) => {
                self.dirty = true;
                self.on_key(k)
            }
            Msg::Paste(s) => {
                if let Some(i) = &mut self.input {
                    i.paste(&s);
                    self.dirty = true;
                    return self.input_edited();
                }
                Vec::new()
            }
            Msg::Action(a) => {
                self.dirty = true;
                self.on_action(a)
            }
            Msg::Resized { width, height } => {
                self.width = width;
                self.height = height;
                self.dirty = true;
                Vec::new()
            }
            Msg::Clock(now) => {
                // Ages shown are whole seconds at best: redraw when one could have changed.
                if now.as_second() != self.now.as_second() {
                    self.dirty = true;
                }
                self.now = now;
                // A notice fades: the key hints come back (an error stays longer).
                if let Some((n, at)) = &self.notice {
                    let ttl = if n.error {
                        NOTICE_ERROR_SECS
                    } else {
                        NOTICE_INFO_SECS
                    };
                    if (now - *at).get_seconds() >= ttl {
                        self.notice = None;
                        self.dirty = true;
                    }
                }
                Vec::new()
            }
            Msg::Cluster(m) => {
                self.dirty = true;
                self.on_cluster(m.rehomed())
            }
            Msg::Log(m) => self.on_log(m),
            Msg::Jenkins(m) => self.on_jenkins(m),
            Msg::Helm(m) => self.on_helm(m),
            Msg::Repo(m) => {
                self.dirty = true;
                self.on_repo(m)
            }
            Msg::Helmfile(m) => self.on_helmfile(m),
            Msg::Promotion(m) => {
                self.dirty = true;
                self.on_promotion(m)
            }
            Msg::StageAdmin(m) => {
                self.dirty = true;
                self.on_stage_admin(m)
            }
            Msg::Access(a) => {
                self.dirty = true;
                self.world.access.insert(a.team.clone(), *a);
                Vec::new()
            }
            Msg::Notice(n) => {
                self.dirty = true;
                self.notice = Some((n, self.now));
                Vec::new()
            }
            Msg::Terminated => {
                self.quit = true;
                self.quitting()
            }
            Msg::EditorClosed { team, result } => {
                self.dirty = true;
                self.editor_closed(&team, result)
            }
            Msg::ShellEnded { pod, result } => {
                self.dirty = true;
                self.shell_ended(&pod, result)
            }
            Msg::Forward(m) => {
                self.dirty = true;
                self.on_forward(m)
            }
            Msg::Workload(m) => {
                self.dirty = true;
                self.on_workload(m)
            }
        }
    }

    pub(super) fn cx(&mut self) -> (ViewCx<'_>, &mut Screen) {
        let page = self.page();
        let screen = self.stack.last_mut().expect("the stack is never empty");
        (
            ViewCx {
                world: &self.world,
                now: self.now,
                page,
                width: self.width,
                log_capacity: self.log_capacity,
                readonly: self.readonly,
                next_generation: &mut self.next_generation,
            },
            screen,
        )
    }

    fn on_key(&mut self, key: Key) -> Vec<Effect> {
        if self.input.is_some() {
            return self.on_input_key(key);
        }
        let sections = self.top().sections();
        match self.keymap.resolve(sections, &self.pending_keys, key) {
            Resolved::Pending => {
                self.pending_keys.push(key);
                Vec::new()
            }
            Resolved::Action(a) => {
                self.pending_keys.clear();
                self.on_action(a)
            }
            // An editor takes the keys its sections do not bind as text.
            Resolved::Unbound if self.top().raw_keys() => {
                self.pending_keys.clear();
                let (mut cx, screen) = self.cx();
                let flow = screen.on_key(key, &mut cx);
                self.follow(flow)
            }
            Resolved::Unbound => {
                self.pending_keys.clear();
                self.not_a_key(key);
                Vec::new()
            }
        }
    }

    pub(super) fn on_action(&mut self, a: Action) -> Vec<Effect> {
        // Clear a notice the user has seen once they act.
        if self.notice.as_ref().is_some_and(|(n, _)| !n.error) {
            self.notice = None;
        }
        if let Some(what) = a
            .jenkins_write()
            .or(a.cluster_write())
            .filter(|_| self.readonly)
        {
            self.notice = Some((
                Notice::error(format!(
                    "read-only mode: {what} refused (started with --readonly or readonly: true)"
                )),
                self.now,
            ));
            return Vec::new();
        }
        let (mut cx, screen) = self.cx();
        let flow = screen.on_action(a, &mut cx);
        if !matches!(flow, Flow::Ignored) {
            return self.follow(flow);
        }
        match a {
            Action::Quit => {
                self.quit = true;
                self.quitting()
            }
            Action::Suspend => {
                self.suspend = true;
                Vec::new()
            }
            Action::Back => self.back(),
            Action::BackOrQuit => {
                if self.stack.len() == 1 {
                    self.quit = true;
                    return self.quitting();
                }
                self.pop()
            }
            Action::Refresh => {
                self.world.decoded.forget_failed();
                let mut effects = self.top_mut().on_leave();
                let (mut cx, screen) = self.cx();
                effects.extend(screen.on_enter(&mut cx));
                self.notice = Some((Notice::info("asked again"), self.now));
                effects
            }
            Action::Help => {
                if matches!(self.top(), Screen::Help(_)) {
                    return Vec::new();
                }
                let scope =
                    (self.top().stage_scope().cloned()).unwrap_or_else(|| self.default_scope());
                let mut help = HelpState::new(&self.keymap);
                if scope.numbered_stages(&self.world) > 0 {
                    help = help.with_stage_map(&scope.team, scope.stage_map(&self.world));
                }
                self.push(Screen::Help(help))
            }
            Action::CommandBar => {
                self.input = Some(Input::new(InputKind::Command, ""));
                Vec::new()
            }
            Action::Filter => {
                let kind = self.top().input_kind_for_filter();
                let text = self.top().filter_text();
                self.input = Some(Input::reopened(kind, &text));
                Vec::new()
            }
            Action::GoStages => self.go_home(),
            Action::GoJobs => self.go_jobs(None),
            Action::GoDiagnose => {
                let scope = self.default_scope();
                self.push(Screen::Diagnose(DiagnoseState::new(scope)))
            }
            Action::GoPods => {
                let scope = self.default_scope();
                self.push(Screen::Pods(PodsState::new(scope)))
            }
            Action::GoReleases => self.go_releases(),
            Action::GoRepo => self.go_repo(None),
            Action::GoAgents => self.go_agents(None),
            Action::GoValues => self.go_values(None),
            Action::GoDrift => self.go_drift(None),
            Action::GoTimeline => self.go_timeline(None),
            Action::Promote => self.go_promote(None),
            Action::GoCalls => {
                if matches!(self.top(), Screen::Calls(_)) {
                    return Vec::new();
                }
                self.push(Screen::Calls(Default::default()))
            }
            Action::Deploy => self.start_deploy(DeployKind::Deploy, None),
            Action::Uninstall => self.start_deploy(DeployKind::Uninstall, None),
            Action::DeleteStage => self.delete_stage(None),
            other => self.not_here(other),
        }
    }

    /// What the screens must keep before the app goes (an editor's unsaved text).
    fn quitting(&self) -> Vec<Effect> {
        self.stack.iter().flat_map(|s| s.on_quit()).collect()
    }

    /// Does what a view's answer asks.
    pub(super) fn follow(&mut self, flow: Flow) -> Vec<Effect> {
        match flow {
            Flow::Done(effects) => effects,
            Flow::Push(s) => self.push(s),
            Flow::DoThenPush(mut effects, s) => {
                effects.extend(self.push(*s));
                effects
            }
            Flow::Replace(s) => self.replace_top(s),
            Flow::Leave(mut effects) => {
                effects.extend(self.pop());
                effects
            }
            Flow::Input(kind, text) => {
                self.input = Some(Input::new(kind, &text));
                Vec::new()
            }
            Flow::Say(n) => {
                self.notice = Some((n, self.now));
                Vec::new()
            }
            Flow::Edit { team, file } => self.edit_file(&team, &file),
            Flow::Copy { text, what } => {
                let notice = match crate::text::osc52::copy_sequence(&text) {
                    Ok(seq) => {
                        self.clipboard = Some(seq);
                        Notice::info(format!(
                            "copied {what} (OSC 52: the terminal must allow it)"
                        ))
                    }
                    Err(e) => Notice::error(format!("not copied: {what} is {e}")),
                };
                self.notice = Some((notice, self.now));
                Vec::new()
            }
            Flow::Ignored => Vec::new(),
        }
    }

    /// The scope of `P`/`D` without an argument: the team of the selected or shown stage.
    pub(super) fn default_scope(&self) -> PodScope {
        let team = self
            .stack
            .iter()
            .rev()
            .find_map(|s| match s {
                Screen::Pods(p) => Some(p.scope.team.clone()),
                Screen::Diagnose(d) => Some(d.scope.team.clone()),
                Screen::Stages(st) => st.selected_team(&self.world),
                _ => None,
            })
            .or_else(|| self.world.teams.first().cloned())
            .unwrap_or_default();
        PodScope::team(&team)
    }

    /// The top screen gives way to another (the same pod's other container, a build's console).
    pub(super) fn replace_top(&mut self, screen: Screen) -> Vec<Effect> {
        let mut effects = self.top_mut().on_leave();
        self.stack.pop();
        self.stack.push(screen);
        let (mut cx, top) = self.cx();
        effects.extend(top.on_enter(&mut cx));
        effects
    }

    pub(super) fn push(&mut self, screen: Screen) -> Vec<Effect> {
        // A dialog leaves the screen below it running: it stays in view.
        let mut effects = if screen.is_overlay() {
            Vec::new()
        } else {
            self.top_mut().on_leave()
        };
        self.stack.push(screen);
        let (mut cx, screen) = self.cx();
        effects.extend(screen.on_enter(&mut cx));
        effects
    }

    /// `esc`: an applied filter (or search) is cleared first; home stays home.
    fn back(&mut self) -> Vec<Effect> {
        if !self.top().filter_text().is_empty() {
            let (cx, screen) = self.cx();
            screen.set_filter("", &cx);
            return Vec::new();
        }
        if self.stack.len() == 1 {
            self.notice = Some((Notice::info("this is home: q or :q quits"), self.now));
            return Vec::new();
        }
        self.pop()
    }

    /// Leaves the top screen for the one below.
    fn pop(&mut self) -> Vec<Effect> {
        let mut effects = self.top_mut().on_leave();
        let overlay = self.top().is_overlay();
        self.stack.pop();
        if overlay {
            return effects;
        }
        let (mut cx, screen) = self.cx();
        effects.extend(screen.on_enter(&mut cx));
        effects
    }

    fn go_home(&mut self) -> Vec<Effect> {
        let mut effects = Vec::new();
        if self.stack.len() > 1 {
            effects = self.top_mut().on_leave();
            // Under a dialog the screen it covers is still entered.
            let mut below = self.stack.len() - 1;
            while below > 1 && self.stack[below].is_overlay() {
                below -= 1;
                effects.extend(self.stack[below].on_leave());
            }
            self.stack.truncate(1);
        }
        effects
    }

    fn on_input_key(&mut self, key: Key) -> Vec<Effect> {
        let Some(input) = &mut self.input else {
            return Vec::new();
        };
        match input.on_key(key) {
            InputEvent::Edited => self.input_edited(),
            InputEvent::Ignored => Vec::new(),
            InputEvent::Complete => {
                self.complete();
                Vec::new()
            }
            InputEvent::Cancelled => {
                let kind = input.kind;
                self.input = None;
                if matches!(kind, InputKind::Filter | InputKind::Search) {
                    let (cx, screen) = self.cx();
                    screen.set_filter("", &cx);
                }
                Vec::new()
            }
            InputEvent::Submitted(text) => {
                let kind = input.kind;
                self.input = None;
                match kind {
                    InputKind::Command => self.run_command(&text),
                    InputKind::Filter | InputKind::Search => Vec::new(),
                    InputKind::Field | InputKind::TypeName | InputKind::TypeNamespace => {
                        let (mut cx, screen) = self.cx();
                        let flow = screen.on_input(kind, &text, &mut cx);
                        self.follow(flow)
                    }
                    InputKind::SavePath => match self.top() {
                        Screen::Logs(l) => vec![Effect::SaveText {
                            path: std::path::PathBuf::from(text.trim()),
                            text: l.buffer_text(),
                        }],
                        Screen::Console(c) => vec![Effect::SaveText {
                            path: std::path::PathBuf::from(text.trim()),
                            text: c.buffer_text(),
                        }],
                        _ => Vec::new(),
                    },
                }
            }
        }
    }

    /// Filters apply while they are typed.
    fn input_edited(&mut self) -> Vec<Effect> {
        let Some(input) = &self.input else {
            return Vec::new();
        };
        if matches!(input.kind, InputKind::Filter | InputKind::Search) {
            let text = input.text.clone();
            let (cx, screen) = self.cx();
            screen.set_filter(&text, &cx);
        }
        Vec::new()
    }

    fn complete(&mut self) {
        let Some(input) = &mut self.input else { return };
        if input.kind != InputKind::Command {
            return;
        }
        if input.completions.is_empty() {
            let world = &self.world;
            let contexts = &self.contexts;
            input.completions = command::complete(&input.text, |spec| {
                if spec.takes_context() {
                    return contexts.clone();
                }
                world
                    .teams
                    .iter()
                    .cloned()
                    .chain(world.stages.keys().cloned())
                    .collect()
            });
            input.completion_index = None;
        }
        if input.completions.is_empty() {
            return;
        }
        let next = input
            .completion_index
            .map_or(0, |i| (i + 1) % input.completions.len());
        input.completion_index = Some(next);
        let text = input.completions[next].clone();
        input.set_text(text);
    }

    /// Runs a `:` command line (also used by `render`). Like k9s, a command that opens a view
    /// replaces the views opened above home (`esc` then goes home, not back through every
    /// command typed); drilling down with `enter` still stacks.
    pub fn run_command(&mut self, line: &str) -> Vec<Effect> {
        let cmd = match command::parse(line.trim()) {
            Ok(c) => c,
            Err(e) => {
                self.notice = Some((Notice::error(e.to_string()), self.now));
                return Vec::new();
            }
        };
        let replaces = cmd.opens_a_view();
        let before = self.stack.len();
        let mut effects = self.run_parsed(cmd);
        if replaces && before > 1 && self.stack.len() == before + 1 {
            // Those screens were left when they were covered: nothing of theirs still runs —
            // but one under a dialog was still entered.
            for i in 1..before.saturating_sub(1) {
                if self.stack[i + 1].is_overlay() {
                    effects.extend(self.stack[i].on_leave());
                }
            }
            self.stack.drain(1..before);
        }
        effects
    }

    fn run_parsed(&mut self, cmd: Command) -> Vec<Effect> {
        match cmd {
            Command::Quit => {
                self.quit = true;
                Vec::new()
            }
            Command::Help => self.on_action(Action::Help),
            Command::Jobs(arg) => self.go_jobs(arg.as_deref()),
            Command::Stages => self.go_home(),
            Command::Pods(arg) => match self.scope_for(arg.as_deref()) {
                Some(scope) => self.push(Screen::Pods(PodsState::new(scope))),
                None => Vec::new(),
            },
            Command::Diagnose(arg) => match self.scope_for(arg.as_deref()) {
                Some(scope) => self.push(Screen::Diagnose(DiagnoseState::new(scope))),
                None => Vec::new(),
            },
            Command::Releases(arg) => match self.scope_for(arg.as_deref()) {
                Some(scope) => self.push(Screen::Releases(ReleasesState::new(scope))),
                None => Vec::new(),
            },
            Command::Headroom(arg) => self.go_headroom(arg),
            Command::Cost(arg) => self.go_cost(arg),
            Command::Storage(arg) => match self.scope_for(arg.as_deref()) {
                Some(scope) => self.push(Screen::Storage(
                    crate::views::storage::StorageState::new(scope),
                )),
                None => Vec::new(),
            },
            Command::Access(arg) => match self.scope_for(arg.as_deref()) {
                Some(scope) => self.push(Screen::Access(crate::views::access::AccessState::new(
                    &scope.team,
                ))),
                None => Vec::new(),
            },
            Command::Entry(arg) => match self.scope_for(arg.as_deref()) {
                Some(scope) => {
                    self.push(Screen::Entry(crate::views::entry::EntryState::new(scope)))
                }
                None => Vec::new(),
            },
            Command::Resources(kind, arg) => match self.scope_for(arg.as_deref()) {
                Some(scope) => self.push(Screen::Resources(
                    crate::views::resources::ResourcesState::new(kind, scope),
                )),
                None => Vec::new(),
            },
            Command::Repo(arg) => self.go_repo(arg.as_deref()),
            Command::Agents(arg) => self.go_agents(arg.as_deref()),
            Command::Values(arg) => self.go_values(arg.as_deref()),
            Command::Drift(arg) => self.go_drift(arg.as_deref()),
            Command::Timeline(arg) => self.go_timeline(arg.as_deref()),
            Command::Promote(arg) => self.go_promote(arg.as_deref()),
            Command::Calls => self.on_action(Action::GoCalls),
            Command::Forwards => self.push(Screen::Forwards(Default::default())),
            Command::Deploy(arg) => self.start_deploy(DeployKind::Deploy, arg.as_deref()),
            Command::Uninstall(arg) => self.start_deploy(DeployKind::Uninstall, arg.as_deref()),
            Command::NewStage(arg) => self.new_stage(arg.as_deref()),
            Command::DeleteStage(arg) => self.delete_stage(arg.as_deref()),
            Command::Recover => self.recover(),
            Command::Edit(file) => {
                let Some(team) = self.team_for(None) else {
                    return Vec::new();
                };
                // No file named: the JCasC file, which the open clone's status names.
                let file = file.or_else(|| {
                    let d = self.world.repos.get(&team)?;
                    d.status.as_ref().map(|s| s.jcasc.clone())
                });
                match file {
                    Some(f) => self.edit_file(&team, &f),
                    None => self.edit_once_open(&team, None),
                }
            }
            Command::Context(None) => {
                let others: Vec<String> = self
                    .contexts
                    .iter()
                    .filter(|c| **c != self.context)
                    .cloned()
                    .collect();
                let mut text = format!("context: {}", self.context);
                if !others.is_empty() {
                    text.push_str(&format!(" (others: {})", others.join(", ")));
                }
                if let Some(k) = &self.kubeconfig {
                    // kubectl alongside reads the same cluster.
                    text.push_str(&format!(" · KUBECONFIG={k}"));
                }
                self.notice = Some((Notice::info(text), self.now));
                Vec::new()
            }
            Command::Context(Some(name)) => {
                if !self.contexts.contains(&name) {
                    self.notice = Some((
                        Notice::error(format!("no context {name:?} in the kubeconfig")),
                        self.now,
                    ));
                    return Vec::new();
                }
                let mut effects = self.go_home();
                effects.push(Effect::SwitchContext { context: name });
                effects
            }
        }
    }

    /// `payments-qa` (a namespace), `payments` (a team), `qa` (a stage of the current team).
    /// The team a command names, in the grammar of `:pods`: a team, a namespace, or a stage of
    /// the team in view (an unknown name is said on the status line).
    pub(super) fn team_for(&mut self, arg: Option<&str>) -> Option<String> {
        let scope = self.scope_for(arg)?;
        let team = match scope.namespaces.as_slice() {
            [ns] => self
                .world
                .team_of(ns)
                .map_or(scope.team.clone(), |(t, _)| t.to_string()),
            _ => scope.team,
        };
        if team.is_empty() {
            self.notice = Some((Notice::error("no team in view: name one"), self.now));
            return None;
        }
        Some(team)
    }

    pub(super) fn scope_for(&mut self, arg: Option<&str>) -> Option<PodScope> {
        let Some(arg) = arg else {
            return Some(self.default_scope());
        };
        if self.world.stages.contains_key(arg) {
            return Some(PodScope::namespace(arg));
        }
        if self.world.teams.iter().any(|t| t == arg) {
            return Some(PodScope::team(arg));
        }
        let team = self.default_scope().team;
        let ns = format!("{team}-{arg}");
        if self.world.stages.contains_key(&ns) {
            return Some(PodScope::namespace(&ns));
        }
        self.notice = Some((
            Notice::error(format!("no stage, namespace or team {arg:?}")),
            self.now,
        ));
        None
    }

    fn on_cluster(&mut self, m: ClusterMsg) -> Vec<Effect> {
        match &m {
            ClusterMsg::PodDetailLoaded { .. }
            | ClusterMsg::PodGone { .. }
            | ClusterMsg::PodEventsLoaded { .. }
            | ClusterMsg::WatchFailed {
                id: WatchId::PodDetail { .. } | WatchId::PodEvents { .. },
                ..
            } => {
                for s in &mut self.stack {
                    if let Screen::Pod(p) = s {
                        p.on_cluster(&m);
                    }
                }
                return Vec::new();
            }
            ClusterMsg::ObjectFetched { .. } => {
                for s in &mut self.stack {
                    if let Screen::Object(o) = s {
                        o.on_cluster(&m);
                    }
                }
                return Vec::new();
            }
            ClusterMsg::ContextSwitched { context } => {
                self.context.clone_from(context);
                self.notice = Some((Notice::info(format!("switched to {context}")), self.now));
            }
            _ => {}
        }
        let switched = matches!(m, ClusterMsg::ContextSwitched { .. });
        let capacity_watched = self.world.capacity.is_watched();
        self.forget_changed_releases(&m);
        let (added, removed) = self.world.apply(m, self.now);
        let mut effects: Vec<Effect> = removed
            .into_iter()
            .map(|namespace| Effect::StopStage { namespace })
            .collect();
        if switched {
            effects.push(Effect::WatchNamespaces);
            if self.world.all_stages.all_teams {
                effects.extend(self.world.start_all_stages());
            }
            if capacity_watched {
                effects.push(Effect::WatchCapacity);
            }
        }
        // A session of a few named teams reads what the user may do there once their stages
        // are known, so that actions RBAC refuses are refused at the key.
        let mut asked: Vec<String> = Vec::new();
        if self.world.teams.len() <= ACCESS_AT_START_TEAMS {
            for ns in &added {
                if let Some((team, _)) = self.world.team_of(ns) {
                    if !self.world.access_asked.contains(team) && !asked.iter().any(|t| t == team) {
                        asked.push(team.to_string());
                    }
                }
            }
        }
        effects.extend(self.world.stage_watch_effects(added));
        for team in asked {
            self.world.access_asked.insert(team.clone());
            effects.push(self.world.access_effect(&team));
        }
        if let Some(note) = self.world.all_stages.note.take() {
            self.notice = Some((Notice::error(note), self.now));
        }
        effects
    }

    fn on_log(&mut self, m: LogMsg) -> Vec<Effect> {
        let cap = self.log_capacity;
        if let Screen::Logs(l) = self.top_mut() {
            if l.on_log(m, cap) {
                self.dirty = true;
            }
        }
        Vec::new()
    }
}
