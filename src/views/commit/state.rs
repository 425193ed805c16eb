use crate::app::effect::repo::RepoEffect;
use crate::app::effect::Effect;
use crate::app::input::InputKind;
use crate::app::msg::Notice;
use crate::app::nav::{Flow, ViewCx};
use crate::app::view::View;
use crate::keymap::{Action, Section};
use crate::repo::stage_path::{app_of, stage_of};
use crate::app::world::World;
use crate::repo::commit_message::{commit_message, Edit};
use crate::repo::validate::{blocks_commit, validate_jcasc, validate_yaml, Finding, Severity};
use crate::repo::{ChangeKind, FileChange, RepoStatus};

/// Git's advice for a summary line; longer is allowed, the counter turns red.
pub const SUMMARY_MAX: usize = 72;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommitFocus {
    Summary,
    Body,
    File(usize),
    Button,
}

#[derive(Debug, Clone)]
pub struct CommitState {
    pub team: String,
    /// The changed files and whether each goes into the commit.
    pub files: Vec<(FileChange, bool)>,
    pub summary: String,
    pub body: String,
    pub focus: CommitFocus,
    /// The protected stage's name as the user typed it (checked again by the runner).
    pub typed: Option<String>,
    /// Asked for once: the runner's answer shows here.
    pub submitted: bool,
    /// The user chose to commit despite validation errors (`!`): visible on the form.
    pub override_errors: bool,
}

/// `c` from any config-repo screen: the commit form, or why not (read-only, a clean tree, a
/// clone still opening).
pub fn commit_form(cx: &ViewCx, team: &str) -> Flow {
    if cx.readonly {
        return Flow::Say(crate::views::repo::readonly_notice("a commit"));
    }
    match cx.world.repos.get(team).and_then(|d| d.status.as_ref()) {
        Some(s) if !s.is_clean() => Flow::Push(
            CommitState::new(team, s, crate::views::repo::edits_of(cx, team)).into(),
        ),
        Some(_) => Flow::Say(Notice::info("nothing to commit: the tree is clean")),
        None => Flow::Say(Notice::info("the config repo is still opening…")),
    }
}

/// A summary from the files alone (`qa: api values`, `update 3 files`); the values screen's
/// edits give a better one.
pub fn summary_for(paths: &[&str]) -> String {
    match paths {
        [one] => match (stage_of(one), app_of(one)) {
            (Some(stage), Some(app)) => format!("{stage}: {app} values"),
            (Some(stage), None) => format!("{stage}: environment values"),
            _ => format!("update {one}"),
        },
        many => format!("update {} files: {}", many.len(), many.join(", ")),
    }
}

impl CommitState {
    /// The form for `status`'s changes; the message is made from the quick edits since the
    /// last commit when there are any, else from the file names.
    pub fn new(team: &str, status: &RepoStatus, edits: &[Edit]) -> CommitState {
        let files: Vec<(FileChange, bool)> = status
            .changes
            .iter()
            // Untracked files are left out until chosen: a stray file is not config.
            .map(|c| (c.clone(), c.kind != ChangeKind::Untracked))
            .collect();
        let mut s = CommitState {
            team: team.to_string(),
            files,
            summary: String::new(),
            body: String::new(),
            focus: CommitFocus::Summary,
            typed: None,
            submitted: false,
            override_errors: false,
        };
        let included = s.included();
        let ours: Vec<Edit> = edits
            .iter()
            .filter(|e| included.contains(&e.file.as_str()))
            .cloned()
            .collect();
        match commit_message(&ours) {
            Some(m) => {
                s.summary = m.summary;
                s.body = m.body;
            }
            None => s.summary = summary_for(&included),
        }
        s
    }

    /// What validation finds in the files going into the commit (their working-tree text, as
    /// the diff read it): YAML syntax, and the JCasC rules for the JCasC file. Templates
    /// (`.gotmpl`) are YAML only once rendered, so they are not checked here.
    pub fn findings(&self, world: &World) -> Vec<Finding> {
        let Some(data) = world.repos.get(&self.team) else {
            return Vec::new();
        };
        let jcasc = data.status.as_ref().map_or("", |s| s.jcasc.as_str());
        let included = self.included();
        data.diff
            .iter()
            .flatten()
            .filter(|d| included.contains(&d.path.as_str()))
            .filter_map(|d| Some((d.path.as_str(), d.new.as_deref()?)))
            .flat_map(|(path, text)| {
                if path == jcasc {
                    validate_jcasc(path, text)
                } else if path.ends_with(".yaml") || path.ends_with(".yml") {
                    validate_yaml(path, text)
                } else {
                    Vec::new()
                }
            })
            .collect()
    }

    pub fn included(&self) -> Vec<&str> {
        self.files
            .iter()
            .filter(|(_, on)| *on)
            .map(|(c, _)| c.path.as_str())
            .collect()
    }

    /// A protected stage whose values the commit changes, if any.
    pub fn protected_stage(&self, cx: &ViewCx) -> Option<String> {
        self.included()
            .into_iter()
            .filter_map(stage_of)
            .find(|s| cx.world.protected.contains(&format!("{}-{s}", self.team)))
            .map(str::to_string)
    }

