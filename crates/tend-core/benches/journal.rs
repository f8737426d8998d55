//! How journal search holds up after ten years of writing: about 7,000 Markdown entries and
//! 18,250 short check-ins (the one search index covers both), written through the production
//! `Store` into a real file, then the searches and saves the journal screen makes, each timed
//! many times.
//!
//! Why: search is the one journal call whose cost grows with everything ever written, through
//! a trigram index whose size is several times the text's, and a one- or two-character term (a
//! Chinese word, say), which trigrams cannot find, goes through a second index of characters
//! and pairs of characters that every save also writes. Whether a search still answers within the targets
//! (every query ≤ 20 ms at p99, a save or autosave ≤ 10 ms at p99) is only known at the size a
//! long-time writer's database reaches, so this makes one and measures.
//!
//! Run it with `cargo bench -p tend-core --bench journal` (a release build). It is a documented
//! command, not part of the test suite: it takes a few minutes and its numbers depend on the
//! machine, so it reports "over" rather than failing. TEND_BENCH_KEEP=1 keeps the database, for
//! EXPLAIN QUERY PLAN by hand.
//!
//! The journal is the same on every run (a fixed seed) and shaped like real writing: entries on
//! most days, mostly 300 to 2,000 characters, some up to 8,000 and a few short; paragraphs,
//! headings, lists and emphasis; accented words, emoji, and now and then a sentence in Chinese,
//! Japanese or Arabic; a title on about half, up to three tags from fifteen.

// A benchmark's report is what it prints.
#![allow(clippy::print_stdout)]
// A benchmark whose setup goes wrong should stop loudly rather than report numbers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::error::Error;
use std::hint::black_box;
use std::time::Instant;

use chrono::{DateTime, Datelike, Days, FixedOffset, NaiveDate, NaiveTime, TimeZone};
use fastrand::Rng;
use support::{Measured, capitalised, file_size, measure, print_table};
use tend_core::data::ExportKind;
use tend_core::journal::EntryDraft;
use tend_core::search::{HitKind, SearchQuery};
use tend_core::store::DB_FILE;
use tend_core::{NewCheckIn, Store};

/// The same journal on every run.
const SEED: u64 = 0x7e4d_2016_0a11;
/// Ten years of days.
const DAYS: u64 = 3_650;
const CHECK_INS_PER_DAY: usize = 5;
/// Timed calls per operation.
const SAMPLES: usize = 300;

const QUERY_TARGET_MS: f64 = 20.0;
const SAVE_TARGET_MS: f64 = 10.0;
/// A purge is background work, but commands wait for it: it should pass unnoticed.
const PURGE_TARGET_MS: f64 = 1_000.0;
/// How many purges are timed (each removes one of the newest entries).
const PURGES: usize = 4;

/// Words of the entries, the first ones the most used (see [`word`]).
const WORDS: &str = "together the and we I to it was a of she he in that felt about after today talked dinner \
    walk home long quiet tired morning evening kids work week weekend again really little maybe tomorrow said \
    laughed coffee garden rain sun slept late early tea bread kitchen window book phone call mother father friends \
    again soft heavy light hard easy worried grateful happy calm close distant angry sorry listened noticed decided \
    remembered forgot planned cooked cleaned drove train station park river lake forest beach city street market \
    café déjà vu naïve Grüße über smörgåsbord jalapeño façade Straße señor crème brûlée Ærø Zürich São Paulo \
    birthday holiday summer winter spring autumn doctor appointment money rent budget promise argument apology hug";
/// In a few dozen places over ten years.
const RARE: &str = "lighthouse";
/// Sentences in other scripts; 散步 is the two-character term, 散 the one-character one (in
/// Chinese and Japanese), 日曜日 the three-character one. 猫, 猫咪 and "qz" are in none: a search
/// for them looks at everything there is. "th" and "e" are in nearly every row.
const FOREIGN: [&str; 8] = [
    "今天我们一起去公园散步。",
    "晚饭后我们聊了很久，感觉很好。",
    "日曜日に二人で散歩した。",
    "今日はとても静かな一日だった。",
    "كان يوما جميلا معا.",
    "تحدثنا طويلا بعد العشاء.",
    "Grüße aus Zürich — ça va très bien, merci.",
    "雨の日曜日、家でゆっくり本を読んだ。",
];
const EMOJI: [&str; 6] = ["🙂", "❤️", "🌧️", "☕", "🌱", "😅"];
const TAGS: [&str; 15] = [
    "family",
    "travel",
    "work",
    "health",
    "gratitude",
    "money",
    "kids",
    "friends",
    "home",
    "dreams",
    "conflict",
    "date night",
    "holidays",
    "reading",
    "therapy",
];

