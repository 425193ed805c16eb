//! Promotion with a branch per stage on real temporary repositories: a bare origin with
//! `develop`, `dev-stage` and `qa-stage`, production in a bare repository of its own, and the
//! cockpit's promotion repository. Driven through the promotion tasks and the runner as the
//! cockpit drives them; checked with the system `git`, an independent client.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use stagecoach::app::effect::promotion::PromotionEffect;
use stagecoach::app::effect::Effect;
use stagecoach::app::msg::Msg;
use stagecoach::config::{BranchAt, BranchChain};
use stagecoach::effects::Runner;
use stagecoach::outbox::Outbox;
use stagecoach::repo::promotion::{git as promo_git, tasks, PromotionMsg, PromotionTarget, Step};
use tokio::sync::mpsc;

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=Seeder",
            "-c",
            "user.email=seeder@example.com",
        ])
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

struct World {
    tmp: tempfile::TempDir,
    origin: PathBuf,
    prod: PathBuf,
    work: PathBuf,
}

impl World {
    fn target(&self) -> PromotionTarget {
        let at = |url: &Path, branch: &str| BranchAt {
            url: url.display().to_string(),
            branch: branch.into(),
        };
        let chain = BranchChain {
            source: at(&self.origin, "develop"),
            stages: vec![
                ("dev".into(), at(&self.origin, "dev-stage")),
                ("qa".into(), at(&self.origin, "qa-stage")),
                ("prod".into(), at(&self.prod, "main")),
            ],
            ref_param: None,
            path: None,
        };
        PromotionTarget::new("payments", self.tmp.path().join("promotion.git"), &chain)
    }

    /// Commits `text` into `file` on `branch` of `repo` (through a scratch clone), as `who`.
    fn commit(&self, repo: &Path, branch: &str, file: &str, text: &str, who: &str) {
        let scratch = self.tmp.path().join(format!("scratch-{}", rand_suffix()));
        git(
            self.tmp.path(),
            &[
                "clone",
                "-q",
                "--branch",
                branch,
                repo.to_str().unwrap(),
                scratch.to_str().unwrap(),
            ],
        );
        let p = scratch.join(file);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        git(&scratch, &["add", "."]);
        git(
            &scratch,
            &[
                "-c",
                &format!("user.name={who}"),
                "commit",
                "-q",
                "-m",
                &format!("{file}: {who}'s change"),
            ],
        );
        git(&scratch, &["push", "-q", "origin", branch]);
        std::fs::remove_dir_all(&scratch).unwrap();
    }

    fn head(&self, repo: &Path, branch: &str) -> String {
        git(repo, &["rev-parse", &format!("refs/heads/{branch}")])
    }
}

fn rand_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

const QA_VALUES: &str = "# payments-api in qa\nreplicaCount: 2\nimage:\n  tag: \"1.4.2\"\n";

/// All four branches at one commit, then: two commits on develop (Alice, Bob), one on
/// dev-stage's way to qa (dev-stage has one more than qa-stage), nothing pending for prod.
fn world() -> World {
    let tmp = tempfile::tempdir().unwrap();
    let seed = tmp.path().join("seed");
    std::fs::create_dir_all(seed.join("values/qa")).unwrap();
    std::fs::write(seed.join("values/qa/api.yaml"), QA_VALUES).unwrap();
    std::fs::write(seed.join("helmfile.yaml"), "releases: []\n").unwrap();
    git(
        tmp.path(),
        &["init", "-q", "-b", "develop", seed.to_str().unwrap()],
    );
    git(&seed, &["add", "."]);
    git(&seed, &["commit", "-q", "-m", "the landscape"]);
    for b in ["dev-stage", "qa-stage"] {
        git(&seed, &["branch", b]);
    }
    let origin = tmp.path().join("origin.git");
    git(
        tmp.path(),
        &[
            "clone",
            "-q",
            "--bare",
            seed.to_str().unwrap(),
            origin.to_str().unwrap(),
        ],
    );
    let prod = tmp.path().join("prod.git");
    git(
        tmp.path(),
        &[
            "clone",
            "-q",
            "--bare",
            "--branch",
            "qa-stage",
            origin.to_str().unwrap(),
            prod.to_str().unwrap(),
        ],
    );
    git(&prod, &["branch", "-m", "qa-stage", "main"]);
    git(&prod, &["symbolic-ref", "HEAD", "refs/heads/main"]);
    let w = World {
        work: tmp.path().join("promotion.git"),
        tmp,
        origin,
        prod,
    };
    w.commit(
        &w.origin,
        "dev-stage",
        "values/dev/api.yaml",
        "image:\n  tag: \"1.4.3\"\n",
        "Carol",
    );
    w.commit(
        &w.origin,
        "develop",
        "values/dev/web.yaml",
        "replicaCount: 3\n",
        "Alice",
    );
    w.commit(
        &w.origin,
        "develop",
        "values/common/api.yaml",
        "resources: {}\n",
        "Bob",
    );
    w
}

