use crate::app::action::Action;
use crate::app::cursor::Cursor;
use crate::app::filter::Filter;
use crate::app::nav::{Flow, ViewCx};
use crate::views::pods::PodScope;

#[derive(Debug, Clone)]
pub struct DiagnoseState {
    pub scope: PodScope,
    pub cursor: Cursor,
    pub filter: Option<Filter>,
}

impl DiagnoseState {
    pub fn new(scope: PodScope) -> DiagnoseState {
        DiagnoseState {
            scope,
            cursor: Cursor::default(),
            filter: None,
        }
    }

    pub fn set_filter(&mut self, text: &str) {
        self.filter = (!text.is_empty()).then(|| Filter::new(text));
        self.cursor = Cursor::default();
    }

    pub fn filter_text(&self) -> String {
        self.filter
            .as_ref()
            .map(|f| f.text.clone())
            .unwrap_or_default()
    }

    pub fn on_action(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
        let _ = (a, cx);
        Flow::Ignored
    }
}
