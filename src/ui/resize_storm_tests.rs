//! The terminal cells of the fault matrix: every main screen through a resize storm (1,000
//! sizes, 1x1, 20x10 and 400x120 among them, keys pressed between them) draws without a
//! panic, and afterwards the keys still work and the screen reads as before.

use crate::app::msg::Msg;
use crate::app::App;
use crate::testkit::{self, command, press, render, screen_lines};

/// The screens a user meets, each reached as a user would.
const SCREENS: &[&str] = &[
    "stages",
    "pods payments",
    "pods payments-qa",
    "diag payments",
    "releases payments-qa",
    "jobs payments",
    "timeline payments-qa",
    "values",
    "deployments payments-qa",
    "events payments-qa",
    "nodes",
    "calls",
    "help",
];

/// A cheap reproducible sequence of sizes (no randomness in the suite).
fn sizes(count: usize, seed: u64) -> Vec<(u16, u16)> {
    let mut x = seed;
    let mut next = move |bound: u64| {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (x >> 33) % bound
    };
    let mut out = vec![(1, 1), (20, 10), (400, 120), (80, 24), (2, 50), (300, 2)];
    while out.len() < count {
        out.push((1 + next(400) as u16, 1 + next(120) as u16));
    }
    out
}

fn resize(app: &mut App, (width, height): (u16, u16)) {
    app.update(Msg::Resized { width, height });
}

#[test]
fn every_screen_lives_through_a_resize_storm() {
    let s = testkit::fixture();
    let per_screen = 1000 / SCREENS.len() + 1;
    for (i, screen) in SCREENS.iter().enumerate() {
        let mut app = testkit::app(&s, 80, 24);
        let effects = command(&mut app, screen);
        testkit::settle(&mut app, &s, effects);
        if *screen == "pods payments-qa" {
            // And the screens below a list: a pod, its log.
            press(&mut app, "enter");
        }
        let before = screen_lines(&app)[0].clone();
        for (n, size) in sizes(per_screen, i as u64).into_iter().enumerate() {
            resize(&mut app, size);
            press(&mut app, if n % 3 == 0 { "j" } else { "k" });
            let _ = render(&app);
        }
        resize(&mut app, (80, 24));
        assert_eq!(
            screen_lines(&app)[0],
            before,
            "{screen}: the same screen after the storm"
        );
        press(&mut app, "G");
        let _ = render(&app);
    }
}

#[test]
fn a_list_moves_under_the_keys_after_a_storm() {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 80, 24);
    command(&mut app, "pods payments");
    for size in sizes(200, 7) {
        resize(&mut app, size);
        let _ = render(&app);
    }
    resize(&mut app, (80, 24));
    let selected = |app: &App| match app.top() {
        crate::app::nav::Screen::Pods(p) => p.cursor.selected,
        other => panic!("not the pods: {other:?}"),
    };
    let at = selected(&app);
    press(&mut app, "j");
    assert_eq!(selected(&app), at + 1);
}