fn main() -> Result<(), Box<dyn Error>> {
    let mut rng = Rng::with_seed(SEED);
    let words: Vec<&str> = WORDS.split_whitespace().collect();
    let first_day = NaiveDate::from_ymd_opt(2016, 1, 1).expect("a real date");
    let last_day = first_day + Days::new(DAYS - 1);
    // A temporary directory on the disk TMPDIR names: tmpfs there would make fsync free and the
    // save timings meaningless.
    let dir = tempfile::Builder::new().prefix("tend-bench-").tempdir()?;
    println!(
        "Tend journal search benchmark: {DAYS} days, ~2 entries and {CHECK_INS_PER_DAY} check-ins a day, \
         {first_day} to {last_day}, seed {SEED:#x}"
    );

    // Generating, with synchronous=OFF as the contents do not depend on when they reached the
    // disk; the store is then opened again, which applies the production pragmas.
    let mut store = Store::open(dir.path())?;
    store.connection().pragma_update(None, "synchronous", "OFF")?;
    let started = Instant::now();
    for day in 0..DAYS {
        let date = first_day + Days::new(day);
        // No entry on about one day in twenty-five, else one to three.
        let entries = if chance(&mut rng, 0.04) { 0 } else { rng.usize(1..=3) };
        let mut kinds: Vec<bool> = (0..CHECK_INS_PER_DAY + entries).map(|i| i < entries).collect();
        rng.shuffle(&mut kinds);
        let mut last_check_in = None;
        for (is_entry, now) in kinds
            .into_iter()
            .zip(times_of_day(&mut rng, date, CHECK_INS_PER_DAY + entries))
        {
            if is_entry {
                let mut draft = random_draft(&mut rng, &words);
                draft.check_in_id = last_check_in.filter(|_| chance(&mut rng, 0.1));
                store.save_entry(None, &draft, now)?;
            } else {
                let chars = rng.usize(10..=200);
                let note = NewCheckIn::note(prose(&mut rng, &words, chars));
                last_check_in = Some(store.save_check_in(&note, now)?.id);
            }
        }
    }
    let generation = started.elapsed();
    drop(store);
    let mut store = support::reopen(dir.path())?;
    // TEND_BENCH_OPTIMIZE=1: both search indexes merged into one segment first, as after
    // migration 0006's rebuild or a merge at a quiet moment.
    if std::env::var_os("TEND_BENCH_OPTIMIZE").is_some_and(|v| v == "1") {
        let started = Instant::now();
        store.connection().execute_batch(
            "INSERT INTO search_index (search_index) VALUES ('optimize');
             INSERT INTO search_gram (search_gram) VALUES ('optimize');",
        )?;
        println!(
            "both indexes merged (optimize) in {:.2} s",
            started.elapsed().as_secs_f64()
        );
    }
    let synchronous: i64 = store
        .connection()
        .pragma_query_value(None, "synchronous", |row| row.get(0))?;
    assert_eq!(synchronous, 2, "measured with synchronous=FULL, as in production");

    let count = |sql: &str| -> i64 { store.connection().query_row(sql, [], |row| row.get(0)).unwrap() };
    let (entries, check_ins, indexed) = (
        count("SELECT count(*) FROM journal_entry"),
        count("SELECT count(*) FROM check_in"),
        count("SELECT count(*) FROM search_index"),
    );
    let body_chars = count("SELECT sum(length(body)) FROM journal_entry");
    println!(
        "generated {entries} entries ({:.1} M characters of body) and {check_ins} check-ins, {indexed} rows \
         indexed, in {:.3} s (synchronous=OFF while generating)",
        body_chars as f64 / 1e6,
        generation.as_secs_f64()
    );
    println!(
        "database {} {} (WAL {}), then opened again with synchronous=FULL",
        dir.path().join(DB_FILE).display(),
        file_size(&dir.path().join(DB_FILE)),
        file_size(&dir.path().join(format!("{DB_FILE}-wal"))),
    );

    let text = |text: &str| SearchQuery {
        text: text.to_owned(),
        ..SearchQuery::default()
    };
    let searches: Vec<(&'static str, SearchQuery)> = vec![
        ("search: common word", text("together")),
        ("search: rare word", text(RARE)),
        ("search: two words (AND)", text("garden rain")),
        ("search: 2-char Chinese", text("散步")),
        ("search: 2-char, found nowhere", text("猫咪")),
        ("search: 2-char Latin, nowhere", text("qz")),
        ("search: 1-char Chinese", text("散")),
        ("search: 1-char, found nowhere", text("猫")),
        ("search: 2-char Latin, common", text("th")),
        ("search: 1-char Latin, common", text("e")),
        ("search: 3-char Japanese", text("日曜日")),
        (
            "search: word + tag",
            SearchQuery {
                tag: Some("family".into()),
                ..text("together")
            },
        ),
        (
            "search: tag only",
            SearchQuery {
                tag: Some("travel".into()),
                ..SearchQuery::default()
            },
        ),
    ];
    println!();
    for (name, query) in &searches {
        let hits = store.search(query)?;
        let held = match query.terms()? {
            terms if terms.is_empty() => "no text".to_owned(),
            terms => format!("{} rows hold the text", holding(&store, &terms)?),
        };
        println!(
            "{name:<34} {:?}, tag {:?}: {held}, {} hits returned ({} journal)",
            query.text,
            query.tag,
            hits.len(),
            hits.iter().filter(|h| h.kind == HitKind::Journal).count()
        );
    }

    let mut results: Vec<Measured> = Vec::new();
    for (name, query) in &searches {
        results.push(measure(name, SAMPLES, QUERY_TARGET_MS, |_| {
            black_box(store.search(query).unwrap());
        }));
    }
    // A word within a quarter, somewhere in the ten years.
    results.push(measure(
        "search: word + 3-month range",
        SAMPLES,
        QUERY_TARGET_MS,
        |_| {
            let from = first_day + Days::new(rng.u64(0..DAYS - 92));
            let query = SearchQuery {
                from: Some(from),
                to: Some(from + Days::new(91)),
                ..text("together")
            };
            black_box(store.search(&query).unwrap());
        },
    ));
    results.push(measure("journal, first page", SAMPLES, QUERY_TARGET_MS, |_| {
        black_box(store.journal(None, 30).unwrap());
    }));

    // Saving last, so the queries above saw exactly the generated journal: new entries of about
    // 2,000 characters, three a day after the last day, prepared before the clock starts.
    let drafts: Vec<EntryDraft> = (0..=SAMPLES)
        .map(|_| EntryDraft {
            title: "After the long week".into(),
            body: prose(&mut rng, &words, 2_000),
            tags: vec!["family".into(), "gratitude".into()],
            check_in_id: None,
        })
        .collect();
    let save_from = last_day + Days::new(1);
    results.push(measure("save entry, 2,000 chars", SAMPLES, SAVE_TARGET_MS, |i| {
        let at = NaiveTime::from_hms_opt(9 + 4 * (i % 3) as u32, 5, 0).expect("a real time");
        let now = offset(save_from).from_local_datetime(&(save_from + Days::new(i as u64 / 3)).and_time(at));
        black_box(store.save_entry(None, &drafts[i], now.unwrap()).unwrap());
    }));

    // Autosave: the same entry saved whole every few seconds as it grows around 5,000 characters.
    let long = prose(&mut rng, &words, 5_000 + SAMPLES);
    let mut draft = EntryDraft {
        title: "A long evening".into(),
        body: long.chars().take(5_000 - SAMPLES / 2).collect(),
        tags: vec!["conflict".into()],
        check_in_id: None,
    };
    let begun = offset(save_from)
        .from_local_datetime(&(save_from + Days::new(200)).and_hms_opt(21, 0, 0).expect("a real time"))
        .unwrap();
    let id = store.save_entry(None, &draft, begun)?.id;
    let growing: Vec<String> = (0..=SAMPLES)
        .map(|i| long.chars().take(5_000 - SAMPLES / 2 + i).collect())
        .collect();
    results.push(measure("autosave, 5,000 chars", SAMPLES, SAVE_TARGET_MS, |i| {
        draft.body.clone_from(&growing[i]);
        let now = begun + chrono::Duration::seconds(3 * (i as i64 + 1));
        black_box(store.save_entry(Some(id), &draft, now).unwrap());
    }));

    // A purge takes a deleted entry's words out of the files for good: the rows, both search
    // indexes merged into one segment each, and the whole file rewritten (`VACUUM`). It runs in
    // the background after the undo window; commands wait for it meanwhile.
    let newest = store.journal(None, PURGES)?.entries;
    let long_ago = chrono::Utc::now() - chrono::Duration::hours(1);
    results.push(measure("purge one deleted entry", PURGES - 1, PURGE_TARGET_MS, |i| {
        store.delete_entry(newest[i].id, long_ago).unwrap();
        black_box(store.purge_deleted(None).unwrap());
    }));

    print_table(&results);
    println!(
        "database file after the saves {} (WAL {})",
        file_size(&dir.path().join(DB_FILE)),
        file_size(&dir.path().join(format!("{DB_FILE}-wal")))
    );
    carry_everything(&store)?;
    if std::env::var_os("TEND_BENCH_KEEP").is_some() {
        drop(store);
        println!("kept {}", dir.keep().display());
    }
    Ok(())
}

