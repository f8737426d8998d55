//! Test support for driving the real app: a private X display (Xvfb), a private session bus,
//! a temporary HOME, and tauri-driver + WebKitWebDriver per launch. Each launch records the
//! app's process id so a test can prove the process really exited.
// Test support: a failed step should stop the test loudly, so panicking is the point.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::ffi::OsString;
use std::io::{BufRead, BufReader, Read};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;

pub use fantoccini;

pub mod disk;
pub mod login1;
pub mod notifications;
pub mod processes;
pub mod shipped;
pub mod tray;

/// How long any one thing may take before a test gives up.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// The release binary that packaging produces (`TEND_APP` overrides it).
pub fn app_binary() -> PathBuf {
    let path = std::env::var_os("TEND_APP")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/tend"));
    assert!(
        path.is_file(),
        "{} is missing: build it first (scripts/test does, with `tauri build`)",
        path.display()
    );
    path
}

/// A unique string for this run, so a test finds its own words and nothing older.
pub fn unique(label: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_nanos();
    format!("{label} {}-{nanos}", std::process::id())
}

/// Polls `check` until it returns `Some`, or panics after `PATIENCE` with `what`.
pub async fn eventually<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + PATIENCE;
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(Instant::now() < deadline, "gave up waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free local port");
    listener.local_addr().expect("a bound address").port()
}

/// A child process that is killed with its whole process group when dropped, so that
/// helpers it started (WebKitWebDriver under tauri-driver) never outlive a test.
struct Reaped(Child);

impl Reaped {
    fn spawn(command: &mut Command, what: &str) -> Reaped {
        use std::os::unix::process::CommandExt;
        Reaped(
            command
                .process_group(0)
                .spawn()
                .unwrap_or_else(|e| panic!("{what} could not start: {e}")),
        )
    }
}

