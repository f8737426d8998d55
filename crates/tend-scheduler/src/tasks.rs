//! Background work with a handle: every task the app starts is spawned here, stops when the one
//! token is cancelled, and is awaited on exit, so nothing outlives Tend half-done.

use std::future::Future;
use std::sync::Mutex;
use std::time::Duration;

use tokio::runtime::Handle;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

#[derive(Debug)]
pub struct Tasks {
    cancel: CancellationToken,
    runtime: Handle,
    tasks: Mutex<Vec<JoinHandle<()>>>,
}

impl Tasks {
    /// Tasks run on `runtime` (the app's tokio runtime).
    pub fn new(runtime: Handle) -> Tasks {
        Tasks {
            cancel: CancellationToken::new(),
            runtime,
            tasks: Mutex::new(Vec::new()),
        }
    }

    /// Runs `task` until it ends or the tasks are stopped, whichever comes first. A task is
    /// stopped at an `.await`, so work between two awaits is done whole or not at all.
    pub fn spawn(&self, task: impl Future<Output = ()> + Send + 'static) {
        let cancel = self.cancel.clone();
        let handle = self.runtime.spawn(async move {
            tokio::select! {
                () = cancel.cancelled() => {}
                () = task => {}
            }
        });
        let mut tasks = self.tasks.lock().unwrap_or_else(|p| p.into_inner());
        tasks.retain(|task| !task.is_finished());
        tasks.push(handle);
    }

    /// Whether [`Tasks::stop`] has been called.
    pub fn stopping(&self) -> bool {
        self.cancel.is_cancelled()
    }

    /// Cancels every task and waits for them to end, for at most `within`.
    pub async fn stop(&self, within: Duration) {
        self.cancel.cancel();
        let tasks = std::mem::take(&mut *self.tasks.lock().unwrap_or_else(|p| p.into_inner()));
        let all = async {
            for task in tasks {
                let _ = task.await;
            }
        };
        if tokio::time::timeout(within, all).await.is_err() {
            tracing::warn!("some background work did not end in time");
        }
    }
}
