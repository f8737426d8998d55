//! How Tend holds up after ten years of use: 5 check-ins a day for 3,650 days, written through
//! the production `Store` into a real file, then the calls the UI makes, each timed many times.
//!
//! Why: the store promises that a save is durable yet quick, and that keyset paging keeps a page
//! nine years back as fast as the first. Those promises only mean something at the size a
//! long-time user's database reaches, so this makes one and measures against the targets
//! (every query ≤ 20 ms at p99, a save ≤ 10 ms at p99).
//!
//! Run it with `cargo bench -p tend-core --bench history` (a release build). It is a documented
//! command, not part of the test suite: it takes a minute or so and its numbers depend on the
//! machine, so it reports "over" rather than failing.
//!
//! The history is the same on every run (a fixed seed) and shaped like real use: answers
//! skipped at random, a few dozen recurring activity and feeling words, notes of up to 600
//! characters with some non-ASCII text, the time spread through each day, summer time, and half
//! a year lived at UTC-05:00.

// A benchmark's report is what it prints.
#![allow(clippy::print_stdout)]
// A benchmark whose setup goes wrong should stop loudly rather than report numbers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::error::Error;
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use chrono::{DateTime, Datelike, Days, FixedOffset, Months, NaiveDate, NaiveTime, TimeZone};
use fastrand::Rng;
use support::{Measured, capitalised, file_size, measure, print_table};
use tend_core::store::{DB_FILE, TimelineCursor};
use tend_core::{NewCheckIn, Store};

/// The same history on every run.
const SEED: u64 = 0x7e4d_2016_0101;
/// Ten years of days.
const DAYS: u64 = 3_650;
const CHECK_INS_PER_DAY: usize = 5;
/// The page size the UI asks for.
const PAGE: usize = 30;

const QUERY_TARGET_MS: f64 = 20.0;
const SAVE_TARGET_MS: f64 = 10.0;
/// A purge is background work, but commands wait for it: it should pass unnoticed.
const PURGE_TARGET_MS: f64 = 1_000.0;
/// How many purges are timed (each removes one of the newest check-ins).
const PURGES: usize = 6;

const ACTIVITIES: [&str; 20] = [
    "walk",
    "dinner",
    "cooking",
    "movie",
    "talk",
    "coffee",
    "breakfast",
    "groceries",
    "gardening",
    "reading together",
    "board games",
    "run",
    "cleaning",
    "phone call",
    "visiting family",
    "swimming",
    "concert",
    "museum",
    "bike ride",
    "road trip",
];

const FEELINGS: [&str; 25] = [
    "calm",
    "tired",
    "happy",
    "grateful",
    "close",
    "distant",
    "content",
    "anxious",
    "hopeful",
    "frustrated",
    "loved",
    "restless",
    "relieved",
    "lonely",
    "playful",
    "proud",
    "sad",
    "irritated",
    "tender",
    "overwhelmed",
    "curious",
    "peaceful",
    "hurt",
    "excited",
    "safe",
];

const PARTNER_ASKED: [&str; 8] = [
    "To pick up the kids on Thursday",
    "More time for just the two of us",
    "That I call my mother back",
    "To listen without fixing it",
    "Help with the tax forms",
    "A walk after dinner",
    "Nothing today",
    "To plan the summer trip together",
];

const UNSAID: [&str; 6] = [
    "I miss how we used to talk before bed",
    "The comment at dinner stung",
    "I'm worried about money",
    "I'm proud of how they handled work",
    "I want us to travel more",
    "I felt left out on Saturday",
];

const PARTNER_SEEMED: [&str; 8] = [
    "Tired but warm",
    "Distracted by work",
    "Light and funny",
    "Quiet, a bit far away",
    "Relaxed after the weekend",
    "Stressed about the deadline",
    "Happy to see me",
    "Sad about their dad",
];

/// Words for notes, split at white space; some non-ASCII, as real notes have.
const NOTE_WORDS: &str = "we talked about the week and it felt good to laugh again after dinner she he said maybe \
    tomorrow was long but quiet I noticed how much garden café déjà vu naïve Grüße über smörgåsbord jalapeño façade \
    Straße ça va 日曜日 散歩 🙂 ❤️ — “really” señor crème brûlée Ærø Zürich";

