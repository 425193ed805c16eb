//! The two lines around every view: breadcrumbs with the context on top, and the status line
//! (input bar, notices, read-only badge, watch staleness, key hints) at the bottom.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use crate::app::App;
use crate::cluster::human_duration::age_since;
use crate::keymap::Action;
use crate::text::clip::clip;
use crate::text::width::{char_width, str_width};
use crate::theme::{Role, Theme};

pub fn draw_breadcrumbs(app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    let width = usize::from(area.width);
    let right = format!(" ctx:{}", app.context);
    // An applied filter shows where it applies (`pods payments-qa /api|gate`), so it is never
    // silently in force.
    let crumb = |s: &crate::views::Screen| {
        let f = s.filter_text();
        if f.is_empty() {
            s.title()
        } else {
            format!("{} /{f}", s.title())
        }
    };
    let mut crumbs: Vec<String> = std::iter::once("stagecoach".to_string())
        .chain(app.stack.iter().map(crumb))
        .collect();
    let len = |c: &[String]| c.iter().map(|s| str_width(s) + 3).sum::<usize>() - 3;
    // Where we are matters most: drop the oldest crumbs first, then shorten the last.
    while crumbs.len() > 2 && len(&crumbs) > width {
        crumbs.remove(0);
        crumbs[0] = "…".into();
    }
    if len(&crumbs) > width {
        let last = crumbs.len() - 1;
        let room = width.saturating_sub(len(&crumbs[..last]) + 3);
        crumbs[last] = clip(&crumbs[last], room);
    }
    let mut spans = Vec::new();
    for (i, c) in crumbs.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" › ", theme.style(Role::Dim)));
        }
        let role = if i == 0 && c == "stagecoach" {
            Role::Title
        } else {
            Role::Breadcrumb
        };
        spans.push(Span::styled(c.clone(), theme.style(role)));
    }
    let left_width = len(&crumbs);
    if left_width + str_width(&right) <= width {
        let pad = width - left_width - str_width(&right);
        spans.push(Span::raw(" ".repeat(pad)));
        spans.push(Span::styled(right, theme.style(Role::Dim)));
    }
    f.render_widget(Line::from(spans), area);
}

pub fn draw_status(app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    if let Some(input) = &app.input {
        let prompt = input.kind.prompt();
        // Text in force when the bar opened shows selected: typing replaces it.
        let text = if input.selected {
            Span::styled(input.text.clone(), theme.style(Role::Selection))
        } else {
            Span::raw(input.text.clone())
        };
        let line = Line::from(vec![Span::styled(prompt, theme.style(Role::KeyHint)), text]);
        f.render_widget(line, area);
        let before_cursor: usize = input.text.chars().take(input.cursor).map(char_width).sum();
        let x = area.x
            + u16::try_from(str_width(prompt) + before_cursor)
                .unwrap_or(u16::MAX)
                .min(area.width.saturating_sub(1));
        f.set_cursor_position((x, area.y));
        return;
    }
    let mut right: Vec<Span> = Vec::new();
    if app.readonly {
        right.push(Span::styled(
            " READ-ONLY ",
            theme.style(Role::BadgeReadonly),
        ));
    }
    if let Some((_, since, _)) = app.world.worst_watch() {
        let age = age_since(Some(since), app.now);
        // A refusal (403) is not a lost connection: say who may not do what, and where.
        let refused = app
            .world
            .stages
            .values()
            .find_map(|s| Some((&s.namespace, s.refused()?)));
        // A notice on the line (the answer to a key) wins the width: the badge then says
        // only where, and the stage's row or `:access` say the rest.
        let text = match (refused, app.notice.is_some()) {
            (Some((ns, _)), true) => format!(" {ns} forbidden "),
            (Some((ns, who)), false) => format!(" {ns} forbidden: {who} ({age} ago), retrying "),
            (None, true) => format!(" watch lost {age} ago "),
            (None, false) => format!(" watch lost {age} ago, reconnecting "),
        };
        right.push(Span::raw(" "));
        right.push(Span::styled(text, theme.style(Role::BadgeStale)));
    } else if !app.world.is_synced() {
        right.push(Span::styled(" syncing…", theme.style(Role::Dim)));
    }
    let right_width: usize = right.iter().map(|s| str_width(&s.content)).sum();
    let left_budget = usize::from(area.width).saturating_sub(right_width + 1);
    let left: Vec<Span> = match &app.notice {
        Some((n, _)) => vec![Span::styled(
            clip(&n.text, left_budget),
            theme.style(if n.error { Role::Error } else { Role::Info }),
        )],
        None => hints(app, theme, left_budget),
    };
    let left_width: usize = left.iter().map(|s| str_width(&s.content)).sum();
    let mut spans = left;
    spans.push(Span::raw(" ".repeat(
        usize::from(area.width).saturating_sub(left_width + right_width),
    )));
    spans.extend(right);
    f.render_widget(Line::from(spans), area);
}

/// Key hints from the live keymap, as many as fit.
fn hints<'a>(app: &App, theme: &Theme, budget: usize) -> Vec<Span<'a>> {
    let mut actions = vec![Action::Help, Action::CommandBar, Action::Filter];
    actions.extend(app.top().hint_actions());
    actions.push(Action::Back);
    let sections = app.top().sections();
    // A write RBAC refuses in the screen's one namespace is not offered (`:access` says why).
    let namespace = app
        .top()
        .stage_scope()
        .and_then(|s| (s.namespaces.len() == 1).then(|| s.namespaces[0].clone()));
    let refused = |a: Action| {
        let c = crate::views::pod_ops::capability_of(a);
        matches!((c, &namespace), (Some(c), Some(ns)) if app.world.refusal(ns, c).is_some())
    };
    let mut out = Vec::new();
    let mut used = 0;
    let mut seen = Vec::new();
    for a in actions {
        if seen.contains(&a) || refused(a) {
            continue;
        }
        seen.push(a);
        let Some(mut key) = app.keymap.hint_in(a, sections) else {
            continue;
        };
        let mut label = app.keymap.hint_label(a);
        // `0`–`9` switch stages: the hint says how many there are (`0-6 stage`); `?` and a
        // number the team lacks spell out which is which.
        if a == Action::AllStages && key == "0" {
            if let Some(n) = app
                .top()
                .stage_scope()
                .map(|s| s.numbered_stages(&app.world))
                .filter(|n| *n > 0)
            {
                key = format!("{key}-{n}");
                label = "stage".into();
            }
        }
        let w = str_width(&key) + str_width(&label) + 2;
        if used + w > budget {
            break;
        }
        used += w;
        out.push(Span::styled(key, theme.style(Role::KeyHint)));
        out.push(Span::styled(format!(" {label} "), theme.style(Role::Dim)));
    }
    out
}

#[cfg(test)]
#[path = "chrome_tests.rs"]
mod tests;
