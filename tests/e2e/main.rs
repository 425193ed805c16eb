//! The cockpit end to end in a real terminal (tmux), driven with keystrokes.

#[path = "../common/external_tool.rs"]
mod external_tool;
#[path = "../../src/testkit/script.rs"]
mod script;
#[path = "../common/wait.rs"]
mod wait;

#[path = "../third_party/demo_serve.rs"]
mod demo_serve;

mod commit_signals;
mod config_repo_flow;
mod e2e_tmux;
mod promotion_flow;
mod shell_forward;
mod signals_every_screen;
mod stage_lifecycle;
mod tmux;
mod token_collector;
