//! Tend as people install it: the release binary with no test-only settings (no WEBKIT_*
//! variables, its own data directory under a fresh HOME), on a private X display (Xvfb) and
//! session bus. Prints, for this machine:
//! - start: process spawn → first window mapped → the UI's own "ready" mark → the first settled
//!   frame (the window grabbed every 50 ms; settled = its last change before a second without
//!   one), the median of several starts after one warm-up;
//! - memory: PSS of the whole process tree 10 s after start and after 60 idle seconds, with
//!   what dominates it per process and per library;
//! - idle: CPU time and wakeups (context switches of every thread of the tree) over 60 idle
//!   seconds, window open and window closed;
//! - size: the binary and the .deb.
//!
//! `scripts/bench` builds the app and runs this (and tend-core's benchmarks). Nothing here
//! passes or fails: the budgets are printed beside the figures.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::print_stdout)]

use std::ffi::OsString;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tend_test_support::notifications::NotificationServer;
use tend_test_support::processes::{cpu_seconds, process_name, process_tree, pss_by_mapping, pss_kib};
use tend_test_support::shipped::{MapWatch, Start, context_switches, wakeups};
use tend_test_support::{Desktop, app_binary, request_close};

/// Timed starts after the warm-up; the median is reported.
const STARTS: usize = 5;
const IDLE: Duration = Duration::from_secs(60);
/// The line the shell writes when the UI says its first screen is ready.
const READY: &str = "tend: first screen ready";

/// What a person's session gives the app, and nothing a test would add; `NAME=value`
/// arguments add to it (`-- WEBKIT_DISABLE_DMABUF_RENDERER=0` measures WebKit's own default).
fn session(desktop: &Desktop, home: &Path) -> Vec<(String, OsString)> {
    let extra = std::env::args().skip(1).filter_map(|arg| {
        let (name, value) = arg.split_once('=')?;
        Some((name.to_owned(), OsString::from(value)))
    });
    let base: Vec<(&str, OsString)> = vec![
        ("DISPLAY", desktop.display.clone().into()),
        ("DBUS_SESSION_BUS_ADDRESS", desktop.bus.clone().into()),
        ("HOME", home.into()),
        ("XDG_RUNTIME_DIR", home.into()),
        ("PATH", std::env::var_os("PATH").unwrap_or_default()),
        ("LANG", std::env::var_os("LANG").unwrap_or_else(|| "C.UTF-8".into())),
    ];
    base.into_iter().map(|(k, v)| (k.to_owned(), v)).chain(extra).collect()
}

fn spawn(desktop: &Desktop, home: &Path) -> (Child, Instant) {
    let mut command = Command::new(app_binary());
    command
        .env_clear()
        .envs(session(desktop, home))
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let spawned = Instant::now();
    (command.spawn().expect("the app starts"), spawned)
}

