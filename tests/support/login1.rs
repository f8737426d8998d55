//! A stand-in for logind on the session's private system bus: it owns `org.freedesktop.login1`
//! and sends the signals logind sends when the computer goes to sleep or the session locks.

use zbus::Connection;

const NAME: &str = "org.freedesktop.login1";

#[allow(missing_debug_implementations)]
pub struct Login1 {
    commands: tokio::sync::mpsc::UnboundedSender<(Signal, std::sync::mpsc::Sender<()>)>,
}

enum Signal {
    PrepareForSleep(bool),
    Lock,
}

impl Login1 {
    /// Owns logind's name on the bus at `address`; returns once it does.
    pub fn start(address: &str) -> Login1 {
        let (commands, mut inbox) = tokio::sync::mpsc::unbounded_channel::<(Signal, std::sync::mpsc::Sender<()>)>();
        let (ready, is_ready) = std::sync::mpsc::channel();
        let address = address.to_owned();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime for the logind stand-in");
            runtime.block_on(async move {
                let connection: Connection = zbus::connection::Builder::address(address.as_str())
                    .name(NAME)
                    .build()
                    .await
                    .expect("the logind stand-in on the private system bus");
                ready.send(()).expect("the test is waiting");
                while let Some((signal, done)) = inbox.recv().await {
                    let sent = match signal {
                        Signal::PrepareForSleep(going) => {
                            connection
                                .emit_signal(
                                    None::<&str>,
                                    "/org/freedesktop/login1",
                                    "org.freedesktop.login1.Manager",
                                    "PrepareForSleep",
                                    &(going,),
                                )
                                .await
                        }
                        Signal::Lock => {
                            connection
                                .emit_signal(
                                    None::<&str>,
                                    "/org/freedesktop/login1/session/auto",
                                    "org.freedesktop.login1.Session",
                                    "Lock",
                                    &(),
                                )
                                .await
                        }
                    };
                    sent.expect("the signal went out");
                    let _ = done.send(());
                }
            });
        });
        is_ready.recv().expect("the logind stand-in started");
        Login1 { commands }
    }

    /// Sends `PrepareForSleep(going)`, as logind does before sleep (`true`) and after (`false`).
    pub fn prepare_for_sleep(&self, going: bool) {
        self.send(Signal::PrepareForSleep(going));
    }

    /// Sends a session's `Lock`, as logind does when the session is locked.
    pub fn lock_session(&self) {
        self.send(Signal::Lock);
    }

    fn send(&self, signal: Signal) {
        let (done, is_done) = std::sync::mpsc::channel();
        self.commands.send((signal, done)).expect("the stand-in runs");
        is_done.recv().expect("the signal was sent");
    }
}
