//! I/O half: the runner's Jenkins tasks. Each polls one thing that is on screen, with `tree=`,
//! at an interval while the screen is open (the runner aborts the task when it leaves), backs
//! off after failures (a restarting Jenkins answers 503 without `Retry-After`), and reports
//! results — data or an error that says what is wrong — as messages tagged with the screen's
//! generation.

use std::time::Duration;

use super::client::JenkinsClient;
use super::console::Progressive;
use super::error::{ErrorKind, JenkinsError};
use super::model::{JobRow, QueueItemState};
use super::msg::{ConsoleChunk, JenkinsMsg, JobsSnapshot, TriggerProgress};
use super::path::JobPath;
use super::reload::ReloadPhase;
use crate::call_log::Call;
use crate::outbox::Outbox;

/// How often what is on screen is asked for again.
pub const JOBS_EVERY: Duration = Duration::from_secs(5);
pub const JOB_EVERY: Duration = Duration::from_secs(5);
pub const BUILD_EVERY: Duration = Duration::from_secs(3);
pub const CONSOLE_EVERY: Duration = Duration::from_secs(1);
pub const QUEUE_EVERY: Duration = Duration::from_secs(1);
pub const LABELS_EVERY: Duration = Duration::from_secs(5);
/// Deploys are minutes apart: a timeline on screen asks every 10 s.
pub const STAGE_BUILDS_EVERY: Duration = Duration::from_secs(10);
/// Polls of a restarting Jenkins after a reload before giving up.
pub const RELOAD_POLLS: u32 = 120;

const BACKOFF_START: Duration = Duration::from_secs(1);
const BACKOFF_MAX: Duration = Duration::from_secs(30);

/// 1 s doubling to 30 s, ±10 %.
#[derive(Debug)]
pub struct Backoff(Duration);

impl Default for Backoff {
    fn default() -> Self {
        Backoff(BACKOFF_START)
    }
}

impl Backoff {
    pub fn reset(&mut self) {
        self.0 = BACKOFF_START;
    }

    pub fn next_wait(&mut self) -> Duration {
        let d = self.0;
        self.0 = (self.0 * 2).min(BACKOFF_MAX);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |t| t.subsec_nanos());
        d.mul_f64(0.9 + f64::from(nanos % 1000) / 1000.0 * 0.2)
    }

    /// The wait after a poll: the interval when it worked, the back-off when it did not.
    fn after<T>(&mut self, r: &Result<T, JenkinsError>, every: Duration) -> Duration {
        match r {
            Ok(_) => {
                self.reset();
                every
            }
            Err(_) => self.next_wait().max(every),
        }
    }
}

/// Sends, or tells the task to end (the app is gone).
async fn send(tx: &Outbox<JenkinsMsg>, m: JenkinsMsg) -> bool {
    tx.send(m).await
}

/// A token that could not be read fails every request the same way: no point polling.
fn hopeless<T>(r: &Result<T, JenkinsError>) -> bool {
    matches!(r, Err(e) if e.kind == ErrorKind::Token)
}

fn attach(rows: &mut [JobRow], folder: &JobPath, children: Vec<JobRow>) -> bool {
    for r in rows {
        if r.path == *folder {
            r.children = children;
            return true;
        }
        if folder.0.starts_with(&r.path.0) && attach(&mut r.children, folder, children.clone()) {
            return true;
        }
    }
    false
}