fn outbox() -> (Outbox<PromotionMsg>, mpsc::Receiver<PromotionMsg>) {
    let (tx, rx) = mpsc::channel(256);
    (Outbox::new(tx), rx)
}

async fn next<T>(rx: &mut mpsc::Receiver<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(60);
    tokio::time::timeout_at(deadline.into(), rx.recv())
        .await
        .expect("the task reports in time")
        .expect("the task reports")
}

async fn load(w: &World) -> Vec<Step> {
    let (out, mut rx) = outbox();
    tasks::load(w.target(), out).await;
    loop {
        if let PromotionMsg::Loaded { steps, .. } = next(&mut rx).await {
            // The cockpit's identity for merge commits (as git config would give it).
            git(&w.work, &["config", "user.name", "Promoter"]);
            git(&w.work, &["config", "user.email", "promoter@example.com"]);
            return steps;
        }
    }
}

/// Promotes `stage` as the screen showed it; the outcome and every write recorded.
async fn promote(w: &World, stage: &str, steps: &[Step]) -> (Result<String, String>, Vec<String>) {
    let tip = steps
        .iter()
        .find(|s| s.stage == stage)
        .and_then(|s| s.pending.as_ref().ok())
        .map(|p| p.from_tip.clone())
        .expect("the stage was read");
    let (out, mut rx) = outbox();
    tasks::promote(w.target(), stage.into(), tip, out).await;
    let mut calls = Vec::new();
    loop {
        match next(&mut rx).await {
            PromotionMsg::Called(c) => calls.push(format!("{} → {}", c.command, c.outcome)),
            PromotionMsg::Finished { result, .. } => return (result, calls),
            _ => {}
        }
    }
}

fn pending(steps: &[Step], stage: &str) -> (usize, usize, Vec<String>, Vec<String>) {
    let p = steps
        .iter()
        .find(|s| s.stage == stage)
        .unwrap()
        .pending
        .clone()
        .unwrap();
    (p.ahead, p.behind, p.files, p.authors)
}

#[tokio::test]
async fn each_stage_shows_what_it_lacks_from_the_one_before() {
    let w = world();
    let steps = load(&w).await;
    let names: Vec<(&str, &str, &str)> = steps
        .iter()
        .map(|s| (s.stage.as_str(), s.from.as_str(), s.to.as_str()))
        .collect();
    assert_eq!(
        names,
        vec![
            ("dev", "develop", "dev-stage"),
            ("qa", "dev-stage", "qa-stage"),
            ("prod", "qa-stage", "prod-repo/main"),
        ]
    );
    assert_eq!(
        pending(&steps, "dev"),
        (
            2,
            1,
            vec![
                "values/common/api.yaml".into(),
                "values/dev/web.yaml".into()
            ],
            vec!["Bob".into(), "Alice".into()]
        ),
        "develop is 2 ahead and 1 behind dev-stage (Carol's commit on dev-stage)"
    );
    assert_eq!(pending(&steps, "qa").0, 1);
    assert_eq!(pending(&steps, "prod").0, 0);
}

#[tokio::test]
async fn a_stage_with_nothing_of_its_own_is_fast_forwarded_and_pushed() {
    let w = world();
    let steps = load(&w).await;
    let dev_stage = w.head(&w.origin, "dev-stage");
    let (r, calls) = promote(&w, "qa", &steps).await;
    let r = r.unwrap();
    assert!(r.contains("fast-forward"), "{r}");
    // qa-stage is now exactly dev-stage's commit: no merge commit.
    assert_eq!(w.head(&w.origin, "qa-stage"), dev_stage);
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert!(
        calls[0].contains(&format!(
            "push --porcelain origin {dev_stage}:refs/heads/qa-stage"
        )),
        "{calls:?}"
    );
}

