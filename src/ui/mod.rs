//! Drawing: `draw(&App)` lays out the chrome (breadcrumbs, status line, input bar) and hands the
//! body to the top view's `draw`. Reads the app, never changes it.

mod chrome;
pub mod export;
pub mod widgets;

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::Frame;

use crate::app::nav::Screen;
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
    draw_screen(app, app.top(), theme, f, body);
    chrome::draw_status(app, theme, f, status);
}

fn draw_screen(app: &App, screen: &Screen, theme: &Theme, f: &mut Frame, area: Rect) {
    match screen {
        Screen::Stages(s) => views::stages::draw::draw(s, app, theme, f, area),
        Screen::Pods(s) => views::pods::draw::draw(s, app, theme, f, area),
        Screen::Pod(s) => views::pod::draw::draw(s, app, theme, f, area),
        Screen::Diagnose(s) => views::diagnose::draw::draw(s, app, theme, f, area),
        Screen::Logs(s) => views::logs::draw::draw(s, app, theme, f, area),
        Screen::Help(s) => views::help::draw::draw(s, app, theme, f, area),
        Screen::Jobs(s) => views::jobs::draw::draw(s, app, theme, f, area),
        Screen::Builds(s) => views::builds::draw::draw(s, app, theme, f, area),
        Screen::Build(s) => views::build::draw::draw(s, app, theme, f, area),
        Screen::Console(s) => views::console::draw::draw(s, app, theme, f, area),
        Screen::Trigger(s) => views::trigger::draw::draw(s, app, theme, f, area),
        Screen::Releases(s) => views::releases::draw::draw(s, app, theme, f, area),
        Screen::Release(s) => views::release::draw::draw(s, app, theme, f, area),
    }
}
