//! WebKitGTK's rendering path, chosen for the machine. With a real GPU WebKit's default (the
//! DMABUF renderer, accelerated compositing) is the fast path. Without one (VMs, many older
//! laptops, Xvfb) Mesa renders in software and that path costs seconds before the first screen
//! settles and a hundred MiB more memory, so Tend asks WebKit for its cheaper software path.
//! A person who set WebKit's variables themselves keeps their choice.
//!
//! The choice is made with environment variables, the only interface WebKitGTK offers for the
//! renderer, before anything reads them (see [`choose`]).

/// The variables that choose WebKitGTK's renderer; if any is set, Tend leaves them all alone.
const PERSON_CHOSE: &[&str] = &[
    "WEBKIT_DISABLE_DMABUF_RENDERER",
    "WEBKIT_DISABLE_COMPOSITING_MODE",
    "WEBKIT_FORCE_COMPOSITING_MODE",
];

/// What Tend sets when the machine renders in software (measured cheapest on such a machine;
/// see docs/PERFORMANCE.md).
pub const SOFTWARE_PATH: (&str, &str) = ("WEBKIT_DISABLE_DMABUF_RENDERER", "1");

/// Kernel display drivers that have no 3D engine of their own, so Mesa renders in software.
const SOFTWARE_DRIVERS: &[&str] = &[
    "vgem",
    "simpledrm",
    "bochs-drm",
    "bochs",
    "cirrus",
    "qxl",
    "vboxvideo",
    "vmwgfx",
];

/// Whether this machine renders GL in software: Mesa told to, no GPU render node at all, or
/// only render nodes of display-only drivers.
pub fn renders_in_software(env: impl Fn(&str) -> Option<String>, dri: &std::path::Path) -> bool {
    if env("LIBGL_ALWAYS_SOFTWARE").is_some_and(|v| v != "0" && !v.is_empty()) {
        return true;
    }
    let Ok(entries) = std::fs::read_dir(dri) else {
        return true;
    };
    let drivers: Vec<String> = entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("renderD"))
        .map(|e| {
            let driver = std::fs::read_link(format!(
                "/sys/class/drm/{}/device/driver",
                e.file_name().to_string_lossy()
            ));
            driver
                .ok()
                .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_default()
        })
        .collect();
    drivers.iter().all(|driver| SOFTWARE_DRIVERS.contains(&driver.as_str()))
}

/// The variable to set for this machine, if any: none when the person chose, or with a GPU.
pub fn choice(env: impl Fn(&str) -> Option<String>, dri: &std::path::Path) -> Option<(&'static str, &'static str)> {
    if PERSON_CHOSE.iter().any(|name| env(name).is_some()) {
        return None;
    }
    renders_in_software(env, dri).then_some(SOFTWARE_PATH)
}

/// Sets WebKitGTK's renderer for this machine. Call first thing in `main`, before any thread
/// starts (Tauri, tokio, GTK and WebKit all start theirs later).
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
pub fn choose() {
    let env = |name: &str| std::env::var(name).ok();
    if let Some((name, value)) = choice(env, std::path::Path::new("/dev/dri")) {
        // SAFETY: `set_var` is unsound only while another thread may read or write the
        // environment. This runs at the top of `main`, before the app starts any thread, and
        // nothing before it in `main` spawns one, so this is the only thread there is.
        unsafe { std::env::set_var(name, value) };
    }
}

#[cfg(not(target_os = "linux"))]
pub fn choose() {}

/// Tells WebKit the window is a local document viewer: no back-forward page cache and the
/// smallest memory caches, since every page Tend shows is its own, read from the app bundle.
#[cfg(target_os = "linux")]
pub fn tune<R: tauri::Runtime>(window: &tauri::WebviewWindow<R>) {
    use webkit2gtk::{WebContextExt as _, WebViewExt as _};
    let tuned = window.with_webview(|webview| {
        if let Some(context) = webview.inner().context() {
            context.set_cache_model(webkit2gtk::CacheModel::DocumentViewer);
        }
    });
    if let Err(error) = tuned {
        tracing::warn!(%error, "WebKit keeps its usual caches");
    }
}

#[cfg(not(target_os = "linux"))]
pub fn tune<R: tauri::Runtime>(_window: &tauri::WebviewWindow<R>) {}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect();
        move |name| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    #[test]
    fn without_a_gpu_the_software_path_is_chosen() {
        let none = std::path::Path::new("/nonexistent/dri");
        assert_eq!(choice(env(&[]), none), Some(SOFTWARE_PATH));
        let empty = tempfile::tempdir().unwrap();
        assert_eq!(choice(env(&[]), empty.path()), Some(SOFTWARE_PATH));
    }

    #[test]
    fn the_persons_own_choice_is_kept() {
        let none = std::path::Path::new("/nonexistent/dri");
        for name in PERSON_CHOSE {
            assert_eq!(choice(env(&[(name, "0")]), none), None, "{name}");
        }
    }

    #[test]
    fn mesa_told_to_render_in_software_counts() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("renderD128"), "").unwrap();
        assert!(renders_in_software(env(&[("LIBGL_ALWAYS_SOFTWARE", "1")]), tmp.path()));
    }
}
