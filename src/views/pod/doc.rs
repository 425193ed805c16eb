//! The pod detail as one document of lines already wrapped to the screen's width, in sections.
//! Built the same way for scrolling (so `e` lands on the Events header and `j` stops at the
//! end) and for drawing. Every text from the cluster passes the sanitiser here. No ratatui.

use jiff::Timestamp;

use super::PodState;
use crate::cluster::event_row::EventRow;
use crate::cluster::health::Health;
use crate::cluster::human_duration::age_since;
use crate::cluster::pod_detail::{ContainerDetail, ContainerStateRow, PodDetail};
use crate::text::clip::{clip, head};
use crate::text::width::str_width;
use crate::text::wrap::pad_right;
use crate::theme::Role;
use crate::ui::health_role;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    Pod,
    Containers,
    Conditions,
    Events,
}

/// A run of text in one role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    pub role: Role,
}

fn piece(text: impl Into<String>, role: Role) -> Piece {
    Piece {
        text: text.into(),
        role,
    }
}

pub type DocLine = Vec<Piece>;

#[derive(Debug, Default)]
pub struct Doc {
    pub lines: Vec<DocLine>,
    /// Where each section's header line is.
    pub starts: Vec<(Section, usize)>,
}

impl Doc {
    pub fn start(&self, s: Section) -> usize {
        self.starts
            .iter()
            .find(|(x, _)| *x == s)
            .map_or(0, |(_, i)| *i)
    }

    /// The section a line belongs to.
    pub fn section_at(&self, line: usize) -> Section {
        self.starts
            .iter()
            .rev()
            .find(|(_, i)| *i <= line)
            .map_or(Section::Pod, |(s, _)| *s)
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}

/// Plain text: the theme's ordinary foreground.
const TEXT: Role = Role::Text;

/// Labels of key/value lines are this wide (plus the indent).
const LABEL: usize = 12;
/// Labels of the pod's own facts (`Namespace`, `Owners`).
const GRID_LABEL: usize = 10;
const INDENT: usize = 2;

struct Builder {
    width: usize,
    doc: Doc,
}

impl Builder {
    fn section(&mut self, s: Section, title: String) {
        if !self.doc.lines.is_empty() {
            self.doc.lines.push(Vec::new());
        }
        self.doc.starts.push((s, self.doc.lines.len()));
        self.line(vec![piece(title, Role::Header)]);
    }

    /// One line, cut with `…` where it does not fit.
    fn line(&mut self, pieces: Vec<Piece>) {
        let mut left = self.width;
        let mut out = Vec::new();
        for p in pieces {
            if left == 0 {
                break;
            }
            let text = clip(&p.text, left);
            left -= str_width(&text).min(left);
            out.push(piece(text, p.role));
        }
        self.doc.lines.push(out);
    }

    fn note(&mut self, text: impl Into<String>, role: Role) {
        self.para(INDENT, vec![piece(text, role)]);
    }

    /// `Label       value…`: each paragraph starts a new line at the value column, and long
    /// ones wrap there.
    fn kv(&mut self, indent: usize, label: &str, paras: Vec<Vec<Piece>>) {
        self.kv_wide(indent, label, LABEL, paras);
    }

    fn kv_wide(&mut self, indent: usize, label: &str, label_width: usize, paras: Vec<Vec<Piece>>) {
        let col = indent + label_width;
        for (i, para) in paras.into_iter().enumerate() {
            let lead = if i == 0 {
                // A label too long for its column still gets a space after it.
                let label = format!("{} ", one_line(label));
                format!("{:indent$}{}", "", pad_right(&label, label_width))
            } else {
                " ".repeat(col)
            };
            self.wrap(vec![piece(lead, Role::Dim)], para, col);
        }
    }

    /// A paragraph at `indent`, wrapped with the same indent.
    fn para(&mut self, indent: usize, pieces: Vec<Piece>) {
        self.wrap(vec![piece(" ".repeat(indent), Role::Dim)], pieces, indent);
    }

