//! Reminders in the real app, on a private session bus with a notification server of the
//! test's own: a reminder set in the window arrives when it should, its actions reach Tend, a
//! refused notification is shown gently in the app, and a real daemon (dunst) draws one.
//!
//! With `TEND_SCREENSHOTS=DIR` set, each test also saves the screens it reaches there.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Stdio};
use std::time::Duration;

use chrono::{DurationRound, Local, TimeDelta, Timelike, Utc};
use tend_core::reminders::{ReminderKind, ReminderSettings, SETTINGS_FILE};
use tend_test_support::notifications::{NotificationServer, Received};
use tend_test_support::{App, Desktop, app_binary, bus_names, eventually, seed_daily_reminder};

async fn open_reminders(app: &App) {
    app.click("button[name=nav-reminders]").await;
    app.displayed("[data-testid=next-reminder]").await;
}

/// What every notification from Tend carries, whatever it says.
fn assert_from_tend(received: &Received) {
    assert_eq!(received.app_name, "Tend");
    assert_eq!(received.desktop_entry.as_deref(), Some("Tend"));
    let keys: Vec<(&str, &str)> = received.actions.iter().map(|(k, l)| (k.as_str(), l.as_str())).collect();
    assert!(keys.contains(&("check_in", "Check in")), "{keys:?}");
    assert!(keys.contains(&("snooze", "Snooze")), "{keys:?}");
    let icon = std::fs::read(&received.app_icon).expect("the icon is a readable file");
    assert!(icon.starts_with(b"\x89PNG"), "the icon is a PNG");
}