#[tokio::test]
async fn a_stage_with_commits_of_its_own_gets_a_merge_commit() {
    let w = world();
    let steps = load(&w).await;
    let develop = w.head(&w.origin, "develop");
    let before = w.head(&w.origin, "dev-stage");
    let (r, calls) = promote(&w, "dev", &steps).await;
    assert!(r.as_ref().unwrap().contains("merge commit"), "{r:?}");
    let head = w.head(&w.origin, "dev-stage");
    let parents = git(&w.origin, &["rev-list", "--parents", "-n", "1", &head]);
    assert_eq!(parents, format!("{head} {before} {develop}"));
    let who = git(&w.origin, &["log", "-1", "--format=%an <%ae>|%s", &head]);
    assert_eq!(
        who,
        "Promoter <promoter@example.com>|Merge branch 'develop' into dev-stage"
    );
    // Both sides' files are there.
    let files = git(&w.origin, &["ls-tree", "-r", "--name-only", &head]);
    assert!(
        files.contains("values/dev/api.yaml") && files.contains("values/dev/web.yaml"),
        "{files}"
    );
    assert_eq!(calls.len(), 2, "the merge and the push: {calls:?}");
    assert!(calls[0].starts_with("git merge --no-ff"), "{calls:?}");
}

#[tokio::test]
async fn a_conflict_stops_and_leaves_everything_as_it_was() {
    let w = world();
    // qa-stage's own hotfix changes the line dev-stage's commit changes too.
    w.commit(
        &w.origin,
        "qa-stage",
        "values/dev/api.yaml",
        "image:\n  tag: \"1.4.2-hotfix\"\n",
        "Dave",
    );
    let steps = load(&w).await;
    assert_eq!(
        pending(&steps, "qa").1,
        1,
        "qa-stage has a commit of its own"
    );
    let qa_before = w.head(&w.origin, "qa-stage");
    let refs_before = promo_git::refs(&w.work).unwrap();
    let objects_before = git(&w.work, &["count-objects", "-v"]);
    let (r, calls) = promote(&w, "qa", &steps).await;
    let e = r.unwrap_err();
    assert!(
        e.contains("values/dev/api.yaml") && e.contains("nothing pushed"),
        "{e}"
    );
    assert_eq!(w.head(&w.origin, "qa-stage"), qa_before, "origin untouched");
    // The promotion repository: the same refs (read again by the task after the failure: a
    // fetch of unchanged remotes changes none) and not one object written.
    assert_eq!(promo_git::refs(&w.work).unwrap(), refs_before);
    assert_eq!(git(&w.work, &["count-objects", "-v"]), objects_before);
    assert_eq!(
        calls.len(),
        1,
        "the refused merge is on the @ screen: {calls:?}"
    );
    assert!(
        calls[0].contains("conflict in values/dev/api.yaml"),
        "{calls:?}"
    );
}

#[tokio::test]
async fn production_in_its_own_repository_is_synced_by_merge() {
    let w = world();
    w.commit(
        &w.origin,
        "qa-stage",
        "values/qa/api.yaml",
        &QA_VALUES.replace("1.4.2", "1.4.3"),
        "Erin",
    );
    let steps = load(&w).await;
    assert_eq!(pending(&steps, "prod").0, 1);
    let qa = w.head(&w.origin, "qa-stage");
    let (r, calls) = promote(&w, "prod", &steps).await;
    assert!(r.as_ref().unwrap().contains("fast-forward"), "{r:?}");
    assert_eq!(w.head(&w.prod, "main"), qa);
    assert!(calls[0].contains("push --porcelain prod-repo"), "{calls:?}");
    // A hotfix in production first: then a merge commit naming the repository it came from.
    w.commit(
        &w.prod,
        "main",
        "values/prod/api.yaml",
        "replicaCount: 5\n",
        "Frank",
    );
    w.commit(
        &w.origin,
        "qa-stage",
        "values/qa/web.yaml",
        "replicaCount: 2\n",
        "Erin",
    );
    let steps = load(&w).await;
    let (r, _) = promote(&w, "prod", &steps).await;
    assert!(r.as_ref().unwrap().contains("merge commit"), "{r:?}");
    let subject = git(&w.prod, &["log", "-1", "--format=%s", "main"]);
    assert_eq!(
        subject,
        format!(
            "Merge branch 'qa-stage' of {} into main",
            w.origin.display()
        )
    );
}