fn main() -> Result<(), Box<dyn Error>> {
    let mut rng = Rng::with_seed(SEED);
    let first_day = NaiveDate::from_ymd_opt(2016, 1, 1).expect("a real date");
    let last_day = first_day + Days::new(DAYS - 1);
    // A temporary directory on the disk TMPDIR names: tmpfs there would make fsync free and the
    // save timings meaningless. TEND_BENCH_KEEP=1 keeps it, for EXPLAIN QUERY PLAN by hand.
    let dir = tempfile::Builder::new().prefix("tend-bench-").tempdir()?;

    println!(
        "Tend history benchmark: {DAYS} days x {CHECK_INS_PER_DAY} check-ins, {first_day} to {last_day}, seed {SEED:#x}"
    );

    // Generating. Production saves run with synchronous=FULL, one fsync per save, which would
    // make 18,250 saves take minutes on a slow disk. The history's contents do not depend on
    // when they reached the disk, so the generation alone runs with synchronous=OFF; the store
    // is then closed and opened again, which applies the production pragmas
    // (`tend_core::store::configure`) before anything is measured.
    let mut store = Store::open(dir.path())?;
    store.connection().pragma_update(None, "synchronous", "OFF")?;
    let started = Instant::now();
    for day in 0..DAYS {
        let date = first_day + Days::new(day);
        for now in times_of_day(&mut rng, date, day) {
            store.save_check_in(&random_check_in(&mut rng), now)?;
        }
    }
    let generation = started.elapsed();
    drop(store);
    let mut store = support::reopen(dir.path())?;
    let synchronous: i64 = store
        .connection()
        .pragma_query_value(None, "synchronous", |row| row.get(0))?;
    let journal: String = store
        .connection()
        .pragma_query_value(None, "journal_mode", |row| row.get(0))?;
    assert_eq!(synchronous, 2, "measured with synchronous=FULL, as in production");

    let rows: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM check_in", [], |row| row.get(0))?;
    let labels: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM check_in_label", [], |row| row.get(0))?;
    println!(
        "generated {rows} check-ins ({labels} activity and feeling labels) in {:.3} s (synchronous=OFF while generating)",
        generation.as_secs_f64()
    );
    println!(
        "database {} {} ({}), then opened again: journal_mode={journal}, synchronous=FULL",
        dir.path().join(DB_FILE).display(),
        file_size(&dir.path().join(DB_FILE)),
        wal_size(dir.path()),
    );

    let mut results: Vec<Measured> = Vec::new();

    // Timeline, first page: what the app shows on opening.
    results.push(measure("timeline, first page", 500, QUERY_TARGET_MS, |_| {
        black_box(store.timeline(None, PAGE).unwrap());
    }));

    // Timeline, every page in turn, scrolling from today to the first check-in. The cursors
    // are kept for the deep page below, so it asks with exactly what the UI would send.
    let mut cursors: Vec<(TimelineCursor, NaiveDate)> = Vec::new();
    let mut seen = 0;
    let mut cursor: Option<TimelineCursor> = None;
    let mut walk = Vec::new();
    loop {
        let started = Instant::now();
        let page = store.timeline(cursor.as_ref(), PAGE)?;
        walk.push(started.elapsed());
        seen += page.check_ins.len();
        match (page.next, page.check_ins.last().and_then(|c| c.local_date())) {
            (Some(next), Some(date)) => {
                cursors.push((next.clone(), date));
                cursor = Some(next);
            }
            _ => break,
        }
    }
    assert_eq!(seen as i64, rows, "paging shows every check-in exactly once");
    results.push(Measured::new(
        "timeline, every page in turn",
        QUERY_TARGET_MS,
        None,
        walk,
    ));

    // Timeline, a page more than nine years back, from cursors the walk above was given.
    let nine_years_back = last_day.checked_sub_months(Months::new(9 * 12)).expect("a real date");
    let deep: Vec<&TimelineCursor> = cursors
        .iter()
        .filter(|(_, date)| *date < nine_years_back)
        .map(|(c, _)| c)
        .collect();
    assert!(!deep.is_empty(), "the history reaches more than nine years back");
    results.push(measure("timeline, page 9+ years back", 500, QUERY_TARGET_MS, |_| {
        let cursor = deep[rng.usize(0..deep.len())];
        black_box(store.timeline(Some(cursor), PAGE).unwrap());
    }));

    results.push(measure("calendar month", 500, QUERY_TARGET_MS, |_| {
        let month = first_day
            .checked_add_months(Months::new(rng.u32(0..120)))
            .expect("a real month");
        black_box(store.calendar_month(month.year(), month.month()).unwrap());
    }));

    results.push(measure("check-ins of a day", 1000, QUERY_TARGET_MS, |_| {
        let day = first_day + Days::new(rng.u64(0..DAYS));
        black_box(store.check_ins_on(day).unwrap());
    }));

    results.push(measure("insights (with on this day)", 200, QUERY_TARGET_MS, |_| {
        black_box(store.insights(last_day, true).unwrap());
    }));

    results.push(measure("known labels", 200, QUERY_TARGET_MS, |_| {
        black_box(store.known_labels(last_day).unwrap());
    }));

    // Saving last, so the queries above saw exactly the generated history. Typical full
    // check-ins, written after the last day, five a day as before.
    let full = full_check_in();
    let save_from = last_day + Days::new(1);
    let save = measure("save (synchronous=FULL)", 200, SAVE_TARGET_MS, |i| {
        let date = save_from + Days::new(i as u64 / CHECK_INS_PER_DAY as u64);
        let time = NaiveTime::from_hms_opt(8 + 3 * (i % CHECK_INS_PER_DAY) as u32, 15, 0).expect("a real time");
        let now = plus_one().from_local_datetime(&date.and_time(time)).unwrap();
        black_box(store.save_check_in(&full, now).unwrap());
    });
    results.insert(0, save);

    // A purge takes a deleted check-in's words out of the files for good: the rows, both search
    // indexes merged, and the whole file rewritten (`VACUUM`). It runs in the background after
    // the undo window, and commands wait for it meanwhile.
    let newest = store.timeline(None, PURGES).unwrap().check_ins;
    let long_ago = chrono::Utc::now() - chrono::Duration::hours(1);
    results.push(measure(
        "purge one deleted (rewrites file)",
        PURGES - 1,
        PURGE_TARGET_MS,
        |i| {
            store.delete_check_in(newest[i].id, long_ago).unwrap();
            black_box(store.purge_deleted(None).unwrap());
        },
    ));

    print_table(&results);
    println!(
        "database file after the saves {} ({})",
        file_size(&dir.path().join(DB_FILE)),
        wal_size(dir.path())
    );
    if std::env::var_os("TEND_BENCH_KEEP").is_some() {
        drop(store);
        println!("kept {}", dir.keep().display());
    }
    Ok(())
}