/// Data the person owns, at ten years: everything exported as JSON and as a Markdown folder,
/// imported into an empty Tend, and one backup. Each is timed once (seconds, not milliseconds):
/// the goal is under 5 s for an export and an import.
fn carry_everything(store: &Store) -> Result<(), Box<dyn Error>> {
    const GOAL_S: f64 = 5.0;
    let report = |what: &str, seconds: f64, goal: Option<f64>| {
        let verdict = match goal {
            Some(goal) if seconds > goal => format!("  OVER the {goal:.0} s goal"),
            Some(goal) => format!("  (goal {goal:.0} s)"),
            None => String::new(),
        };
        println!("{what:<44} {seconds:>7.2} s{verdict}");
    };
    let out = tempfile::tempdir()?;
    let day = NaiveDate::from_ymd_opt(2026, 12, 1).ok_or("a day")?;
    let started = Instant::now();
    let doc = store.export_document(None, chrono::Utc::now())?;
    let json = tend_core::data::export_to(&doc, ExportKind::Json, out.path(), day, None, &mut |_, _| {})?;
    report(
        "export everything as JSON",
        started.elapsed().as_secs_f64(),
        Some(GOAL_S),
    );
    println!("  {} ({})", json.display(), file_size(&json));
    let started = Instant::now();
    let doc = store.export_document(None, chrono::Utc::now())?;
    let folder = tend_core::data::export_to(&doc, ExportKind::Markdown, out.path(), day, None, &mut |_, _| {})?;
    report(
        "export everything as Markdown",
        started.elapsed().as_secs_f64(),
        Some(GOAL_S),
    );
    println!("  {}", folder.display());
    let empty = tempfile::tempdir()?;
    let mut fresh = Store::open(empty.path())?;
    let started = Instant::now();
    let read = tend_core::data::read_tend(&tend_core::data::read_limited(&json)?)?;
    let preview = fresh.preview_import(&read)?;
    let imported = fresh.import_document(&read)?;
    report(
        "import it into an empty Tend (with preview)",
        started.elapsed().as_secs_f64(),
        Some(GOAL_S),
    );
    assert_eq!(preview.check_ins, imported.check_ins);
    println!("  {} check-ins, {} entries added", imported.check_ins, imported.entries);
    let started = Instant::now();
    let backup = store.backup_now(chrono::Utc::now())?;
    report(
        "one backup (VACUUM INTO, synced)",
        started.elapsed().as_secs_f64(),
        None,
    );
    println!("  {} bytes", backup.size);
    if std::env::var_os("TEND_BENCH_KEEP").is_some() {
        println!("kept the exports in {}", out.keep().display());
    }
    Ok(())
}

