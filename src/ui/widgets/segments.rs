//! One line of coloured segments at a row of an area, for the screens that lay out their own
//! rows (values, drift, timeline) rather than a table.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use crate::text::clip::clip;
use crate::text::width::str_width;
use crate::theme::{Role, Theme};

/// Text and the role it is drawn in, left to right.
pub type Segs = Vec<(String, Role)>;

/// `s` clipped or padded to exactly `w` columns.
pub fn pad(s: &str, w: usize) -> String {
    let c = clip(s, w);
    let fill = w.saturating_sub(str_width(&c));
    format!("{c}{}", " ".repeat(fill))
}

/// Draws `segs` on row `y` of `area` (nothing below it), the whole row in `fill`'s style when
/// given (a selection).
pub fn put(f: &mut Frame, theme: &Theme, area: Rect, y: u16, segs: Segs, fill: Option<Role>) {
    if y >= area.y + area.height {
        return;
    }
    let row = Rect {
        y,
        height: 1,
        ..area
    };
    let line = Line::from(
        segs.into_iter()
            .map(|(t, r)| Span::styled(clip(&t, usize::from(area.width)), theme.style(r)))
            .collect::<Vec<_>>(),
    );
    let line = match fill {
        Some(r) => line.style(theme.style(r)),
        None => line,
    };
    f.render_widget(line, row);
}
