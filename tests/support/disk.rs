//! A small tmpfs, mounted for a test and unmounted when dropped: a real disk that fills, and
//! that can be made read-only, as a full disk or a failing mount makes it.
//!
//! Mounting needs root (CI runs as root); without it a test fails loudly rather than skip.

use std::path::PathBuf;
use std::process::Command;

#[allow(missing_debug_implementations)]
pub struct SmallDisk {
    pub path: PathBuf,
    _dir: tempfile::TempDir,
}

impl SmallDisk {
    pub fn mount(size: &str) -> SmallDisk {
        let dir = tempfile::tempdir().unwrap();
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size},mode=0700"), "tmpfs"])
            .arg(dir.path())
            .status()
            .expect("mount runs");
        assert!(
            status.success(),
            "THIS TEST NEEDS ROOT: it mounts a small tmpfs to fill a real disk (mount said {status})"
        );
        SmallDisk {
            path: dir.path().to_path_buf(),
            _dir: dir,
        }
    }

    /// Fills what is left with one file, as another program might.
    pub fn fill(&self) {
        let out = Command::new("dd")
            .args(["if=/dev/zero", "bs=4k"])
            .arg(format!("of={}", self.path.join("filler").display()))
            .output()
            .expect("dd runs");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("No space left"),
            "dd filled the disk: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    pub fn free(&self) {
        std::fs::remove_file(self.path.join("filler")).unwrap();
    }

    /// Mounts it again read-only (`true`) or writable: even root can't write to it then.
    pub fn read_only(&self, read_only: bool) {
        let option = if read_only { "remount,ro" } else { "remount,rw" };
        let status = Command::new("mount")
            .args(["-o", option])
            .arg(&self.path)
            .status()
            .expect("mount runs");
        assert!(
            status.success(),
            "THIS TEST NEEDS ROOT: it remounts its tmpfs ({status})"
        );
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.path).status();
    }
}
