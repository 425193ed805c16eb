//! `:timeline [stage[/release]]` and `t`: the timeline of the named stage (one release of it
//! only), or of the stage in view (a release screen's release only).

use super::effect::Effect;
use super::msg::Notice;
use super::nav::Screen;
use super::App;
use crate::views::timeline::TimelineState;

impl App {
    pub(super) fn go_timeline(&mut self, arg: Option<&str>) -> Vec<Effect> {
        let (arg, named) = match arg.and_then(|a| a.split_once('/')) {
            Some((stage, release)) if !release.is_empty() => (
                Some(stage).filter(|s| !s.is_empty()),
                Some(release.to_string()),
            ),
            _ => (arg, None),
        };
        let release = match (arg, self.top()) {
            (None, Screen::Release(r)) if named.is_none() => Some(r.name.clone()),
            _ => named,
        };
        let namespace = match arg {
            None => self.stage_in_view(),
            Some(a) => match self.scope_for(Some(a)) {
                Some(s) if s.namespaces.len() == 1 => Some(s.namespaces[0].clone()),
                Some(_) => {
                    self.notice = Some((
                        Notice::error("the timeline of which stage? name one (:timeline qa)"),
                        self.now,
                    ));
                    return Vec::new();
                }
                None => return Vec::new(),
            },
        };
        let Some(namespace) = namespace else {
            self.notice = Some((
                Notice::error("no stage in view: name one (:timeline payments-qa)"),
                self.now,
            ));
            return Vec::new();
        };
        let Some((team, _)) = self.world.team_of(&namespace) else {
            self.notice = Some((
                Notice::error(format!("{namespace} is no team's stage")),
                self.now,
            ));
            return Vec::new();
        };
        let screen = TimelineState::new(team, &namespace, release.as_deref());
        self.push(Screen::Timeline(screen))
    }
}
