use ratatui::layout::Rect;
use crate::jenkins::msg::TriggerProgress;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::{TriggerPhase, TriggerState};
use crate::app::App;
use crate::cluster::human_duration::age_since;
use crate::jenkins::ParamKind;
use crate::keymap::Action;
use crate::text::clip::clip;
use crate::text::width::str_width;
use crate::text::wrap::pad_right;
use crate::theme::{Role, Theme};

fn value_text(kind: &ParamKind, value: &str) -> String {
    match kind {
        ParamKind::Boolean => format!("[{}] {value}", if value == "true" { "x" } else { " " }),
        ParamKind::Choice(_) => format!("◂ {value} ▸"),
        ParamKind::String if value.is_empty() => "\"\"".into(),
        ParamKind::String => value.to_string(),
        ParamKind::Other(t) => format!("({t}: not editable here; its default is sent)"),
    }
}

fn kind_text(kind: &ParamKind) -> String {
    match kind {
        ParamKind::Boolean => "boolean".into(),
        ParamKind::Choice(c) => format!("choice of {}", c.len()),
        ParamKind::String => "string".into(),
        ParamKind::Other(_) => "other".into(),
    }
}

fn phase_line(state: &TriggerState, app: &App) -> Option<(String, Role)> {
    let waited = state
        .submitted_at
        .map(|t| format!(" ({})", age_since(Some(t), app.now)))
        .unwrap_or_default();
    Some(match &state.phase {
        TriggerPhase::Editing => return None,
        TriggerPhase::Submitting => (
            format!("Queuing a build of {}…", state.job),
            Role::HealthPending,
        ),
        TriggerPhase::Reported(TriggerProgress::Queued { queue_id, merged }) => (
            format!(
                "Queued{}{}; waiting for the build to start{waited}",
                queue_id
                    .map(|q| format!(" as item {q}"))
                    .unwrap_or_default(),
                if *merged {
                    " (merged into an identical waiting item)"
                } else {
                    ""
                }
            ),
            Role::HealthPending,
        ),
        TriggerPhase::Reported(TriggerProgress::Waiting { why }) => (
            format!(
                "Waiting: {}{waited}",
                why.as_deref().unwrap_or("in the queue")
            ),
            Role::HealthPending,
        ),
        TriggerPhase::Reported(TriggerProgress::Started { number }) => (format!("Started #{number}"), Role::Info),
        TriggerPhase::Reported(TriggerProgress::Cancelled) => (
            "The queue item was cancelled (or left without a build)".into(),
            Role::HealthWarn,
        ),
        TriggerPhase::Reported(TriggerProgress::Failed(e)) => (e.message.clone(), Role::Error),
    })
}

pub fn draw(state: &TriggerState, app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    if area.height < 2 || area.width < 10 {
        return;
    }
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("Build {}", state.job), theme.style(Role::Title)),
        Span::styled(
            format!("  on {}'s Jenkins", state.team),
            theme.style(Role::Dim),
        ),
    ])];
    lines.push(Line::default());
    if let Some(d) = &state.deploy {
        lines.push(Line::styled(
            format!(
                "{} {}: once queued, the deploy screen follows the build, the releases and the pods.",
                d.kind.verb(),
                d.namespace
            ),
            theme.style(Role::Info),
        ));
        lines.push(Line::default());
    }
    if let Some(ns) = state.protected_namespace(&app.world) {
        lines.push(Line::styled(
            format!("{ns} is a protected stage: you will type its name to confirm."),
            theme.style(Role::HealthWarn),
        ));
        lines.push(Line::default());
    }
    if let Some(crate::stale::Lost { error: e, .. }) = &state.params.error {
        lines.push(Line::styled(e.message.clone(), theme.style(Role::Error)));
    } else if state.params.data.is_none() {
        lines.push(Line::styled(
            format!("loading the parameters of {}…", state.job),
            theme.style(Role::Dim),
        ));
    } else if state.defs().is_empty() {
        lines.push(Line::styled(
            "This job takes no parameters.",
            theme.style(Role::Dim),
        ));
    }
    let name_w = state
        .defs()
        .iter()
        .map(|d| str_width(&d.name))
        .max()
        .unwrap_or(0)
        .max(4);
    let width = area.width;
    for (i, (d, v)) in state.defs().iter().zip(&state.values).enumerate() {
        let focused = state.focus == i;
        let value = value_text(&d.kind, v);
        let value_style = if focused {
            theme.style(Role::Selection)
        } else {
            theme.style(Role::StatusLine)
        };
        let mut spans = vec![
            Span::styled(
                if focused { "› " } else { "  " },
                theme.style(Role::KeyHint),
            ),
            Span::styled(
                format!("{}  ", pad_right(&d.name, name_w)),
                theme.style(Role::Header),
            ),
            Span::styled(value.clone(), value_style),
        ];
        let used = 2 + name_w + 2 + str_width(&value);
        let about = if d.description.is_empty() {
            kind_text(&d.kind)
        } else {
            format!("{} — {}", kind_text(&d.kind), d.description)
        };
        let room = usize::from(width).saturating_sub(used + 2);
        if room > 5 {
            spans.push(Span::styled(
                format!("  {}", clip(&about, room)),
                theme.style(Role::Dim),
            ));
        }
        lines.push(Line::from(spans));
    }
    if state.params.data.is_some() {
        lines.push(Line::default());
        let button_style = if state.on_button() {
            theme.style(Role::Selection)
        } else {
            theme.style(Role::KeyHint)
        };
        lines.push(Line::from(vec![
            Span::raw("  "),
            Span::styled("[ Build ]", button_style),
        ]));
    }
    if let Some((text, role)) = phase_line(state, app) {
        lines.push(Line::default());
        lines.push(Line::styled(text, theme.style(role)));
    }
    lines.push(Line::default());
    let mut hints = Vec::new();
    for (a, what) in [
        (Action::Down, "next field"),
        (Action::Right, "change"),
        (Action::Drill, "edit / build"),
        (Action::TriggerBuild, "build"),
        (Action::Back, "cancel"),
    ] {
        if let Some(k) = app.keymap.hint(a) {
            hints.push(Span::styled(k, theme.style(Role::KeyHint)));
            hints.push(Span::styled(format!(" {what}  "), theme.style(Role::Dim)));
        }
    }
    lines.push(Line::from(hints));
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}