    /// Word-wraps `pieces` after `lead`; continuation lines start at column `hang`. Words
    /// longer than a line are cut into line-sized parts.
    fn wrap(&mut self, lead: Vec<Piece>, pieces: Vec<Piece>, hang: usize) {
        let hang = hang.min(self.width.saturating_sub(8));
        let mut line = lead;
        let mut used: usize = line.iter().map(|p| str_width(&p.text)).sum();
        // No word on the line yet; `continued`: the line is a continuation (only the indent).
        let mut fresh = true;
        let mut continued = false;
        for p in pieces {
            for word in one_line(&p.text).split(' ').filter(|w| !w.is_empty()) {
                let mut word = word;
                loop {
                    let gap = usize::from(!fresh);
                    let room = self.width.saturating_sub(used + gap);
                    let word_width = str_width(word);
                    if word_width <= room {
                        push_text(&mut line, &" ".repeat(gap), p.role);
                        push_text(&mut line, word, p.role);
                        used += gap + word_width;
                        fresh = false;
                        break;
                    }
                    if !fresh && (word_width <= self.width - hang || room < 12) {
                        // Start a new line: the word fits on one, or too little room is left
                        // here to begin a long word.
                        self.doc.lines.push(std::mem::take(&mut line));
                        line.push(piece(" ".repeat(hang), Role::Dim));
                        used = hang;
                        fresh = true;
                        continued = true;
                        continue;
                    }
                    // Longer than any line: fill this one and carry the rest, cut after a
                    // separator when there is one in the second half of the room.
                    let room = room.max(1);
                    // At least one character, even one wider than the room.
                    let fit = match head(word, room) {
                        "" => word.chars().next().map_or(0, char::len_utf8),
                        fit => fit.len(),
                    };
                    let cut = word[..fit]
                        .rfind(['-', '_', '/', '(', ',', '=', ':', '.'])
                        .map(|i| i + 1)
                        .filter(|&i| str_width(&word[..i]) * 2 >= room)
                        .unwrap_or(fit);
                    let (part, rest) = word.split_at(cut);
                    push_text(&mut line, &" ".repeat(gap), p.role);
                    push_text(&mut line, part, p.role);
                    self.doc.lines.push(std::mem::take(&mut line));
                    line.push(piece(" ".repeat(hang), Role::Dim));
                    used = hang;
                    fresh = true;
                    continued = true;
                    if rest.is_empty() {
                        break;
                    }
                    word = rest;
                }
            }
        }
        if !(continued && fresh) {
            self.doc.lines.push(line);
        }
    }
}

fn push_text(line: &mut DocLine, text: &str, role: Role) {
    if text.is_empty() {
        return;
    }
    match line.last_mut() {
        Some(last) if last.role == role => last.text.push_str(text),
        _ => line.push(piece(text, role)),
    }
}

/// On one line, every run of whitespace one space: text the view re-wraps. (Pod text was
/// sanitised where the watch built the detail and event rows.)
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The whole document for `width` columns at `now`.
pub fn build(state: &PodState, width: u16, now: Timestamp) -> Doc {
    let mut b = Builder {
        width: usize::from(width).max(20),
        doc: Doc::default(),
    };
    b.section(Section::Pod, "Pod".into());
    match &state.detail {
        Some(d) => pod_lines(&mut b, d, now),
        None => match &state.pod_error {
            Some(e) => b.note(format!("pod unavailable: {e}"), Role::Error),
            None => b.note("loading…", Role::Dim),
        },
    }
    if let (Some(e), Some(_)) = (&state.pod_error, &state.detail) {
        b.note(
            format!("pod watch failed: {e} (retrying; showing the last state seen)"),
            Role::Error,
        );
    }
    if state.gone {
        b.note(
            "this pod is gone (deleted): showing the last state seen",
            Role::Error,
        );
    }

    let n = state.detail.as_ref().map_or(0, |d| d.containers.len());
    b.section(Section::Containers, format!("Containers ({n})"));
    match &state.detail {
        Some(d) => {
            for c in &d.containers {
                container_lines(&mut b, c, now);
            }
        }
        None => b.note("loading…", Role::Dim),
    }

    b.section(Section::Conditions, "Conditions".into());
    match state.detail.as_ref().map(|d| &d.conditions) {
        Some(cs) if !cs.is_empty() => {
            let label_width = cs
                .iter()
                .map(|c| str_width(&c.type_) + 2)
                .max()
                .unwrap_or(LABEL)
                .clamp(LABEL, (b.width / 4).clamp(LABEL, 28));
            for c in cs {
                let role = if c.status == "True" {
                    Role::HealthOk
                } else {
                    Role::HealthWarn
                };
                let mut pieces = vec![piece(c.status.clone(), role)];
                let why = match (&c.reason, &c.message) {
                    (Some(r), Some(m)) => format!("{r}: {m}"),
                    (Some(r), None) => r.clone(),
                    (None, Some(m)) => m.clone(),
                    (None, None) => String::new(),
                };
                if !why.is_empty() {
                    pieces.push(piece(why, TEXT));
                }
                b.kv_wide(INDENT, &c.type_, label_width, vec![pieces]);
            }
        }
        Some(_) => b.note("<none>", Role::Dim),
        None => b.note("loading…", Role::Dim),
    }

    let title = if state.events.is_empty() {
        "Events".to_string()
    } else {
        format!("Events ({}, newest last)", state.events.len())
    };
    b.section(Section::Events, title);
    event_lines(&mut b, state, now);
    b.doc
}

fn pod_lines(b: &mut Builder, d: &PodDetail, now: Timestamp) {
    let r = &d.row;
    let cells: Vec<(&str, String)> = vec![
        ("Namespace", r.namespace.clone()),
        ("Node", r.node.clone().unwrap_or_else(|| "<none>".into())),
        ("IP", d.ip.clone().unwrap_or_else(|| "<none>".into())),
        ("QoS", d.qos.clone().unwrap_or_else(|| "<none>".into())),
        ("Phase", d.phase.clone()),
        ("Age", r.age_text(now)),
    ];
    // As many label/value cells per line as fit 38 columns each (2 at 80, 4 at 160).
    let per_line = (b.width / 38).clamp(1, 4);
    let cell = b.width / per_line;
    for chunk in cells.chunks(per_line) {
        let mut pieces = Vec::new();
        for (i, (label, value)) in chunk.iter().enumerate() {
            let room = cell.saturating_sub(INDENT + GRID_LABEL + 1).max(4);
            let value = clip(&one_line(value), room);
            let pad = if i + 1 < chunk.len() {
                room - str_width(&value).min(room)
            } else {
                0
            };
            pieces.push(piece(
                format!("{:INDENT$}{label:<GRID_LABEL$}", ""),
                Role::Dim,
            ));
            pieces.push(piece(value, TEXT));
            pieces.push(piece(" ".repeat(pad + 1), Role::Dim));
        }
        b.line(pieces);
    }
    if !d.owners.is_empty() {
        let chain = d
            .owners
            .iter()
            .map(|o| format!("{} {}", o.kind, o.name))
            .collect::<Vec<_>>()
            .join(" → ");
        b.kv_wide(INDENT, "Owners", GRID_LABEL, vec![vec![piece(chain, TEXT)]]);
    }
    if d.reason.is_some() || d.message.is_some() {
        let mut pieces = Vec::new();
        if let Some(reason) = &d.reason {
            let colon = if d.message.is_some() { ":" } else { "" };
            pieces.push(piece(format!("{reason}{colon}"), health_role(r.health)));
        }
        if let Some(m) = &d.message {
            pieces.push(piece(m.clone(), TEXT));
        }
        b.kv_wide(INDENT, "Reason", GRID_LABEL, vec![pieces]);
    }
    if let Some(t) = d.deleting {
        let mut text = format!("since {} ago", age_since(Some(t), now));
        if !d.finalizers.is_empty() {
            text.push_str(&format!(
                "; waiting for finalizers: {}",
                d.finalizers.join(", ")
            ));
        }
        b.kv_wide(
            INDENT,
            "Deleting",
            GRID_LABEL,
            vec![vec![piece(text, Role::HealthWarn)]],
        );
    }
}

fn container_lines(b: &mut Builder, c: &ContainerDetail, now: Timestamp) {
    let mut head = vec![piece(format!(" {}", c.name), Role::Title)];
    if c.init {
        head.push(piece(" (init)", Role::Dim));
    }
    let exit = c
        .state
        .as_ref()
        .filter(|s| s.state == "Terminated")
        .map(|s| s.exit_code.unwrap_or_default());
    head.push(piece("  ", Role::Dim));
    head.push(match (c.ready, exit) {
        (true, _) => piece("ready", Role::HealthOk),
        (false, Some(0)) => piece("done", Role::HealthDone),
        (false, Some(_)) => piece("failed", Role::HealthFailed),
        (false, None) => piece("not ready", Role::HealthWarn),
    });
    head.push(piece("  ", Role::Dim));
    head.push(piece(
        format!(
            "{} restart{}",
            c.restarts,
            if c.restarts == 1 { "" } else { "s" }
        ),
        if c.restarts > 0 {
            Role::HealthWarn
        } else {
            Role::HealthOk
        },
    ));
    b.line(head);
    let indent = INDENT + 1;
    match &c.state {
        Some(s) => b.kv(indent, "State", state_paras(s, c.ready, now)),
        None => b.kv(
            indent,
            "State",
            vec![vec![piece("not created yet", Role::Dim)]],
        ),
    }
    if let Some(s) = &c.last_state {
        b.kv(indent, "Last state", state_paras(s, false, now));
    }
    b.kv(indent, "Image", vec![vec![piece(c.image.clone(), TEXT)]]);
    if let Some(l) = &c.limits {
        b.kv(indent, "Limits", vec![vec![piece(l.clone(), TEXT)]]);
    }
    for p in &c.probes {
        let (kind, how) = p.split_once(": ").unwrap_or(("probe", p));
        let mut label = kind.to_string();
        if let Some(first) = label.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        b.kv(indent, &label, vec![vec![piece(how, TEXT)]]);
    }
}

/// `Running, started 3h ago` / `Waiting: CrashLoopBackOff` + message / `Terminated: OOMKilled,
/// exit code 137, finished 2m ago (ran 41s)` + message.
fn state_paras(s: &ContainerStateRow, ready: bool, now: Timestamp) -> Vec<Vec<Piece>> {
    let mut first = Vec::new();
    match s.state.as_str() {
        "Running" => {
            let role = if ready {
                Role::HealthOk
            } else {
                Role::HealthWarn
            };
            first.push(piece("Running", role));
            if let Some(t) = s.started_at {
                first.push(piece(
                    format!("since {} ago", age_since(Some(t), now)),
                    TEXT,
                ));
            }
        }
        "Waiting" => {
            let reason = s.reason.clone().unwrap_or_default();
            let role = health_role(Health::classify(&reason, 0, 1));
            first.push(piece(format!("Waiting: {reason}"), role));
        }
        _ => {
            let code = s.exit_code.unwrap_or_default();
            let role = if code == 0 {
                Role::HealthDone
            } else {
                Role::HealthFailed
            };
            let reason = s.reason.clone().unwrap_or_else(|| "Terminated".into());
            let comma = if s.finished_at.is_some() { "," } else { "" };
            first.push(piece(
                format!("Terminated: {reason}, exit code {code}{comma}"),
                role,
            ));
            if let Some(f) = s.finished_at {
                let mut text = format!("finished {} ago", age_since(Some(f), now));
                if let Some(st) = s.started_at {
                    text.push_str(&format!(" (ran {})", age_since(Some(st), f)));
                }
                first.push(piece(text, TEXT));
            }
        }
    }
    let mut paras = vec![first];
    if let Some(m) = s.message.as_deref().filter(|m| !m.trim().is_empty()) {
        paras.push(vec![piece(m, TEXT)]);
    }
    paras
}

fn event_lines(b: &mut Builder, state: &PodState, now: Timestamp) {
    if state.events.is_empty() {
        match (&state.events_error, state.events_loaded) {
            (Some(e), _) => b.note(format!("events unavailable: {e}"), Role::Error),
            (None, true) => b.note("<none>", Role::Dim),
            (None, false) => b.note("loading…", Role::Dim),
        }
        return;
    }
    let rows: Vec<[String; 4]> = state
        .events
        .iter()
        .map(|e| {
            [
                one_line(&e.type_),
                one_line(&e.reason),
                e.age_text(now),
                one_line(&e.source),
            ]
        })
        .collect();
    let w = |i: usize, cap: usize| {
        rows.iter()
            .map(|r| str_width(&r[i]))
            .max()
            .unwrap_or(0)
            .clamp(4, cap)
    };
    let widths = [w(0, 7), w(1, 24), w(2, 22), w(3, 20)];
    let msg_col = INDENT + widths.iter().map(|w| w + 2).sum::<usize>();
    let table = b.width >= msg_col + 40;
    if table {
        let titles = ["Type", "Reason", "Age", "From"];
        let mut head = vec![piece(" ".repeat(INDENT), Role::Dim)];
        for (t, w) in titles.iter().zip(widths) {
            head.push(piece(format!("{}  ", pad_right(t, w)), Role::Dim));
        }
        head.push(piece("Message", Role::Dim));
        b.line(head);
    }
    for (e, r) in state.events.iter().zip(&rows) {
        let role = event_role(e);
        let cell = |i: usize| {
            let text = clip(&r[i], widths[i]);
            format!("{}  ", pad_right(&text, widths[i]))
        };
        let lead = vec![
            piece(" ".repeat(INDENT), Role::Dim),
            piece(cell(0), role),
            piece(cell(1), role),
            piece(cell(2), TEXT),
            piece(cell(3), Role::Dim),
        ];
        let message = vec![piece(e.message.clone(), TEXT)];
        if table {
            b.wrap(lead, message, msg_col);
        } else {
            b.line(lead);
            b.para(INDENT + 4, message);
        }
    }
    if let Some(e) = &state.events_error {
        b.note(
            format!("events watch failed: {e} (retrying; showing the events seen)"),
            Role::Error,
        );
    }
}

/// Warnings stand out in the warning role; normal events read as plain text.
pub fn event_role(e: &EventRow) -> Role {
    if e.is_warning() {
        Role::HealthWarn
    } else {
        TEXT
    }
}
