//! End-to-end test that a link in a journal entry never takes the window elsewhere or reaches
//! the network, whatever a person does with it: WebKitGTK's own context menu (each item), a
//! middle click, Ctrl+click, Enter on the focused link, dragging it onto the page; and, should
//! the page itself ever try, a navigation or a new window started by script. The link points
//! at a recorder this test runs on the loopback interface, which must see nothing. A second
//! test shows that what the menu keeps (copy the link's address; paste, select all, cut in a
//! text field) still works.
//!
//! The input is real X input through `xdotool` on the test's own Xvfb display: a WebDriver
//! right-click does not open WebKitGTK's menu. With `TEND_SCREENSHOTS=DIR` set, the tests save
//! the menu open over the link as `DIR/links-menu.png` and over a text field as
//! `DIR/links-field-menu.png`.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::Local;
use serde_json::Value;
use tend_core::Store;
use tend_core::journal::EntryDraft;
use tend_test_support::fantoccini::Locator;
use tend_test_support::{App, Desktop, app_binary, eventually};

const LINK: &str = ".entry-view .entry-body a";

/// How long to watch for a navigation, a window or a request after an input that must cause
/// none: there is no event for "nothing happened", so each check polls over this bounded time
/// (an escape ends the watch early). WebKit starts a navigation within milliseconds.
const SETTLE: Duration = Duration::from_millis(1500);

/// How many positions of the link's context menu to try, one after another (WebKitGTK offers
/// four items over a link; keyboard navigation wraps around, so more positions try them again).
const MENU_POSITIONS: usize = 6;

/// A loopback web server that answers every connection with a small page and remembers each
/// connection it accepts, with the first line of its request.
struct Recorder {
    port: u16,
    seen: Arc<Mutex<Vec<String>>>,
}