/// Five moments through the day, in the writer's offset that day: summer time from April to
/// October, and half a year (2023-10 to 2024-03) lived at UTC-05:00.
fn times_of_day(rng: &mut Rng, date: NaiveDate, day: u64) -> Vec<DateTime<FixedOffset>> {
    let offset = if (2_830..3_010).contains(&day) {
        FixedOffset::west_opt(5 * 3_600).expect("a real offset")
    } else if (4..=10).contains(&date.month()) {
        FixedOffset::east_opt(2 * 3_600).expect("a real offset")
    } else {
        plus_one()
    };
    // Seconds since midnight, between 06:30 and 23:45.
    let mut seconds: Vec<u32> = (0..CHECK_INS_PER_DAY)
        .map(|_| rng.u32(6 * 3_600 + 1_800..23 * 3_600 + 2_700))
        .collect();
    seconds.sort_unstable();
    seconds
        .into_iter()
        .map(|s| {
            let time =
                NaiveTime::from_num_seconds_from_midnight_opt(s, rng.u32(0..1_000) * 1_000_000).expect("a real time");
            offset.from_local_datetime(&date.and_time(time)).unwrap()
        })
        .collect()
}

fn plus_one() -> FixedOffset {
    FixedOffset::east_opt(3_600).expect("a real offset")
}

