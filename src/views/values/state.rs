use crate::app::cursor::Cursor;
use crate::app::effect::repo::RepoEffect;
use crate::app::effect::Effect;
use crate::app::input::InputKind;
use crate::app::msg::Notice;
use crate::app::nav::{Flow, ViewCx};
use crate::app::view::View;
use crate::app::world::World;
use crate::keymap::{Action, Section};
use crate::repo::landscape::{Landscape, StageDesired};
use crate::views::repo::readonly_notice;

use super::edit_target::{value_edit, version_edit, EditPlan};
use super::rows::{
    columns_that_fit, first_visible, label_width, open_release, side_by_side, stage_rows,
    SbsKind, StageRow,
};

/// `:promote`'s column: a stage's, or the one before a stage in the Helmfile's order (when the
/// config gives no order, the Helmfile's is known only once it is read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WantColumn {
    Stage(String),
    Before(String),
}

/// Per stage (`1`–`9`), or one release across the stages (`0`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Stage,
    SideBySide,
}

/// Lines of the body that are not list rows (the stage bar, a message, the table header, the
/// detail line): what paging leaves out.
pub const CHROME_LINES: usize = 4;

#[derive(Debug, Clone)]
pub struct ValuesState {
    pub team: String,
    pub mode: Mode,
    /// The stage shown, by name (the Helmfile is read again after every edit); the first stage
    /// when none was chosen.
    pub stage: Option<String>,
    /// The release whose values are open, by name: kept across stages and modes.
    pub release: Option<String>,
    pub cursor: Cursor,
    /// Side by side: the selected stage column, and the first one shown.
    pub column: usize,
    pub first_column: usize,
    /// What `e` asked the input bar for, until it answers.
    pub pending: Option<EditPlan>,
    /// Side by side: the rows marked for promotion (`space`), by label.
    pub marked: std::collections::BTreeSet<String>,
    /// Side by side: the column to select once the Helmfile is read (`:promote`).
    pub want_column: Option<WantColumn>,
}

/// Which row is selected, independent of the mode: a release, maybe one of its values.
struct RowKey {
    release: Option<String>,
    path: Option<String>,
}

impl ValuesState {
    pub fn new(team: &str, stage: Option<&str>) -> ValuesState {
        ValuesState {
            team: team.to_string(),
            mode: Mode::Stage,
            stage: stage.map(str::to_string),
            release: None,
            cursor: Cursor::default(),
            column: 0,
            first_column: 0,
            pending: None,
            marked: Default::default(),
            want_column: None,
        }
    }

    /// Side by side with `from`'s column selected: where `M` copies values to the next stage.
    pub fn promoting(team: &str, want: Option<WantColumn>, world: &World) -> ValuesState {
        let mut s = ValuesState::new(team, None);
        s.mode = Mode::SideBySide;
        s.want_column = want;
        if let Some(l) = s.landscape(world).cloned() {
            s.resolve_column(&l);
        }
        s
    }

    /// Puts the column on the stage asked for, once the Helmfile names it.
    fn resolve_column(&mut self, l: &Landscape) {
        let Some(want) = self.want_column.take() else {
            return;
        };
        let at = |name: &str| l.stages.iter().position(|s| s.environment == name);
        match want {
            WantColumn::Stage(s) => {
                if let Some(i) = at(&s) {
                    self.column = i;
                }
            }
            WantColumn::Before(s) => {
                if let Some(i) = at(&s).filter(|i| *i > 0) {
                    self.column = i - 1;
                }
            }
        }
    }