/// How many indexed rows hold every term, filters aside: the rows a search has to rank or sift.
/// The trigram index finds the terms of three characters or more; fewer are found here with
/// LIKE over the index's text, which holds the rows the gram index finds for them.
fn holding(store: &Store, terms: &[String]) -> rusqlite::Result<i64> {
    if terms.is_empty() {
        return Ok(0);
    }
    let (long, short): (Vec<&String>, Vec<&String>) = terms.iter().partition(|t| t.chars().count() >= 3);
    let mut values: Vec<String> = Vec::new();
    let mut conditions: Vec<String> = Vec::new();
    if !long.is_empty() {
        values.push(long.iter().map(|t| format!("\"{t}\"")).collect::<Vec<_>>().join(" "));
        conditions.push("search_index MATCH ?1".to_owned());
    }
    for term in short {
        values.push(format!("%{term}%"));
        let n = values.len();
        conditions.push(format!("(title LIKE ?{n} OR body LIKE ?{n} OR tags LIKE ?{n})"));
    }
    let sql = format!("SELECT count(*) FROM search_index WHERE {}", conditions.join(" AND "));
    store
        .connection()
        .query_row(&sql, rusqlite::params_from_iter(values), |row| row.get(0))
}

/// Summer time from April to October.
fn offset(date: NaiveDate) -> FixedOffset {
    let hours = if (4..=10).contains(&date.month()) { 2 } else { 1 };
    FixedOffset::east_opt(hours * 3_600).expect("a real offset")
}

