//! tend-core's integration tests, on real SQLite files. Modules mirror `src/`.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod backup;
mod bindings;
mod check_in;
mod crash;
mod damage;
mod encryption;
mod error;
mod formats;
mod history;
mod hostile;
mod insights;
mod journal;
mod reminders;
mod store;
mod transfer;
mod trust;

use std::ffi::OsStr;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use rusqlite::Connection;
use tend_core::failpoint::FAILPOINT_VAR;

/// Builds a database file from SQL, as an older (or newer) Tend would have left it.
pub fn database_from_sql(dir: &Path, sql: &str) {
    std::fs::create_dir_all(dir).unwrap();
    let conn = Connection::open(dir.join(tend_core::store::DB_FILE)).unwrap();
    conn.execute_batch(sql).unwrap();
}

/// Runs the test `child` of this binary again, as a child process with `env` set, stopping at
/// `failpoint`: with `kill` it is SIGKILLed once it gets there, else that step fails with an
/// error. The child says `tend-child: …` when it is done. Answers what it said on stderr.
pub fn run_child_to_failpoint(child: &str, env: &[(&str, &OsStr)], failpoint: &str, kill: bool) -> String {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args(["--exact", child, "--nocapture", "--test-threads=1"])
        .env(
            FAILPOINT_VAR,
            if kill {
                failpoint.to_owned()
            } else {
                format!("{failpoint}:error")
            },
        )
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command.spawn().unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut said = String::new();
    for line in BufReader::new(stderr).lines() {
        let line = line.unwrap();
        said.push_str(&line);
        said.push('\n');
        if kill && line.contains(&format!("tend: failpoint {failpoint} reached")) {
            child.kill().unwrap(); // SIGKILL
            break;
        }
        if line.starts_with("tend-child:") {
            break;
        }
    }
    child.wait().unwrap();
    said
}
