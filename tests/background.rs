//! Tend with its window closed, in the real app on a private desktop: the window goes and
//! WebKit's processes with it while the app keeps running; a reminder still arrives on the bus;
//! a second launch brings the window back where the person was, with the draft they left.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use chrono::{DurationRound, Local, TimeDelta, Utc};
use tend_core::Store;
use tend_core::reminders::{ReminderKind, ReminderSettings};
use tend_test_support::notifications::NotificationServer;
use tend_test_support::tray::TrayHost;
use tend_test_support::{
    Desktop, app_binary, bus_names, eventually, request_close, screen_painted, seed, seed_daily_reminder, unique,
    wait_for_exit, window_shown,
};

#[tokio::test(flavor = "current_thread")]
async fn closing_keeps_tend_running_and_a_second_launch_brings_it_back() {
    let desktop = Desktop::start();
    let server = NotificationServer::start(&desktop.bus);
    let data = tempfile::tempdir().unwrap();
    // A reminder at the next whole minute at least 30 seconds away: after the window is closed.
    let at = (Local::now() + TimeDelta::seconds(90))
        .duration_trunc(TimeDelta::minutes(1))
        .unwrap();
    seed_daily_reminder(data.path(), ReminderKind::QualityTime, at.time(), 0, Utc::now());

    let app = desktop.launch(&app_binary(), data.path()).await;
    let words = unique("Half a thought, left for later");
    app.click("button[name=nav-journal]").await;
    app.click("button[name=new-entry]").await;
    app.type_into("[data-testid=journal-editor] .cm-content", &words).await;
    let before = app.processes();
    assert!(
        before.iter().any(|(_, name)| name.starts_with("WebKitWebProces")),
        "a web process while the window is open: {before:?}"
    );

    app.request_close();
    app.window_gone().await;
    assert!(!window_shown(&desktop.display), "no window titled Tend on the screen");

    // Xvfb runs no tray, so the first close says in one gentle line where Tend went; then the
    // scheduler, running on without a window, delivers the reminder.
    let received = server.wait_for(2, Duration::from_secs(150)).await;
    assert!(Local::now() >= at, "not before its time");
    assert_eq!(received[0].summary, "Tend is still here");
    assert!(received[0].body.contains("Quit Tend"), "{:?}", received[0].body);
    assert!(received[0].actions.is_empty(), "nothing to check in on or snooze");
    assert!(tend_core::tone::findings(&received[0].body).is_empty());
    let reminder = &received[1];
    assert_eq!(reminder.summary, "Time together");
    assert_eq!(reminder.app_name, "Tend");
    assert!(
        ReminderKind::QualityTime
            .default_lines()
            .contains(&reminder.body.as_str())
    );

    // A second launch hands over to the running Tend and leaves.
    let mut second = desktop.command(&app_binary(), data.path());
    let status = second.status().expect("a second launch runs");
    assert!(status.success(), "the second launch exits cleanly: {status}");
    assert!(tend_test_support::is_running(app.pid), "the first Tend runs on");

    // The window is back, with a web process again. WebDriver's session ended with the window
    // it drove (WebKitWebDriver does not adopt a webview created after that), so what the new
    // window shows is checked in the screenshot, and the draft in the database.
    eventually("the window to open again", || async {
        let web = app
            .processes()
            .iter()
            .any(|(_, name)| name.starts_with("WebKitWebProces"));
        (web && window_shown(&desktop.display)).then_some(())
    })
    .await;
    let entries = Store::open(data.path()).unwrap().journal(None, 10).unwrap().entries;
    let bodies: Vec<String> = entries.iter().map(|e| e.body.replace('\u{a0}', " ")).collect();
    assert_eq!(bodies, [words], "the draft, whole, once");
    eventually("the reopened window to paint its page", || async {
        screen_painted(&desktop.display).then_some(())
    })
    .await;
    app.screenshot("background-reopened").await;
    app.terminate().await;
}

/// Clicks the start-at-login checkbox, scrolled to the middle of the window first so the
/// sticky save bar doesn't cover it.
async fn toggle_autostart(app: &tend_test_support::App) {
    let toggle = app.displayed("input[name=autostart]").await;
    let element = serde_json::to_value(&toggle).unwrap();
    app.client
        .execute(
            "arguments[0].scrollIntoView({block: 'center'}); return null;",
            vec![element],
        )
        .await
        .unwrap();
    toggle.click().await.unwrap();
}

/// "Start Tend when I log in" writes the login entry (in this test's own HOME) and removes it;
/// started that way, Tend runs without a window until a second launch opens it.
#[tokio::test(flavor = "current_thread")]
async fn start_at_login_is_off_until_chosen_and_starts_without_a_window() {
    let desktop = Desktop::start();
    let _server = NotificationServer::start(&desktop.bus);
    let data = tempfile::tempdir().unwrap();
    let entry = desktop.home.path().join(".config/autostart/Tend.desktop");
    let app = desktop.launch(&app_binary(), data.path()).await;
    app.click("button[name=nav-reminders]").await;
    let toggle = app.displayed("input[name=autostart]").await;
    assert_eq!(
        toggle.prop("checked").await.unwrap().as_deref(),
        Some("false"),
        "off by default"
    );
    assert!(!entry.exists(), "no login entry until chosen");

    toggle_autostart(&app).await;
    let text = eventually("the login entry", || async { std::fs::read_to_string(&entry).ok() }).await;
    assert!(text.contains("--hidden"), "{text}");
    app.screenshot("reminders-background").await;
    toggle_autostart(&app).await;
    eventually("the login entry to go", || async { (!entry.exists()).then_some(()) }).await;
    toggle_autostart(&app).await;
    eventually("the login entry again", || async { entry.exists().then_some(()) }).await;
    app.quit().await;

    // Started as the login entry starts it: running, no window, no WebKit.
    let mut hidden = desktop.command(&app_binary(), data.path());
    hidden.arg("--hidden");
    let mut hidden = hidden.spawn().expect("Tend starts hidden");
    let pid = hidden.id();
    let tree = || tend_test_support::processes::process_tree(pid);
    // Its tray and scheduler are up once it holds the single-instance name on the bus.
    eventually("the hidden Tend to be ready", || async {
        bus_names(&desktop.bus).contains("app.tend.desktop").then_some(())
    })
    .await;
    assert!(!window_shown(&desktop.display), "no window when started at login");
    assert_eq!(tree(), vec![pid], "no WebKit process when started at login");

    let mut second = desktop.command(&app_binary(), data.path());
    assert!(second.status().unwrap().success());
    eventually("the window to open", || async {
        window_shown(&desktop.display).then_some(())
    })
    .await;
    let _ = Command::new("kill").arg(pid.to_string()).status();
    let _ = hidden.wait();
}

