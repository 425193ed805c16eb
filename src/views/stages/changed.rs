//! The matrix's CHANGED cell: what changed the stage last, not just when.

use jiff::Timestamp;

use crate::app::world::Stage;
use crate::text::clip::clip;
use crate::text::width::str_width;

/// The matrix's CHANGED cell: the latest revision written and how long ago
/// (`payments-api rev 6, 26m`), else how long ago anything in the stage changed. In `width`
/// columns the release gives way first (its team's prefix, then the revision, then its end):
/// the age stays whole.
pub fn changed_cell(stage: &Stage, now: Timestamp, width: usize) -> String {
    let latest = stage
        .releases
        .values()
        .filter(|r| r.problem.is_none())
        .max_by_key(|r| (r.created.or(r.modified), r.revision));
    let age = |t: Option<Timestamp>| crate::cluster::human_duration::age_since(t, now);
    let Some(r) = latest else {
        return stage
            .summary
            .last_change
            .map_or("-".into(), |t| age(Some(t)));
    };
    let when = age(r.created.or(r.modified));
    let prefix = format!("{}-", stage.team);
    let short = r.name.strip_prefix(&prefix).unwrap_or(&r.name);
    // The longest form that fits: the release's full name, its name within the team, a
    // compact revision, no revision; the age always stays whole.
    let forms = [
        format!("{} rev {}, {when}", r.name, r.revision),
        format!("{short} rev {}, {when}", r.revision),
        format!("{short} r{} {when}", r.revision),
        format!("{short} {when}"),
    ];
    if let Some(f) = forms.iter().find(|f| str_width(f) <= width) {
        return f.clone();
    }
    let rest = format!(" {when}");
    let room = width.saturating_sub(str_width(&rest)).max(1);
    format!("{}{rest}", clip(short, room))
}
