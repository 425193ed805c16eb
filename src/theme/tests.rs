use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use ratatui::style::{Color, Modifier};

use super::*;

const ANSI: ColourSupport = ColourSupport {
    truecolor: false,
    no_color: false,
};

fn file(text: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(text.as_bytes()).unwrap();
    f
}

/// The role keys a theme file defines, read with the same names the loader uses.
fn roles_defined_in(text: &str) -> BTreeSet<Role> {
    #[derive(serde::Deserialize)]
    struct Roles {
        roles: BTreeMap<Role, serde_yaml::Value>,
    }
    let file: Roles = serde_yaml::from_str(text).expect("a built-in theme parses");
    file.roles.into_keys().collect()
}

#[test]
fn every_builtin_theme_defines_every_role() {
    for (name, text) in BUILTIN_THEMES {
        let defined = roles_defined_in(text);
        let missing: Vec<&str> = Role::ALL
            .iter()
            .filter(|r| !defined.contains(r))
            .map(|r| r.name())
            .collect();
        assert!(missing.is_empty(), "themes/{name}.yaml lacks {missing:?}");
    }
}

#[test]
fn no_two_roles_share_a_name() {
    let names: BTreeSet<&str> = Role::ALL.iter().map(|r| r.name()).collect();
    assert_eq!(names.len(), Role::ALL.len());
}

#[test]
fn the_default_theme_uses_only_ansi_colours() {
    let (t, errs) = load_theme(
        None,
        None,
        ColourSupport {
            truecolor: true,
            no_color: false,
        },
    );
    assert!(errs.is_empty());
    assert_eq!(t.style(Role::HealthFailed).fg, Some(Color::LightRed));
    assert!(t
        .style(Role::HealthFailed)
        .add_modifier
        .contains(Modifier::BOLD));
}

#[test]
fn truecolor_themes_are_mapped_down_unless_the_terminal_is_truecolor() {
    let (t, _) = load_theme(
        Some("dusk"),
        None,
        ColourSupport {
            truecolor: true,
            no_color: false,
        },
    );
    assert_eq!(
        t.style(Role::HealthFailed).fg,
        Some(Color::Rgb(0xff, 0x75, 0x7f))
    );
    let (t, _) = load_theme(Some("dusk"), None, ANSI);
    let fg = t.style(Role::HealthFailed).fg.unwrap();
    assert!(!matches!(fg, Color::Rgb(..)), "{fg:?}");
    assert_eq!(to_ansi16(Color::Rgb(250, 10, 10)), Color::LightRed);
    assert_eq!(to_ansi16(Color::Rgb(0, 200, 0)), Color::Green);
}

#[test]
fn no_color_keeps_only_modifiers() {
    let (t, _) = load_theme(
        None,
        None,
        ColourSupport {
            truecolor: false,
            no_color: true,
        },
    );
    let s = t.style(Role::HealthFailed);
    assert_eq!((s.fg, s.bg), (None, None));
    assert!(s.add_modifier.contains(Modifier::BOLD));
    assert!(t
        .style(Role::Selection)
        .add_modifier
        .contains(Modifier::REVERSED));
}

#[test]
fn a_user_file_overrides_roles_by_name() {
    let f = file("roles:\n  health_ok: { fg: blue }\n");
    let (t, errs) = load_theme(None, Some(f.path()), ANSI);
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(t.style(Role::HealthOk).fg, Some(Color::Blue));
    assert_eq!(t.style(Role::HealthFailed).fg, Some(Color::LightRed));
}

#[test]
fn a_bad_file_names_file_line_and_key_and_the_default_is_used() {
    let f = file("roles:\n  health_ok: { fg: blue }\n  health_failed: { fg: pruple }\n");
    let (t, errs) = load_theme(None, Some(f.path()), ANSI);
    let msg = errs[0].to_string();
    assert!(msg.contains(&f.path().display().to_string()), "{msg}");
    assert!(msg.contains("line 3"), "{msg}");
    assert!(msg.contains("pruple"), "{msg}");
    assert_eq!(t.style(Role::HealthOk).fg, Some(Color::Reset));

    let f = file("roles:\n  helth_ok: { fg: blue }\n");
    let msg = load_theme(None, Some(f.path()), ANSI).1[0].to_string();
    assert!(msg.contains("line 2") && msg.contains("helth_ok"), "{msg}");

    let msg = load_theme(Some("nope"), None, ANSI).1[0].to_string();
    assert!(msg.contains("nope") && msg.contains("dusk"), "{msg}");
}