/// The tray menu, read through the menu Tend exports on the bus (a stand-in tray host owns the
/// watcher name, since Xvfb has no panel): every item, and what each does.
#[tokio::test(flavor = "current_thread")]
async fn the_tray_menu_opens_checks_in_pauses_resumes_and_quits() {
    let desktop = Desktop::start();
    let _server = NotificationServer::start(&desktop.bus);
    let tray = TrayHost::start(&desktop.bus).await;
    let data = tempfile::tempdir().unwrap();
    let app = desktop.launch(&app_binary(), data.path()).await;
    let labels: Vec<String> = tray
        .entries()
        .await
        .into_iter()
        .filter(|e| !e.separator)
        .map(|e| e.label)
        .collect();
    assert_eq!(
        labels,
        [
            "Open Tend",
            "Check in now",
            "Pause reminders for an hour",
            "Pause until tomorrow morning",
            "Resume reminders",
            "Lock Tend",
            "Quit Tend"
        ]
    );

    app.click("button[name=nav-reminders]").await;
    // The screen is up (and listening for changes) before the tray changes anything: a pause
    // that came while it was still loading could be missed by both its first read and its
    // listener.
    app.shows(
        "[data-testid=next-reminder]",
        "No reminders are planned yet. You could add one below.",
    )
    .await;
    tray.click("Pause reminders for an hour").await;
    eventually("the pause to show", || async {
        let text = app.texts("[data-testid=next-reminder]").await.join("");
        text.starts_with("Reminders are paused until").then_some(())
    })
    .await;
    assert!(ReminderSettings::load(data.path()).unwrap().state.pause.is_some());
    tray.click("Resume reminders").await;
    app.shows(
        "[data-testid=next-reminder]",
        "No reminders are planned yet. You could add one below.",
    )
    .await;
    assert_eq!(ReminderSettings::load(data.path()).unwrap().state.pause, None);
    tray.click("Pause until tomorrow morning").await;
    eventually("the pause until morning", || async {
        let text = app.texts("[data-testid=next-reminder]").await.join("");
        text.contains("08:00").then_some(())
    })
    .await;

    tray.click("Check in now").await;
    app.displayed("button[name=nav-check-in][aria-current=page]").await;
    tray.click("Quit Tend").await;
    wait_for_exit(app.pid).await;
}

/// A child process that is killed if the test ends before it exits.
struct Killed(std::process::Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Every file under `dir` and a digest of its bytes.
fn digests(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    use sha2::Digest;
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(digests(&path));
        } else {
            out.insert(
                path.clone(),
                sha2::Sha256::digest(std::fs::read(&path).unwrap()).to_vec(),
            );
        }
    }
    out
}

/// Two copies on one data directory never both write: a copy started in another session (its
/// own bus, so single-instance can't hand it over) says so in a small note and exits, having
/// changed nothing, while the first runs on.
#[tokio::test(flavor = "current_thread")]
async fn a_second_copy_on_another_bus_says_so_and_touches_nothing() {
    let first = Desktop::start();
    let data = tempfile::tempdir().unwrap();
    seed(
        data.path(),
        &[(0, tend_core::NewCheckIn::note("A quiet walk after dinner"))],
    );
    // Quiet moments come each second, so the first copy's daily backup is taken before the
    // files are hashed (nothing else of its own is written while nothing is typed).
    let app = first
        .launch_with(&app_binary(), data.path(), &[("TEND_CHECKPOINT_SECONDS", "1")])
        .await;
    app.displayed(".check-in-form").await;
    eventually("the first copy's daily backup", || async {
        (!tend_core::store::list_backups(data.path()).is_empty()).then_some(())
    })
    .await;
    let before = digests(data.path());

    let second = Desktop::start();
    let mut copy = Killed(
        second
            .command(&app_binary(), data.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    eventually("the second copy's note to show", || async {
        window_shown(&second.display).then_some(())
    })
    .await;
    if let Some(dir) = std::env::var_os("TEND_SCREENSHOTS") {
        std::fs::create_dir_all(&dir).unwrap();
        let shot = Path::new(&dir).join("second-copy.png");
        Command::new("import")
            .args(["-display", &second.display, "-window", "root"])
            .arg(shot)
            .status()
            .unwrap();
    }
    request_close(&second.display);
    let deadline = std::time::Instant::now() + tend_test_support::PATIENCE;
    let status = loop {
        if let Some(status) = copy.0.try_wait().unwrap() {
            break status;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the second copy is still running after its note was closed"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "it exits cleanly: {status}");
    assert_eq!(digests(data.path()), before, "the second copy changed nothing");
    assert!(tend_test_support::is_running(app.pid), "the first Tend runs on");
    app.displayed(".check-in-form").await;
    app.quit().await;
}
