//! The links of a timeline: the build a revision names (or that ran when it was written), the
//! commit a build checked out, and the chain commit → build → revisions they make.

use jiff::Timestamp;

use crate::jenkins::BuildDetail;

/// A build a revision names, by its job's full name and number.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct BuildRef {
    pub job: String,
    pub number: u32,
}

impl BuildRef {
    /// `Deployed by payments/deploy-qa #91` (the description a deploy job gives Helm): the
    /// build, if the description names one of `team`'s. The description is the payload's,
    /// anyone's text: the job's name is sanitised before it is shown.
    pub fn from_description(description: &str, team: &str) -> Option<BuildRef> {
        let rest = description.trim().strip_prefix("Deployed by ")?;
        let (job, number) = rest.rsplit_once(" #")?;
        let job = job.strip_prefix(team)?.strip_prefix('/')?;
        Some(BuildRef {
            job: crate::text::sanitize::sanitize_line(job),
            number: number.trim().parse().ok()?,
        })
    }

    pub fn text(&self) -> String {
        format!("{} #{}", self.job, self.number)
    }
}

/// Commit → build → revisions, as far as known.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Chain {
    /// The commit's full id.
    pub commit: Option<String>,
    pub build: Option<BuildRef>,
    /// (release, revision) the build wrote.
    pub revisions: Vec<(String, u32)>,
    /// A revision's link to the build is inferred: its description names no build (Helm
    /// rewrites it when an upgrade fails) and the build was running when it was written.
    pub inferred: bool,
}

impl Chain {
    pub fn is_linked(&self) -> bool {
        [
            self.commit.is_some(),
            self.build.is_some(),
            !self.revisions.is_empty(),
        ]
        .iter()
        .filter(|k| **k)
        .count()
            > 1
    }

    /// `commit 3e70759 → build deploy-qa #91 → revision 6`; a release named when there are
    /// several.
    pub fn text(&self) -> String {
        let mut parts = Vec::new();
        if let Some(c) = &self.commit {
            parts.push(format!("commit {}", short(c)));
        }
        if let Some(b) = &self.build {
            parts.push(format!("build {}", b.text()));
        }
        match self.revisions.as_slice() {
            [] => {}
            [(_, r)] => parts.push(format!("revision {r}")),
            many => parts.push(format!(
                "revisions {}",
                many.iter()
                    .map(|(n, r)| format!("{n} {r}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
        parts.join(" → ")
    }
}

pub fn short(id: &str) -> &str {
    &id[..id.len().min(7)]
}

/// When a build ran: from its start for its duration, to now while it runs.
#[derive(Debug, Clone, Copy)]
pub(super) struct Window {
    pub(super) start: Option<Timestamp>,
    end: Option<Timestamp>,
}

impl Window {
    pub(super) fn holds(&self, at: Timestamp) -> bool {
        self.start.is_some_and(|s| s <= at) && self.end.is_none_or(|e| at <= e)
    }
}

pub(super) fn window(b: &BuildDetail) -> Window {
    let end = match (b.row.started, b.row.building) {
        (_, true) | (None, _) => None,
        (Some(s), false) => Some(s + jiff::SignedDuration::from_millis(b.row.duration_ms.max(0))),
    };
    Window {
        start: b.row.started,
        end,
    }
}