impl Drop for Reaped {
    fn drop(&mut self) {
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A private desktop session: X display, session bus and HOME, all gone when dropped.
#[allow(missing_debug_implementations)]
pub struct Desktop {
    pub display: String,
    pub bus: String,
    /// A private system bus, so the app never hears the machine's own logind.
    pub system_bus: String,
    pub home: tempfile::TempDir,
    _bus: Reaped,
    _system_bus: Reaped,
    _xvfb: Reaped,
}

impl Desktop {
    pub fn start() -> Desktop {
        let mut xvfb = Reaped::spawn(
            Command::new("Xvfb")
                .args(["-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
                .stdout(Stdio::piped())
                .stderr(Stdio::null()),
            "Xvfb (apt package xvfb)",
        );
        let display = read_line(xvfb.0.stdout.as_mut().expect("piped stdout"));
        let (bus_child, address) = private_bus();
        let (system_child, system_bus) = private_bus();
        assert!(
            !display.is_empty() && !address.is_empty(),
            "Xvfb and dbus-daemon report where they listen"
        );
        let home = tempfile::tempdir().expect("a temporary HOME");
        for dir in ["tmp", "run"] {
            std::fs::create_dir_all(home.path().join(dir)).expect("a folder in the test's HOME");
        }
        Desktop {
            display: format!(":{display}"),
            bus: address,
            system_bus,
            home,
            _bus: bus_child,
            _system_bus: system_child,
            _xvfb: xvfb,
        }
    }

    /// The environment every process of this session gets.
    pub fn env(&self) -> Vec<(&'static str, OsString)> {
        let home = self.home.path();
        vec![
            ("DISPLAY", self.display.clone().into()),
            ("DBUS_SESSION_BUS_ADDRESS", self.bus.clone().into()),
            ("DBUS_SYSTEM_BUS_ADDRESS", self.system_bus.clone().into()),
            ("HOME", home.into()),
            ("XDG_DATA_HOME", home.join(".local/share").into()),
            ("XDG_CONFIG_HOME", home.join(".config").into()),
            ("XDG_CACHE_HOME", home.join(".cache").into()),
            // The runtime directory is memory on a real desktop; here it is a folder of its own,
            // so a test can tell what lands on disk from what lands there.
            ("XDG_RUNTIME_DIR", home.join("run").into()),
            // Temporary files too stay inside the session, where a test can search them.
            ("TMPDIR", home.join("tmp").into()),
            ("NO_AT_BRIDGE", "1".into()),
            ("GDK_BACKEND", "x11".into()),
            // Dates and times in the window are written in this locale (Intl follows it), so
            // what a test reads is the same on every machine. The zone is the test's own,
            // inherited (scripts/test pins it), so both read the same clock.
            ("LANG", "en_GB.UTF-8".into()),
            ("LANGUAGE", "en_GB".into()),
            ("LC_ALL", "".into()),
            // Under WebDriver on Xvfb (no GL), accelerated compositing never presents a frame:
            // the window stays blank and rendering updates (IntersectionObserver, paint) stall
            // after the first load. Plain compositing renders as a person's desktop would.
            ("WEBKIT_DISABLE_COMPOSITING_MODE", "1".into()),
        ]
    }

    /// `app` as a plain process of this session (no WebDriver), with `data_dir` for its data.
    pub fn command(&self, app: &Path, data_dir: &Path) -> Command {
        let mut command = Command::new(app);
        command.env("TEND_DATA_DIR", data_dir);
        for (key, value) in self.env() {
            command.env(key, value);
        }
        command
    }

    /// Starts `app` through tauri-driver with `data_dir` as its data directory.
    pub async fn launch(&self, app: &Path, data_dir: &Path) -> App {
        self.launch_with(app, data_dir, &[]).await
    }

    /// As [`Desktop::launch`], with `extra` added to the app's environment.
    ///
    /// Now and then WebKitWebDriver behind tauri-driver stops answering before a session
    /// begins (on a busy two-core machine, a few times in a thousand launches). Such a driver
    /// never recovers, so a launch that gets no session in time starts over with a fresh
    /// driver, once the first one and any app it started are gone.
    pub async fn launch_with(&self, app: &Path, data_dir: &Path, extra: &[(&str, &str)]) -> App {
        const ATTEMPTS: usize = 3;
        let mut failures = Vec::new();
        for _ in 0..ATTEMPTS {
            match self.try_launch(app, data_dir, extra).await {
                Ok(app) => return app,
                Err((driver, why)) => {
                    failures.push(why);
                    drop(driver);
                    self.wait_for_no_app(app, data_dir).await;
                }
            }
        }
        panic!("a WebDriver session with {}: {failures:?}", app.display())
    }

    /// One launch: the app under a fresh tauri-driver, or the driver and why it failed.
    async fn try_launch(&self, app: &Path, data_dir: &Path, extra: &[(&str, &str)]) -> Result<App, (Reaped, String)> {
        let port = free_port();
        let native_port = free_port();
        let mut command = Command::new(tauri_driver());
        command
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .env("TEND_DATA_DIR", data_dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        for (key, value) in self.env() {
            command.env(key, value);
        }
        for (key, value) in extra {
            command.env(key, value);
        }
        let driver = Reaped::spawn(&mut command, "tauri-driver (cargo install tauri-driver)");
        let deadline = Instant::now() + PATIENCE;
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() >= deadline {
                return Err((driver, format!("tauri-driver never listened on {port}")));
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("tauri:options".into(), serde_json::json!({ "application": app }));
        // tauri-driver listens before WebKitWebDriver behind it is ready: retry a refused
        // session until the deadline rather than guess a delay.
        let url = format!("http://127.0.0.1:{port}");
        let client = loop {
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&url)
                .await
            {
                Ok(client) => break client,
                Err(_) if Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(error) => return Err((driver, error.to_string())),
            }
        };
        let pid = eventually("the app's process", || async { find_app_process(app, data_dir) }).await;
        Ok(App {
            client,
            pid,
            display: self.display.clone(),
            _driver: driver,
        })
    }

    /// Ends any app a failed launch left behind, so the next one finds its data unlocked.
    async fn wait_for_no_app(&self, app: &Path, data_dir: &Path) {
        if let Some(pid) = find_app_process(app, data_dir) {
            let _ = Command::new("kill").args(["-KILL", &pid.to_string()]).status();
        }
        eventually("a failed launch's app to end", || async {
            find_app_process(app, data_dir).is_none().then_some(())
        })
        .await;
    }
}

/// A bus of the test's own (a session-config dbus-daemon), and its address.
fn private_bus() -> (Reaped, String) {
    let mut bus = Reaped::spawn(
        Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null()),
        "dbus-daemon",
    );
    let address = read_line(bus.0.stdout.as_mut().expect("piped stdout"));
    (bus, address)
}

fn read_line(out: &mut impl Read) -> String {
    let mut line = String::new();
    let _ = BufReader::new(out).read_line(&mut line);
    line.trim().to_owned()
}

fn tauri_driver() -> PathBuf {
    let cargo_bin = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .map(|p| p.join("bin/tauri-driver"));
    cargo_bin
        .filter(|p| p.is_file())
        .unwrap_or_else(|| PathBuf::from("tauri-driver"))
}

/// The process running `app` with `data_dir` in its environment.
fn find_app_process(app: &Path, data_dir: &Path) -> Option<u32> {
    let app = std::fs::canonicalize(app).ok()?;
    let marker = {
        let mut m = b"TEND_DATA_DIR=".to_vec();
        m.extend_from_slice(data_dir.as_os_str().as_encoded_bytes());
        m
    };
    std::fs::read_dir("/proc").ok()?.flatten().find_map(|entry| {
        let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
        let exe = std::fs::read_link(entry.path().join("exe")).ok()?;
        if exe != app {
            return None;
        }
        let environ = std::fs::read(entry.path().join("environ")).ok()?;
        environ
            .split(|b| *b == 0)
            .any(|var| var == marker.as_slice())
            .then_some(pid)
    })
}

pub fn is_running(pid: u32) -> bool {
    // A zombie has exited; only its parent has yet to reap it.
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => !stat
            .rsplit(')')
            .next()
            .is_some_and(|rest| rest.trim_start().starts_with('Z')),
        Err(_) => false,
    }
}

/// A running app under WebDriver.
#[allow(missing_debug_implementations)]
pub struct App {
    pub client: Client,
    pub pid: u32,
    display: String,
    _driver: Reaped,
}

impl App {
    /// Waits for the element matching `css` to be displayed.
    pub async fn displayed(&self, css: &str) -> fantoccini::elements::Element {
        eventually(&format!("{css} to be displayed"), || async {
            let element = self.client.find(Locator::Css(css)).await.ok()?;
            element.is_displayed().await.ok()?.then_some(element)
        })
        .await
    }

    /// Texts of every element matching `css`.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let mut texts = Vec::new();
        for element in self.client.find_all(Locator::Css(css)).await.unwrap_or_default() {
            texts.push(element.text().await.unwrap_or_default());
        }
        texts
    }

    /// Waits until an element matching `css` shows `text`.
    pub async fn shows(&self, css: &str, text: &str) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let texts = self.texts(css).await;
            if texts.iter().any(|t| t == text) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "gave up waiting for {css} to show {text:?}; it shows {texts:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until an element matching `css` shows text that contains `part`.
    pub async fn shows_part(&self, css: &str, part: &str) {
        eventually(&format!("{css} to show text with {part:?}"), || async {
            self.texts(css).await.iter().any(|t| t.contains(part)).then_some(())
        })
        .await;
    }

    /// Waits until no element matching `css` shows `text`.
    pub async fn no_longer_shows(&self, css: &str, text: &str) {
        eventually(&format!("{css} to stop showing {text:?}"), || async {
            (!self.texts(css).await.iter().any(|t| t == text)).then_some(())
        })
        .await;
    }

    /// Clicks the element matching `css` once it is displayed.
    pub async fn click(&self, css: &str) {
        let element = self.displayed(css).await;
        // In the middle of the window first, so a sticky bar (the Reminders screen's Save) or a
        // navigation that wraps onto two lines never sits over what a person would click.
        let _ = self
            .client
            .execute(
                "arguments[0].scrollIntoView({ block: 'center' });",
                vec![serde_json::to_value(&element).unwrap_or_default()],
            )
            .await;
        element.click().await.unwrap_or_else(|e| panic!("clicking {css}: {e}"));
    }

    /// Types `text` into the element matching `css`, after what it already holds.
    pub async fn type_into(&self, css: &str, text: &str) {
        self.displayed(css)
            .await
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("typing into {css}: {e}"));
    }

    /// Clicks the first element matching `css` whose text is `text`.
    pub async fn click_text(&self, css: &str, text: &str) {
        let element = eventually(&format!("{css} showing {text:?}"), || async {
            for element in self.client.find_all(Locator::Css(css)).await.ok()? {
                if element.text().await.ok()? == text && element.is_displayed().await.ok()? {
                    return Some(element);
                }
            }
            None
        })
        .await;
        element
            .click()
            .await
            .unwrap_or_else(|e| panic!("clicking {css} {text:?}: {e}"));
    }

    /// Empties the field matching `css` and types `text` into it.
    pub async fn replace_text(&self, css: &str, text: &str) {
        let field = self.displayed(css).await;
        field.clear().await.unwrap_or_else(|e| panic!("clearing {css}: {e}"));
        field
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("typing into {css}: {e}"));
    }

