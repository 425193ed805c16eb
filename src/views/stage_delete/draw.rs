use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::state::StageDeleteState;
use crate::app::App;
use crate::theme::{Role, Theme};

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn draw(state: &StageDeleteState, app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    let ns = &state.namespace;
    // Live counts while the stage is still watched; the form's own once it is gone.
    let (pods, releases) = app
        .world
        .stages
        .get(ns)
        .map_or((state.pods, state.releases), |s| {
            (s.summary.pods_total, s.summary.releases)
        });
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!("Delete stage {ns}"), theme.style(Role::Title)),
            Span::styled(format!("  of team {}", state.team), theme.style(Role::Dim)),
        ]),
        Line::default(),
        Line::styled(
            format!(
                "Deleting the namespace {ns} removes everything in it: {} and {}, with their Deployments, Secrets, ConfigMaps and Services. The pods terminate and are not replaced. This cannot be undone.",
                plural(pods, "pod", "pods"),
                plural(releases, "Helm release", "Helm releases"),
            ),
            theme.style(Role::HealthWarn),
        ),
        Line::default(),
        Line::styled(
            "The API is asked first (SelfSubjectAccessReview): if you may not delete namespaces, nothing is deleted and the answer says who may.",
            theme.style(Role::Text),
        ),
        Line::default(),
    ];
    if state.sent {
        lines.push(Line::styled(
            format!("Deleting {ns}…"),
            theme.style(Role::Info),
        ));
    } else {
        lines.push(Line::from(vec![
            Span::styled("Type ", theme.style(Role::Text)),
            Span::styled(ns.clone(), theme.style(Role::KeyHint)),
            Span::styled(
                " in the bar below and press enter; esc cancels.",
                theme.style(Role::Text),
            ),
        ]));
    }
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}