    pub fn landscape<'a>(&self, world: &'a World) -> Option<&'a Landscape> {
        world.repos.get(&self.team)?.landscape.as_ref()
    }

    /// The stage shown and its position (1-based, as its key).
    pub fn current_stage<'a>(&self, l: &'a Landscape) -> Option<(usize, &'a StageDesired)> {
        let at = self
            .stage
            .as_deref()
            .and_then(|s| l.stages.iter().position(|st| st.environment == s))
            .unwrap_or(0);
        l.stages.get(at).map(|s| (at + 1, s))
    }

    /// The release shown side by side: the open one if any stage has it, else the first.
    pub fn sbs_release(&self, l: &Landscape) -> Option<String> {
        let all = || l.stages.iter().flat_map(|s| &s.releases);
        all()
            .find(|r| Some(&r.summary.name) == self.release.as_ref())
            .or_else(|| all().next())
            .map(|r| r.summary.name.clone())
    }

    fn key(&self, l: &Landscape) -> RowKey {
        match self.mode {
            Mode::Stage => {
                let Some((_, stage)) = self.current_stage(l) else {
                    return RowKey {
                        release: self.release.clone(),
                        path: None,
                    };
                };
                let rows = stage_rows(stage, self.release.as_deref());
                let row = rows.get(self.cursor.selected);
                RowKey {
                    release: row
                        .map(|r| r.release().summary.name.clone())
                        .or_else(|| self.release.clone()),
                    path: row.and_then(StageRow::path).map(str::to_string),
                }
            }
            Mode::SideBySide => {
                let release = self.sbs_release(l);
                let path = release.as_deref().and_then(|r| {
                    match side_by_side(l, r).get(self.cursor.selected)?.kind.clone() {
                        SbsKind::Value(p) => Some(p),
                        _ => None,
                    }
                });
                RowKey { release, path }
            }
        }
    }

    /// Puts the cursor on `key`'s row in the current mode (or the nearest thing to it).
    fn select(&mut self, l: &Landscape, key: RowKey, page: usize) {
        self.release = key.release;
        match self.mode {
            Mode::Stage => {
                let Some((_, stage)) = self.current_stage(l) else {
                    return;
                };
                let open = open_release(stage, self.release.as_deref()).map(str::to_string);
                let rows = stage_rows(stage, open.as_deref());
                let on_release = |r: &StageRow| Some(&r.release().summary.name) == open.as_ref();
                self.cursor.selected = rows
                    .iter()
                    .position(|r| on_release(r) && r.path() == key.path.as_deref())
                    .or_else(|| rows.iter().position(on_release))
                    .unwrap_or(0);
                self.cursor.clamp(rows.len(), page);
            }
            Mode::SideBySide => {
                let rows = self
                    .sbs_release(l)
                    .map(|r| side_by_side(l, &r))
                    .unwrap_or_default();
                self.cursor.selected = rows
                    .iter()
                    .position(|r| matches!(&r.kind, SbsKind::Value(p) if Some(p) == key.path.as_ref()))
                    .unwrap_or(0);
                self.cursor.clamp(rows.len(), page);
            }
        }
    }

    /// j/k and paging; in the per-stage mode a release row reached opens that release.
    fn move_cursor(&mut self, a: Action, l: &Landscape, page: usize) -> bool {
        match self.mode {
            Mode::Stage => {
                let Some((_, stage)) = self.current_stage(l) else {
                    return false;
                };
                let rows = stage_rows(stage, self.release.as_deref());
                if !self.cursor.on_action(a, rows.len(), page) {
                    return false;
                }
                let reached = rows
                    .get(self.cursor.selected)
                    .map(|r| r.release().summary.name.clone());
                if reached.as_deref() != open_release(stage, self.release.as_deref()) {
                    self.select(
                        l,
                        RowKey {
                            release: reached,
                            path: None,
                        },
                        page,
                    );
                }
                true
            }
            Mode::SideBySide => {
                let len = self
                    .sbs_release(l)
                    .map_or(0, |r| side_by_side(l, &r).len());
                self.cursor.on_action(a, len, page)
            }
        }
    }

    /// h/l: the previous or next stage (per stage), the selected column (side by side).
    fn sideways(&mut self, by: isize, l: &Landscape, width: usize, page: usize) {
        let n = l.stages.len();
        if n == 0 {
            return;
        }
        match self.mode {
            Mode::Stage => {
                let at = self.current_stage(l).map_or(0, |(k, _)| k - 1);
                let next = (at as isize + by).clamp(0, n as isize - 1) as usize;
                let key = self.key(l);
                self.stage = Some(l.stages[next].environment.clone());
                self.select(l, key, page);
            }
            Mode::SideBySide => {
                self.column = (self.column as isize + by).clamp(0, n as isize - 1) as usize;
                let label = self
                    .sbs_release(l)
                    .map_or(0, |r| label_width(&side_by_side(l, &r)));
                let fit = columns_that_fit(width, label);
                self.first_column = first_visible(self.first_column, self.column, fit, n);
            }
        }
    }

    fn switch(&mut self, mode: Mode, stage: Option<usize>, l: &Landscape, page: usize) {
        let key = self.key(l);
        if let Some(i) = stage {
            self.stage = Some(l.stages[i].environment.clone());
        }
        if mode == Mode::SideBySide && self.mode == Mode::Stage {
            self.column = self.current_stage(l).map_or(0, |(k, _)| k - 1);
        }
        self.mode = mode;
        self.select(l, key, page);
    }

    /// `e`: the edit for the selected value (or chart version) of the selected stage.
    fn plan_edit(&self, l: &Landscape) -> Result<EditPlan, String> {
        match self.mode {
            Mode::Stage => {
                let (_, stage) = self
                    .current_stage(l)
                    .ok_or("the Helmfile defines no stage")?;
                let rows = stage_rows(stage, self.release.as_deref());
                match rows.get(self.cursor.selected) {
                    Some(StageRow::Value { release, value }) => value_edit(
                        &stage.environment,
                        release,
                        &value.path,
                        Some(&value.leaf),
                        &l.files,
                    ),
                    Some(StageRow::Release(r)) => version_edit(r),
                    Some(StageRow::ValuesError { error, .. }) => {
                        Err(format!("the values could not be read: {error}"))
                    }
                    None => Err(format!("{} has no releases", stage.environment)),
                }
            }
            Mode::SideBySide => {
                let stage = l.stages.get(self.column).ok_or("no stage selected")?;
                if let Some(e) = &stage.error {
                    return Err(format!("{} could not be rendered: {e}", stage.environment));
                }
                let name = self.sbs_release(l).ok_or("no releases")?;
                let release = stage
                    .releases
                    .iter()
                    .find(|r| r.summary.name == name)
                    .ok_or_else(|| format!("{} has no release {name}", stage.environment))?;
                let rows = side_by_side(l, &name);
                let row = rows.get(self.cursor.selected).ok_or("no row selected")?;
                match &row.kind {
                    SbsKind::ChartVersion => version_edit(release),
                    SbsKind::Installed => Err(format!(
                        "installed: is the Helmfile's ({}): edit it there",
                        l.files.join(", ")
                    )),
                    SbsKind::Value(path) => value_edit(
                        &stage.environment,
                        release,
                        path,
                        row.cells[self.column].leaf.as_ref(),
                        &l.files,
                    ),
                }
            }
        }
    }
}