/// The runner with the chain, protected `payments-prod`, maybe read-only.
fn runner(w: &World, readonly: bool) -> (Runner, mpsc::Receiver<Msg>) {
    let kube =
        kube::Client::try_from(kube::Config::new("http://127.0.0.1:9".parse().unwrap())).unwrap();
    let (tx, rx) = mpsc::channel(256);
    let mut r = Runner::new(kube, None, tx);
    r.set_promotions(HashMap::from([("payments".to_string(), w.target())]));
    r.set_protected(vec!["payments-prod".into()]);
    r.set_readonly(readonly);
    (r, rx)
}

async fn finished(rx: &mut mpsc::Receiver<Msg>) -> Result<String, String> {
    loop {
        if let Msg::Promotion(PromotionMsg::Finished { result, .. }) = next(rx).await {
            return result;
        }
    }
}

fn promote_prod(tip: &str, confirmed: Option<&str>) -> Vec<Effect> {
    vec![Effect::Promotion(PromotionEffect::Promote {
        team: "payments".into(),
        stage: "prod".into(),
        from_tip: tip.into(),
        confirmed: confirmed.map(Into::into),
    })]
}

#[tokio::test]
async fn a_protected_target_needs_its_name_and_read_only_refuses_in_the_runner() {
    let w = world();
    w.commit(
        &w.origin,
        "qa-stage",
        "values/qa/api.yaml",
        "image:\n  tag: \"2.0.0\"\n",
        "Erin",
    );
    let qa = w.head(&w.origin, "qa-stage");
    let prod_before = w.head(&w.prod, "main");

    let (mut r, mut rx) = runner(&w, true);
    r.run(promote_prod(&qa, Some("prod")));
    let e = finished(&mut rx).await.unwrap_err();
    assert!(e.contains("read-only mode"), "{e}");

    let (mut r, mut rx) = runner(&w, false);
    for typed in [None, Some("payments-prod"), Some("qa")] {
        r.run(promote_prod(&qa, typed));
        let e = finished(&mut rx).await.unwrap_err();
        assert!(e.contains("prod is protected: type prod"), "{typed:?}: {e}");
    }
    assert_eq!(
        w.head(&w.prod, "main"),
        prod_before,
        "nothing reached production"
    );

    r.run(promote_prod(&qa, Some("prod")));
    let ok = finished(&mut rx).await;
    assert!(ok.is_ok(), "{ok:?}");
    assert_eq!(w.head(&w.prod, "main"), qa);
}

#[tokio::test]
async fn hostile_commit_text_is_cleaned_before_the_app_sees_it() {
    let w = world();
    let scratch = w.tmp.path().join("hostile");
    git(
        w.tmp.path(),
        &[
            "clone",
            "-q",
            "--branch",
            "develop",
            w.origin.to_str().unwrap(),
            scratch.to_str().unwrap(),
        ],
    );
    std::fs::write(scratch.join("x.yaml"), "a: 1\n").unwrap();
    git(&scratch, &["add", "."]);
    git(
        &scratch,
        &[
            "-c",
            "user.name=Eve\u{1b}[2J",
            "commit",
            "-q",
            "-m",
            "evil \u{1b}]52;c;aGk=\u{7} \u{202e}subject",
        ],
    );
    git(&scratch, &["push", "-q", "origin", "develop"]);
    let steps = load(&w).await;
    let p = steps[0].pending.as_ref().unwrap();
    let text = format!(
        "{} {} {:?}",
        p.commits[0].subject, p.commits[0].author, p.authors
    );
    assert!(
        !text
            .chars()
            .any(|c| c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c)),
        "{text:?}"
    );
    assert!(p.commits[0].subject.contains("subject"), "{text:?}");
}
