//! Properties of what the cockpit reads from a Jenkins: any JSON in any shape is an answer or
//! an error, never a panic; job names of any text survive their URL; a console reads the
//! same lines however its bytes arrive, and none of them holds anything a terminal acts on.
//! `PROPTEST_CASES=100000 cargo test --lib prop_tests` runs them at length.

use proptest::prelude::*;
use serde_json::Value;

use super::ansi::{parse_line, AnsiStyle};
use super::console::Progressive;
use super::model::{
    parse_build, parse_builds, parse_job, parse_jobs, parse_label, parse_params, parse_queue,
    parse_queue_item,
};
use super::JobPath;
use crate::text::sanitize::acts_on_terminal;

/// JSON shaped like Jenkins' answers (the keys the models read, at any depth, with values
/// of any type), so that the wrong-type paths are taken, not only "missing key".
fn json() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("jobs"),
        Just("builds"),
        Just("allBuilds"),
        Just("lastBuild"),
        Just("firstBuild"),
        Just("number"),
        Just("result"),
        Just("building"),
        Just("timestamp"),
        Just("duration"),
        Just("name"),
        Just("color"),
        Just("_class"),
        Just("actions"),
        Just("causes"),
        Just("parameters"),
        Just("items"),
        Just("task"),
        Just("url"),
        Just("property"),
        Just("parameterDefinitions"),
        Just("changeSets"),
        Just("x"),
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..6).prop_map(|kv| {
                Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
            }),
        ]
    })
}

proptest! {
    #[test]
    fn any_json_is_an_answer_or_an_error(v in json()) {
        let bytes = serde_json::to_vec(&v).unwrap();
        let path = JobPath::parse("deploy-qa");
        let _ = parse_jobs(&bytes, &JobPath::default());
        let _ = parse_queue(&bytes, "http://jenkins/");
        let _ = parse_build(&bytes);
        let _ = parse_params(&bytes);
        let _ = parse_builds(&bytes);
        let _ = parse_queue_item(&bytes);
        let _ = parse_label(&bytes);
        if let Ok(job) = parse_job(&bytes, &path) {
            // Whatever came, the history's paging question has an answer.
            let _ = job.has_older_builds();
        }
    }

    #[test]
    fn any_bytes_are_an_answer_or_an_error(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = parse_jobs(&bytes, &JobPath::default());
        let _ = parse_job(&bytes, &JobPath::parse("x"));
        let _ = parse_build(&bytes);
    }

    #[test]
    fn a_job_path_survives_its_url(names in prop::collection::vec(".{1,12}", 1..4)) {
        let path = JobPath::new(names);
        let base = "http://jenkins.example/";
        let url = format!("{base}{}", path.url_path());
        prop_assert_eq!(JobPath::from_url(&url, base), Some(path));
    }

    #[test]
    fn a_console_reads_the_same_however_its_bytes_arrive(
        text in prop::collection::vec(
            prop_oneof![
                "[a-z +\\[\\]]{0,10}",
                Just("\n".to_string()),
                Just("\r\n".to_string()),
                Just("\x1b[1;31m".to_string()),
                Just("\x1b[0m".to_string()),
                Just("\x1b]52;c;ZXZpbA==\x07".to_string()),
                Just("界".to_string()),
            ],
            0..30,
        ).prop_map(|v| v.concat()),
        cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..5),
    ) {
        let bytes = text.as_bytes();
        let whole = {
            let mut p = Progressive::new();
            p.on_response(bytes, Some(bytes.len() as u64), false).lines
        };
        let mut at: Vec<usize> = cuts.iter().map(|i| i.index(bytes.len() + 1)).collect();
        at.sort_unstable();
        at.dedup();
        let mut p = Progressive::new();
        let mut pieces = Vec::new();
        let mut from = 0;
        for cut in at.into_iter().chain([bytes.len()]) {
            if cut < from {
                continue;
            }
            let last = cut == bytes.len();
            let c = p.on_response(&bytes[from..cut], Some(cut as u64), !last);
            pieces.extend(c.lines);
            from = cut;
        }
        // A cut inside a multi-byte character reads as replacement characters, as a
        // terminal would show a torn character; every other cut changes nothing.
        if text.is_ascii() {
            prop_assert_eq!(&pieces, &whole);
        }
        for l in whole.iter().chain(&pieces) {
            prop_assert!(!l.text.chars().any(acts_on_terminal), "{:?}", l.text);
            for s in &l.styles {
                prop_assert!(s.range.start <= s.range.end && s.range.end <= l.text.len());
                prop_assert!(l.text.is_char_boundary(s.range.start) && l.text.is_char_boundary(s.range.end));
            }
        }
    }

    #[test]
    fn a_console_line_of_any_text_is_clean(raw in ".{0,80}") {
        let line = parse_line(&raw, &mut AnsiStyle::default());
        prop_assert!(!line.text.chars().any(acts_on_terminal), "{:?}", line.text);
    }
}
