//! The cockpit end to end in a real terminal (tmux), driven with keystrokes.

mod e2e_tmux;
