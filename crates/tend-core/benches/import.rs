//! How long an import of a large export takes, phase by phase: reading the file, the preview,
//! and the import itself into an empty Tend. The file is the JSON the journal benchmark writes
//! at ten years (`TEND_BENCH_KEEP=1 cargo bench -p tend-core --bench journal` keeps it), named
//! by `TEND_IMPORT_FILE`.
//!
//! Run it with `TEND_IMPORT_FILE=… cargo bench -p tend-core --bench import`. A documented
//! command, not part of the test suite; it reports "over" rather than failing.

#![allow(clippy::print_stdout)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use tend_core::Store;
use tend_core::data;

/// An import of ten years should take under this.
const GOAL_S: f64 = 5.0;

fn main() {
    let Some(file) = std::env::var_os("TEND_IMPORT_FILE") else {
        println!("TEND_IMPORT_FILE names the export to import; nothing to do");
        return;
    };
    let started = Instant::now();
    let bytes = data::read_limited(std::path::Path::new(&file)).unwrap();
    let doc = data::read_tend(&bytes).unwrap();
    let read = started.elapsed().as_secs_f64();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let started = Instant::now();
    let preview = store.preview_import(&doc).unwrap();
    let previewed = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let imported = store.import_document(&doc).unwrap();
    let written = started.elapsed().as_secs_f64();
    assert_eq!(preview.check_ins, imported.check_ins);
    let total = read + previewed + written;
    println!(
        "{} check-ins, {} entries: read {read:.2} s, preview {previewed:.2} s, import {written:.2} s, \
         in all {total:.2} s{}",
        imported.check_ins,
        imported.entries,
        if total > GOAL_S {
            "  OVER the 5 s goal"
        } else {
            "  (goal 5 s)"
        }
    );
}