impl View for ValuesState {
    fn title(&self) -> String {
        format!("values {}", self.team)
    }

    fn sections(&self) -> &'static [Section] {
        &[Section::Repo, Section::Table, Section::Global]
    }

    fn hint_actions(&self) -> Vec<Action> {
        match self.mode {
            Mode::Stage => vec![
                Action::EditValue,
                Action::AllStages,
                Action::Drill,
                Action::RepoCommit,
            ],
            Mode::SideBySide => vec![
                Action::EditValue,
                Action::Promote,
                Action::ToggleSelect,
                Action::RepoCommit,
            ],
        }
    }

    fn on_enter(&mut self, cx: &mut ViewCx) -> Vec<Effect> {
        let team = self.team.clone();
        // Before the clone is there the Helmfile cannot be read: open it first; the app enters
        // the screen again when the clone reports its status.
        vec![Effect::Repo(if crate::views::repo::is_open(cx, &team) {
            RepoEffect::LoadLandscape { team }
        } else {
            RepoEffect::Open { team }
        })]
    }

    fn on_leave(&mut self) -> Vec<Effect> {
        // The Helmfile is read once per visit: nothing runs on.
        Vec::new()
    }

    fn on_repo(&mut self, m: &crate::repo::RepoMsg) -> bool {
        match m {
            crate::repo::RepoMsg::Landscape { team, landscape } if *team == self.team => {
                self.resolve_column(landscape);
                true
            }
            _ => false,
        }
    }

    fn on_action(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
        let page = cx.page.saturating_sub(CHROME_LINES);
        if a == Action::RepoCommit {
            return self.commit(cx);
        }
        let Some(l) = self.landscape(cx.world) else {
            return match a {
                Action::EditValue => Flow::Say(Notice::info("the Helmfile is still being read…")),
                _ => Flow::Ignored,
            };
        };
        if self.move_cursor(a, l, page) {
            return Flow::Done(Vec::new());
        }
        if let Some(n) = a.stage_number() {
            if n > l.stages.len() {
                return Flow::Say(Notice::info(format!(
                    "no stage {n}: the Helmfile has {}",
                    l.stages.len()
                )));
            }
            self.switch(Mode::Stage, Some(n - 1), l, page);
            return Flow::Done(Vec::new());
        }
        match a {
            Action::Promote => return self.promote(l, cx, page),
            Action::ToggleSelect if self.mode == Mode::SideBySide => {
                let rows = self.sbs_release(l).map(|r| side_by_side(l, &r)).unwrap_or_default();
                if let Some(row) = rows.get(self.cursor.selected) {
                    let label = row.label().to_string();
                    if !self.marked.remove(&label) {
                        self.marked.insert(label);
                    }
                    self.cursor.on_action(Action::Down, rows.len(), page);
                }
            }
            Action::AllStages => self.switch(Mode::SideBySide, None, l, page),
            Action::Left => self.sideways(-1, l, usize::from(cx.width), page),
            Action::Right => self.sideways(1, l, usize::from(cx.width), page),
            // enter: from a stage's value to the same value across stages, and back.
            Action::Drill => match self.mode {
                Mode::Stage => self.switch(Mode::SideBySide, None, l, page),
                Mode::SideBySide => self.switch(Mode::Stage, Some(self.column), l, page),
            },
            Action::EditValue => {
                if cx.readonly {
                    return Flow::Say(readonly_notice("a quick edit"));
                }
                return match self.plan_edit(l) {
                    Ok(plan) => {
                        let current = plan.current.clone();
                        self.pending = Some(plan);
                        Flow::Input(InputKind::Field, current)
                    }
                    Err(why) => Flow::Say(Notice::error(why)),
                };
            }
            _ => return Flow::Ignored,
        }
        Flow::Done(Vec::new())
    }

    fn on_input(&mut self, kind: InputKind, text: &str, cx: &mut ViewCx) -> Flow {
        let Some(plan) = self.pending.take().filter(|_| kind == InputKind::Field) else {
            return Flow::Done(Vec::new());
        };
        if cx.readonly {
            return Flow::Say(readonly_notice("a quick edit"));
        }
        let value = text.trim();
        if value == plan.current {
            return Flow::Say(Notice::info(format!(
                "{} unchanged: nothing written",
                plan.request.path
            )));
        }
        let mut edit = plan.request;
        edit.value = value.to_string();
        Flow::Done(vec![Effect::Repo(RepoEffect::Edit {
            team: self.team.clone(),
            edit,
        })])
    }
}

