use jiff::Timestamp;

use crate::app::cursor::Cursor;
use crate::app::effect::repo::RepoEffect;
use crate::app::effect::Effect;
use crate::app::jenkins::{JenkinsEffect, JenkinsMsg, JenkinsSlot};
use crate::app::input::InputKind;
use crate::app::msg::Notice;
use crate::app::nav::{Flow, ViewCx};
use crate::app::view::View;
use crate::app::world::World;
use crate::jenkins::fetched::Fetched;
use crate::jenkins::reload::ReloadPhase;
use crate::keymap::{Action, Section};
use crate::repo::agents::{AgentTemplate, Agents};
use crate::repo::edit::EditRequest;
use crate::repo::jcasc::ContainerTemplate;
use crate::repo::yaml_edit::format_path;
use crate::views::repo::readonly_notice;

/// Which pane the movement keys move in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Focus {
    #[default]
    Templates,
    Containers,
}

/// Where a typed image goes: the template that writes the image (a parent's, for an inherited
/// one), kept while the input bar is open so the screen can say so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageEdit {
    pub container: String,
    /// The template the image is written in.
    pub template: String,
    /// The template on screen, when the image is its parent's.
    pub seen_from: Option<String>,
    /// The image's line in the file.
    pub line: usize,
    pub old: String,
    /// The request without its value, which the user is typing.
    pub request: EditRequest,
}

#[derive(Debug, Clone)]
pub struct AgentsState {
    pub team: String,
    /// The selected template.
    pub cursor: Cursor,
    /// The picked container of the selected template (an index into its effective
    /// containers); `None` until the user picks one: the template's own first container.
    container: Option<usize>,
    pub focus: Focus,
    pub editing: Option<ImageEdit>,
    /// The generation of the running label poll.
    pub generation: u64,
    /// The labels the running poll asks about; `None` when none runs (or one must start).
    polled: Option<Vec<String>>,
    /// Whether the team's Jenkins can provision each label, as the last poll said.
    pub live: Fetched<Vec<(String, bool)>>,
}

/// Whether a template's labels are provisioned by the team's Jenkins now, as the `JENKINS`
/// column says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Liveness {
    /// No label: nothing to ask.
    NoLabel,
    /// Not asked yet, or asked and not answered.
    Pending,
    /// The poll failed before any answer (said once, above the table).
    Unknown,
    Live,
    /// Some label has no cloud that can provision it: pushed, not yet applied (or not pushed).
    NotLive,
}

impl Liveness {
    pub fn text(self) -> &'static str {
        match self {
            Liveness::NoLabel | Liveness::Unknown => "",
            Liveness::Pending => "…",
            Liveness::Live => "live",
            Liveness::NotLive => "not live",
        }
    }
}

/// Every template's labels, once each, in file order.
fn labels_of(agents: &Agents) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in agents.templates.iter().flat_map(|t| &t.template.labels) {
        if !out.contains(l) {
            out.push(l.clone());
        }
    }
    out
}

impl AgentsState {
    pub fn new(team: &str) -> AgentsState {
        AgentsState {
            team: team.to_string(),
            cursor: Cursor::default(),
            container: None,
            focus: Focus::Templates,
            editing: None,
            generation: 0,
            polled: None,
            live: Fetched::default(),
        }
    }

    /// A label poll for the templates' labels when they are not the ones polled: a new one
    /// replaces the old (its late answers are dropped by generation), none when there is no
    /// label to ask about.
    fn poll_labels(&mut self, cx: &mut ViewCx) -> Vec<Effect> {
        let wanted = self.agents(cx.world).map(labels_of).unwrap_or_default();
        if self.polled.as_ref() == Some(&wanted) {
            return Vec::new();
        }
        let was = self.polled.replace(wanted.clone());
        if wanted.is_empty() {
            return if was.is_some_and(|w| !w.is_empty()) {
                vec![Effect::Jenkins(JenkinsEffect::Stop(JenkinsSlot::Labels))]
            } else {
                Vec::new()
            };
        }
        self.generation = cx.generation();
        vec![Effect::Jenkins(JenkinsEffect::PollLabels {
            team: self.team.clone(),
            labels: wanted,
            generation: self.generation,
        })]
    }

