//! Finding 7 of the reliability probe: a Jenkins console longer than the client's 16 MiB cap
//! opens — from its tail, with a first line saying what was left out — instead of failing
//! with "the answer is larger than 16 MiB". The server is a bare HTTP/1.1 one serving
//! `progressiveText` as Jenkins does (`X-Text-Size` in the headers, the text from `start`).

use std::sync::Arc;

use secrecy::SecretString;
use stagecoach::app::jenkins::JenkinsMsg;
use stagecoach::app::msg::Msg;
use stagecoach::jenkins::{poll, JenkinsClient, JobPath};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

/// 20 MiB of numbered lines.
fn long_log() -> Vec<u8> {
    let mut log = Vec::with_capacity(21 << 20);
    let mut n = 0u32;
    while log.len() < 20 << 20 {
        log.extend_from_slice(format!("line {n:08} of a very chatty build\n").as_bytes());
        n += 1;
    }
    log.extend_from_slice(b"Finished: SUCCESS\n");
    log
}

async fn serve(log: Arc<Vec<u8>>) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((s, _)) = listener.accept().await else {
                return;
            };
            let log = log.clone();
            tokio::spawn(async move {
                let (r, mut w) = s.into_split();
                let mut lines = BufReader::new(r).lines();
                let Ok(Some(request)) = lines.next_line().await else {
                    return;
                };
                while let Ok(Some(l)) = lines.next_line().await {
                    if l.is_empty() {
                        break;
                    }
                }
                let start: usize = request
                    .split("start=")
                    .nth(1)
                    .and_then(|s| s.split(|c: char| !c.is_ascii_digit()).next())
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(0);
                let start = if start > log.len() { 0 } else { start };
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/plain;charset=UTF-8\r\nX-Text-Size: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    log.len(),
                    log.len() - start
                );
                if w.write_all(head.as_bytes()).await.is_ok() {
                    // The client may hang up after the headers: that is the point.
                    let _ = w.write_all(&log[start..]).await;
                }
            });
        }
    });
    addr
}

#[tokio::test(flavor = "multi_thread")]
async fn a_console_over_16_mib_opens_from_its_tail() {
    stagecoach::jenkins::client::install_crypto();
    let log = Arc::new(long_log());
    let addr = serve(log.clone()).await;
    let c = JenkinsClient::new(
        "payments",
        &format!("http://{addr}/"),
        "admin",
        Ok(SecretString::from("not-a-real-token".to_string())),
        "teams[payments].jenkins.token_file".into(),
    );
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Msg>(64);
    let follow = tokio::spawn(poll::follow_console(
        c,
        JobPath::parse("chatty"),
        1,
        3,
        stagecoach::outbox::Outbox::new(tx),
    ));
    let mut lines = Vec::new();
    loop {
        let m = tokio::time::timeout(std::time::Duration::from_secs(60), rx.recv())
            .await
            .expect("the console answers")
            .expect("the task runs");
        match m {
            Msg::Jenkins(JenkinsMsg::ConsoleRead { chunk, .. }) => {
                lines.extend(chunk.lines.into_iter().map(|l| l.text));
                if !chunk.more {
                    break;
                }
            }
            other => panic!("{other:?}"),
        }
    }
    follow.abort();
    assert!(
        lines[0].starts_with("… the first 18.0 MiB of this console are not shown"),
        "{}",
        lines[0]
    );
    // Whole lines from there to the end.
    assert!(lines[1].starts_with("line ") && lines[1].ends_with("of a very chatty build"));
    assert_eq!(lines.last().map(String::as_str), Some("Finished: SUCCESS"));
    let text = String::from_utf8_lossy(&log);
    assert!(text.ends_with(&format!("{}\nFinished: SUCCESS\n", lines[lines.len() - 2])));
}
