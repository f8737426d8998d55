//! Watching the app as shipped start on an X display: when its first window is mapped, when the
//! UI says it is ready, and when the window stops changing (grabbed every 50 ms).

use std::io::{BufRead, BufReader};
use std::process::Child;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use x11rb::connection::Connection as _;
use x11rb::protocol::Event;
use x11rb::protocol::xproto::{
    AtomEnum, ChangeWindowAttributesAux, ConnectionExt as _, EventMask, ImageFormat, Window,
};

/// How often the window is grabbed while it settles.
pub const GRAB_EVERY: Duration = Duration::from_millis(50);
/// How long the window must stay unchanged to count as settled.
pub const STILL_FOR: Duration = Duration::from_secs(1);

/// The moments of one start, from the process's spawn.
#[derive(Debug, Clone)]
pub struct Start {
    pub mapped: Duration,
    pub ready: Duration,
    pub settled: Duration,
    /// The steps of the page the ready line names ("page began 210"), in ms after start.
    pub steps: Vec<(String, f64)>,
}

/// The named figures in the ready line's brackets: `(page began 210, script ran 260)`.
pub fn steps(line: &str) -> Vec<(String, f64)> {
    let Some(inner) = line.split_once('(').and_then(|(_, rest)| rest.split_once(')')) else {
        return Vec::new();
    };
    inner
        .0
        .split(", ")
        .filter_map(|step| {
            let (name, value) = step.rsplit_once(' ')?;
            Some((name.to_owned(), value.parse().ok()?))
        })
        .collect()
}

/// Listens on `display` for windows being mapped; make it before spawning the app.
pub struct MapWatch {
    conn: x11rb::rust_connection::RustConnection,
}

impl std::fmt::Debug for MapWatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MapWatch")
    }
}

impl MapWatch {
    pub fn new(display: &str) -> MapWatch {
        let (conn, screen) = x11rb::connect(Some(display)).expect("the bench's X display");
        let root = conn.setup().roots[screen].root;
        let mask = ChangeWindowAttributesAux::new().event_mask(EventMask::SUBSTRUCTURE_NOTIFY);
        conn.change_window_attributes(root, &mask).unwrap().check().unwrap();
        MapWatch { conn }
    }

    /// Waits for the first top-level window titled "Tend" to be mapped; answers it and when.
    fn first_tend_window(&self, within: Duration) -> (Window, Instant) {
        let deadline = Instant::now() + within;
        loop {
            assert!(Instant::now() < deadline, "a Tend window was mapped within {within:?}");
            let Some(event) = self.conn.poll_for_event().unwrap() else {
                std::thread::sleep(Duration::from_millis(1));
                continue;
            };
            if let Event::MapNotify(map) = event {
                let at = Instant::now();
                if self.title(map.window).as_deref() == Some("Tend") {
                    return (map.window, at);
                }
            }
        }
    }

    fn title(&self, window: Window) -> Option<String> {
        let reply = self
            .conn
            .get_property(false, window, AtomEnum::WM_NAME, AtomEnum::ANY, 0, 64)
            .ok()?
            .reply()
            .ok()?;
        Some(String::from_utf8_lossy(&reply.value).into_owned())
    }

    /// A digest of what `window` shows now (None once it is gone).
    fn grab(&self, window: Window) -> Option<u64> {
        use std::hash::{Hash, Hasher};
        let geometry = self.conn.get_geometry(window).ok()?.reply().ok()?;
        let image = self
            .conn
            .get_image(ImageFormat::Z_PIXMAP, window, 0, 0, geometry.width, geometry.height, !0)
            .ok()?
            .reply()
            .ok()?;
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        image.data.hash(&mut hasher);
        Some(hasher.finish())
    }

    /// Follows the start of `app` (spawned at `spawned`, its stderr piped): mapped, ready (the
    /// line `ready_line` on stderr), and settled: the last change of the window's picture
    /// before it stayed the same for [`STILL_FOR`] after the ready mark.
    pub fn follow(&self, app: &mut Child, spawned: Instant, ready_line: &str) -> Start {
        let (ready_tx, ready_rx) = mpsc::channel();
        let stderr = app.stderr.take().expect("the app's stderr is piped");
        let ready_line = ready_line.to_owned();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if line.contains(&ready_line) {
                    let _ = ready_tx.send((Instant::now(), steps(&line)));
                }
            }
        });
        let (window, mapped) = self.first_tend_window(Duration::from_secs(60));
        let mut ready: Option<(Instant, Vec<(String, f64)>)> = None;
        let mut last_picture = None;
        let mut last_change = mapped;
        let deadline = mapped + Duration::from_secs(60);
        loop {
            let now = Instant::now();
            assert!(now < deadline, "the window settled within a minute");
            if ready.is_none() {
                ready = ready_rx.try_recv().ok();
            }
            let picture = self.grab(window);
            if picture != last_picture {
                last_picture = picture;
                last_change = now;
            }
            if let Some((ready, steps)) = &ready
                && now.duration_since(last_change.max(*ready)) >= STILL_FOR
            {
                return Start {
                    mapped: mapped - spawned,
                    ready: *ready - spawned,
                    settled: last_change - spawned,
                    steps: steps.clone(),
                };
            }
            std::thread::sleep(GRAB_EVERY.saturating_sub(now.elapsed()));
        }
    }
}

/// Context switches (voluntary and not) of every thread of `pids` just now, by thread id.
pub fn context_switches(pids: &[u32]) -> std::collections::BTreeMap<u32, u64> {
    let mut threads = std::collections::BTreeMap::new();
    for pid in pids {
        let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
            continue;
        };
        for task in tasks.flatten() {
            let Some(tid) = task.file_name().to_str().and_then(|t| t.parse::<u32>().ok()) else {
                continue;
            };
            let status = std::fs::read_to_string(task.path().join("status")).unwrap_or_default();
            let switches = status
                .lines()
                .filter(|l| l.starts_with("voluntary_ctxt_switches") || l.starts_with("nonvoluntary_ctxt_switches"))
                .filter_map(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
                .sum::<u64>();
            threads.insert(tid, switches);
        }
    }
    threads
}

/// How many times the threads woke between two readings of [`context_switches`] (a thread
/// that started in between counts from zero; one that ended counts as far as it was seen).
pub fn wakeups(before: &std::collections::BTreeMap<u32, u64>, after: &std::collections::BTreeMap<u32, u64>) -> u64 {
    after
        .iter()
        .map(|(tid, n)| n.saturating_sub(before.get(tid).copied().unwrap_or(0)))
        .sum()
}
