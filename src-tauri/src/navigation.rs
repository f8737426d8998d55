//! Tend's window shows only Tend's own pages: a link in an entry, an item of WebKit's context
//! menu or a dropped link never loads another page in it, opens a window or downloads a file.

use tauri::webview::{NewWindowResponse, WebviewWindowBuilder};
use tauri::{AppHandle, Manager, Runtime, Url, WebviewWindow};

/// Whether `url` is one of Tend's own pages: the app's custom protocol (`tauri://localhost` on
/// Linux and macOS, `http(s)://tauri.localhost` on Windows and Android) or, in a debug build
/// only, the dev server's origin.
fn is_own_page(url: &Url, dev_url: Option<&Url>) -> bool {
    match (url.scheme(), url.host_str()) {
        ("tauri", Some("localhost")) => true,
        // Only Windows (and Android) serve Tend's pages from this name; elsewhere it is an
        // ordinary host name that could reach a server on this machine.
        ("http" | "https", Some("tauri.localhost")) => cfg!(any(windows, target_os = "android")),
        _ => dev_url.is_some_and(|dev| dev.origin() == url.origin()),
    }
}

/// The window's builder, refusing every navigation away from Tend, every new window and every
/// download.
pub fn guard<'a, R: Runtime, M: Manager<R>>(
    builder: WebviewWindowBuilder<'a, R, M>,
    app: &AppHandle<R>,
) -> WebviewWindowBuilder<'a, R, M> {
    let dev_url = if cfg!(debug_assertions) {
        app.config().build.dev_url.clone()
    } else {
        None
    };
    builder
        .on_navigation(move |url| is_own_page(url, dev_url.as_ref()))
        .on_new_window(|_, _| NewWindowResponse::Deny)
        .on_download(|_, _| false)
}

/// Leaves only harmless editing items in WebKitGTK's context menu (copy, paste, spelling…);
/// "Open Link", "Open Link in New Window", "Download Linked File", "Reload" and the rest go.
/// A menu with nothing left is not shown.
#[cfg(target_os = "linux")]
pub fn trim_context_menu<R: Runtime>(window: &WebviewWindow<R>) {
    use webkit2gtk::WebViewExt as _;
    let hooked = window.with_webview(|webview| {
        webview.inner().connect_context_menu(|_, menu, _, _| {
            keep_editing_items(menu);
            webkit2gtk::ContextMenuExt::n_items(menu) == 0
        });
    });
    if let Err(error) = hooked {
        tracing::warn!(%error, "the page menu keeps its usual items");
    }
}

#[cfg(not(target_os = "linux"))]
pub fn trim_context_menu<R: Runtime>(_window: &WebviewWindow<R>) {}

/// Items that only edit or copy what is on the page, never load or open anything.
#[cfg(target_os = "linux")]
fn is_editing_item(action: webkit2gtk::ContextMenuAction) -> bool {
    use webkit2gtk::ContextMenuAction as A;
    matches!(
        action,
        A::Copy
            | A::Cut
            | A::Paste
            | A::PasteAsPlainText
            | A::Delete
            | A::SelectAll
            | A::CopyLinkToClipboard
            | A::SpellingGuess
            | A::NoGuessesFound
            | A::IgnoreSpelling
            | A::LearnSpelling
            | A::IgnoreGrammar
            | A::InputMethods
            | A::Unicode
            | A::InsertEmoji
    )
}

#[cfg(target_os = "linux")]
fn keep_editing_items(menu: &webkit2gtk::ContextMenu) {
    use webkit2gtk::{ContextMenuExt as _, ContextMenuItemExt as _};
    for item in menu.items() {
        if !item.is_separator() && !is_editing_item(item.stock_action()) {
            menu.remove(&item);
        }
    }
    // No separator at either end or next to another.
    let mut after_separator = true;
    for item in menu.items() {
        if item.is_separator() && after_separator {
            menu.remove(&item);
        }
        after_separator = item.is_separator();
    }
    if let Some(last) = menu.last().filter(|item| item.is_separator()) {
        menu.remove(&last);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        s.parse().unwrap()
    }

    #[test]
    fn only_tends_own_pages_are_allowed() {
        assert!(is_own_page(&url("tauri://localhost/"), None));
        assert!(is_own_page(&url("tauri://localhost/index.html#journal"), None));
        let windows = cfg!(any(windows, target_os = "android"));
        assert_eq!(is_own_page(&url("http://tauri.localhost/"), None), windows);
        assert_eq!(is_own_page(&url("https://tauri.localhost/"), None), windows);
        for other in [
            "http://127.0.0.1:8080/river",
            "https://example.org/",
            "http://localhost:5173/",
            "tauri://elsewhere/",
            "http://tauri.localhost.example.org/",
            "file:///etc/passwd",
            "mailto:someone@example.org",
            "about:blank",
            "data:text/html,hello",
        ] {
            assert!(!is_own_page(&url(other), None), "{other}");
        }
    }

    #[test]
    fn the_dev_server_is_allowed_only_when_given() {
        let dev = url("http://localhost:5173");
        assert!(is_own_page(&url("http://localhost:5173/journal"), Some(&dev)));
        assert!(!is_own_page(&url("http://localhost:5174/"), Some(&dev)));
        assert!(!is_own_page(&url("https://localhost:5173/"), Some(&dev)));
        assert!(!is_own_page(&url("http://example.org/"), Some(&dev)));
    }
}
