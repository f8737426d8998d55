//! What the idle app costs between reminders: CPU time over 60 seconds, how often the scheduler
//! wakes, and memory (PSS over the process tree). The real release binary runs under Xvfb on a
//! private bus with a notification server of our own, and a reminder set for tomorrow.
//!
//! `cargo bench -p tend --bench idle` (after `tauri build`, which scripts/test runs). Prints
//! figures; targets are in the table, and nothing here passes or fails on them.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::print_stdout)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{Local, TimeDelta, Timelike, Utc, Weekday};
use tend_core::reminders::{ReminderKind, ReminderRule, ReminderSettings, Schedule};
use tend_test_support::notifications::NotificationServer;
use tend_test_support::processes::{cpu_seconds, process_name, process_tree, pss_kib};
use tend_test_support::{Desktop, app_binary};

const IDLE: Duration = Duration::from_secs(60);

fn main() {
    let desktop = Desktop::start();
    let _server = NotificationServer::start(&desktop.bus);
    let data = tempfile::tempdir().unwrap();
    // One reminder a day, an hour before now: the next is nearly a day away.
    let mut settings = ReminderSettings {
        rules: vec![ReminderRule {
            id: 1,
            kind: ReminderKind::QualityTime,
            schedule: Schedule::Times {
                times: vec![(Local::now() - TimeDelta::hours(1)).time().with_second(0).unwrap()],
                days: vec![
                    Weekday::Mon,
                    Weekday::Tue,
                    Weekday::Wed,
                    Weekday::Thu,
                    Weekday::Fri,
                    Weekday::Sat,
                    Weekday::Sun,
                ],
            },
            catch_up_minutes: 0,
            enabled: true,
        }],
        ..Default::default()
    };
    settings.state.last.insert(1, Utc::now());
    settings.save(data.path()).unwrap();

    let mut app = Command::new(app_binary());
    app.env("TEND_DATA_DIR", data.path())
        .env("TEND_TRACE_SCHEDULER", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for (key, value) in desktop.env() {
        app.env(key, value);
    }
    let mut app = app.spawn().expect("the app starts");
    let pid = app.id();
    let wakes = Arc::new(Mutex::new(Vec::<Instant>::new()));
    let stderr = app.stderr.take().unwrap();
    let seen = wakes.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if line.contains("scheduler wake") {
                seen.lock().unwrap().push(Instant::now());
            }
        }
    });

    // Started when its window is on the display and its CPU use has settled (under 10 ms in
    // a second), polled rather than guessed.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let tree = Command::new("xwininfo")
            .args(["-root", "-tree", "-display", &desktop.display])
            .output()
            .unwrap();
        if String::from_utf8_lossy(&tree.stdout).contains("\"Tend\"") {
            break;
        }
        assert!(Instant::now() < deadline, "the window appeared");
        std::thread::sleep(Duration::from_millis(100));
    }
    loop {
        let before = cpu_seconds(&process_tree(pid));
        std::thread::sleep(Duration::from_secs(1));
        if cpu_seconds(&process_tree(pid)) - before < 0.01 {
            break;
        }
        assert!(Instant::now() < deadline, "the app settled");
    }

    let tree = process_tree(pid);
    let app_before = cpu_seconds(&[pid]);
    let tree_before = cpu_seconds(&tree);
    let started = Instant::now();
    std::thread::sleep(IDLE);
    let tree_after = process_tree(pid);
    let app_cpu = cpu_seconds(&[pid]) - app_before;
    let tree_cpu = cpu_seconds(&tree_after) - tree_before;
    let woke = wakes.lock().unwrap().iter().filter(|t| **t >= started).count();
    let names: Vec<String> = tree_after.iter().map(|p| process_name(*p)).collect();
    let pss = pss_kib(&tree_after);

    println!("Idle app between reminders, window open, {} s:", IDLE.as_secs());
    println!("  processes: {}", names.join(", "));
    println!("  CPU, app process:        {app_cpu:.3} s   (target ≤ 0.02 s per idle minute)");
    println!("  CPU, whole process tree: {tree_cpu:.3} s");
    println!("  scheduler wakes:         {woke}   (at most one a minute, plus one per reminder)");
    println!("  PSS, whole process tree: {:.1} MiB", pss as f64 / 1024.0);

    let _ = Command::new("kill").arg(pid.to_string()).status();
    let _ = app.wait();
}
