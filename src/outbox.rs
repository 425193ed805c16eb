//! Where an area's I/O half sends what it learns. The effect runner hands in a sender of the
//! app's messages; the area sees only that they can be built from its own events, so the areas
//! (`cluster`, `helm`, `jenkins`, `repo`) never name the cockpit's types.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use tokio::sync::mpsc::Sender;

type SendFn<E> = dyn Fn(E) -> Pin<Box<dyn Future<Output = bool> + Send>> + Send + Sync;

pub struct Outbox<E> {
    send: Arc<SendFn<E>>,
}

impl<E> Clone for Outbox<E> {
    fn clone(&self) -> Self {
        Outbox {
            send: self.send.clone(),
        }
    }
}

impl<E> std::fmt::Debug for Outbox<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Outbox")
    }
}

impl<E: Send + 'static> Outbox<E> {
    /// An outbox that wraps each event into the receiver's message type.
    pub fn new<M>(tx: Sender<M>) -> Outbox<E>
    where
        M: From<E> + Send + 'static,
    {
        Outbox {
            send: Arc::new(move |e: E| {
                let tx = tx.clone();
                Box::pin(async move { tx.send(M::from(e)).await.is_ok() })
            }),
        }
    }

    /// Sends one event; false once the receiver is gone (the task should end).
    pub async fn send(&self, event: E) -> bool {
        (self.send)(event).await
    }
}