    /// What the last answers say about `labels` (a template's).
    pub fn liveness(&self, labels: &[String]) -> Liveness {
        if labels.is_empty() {
            return Liveness::NoLabel;
        }
        let Some(answers) = &self.live.data else {
            return if self.live.error.is_some() {
                Liveness::Unknown
            } else {
                Liveness::Pending
            };
        };
        let mut live = true;
        for l in labels {
            match answers.iter().find(|(name, _)| name == l) {
                // A label added since the last answer: the next poll asks about it.
                None => return Liveness::Pending,
                Some((_, provisioned)) => live &= provisioned,
            }
        }
        if live {
            Liveness::Live
        } else {
            Liveness::NotLive
        }
    }

    pub fn agents<'a>(&self, world: &'a World) -> Option<&'a Agents> {
        world.repos.get(&self.team).and_then(|d| d.agents.as_ref())
    }

    /// The selected template's index, kept inside the list.
    pub fn selected(&self, agents: &Agents) -> Option<usize> {
        (!agents.templates.is_empty())
            .then(|| self.cursor.selected.min(agents.templates.len() - 1))
    }

    /// The container `e` edits: the one picked, else the first whose image the template
    /// writes itself (what a user opening `maven` most likely means), else the first.
    pub fn picked_container(&self, agents: &Agents) -> Option<usize> {
        let i = self.selected(agents)?;
        let containers = agents.templates[i].effective.as_ref().ok()?;
        if containers.is_empty() {
            return None;
        }
        Some(match self.container {
            Some(c) => c.min(containers.len() - 1),
            None => containers
                .iter()
                .position(|c| {
                    c.image
                        .as_ref()
                        .is_some_and(|f| agents.template_at(&f.path) == Some(i))
                })
                .unwrap_or(0),
        })
    }

    fn effective_len(&self, agents: &Agents) -> usize {
        self.selected(agents)
            .and_then(|i| agents.templates[i].effective.as_ref().ok())
            .map_or(0, Vec::len)
    }

    /// What `e` would change, or why nothing can be.
    fn image_edit(&self, agents: &Agents) -> Result<ImageEdit, Notice> {
        let i = self
            .selected(agents)
            .ok_or_else(|| Notice::info("no pod template to edit"))?;
        let t = &agents.templates[i];
        let containers = t
            .effective
            .as_ref()
            .map_err(|e| Notice::error(format!("its containers are unknown: {e}")))?;
        let c = self
            .picked_container(agents)
            .and_then(|c| containers.get(c))
            .ok_or_else(|| Notice::info("this template has no container"))?;
        let container = c.name().unwrap_or("?").to_string();
        let image = c.image.as_ref().ok_or_else(|| {
            Notice::error(format!(
                "container `{container}` has no image here nor in a parent: add `image:` in the file"
            ))
        })?;
        let at = agents.template_at(&image.path);
        let template = at
            .and_then(|p| agents.templates[p].template.name())
            .unwrap_or("?")
            .to_string();
        Ok(ImageEdit {
            seen_from: (at != Some(i)).then(|| template_name(t).to_string()),
            request: EditRequest {
                file: agents.file.clone(),
                path: format_path(&image.path),
                value: String::new(),
                insert: false,
                typed: false,
                subject: Some(if container == template {
                    format!("template {template} image")
                } else {
                    format!("template {template} container {container} image")
                }),
                object: None,
            },
            container,
            template,
            line: image.line,
            old: image.value.clone(),
        })
    }

    fn move_container(&mut self, a: Action, agents: &Agents) -> bool {
        let len = self.effective_len(agents);
        let mut c = Cursor {
            selected: self.picked_container(agents).unwrap_or(0),
            offset: 0,
        };
        if !c.on_action(a, len, len) {
            return false;
        }
        self.container = Some(c.selected);
        true
    }
}

pub fn template_name(t: &AgentTemplate) -> &str {
    t.template.name().unwrap_or("(no name)")
}

/// Where a container's values come from: its entry's template first, then any template one
/// of its values was inherited from, by template name.
pub fn origins<'a>(agents: &'a Agents, c: &ContainerTemplate) -> Vec<&'a str> {
    let fields = [
        &c.image,
        &c.command,
        &c.args,
        &c.resource_request_cpu,
        &c.resource_request_memory,
        &c.resource_limit_cpu,
        &c.resource_limit_memory,
    ];
    let mut out: Vec<&str> = Vec::new();
    let paths = std::iter::once(&c.path).chain(fields.into_iter().flatten().map(|f| &f.path));
    for p in paths {
        if let Some(t) = agents.template_at(p) {
            let name = template_name(&agents.templates[t]);
            if !out.contains(&name) {
                out.push(name);
            }
        }
    }
    out
}

impl View for AgentsState {
    fn title(&self) -> String {
        format!("agents {}", self.team)
    }

