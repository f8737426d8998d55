//! Tend's logs: one JSON line per event, in the app's log directory (on Linux
//! `~/.local/share/app.tend.desktop/logs`), a file a day and the last week kept.
//!
//! What is logged is the app's life (started, the store's state at start, quitting) and its
//! errors — never a person's words, and no event that tells when they wrote something. Errors
//! are logged by their kind and Tend's own description, which never echoes input (the logs
//! test writes a marker through every flow and searches the files for it).

use std::path::Path;

use tracing_appender::rolling::{Builder, Rotation};
use tracing_subscriber::Layer as _;
use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// How many daily files are kept.
const KEPT_FILES: usize = 7;

/// Starts logging into `dir` (and warnings on stderr). Without a directory, or when it can't be
/// written, Tend runs on with warnings on stderr only.
pub fn start(dir: Option<&Path>) {
    // Tend's own crates at the app's life; every library only for its warnings.
    let ours = Targets::new()
        .with_default(LevelFilter::WARN)
        .with_target("tend_app", LevelFilter::INFO)
        .with_target("tend_core", LevelFilter::INFO)
        .with_target("tend_scheduler", LevelFilter::INFO);
    let file = dir.and_then(|dir| {
        private_dir(dir).ok()?;
        Builder::new()
            .rotation(Rotation::DAILY)
            .filename_prefix("tend")
            .filename_suffix("log")
            .max_log_files(KEPT_FILES)
            .build(dir)
            .ok()
    });
    let stderr = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_filter(LevelFilter::WARN);
    let registry = tracing_subscriber::registry().with(stderr);
    let result = match file {
        Some(file) => registry
            .with(
                tracing_subscriber::fmt::layer()
                    .json()
                    .with_ansi(false)
                    .with_writer(file)
                    .with_filter(ours),
            )
            .try_init(),
        None => registry.try_init(),
    };
    if result.is_err() {
        eprintln!("tend: logging was already started");
    }
}

/// Creates `dir` and any parent it needs as private folders: on Linux the log folder sits in
/// Tend's data folder, which may not exist yet, and must never be made readable to others.
#[cfg(unix)]
fn private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)
}

#[cfg(not(unix))]
fn private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}
