//! A notification server of the test's own on a private session bus: it owns
//! `org.freedesktop.Notifications`, records every `Notify` as it arrives, and can invoke an
//! action the way a person clicking a button on the notification would (`ActionInvoked`).
//!
//! It runs on its own thread and runtime, so it answers the app while the test's thread waits
//! on something else.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use zbus::zvariant::OwnedVariant;

const PATH: &str = "/org/freedesktop/Notifications";
const NAME: &str = "org.freedesktop.Notifications";

/// One notification as the server received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    pub id: u32,
    pub app_name: String,
    pub app_icon: String,
    pub summary: String,
    pub body: String,
    /// Pairs of (action key, label), as the spec sends them flattened.
    pub actions: Vec<(String, String)>,
    pub hints: Vec<String>,
    pub desktop_entry: Option<String>,
}

struct Server {
    received: Arc<Mutex<Vec<Received>>>,
    refuse: bool,
}

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl Server {
    #[allow(clippy::too_many_arguments)]
    async fn notify(
        &mut self,
        app_name: String,
        _replaces_id: u32,
        app_icon: String,
        summary: String,
        body: String,
        actions: Vec<String>,
        hints: HashMap<String, OwnedVariant>,
        _expire_timeout: i32,
    ) -> zbus::fdo::Result<u32> {
        if self.refuse {
            return Err(zbus::fdo::Error::Failed(
                "this test's server refuses every notification".into(),
            ));
        }
        let mut received = self.received.lock().unwrap_or_else(|p| p.into_inner());
        let id = received.len() as u32 + 1;
        let desktop_entry = hints
            .get("desktop-entry")
            .and_then(|v| String::try_from(v.clone()).ok());
        let mut hint_names: Vec<String> = hints.into_keys().collect();
        hint_names.sort();
        received.push(Received {
            id,
            app_name,
            app_icon,
            summary,
            body,
            actions: actions
                .chunks(2)
                .map(|p| (p[0].clone(), p.get(1).cloned().unwrap_or_default()))
                .collect(),
            hints: hint_names,
            desktop_entry,
        });
        Ok(id)
    }

    fn get_capabilities(&self) -> Vec<String> {
        vec!["actions".into(), "body".into()]
    }

    fn get_server_information(&self) -> (String, String, String, String) {
        ("tend-test-server".into(), "tend".into(), "1".into(), "1.2".into())
    }

    fn close_notification(&self, _id: u32) {}
}

enum Command {
    Invoke(u32, String, std::sync::mpsc::Sender<()>),
}

/// The running server; it stops when dropped.
#[allow(missing_debug_implementations)]
pub struct NotificationServer {
    received: Arc<Mutex<Vec<Received>>>,
    commands: tokio::sync::mpsc::UnboundedSender<Command>,
}

impl NotificationServer {
    /// Starts a server that accepts every notification, on the bus at `address`. Returns once
    /// it owns the name, so the app's first `Notify` reaches it (and never activates another
    /// notification daemon installed on the machine).
    pub fn start(address: &str) -> NotificationServer {
        Self::start_with(address, false)
    }

    /// Starts a server that answers every `Notify` with an error, as a broken desktop would.
    pub fn refusing(address: &str) -> NotificationServer {
        Self::start_with(address, true)
    }

    fn start_with(address: &str, refuse: bool) -> NotificationServer {
        let received = Arc::new(Mutex::new(Vec::new()));
        let (commands, mut inbox) = tokio::sync::mpsc::unbounded_channel::<Command>();
        let (ready, is_ready) = std::sync::mpsc::channel();
        let address = address.to_owned();
        let server = Server {
            received: received.clone(),
            refuse,
        };
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime for the notification server");
            runtime.block_on(async move {
                let connection = zbus::connection::Builder::address(address.as_str())
                    .serve_at(PATH, server)
                    .name(NAME)
                    .build()
                    .await
                    .expect("the notification server on the private bus");
                ready.send(()).expect("the test is waiting");
                while let Some(Command::Invoke(id, action, done)) = inbox.recv().await {
                    connection
                        .emit_signal(None::<&str>, PATH, NAME, "ActionInvoked", &(id, action.as_str()))
                        .await
                        .expect("ActionInvoked emitted");
                    let _ = done.send(());
                }
            });
        });
        is_ready
            .recv_timeout(crate::PATIENCE)
            .expect("the notification server took its name on the bus");
        NotificationServer { received, commands }
    }

    /// Everything received so far.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Waits (polling, up to `within`) until `count` notifications have arrived.
    pub async fn wait_for(&self, count: usize, within: Duration) -> Vec<Received> {
        let deadline = Instant::now() + within;
        loop {
            let received = self.received();
            if received.len() >= count {
                return received;
            }
            assert!(
                Instant::now() < deadline,
                "{count} notification(s) expected within {within:?}; got {received:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Clicks `action` on notification `id`, as the person would.
    pub fn invoke(&self, id: u32, action: &str) {
        let (done, is_done) = std::sync::mpsc::channel();
        self.commands
            .send(Command::Invoke(id, action.to_owned(), done))
            .unwrap_or_else(|_| panic!("the notification server is gone"));
        is_done
            .recv_timeout(crate::PATIENCE)
            .expect("the action was sent on the bus");
    }
}
