//! The navigation stack's vocabulary. The screens themselves are listed once, in
//! `views/mod.rs`; what the app may ask of a screen is `app::view::View`.

pub use super::view::{Flow, View, ViewCx};
pub use crate::views::Screen;
