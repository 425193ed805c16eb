//! The built-in editor: a file of the config repo, validated as it is typed (YAML errors with
//! line:column, the JCasC rules for the JCasC file), saved into the working tree with `ctrl-s`
//! — invalid content may be saved, the commit form refuses it until overridden — and kept in
//! the recovery journal as it is typed, so a failed save, a crash or a lost SSH session loses
//! nothing. The one screen whose state holds a widget's state: ratatui-textarea's `TextArea`
//! is both.

pub mod draw;
mod state;

pub use state::EditorState;

#[cfg(test)]
mod tests;