    fn sections(&self) -> &'static [Section] {
        &[Section::Repo, Section::Table, Section::Global]
    }

    fn hint_actions(&self) -> Vec<Action> {
        match self.focus {
            Focus::Templates => vec![
                Action::Drill,
                Action::EditValue,
                Action::EditFile,
                Action::GoRepo,
            ],
            Focus::Containers => vec![Action::EditValue, Action::Back, Action::GoRepo],
        }
    }

    fn on_enter(&mut self, cx: &mut ViewCx) -> Vec<Effect> {
        let team = self.team.clone();
        let mut effects = Vec::new();
        if !crate::views::repo::is_open(cx, &team) {
            effects.push(Effect::Repo(RepoEffect::Open { team: team.clone() }));
        }
        // Read again each time: the file may have changed under another screen (an edit, a pull).
        effects.push(Effect::Repo(RepoEffect::LoadAgents { team }));
        // The labels known now (the last visit's file) are asked at once; `world_polls` asks
        // again when the file read above brings others.
        self.polled = None;
        effects.extend(self.poll_labels(cx));
        effects
    }

    fn on_leave(&mut self) -> Vec<Effect> {
        self.polled = None;
        vec![Effect::Jenkins(JenkinsEffect::Stop(JenkinsSlot::Labels))]
    }

    fn world_polls(&mut self, cx: &mut ViewCx) -> Vec<Effect> {
        self.poll_labels(cx)
    }

    fn on_jenkins(&mut self, m: &JenkinsMsg, now: Timestamp) -> bool {
        match m {
            JenkinsMsg::LabelsPolled {
                team,
                generation,
                result,
            } if *team == self.team && *generation == self.generation => {
                self.live.apply(result.clone(), now);
                true
            }
            // Applied: ask at once rather than at the next poll (`world_polls` restarts it).
            JenkinsMsg::Reload {
                team,
                phase: ReloadPhase::Applied { .. },
                ..
            } if *team == self.team && self.polled.is_some() => {
                self.polled = None;
                false
            }
            _ => false,
        }
    }

    fn on_action(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
        let Some(agents) = self.agents(cx.world) else {
            return Flow::Ignored;
        };
        let moved = match self.focus {
            Focus::Templates => {
                let before = self.cursor.selected;
                let moved = self
                    .cursor
                    .on_action(a, agents.templates.len(), cx.page.saturating_sub(8));
                if self.cursor.selected != before {
                    self.container = None;
                }
                moved
            }
            Focus::Containers => self.move_container(a, agents),
        };
        if moved {
            return Flow::Done(Vec::new());
        }
        match a {
            Action::Drill | Action::Right => {
                if self.effective_len(agents) > 0 {
                    self.focus = Focus::Containers;
                }
                Flow::Done(Vec::new())
            }
            Action::Back | Action::Left if self.focus == Focus::Containers => {
                self.focus = Focus::Templates;
                Flow::Done(Vec::new())
            }
            Action::Left => Flow::Done(Vec::new()),
            // The whole file, to add a template or change what a quick edit cannot.
            Action::EditFile => Flow::Edit {
                team: self.team.clone(),
                file: agents.file.clone(),
            },
            Action::EditValue => {
                if cx.readonly {
                    return Flow::Say(readonly_notice("an edit of the JCasC file"));
                }
                match self.image_edit(agents) {
                    Ok(edit) => {
                        let old = edit.old.clone();
                        self.editing = Some(edit);
                        Flow::Input(InputKind::Field, old)
                    }
                    Err(n) => Flow::Say(n),
                }
            }
            _ => Flow::Ignored,
        }
    }

    fn on_input(&mut self, kind: InputKind, text: &str, cx: &mut ViewCx) -> Flow {
        let Some(edit) = self.editing.take() else {
            return Flow::Done(Vec::new());
        };
        if kind != InputKind::Field {
            return Flow::Done(Vec::new());
        }
        if cx.readonly {
            return Flow::Say(readonly_notice("an edit of the JCasC file"));
        }
        let value = text.trim();
        if value.is_empty() {
            return Flow::Say(Notice::error(format!(
                "an empty image: `{}` kept (a container needs an image)",
                edit.old
            )));
        }
        if value == edit.old {
            return Flow::Say(Notice::info(format!("image unchanged: {value}")));
        }
        Flow::Done(vec![Effect::Repo(RepoEffect::Edit {
            team: self.team.clone(),
            edit: EditRequest {
                value: value.to_string(),
                ..edit.request
            },
        })])
    }
}
