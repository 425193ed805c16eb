//! Properties of the sanitiser on text built from the pieces an attacker would use: escape
//! sequences of every kind (7- and 8-bit), control characters, bidi overrides, wide and
//! combining characters, cut anywhere. `PROPTEST_CASES=100000 cargo test --lib prop_tests`
//! runs them at length.

use proptest::prelude::*;

use super::*;

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 .:/-]{0,8}",
        Just("\x1b[31m".to_string()),
        Just("\x1b[2J\x1b[H".to_string()),
        Just("\x1b]52;c;ZXZpbA==\x07".to_string()),
        Just("\x1b]8;;http://evil/\x1b\\".to_string()),
        Just("\x1bP1$r\x1b\\".to_string()),
        Just("\u{9b}31m".to_string()),
        Just("\u{9d}0;title\u{9c}".to_string()),
        Just("\x1b".to_string()),
        Just("\x1b[".to_string()),
        Just("\x1b]".to_string()),
        Just("\t".to_string()),
        Just("\r\n".to_string()),
        Just("\u{202e}".to_string()),
        Just("\u{2066}".to_string()),
        Just("界e\u{301}".to_string()),
        any::<char>().prop_map(String::from),
    ]
}

fn hostile() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..24).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn a_clean_line_has_nothing_a_terminal_acts_on(s in hostile()) {
        let clean = sanitize_line(&s);
        prop_assert!(!clean.chars().any(needs_cleaning), "{clean:?}");
        prop_assert_eq!(sanitize_line(&clean), clean.clone(), "cleaning twice changes nothing");
    }

    #[test]
    fn clean_text_keeps_only_its_newlines(s in hostile()) {
        let clean = sanitize_text(&s);
        prop_assert!(
            !clean.chars().any(|c| needs_cleaning(c) && c != '\n'),
            "{clean:?}"
        );
        prop_assert_eq!(sanitize_text_owned(clean.clone()), clean);
    }

    #[test]
    fn text_without_controls_passes_unchanged(s in "[^\\p{Cc}\u{200e}\u{200f}\u{202a}-\u{202e}\u{2066}-\u{2069}\u{2028}\u{2029}]{0,64}") {
        prop_assert_eq!(sanitize_line(&s), s);
    }

    #[test]
    fn a_clipped_field_is_never_longer_than_its_limit(s in hostile(), max in 1usize..40) {
        let cut = clip_chars(s.clone(), max);
        prop_assert!(cut.chars().count() <= max);
        if s.chars().count() <= max {
            prop_assert_eq!(cut, s);
        } else {
            prop_assert!(cut.ends_with('…'));
        }
    }
}