    fn order(&self) -> Vec<CommitFocus> {
        let mut v = vec![CommitFocus::Summary, CommitFocus::Body];
        v.extend((0..self.files.len()).map(CommitFocus::File));
        v.push(CommitFocus::Button);
        v
    }

    fn step(&mut self, by: isize) {
        let order = self.order();
        let at = order.iter().position(|f| *f == self.focus).unwrap_or(0);
        let next = (at as isize + by).clamp(0, order.len() as isize - 1) as usize;
        self.focus = order[next];
    }

    pub fn message(&self) -> String {
        if self.body.trim().is_empty() {
            self.summary.trim().to_string()
        } else {
            format!("{}\n\n{}", self.summary.trim(), self.body.trim())
        }
    }

    fn submit(&mut self, cx: &ViewCx) -> Flow {
        if cx.readonly {
            return Flow::Say(crate::views::repo::readonly_notice("a commit"));
        }
        let paths: Vec<String> = self.included().into_iter().map(str::to_string).collect();
        if paths.is_empty() {
            return Flow::Say(Notice::error("no file chosen: space includes the selected file"));
        }
        if self.summary.trim().is_empty() {
            return Flow::Say(Notice::error("the summary is empty: enter on it to write one"));
        }
        let findings = self.findings(cx.world);
        if blocks_commit(&findings) && !self.override_errors {
            let first = findings
                .iter()
                .find(|f| f.severity == Severity::Error)
                .map(|f| format!("{}:{}:{}: {}", f.file, f.line, f.column, f.message))
                .unwrap_or_default();
            return Flow::Say(Notice::error(format!(
                "not committed: {first} — fix it, or ! to commit anyway"
            )));
        }
        if let Some(stage) = self.protected_stage(cx) {
            if self.typed.as_deref() != Some(stage.as_str()) {
                return Flow::Input(InputKind::TypeName, String::new());
            }
        }
        self.submitted = true;
        Flow::Done(vec![Effect::Repo(RepoEffect::Commit {
            team: self.team.clone(),
            paths,
            message: self.message(),
            confirmed: self.typed.clone(),
        })])
    }
}

impl View for CommitState {
    fn title(&self) -> String {
        format!("commit {}", self.team)
    }

    fn sections(&self) -> &'static [Section] {
        // The form: j/k move, enter edits or presses, space toggles a file, esc leaves.
        &[Section::Repo, Section::Global]
    }

    fn hint_actions(&self) -> Vec<Action> {
        vec![Action::Drill, Action::ToggleSelect, Action::RepoCommit, Action::RepoPush]
    }

    fn on_enter(&mut self, _cx: &mut ViewCx) -> Vec<Effect> {
        // The files' text as it is now: validation reads it.
        vec![Effect::Repo(RepoEffect::Diff {
            team: self.team.clone(),
        })]
    }

    fn on_leave(&mut self) -> Vec<Effect> {
        Vec::new()
    }

    fn on_action(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
        match a {
            Action::Down | Action::Right => self.step(1),
            Action::Up | Action::Left => self.step(-1),
            Action::Top => self.focus = CommitFocus::Summary,
            Action::Bottom => self.focus = CommitFocus::Button,
            Action::ToggleSelect => {
                if let CommitFocus::File(i) = self.focus {
                    if let Some((_, on)) = self.files.get_mut(i) {
                        *on = !*on;
                    }
                }
            }
            Action::Drill => {
                return match self.focus {
                    CommitFocus::Summary => Flow::Input(InputKind::Field, self.summary.clone()),
                    CommitFocus::Body => Flow::Input(InputKind::Field, self.body.clone()),
                    CommitFocus::File(i) => {
                        if let Some((_, on)) = self.files.get_mut(i) {
                            *on = !*on;
                        }
                        Flow::Done(Vec::new())
                    }
                    CommitFocus::Button => self.submit(cx),
                }
            }
            Action::RepoCommit => return self.submit(cx),
            Action::OverrideErrors => {
                self.override_errors = !self.override_errors;
            }
            Action::RepoPush => {
                if cx.readonly {
                    return Flow::Say(crate::views::repo::readonly_notice("a push"));
                }
                return Flow::Done(vec![Effect::Repo(RepoEffect::Push {
                    team: self.team.clone(),
                })]);
            }
            _ => return Flow::Ignored,
        }
        Flow::Done(Vec::new())
    }

    fn on_input(&mut self, kind: InputKind, text: &str, cx: &mut ViewCx) -> Flow {
        match kind {
            InputKind::Field => {
                match self.focus {
                    CommitFocus::Summary => self.summary = text.trim().to_string(),
                    CommitFocus::Body => self.body = text.to_string(),
                    _ => {}
                }
                Flow::Done(Vec::new())
            }
            InputKind::TypeName => {
                let Some(stage) = self.protected_stage(cx) else {
                    return Flow::Done(Vec::new());
                };
                if text.trim() != stage {
                    return Flow::Say(Notice::error(format!(
                        "that is not {stage}: nothing was committed"
                    )));
                }
                self.typed = Some(stage);
                self.submit(cx)
            }
            _ => Flow::Done(Vec::new()),
        }
    }
}
