//! The cockpit's I/O halves (runner, watches, log streams, the Jenkins client) against the
//! simulated world. One binary, so the crate links once.

#[path = "../common/mod.rs"]
mod common;
#[path = "../jenkins_support/mod.rs"]
mod jenkins_support;
#[path = "../../src/testkit/script.rs"]
mod script;

mod all_teams_watch;
mod bench_smoke;
mod cli_texts;
mod cockpit_faults;
mod events_flood;
mod headroom_demo;
mod helm_release_decode;
mod helmfile_runner;
mod jenkins_client;
mod jenkins_cockpit;
mod jenkins_faults;
mod jenkins_long_console;
mod kubectl_runner;
mod logs_stream;
mod pod_detail_watch;
mod repo_runner;
mod runner_guards;
mod stage_admin;
mod timeline_demo;
mod watch_expiry;
