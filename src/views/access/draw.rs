use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::AccessState;
use crate::app::App;
use crate::cluster::access::capability::{Capability, ALL};
use crate::cluster::access::{AccountNamespace, May, NamespaceAccess, TeamAccess};
use crate::cluster::stage::split_namespace;
use crate::theme::{Role, Theme};
use crate::ui::widgets::table::{draw_empty, draw_table, Col, TableRow};

const COLS: [Col; 11] = [
    Col::new("STAGE", 5, 30, 0).flex().keep_end(),
    Col::new("READ", 4, 4, 1),
    Col::new("LOGS", 4, 4, 0),
    Col::new("EXEC", 4, 4, 0),
    Col::new("FWD", 3, 3, 1),
    Col::new("DEL POD", 7, 7, 0),
    Col::new("RESTART", 7, 7, 0),
    Col::new("SCALE", 5, 5, 0),
    Col::new("DEPLOY", 6, 6, 0),
    Col::new("SECRETS", 7, 7, 0),
    Col::new("JENKINS", 7, 12, 0),
];

fn cell(m: May) -> String {
    match m {
        May::Yes => "yes",
        May::No(_) => "no",
        May::Unknown => "?",
    }
    .into()
}

/// What the Jenkins account does in a namespace, in one word.
pub fn jenkins_word(a: Option<&AccountNamespace>) -> &'static str {
    let Some(a) = a else { return "?" };
    if a.error.is_some() {
        return "?";
    }
    if a.may(Capability::Deploy) == May::Yes {
        "deploys"
    } else if a.may(Capability::DeletePods) == May::Yes {
        "runs pods"
    } else if a.may(Capability::Read) == May::Yes {
        "reads"
    } else {
        "none"
    }
}

fn row(t: &TeamAccess, n: &NamespaceAccess) -> TableRow {
    let stage = split_namespace(&n.namespace, &t.team).unwrap_or(&n.namespace);
    let mut cells = vec![stage.to_string()];
    cells.extend(ALL.iter().map(|c| cell(n.may(*c))));
    cells.push(jenkins_word(t.account_in(&n.namespace)).into());
    TableRow {
        cells,
        role: if n.error.is_some() {
            Role::HealthWarn
        } else {
            Role::Text
        },
    }
}

/// The selected namespace in sentences: what you may and may not do, and through which
/// bindings Jenkins acts there.
pub fn detail(t: &TeamAccess, n: &NamespaceAccess) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(e) = &n.error {
        out.push(format!("you in {}: {e}", n.namespace));
    } else {
        let yes: Vec<&str> = ALL
            .iter()
            .filter(|c| n.may(**c) == May::Yes)
            .map(|c| c.words())
            .collect();
        let no: Vec<String> = ALL
            .iter()
            .filter_map(|c| match n.may(*c) {
                May::No(r) if r.said() == c.words() => Some(c.words().to_string()),
                May::No(r) => Some(format!("{} ({})", c.words(), r.said())),
                _ => None,
            })
            .collect();
        let mut line = format!("you in {}: ", n.namespace);
        line.push_str(&if yes.is_empty() {
            "nothing".to_string()
        } else {
            format!("may {}", yes.join(", "))
        });
        if !no.is_empty() {
            line.push_str(&format!("; may not {}", no.join(", ")));
        }
        if n.incomplete {
            line.push_str(" (the API says its list may be incomplete)");
        }
        out.push(line);
    }
    let (ans, name) = &t.account;
    let who = format!("Jenkins ({ans}/{name})");
    match (&t.account_error, t.account_in(&n.namespace)) {
        (Some(e), _) => out.push(format!("{who}: {e}")),
        (None, Some(a)) if a.error.is_some() => {
            out.push(format!("{who}: {}", a.error.as_deref().unwrap_or_default()))
        }
        (None, Some(a)) if a.grants.is_empty() => {
            out.push(format!("{who}: no binding in {} names it", n.namespace))
        }
        (None, Some(a)) => {
            // The bindings every authenticated subject has (discovery, asking what it may do)
            // say nothing about the team.
            let via: Vec<String> = a
                .grants
                .iter()
                .filter(|g| !g.to.contains("\"system:"))
                .map(|g| format!("{} of {}", g.binding, g.role))
                .collect();
            let what = match jenkins_word(Some(a)) {
                "deploys" => "may deploy".to_string(),
                w => match a.may(Capability::Deploy) {
                    May::No(r) => format!("{w}, may not deploy ({})", r.said()),
                    _ => w.to_string(),
                },
            };
            out.push(format!("{who}: {what}, by {}", via.join(", ")));
        }
        (None, None) => out.push(format!("{who}: not read")),
    }
    out
}

pub fn draw(state: &AccessState, app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    let Some(t) = state.access(&app.world) else {
        draw_empty(f, area, theme, "asking the API what you may do…");
        return;
    };
    // The table as tall as its rows (the detail below gets the rest), scrolling when short.
    let want = u16::try_from(t.namespaces.len() + 1).unwrap_or(u16::MAX);
    let [who, table, _, rest] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(want.min(area.height.saturating_sub(5)).max(3)),
        Constraint::Length(1),
        Constraint::Min(3),
    ])
    .areas(area);
    let me = t
        .user
        .clone()
        .unwrap_or_else(|| "the API does not say who you are (no SelfSubjectReview)".into());
    f.render_widget(
        Paragraph::new(Line::styled(format!(" you are {me}"), theme.style(Role::Dim))),
        who,
    );
    let mut cursor = state.cursor;
    let page = usize::from(table.height.saturating_sub(1));
    cursor.clamp(t.namespaces.len(), page);
    let rows = t
        .namespaces
        .iter()
        .skip(cursor.offset)
        .take(page)
        .map(|n| row(t, n))
        .collect();
    draw_table(
        f,
        table,
        theme,
        &COLS,
        rows,
        Some(cursor.selected - cursor.offset),
        None,
    );
    if let Some(n) = t.namespaces.get(cursor.selected) {
        let lines: Vec<Line> = detail(t, n)
            .into_iter()
            .map(|l| Line::styled(format!(" {l}"), theme.style(Role::Text)))
            .collect();
        f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), rest);
    }
}
