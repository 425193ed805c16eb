//! The app drawn into a `TestBackend`, as snapshots and cell checks read it.

use ratatui::backend::TestBackend;
use ratatui::Terminal;

use crate::app::App;
use crate::theme::{load_theme, ColourSupport, Theme};

pub fn theme() -> Theme {
    load_theme(
        None,
        None,
        ColourSupport {
            truecolor: false,
            no_color: false,
        },
    )
    .0
}

/// The screen as a terminal of the app's size shows it.
pub fn render(app: &App) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(app.width, app.height)).expect("a test terminal");
    let theme = theme();
    t.draw(|f| crate::ui::draw(app, &theme, f)).expect("draws");
    t
}

/// The screen's rows as text, full width (trailing spaces kept, so columns can be checked).
pub fn screen_lines(app: &App) -> Vec<String> {
    let t = render(app);
    let buf = t.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect()
        })
        .collect()
}
