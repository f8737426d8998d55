//! tend-core's integration tests, on real SQLite files. Modules mirror `src/`.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod bindings;
mod check_in;
mod crash;
mod damage;
mod encryption;
mod error;
mod history;
mod hostile;
mod insights;
mod journal;
mod reminders;
mod store;

use std::path::Path;

use rusqlite::Connection;

/// Builds a database file from SQL, as an older (or newer) Tend would have left it.
pub fn database_from_sql(dir: &Path, sql: &str) {
    std::fs::create_dir_all(dir).unwrap();
    let conn = Connection::open(dir.join(tend_core::store::DB_FILE)).unwrap();
    conn.execute_batch(sql).unwrap();
}