#[tokio::test(flavor = "current_thread")]
async fn a_reminder_set_in_the_window_arrives_and_snooze_reaches_tend() {
    let desktop = Desktop::start();
    let server = NotificationServer::start(&desktop.bus);
    let data = tempfile::tempdir().unwrap();
    let app = desktop.launch(&app_binary(), data.path()).await;
    open_reminders(&app).await;
    app.shows(
        "[data-testid=next-reminder]",
        "No reminders are planned yet. You could add one below.",
    )
    .await;

    app.click("button[name=add-rule]").await;
    app.click("select[name=kind] option[value=presence]").await;
    // The next whole minute at least 15 seconds away: enough to type and save before it.
    let at = (Local::now() + TimeDelta::seconds(75))
        .duration_trunc(TimeDelta::minutes(1))
        .unwrap();
    let hhmm = at.format("%H:%M").to_string();
    app.replace_text("input[name=time]", &hhmm).await;
    app.click("button[name=save-reminders]").await;
    app.shows("[role=status]", "Saved.").await;
    let day = if at.date_naive() == Local::now().date_naive() {
        "today"
    } else {
        "tomorrow"
    };
    app.shows(
        "[data-testid=next-reminder]",
        &format!("Next reminder: {day} at {hhmm} · Being present."),
    )
    .await;
    app.screenshot("reminders-settings").await;

    let received = server.wait_for(1, Duration::from_secs(120)).await;
    assert!(Local::now() >= at, "not before its time ({hhmm})");
    let reminder = &received[0];
    assert_from_tend(reminder);
    assert_eq!(reminder.summary, "Being present");
    assert!(
        ReminderKind::Presence.default_lines().contains(&reminder.body.as_str()),
        "{:?} is one of Tend's own presence lines",
        reminder.body
    );

    // Snooze on the notification holds it back ten minutes; the window says so.
    server.invoke(reminder.id, "snooze");
    let back = (at + TimeDelta::minutes(10)).format("%H:%M").to_string();
    let snoozed = eventually("the snooze to show", || async {
        let texts = app.texts("[data-testid=snoozed]").await;
        texts
            .into_iter()
            .find(|t| t.starts_with("A snoozed reminder comes back"))
    })
    .await;
    let minute_after = (at + TimeDelta::minutes(11)).format("%H:%M").to_string();
    assert!(
        snoozed.ends_with(&format!("at {back}.")) || snoozed.ends_with(&format!("at {minute_after}.")),
        "{snoozed:?} names about ten minutes after {hhmm}"
    );
    app.screenshot("reminders-snoozed").await;

    // Settings, state and the snooze live in their own private file.
    let file = data.path().join(SETTINGS_FILE);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("\"presence\"") && text.contains("\"snoozed\""), "{text}");
    assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    assert_eq!(server.received().len(), 1, "one reminder, not a burst");
    app.quit().await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_test_reminder_arrives_and_check_in_on_it_opens_the_check_in() {
    let desktop = Desktop::start();
    let server = NotificationServer::start(&desktop.bus);
    let data = tempfile::tempdir().unwrap();
    let app = desktop.launch(&app_binary(), data.path()).await;
    open_reminders(&app).await;
    app.click("button[name=send-test]").await;
    app.shows("[role=status]", "Sent. It should appear on your screen in a moment.")
        .await;
    let received = server.wait_for(1, Duration::from_secs(30)).await;
    assert_from_tend(&received[0]);
    assert_eq!(received[0].summary, "A test reminder from Tend");

    app.click("button[name=nav-journal]").await;
    server.invoke(received[0].id, "check_in");
    app.displayed("button[name=nav-check-in][aria-current=page]").await;
    app.displayed("button[name=save]").await;
    app.quit().await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_reminder_that_cannot_be_shown_is_said_gently_in_the_app() {
    let desktop = Desktop::start();
    let _server = NotificationServer::refusing(&desktop.bus);
    let data = tempfile::tempdir().unwrap();
    // A reminder that came due five minutes ago while Tend was closed, with an hour to catch
    // up: Tend delivers it as it starts, and this desktop refuses it.
    let now = Utc::now();
    let at = (Local::now() - TimeDelta::minutes(5))
        .time()
        .with_nanosecond(0)
        .unwrap();
    seed_daily_reminder(data.path(), ReminderKind::CheckIn, at, 60, now - TimeDelta::days(1));

    let app = desktop.launch(&app_binary(), data.path()).await;
    open_reminders(&app).await;
    let trouble = app
        .displayed("[data-testid=reminder-trouble]")
        .await
        .text()
        .await
        .unwrap();
    assert!(trouble.contains("couldn't be shown"), "{trouble}");
    assert!(tend_core::tone::findings(&trouble).is_empty(), "{trouble}");
    // It was counted as delivered, so it doesn't come again and again.
    let saved = ReminderSettings::load(data.path()).unwrap();
    assert!(saved.state.last[&1] > now, "{:?}", saved.state);

    app.click("button[name=send-test]").await;
    let words = tend_core::Error::Notification(String::new()).user_message();
    app.shows("[role=alert].problem", &words).await;
    app.screenshot("reminders-trouble").await;
    app.quit().await;
}

/// dunst, a real notification daemon, draws Tend's reminder on the X display.
#[tokio::test(flavor = "current_thread")]
async fn dunst_draws_a_reminder() {
    let desktop = Desktop::start();
    let mut dunst = Command::new("dunst");
    dunst.stdout(Stdio::null()).stderr(Stdio::null());
    for (key, value) in desktop.env() {
        dunst.env(key, value);
    }
    let mut dunst = dunst.spawn().expect("dunst (apt package dunst) starts");
    eventually("dunst to own the notification name", || async {
        bus_names(&desktop.bus)
            .contains("\"org.freedesktop.Notifications\"")
            .then_some(())
    })
    .await;

    let data = tempfile::tempdir().unwrap();
    let app = desktop.launch(&app_binary(), data.path()).await;
    open_reminders(&app).await;
    app.click("button[name=send-test]").await;
    app.shows("[role=status]", "Sent. It should appear on your screen in a moment.")
        .await;
    eventually("dunst's window on the display", || async {
        let tree = Command::new("xwininfo")
            .args(["-root", "-tree", "-display", &desktop.display])
            .output()
            .ok()?;
        let tree = String::from_utf8_lossy(&tree.stdout).to_lowercase();
        tree.lines()
            .any(|line| line.contains("dunst") && !line.contains("1x1+"))
            .then_some(())
    })
    .await;
    app.screenshot("reminder-notification").await;
    app.quit().await;
    let _ = dunst.kill();
    let _ = dunst.wait();
}

/// A reminder file Tend can't read is set aside under a dated name, kept byte for byte, and
/// said gently on the Reminders screen; setting reminders again then writes a fresh file.
#[tokio::test(flavor = "current_thread")]
async fn an_unreadable_settings_file_is_kept_aside_and_said_gently() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().unwrap();
    let damaged = b"{\"rules\": [{\"id\": 1, \"kind\": \"presence\", \"schedule\": {\"type\"";
    std::fs::write(data.path().join(SETTINGS_FILE), damaged).unwrap();
    let app = desktop.launch(&app_binary(), data.path()).await;
    open_reminders(&app).await;
    app.shows_part("[data-testid=reminder-notice]", "couldn't read its reminder settings")
        .await;
    let notice = app
        .displayed("[data-testid=reminder-notice]")
        .await
        .text()
        .await
        .unwrap();
    assert!(tend_core::tone::findings(&notice).is_empty(), "{notice}");
    app.screenshot("reminders-set-aside").await;
    let aside: Vec<_> = std::fs::read_dir(data.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.starts_with("reminders-unreadable-"))
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert!(notice.contains(&aside[0]), "the screen names the file: {notice}");
    assert_eq!(std::fs::read(data.path().join(&aside[0])).unwrap(), damaged);
    app.quit().await;
}
