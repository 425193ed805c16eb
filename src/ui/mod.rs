//! Drawing: `draw(&App)` lays out the chrome (breadcrumbs, status line, input bar) and hands the
//! body to the top view's `draw`. Reads the app, never changes it.

mod chrome;
pub mod export;
mod health_role;
pub mod jenkins_text;
pub mod svg;
pub mod widgets;

pub use health_role::health_role;

use ratatui::layout::{Constraint, Layout};
use ratatui::Frame;

use crate::app::App;
use crate::theme::Theme;
use crate::views;

pub fn draw(app: &App, theme: &Theme, f: &mut Frame) {
    let area = f.area();
    if area.width < 2 || area.height < 3 {
        return;
    }
    let [crumbs, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    chrome::draw_breadcrumbs(app, theme, f, crumbs);
    views::draw_screen(app.top(), app, theme, f, body);
    chrome::draw_status(app, theme, f, status);
}

#[cfg(test)]
#[path = "resize_storm_tests.rs"]
mod resize_storm_tests;
