//! The matrix's CHANGED cell: what changed the stage last, not just when.

use jiff::Timestamp;

use crate::app::world::Stage;
use crate::text::clip::clip;
use crate::text::width::str_width;

/// The matrix's CHANGED cell: the latest revision written and how long ago
/// (`payments-api rev 6, 26m`), else how long ago anything in the stage changed. In `width`
/// columns the release gives way first (its team's prefix, then its end): the revision and the
/// age stay whole.
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
    let rest = format!(" rev {}, {}", r.revision, age(r.created.or(r.modified)));
    let full = format!("{}{rest}", r.name);
    if str_width(&full) <= width {
        return full;
    }
    let prefix = format!("{}-", stage.team);
    let name = r.name.strip_prefix(&prefix).unwrap_or(&r.name);
    let room = width.saturating_sub(str_width(&rest)).max(1);
    format!("{}{rest}", clip(name, room))
}