/// `n` moments between 06:30 and 23:45, in order.
fn times_of_day(rng: &mut Rng, date: NaiveDate, n: usize) -> Vec<DateTime<FixedOffset>> {
    let mut seconds: Vec<u32> = (0..n).map(|_| rng.u32(6 * 3_600 + 1_800..23 * 3_600 + 2_700)).collect();
    seconds.sort_unstable();
    seconds
        .into_iter()
        .map(|s| {
            let time = NaiveTime::from_num_seconds_from_midnight_opt(s, 0).expect("a real time");
            offset(date).from_local_datetime(&date.and_time(time)).unwrap()
        })
        .collect()
}

fn chance(rng: &mut Rng, p: f64) -> bool {
    rng.f64() < p
}

/// An entry as people write them: a title on about half, up to three tags, and a body of
/// mostly 300 to 2,000 characters, some up to 8,000 and a few short.
fn random_draft(rng: &mut Rng, words: &[&str]) -> EntryDraft {
    let title = if chance(rng, 0.5) {
        let n = rng.usize(2..=5);
        capitalised(&(0..n).map(|_| word(rng, words)).collect::<Vec<_>>().join(" "))
    } else {
        String::new()
    };
    let mut tags: Vec<String> = Vec::new();
    for _ in 0..rng.usize(0..=3) {
        let tag = TAGS[rng.usize(0..TAGS.len()).min(rng.usize(0..TAGS.len()))];
        if !tags.iter().any(|t| t == tag) {
            tags.push(tag.to_owned());
        }
    }
    let chars = match rng.f64() {
        p if p < 0.06 => rng.usize(15..300),
        p if p < 0.86 => rng.usize(300..=2_000),
        p if p < 0.98 => rng.usize(2_000..=5_000),
        _ => rng.usize(5_000..=8_000),
    };
    EntryDraft {
        title,
        body: prose(rng, words, chars),
        tags,
        check_in_id: None,
    }
}

/// A word of the pool, the first ones more often (as people have their usual words), and
/// [`RARE`] once in eighty thousand.
fn word<'a>(rng: &mut Rng, words: &[&'a str]) -> &'a str {
    if chance(rng, 1.0 / 80_000.0) {
        RARE
    } else {
        words[rng.usize(0..words.len()).min(rng.usize(0..words.len()))]
    }
}

/// Markdown-ish text, exactly `chars` characters long: paragraphs of sentences with now and
/// then emphasis or an emoji, headings, lists, and sentences in other scripts.
fn prose(rng: &mut Rng, words: &[&str], chars: usize) -> String {
    let sentence = |rng: &mut Rng| -> String {
        let n = rng.usize(5..=16);
        let mut s = capitalised(word(rng, words));
        for _ in 1..n {
            let w = word(rng, words);
            s.push(' ');
            if chance(rng, 0.03) {
                s.push_str(&format!("**{w}**"));
            } else {
                s.push_str(w);
            }
        }
        s.push(if chance(rng, 0.1) { '?' } else { '.' });
        if chance(rng, 0.05) {
            s.push(' ');
            s.push_str(EMOJI[rng.usize(0..EMOJI.len())]);
        }
        s
    };
    let mut text = String::new();
    let mut len = 0;
    while len < chars {
        let block = match rng.f64() {
            p if p < 0.06 => format!("## {}", sentence(rng).trim_end_matches(['.', '?'])),
            p if p < 0.13 => (0..rng.usize(2..=4))
                .map(|_| format!("- {}", sentence(rng)))
                .collect::<Vec<_>>()
                .join("\n"),
            p if p < 0.20 => FOREIGN[rng.usize(0..FOREIGN.len())].to_owned(),
            _ => (0..rng.usize(1..=5))
                .map(|_| sentence(rng))
                .collect::<Vec<_>>()
                .join(" "),
        };
        if !text.is_empty() {
            text.push_str("\n\n");
            len += 2;
        }
        len += block.chars().count();
        text.push_str(&block);
    }
    text.chars().take(chars).collect()
}
