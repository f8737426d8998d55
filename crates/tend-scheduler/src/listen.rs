//! What comes back over D-Bus: a notification's action (session bus); going to sleep and
//! resuming (logind's `PrepareForSleep`, system bus); the session being locked (logind's `Lock`,
//! system bus) and the screen saver starting (`ActiveChanged`, session bus). Each is one stream,
//! listened to once; without a bus it simply ends. logind's signals count only when they come
//! from the owner of logind's name, so no other program on the bus can stand in for it (any
//! session's `Lock` locks Tend: a lock too many is harmless).

use std::sync::Arc;

use futures_util::StreamExt;

use crate::{Scheduler, lock};

/// logind's name on the system bus.
const LOGIND: &str = "org.freedesktop.login1";

/// Whether `message` was sent by the program that owns logind's name just now. The bus routes a
/// broadcast by the match rule's sender, but a signal sent to Tend directly skips match rules, so
/// the sender is checked here as well.
async fn from_logind(connection: &zbus::Connection, message: &zbus::Message) -> bool {
    let Ok(dbus) = zbus::fdo::DBusProxy::new(connection).await else {
        return false;
    };
    let Ok(name) = zbus::names::BusName::try_from(LOGIND) else {
        return false;
    };
    let Ok(owner) = dbus.get_name_owner(name).await else {
        return false;
    };
    message
        .header()
        .sender()
        .is_some_and(|sender| sender.as_str() == owner.as_str())
}

/// The `member` signals of `interface` on `connection`, as one stream holding up to `queue`.
async fn signals(
    connection: zbus::Result<zbus::Connection>,
    interface: &'static str,
    member: &'static str,
    queue: usize,
) -> zbus::Result<zbus::MessageStream> {
    signals_from(connection, None, interface, member, queue).await
}

/// As [`signals`], only those `sender` sends (a well-known name, which the bus resolves).
async fn signals_from(
    connection: zbus::Result<zbus::Connection>,
    sender: Option<&'static str>,
    interface: &'static str,
    member: &'static str,
    queue: usize,
) -> zbus::Result<zbus::MessageStream> {
    let connection = connection?;
    let mut rule = zbus::MatchRule::builder()
        .msg_type(zbus::message::Type::Signal)
        .interface(interface)?
        .member(member)?;
    if let Some(sender) = sender {
        rule = rule.sender(sender)?;
    }
    let rule = rule.build();
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
                tracing::warn!(%error, "notification actions are unavailable");
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

    /// Locks Tend when the computer is going to sleep (logind's `PrepareForSleep` with `true`),
    /// and wakes the scheduler when it resumes (`false`), so a reminder due during sleep is
    /// handled at once rather than within the minute. Without a system bus (a container), the
    /// minute's re-check covers it.
    pub(crate) async fn follow_sleep(self: Arc<Self>) {
        let connection = zbus::Connection::system().await;
        let stream = signals_from(
            connection,
            Some(LOGIND),
            "org.freedesktop.login1.Manager",
            "PrepareForSleep",
            4,
        );
        let Ok(mut stream) = stream.await else { return };
        while let Some(Ok(message)) = stream.next().await {
            match message.body().deserialize::<bool>() {
                Ok(true) => self.host.lock(),
                Ok(false) => self.wake.notify_one(),
                Err(_) => {}
            }
        }
    }

    /// Locks Tend when the session is locked: logind's `Lock` for a session (system bus).
    pub(crate) async fn lock_with_session(self: Arc<Self>) {
        let Ok(connection) = zbus::Connection::system().await else {
            return;
        };
        let stream = signals_from(
            Ok(connection.clone()),
            Some(LOGIND),
            "org.freedesktop.login1.Session",
            "Lock",
            4,
        );
        let Ok(mut stream) = stream.await else { return };
        while let Some(Ok(message)) = stream.next().await {
            if from_logind(&connection, &message).await {
                self.host.lock();
            }
        }
    }

    /// Locks Tend when the screen saver starts (`ActiveChanged(true)` of the freedesktop or
    /// GNOME screen saver, session bus), where the desktop has one.
    pub(crate) async fn lock_with_screen_saver(self: Arc<Self>, interface: &'static str) {
        let connection = zbus::Connection::session().await;
        let stream = signals(connection, interface, "ActiveChanged", 4);
        let Ok(mut stream) = stream.await else { return };
        while let Some(Ok(message)) = stream.next().await {
            if message.body().deserialize::<bool>().is_ok_and(|active| active) {
                self.host.lock();
            }
        }
    }
}