    /// Waits until exactly `n` elements match `css`.
    pub async fn count_becomes(&self, css: &str, n: usize) {
        eventually(&format!("{n} of {css}"), || async {
            let found = self.client.find_all(Locator::Css(css)).await.ok()?.len();
            (found == n).then_some(())
        })
        .await;
    }

    /// Asks the window to close as a person would with its close button: the window manager's
    /// WM_DELETE_WINDOW message (Xvfb has no window manager, so the test sends it itself).
    pub fn request_close(&self) {
        request_close(&self.display);
    }

    /// Saves what the window shows to `$TEND_SCREENSHOTS/<name>.png` when that is set, so a
    /// person can look at every screen the tests reach.
    pub async fn screenshot(&self, name: &str) {
        let Some(dir) = std::env::var_os("TEND_SCREENSHOTS") else {
            return;
        };
        std::fs::create_dir_all(&dir).expect("the screenshot directory");
        // The X server's own picture of the screen: what a person would see, painted.
        let status = Command::new("import")
            .args(["-display", &self.display, "-window", "root"])
            .arg(Path::new(&dir).join(format!("{name}.png")))
            .status()
            .expect("ImageMagick's import runs");
        assert!(status.success(), "import captured the screen");
    }

    /// Quits the app the way its "Quit Tend" button does (closing the window alone leaves it
    /// running, with reminders), ends the session, and asserts the process is gone.
    pub async fn quit(self) {
        let pid = self.pid;
        // Sent a moment after the script returns, so WebDriver has its answer before the app
        // exits; should the exit win the race anyway, the wait below is what decides.
        let _ = self
            .client
            .execute(
                "setTimeout(() => window.__TAURI_INTERNALS__.invoke('quit'), 50); return null;",
                vec![],
            )
            .await;
        wait_for_exit(pid).await;
        let _ = self.client.close().await;
    }

