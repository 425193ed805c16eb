//! Console output: `consoleText`, and `logText/progressiveText` with exact `X-Text-Size`,
//! `X-More-Data` only while the build runs, and a `start` past the end serving the whole log.

use crate::jenkins_support::{payments, world, Admin};
use jiff::SignedDuration;

#[tokio::test]
async fn progressive_text_follows_a_running_build_to_its_end() {
    let sim = world().await;
    let c = Admin::of(payments(&sim));
    let n = c
        .get("/job/e2e-tests/lastBuild/api/json?tree=number,building")
        .await
        .json();
    assert_eq!(n["building"], true);
    let path = format!("/job/e2e-tests/{}/logText/progressiveText", n["number"]);

    let r0 = c.get(&format!("{path}?start=0")).await;
    assert_eq!(r0.status, 200);
    assert_eq!(r0.header("Content-Type"), Some("text/plain;charset=UTF-8"));
    assert_eq!(r0.header("X-More-Data"), Some("true"));
    let size0: usize = r0.header("X-Text-Size").unwrap().parse().unwrap();
    assert_eq!(size0, r0.body.len());
    assert!(r0.text().starts_with("Started by timer\n"));

    // Polling from X-Text-Size returns only what was added since (nothing, or a few lines).
    let r1 = c.get(&format!("{path}?start={size0}")).await;
    let size1: usize = r1.header("X-Text-Size").unwrap().parse().unwrap();
    assert_eq!(r1.body.len(), size1 - size0);

    // Half a minute at a time until new lines arrive while it is still running.
    let mut r2 = None;
    for _ in 0..12 {
        sim.advance(SignedDuration::from_secs(30));
        let r = c.get(&format!("{path}?start={size1}")).await;
        if r.header("X-More-Data").is_some() && !r.body.is_empty() {
            r2 = Some(r);
            break;
        }
    }
    let r2 = r2.expect("the log grows while the build runs");
    let size2: usize = r2.header("X-Text-Size").unwrap().parse().unwrap();
    assert_eq!(r2.body.len(), size2 - size1);
    let mut followed = r0.body.clone();
    followed.extend_from_slice(&r1.body);
    followed.extend_from_slice(&r2.body);

    // A start past the end: the whole log again, from 0.
    let past = c.get(&format!("{path}?start={}", size2 + 10_000)).await;
    assert_eq!(
        past.header("X-Text-Size")
            .unwrap()
            .parse::<usize>()
            .unwrap(),
        past.body.len()
    );
    assert!(past.body.starts_with(&followed));

    sim.advance(SignedDuration::from_mins(20));
    let done = c.get(&format!("{path}?start={size2}")).await;
    assert_eq!(done.header("X-More-Data"), None, "complete: stop polling");
    followed.extend_from_slice(&done.body);
    let whole = String::from_utf8(followed).unwrap();
    assert!(
        whole.lines().next_back().unwrap().starts_with("Finished: "),
        "{whole}"
    );
    let text = c
        .get(&format!("/job/e2e-tests/{}/consoleText", n["number"]))
        .await;
    assert_eq!(
        text.header("Content-Type"),
        Some("text/plain;charset=UTF-8")
    );
    assert_eq!(text.text(), whole, "consoleText is the same log");
}

#[tokio::test]
async fn consoles_read_like_pipelines_with_ansi_colours() {
    let sim = world().await;
    let c = Admin::of(payments(&sim));
    let deploy = c
        .get("/job/deploy-qa/lastCompletedBuild/consoleText")
        .await
        .text();
    for needle in [
        "Started by user ",
        "[Pipeline] Start of Pipeline",
        "[Pipeline] stage",
        "[Pipeline] { (Diff)",
        "+ helmfile -e qa diff",
        "\u{1b}[33m",
        "[Pipeline] End of Pipeline",
    ] {
        assert!(deploy.contains(needle), "{needle:?} in\n{deploy}");
    }
    assert!(
        deploy.ends_with("\n")
            && deploy
                .lines()
                .next_back()
                .unwrap()
                .starts_with("Finished: ")
    );
    let branch = c
        .get("/job/api/job/main/lastCompletedBuild/consoleText")
        .await
        .text();
    assert!(
        branch.contains("Obtained Jenkinsfile from git https://git.example.com/payments/api.git")
    );
    assert!(branch.contains("+ mvn -B -ntp"), "the api is a Java app");
    assert!(branch.contains("Checking out Revision "));
    let running = c.get("/job/e2e-tests/lastBuild/consoleText").await.text();
    assert!(
        !running.contains("Finished: "),
        "a running build has not finished"
    );
}