/// One look at a team's jobs: the root's items, the expanded folders' items, the queue.
pub async fn jobs_once(
    c: &JenkinsClient,
    expanded: &[JobPath],
) -> Result<JobsSnapshot, JenkinsError> {
    let mut jobs = c.jobs(&JobPath::default()).await?;
    // Shallow folders first, so a nested expanded folder finds its parent's new children.
    let mut expanded = expanded.to_vec();
    expanded.sort_by_key(JobPath::depth);
    for f in &expanded {
        match c.jobs(f).await {
            Ok(children) => {
                attach(&mut jobs, f, children);
            }
            // A folder that went away just shows collapsed.
            Err(e) if e.kind == ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    let queue = c.queue().await?;
    Ok(JobsSnapshot { jobs, queue })
}

pub async fn poll_jobs(
    c: JenkinsClient,
    expanded: Vec<JobPath>,
    generation: u64,
    tx: Outbox<JenkinsMsg>,
) {
    let mut backoff = Backoff::default();
    loop {
        let result = jobs_once(&c, &expanded).await;
        let wait = backoff.after(&result, JOBS_EVERY);
        let stop = hopeless(&result);
        let team = c.team().to_string();
        if !send(
            &tx,
            JenkinsMsg::JobsPolled {
                team,
                generation,
                result,
            },
        )
        .await
            || stop
        {
            return;
        }
        tokio::time::sleep(wait).await;
    }
}

pub async fn poll_job(
    c: JenkinsClient,
    job: JobPath,
    limit: usize,
    generation: u64,
    tx: Outbox<JenkinsMsg>,
) {
    let mut backoff = Backoff::default();
    loop {
        let result = c.job(&job, limit).await;
        let wait = backoff.after(&result, JOB_EVERY);
        let stop = hopeless(&result);
        if !send(&tx, JenkinsMsg::JobPolled { generation, result }).await || stop {
            return;
        }
        tokio::time::sleep(wait).await;
    }
}

/// One look at each label: can a cloud of the running configuration provision it? The first
/// failure stands for the whole answer (the labels share one Jenkins).
pub async fn labels_once(
    c: &JenkinsClient,
    labels: &[String],
) -> Result<Vec<(String, bool)>, JenkinsError> {
    let mut out = Vec::with_capacity(labels.len());
    for l in labels {
        out.push((l.clone(), c.label(l).await?.provisioned()));
    }
    Ok(out)
}

/// Polls the labels while the screen that shows them is on top: after an Update
/// configuration, a new template's label turns provisioned at the next poll.
pub async fn poll_labels(
    c: JenkinsClient,
    labels: Vec<String>,
    generation: u64,
    tx: Outbox<JenkinsMsg>,
) {
    let mut backoff = Backoff::default();
    loop {
        let result = labels_once(&c, &labels).await;
        let wait = backoff.after(&result, LABELS_EVERY);
        let stop = hopeless(&result);
        let team = c.team().to_string();
        if !send(
            &tx,
            JenkinsMsg::LabelsPolled {
                team,
                generation,
                result,
            },
        )
        .await
            || stop
        {
            return;
        }
        tokio::time::sleep(wait).await;
    }
}

/// Polls a build while it runs; a finished build is read once more and left alone.
pub async fn poll_build(
    c: JenkinsClient,
    job: JobPath,
    number: u32,
    generation: u64,
    tx: Outbox<JenkinsMsg>,
) {
    let mut backoff = Backoff::default();
    loop {
        let result = c.build(&job, number).await;
        let finished = matches!(&result, Ok(b) if !b.row.building);
        let wait = backoff.after(&result, BUILD_EVERY);
        let stop = hopeless(&result) || finished;
        if !send(&tx, JenkinsMsg::BuildPolled { generation, result }).await || stop {
            return;
        }
        tokio::time::sleep(wait).await;
    }
}

/// Follows a console from its first byte until the server says there is no more.
pub async fn follow_console(
    c: JenkinsClient,
    job: JobPath,
    number: u32,
    generation: u64,
    tx: Outbox<JenkinsMsg>,
) {
    let mut p = Progressive::new();
    let mut backoff = Backoff::default();
    let mut first = true;
    loop {
        match c.progressive(&job, number, p.start).await {
            // Its size only: too long to read whole, so read its tail at once.
            Ok(a) if a.body.is_empty() && Progressive::is_too_long(p.start, a.text_size) => {
                p.skip_to_tail(a.text_size.unwrap_or_default());
            }
            Ok(a) => {
                backoff.reset();
                let chunk = p.on_response(&a.body, a.text_size, a.more_data);
                let worth = first || chunk.reset || !chunk.lines.is_empty() || !chunk.more;
                first = false;
                if worth {
                    let chunk = ConsoleChunk {
                        reset: chunk.reset,
                        lines: chunk.lines,
                        more: chunk.more,
                        size: chunk.size,
                    };
                    if !send(&tx, JenkinsMsg::ConsoleRead { generation, chunk }).await {
                        return;
                    }
                }
                if p.done {
                    return;
                }
                tokio::time::sleep(CONSOLE_EVERY).await;
            }
            Err(error) => {
                let retrying = error.is_transient();
                if !send(
                    &tx,
                    JenkinsMsg::ConsoleFailed {
                        generation,
                        error,
                        retrying,
                    },
                )
                .await
                    || !retrying
                {
                    return;
                }
                tokio::time::sleep(backoff.next_wait()).await;
            }
        }
    }
}

pub async fn load_params(c: JenkinsClient, job: JobPath, generation: u64, tx: Outbox<JenkinsMsg>) {
    let result = c.params(&job).await;
    let _ = send(&tx, JenkinsMsg::ParamsLoaded { generation, result }).await;
}

/// Queues a build, then follows its queue item until the build has a number. A queue item
/// is forgotten minutes after it left: then the build is found by its `queueId`.
pub async fn trigger(
    c: JenkinsClient,
    job: JobPath,
    params: Vec<(String, String)>,
    parameterized: bool,
    generation: u64,
    tx: Outbox<JenkinsMsg>,
) {
    let progress = |p: TriggerProgress| JenkinsMsg::Trigger {
        generation,
        progress: p,
    };
    let (path, form) = JenkinsClient::trigger_target(&job, &params, parameterized);
    let call = Call::new(
        format!("build {job} on {}'s Jenkins", c.team()),
        c.curl_post(&path, &form),
    );
    let r = c.trigger(&job, &params, parameterized).await;
    send(
        &tx,
        JenkinsMsg::Called(
            call.ended(match &r {
                Ok(t) if t.merged => Ok("merged into an identical waiting item".into()),
                Ok(t) => Ok(t
                    .queue_id
                    .map_or("queued".into(), |q| format!("queued as item {q}"))),
                Err(e) => Err(e.message.clone()),
            }),
        ),
    )
    .await;
    let t = match r {
        Ok(t) => t,
        Err(e) => {
            let _ = send(&tx, progress(TriggerProgress::Failed(e))).await;
            return;
        }
    };
    if !send(
        &tx,
        progress(TriggerProgress::Queued {
            queue_id: t.queue_id,
            merged: t.merged,
        }),
    )
    .await
    {
        return;
    }
    let Some(id) = t.queue_id else {
        let e = JenkinsError::new(
            ErrorKind::Decode,
            format!("build {job}: queued, but Jenkins did not say where (no Location)"),
        );
        let _ = send(&tx, progress(TriggerProgress::Failed(e))).await;
        return;
    };
    let mut backoff = Backoff::default();
    let mut last_why: Option<Option<String>> = None;
    loop {
        let r = c.queue_item(id).await;
        let wait = backoff.after(&r, QUEUE_EVERY);
        let next = match r {
            Ok(QueueItemState::Waiting { why }) => {
                if last_why.as_ref() == Some(&why) {
                    None
                } else {
                    last_why = Some(why.clone());
                    Some(TriggerProgress::Waiting { why })
                }
            }
            Ok(QueueItemState::Started { number }) => {
                let _ = send(&tx, progress(TriggerProgress::Started { number })).await;
                return;
            }
            Ok(QueueItemState::Cancelled) => {
                let _ = send(&tx, progress(TriggerProgress::Cancelled)).await;
                return;
            }
            Err(e) if e.kind == ErrorKind::NotFound => {
                let found = c.build_for_queue_item(&job, id).await.ok().flatten();
                let p = match found {
                    Some(number) => TriggerProgress::Started { number },
                    None => TriggerProgress::Cancelled,
                };
                let _ = send(&tx, progress(p)).await;
                return;
            }
            Err(e) if e.is_transient() => None,
            Err(e) => {
                let _ = send(&tx, progress(TriggerProgress::Failed(e))).await;
                return;
            }
        };
        if let Some(p) = next {
            if !send(&tx, progress(p)).await {
                return;
            }
        }
        tokio::time::sleep(wait).await;
    }
}

pub async fn stop_build(c: JenkinsClient, job: JobPath, number: u32, tx: Outbox<JenkinsMsg>) {
    let result = c.stop(&job, number).await;
    let team = c.team().to_string();
    let call = Call::new(
        format!("stop {job} #{number} on {team}'s Jenkins"),
        c.curl_post(&format!("{}{number}/stop", job.url_path()), ""),
    );
    send(
        &tx,
        JenkinsMsg::Called(call.ended(match &result {
            Ok(()) => Ok("asked to stop".into()),
            Err(e) => Err(e.message.clone()),
        })),
    )
    .await;
    let _ = send(
        &tx,
        JenkinsMsg::BuildStopped {
            team,
            job,
            number,
            result,
        },
    )
    .await;
}

/// "Update configuration", then watches Jenkins come back (503 while it restarts).
pub async fn reload(c: JenkinsClient, generation: u64, tx: Outbox<JenkinsMsg>) {
    let team = c.team().to_string();
    let phase = |p: ReloadPhase| JenkinsMsg::Reload {
        team: team.clone(),
        generation,
        phase: p,
    };
    if !send(&tx, phase(ReloadPhase::Sent)).await {
        return;
    }
    let r = c.reload_jcasc().await;
    let call = Call::new(
        format!("Update configuration of {team}'s Jenkins"),
        c.curl_post("configuration-as-code/reload", ""),
    );
    send(
        &tx,
        JenkinsMsg::Called(call.ended(match &r {
            Ok(()) => Ok("applied; Jenkins restarts for a moment".into()),
            Err(e) => Err(e.message.clone()),
        })),
    )
    .await;
    if let Err(e) = r {
        let _ = send(&tx, phase(ReloadPhase::Failed(e))).await;
        return;
    }
    let mut backoff = Backoff::default();
    for polls in 1..=RELOAD_POLLS {
        match c.system_message().await {
            Ok(system_message) => {
                let _ = send(&tx, phase(ReloadPhase::Applied { system_message })).await;
                return;
            }
            Err(e) if e.is_transient() => {
                if polls == 1 && !send(&tx, phase(ReloadPhase::Restarting { polls })).await {
                    return;
                }
                let wait = if e.kind == ErrorKind::Unavailable {
                    backoff.reset();
                    Duration::from_secs(1)
                } else {
                    backoff.next_wait()
                };
                tokio::time::sleep(wait).await;
            }
            Err(e) => {
                let _ = send(&tx, phase(ReloadPhase::Failed(e))).await;
                return;
            }
        }
    }
    let e = JenkinsError::new(
        ErrorKind::Unavailable,
        format!("Update configuration: applied, but {team}'s Jenkins did not come back within {RELOAD_POLLS} tries"),
    );
    let _ = send(&tx, phase(ReloadPhase::Failed(e))).await;
}

/// One look at each of a stage's deploy jobs; a job Jenkins does not have (no uninstall job
/// for a stage) has no builds.
pub async fn stage_builds_once(
    c: &JenkinsClient,
    jobs: &[JobPath],
) -> Result<Vec<(JobPath, Vec<super::BuildDetail>)>, JenkinsError> {
    let mut out = Vec::with_capacity(jobs.len());
    for j in jobs {
        match c.stage_builds(j).await {
            Ok(b) => out.push((j.clone(), b)),
            Err(e) if e.kind == ErrorKind::NotFound => out.push((j.clone(), Vec::new())),
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

/// Polls a stage's deploy jobs while its timeline is on top.
pub async fn poll_stage_builds(
    c: JenkinsClient,
    jobs: Vec<JobPath>,
    generation: u64,
    tx: Outbox<JenkinsMsg>,
) {
    let mut backoff = Backoff::default();
    loop {
        let result = stage_builds_once(&c, &jobs).await;
        let wait = backoff.after(&result, STAGE_BUILDS_EVERY);
        let stop = hopeless(&result);
        if !send(&tx, JenkinsMsg::StageBuildsPolled { generation, result }).await || stop {
            return;
        }
        tokio::time::sleep(wait).await;
    }
}
