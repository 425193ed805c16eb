//! The architecture, checked: the areas (`cluster`, `helm`, `jenkins`, `repo`) and the neutral
//! modules know no cockpit, the keymap does not import the app, and no product code imports the
//! simulator. Read from the source files, the way `use` lines are written, so a reintroduced
//! `use crate::app::…` fails here before review has to catch it.

use std::path::{Path, PathBuf};

use regex::Regex;

/// Folders (or files) under `src/` and the modules each must not name.
const RULES: &[(&str, &[&str])] = &[
    ("cluster", COCKPIT),
    ("helm", COCKPIT),
    ("jenkins", COCKPIT),
    ("repo", COCKPIT),
    ("text", COCKPIT),
    ("outbox.rs", COCKPIT),
    ("stale.rs", COCKPIT),
    ("call_log.rs", COCKPIT),
    ("config", COCKPIT),
    ("keymap", COCKPIT),
    ("theme", COCKPIT),
    ("secrets.rs", COCKPIT),
];

/// The cockpit's own modules (and the simulator): what an area must not depend on.
const COCKPIT: &[&str] = &["app", "views", "ui", "effects", "runtime", "launch", "sim"];

/// Product code that may name the simulator: the demo commands and the simulator itself.
const SIM_ALLOWED: &[&str] = &["sim", "cli/demo.rs", "cli/demo_serve.rs"];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(under: &Path) -> Vec<PathBuf> {
    if under.is_file() {
        return vec![under.to_path_buf()];
    }
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(under) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(rust_files(&p));
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// The lines of `source` that name one of `modules` through `crate::` or `stagecoach::`,
/// directly (`crate::app::msg`) or in a group (`use crate::{app, helm}`).
fn offending_lines(source: &str, modules: &[&str]) -> Vec<String> {
    let names = modules.join("|");
    let direct = Regex::new(&format!(r"\b(crate|stagecoach)\s*::\s*({names})\b")).expect("regex");
    let grouped = Regex::new(&format!(
        r"\b(crate|stagecoach)\s*::\s*\{{[^}}]*\b({names})\b"
    ))
    .expect("regex");
    source
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim_start().starts_with("//"))
        .filter(|(_, l)| direct.is_match(l) || grouped.is_match(l))
        .map(|(i, l)| format!("{}: {}", i + 1, l.trim()))
        .collect()
}

fn violations(rel: &str, modules: &[&str]) -> Vec<String> {
    rust_files(&src().join(rel))
        .into_iter()
        .flat_map(|p| {
            let text = std::fs::read_to_string(&p).expect("a readable source file");
            let shown = p.strip_prefix(src()).unwrap_or(&p).display().to_string();
            offending_lines(&text, modules)
                .into_iter()
                .map(move |l| format!("src/{shown}:{l}"))
        })
        .collect()
}

#[test]
fn areas_and_neutral_modules_know_no_cockpit() {
    let found: Vec<String> = RULES
        .iter()
        .flat_map(|(rel, modules)| violations(rel, modules))
        .collect();
    assert!(
        found.is_empty(),
        "these lines import the cockpit from an area (send the area's own events and let \
         effects/ wrap them):\n{}",
        found.join("\n")
    );
}

#[test]
fn no_product_code_imports_the_simulator() {
    let root = src();
    let found: Vec<String> = rust_files(&root)
        .into_iter()
        .filter(|p| {
            let rel = p
                .strip_prefix(&root)
                .unwrap_or(p)
                .to_string_lossy()
                .to_string();
            !SIM_ALLOWED.iter().any(|a| rel.starts_with(a))
                && !rel.starts_with("testkit")
                && !rel.ends_with("architecture_tests.rs")
        })
        .flat_map(|p| {
            let text = std::fs::read_to_string(&p).expect("a readable source file");
            let shown = p.strip_prefix(&root).unwrap_or(&p).display().to_string();
            offending_lines(&text, &["sim"])
                .into_iter()
                .map(move |l| format!("src/{shown}:{l}"))
        })
        .collect();
    assert!(
        found.is_empty(),
        "product code imports the simulator (it sits behind the `demo` feature):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_check_catches_what_it_is_for() {
    let bad = "use crate::app::msg::Msg;\nuse crate::{helm, ui::widgets};\n// use crate::app\n";
    assert_eq!(
        offending_lines(bad, COCKPIT),
        vec![
            "1: use crate::app::msg::Msg;".to_string(),
            "2: use crate::{helm, ui::widgets};".to_string()
        ]
    );
    assert!(
        offending_lines("use crate::apps::x;\nuse super::msg::ClusterMsg;", COCKPIT).is_empty()
    );
    // The rule really covers the areas' files (an empty walk would pass anything).
    assert!(rust_files(&src().join("cluster")).len() > 5);
    assert!(rust_files(&src().join("jenkins")).len() > 5);
}
