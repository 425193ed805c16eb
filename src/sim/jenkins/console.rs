//! A build's console as it grows: the build's script (see `console_script`) is laid out over its
//! planned duration, so at any instant the log is a prefix of the finished log, exactly what
//! progressive-text polling needs. A stopped build keeps what it had written and ends with the
//! abort trailer.

use jiff::Timestamp;

use super::console_script;
use super::model::{Build, BuildResult, Job};

/// Lines of a script, each with the time it takes before it appears (arbitrary units).
#[derive(Default)]
pub struct Script {
    pub lines: Vec<(u32, String)>,
}

impl Script {
    pub fn line(&mut self, weight: u32, text: impl Into<String>) {
        self.lines.push((weight, text.into()));
    }

    pub fn step(&mut self, text: &str) {
        self.line(1, format!("[Pipeline] {text}"));
    }

    pub fn open(&mut self, step: &str) {
        self.step(step);
        self.step("{");
    }

    pub fn close(&mut self, step: &str) {
        self.step("}");
        self.step(&format!("// {step}"));
    }

    /// The units until the first line that `is` (all of them if none is).
    pub fn units_until(&self, is: impl Fn(&str) -> bool) -> u32 {
        let mut acc = 0;
        for (i, (w, text)) in self.lines.iter().enumerate() {
            if i > 0 {
                acc += w;
            }
            if is(text) {
                return acc;
            }
        }
        acc
    }

    /// The units until the first line after `marker` whose weight passes `is`.
    pub fn units_until_after(&self, marker: &str, is: impl Fn(u32, &str) -> bool) -> Option<u32> {
        let mut acc = 0;
        let mut seen = false;
        for (i, (w, text)) in self.lines.iter().enumerate() {
            if i > 0 {
                acc += w;
            }
            if seen && is(*w, text) {
                return Some(acc);
            }
            seen |= text == marker;
        }
        None
    }

    pub fn stage(&mut self, name: &str) {
        self.step("stage");
        self.step(&format!("{{ ({name})"));
    }
}

/// What the console needs to know about its build beyond the build itself.
pub struct ConsoleInput<'a> {
    pub team: &'a str,
    /// `api/main`, `deploy-qa`, `nightly/dependency-check`.
    pub full_name: &'a str,
    pub job: &'a Job,
    pub build: &'a Build,
    /// The build tool's pod template and image (branch builds).
    pub tool: (&'a str, &'a str),
    /// The world seed.
    pub seed: u64,
}

/// The console text at `now` and whether the build may still write more.
pub fn text_at(input: &ConsoleInput, now: Timestamp) -> (String, bool) {
    let b = input.build;
    let script = console_script::script(input);
    let total: u64 = script
        .lines
        .iter()
        .map(|(w, _)| u64::from(*w))
        .sum::<u64>()
        .max(1);
    let planned_ms = b.planned.as_millis().max(1) as u64;
    let cut = |t: Timestamp| t.duration_since(b.start).as_millis().max(0) as u64;
    let shown_until = match &b.aborted {
        Some((at, _)) => cut(*at),
        None => cut(now),
    };
    let mut out = String::new();
    let mut acc = 0u64;
    for (i, (w, text)) in script.lines.iter().enumerate() {
        if i > 0 {
            acc += u64::from(*w);
        }
        // Lines land strictly before the planned end, so "Finished:" is always last.
        let at = acc * planned_ms.saturating_sub(1) / total;
        if at > shown_until {
            break;
        }
        out.push_str(text);
        out.push('\n');
    }
    if let Some((_, who)) = &b.aborted {
        for line in [
            format!("Aborted by {who}"),
            "Sending interrupt signal to process".to_string(),
            "[Pipeline] }".to_string(),
            "[Pipeline] // node".to_string(),
            "[Pipeline] End of Pipeline".to_string(),
            "Finished: ABORTED".to_string(),
        ] {
            out.push_str(&line);
            out.push('\n');
        }
        return (out, false);
    }
    if b.is_running(now) {
        return (out, true);
    }
    let result = b.result(now).unwrap_or(BuildResult::NotBuilt);
    out.push_str(&format!("Finished: {}\n", result.as_str()));
    (out, false)
}
