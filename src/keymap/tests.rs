use std::io::Write;

use super::*;

fn user_file(text: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(text.as_bytes()).unwrap();
    f
}

#[test]
fn builtin_keymap_resolves_view_section_before_global() {
    let k = Keymap::builtin();
    let l = Key::char('l');
    assert_eq!(
        k.resolve(&[Section::Table, Section::Global], &[], l),
        Resolved::Action(Action::Logs)
    );
    assert_eq!(
        k.resolve(&[Section::Logs, Section::Global], &[], l),
        Resolved::Action(Action::Right)
    );
}

#[test]
fn chords_wait_for_their_second_key() {
    let k = Keymap::builtin();
    let g = Key::char('g');
    let s = [Section::Table, Section::Global];
    assert_eq!(k.resolve(&s, &[], g), Resolved::Pending);
    assert_eq!(k.resolve(&s, &[g], g), Resolved::Action(Action::Top));
    assert_eq!(k.resolve(&s, &[g], Key::char('x')), Resolved::Unbound);
}

#[test]
fn every_action_in_the_builtin_keymap_has_a_description() {
    for b in Keymap::builtin().bindings {
        assert!(!b.desc.is_empty(), "{:?} has no desc", b.action);
    }
}

#[test]
fn a_user_file_rebinds_by_action_name_and_can_unbind() {
    let f = user_file(
        "table:\n  - { keys: [o], action: drill }\nglobal:\n  - { keys: [], action: go_pods }\n  - { keys: [x], action: quit }\n",
    );
    let (k, err) = load_keymap(Some(f.path()));
    assert_eq!(err, None);
    let s = [Section::Table, Section::Global];
    assert_eq!(
        k.resolve(&s, &[], Key::char('o')),
        Resolved::Action(Action::Drill)
    );
    assert_eq!(
        k.resolve(&s, &[], Key::plain(KeyCode::Enter)),
        Resolved::Unbound
    );
    assert_eq!(k.resolve(&s, &[], Key::char('P')), Resolved::Unbound);
    assert_eq!(
        k.resolve(&s, &[], Key::char('x')),
        Resolved::Action(Action::Quit)
    );
    assert!(k.keys_for(Action::Drill).contains(&"o".to_string()));
}

#[test]
fn a_user_key_takes_over_from_the_action_it_had() {
    let f = user_file("global:\n  - { keys: [q], action: quit }\n");
    let (k, err) = load_keymap(Some(f.path()));
    assert_eq!(err, None);
    assert_eq!(
        k.resolve(&[Section::Global], &[], Key::char('q')),
        Resolved::Action(Action::Quit)
    );
    // esc still goes back.
    assert_eq!(
        k.resolve(&[Section::Global], &[], Key::plain(KeyCode::Esc)),
        Resolved::Action(Action::Back)
    );
}

#[test]
fn a_bad_file_names_file_line_and_key_and_the_default_is_used() {
    let f = user_file(
        "global:\n  - { keys: [q], action: back }\n  - { keys: [hyper-x], action: quit }\n",
    );
    let (k, err) = load_keymap(Some(f.path()));
    let err = err.expect("an error");
    let text = err.to_string();
    assert!(text.contains(&f.path().display().to_string()), "{text}");
    assert!(text.contains("line 3"), "{text}");
    assert!(text.contains("hyper-x"), "{text}");
    assert_eq!(
        k.resolve(&[Section::Global], &[], Key::ctrl('c')),
        Resolved::Action(Action::Quit)
    );

    let f = user_file("table:\n  - { keys: [o], action: drill_down }\n");
    let err = load_keymap(Some(f.path())).1.expect("an error").to_string();
    assert!(
        err.contains("line 2") && err.contains("drill_down"),
        "{err}"
    );
}

#[test]
fn no_user_file_is_fine() {
    let (_, err) = load_keymap(Some(std::path::Path::new("/nonexistent/keymap.yaml")));
    assert_eq!(err, None);
}

#[test]
fn every_section_reads_from_its_own_name_and_the_help_lists_them_all() {
    for &s in Section::ALL {
        let parsed: Section = serde_yaml::from_str(s.name()).expect("a section name parses");
        assert_eq!(parsed, s);
    }
    let builtin = Keymap::builtin();
    for &s in Section::ALL {
        assert!(
            builtin.bindings.iter().any(|b| b.section == s),
            "the built-in keymap binds nothing in {}",
            s.name()
        );
    }
}

#[test]
fn hint_labels_come_from_the_keymap_with_the_description_as_fallback() {
    let k = Keymap::builtin();
    assert_eq!(k.hint_label(Action::PreviousLogs), "prev log");
    assert_eq!(k.hint_label(Action::RepoPush), "push");
    // No `hint:` on `sort_flip`: the description's first word.
    assert_eq!(k.hint_label(Action::SortFlip), "reverse");
}
