//! The cockpit end to end in a real terminal (tmux), driven with keystrokes.

#[path = "../common/external_tool.rs"]
mod external_tool;
#[path = "../common/wait.rs"]
mod wait;

mod e2e_tmux;