    /// Every process of the app: the app itself and WebKit's processes under it.
    pub fn processes(&self) -> Vec<(u32, String)> {
        processes::process_tree(self.pid)
            .into_iter()
            .map(|pid| (pid, processes::process_name(pid)))
            .collect()
    }

    /// Waits until the window has gone and WebKit's processes with it, while the app runs on.
    pub async fn window_gone(&self) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let tree = self.processes();
            if tree.len() == 1 && tree[0].0 == self.pid {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "WebKit's processes to exit once the window closed; still running: {tree:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(is_running(self.pid), "the app keeps running with its window closed");
    }

    /// Ends the app with SIGTERM (for when it has no window to quit from) and waits for it.
    pub async fn terminate(self) {
        let _ = Command::new("kill").arg(self.pid.to_string()).status();
        wait_for_exit(self.pid).await;
    }
}

/// Asks the window titled "Tend" on `display` to close, as a window manager does when its
/// close button is clicked (Xvfb runs none): a WM_DELETE_WINDOW client message.
pub fn request_close(display: &str) {
    use x11rb::connection::Connection as _;
    use x11rb::protocol::xproto::{AtomEnum, ClientMessageEvent, ConnectionExt as _, EventMask};
    let (conn, screen) = x11rb::connect(Some(display)).expect("the test's X display");
    let root = conn.setup().roots[screen].root;
    let atom = |name: &[u8]| conn.intern_atom(false, name).unwrap().reply().unwrap().atom;
    let (protocols, delete) = (atom(b"WM_PROTOCOLS"), atom(b"WM_DELETE_WINDOW"));
    let mut sent = 0;
    for window in conn.query_tree(root).unwrap().reply().unwrap().children {
        let name = conn
            .get_property(false, window, AtomEnum::WM_NAME, AtomEnum::ANY, 0, 64)
            .unwrap()
            .reply()
            .unwrap();
        if name.value == b"Tend" {
            let event = ClientMessageEvent::new(32, window, protocols, [delete, 0, 0, 0, 0]);
            conn.send_event(false, window, EventMask::NO_EVENT, event).unwrap();
            sent += 1;
        }
    }
    conn.flush().unwrap();
    assert!(sent > 0, "found the window titled Tend");
}

