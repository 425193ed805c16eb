//! The chrome measures text in columns: wide characters (CJK, emoji) take two.

use crate::app::msg::Notice;
use crate::testkit::{app, fixture, render, start};

#[test]
fn a_wide_notice_is_cut_with_its_ellipsis_in_the_last_column() {
    let seeded = fixture();
    let mut app = app(&seeded, 40, 10);
    app.notice = Some((
        // 26 columns before " rollout…", though only 16 characters.
        Notice {
            text: "デプロイに失敗しました: 🚀 rollout timed out after 600s".into(),
            error: true,
        },
        start(),
    ));
    let t = render(&app);
    let buf = t.backend().buffer();
    let y = 9;
    assert_eq!(buf[(0, y)].symbol(), "デ");
    assert_eq!(buf[(24, y)].symbol(), "🚀");
    // One column is kept free before the right-hand badges; the cut is marked there.
    assert_eq!(buf[(37, y)].symbol(), "m");
    assert_eq!(buf[(38, y)].symbol(), "…");
}
