//! What comes back over D-Bus: a notification's action (session bus) and resume from sleep
//! (logind, system bus). Each is one stream, listened to once; without a bus it simply ends.

use std::sync::Arc;

use futures_util::StreamExt;

use crate::{Scheduler, lock};

/// The `member` signals of `interface` on `connection`, as one stream holding up to `queue`.
async fn signals(
    connection: zbus::Result<zbus::Connection>,
    interface: &'static str,
    member: &'static str,
    queue: usize,
) -> zbus::Result<zbus::MessageStream> {
    let connection = connection?;
    let rule = zbus::MatchRule::builder()
        .msg_type(zbus::message::Type::Signal)
        .interface(interface)?
        .member(member)?
        .build();
    zbus::MessageStream::for_match_rule(rule, &connection, Some(queue)).await
}

impl Scheduler {
    /// Listens once for `ActionInvoked` from the notification server and acts on the actions of
    /// Tend's own notifications. Ends when its task is stopped or the bus goes away.
    pub(crate) async fn listen_for_actions(self: Arc<Self>) {
        let connection = zbus::Connection::session().await;
        let stream = signals(connection, "org.freedesktop.Notifications", "ActionInvoked", 16);
        let mut stream = match stream.await {
            Ok(stream) => stream,
            Err(error) => {
                eprintln!("tend: notification actions are unavailable: {error}");
                return;
            }
        };
        while let Some(Ok(message)) = stream.next().await {
            let Ok((id, action)) = message.body().deserialize::<(u32, String)>() else {
                continue;
            };
            let rules = lock(&self.sent)
                .iter()
                .find(|(sent, _)| *sent == id)
                .map(|(_, rules)| rules.clone());
            if let Some(rules) = rules {
                self.act(&action, &rules);
            }
        }
    }

    /// Wakes the scheduler when the computer resumes from sleep (logind's `PrepareForSleep`
    /// with `false`), so a reminder due during sleep is handled at once rather than within the
    /// minute. Without a system bus (a container, a test), the minute's re-check covers it.
    pub(crate) async fn wake_on_resume(self: Arc<Self>) {
        let connection = zbus::Connection::system().await;
        let stream = signals(connection, "org.freedesktop.login1.Manager", "PrepareForSleep", 4);
        let Ok(mut stream) = stream.await else { return };
        while let Some(Ok(message)) = stream.next().await {
            if message
                .body()
                .deserialize::<bool>()
                .is_ok_and(|going_to_sleep| !going_to_sleep)
            {
                self.wake.notify_one();
            }
        }
    }
}