fn stop(mut app: Child) {
    let _ = Command::new("kill").arg(app.id().to_string()).status();
    let _ = app.wait();
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

fn main() {
    let desktop = Desktop::start();
    let _server = NotificationServer::start(&desktop.bus);
    let home = tempfile::tempdir().unwrap();

    // Starts: one warm-up (it creates the database and fills the page cache), then the timed.
    let mut starts: Vec<Start> = Vec::new();
    for run in 0..=STARTS {
        let watch = MapWatch::new(&desktop.display);
        let (mut app, spawned) = spawn(&desktop, home.path());
        let start = watch.follow(&mut app, spawned, READY);
        stop(app);
        if run > 0 {
            starts.push(start);
        }
    }
    let pick = |f: fn(&Start) -> Duration| median(starts.iter().map(|s| ms(f(s))).collect());
    println!(
        "Tend as shipped ({}), median of {STARTS} starts after a warm-up:",
        app_binary().display()
    );
    println!(
        "  first window mapped:  {:>7.0} ms   (budget ≤ 150 ms)",
        pick(|s| s.mapped)
    );
    // The page's own steps, from the ready line: where the time before "ready" goes.
    if let Some(first) = starts.first() {
        for (i, (name, _)) in first.steps.iter().enumerate() {
            let values: Vec<f64> = starts.iter().filter_map(|s| s.steps.get(i)).map(|(_, v)| *v).collect();
            if !values.is_empty() {
                let label = format!("{name}:");
                println!("    {label:<18} {:>7.0} ms   (on Tend's own clock)", median(values));
            }
        }
    }
    println!("  UI ready:             {:>7.0} ms", pick(|s| s.ready));
    println!(
        "  first settled frame:  {:>7.0} ms   (budget ≤ 500 ms)",
        pick(|s| s.settled)
    );
    let all: Vec<String> = starts.iter().map(|s| format!("{:.0}", ms(s.settled))).collect();
    println!("  settled, every start: {} ms", all.join(", "));

    // One more start, left running: memory and idle, window open and then closed.
    let watch = MapWatch::new(&desktop.display);
    let (mut app, spawned) = spawn(&desktop, home.path());
    watch.follow(&mut app, spawned, READY);
    let pid = app.id();
    std::thread::sleep(Duration::from_secs(10).saturating_sub(spawned.elapsed()));
    let tree = process_tree(pid);
    println!("\nMemory, window open:");
    println!(
        "  PSS 10 s after start:        {:>6.1} MiB   (budget ≤ 150 MB)",
        mib(pss_kib(&tree))
    );
    let open = idle(pid);
    report("Idle with the window open", &open, "≤ 0.01 s CPU per idle minute");
    dominated_by(&process_tree(pid));

    request_close(&desktop.display);
    let deadline = Instant::now() + Duration::from_secs(30);
    while process_tree(pid).len() > 1 {
        assert!(Instant::now() < deadline, "WebKit's processes exited");
        std::thread::sleep(Duration::from_millis(100));
    }
    let closed = idle(pid);
    report(
        "Idle with the window closed (tray only)",
        &closed,
        "tray-only PSS ≤ 30 MB",
    );
    dominated_by(&[pid]);
    stop(app);

    println!("\nSize:");
    let binary = std::fs::metadata(app_binary()).map(|m| m.len()).unwrap_or(0);
    println!(
        "  binary (stripped): {:>5.1} MiB   (goal ≤ 10 MB)",
        binary as f64 / 1048576.0
    );
    for deb in debs() {
        let size = std::fs::metadata(&deb).map(|m| m.len()).unwrap_or(0);
        println!(
            "  {}: {:.1} MiB",
            deb.file_name().unwrap_or_default().to_string_lossy(),
            size as f64 / 1048576.0
        );
    }
}

struct Idle {
    names: Vec<String>,
    cpu: f64,
    app_cpu: f64,
    switches: u64,
    pss_kib: u64,
}

/// Waits for the tree to go quiet (under 10 ms CPU in a second), then measures [`IDLE`].
fn idle(pid: u32) -> Idle {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let before = cpu_seconds(&process_tree(pid));
        std::thread::sleep(Duration::from_secs(1));
        if cpu_seconds(&process_tree(pid)) - before < 0.01 || Instant::now() > deadline {
            break;
        }
    }
    let tree = process_tree(pid);
    let (cpu, app_cpu, switches) = (cpu_seconds(&tree), cpu_seconds(&[pid]), context_switches(&tree));
    std::thread::sleep(IDLE);
    let after = process_tree(pid);
    Idle {
        names: after.iter().map(|p| process_name(*p)).collect(),
        cpu: cpu_seconds(&after) - cpu,
        app_cpu: cpu_seconds(&[pid]) - app_cpu,
        switches: wakeups(&switches, &context_switches(&after)),
        pss_kib: pss_kib(&after),
    }
}

fn report(title: &str, f: &Idle, budget: &str) {
    println!("\n{title}, {} s ({budget}):", IDLE.as_secs());
    println!("  processes: {}", f.names.join(", "));
    println!(
        "  CPU, whole tree:      {:.3} s (app process {:.3} s)",
        f.cpu, f.app_cpu
    );
    println!("  wakeups (context switches, every thread of the tree): {}", f.switches);
    println!("  PSS after, whole tree: {:.1} MiB", mib(f.pss_kib));
}

/// The largest parts of each process's PSS.
fn dominated_by(tree: &[u32]) {
    for pid in tree {
        println!(
            "  {} — {:.1} MiB, largest parts:",
            process_name(*pid),
            mib(pss_kib(&[*pid]))
        );
        for (mapping, kib) in pss_by_mapping(*pid).into_iter().take(6) {
            let name = Path::new(&mapping)
                .file_name()
                .map_or(mapping.clone(), |n| n.to_string_lossy().into_owned());
            println!("    {:>6.1} MiB  {name}", mib(kib));
        }
    }
}

fn debs() -> Vec<std::path::PathBuf> {
    let dir = app_binary().parent().map(|p| p.join("bundle/deb")).unwrap_or_default();
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "deb"))
                .collect()
        })
        .unwrap_or_default()
}
