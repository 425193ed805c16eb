//! The payments team's config repo as the runner would report it: a clone one commit ahead of
//! origin, two changed files (one a protected stage's), recent commits, and a few writes.

use jiff::SignedDuration;

use super::start;
use crate::app::msg::Msg;
use crate::call_log::Call;
use crate::repo::{ChangeKind, CommitRow, FileChange, FileDiff, RepoMsg, RepoStatus};

fn commit(id: &str, author: &str, mins_ago: i64, subject: &str) -> CommitRow {
    CommitRow {
        id: id.into(),
        author: author.into(),
        email: format!("{}@example.com", author.to_lowercase()),
        time: start() - SignedDuration::from_mins(mins_ago),
        subject: subject.into(),
    }
}

pub fn repo_status() -> RepoStatus {
    RepoStatus {
        path: "/home/alice/.local/share/stagecoach/repos/stagecoach-demo/payments".into(),
        branch: Some("main".into()),
        head: Some(commit(
            "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
            "Alice",
            3,
            "qa: payments-api image.tag 1.4.2 → 1.4.3",
        )),
        ahead_behind: Some((1, 0)),
        changes: vec![
            FileChange {
                path: "values/prod/api.yaml".into(),
                kind: ChangeKind::Modified,
                staged: false,
            },
            FileChange {
                path: "values/qa/web.yaml".into(),
                kind: ChangeKind::Modified,
                staged: false,
            },
            FileChange {
                path: "notes.txt".into(),
                kind: ChangeKind::Untracked,
                staged: false,
            },
        ],
        recent: vec![
            commit(
                "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
                "Alice",
                3,
                "qa: payments-api image.tag 1.4.2 → 1.4.3",
            ),
            commit(
                "3e707591aa2b3c4d5e6f708192a3b4c5d6e7f809",
                "Bob",
                95,
                "jenkins: add a helmfile pod template for the deploy jobs",
            ),
            commit(
                "0f1e2d3c4b5a69788796a5b4c3d2e1f00112233a",
                "Platform Team",
                60 * 26,
                "the payments landscape",
            ),
        ],
        author: Some(("Alice".into(), "alice@example.com".into())),
        jcasc: "jenkins/jenkins.yaml".into(),
    }
}

pub fn repo_diff() -> Vec<FileDiff> {
    vec![
        FileDiff {
            path: "values/prod/api.yaml".into(),
            old: Some("# payments-api in prod\nreplicaCount: 3\nimage:\n  tag: \"1.4.0\"\n".into()),
            new: Some("# payments-api in prod\nreplicaCount: 3\nimage:\n  tag: \"1.4.2\"\n".into()),
        },
        FileDiff {
            path: "values/qa/web.yaml".into(),
            old: Some("replicaCount: 1\n".into()),
            new: Some("replicaCount: 2\n".into()),
        },
        FileDiff {
            path: "notes.txt".into(),
            old: None,
            new: Some("remember the qa smoke test\n".into()),
        },
    ]
}

/// The messages the runner sends after opening the payments repo, and the writes it recorded.
pub fn repo_messages() -> Vec<Msg> {
    let at = |mins: i64| start() - SignedDuration::from_mins(mins);
    let call = |mins, what: &str, command: &str, result: Result<&str, &str>| {
        let mut c =
            Call::new(what, command).ended(result.map(str::to_string).map_err(str::to_string));
        c.at = at(mins);
        Msg::Repo(RepoMsg::Called(c))
    };
    vec![
        Msg::Repo(RepoMsg::Status {
            team: "payments".into(),
            status: Box::new(repo_status()),
        }),
        Msg::Repo(RepoMsg::Finished {
            team: "payments".into(),
            op: crate::repo::RepoOp::Fetch,
            result: Ok("fetched origin".into()),
        }),
        Msg::Repo(RepoMsg::Diffed {
            team: "payments".into(),
            files: repo_diff(),
        }),
        call(
            30,
            "clone the payments config repo",
            "git clone --branch main /srv/repos/payments-config.git /home/alice/.local/share/stagecoach/repos/stagecoach-demo/payments",
            Ok("cloned"),
        ),
        call(
            4,
            "commit to the payments config repo",
            "git -C /home/alice/… commit -m \"qa: payments-api image.tag 1.4.2 → 1.4.3\" -- values/qa/api.yaml",
            Ok("committed a1b2c3d qa: payments-api image.tag 1.4.2 → 1.4.3"),
        ),
        call(
            3,
            "push the payments config repo",
            "git -C /home/alice/… push origin main",
            Err("git -C /home/alice/… push origin main: cannot reach the remote: check the URL and the network; the commit stays local: press P to push again"),
        ),
    ]
}
