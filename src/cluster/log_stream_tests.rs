use jiff::Timestamp;

use super::{parse_line, read_line, Resume, MAX_LINE_BYTES};

fn t(s: &str) -> Timestamp {
    s.parse().unwrap()
}

#[test]
fn lines_are_split_from_their_timestamps_and_sanitised() {
    let l = parse_line(b"2026-11-24T12:00:00.040000000Z \x1b[31mERROR\x1b[0m boom\r\n");
    assert_eq!(l.time, Some(t("2026-11-24T12:00:00.04Z")));
    assert_eq!(l.text, "ERROR boom");
    // A line without a timestamp (or with a broken one) is kept whole.
    let l = parse_line(b"no time here\n");
    assert_eq!((l.time, l.text.as_str()), (None, "no time here"));
    let l = parse_line(b"2026-13-99 x");
    assert_eq!((l.time, l.text.as_str()), (None, "2026-13-99 x"));
    // Invalid UTF-8 does not break the stream.
    let l = parse_line(b"2026-11-24T12:00:00Z caf\xe9\n");
    assert_eq!(l.text, "caf\u{fffd}");
    // Tabs of stack traces become spaces.
    assert_eq!(
        parse_line(b"2026-11-24T12:00:00Z \tat x").text,
        "        at x"
    );
}

#[test]
fn resuming_asks_from_the_whole_second_and_skips_what_was_seen() {
    let mut r = Resume::default();
    assert_eq!(r.since_time(), None);
    let a = t("2026-11-24T12:00:01.100Z");
    let b = t("2026-11-24T12:00:01.700Z");
    r.delivered(Some(a));
    r.delivered(Some(b));
    r.delivered(Some(b));
    r.delivered(None);
    // Truncated, never rounded up past lines not yet seen.
    assert_eq!(r.since_time(), Some(t("2026-11-24T12:00:01Z")));
    let mut skip = r.skipper();
    // The server resends the whole second: a, b, b, then a third line at b, then new ones.
    assert!(!skip.keep(Some(a)));
    assert!(!skip.keep(Some(b)));
    assert!(!skip.keep(Some(b)));
    assert!(skip.keep(Some(b)));
    assert!(skip.keep(Some(t("2026-11-24T12:00:02Z"))));
    assert_eq!(skip.skipped, 3);
    // Nothing delivered: nothing skipped.
    let mut fresh = Resume::default().skipper();
    assert!(fresh.keep(Some(a)));
}

#[tokio::test]
async fn a_one_mib_line_is_cut_and_the_stream_goes_on() {
    let mut body = b"2026-11-24T12:00:00Z ".to_vec();
    body.extend(std::iter::repeat_n(b'x', 1 << 20));
    body.extend_from_slice(b"\n2026-11-24T12:00:01Z next\n");
    let mut r = futures::io::BufReader::with_capacity(8192, &body[..]);
    let mut buf = Vec::new();
    assert!(read_line(&mut r, &mut buf).await.unwrap());
    assert_eq!(
        buf.len(),
        MAX_LINE_BYTES,
        "cut, never the whole mebibyte held"
    );
    let long = parse_line(&buf);
    assert!(long.text.chars().all(|c| c == 'x'));
    buf.clear();
    assert!(read_line(&mut r, &mut buf).await.unwrap());
    assert_eq!(parse_line(&buf).text, "next");
    buf.clear();
    assert!(!read_line(&mut r, &mut buf).await.unwrap());
}
