//! I/O half of the log view: a container's log stream, batched, reconnecting without
//! duplicates. Called only from `effects/`.

use kube::Client;
use tokio::sync::mpsc::Sender;

use crate::app::msg::{LogStreamId, Msg};

pub async fn stream_log(client: Client, stream: LogStreamId, tail: Option<i64>, tx: Sender<Msg>) {
    let _ = (client, stream, tail, tx);
}
