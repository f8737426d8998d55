//! What both benchmarks share: timing an operation many times, the table of percentiles
//! against targets, and small text helpers for generating realistic data.

use std::path::Path;
use std::time::{Duration, Instant};

/// One operation's timings: the first call (cold statement cache and pages), then `samples`.
#[derive(Debug)]
pub struct Measured {
    name: &'static str,
    target_ms: f64,
    first: Option<Duration>,
    samples: Vec<Duration>,
}

impl Measured {
    pub fn new(name: &'static str, target_ms: f64, first: Option<Duration>, mut samples: Vec<Duration>) -> Measured {
        samples.sort();
        Measured {
            name,
            target_ms,
            first,
            samples,
        }
    }

    /// Nearest-rank percentile.
    pub fn percentile(&self, p: f64) -> Duration {
        let rank = ((p / 100.0) * self.samples.len() as f64).ceil() as usize;
        self.samples[rank.clamp(1, self.samples.len()) - 1]
    }
}

/// Calls `op` once (reported as "first", left out of the percentiles: it prepares the
/// statements), then `count` times, timing each call.
pub fn measure(name: &'static str, count: usize, target_ms: f64, mut op: impl FnMut(usize)) -> Measured {
    let started = Instant::now();
    op(count);
    let first = started.elapsed();
    let samples = (0..count)
        .map(|i| {
            let started = Instant::now();
            op(i);
            started.elapsed()
        })
        .collect();
    Measured::new(name, target_ms, Some(first), samples)
}

pub fn print_table(results: &[Measured]) {
    let ms = |d: Duration| format!("{:.3}", d.as_secs_f64() * 1_000.0);
    println!();
    println!(
        "{:<34} {:>6} {:>9} {:>9} {:>9} {:>9} {:>8}  p99",
        "operation (ms)", "count", "first", "p50", "p99", "max", "target"
    );
    let mut over = 0;
    for r in results {
        let p99 = r.percentile(99.0);
        let ok = p99.as_secs_f64() * 1_000.0 <= r.target_ms;
        if !ok {
            over += 1;
        }
        println!(
            "{:<34} {:>6} {:>9} {:>9} {:>9} {:>9} {:>8}  {}",
            r.name,
            r.samples.len(),
            r.first.map(ms).unwrap_or_else(|| "-".into()),
            ms(r.percentile(50.0)),
            ms(p99),
            ms(*r.samples.last().expect("at least one sample")),
            format!("{:.3}", r.target_ms),
            if ok { "ok" } else { "over" },
        );
    }
    println!();
    if over == 0 {
        println!("every operation is within its target at p99");
    } else {
        println!("{over} operation(s) over target at p99");
    }
}

pub fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub fn file_size(path: &Path) -> String {
    match std::fs::metadata(path) {
        Ok(meta) => format!("{:.1} MiB", meta.len() as f64 / (1024.0 * 1024.0)),
        Err(_) => "missing".to_owned(),
    }
}

/// Opens the generated store in `dir` again for measuring, as production would. With
/// `TEND_BENCH_ENCRYPTED=1` it is first encrypted under a passphrase (the time that takes is
/// printed: turning a passphrase on for a ten-year database), then unlocked as at a start (the
/// Argon2id derivation and the first read, printed too), so every figure after is encrypted.
pub fn reopen(dir: &Path) -> Result<tend_core::Store, tend_core::Error> {
    use tend_core::store::convert;
    use tend_core::vault::Passphrase;
    let encrypted = std::env::var_os("TEND_BENCH_ENCRYPTED").is_some_and(|v| v == "1");
    if !encrypted {
        return tend_core::Store::open(dir);
    }
    const PASSPHRASE: &str = "a bench of ten years";
    let mut store = tend_core::Store::open(dir)?;
    let started = std::time::Instant::now();
    drop(store.encrypt(&Passphrase::from(PASSPHRASE))?);
    println!(
        "encrypted with a passphrase in {:.2} s (sqlcipher_export, checked, synced and swapped in)",
        started.elapsed().as_secs_f64()
    );
    drop(store);
    let mut unlocks = Vec::new();
    for _ in 0..5 {
        let started = std::time::Instant::now();
        let store = convert::unlock(dir, &Passphrase::from(PASSPHRASE))?;
        let _: i64 = store
            .connection()
            .query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0))?;
        unlocks.push(started.elapsed());
    }
    unlocks.sort();
    println!(
        "unlocked (Argon2id m=64 MiB t=3 p=4, then the first read) in {:.0} ms (median of 5; fastest {:.0} ms)",
        unlocks[2].as_secs_f64() * 1000.0,
        unlocks[0].as_secs_f64() * 1000.0
    );
    convert::unlock(dir, &Passphrase::from(PASSPHRASE))
}
