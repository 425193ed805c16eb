use crate::app::confirm::{Answer, Confirm};
use crate::app::cursor::Cursor;
use crate::app::effect::promotion::PromotionEffect;
use crate::app::effect::Effect;
use crate::app::input::InputKind;
use crate::app::msg::Notice;
use crate::app::nav::{Flow, ViewCx};
use crate::app::view::{View, DIALOG_SECTIONS};
use crate::app::world::World;
use crate::keymap::{Action, Section};
use crate::repo::promotion::Step;

/// A promotion the user asked for, until it is confirmed (and the name typed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ask {
    pub stage: String,
    pub from_tip: String,
    pub protected: bool,
}

#[derive(Debug, Clone)]
pub struct PromotionState {
    pub team: String,
    /// Over the stages, in promotion order.
    pub cursor: Cursor,
    /// A stage to select once the branches are read (`:promote qa`).
    pub want: Option<String>,
    pub confirm: Option<Confirm<Ask>>,
    /// Confirmed, waiting for the protected stage's name.
    pub awaiting_name: Option<Ask>,
}

impl PromotionState {
    pub fn new(team: &str, stage: Option<&str>) -> PromotionState {
        PromotionState {
            team: team.to_string(),
            cursor: Cursor::default(),
            want: stage.map(str::to_string),
            confirm: None,
            awaiting_name: None,
        }
    }

    pub fn steps<'a>(&self, world: &'a World) -> &'a [Step] {
        world
            .promotions
            .get(&self.team)
            .and_then(|d| d.steps.as_deref())
            .unwrap_or_default()
    }

    /// The selected stage: the one asked for by name while it is there, else the cursor's.
    pub fn selected(&self, world: &World) -> usize {
        let steps = self.steps(world);
        self.want
            .as_ref()
            .and_then(|w| steps.iter().position(|s| &s.stage == w))
            .unwrap_or(self.cursor.selected)
            .min(steps.len().saturating_sub(1))
    }

    /// The namespace of the selected stage (deploy it with `I`).
    pub fn namespace(&self, world: &World) -> Option<String> {
        let steps = self.steps(world);
        steps
            .get(self.selected(world))
            .map(|s| format!("{}-{}", self.team, s.stage))
    }

    fn ask(&mut self, cx: &ViewCx) -> Flow {
        if cx.readonly {
            return Flow::Say(Notice::error(
                "read-only mode: promote refused (started with --readonly or readonly: true)",
            ));
        }
        let steps = self.steps(cx.world);
        let Some(step) = steps.get(self.selected(cx.world)) else {
            return Flow::Say(Notice::info("the stage branches are still being read…"));
        };
        let p = match &step.pending {
            Ok(p) => p,
            Err(e) => return Flow::Say(Notice::error(format!("{}: {e}", step.stage))),
        };
        if p.ahead == 0 {
            return Flow::Say(Notice::info(format!(
                "{} has every commit of {}: nothing to promote",
                step.to, step.from
            )));
        }
        let protected = cx
            .world
            .protected
            .contains(&format!("{}-{}", self.team, step.stage));
        let how = if p.fast_forward() {
            format!("fast-forward {} to {}", step.to, &p.from_tip[..7.min(p.from_tip.len())])
        } else {
            format!(
                "a merge commit on {} ({} has {} commit(s) of its own)",
                step.to, step.to, p.behind
            )
        };
        let mut lines = vec![
            format!(
                "Merge {} commit(s) of {} into {} and push?",
                p.ahead, step.from, step.to
            ),
            format!("By {}: {how}. Never forced.", p.authors.join(", ")),
        ];
        if protected {
            lines.push(format!("{} is protected: you type its name next.", step.stage));
        }
        self.confirm = Some(Confirm::new(
            format!("promote to {}", step.stage),
            lines,
            "Promote",
            Ask {
                stage: step.stage.clone(),
                from_tip: p.from_tip.clone(),
                protected,
            },
        ));
        Flow::Done(Vec::new())
    }

    fn promote(&self, ask: Ask, confirmed: Option<String>) -> Flow {
        Flow::Done(vec![Effect::Promotion(PromotionEffect::Promote {
            team: self.team.clone(),
            stage: ask.stage,
            from_tip: ask.from_tip,
            confirmed,
        })])
    }
}

impl View for PromotionState {
    fn title(&self) -> String {
        format!("promotion {}", self.team)
    }

    fn sections(&self) -> &'static [Section] {
        if self.confirm.is_some() {
            return DIALOG_SECTIONS;
        }
        &[Section::Repo, Section::Global]
    }

    fn has_dialog(&self) -> bool {
        self.confirm.is_some()
    }

    fn hint_actions(&self) -> Vec<Action> {
        vec![Action::Promote, Action::RepoFetch, Action::Deploy, Action::GoCalls]
    }

    fn on_enter(&mut self, _cx: &mut ViewCx) -> Vec<Effect> {
        vec![Effect::Promotion(PromotionEffect::Load {
            team: self.team.clone(),
        })]
    }

    fn on_leave(&mut self) -> Vec<Effect> {
        // One read per visit: nothing runs on.
        Vec::new()
    }

    fn on_action(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
        if let Some(c) = &mut self.confirm {
            return match c.on_action(a) {
                Answer::Open => Flow::Done(Vec::new()),
                Answer::Cancelled => {
                    self.confirm = None;
                    Flow::Say(Notice::info("nothing promoted"))
                }
                Answer::Confirmed(ask) => {
                    self.confirm = None;
                    if ask.protected {
                        self.awaiting_name = Some(ask);
                        return Flow::Input(InputKind::TypeName, String::new());
                    }
                    self.promote(ask, None)
                }
            };
        }
        let len = self.steps(cx.world).len();
        let at = self.selected(cx.world);
        let mut moved = Cursor {
            selected: at,
            ..self.cursor
        };
        if moved.on_action(a, len, cx.page) {
            self.want = None;
            self.cursor = moved;
            return Flow::Done(Vec::new());
        }
        match a {
            Action::Promote | Action::Drill => self.ask(cx),
            Action::RepoFetch => Flow::Done(vec![Effect::Promotion(PromotionEffect::Load {
                team: self.team.clone(),
            })]),
            _ => Flow::Ignored,
        }
    }

    /// The protected stage's name, typed after the dialog: the promotion goes only if it is
    /// exact (and the runner checks it again).
    fn on_input(&mut self, kind: InputKind, text: &str, _cx: &mut ViewCx) -> Flow {
        if kind != InputKind::TypeName {
            return Flow::Done(Vec::new());
        }
        let Some(ask) = self.awaiting_name.take() else {
            return Flow::Done(Vec::new());
        };
        if text.trim() != ask.stage {
            return Flow::Say(Notice::error(format!(
                "that is not {}: nothing promoted",
                ask.stage
            )));
        }
        let typed = Some(ask.stage.clone());
        self.promote(ask, typed)
    }
}
