//! Shared set-up for the simulated-Jenkins tests: a plain HTTP/1.1 client on tokio (status,
//! headers, raw body bytes — what a Jenkins client sees), and a git2 clone-commit-push of a
//! team's config repo, the way a platform engineer changes JCasC.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::Path;

use base64::Engine as _;
use stagecoach::sim::jenkins::JenkinsHandle;
use stagecoach::sim::serve::{RunningSim, SimOptions};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub async fn world() -> RunningSim {
    RunningSim::start(SimOptions {
        seed: 7,
        scale: 1,
        faults: String::new(),
        start: Some("2026-11-24T12:00:00Z".parse().unwrap()),
        ..SimOptions::default()
    })
    .await
    .expect("the world starts")
}

pub fn payments(sim: &RunningSim) -> &JenkinsHandle {
    sim.jenkins_of("payments").expect("payments has a Jenkins")
}

#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

pub fn basic(user: &str, secret: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{user}:{secret}"))
    )
}

/// One request on a fresh connection.
pub async fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Resp {
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    if method == "POST" {
        req.push_str("Content-Type: application/x-www-form-urlencoded\r\n");
        req.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).await.unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).await.unwrap();
    let split = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a header block");
    let head = String::from_utf8_lossy(&buf[..split]).to_string();
    let mut raw = buf[split + 4..].to_vec();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        raw = dechunk(&raw);
    }
    Resp {
        status,
        headers,
        body: raw,
    }
}

fn dechunk(mut s: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = s.windows(2).position(|w| w == b"\r\n") {
        let n = usize::from_str_radix(String::from_utf8_lossy(&s[..eol]).trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.extend_from_slice(&s[eol + 2..eol + 2 + n]);
        s = &s[eol + 2 + n + 2..];
    }
    out
}

/// A client authenticated with the admin's API token.
pub struct Admin {
    pub addr: SocketAddr,
    pub auth: String,
}

impl Admin {
    pub fn of(j: &JenkinsHandle) -> Admin {
        Admin {
            addr: j.addr,
            auth: basic("admin", j.token("admin").unwrap()),
        }
    }

    pub async fn get(&self, path: &str) -> Resp {
        request(self.addr, "GET", path, &[("Authorization", &self.auth)], "").await
    }

    pub async fn post(&self, path: &str, body: &str) -> Resp {
        request(
            self.addr,
            "POST",
            path,
            &[("Authorization", &self.auth)],
            body,
        )
        .await
    }
}

/// Clones the bare repo, writes `path`, commits and pushes to `main`, as a user would; panics
/// if the remote rejects the update (git2 reports that only through the callback).
pub fn push_file(bare: &Path, path: &str, content: &str, message: &str) {
    let work = tempfile::tempdir().unwrap();
    let repo = git2::Repository::clone(bare.to_str().unwrap(), work.path()).unwrap();
    let file = work.path().join(path);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, content).unwrap();
    let mut index = repo.index().unwrap();
    index.add_path(Path::new(path)).unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = git2::Signature::now("Platform Engineer", "pe@example.com").unwrap();
    let parent = repo.head().unwrap().peel_to_commit().unwrap();
    repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &[&parent])
        .unwrap();
    let mut remote = repo.find_remote("origin").unwrap();
    let mut rejected = None;
    {
        let mut cb = git2::RemoteCallbacks::new();
        cb.push_update_reference(|r, status| {
            if let Some(s) = status {
                rejected = Some(format!("{r}: {s}"));
            }
            Ok(())
        });
        let mut opts = git2::PushOptions::new();
        opts.remote_callbacks(cb);
        remote
            .push(&["refs/heads/main:refs/heads/main"], Some(&mut opts))
            .unwrap();
    }
    assert_eq!(rejected, None, "the push was rejected");
}

/// The head-of-main JCasC file of a team's repo.
pub fn jcasc(j: &JenkinsHandle) -> String {
    let f = stagecoach::sim::config_repo::read_head_file(
        &j.repo_path(),
        "main",
        "jenkins/jenkins.yaml",
    )
    .unwrap();
    String::from_utf8(f.content).unwrap()
}
