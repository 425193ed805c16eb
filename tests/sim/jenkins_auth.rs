//! Authentication and CSRF as Jenkins does them: basic auth with API tokens (401 on a wrong
//! one), permissions (403 with the missing permission), crumbs bound to the session cookie
//! (missing, cookie-less, expired), and API-token requests exempt from crumbs.

use crate::jenkins_support::{basic, payments, request, world, Admin};
use jiff::SignedDuration;

#[tokio::test]
async fn wrong_tokens_anonymous_and_the_read_only_viewer() {
    let sim = world().await;
    let j = payments(&sim);
    let wrong = request(
        j.addr,
        "GET",
        "/api/json",
        &[("Authorization", &basic("admin", "11deadbeef"))],
        "",
    )
    .await;
    assert_eq!(wrong.status, 401);
    assert_eq!(
        wrong.header("WWW-Authenticate"),
        Some("Basic realm=\"Jenkins\"")
    );
    assert!(
        !wrong.text().contains("11deadbeef"),
        "never echo a credential"
    );
    let token = j.token("admin").unwrap();
    let stranger = request(
        j.addr,
        "GET",
        "/api/json",
        &[("Authorization", &basic("mallory", token))],
        "",
    )
    .await;
    assert_eq!(stranger.status, 401);

    let anon = request(j.addr, "GET", "/api/json", &[], "").await;
    assert_eq!(anon.status, 403);
    assert_eq!(anon.header("X-You-Are-Authenticated-As"), Some("anonymous"));

    let viewer = basic("viewer", j.token("viewer").unwrap());
    let v = [("Authorization", viewer.as_str())];
    assert_eq!(
        request(j.addr, "GET", "/job/deploy-qa/api/json", &v, "")
            .await
            .status,
        200
    );
    let r = request(j.addr, "POST", "/job/deploy-qa/buildWithParameters", &v, "").await;
    assert_eq!(r.status, 403);
    assert_eq!(
        r.header("X-Required-Permission"),
        Some("hudson.model.Item.Build")
    );
    assert!(r
        .text()
        .contains("viewer is missing the Job/Build permission"));
    let r = request(j.addr, "POST", "/job/e2e-tests/lastBuild/stop", &v, "").await;
    assert_eq!(
        r.header("X-Required-Permission"),
        Some("hudson.model.Item.Cancel")
    );
    let r = request(j.addr, "POST", "/configuration-as-code/reload", &v, "").await;
    assert_eq!(r.status, 403);
    assert_eq!(
        r.header("X-Required-Permission"),
        Some("jenkins.model.Jenkins.Manage")
    );
}

#[tokio::test]
async fn crumbs_bind_to_the_session_and_die_with_it() {
    let sim = world().await;
    let j = payments(&sim);
    let pw = basic("admin", j.password("admin").unwrap());
    let auth = [("Authorization", pw.as_str())];
    let trigger = "/job/deploy-e2e/buildWithParameters";

    let r = request(j.addr, "POST", trigger, &auth, "").await;
    assert_eq!(r.status, 403, "a password request without a crumb");
    assert!(r
        .text()
        .contains("No valid crumb was included in the request"));

    let r = request(j.addr, "GET", "/crumbIssuer/api/json", &auth, "").await;
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(v["_class"], "hudson.security.csrf.DefaultCrumbIssuer");
    assert_eq!(v["crumbRequestField"], "Jenkins-Crumb");
    let crumb = v["crumb"].as_str().unwrap().to_string();
    assert!(crumb.len() == 64 && crumb.chars().all(|c| c.is_ascii_hexdigit()));
    let set_cookie = r.header("Set-Cookie").unwrap();
    assert!(set_cookie.starts_with("JSESSIONID."));
    let cookie = set_cookie.split(';').next().unwrap().to_string();

    let no_cookie = [
        ("Authorization", pw.as_str()),
        ("Jenkins-Crumb", crumb.as_str()),
    ];
    assert_eq!(
        request(j.addr, "POST", trigger, &no_cookie, "")
            .await
            .status,
        403,
        "the crumb needs its session"
    );
    let full = [
        ("Authorization", pw.as_str()),
        ("Jenkins-Crumb", crumb.as_str()),
        ("Cookie", cookie.as_str()),
    ];
    assert_eq!(
        request(j.addr, "POST", trigger, &full, "").await.status,
        201
    );
    // The session alone (a browser) with the crumb as a form field.
    let session = [("Cookie", cookie.as_str())];
    let body = format!("Jenkins-Crumb={crumb}&APPS=web");
    assert_eq!(
        request(j.addr, "POST", trigger, &session, &body)
            .await
            .status,
        201
    );
    let other = [("Cookie", cookie.as_str()), ("Jenkins-Crumb", "00")];
    assert_eq!(
        request(j.addr, "POST", trigger, &other, "").await.status,
        403
    );

    sim.advance(SignedDuration::from_mins(31));
    let r = request(j.addr, "POST", trigger, &full, "APPS=ledger").await;
    assert_eq!(r.status, 403, "the session expired, and its crumb with it");
    assert!(r.text().contains("No valid crumb"));

    // API tokens are exempt.
    let r = Admin::of(j).post(trigger, "APPS=gateway").await;
    assert_eq!(r.status, 201);
    let anon = request(j.addr, "GET", "/crumbIssuer/api/json", &[], "").await;
    assert_eq!(anon.status, 403);
}