/// A check-in with a random subset of answers, as people skip what they like.
fn random_check_in(rng: &mut Rng) -> NewCheckIn {
    let mut new = NewCheckIn {
        together_minutes: rng.chance(0.7).then(|| rng.i64(0..=240)),
        activities: pick_labels(rng, &ACTIVITIES, 3),
        presence: rng
            .chance(0.75)
            .then(|| ["elsewhere", "partly", "fully"][rng.usize(0..3)].to_owned()),
        partner_shared: rng.chance(0.6).then(|| rng.bool()),
        partner_asked: sometimes(rng, 0.25, &PARTNER_ASKED),
        unsaid: sometimes(rng, 0.15, &UNSAID),
        feelings: pick_labels(rng, &FEELINGS, 4),
        partner_seemed: sometimes(rng, 0.35, &PARTNER_SEEMED),
        note: if rng.chance(0.7) {
            let chars = rng.usize(0..=600);
            note(rng, chars)
        } else {
            String::new()
        },
    };
    if new.validate().is_err() {
        // Everything skipped: the store refuses an empty check-in, so say something.
        new.note = "A quiet day.".to_owned();
    }
    new
}

/// What a full check-in looks like: every question answered.
fn full_check_in() -> NewCheckIn {
    let mut rng = Rng::with_seed(SEED ^ 0xf011);
    NewCheckIn {
        together_minutes: Some(95),
        activities: vec!["dinner".into(), "walk".into(), "talk".into()],
        presence: Some("fully".into()),
        partner_shared: Some(true),
        partner_asked: PARTNER_ASKED[1].into(),
        unsaid: UNSAID[0].into(),
        feelings: vec!["close".into(), "tired".into(), "grateful".into(), "calm".into()],
        partner_seemed: PARTNER_SEEMED[0].into(),
        note: note(&mut rng, 400),
    }
}

trait Chance {
    fn chance(&mut self, p: f64) -> bool;
}

impl Chance for Rng {
    fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }
}

fn sometimes(rng: &mut Rng, p: f64, pool: &[&str]) -> String {
    if rng.chance(p) {
        pool[rng.usize(0..pool.len())].to_owned()
    } else {
        String::new()
    }
}

/// Up to `most` different words from `pool`, the first words more often (as people have their
/// usual ones), now and then capitalised (which the store counts as the same word).
fn pick_labels(rng: &mut Rng, pool: &[&str], most: usize) -> Vec<String> {
    let count = rng.usize(0..=most);
    let mut picked: Vec<usize> = Vec::new();
    while picked.len() < count {
        let i = rng.usize(0..pool.len()).min(rng.usize(0..pool.len()));
        if !picked.contains(&i) {
            picked.push(i);
        }
    }
    picked
        .into_iter()
        .map(|i| {
            if rng.chance(0.05) {
                capitalised(pool[i])
            } else {
                pool[i].to_owned()
            }
        })
        .collect()
}

/// Sentences of note words, exactly `chars` characters long.
fn note(rng: &mut Rng, chars: usize) -> String {
    let words: Vec<&str> = NOTE_WORDS.split_whitespace().collect();
    let mut text = String::new();
    let mut sentence = 0;
    while text.chars().count() < chars {
        let word = words[rng.usize(0..words.len())];
        if sentence == 0 {
            if !text.is_empty() {
                text.push_str(if rng.chance(0.15) { "\n\n" } else { " " });
            }
            text.push_str(&capitalised(word));
        } else {
            text.push(' ');
            text.push_str(word);
        }
        sentence += 1;
        if sentence > 5 && rng.chance(0.15) {
            text.push('.');
            sentence = 0;
        }
    }
    text.chars().take(chars).collect()
}

fn wal_size(dir: &Path) -> String {
    format!("WAL {}", file_size(&dir.join(format!("{DB_FILE}-wal"))))
}
