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

/// The screen as an SVG picture, checked against `screenshots/<name>.svg` (the README shows
/// them); `UPDATE_SCREENSHOTS=1 cargo test --lib` writes them anew.
pub fn screenshot(name: &str, app: &App) {
    let svg = crate::ui::svg::to_svg(render(app).backend().buffer());
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("screenshots")
        .join(format!("{name}.svg"));
    if std::env::var_os("UPDATE_SCREENSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("screenshots/");
        std::fs::write(&path, &svg).expect("the screenshot is written");
        return;
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == svg,
        "screenshots/{name}.svg is not what the screen draws now: run UPDATE_SCREENSHOTS=1 cargo test --lib"
    );
}