impl Recorder {
    fn start() -> Recorder {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                // Counted as soon as it is accepted; what it asks for is filled in once read.
                let index = {
                    let mut log = log.lock().unwrap();
                    log.push("(a connection that has sent nothing yet)".to_owned());
                    log.len() - 1
                };
                let log = log.clone();
                std::thread::spawn(move || {
                    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
                    let mut request = [0u8; 4096];
                    let n = stream.read(&mut request).unwrap_or(0);
                    let first = String::from_utf8_lossy(&request[..n]).lines().next().map(str::to_owned);
                    log.lock().unwrap()[index] = first.unwrap_or_else(|| "(a connection that sent nothing)".to_owned());
                    let page = "<!doctype html><title>Elsewhere</title><p id=elsewhere>Elsewhere</p>";
                    let _ = write!(
                        stream,
                        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{page}",
                        page.len()
                    );
                });
            }
        });
        Recorder { port, seen }
    }

    fn requests(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

/// Runs `xdotool` with `args` on `display`: real pointer and key events, as a person makes.
fn xdotool(display: &str, args: &[&str]) {
    let status = Command::new("xdotool")
        .args(args)
        .env("DISPLAY", display)
        .status()
        .expect("xdotool (apt package xdotool) runs");
    assert!(status.success(), "xdotool {args:?}");
}

/// Top-level windows on `display` that are mapped: `(override-redirect popups such as menus,
/// ordinary windows)`.
fn windows(display: &str) -> (usize, usize) {
    use x11rb::connection::Connection as _;
    use x11rb::protocol::xproto::{ConnectionExt as _, MapState};
    let (conn, screen) = x11rb::connect(Some(display)).expect("the test's X display");
    let root = conn.setup().roots[screen].root;
    let (mut popups, mut ordinary) = (0, 0);
    for window in conn.query_tree(root).unwrap().reply().unwrap().children {
        let Ok(attributes) = conn.get_window_attributes(window).unwrap().reply() else {
            continue;
        };
        if attributes.map_state != MapState::VIEWABLE {
            continue;
        }
        if attributes.override_redirect {
            popups += 1;
        } else {
            ordinary += 1;
        }
    }
    (popups, ordinary)
}

/// Waits until the number of open popups on `display` satisfies `want`, for at most `within`.
async fn popups_become(display: &str, within: Duration, want: impl Fn(usize) -> bool) -> bool {
    let deadline = Instant::now() + within;
    loop {
        if want(windows(display).0) {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// One run of the app with one entry holding a link to the recorder, and where the page sits
/// on the screen.
struct Scene {
    // Dropped in this order: the app before its desktop.
    app: App,
    desktop: Desktop,
    recorder: Recorder,
    href: String,
    home: String,
    offset: (f64, f64),
    _data: tempfile::TempDir,
}

impl Scene {
    async fn start() -> Scene {
        let recorder = Recorder::start();
        let href = format!("http://127.0.0.1:{}/river", recorder.port);
        let desktop = Desktop::start();
        let data = tempfile::tempdir().unwrap();
        {
            let mut store = Store::open(data.path()).unwrap();
            let draft = EntryDraft {
                title: "A page we read".into(),
                body: format!("We read [about the river]({href}) together, and talked about it."),
                tags: vec![],
                check_in_id: None,
            };
            store.save_entry(None, &draft, Local::now().fixed_offset()).unwrap();
        }
        let app = desktop.launch(&app_binary(), data.path()).await;
        let home = app.client.current_url().await.unwrap().to_string();
        assert!(home.starts_with("tauri://localhost"), "Tend's own page: {home}");
        let mut scene = Scene {
            app,
            desktop,
            recorder,
            href,
            home,
            offset: (0.0, 0.0),
            _data: data,
        };
        scene.open_entry().await;
        let link = scene.app.displayed(LINK).await;
        assert_eq!(link.attr("href").await.unwrap().as_deref(), Some(scene.href.as_str()));

        // Where the page sits on the screen: move the real pointer from outside the window to
        // a point inside it, and read where the page says the pointer is.
        scene.listen().await;
        scene.js("window.__pointer = null; return null;").await;
        scene.xdotool(&["mousemove", "0", "0"]);
        scene.xdotool(&["mousemove", "640", "400"]);
        let client = eventually("the page to see the pointer", || async {
            let point = scene.js("return window.__pointer").await;
            let point = point.as_array()?;
            Some((point.first()?.as_f64()?, point.get(1)?.as_f64()?))
        })
        .await;
        scene.offset = (640.0 - client.0, 400.0 - client.1);
        scene
    }

    fn display(&self) -> &str {
        &self.desktop.display
    }

    fn xdotool(&self, args: &[&str]) {
        xdotool(self.display(), args);
    }

    async fn js(&self, script: &str) -> Value {
        self.app.client.execute(script, vec![]).await.unwrap_or(Value::Null)
    }

    /// Opens the journal and the one entry in it.
    async fn open_entry(&self) {
        self.app.click("button[name=nav-journal]").await;
        self.app.click(".journal-item").await;
        self.app.displayed(LINK).await;
    }

    /// Brings back Tend's entry after an escape, so later steps still have a link to try.
    async fn restore(&self) {
        let url = self.app.client.current_url().await.ok().map(|u| u.to_string());
        if url.as_deref() != Some(self.home.as_str()) {
            let _ = self.app.client.goto(&self.home).await;
        }
        if !self.entry_shown().await {
            self.open_entry().await;
        }
    }

    async fn entry_shown(&self) -> bool {
        match self.app.client.find(Locator::Css(".entry-view")).await {
            Ok(view) => view.is_displayed().await.unwrap_or(false),
            Err(_) => false,
        }
    }

    /// Starts recording, in the page itself, which input events reach it (capture phase, so
    /// the app's own handlers cannot hide them), and where the pointer last moved.
    async fn listen(&self) {
        self.js("window.__seen = [];
             if (!window.__listening) {
               window.__listening = true;
               document.addEventListener('mousemove', (e) => { window.__pointer = [e.clientX, e.clientY]; }, true);
               for (const type of ['contextmenu', 'auxclick', 'click', 'keydown', 'dragstart', 'mouseup']) {
                 document.addEventListener(type, (e) => {
                   window.__seen.push(type + ':' + (e.key === undefined ? e.button : e.key));
                 }, true);
               }
             }
             return null;")
            .await;
    }

    /// Waits until the page has received the input event `what` (as `listen` records it), or
    /// until the input has already taken the window elsewhere or reached the recorder (the page
    /// that recorded it is then gone; `escape` says what happened).
    async fn page_saw(&self, what: &str, requests_before: usize) {
        eventually(&format!("the page to receive {what}"), || async {
            if self.recorder.requests().len() > requests_before {
                return Some(());
            }
            match self.app.client.current_url().await {
                Ok(url) if url.as_str() == self.home => {}
                _ => return Some(()),
            }
            let seen = self.js("return window.__seen || []").await;
            seen.as_array()?.iter().any(|e| e.as_str() == Some(what)).then_some(())
        })
        .await;
    }

    /// Where on the screen a point of the element matching `css` is: `(dx, dy)` from its
    /// top-left corner, or its middle when `None`.
    async fn point(&self, css: &str, at: Option<(f64, f64)>) -> (String, String) {
        let element = self.app.displayed(css).await;
        let (x, y, w, h) = element.rectangle().await.unwrap();
        let (dx, dy) = at.unwrap_or((w / 2.0, h / 2.0));
        (
            ((self.offset.0 + x + dx).round() as i64).to_string(),
            ((self.offset.1 + y + dy).round() as i64).to_string(),
        )
    }

    /// Right-clicks with the real pointer on the element matching `css` and waits for
    /// WebKitGTK's menu; `false` if none opened within `within` (a menu with nothing left in it
    /// is not shown, and there is no event for "not shown", so this waits that long).
    async fn context_menu(&self, css: &str, at: Option<(f64, f64)>, within: Duration) -> bool {
        self.listen().await;
        let before = self.recorder.requests().len();
        let (x, y) = self.point(css, at).await;
        self.xdotool(&["mousemove", &x, &y, "click", "3"]);
        self.page_saw("contextmenu:2", before).await;
        popups_become(self.display(), within, |n| n > 0).await
    }

    /// Presses `keys` in the open menu and waits for it to close.
    async fn pick(&self, keys: &[&str]) {
        let mut args = vec!["key", "--delay", "60"];
        args.extend_from_slice(keys);
        self.xdotool(&args);
        if !popups_become(self.display(), Duration::from_secs(5), |n| n == 0).await {
            self.xdotool(&["key", "Escape"]);
        }
    }

    /// What, if anything, shows that the window left Tend over the next `SETTLE`.
    async fn escape(&self, requests_before: usize) -> Option<String> {
        let deadline = Instant::now() + SETTLE;
        loop {
            let mut found = Vec::new();
            let requests = self.recorder.requests();
            if requests.len() > requests_before {
                found.push(format!("the recorder received {:?}", &requests[requests_before..]));
            }
            match self.app.client.current_url().await {
                Ok(url) if url.as_str() == self.home => {}
                Ok(url) => found.push(format!("the window showed {url}")),
                Err(error) => found.push(format!("the window's address was unreadable: {error}")),
            }
            if !self.entry_shown().await {
                found.push("the entry was no longer shown".to_owned());
            }
            let handles = self.app.client.windows().await.map(|w| w.len()).unwrap_or(0);
            let (_, ordinary) = windows(self.display());
            if handles != 1 || ordinary != 1 {
                found.push(format!("{handles} webview windows and {ordinary} X windows were open"));
            }
            if !found.is_empty() {
                return Some(found.join("; "));
            }
            if Instant::now() >= deadline {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Checks after one thing done with the link that the window stayed on the entry; notes
    /// in `escapes` what happened if not, and brings the entry back for the next step.
    async fn stays(&self, name: &str, requests_before: usize, escapes: &mut Vec<String>) {
        let escaped = self.escape(requests_before).await;
        let seen = self.js("return window.__seen || null").await;
        eprintln!(
            "{name}: {} (events the page received: {seen})",
            escaped.as_deref().unwrap_or("stayed on the entry")
        );
        if let Some(what) = escaped {
            escapes.push(format!("{name}: {what}"));
            self.restore().await;
        }
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_link_in_an_entry_is_never_followed() {
    let scene = Scene::start().await;
    let mut escapes: Vec<String> = Vec::new();

    // WebKitGTK's context menu over the link: pick each position in turn.
    for position in 1..=MENU_POSITIONS {
        let before = scene.recorder.requests().len();
        let name = format!("link menu, item {position}");
        if !scene.context_menu(LINK, None, Duration::from_secs(5)).await {
            scene
                .stays(&format!("{name} (no menu was shown)"), before, &mut escapes)
                .await;
            continue;
        }
        if position == 1 {
            scene.app.screenshot("links-menu").await;
        }
        let mut keys = vec!["Down"; position];
        keys.push("Return");
        scene.pick(&keys).await;
        scene.stays(&name, before, &mut escapes).await;
    }

    // The context menu over the page itself, away from the link (WebKit offers Back, Forward,
    // Stop and Reload there).
    for position in 1..=3 {
        let before = scene.recorder.requests().len();
        let name = format!("page menu, item {position}");
        if !scene
            .context_menu(".entry-view h2", Some((4.0, 10.0)), Duration::from_secs(1))
            .await
        {
            scene
                .stays(&format!("{name} (no menu was shown)"), before, &mut escapes)
                .await;
            continue;
        }
        let mut keys = vec!["Down"; position];
        keys.push("Return");
        scene.pick(&keys).await;
        scene.stays(&name, before, &mut escapes).await;
    }

    // A middle click, Ctrl+click and a plain click, with the real pointer.
    for (name, buttons, event) in [
        ("middle click", &["click", "2"][..], "mouseup:1"),
        (
            "Ctrl+click",
            &["keydown", "ctrl", "click", "1", "keyup", "ctrl"][..],
            "mouseup:0",
        ),
        ("click", &["click", "1"][..], "mouseup:0"),
    ] {
        scene.listen().await;
        let before = scene.recorder.requests().len();
        let (x, y) = scene.point(LINK, None).await;
        let mut args = vec!["mousemove", &x, &y];
        args.extend_from_slice(buttons);
        scene.xdotool(&args);
        scene.page_saw(event, before).await;
        scene.stays(name, before, &mut escapes).await;
    }

    // Enter on the focused link.
    scene.listen().await;
    let before = scene.recorder.requests().len();
    scene
        .js(&format!("document.querySelector('{LINK}').focus(); return null;"))
        .await;
    scene.xdotool(&["key", "Return"]);
    scene.page_saw("keydown:Enter", before).await;
    scene.stays("Enter on the focused link", before, &mut escapes).await;

    // Dragging the link a little way and dropping it on the page.
    scene.listen().await;
    let before = scene.recorder.requests().len();
    let (x, y) = scene.point(LINK, None).await;
    scene.xdotool(&["mousemove", &x, &y, "mousedown", "1"]);
    for _ in 0..10 {
        scene.xdotool(&["mousemove_relative", "--", "8", "12"]);
    }
    scene.xdotool(&["mouseup", "1"]);
    // After a drag the page may see no mouseup: know the pointer is free again by a harmless
    // move the page does see (or by the window having gone elsewhere).
    scene.js("window.__pointer = null; return null;").await;
    scene.xdotool(&["mousemove_relative", "--", "3", "3"]);
    eventually("the pointer to be free after the drop", || async {
        let url = scene.app.client.current_url().await.ok()?;
        (url.as_str() != scene.home || scene.js("return window.__pointer").await != Value::Null).then_some(())
    })
    .await;
    scene
        .stays("dragging the link onto the page", before, &mut escapes)
        .await;

    // Should anything in the page itself ever try to leave, the shell refuses it: a
    // navigation and a new window, started by script.
    for (name, script) in [
        (
            "the page setting location",
            "location.href = arguments[0]; return null;",
        ),
        (
            "the page calling window.open",
            "window.open(arguments[0]); return null;",
        ),
    ] {
        scene.listen().await;
        let before = scene.recorder.requests().len();
        let _ = scene
            .app
            .client
            .execute(script, vec![Value::from(scene.href.as_str())])
            .await;
        scene.stays(name, before, &mut escapes).await;
    }

    let requests = scene.recorder.requests();
    let Scene { app, .. } = scene;
    app.quit().await;
    assert!(
        escapes.is_empty() && requests.is_empty(),
        "the link took the window elsewhere or reached the network:\n{}\nrequests the recorder received: {requests:?}",
        escapes.join("\n")
    );
}

/// What the menu keeps still works: "Copy Link Address" over a link, and Paste, Select All
/// and Cut in a text field, all chosen in WebKitGTK's own menu.
#[tokio::test(flavor = "current_thread")]
async fn copy_and_paste_still_work_from_the_menu() {
    let scene = Scene::start().await;
    let value = |css: &'static str| {
        let scene = &scene;
        async move { scene.js(&format!("return document.querySelector('{css}').value")).await }
    };
    let field_menu = async |css: &str, key: &str, shot: Option<&str>| {
        assert!(
            scene
                .context_menu(css, Some((12.0, 10.0)), Duration::from_secs(5))
                .await,
            "a menu opens over {css}"
        );
        if let Some(name) = shot {
            scene.app.screenshot(name).await;
        }
        // Each item's underlined letter picks it, as in any GTK menu.
        scene.pick(&[key]).await;
    };

    assert!(
        scene.context_menu(LINK, None, Duration::from_secs(5)).await,
        "a menu opens over the link"
    );
    scene.pick(&["Down", "Return"]).await;

    scene.app.click("button[name=back]").await;
    scene.app.click("button[name=new-entry]").await;
    field_menu("#entry-title", "p", Some("links-field-menu")).await;
    assert_eq!(
        value("#entry-title").await,
        scene.href.as_str(),
        "Paste gives the link's address"
    );

    field_menu("#entry-title", "a", None).await;
    field_menu("#entry-title", "t", None).await;
    assert_eq!(
        value("#entry-title").await,
        "",
        "Select All, then Cut, empties the title"
    );
    field_menu("#entry-tags", "p", None).await;
    assert_eq!(
        value("#entry-tags").await,
        scene.href.as_str(),
        "what was cut is pasted"
    );

    assert_eq!(
        scene.recorder.requests(),
        Vec::<String>::new(),
        "nothing reached the recorder"
    );
    let Scene { app, .. } = scene;
    app.quit().await;
}