/// Saves reminder settings in `data_dir` holding one reminder of `kind` at `time` every day,
/// counted from `since` (so an earlier time today has already passed for it).
pub fn seed_daily_reminder(
    data_dir: &Path,
    kind: tend_core::reminders::ReminderKind,
    time: chrono::NaiveTime,
    catch_up_minutes: i64,
    since: chrono::DateTime<chrono::Utc>,
) {
    use tend_core::reminders::{EVERY_DAY, ReminderRule, ReminderSettings, Schedule};
    let mut settings = ReminderSettings {
        rules: vec![ReminderRule {
            id: 1,
            kind,
            schedule: Schedule::Times {
                times: vec![time],
                days: EVERY_DAY.to_vec(),
            },
            catch_up_minutes,
            enabled: true,
        }],
        ..Default::default()
    };
    settings.state.last.insert(1, since);
    settings.save(data_dir).expect("the reminder settings are written");
}

/// The names owned on the session bus at `bus` just now, as `dbus-send` lists them.
pub fn bus_names(bus: &str) -> String {
    let out = Command::new("dbus-send")
        .args([
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
        ])
        .arg("org.freedesktop.DBus.ListNames")
        .env("DBUS_SESSION_BUS_ADDRESS", bus)
        .output()
        .expect("dbus-send (apt package dbus) runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Whether a window titled "Tend" is mapped and viewable on `display` (closed windows may
/// linger unmapped, and the tray keeps a hidden one).
pub fn window_shown(display: &str) -> bool {
    use x11rb::connection::Connection as _;
    use x11rb::protocol::xproto::{AtomEnum, ConnectionExt as _, MapState};
    let (conn, screen) = x11rb::connect(Some(display)).expect("the test's X display");
    let root = conn.setup().roots[screen].root;
    conn.query_tree(root)
        .unwrap()
        .reply()
        .unwrap()
        .children
        .into_iter()
        .any(|window| {
            let named = conn
                .get_property(false, window, AtomEnum::WM_NAME, AtomEnum::ANY, 0, 64)
                .ok()
                .and_then(|c| c.reply().ok())
                .is_some_and(|p| p.value == b"Tend");
            let viewable = conn
                .get_window_attributes(window)
                .ok()
                .and_then(|c| c.reply().ok())
                .is_some_and(|a| a.map_state == MapState::VIEWABLE);
            named && viewable
        })
}

/// Whether the middle of the screen (where the window sits) shows something other than one
/// flat colour: a webview that has painted its page, not a blank window.
pub fn screen_painted(display: &str) -> bool {
    let shot = Command::new("import")
        .args([
            "-display",
            display,
            "-window",
            "root",
            "-gravity",
            "center",
            "-crop",
            "480x320+0+0",
        ])
        .args(["-colorspace", "gray", "-format", "%[fx:standard_deviation]", "info:"])
        .output();
    shot.ok()
        .and_then(|out| String::from_utf8_lossy(&out.stdout).trim().parse::<f64>().ok())
        .is_some_and(|deviation| deviation > 0.02)
}

/// Waits until `pid` has exited, or panics after `PATIENCE`.
pub async fn wait_for_exit(pid: u32) {
    let deadline = Instant::now() + PATIENCE;
    while is_running(pid) {
        assert!(Instant::now() < deadline, "the app (pid {pid}) is still running");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Every file under `root`, recursively.
pub fn files_under(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            match entry.file_type() {
                Ok(kind) if kind.is_dir() => stack.push(entry.path()),
                Ok(kind) if kind.is_file() => files.push(entry.path()),
                _ => {}
            }
        }
    }
    files
}

/// Files under `root` (recursively) whose bytes contain `needle`, except those `skip` accepts.
pub fn files_containing(root: &Path, needle: &[u8], skip: &dyn Fn(&Path) -> bool) -> Vec<PathBuf> {
    files_under(root)
        .into_iter()
        .filter(|path| !skip(path))
        .filter(|path| std::fs::read(path).is_ok_and(|bytes| bytes.windows(needle.len()).any(|w| w == needle)))
        .collect()
}

/// Writes check-ins into `data_dir` with the production store, as earlier use of the app would
/// have left them: each is `(days before now, answers)`.
pub fn seed(data_dir: &Path, check_ins: &[(i64, tend_core::NewCheckIn)]) -> Vec<tend_core::CheckIn> {
    let mut store = tend_core::Store::open(data_dir).expect("the store opens");
    let now = chrono::Local::now().fixed_offset();
    check_ins
        .iter()
        .map(|(days_ago, answers)| {
            store
                .save_check_in(answers, now - chrono::Duration::days(*days_ago))
                .expect("a seeded check-in saves")
        })
        .collect()
}