impl ValuesState {
    /// `M`: per stage, side by side from this stage; side by side, the marked rows (or the
    /// selected one) copied to the next stage, then the diff.
    fn promote(&mut self, l: &Landscape, cx: &ViewCx, page: usize) -> Flow {
        if self.mode == Mode::Stage {
            self.switch(Mode::SideBySide, None, l, page);
            return Flow::Say(Notice::info(
                "space marks values, M copies them to the next stage",
            ));
        }
        if cx.readonly {
            return Flow::Say(readonly_notice("a promotion"));
        }
        let order = super::promote::promotion_order(cx.world, &self.team);
        let Some(from) = l.stages.get(self.column).map(|s| s.environment.clone()) else {
            return Flow::Say(Notice::error("no stage selected"));
        };
        let Some(to) = super::promote::next_stage(&order, &from).map(str::to_string) else {
            return Flow::Say(Notice::error(format!(
                "{from} is the last stage of the promotion order ({}): pick the stage to promote from with h/l",
                order.join(" → ")
            )));
        };
        let Some(release) = self.sbs_release(l) else {
            return Flow::Say(Notice::error("no releases"));
        };
        let rows = side_by_side(l, &release);
        let picked: Vec<usize> = if self.marked.is_empty() {
            vec![self.cursor.selected]
        } else {
            rows.iter()
                .enumerate()
                .filter(|(_, r)| self.marked.contains(r.label()))
                .map(|(i, _)| i)
                .collect()
        };
        let plan = match super::promote::plan_promotion(l, &release, &rows, &picked, self.column, &to) {
            Ok(p) => p,
            Err(why) => return Flow::Say(Notice::error(format!("nothing promoted: {why}"))),
        };
        if plan.edits.is_empty() {
            return Flow::Say(Notice::info(format!(
                "{to} already has {from}'s values there: nothing to promote"
            )));
        }
        self.marked.clear();
        // `I` on this screen deploys the stage promoted into, once committed and pushed.
        self.stage = Some(to.clone());
        let effects = plan
            .edits
            .into_iter()
            .map(|edit| {
                Effect::Repo(RepoEffect::Edit {
                    team: self.team.clone(),
                    edit,
                })
            })
            .collect();
        Flow::DoThenPush(
            effects,
            Box::new(crate::views::diff::DiffState::new(&self.team, None).into()),
        )
    }

    /// `c`: the commit form, as on the repo screen (the quick edits prefill its message).
    fn commit(&self, cx: &ViewCx) -> Flow {
        crate::views::commit::commit_form(cx, &self.team)
    }
}
