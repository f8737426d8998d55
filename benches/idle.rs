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

use chrono::{Local, TimeDelta, Timelike, Utc};
use tend_core::reminders::ReminderKind;
use tend_test_support::notifications::NotificationServer;
use tend_test_support::processes::{cpu_seconds, process_name, process_tree, pss_by_mapping, pss_kib};
use tend_test_support::{Desktop, app_binary, seed_daily_reminder};

const IDLE: Duration = Duration::from_secs(60);

fn main() {
    let desktop = Desktop::start();
    let _server = NotificationServer::start(&desktop.bus);
    let data = tempfile::tempdir().unwrap();
    // One reminder a day, an hour before now: the next is nearly a day away.
    let at = (Local::now() - TimeDelta::hours(1)).time().with_second(0).unwrap();
    seed_daily_reminder(data.path(), ReminderKind::QualityTime, at, 0, Utc::now());

    let mut app = desktop.command(&app_binary(), data.path());
    app.env("TEND_TRACE_SCHEDULER", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut app = app.spawn().expect("the app starts");
    let pid = app.id();
    let wakes = Arc::new(Mutex::new(Vec::<Instant>::new()));
    let stderr = app.stderr.take().unwrap();
    let seen = wakes.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if line.contains("scheduler wake ") {
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
    settle(pid);

    let open = measure(pid, &wakes);
    report("Idle app between reminders, window open", &open);

    // Closed to the tray: the webview is destroyed and WebKit's processes exit.
    tend_test_support::request_close(&desktop.display);
    let deadline = Instant::now() + Duration::from_secs(30);
    while process_tree(pid).len() > 1 {
        assert!(Instant::now() < deadline, "WebKit's processes exited");
        std::thread::sleep(Duration::from_millis(100));
    }
    settle(pid);
    let closed = measure(pid, &wakes);
    report("Idle app between reminders, window closed (tray only)", &closed);
    println!("  what the tray-only PSS is made of (largest first):");
    for (mapping, kib) in pss_by_mapping(pid).into_iter().take(10) {
        println!("    {:>7.1} MiB  {mapping}", kib as f64 / 1024.0);
    }

    let _ = Command::new("kill").arg(pid.to_string()).status();
    let _ = app.wait();
}

struct Figures {
    names: Vec<String>,
    app_cpu: f64,
    tree_cpu: f64,
    wakes: usize,
    pss_kib: u64,
}

/// Waits until the tree's CPU use has settled (under 10 ms in a second), polled.
fn settle(pid: u32) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let before = cpu_seconds(&process_tree(pid));
        std::thread::sleep(Duration::from_secs(1));
        if cpu_seconds(&process_tree(pid)) - before < 0.01 {
            return;
        }
        assert!(Instant::now() < deadline, "the app settled");
    }
}

fn measure(pid: u32, wakes: &Mutex<Vec<Instant>>) -> Figures {
    let tree = process_tree(pid);
    let app_before = cpu_seconds(&[pid]);
    let tree_before = cpu_seconds(&tree);
    let started = Instant::now();
    std::thread::sleep(IDLE);
    let tree_after = process_tree(pid);
    Figures {
        names: tree_after.iter().map(|p| process_name(*p)).collect(),
        app_cpu: cpu_seconds(&[pid]) - app_before,
        tree_cpu: cpu_seconds(&tree_after) - tree_before,
        wakes: wakes.lock().unwrap().iter().filter(|t| **t >= started).count(),
        pss_kib: pss_kib(&tree_after),
    }
}

fn report(title: &str, f: &Figures) {
    println!("{title}, {} s:", IDLE.as_secs());
    println!("  processes: {}", f.names.join(", "));
    println!(
        "  CPU, app process:        {:.3} s   (target ≤ 0.02 s per idle minute)",
        f.app_cpu
    );
    println!("  CPU, whole process tree: {:.3} s", f.tree_cpu);
    println!(
        "  scheduler wakes:         {}   (at most one a minute, plus one per reminder)",
        f.wakes
    );
    println!(
        "  PSS, whole process tree: {:.1} MiB   (tray-only target ≤ 30 MB)",
        f.pss_kib as f64 / 1024.0
    );
}
