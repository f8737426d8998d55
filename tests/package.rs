//! The .deb as a person installs it: `apt-get install` the package that `tauri build` made,
//! check that /usr/bin/tend is the binary just built, launch it under Xvfb and see the
//! check-in form, then purge the package. Needs root (CI runs as root) or password-less sudo.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};
use tend_test_support::{Desktop, app_binary};

fn deb() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/bundle/deb");
    let mut debs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e} — run `tauri build --bundles deb` first (scripts/test does)",
                dir.display()
            )
        })
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "deb"))
        .collect();
    debs.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
    debs.pop().expect("a .deb in target/release/bundle/deb")
}

fn as_root(args: &[&str]) -> Command {
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout.trim_ascii() == b"0")
        .unwrap_or(false);
    let mut command = if is_root {
        Command::new(args[0])
    } else {
        let mut c = Command::new("sudo");
        c.arg("-n").arg(args[0]);
        c
    };
    command.args(&args[1..]).env("DEBIAN_FRONTEND", "noninteractive");
    command
}

fn run(mut command: Command) -> String {
    let output = command.output().expect("the command runs");
    assert!(
        output.status.success(),
        "{command:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn sha256(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    format!("{:x}", Sha256::digest(bytes))
}

/// Purges the package even when an assertion fails half-way.
struct Installed;

impl Drop for Installed {
    fn drop(&mut self) {
        let _ = as_root(&["apt-get", "purge", "-y", "tend"]).output();
    }
}

#[tokio::test(flavor = "current_thread")]
async fn the_deb_installs_runs_and_purges() {
    let deb = deb();
    let fields = run({
        let mut c = Command::new("dpkg-deb");
        c.args(["-f"]).arg(&deb).args(["Package", "Description"]);
        c
    });
    assert!(fields.contains("Package: tend"), "{fields}");
    let lowered = fields.to_lowercase();
    for private in ["relationship", "trust", "partner", "affair"] {
        assert!(
            !lowered.contains(private),
            "the package description is discreet: {fields}"
        );
    }

    let installed = Installed;
    run(as_root(&[
        "apt-get",
        "install",
        "-y",
        "--reinstall",
        deb.to_str().expect("a UTF-8 path"),
    ]));
    let bin = Path::new("/usr/bin/tend");
    // The bundler stamps the package type into the binary it packs, so the binary to compare
    // with is the one inside the .deb just built, not target/release/tend.
    let packed = tempfile::tempdir().unwrap();
    run({
        let mut c = Command::new("dpkg-deb");
        c.arg("-x").arg(&deb).arg(packed.path());
        c
    });
    assert_eq!(
        sha256(bin),
        sha256(&packed.path().join("usr/bin/tend")),
        "/usr/bin/tend is the binary just built"
    );
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).unwrap();
    assert!(
        modified(&deb) + std::time::Duration::from_secs(60) >= modified(&app_binary()),
        "the .deb is from the latest build"
    );

    let entry = std::fs::read_to_string("/usr/share/applications/Tend.desktop").expect("a desktop entry");
    assert!(entry.lines().any(|l| l == "Name=Tend"), "{entry}");
    assert!(entry.lines().any(|l| l == "Exec=tend"), "{entry}");

    let desktop = Desktop::start();
    let data = tempfile::tempdir().unwrap();
    let app = desktop.launch(bin, data.path()).await;
    // The form itself, not the "could not connect" page of a build without embedded assets.
    app.displayed("#check-in-note").await;
    app.shows("#check-in-heading", "How are things right now?").await;
    assert_eq!(app.client.title().await.unwrap(), "Tend");
    app.quit().await;

    drop(installed);
    assert!(!bin.exists(), "purged");
}
