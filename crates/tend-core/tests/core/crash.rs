//! Crash safety (issue 15): the real store in a child process makes acknowledged writes of every
//! kind, and the parent SIGKILLs it at random moments. After each kill the store opens again,
//! every write the child acknowledged is there exactly, the words of every row deleted before an
//! acknowledged purge have left `tend.db` and its `-wal`, and the database is whole. Then a kill,
//! and a failure, at each failpoint of migrating, purging and writing the key file that
//! `encryption.rs` doesn't already stop at.
//!
//! The child acknowledges a write by printing `ack …` on stdout after the call returned `Ok`,
//! and announces it with `try …` before the call, so the parent knows the one write that may or
//! may not have happened when the kill came. `TEND_CRASH_SEED` replays a run's choices (the kill
//! moments depend on timing too, so a replay lands near, not exactly, where the run did);
//! `TEND_CRASH_KILLS` sets how many kills (200 by default).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Debug;
use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use chrono::{FixedOffset, Utc};
use fastrand::Rng;
use rusqlite::Connection;
use tend_core::journal::EntryDraft;
use tend_core::prompts::Practice;
use tend_core::store::convert::{self, CONVERTING};
use tend_core::store::recover;
use tend_core::store::{BACKUP_DIR, DB_FILE, DraftKind};
use tend_core::vault::{KEY_FILE, KeyFile, Passphrase};
use tend_core::{Error, NewCheckIn, Recovery, SharedStore, Storage, Store};

use crate::database_from_sql;

/// The passphrases a store is kept under; changing it goes to the other one.
const PASSPHRASES: [&str; 2] = ["a quiet walk home", "the long way round"];

/// Every text the child writes holds one marker, `zq` and twelve hex digits, so the parent can
/// look for a deleted row's words in the files' bytes.
const MARKER_PREFIX: &[u8] = b"zq";
const MARKER_DIGITS: usize = 12;

/// Words the texts are made of besides their marker: several scripts, Markdown, emoji.
const WORDS: &[&str] = &[
    "we",
    "walked",
    "home",
    "slowly",
    "and",
    "talked",
    "一起散步",
    "很平静",
    "사랑",
    "산책",
    "🌿",
    "❤️",
    "**listened**",
    "_gently_",
    "dinner",
    "日曜日",
    "Zürich",
    "naïve",
    "شعرت",
    "بالهدوء",
    "- a list",
    "> quoted",
    "100%",
    "a_b",
];

fn hash_of(value: &impl Debug) -> u64 {
    let mut hasher = DefaultHasher::new();
    format!("{value:?}").hash(&mut hasher);
    hasher.finish()
}

fn marker(rng: &mut Rng) -> String {
    format!("zq{:012x}", rng.u64(..1 << 48))
}

/// Some words around `marker`: mostly short, now and then long (an entry grown over an evening).
fn text(rng: &mut Rng, marker: &str) -> String {
    let words = match rng.u8(..10) {
        0 => rng.usize(300..1_500),
        1..=3 => rng.usize(20..200),
        _ => rng.usize(1..20),
    };
    let mut text = String::new();
    let at = rng.usize(..=words);
    for i in 0..=words {
        if i == at {
            text.push_str(marker);
        } else {
            text.push_str(WORDS[rng.usize(..WORDS.len())]);
        }
        text.push(if rng.u8(..12) == 0 { '\n' } else { ' ' });
    }
    text
}

fn moment(rng: &mut Rng) -> chrono::DateTime<FixedOffset> {
    let offset = FixedOffset::east_opt([3600, -5 * 3600, 9 * 3600, 0][rng.usize(..4)]).unwrap();
    Utc::now().with_timezone(&offset)
}

// ---------------------------------------------------------------------------------------------
// The child: one life of the store, writing until it is killed.

/// What the child says, one line at a time, flushed at once (a kill must find it in the pipe).
fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{line}").unwrap();
    out.flush().unwrap();
}

/// Opens the store in `dir` as Tend does: a conversion a crash interrupted is settled first, then
/// the key file says whether a passphrase is needed (and which of [`PASSPHRASES`] opens it).
fn open_store(dir: &Path) -> (Store, Option<usize>) {
    convert::settle(dir).unwrap();
    if !dir.join(KEY_FILE).exists() {
        return (Store::open(dir).unwrap(), None);
    }
    for (i, passphrase) in PASSPHRASES.iter().enumerate() {
        match convert::unlock(dir, &Passphrase::from(*passphrase)) {
            Ok(store) => return (store, Some(i)),
            Err(Error::PassphraseNotAccepted) => {}
            Err(error) => panic!("unlocking: {error}"),
        }
    }
    panic!("neither passphrase opens the key file");
}

fn ids(store: &Store, sql: &str) -> Vec<i64> {
    store
        .connection()
        .prepare(sql)
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn pick(rng: &mut Rng, ids: &[i64]) -> Option<i64> {
    (!ids.is_empty()).then(|| ids[rng.usize(..ids.len())])
}

fn new_check_in(rng: &mut Rng, marker: &str) -> NewCheckIn {
    let answer = |rng: &mut Rng| {
        if rng.bool() {
            let mark = self::marker(rng);
            text(rng, &mark)
        } else {
            String::new()
        }
    };
    NewCheckIn {
        together_minutes: rng.bool().then(|| rng.i64(0..=240)),
        activities: (0..rng.usize(..3)).map(|i| format!("walk {i}")).collect(),
        presence: rng
            .bool()
            .then(|| ["elsewhere", "partly", "fully"][rng.usize(..3)].to_owned()),
        partner_shared: rng.bool().then(|| rng.bool()),
        partner_asked: answer(rng),
        unsaid: answer(rng),
        feelings: (0..rng.usize(..3)).map(|i| format!("calm {i}")).collect(),
        partner_seemed: answer(rng),
        note: text(rng, marker),
    }
}

fn new_draft(rng: &mut Rng, marker: &str) -> EntryDraft {
    EntryDraft {
        title: if rng.bool() {
            WORDS[rng.usize(..WORDS.len())].to_owned()
        } else {
            String::new()
        },
        body: text(rng, marker),
        tags: (0..rng.usize(..3)).map(|i| format!("tag{i}")).collect(),
        check_in_id: None,
    }
}

/// Run in a child process by [`random_kills_lose_nothing_acknowledged`] (set `TEND_CRASH_DIR`
/// and `TEND_CRASH_LIFE`, the life's seed): writes until it is killed.
#[test]
fn crash_child() {
    let Some(dir) = std::env::var_os("TEND_CRASH_DIR") else {
        return;
    };
    let dir = PathBuf::from(dir);
    let seed: u64 = std::env::var("TEND_CRASH_LIFE").unwrap().parse().unwrap();
    let mut rng = Rng::with_seed(seed);
    let (mut store, mut passphrase) = open_store(&dir);
    say("ack opened");
    // Never for ever, should the parent be gone.
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(30) {
        step(&mut store, &mut passphrase, &mut rng, &dir);
    }
    say("tired");
}

/// One write, chosen at random, announced with `try` and acknowledged with `ack`.
fn step(store: &mut Store, passphrase: &mut Option<usize>, rng: &mut Rng, dir: &Path) {
    let check_ins = ids(store, "SELECT id FROM check_in WHERE deleted_at IS NULL");
    let deleted_check_ins = ids(store, "SELECT id FROM check_in WHERE deleted_at IS NOT NULL");
    let entries = ids(store, "SELECT id FROM journal_entry WHERE deleted_at IS NULL");
    let deleted_entries = ids(store, "SELECT id FROM journal_entry WHERE deleted_at IS NOT NULL");
    let now = moment(rng);
    // Deletes grow likelier as the store fills, so it stays small enough to check quickly.
    let crowded = |n: usize| u32::try_from(n / 4).unwrap_or(u32::MAX);
    let choices: [(&str, u32); 15] = [
        ("check-in", 14),
        ("edit", 8),
        ("delete check-in", 3 + crowded(check_ins.len())),
        ("restore check-in", 2),
        ("entry", 10),
        ("autosave", 14),
        ("delete entry", 3 + crowded(entries.len())),
        ("restore entry", 2),
        ("purge", 5),
        ("draft", 8),
        ("prompt", 2),
        ("hide", 4),
        ("encrypt", if passphrase.is_none() { 1 } else { 0 }),
        ("decrypt", if passphrase.is_some() { 6 } else { 0 }),
        ("passphrase", if passphrase.is_some() { 3 } else { 0 }),
    ];
    let total: u32 = choices.iter().map(|c| c.1).sum();
    let mut roll = rng.u32(..total);
    let choice = choices
        .iter()
        .find(|(_, weight)| {
            if roll < *weight {
                return true;
            }
            roll -= weight;
            false
        })
        .unwrap()
        .0;
    match choice {
        "check-in" => {
            let mark = marker(rng);
            say(&format!("try check-in new {mark}"));
            let saved = store.save_check_in(&new_check_in(rng, &mark), now).unwrap();
            say(&format!("ack check-in {} {} {mark} new", saved.id, hash_of(&saved)));
        }
        "edit" => {
            let Some(id) = pick(rng, &check_ins) else { return };
            let mark = marker(rng);
            say(&format!("try check-in {id} {mark}"));
            let saved = store
                .update_check_in(id, &new_check_in(rng, &mark), now.to_utc())
                .unwrap();
            say(&format!("ack check-in {id} {} {mark}", hash_of(&saved)));
        }
        "delete check-in" => {
            let Some(id) = pick(rng, &check_ins) else { return };
            say(&format!("try delete check-in {id}"));
            store.delete_check_in(id, now.to_utc()).unwrap();
            say(&format!("ack delete check-in {id}"));
        }
        "restore check-in" => {
            let Some(id) = pick(rng, &deleted_check_ins) else {
                return;
            };
            say(&format!("try restore check-in {id}"));
            let back = store.restore_check_in(id).unwrap();
            say(&format!("ack restore check-in {id} {}", hash_of(&back)));
        }
        "entry" | "autosave" => {
            // A new entry, then its autosaves; or more autosaves of one written before.
            let mut id = if choice == "entry" { None } else { pick(rng, &entries) };
            for _ in 0..rng.usize(1..=6) {
                let mark = marker(rng);
                let target = id.map_or_else(|| "new".to_owned(), |id| id.to_string());
                say(&format!("try entry {target} {mark}"));
                let saved = store.save_entry(id, &new_draft(rng, &mark), now).unwrap();
                say(&format!("ack entry {} {} {mark}", saved.id, hash_of(&saved)));
                id = Some(saved.id);
            }
        }
        "delete entry" => {
            let Some(id) = pick(rng, &entries) else { return };
            say(&format!("try delete entry {id}"));
            store.delete_entry(id, now.to_utc()).unwrap();
            say(&format!("ack delete entry {id}"));
        }
        "restore entry" => {
            let Some(id) = pick(rng, &deleted_entries) else { return };
            say(&format!("try restore entry {id}"));
            let back = store.restore_entry(id).unwrap();
            say(&format!("ack restore entry {id} {}", hash_of(&back)));
        }
        "purge" => {
            say("try purge");
            store.purge_deleted(None).unwrap();
            say("ack purge");
        }
        "draft" => {
            let body = rng.u8(..4).ne(&0).then(|| {
                let mark = marker(rng);
                text(rng, &mark)
            });
            say("try draft");
            store
                .keep_draft(DraftKind::CheckIn, body.as_deref(), now.to_utc())
                .unwrap();
            say(&format!("ack draft {}", body.as_ref().map_or(0, hash_of)));
        }
        "prompt" => {
            let words = format!("What did you notice today? {}", marker(rng));
            say("try prompt");
            let groups = store.add_prompt(Practice::ALL[rng.usize(..9)], &words).unwrap();
            let id = groups
                .iter()
                .flat_map(|g| &g.prompts)
                .filter(|p| p.text == words)
                .find_map(|p| p.key.strip_prefix("own:"))
                .unwrap()
                .to_owned();
            say(&format!("ack prompt {id} {}", hash_of(&words)));
        }
        "hide" => {
            let groups = store.prompts().unwrap();
            let prompts: Vec<_> = groups.iter().flat_map(|g| &g.prompts).collect();
            let prompt = prompts[rng.usize(..prompts.len())];
            let hidden = !prompt.hidden;
            say(&format!("try hide {}", prompt.key));
            store.set_prompt_hidden(&prompt.key, hidden).unwrap();
            say(&format!("ack hide {} {}", prompt.key, u8::from(hidden)));
        }
        "encrypt" => {
            say("try passphrase");
            store.encrypt(&Passphrase::from(PASSPHRASES[0])).unwrap();
            *passphrase = Some(0);
            say("ack passphrase 0");
        }
        "decrypt" => {
            say("try passphrase");
            store.decrypt().unwrap();
            *passphrase = None;
            say("ack passphrase none");
        }
        "passphrase" => {
            let next = 1 - passphrase.unwrap();
            say("try passphrase");
            store.change_passphrase(&Passphrase::from(PASSPHRASES[next])).unwrap();
            *passphrase = Some(next);
            say(&format!("ack passphrase {next}"));
        }
        _ => unreachable!(),
    }
    // Nothing else is left beside the database while it is in use either.
    assert!(!dir.join(CONVERTING).exists());
}

// ---------------------------------------------------------------------------------------------
// The parent: what the child acknowledged, and what a store holds.

/// What a store holds, as far as the child's writes go.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Held {
    check_ins: BTreeMap<i64, u64>,
    entries: BTreeMap<i64, u64>,
    /// The person's own prompts, by id.
    prompts: BTreeMap<i64, u64>,
    hidden: BTreeSet<String>,
    /// The check-in draft's hash (none: no draft).
    draft: Option<u64>,
    /// Which passphrase the store is under (none: it is plain).
    passphrase: Option<usize>,
}

impl Held {
    fn read(store: &Store, passphrase: Option<usize>) -> Held {
        let check_ins = ids(store, "SELECT id FROM check_in WHERE deleted_at IS NULL")
            .into_iter()
            .map(|id| (id, hash_of(&store.check_in(id).unwrap())))
            .collect();
        let entries = ids(store, "SELECT id FROM journal_entry WHERE deleted_at IS NULL")
            .into_iter()
            .map(|id| (id, hash_of(&store.entry(id).unwrap())))
            .collect();
        let groups = store.prompts().unwrap();
        let prompts = groups
            .iter()
            .flat_map(|g| &g.prompts)
            .filter_map(|p| Some((p.key.strip_prefix("own:")?.parse().ok()?, hash_of(&p.text))))
            .collect();
        let hidden = groups
            .iter()
            .flat_map(|g| &g.prompts)
            .filter(|p| p.hidden)
            .map(|p| p.key.clone())
            .collect();
        Held {
            check_ins,
            entries,
            prompts,
            hidden,
            draft: store.draft(DraftKind::CheckIn).unwrap().map(|body| hash_of(&body)),
            passphrase,
        }
    }
}

/// Which row a text's marker belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Row {
    CheckIn(i64),
    Entry(i64),
}

/// What the child acknowledged, across every life.
#[derive(Debug, Default)]
struct Model {
    held: Held,
    /// The markers of every version of each row's words.
    markers: BTreeMap<Row, Vec<String>>,
    /// Rows deleted and not yet purged, with their hash and markers (a restore brings them back).
    deleted: BTreeMap<Row, (u64, Vec<String>)>,
    /// Markers of rows deleted before an acknowledged purge: not in `tend.db` or its `-wal`.
    purged: BTreeSet<String>,
    /// The write announced and not acknowledged, if any: it may or may not have happened.
    pending: Option<Vec<String>>,
    acks: usize,
}

fn parse_row(kind: &str, id: &str) -> Row {
    let id = id.parse().unwrap();
    match kind {
        "check-in" => Row::CheckIn(id),
        "entry" => Row::Entry(id),
        _ => panic!("no such row: {kind}"),
    }
}

impl Model {
    fn rows(&mut self, row: Row) -> &mut BTreeMap<i64, u64> {
        match row {
            Row::CheckIn(_) => &mut self.held.check_ins,
            Row::Entry(_) => &mut self.held.entries,
        }
    }

    /// Takes in one line the child said.
    fn hear(&mut self, line: &str) {
        let words: Vec<String> = line.split(' ').map(str::to_owned).collect();
        let w: Vec<&str> = words.iter().map(String::as_str).collect();
        match w[0] {
            "try" => self.pending = Some(words[1..].to_vec()),
            "ack" => {
                self.pending = None;
                self.acks += 1;
                self.ack(&w[1..]);
            }
            _ => {}
        }
    }

    fn ack(&mut self, w: &[&str]) {
        match w {
            ["opened"] => {}
            [kind @ ("check-in" | "entry"), id, hash, mark, new @ ..] => {
                let row = parse_row(kind, id);
                let id = id.parse().unwrap();
                self.rows(row).insert(id, hash.parse().unwrap());
                self.markers.entry(row).or_default().push((*mark).to_owned());
                if new == ["new"] {
                    // A new check-in takes its draft with it.
                    self.held.draft = None;
                }
            }
            ["delete", kind, id] => self.forget(parse_row(kind, id)),
            ["restore", kind, id, hash] => {
                let row = parse_row(kind, id);
                let (was, markers) = self.deleted.remove(&row).unwrap();
                assert_eq!(was, hash.parse::<u64>().unwrap(), "{row:?} comes back as it was");
                self.rows(row).insert(id.parse().unwrap(), was);
                self.markers.insert(row, markers);
            }
            ["purge"] => self.purge(),
            ["draft", hash] => self.held.draft = Some(hash.parse().unwrap()).filter(|h| *h != 0),
            ["prompt", id, hash] => {
                self.held.prompts.insert(id.parse().unwrap(), hash.parse().unwrap());
            }
            ["hide", key, hidden] => {
                if *hidden == "1" {
                    self.held.hidden.insert((*key).to_owned());
                } else {
                    self.held.hidden.remove(*key);
                }
            }
            ["passphrase", which] => self.held.passphrase = which.parse().ok(),
            _ => panic!("the child said something unknown: {w:?}"),
        }
    }

    /// Row `row` is deleted (it stays in the files until the purge).
    fn forget(&mut self, row: Row) {
        let (Row::CheckIn(id) | Row::Entry(id)) = row;
        let hash = self.rows(row).remove(&id).unwrap();
        let markers = self.markers.remove(&row).unwrap_or_default();
        self.deleted.insert(row, (hash, markers));
    }

    fn purge(&mut self) {
        for (_, (_, markers)) in std::mem::take(&mut self.deleted) {
            self.purged.extend(markers);
        }
    }

    /// Checks what a store holds after a kill against what was acknowledged, allowing the one
    /// pending write to have happened or not, and takes that in.
    fn check(&mut self, held: &Held, what: &str) {
        let pending = self.pending.take().unwrap_or_default();
        let p: Vec<&str> = pending.iter().map(String::as_str).collect();
        // Start from what was acknowledged, and let the pending write's target be as found.
        let mut allowed = self.held.clone();
        match p.as_slice() {
            [] | ["purge"] => {}
            [kind @ ("check-in" | "entry"), "new", mark] => {
                let (found, known) = match *kind {
                    "check-in" => (&held.check_ins, &mut allowed.check_ins),
                    _ => (&held.entries, &mut allowed.entries),
                };
                let extra: Vec<(i64, u64)> = found
                    .iter()
                    .filter(|(id, _)| !known.contains_key(id))
                    .map(|(id, hash)| (*id, *hash))
                    .collect();
                assert!(extra.len() <= 1, "{what}: one new row at most: {extra:?}");
                if let Some(&(id, hash)) = extra.first() {
                    known.insert(id, hash);
                    self.markers
                        .entry(parse_row(kind, &id.to_string()))
                        .or_default()
                        .push((*mark).to_owned());
                    if *kind == "check-in" {
                        allowed.draft = None;
                    }
                }
            }
            [kind @ ("check-in" | "entry"), id, mark] => {
                let row = parse_row(kind, id);
                let id: i64 = id.parse().unwrap();
                let found = match row {
                    Row::CheckIn(_) => &held.check_ins,
                    Row::Entry(_) => &held.entries,
                };
                let known = match row {
                    Row::CheckIn(_) => &mut allowed.check_ins,
                    Row::Entry(_) => &mut allowed.entries,
                };
                if let Some(hash) = found.get(&id)
                    && known.get(&id) != Some(hash)
                {
                    known.insert(id, *hash);
                    self.markers.entry(row).or_default().push((*mark).to_owned());
                }
            }
            ["delete", kind, id] => {
                let row = parse_row(kind, id);
                let found = match row {
                    Row::CheckIn(_) => &held.check_ins,
                    Row::Entry(_) => &held.entries,
                };
                if !found.contains_key(&id.parse().unwrap()) {
                    self.forget(row);
                    allowed = self.held.clone();
                }
            }
            ["restore", kind, id] => {
                let row = parse_row(kind, id);
                let found = match row {
                    Row::CheckIn(_) => &held.check_ins,
                    Row::Entry(_) => &held.entries,
                };
                let id: i64 = id.parse().unwrap();
                if let Some(hash) = found.get(&id) {
                    let (was, markers) = self.deleted.remove(&row).unwrap();
                    assert_eq!(*hash, was, "{what}: {row:?} comes back as it was");
                    self.rows(row).insert(id, was);
                    self.markers.insert(row, markers);
                    allowed = self.held.clone();
                }
            }
            ["draft"] => allowed.draft = held.draft,
            ["prompt"] => {
                let extra: Vec<_> = held
                    .prompts
                    .iter()
                    .filter(|(id, _)| !allowed.prompts.contains_key(id))
                    .collect();
                assert!(extra.len() <= 1, "{what}: one new prompt at most");
                allowed.prompts = held.prompts.clone();
            }
            ["hide", key] => {
                if held.hidden.contains(*key) {
                    allowed.hidden.insert((*key).to_owned());
                } else {
                    allowed.hidden.remove(*key);
                }
            }
            ["passphrase"] => allowed.passphrase = held.passphrase,
            other => panic!("{what}: an unknown pending write {other:?}"),
        }
        assert_eq!(held, &allowed, "{what}: every acknowledged write, exactly");
        self.held = allowed;
        // Whatever was deleted is purged by the open that found this.
        self.purge();
    }
}

/// Markers in the bytes of `tend.db` and its `-wal` (as far as they are plain text).
fn markers_in_files(dir: &Path) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for name in [DB_FILE.to_owned(), format!("{DB_FILE}-wal")] {
        let Ok(bytes) = fs::read(dir.join(name)) else {
            continue;
        };
        for (i, window) in bytes.windows(MARKER_PREFIX.len() + MARKER_DIGITS).enumerate() {
            if window.starts_with(MARKER_PREFIX) && window[2..].iter().all(|b| b.is_ascii_hexdigit()) {
                found.insert(String::from_utf8_lossy(&bytes[i..i + window.len()]).into_owned());
            }
        }
    }
    found
}

/// Where `marker` is in `tend.db` and its `-wal`: the file, the page and the bytes around it.
fn where_in_files(dir: &Path, marker: &str) -> Vec<String> {
    let mut found = Vec::new();
    for name in [DB_FILE.to_owned(), format!("{DB_FILE}-wal")] {
        let bytes = fs::read(dir.join(&name)).unwrap_or_default();
        for (i, window) in bytes.windows(marker.len()).enumerate() {
            if window == marker.as_bytes() {
                let around = &bytes[i.saturating_sub(80)..(i + 40).min(bytes.len())];
                found.push(format!(
                    "{name} page {}: {:?}",
                    i / 4096,
                    String::from_utf8_lossy(around)
                ));
            }
        }
    }
    found
}

/// Files Tend leaves only while it runs, or a crash leaves behind: none must outlive an open.
fn leftovers(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.ends_with(".converting") || name.contains(".salvag") {
            found.push(name);
        }
    }
    if let Ok(entries) = fs::read_dir(dir.join(BACKUP_DIR)) {
        for entry in entries {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            // An encrypted copy's key file beside it is its own.
            let key_of_a_copy = name
                .strip_suffix(".key")
                .is_some_and(|stem| dir.join(BACKUP_DIR).join(format!("{stem}.db")).exists());
            if !name.ends_with(".db") && !key_of_a_copy {
                found.push(format!("{BACKUP_DIR}/{name}"));
            }
        }
    }
    found
}

fn integrity(conn: &Connection, what: &str) {
    let verdict: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(verdict, ["ok"], "{what}: integrity_check");
    for index in ["search_index", "search_gram"] {
        conn.execute(
            &format!("INSERT INTO {index} ({index}, rank) VALUES ('integrity-check', 1)"),
            [],
        )
        .unwrap_or_else(|e| panic!("{what}: {index} integrity-check: {e}"));
    }
}

/// A running child and the lines it says, as they come.
struct Life {
    child: Child,
    lines: Receiver<String>,
    stderr: std::thread::JoinHandle<String>,
}

fn start(test: &str, envs: &[(&str, String)]) -> Life {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args(["--exact", test, "--nocapture", "--test-threads=1"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (name, value) in envs {
        command.env(name, value);
    }
    let mut child = command.spawn().unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let (send, lines) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        // Only whole lines count: a line cut short by the kill was never said.
        while reader.read_line(&mut line).unwrap_or(0) > 0 && line.ends_with('\n') {
            if send.send(line.trim_end().to_owned()).is_err() {
                break;
            }
            line.clear();
        }
    });
    let stderr = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    Life { child, lines, stderr }
}

impl Life {
    /// SIGKILLs the child, waits for it, and returns every whole line it said that was not
    /// taken yet, and its stderr.
    fn kill(mut self) -> (Vec<String>, String) {
        self.child.kill().unwrap(); // SIGKILL
        self.child.wait().unwrap();
        let rest = self.lines.iter().collect();
        (rest, self.stderr.join().unwrap())
    }
}

/// Opens the store after a kill, as Tend's next start does, under the passphrase the model
/// expects (or the other, when changing it was the pending write).
fn reopen(dir: &Path, model: &Model, what: &str) -> (Store, Option<usize>) {
    convert::settle(dir).unwrap_or_else(|e| panic!("{what}: settle: {e}"));
    let keyed = dir.join(KEY_FILE).exists();
    assert_eq!(
        keyed,
        convert::is_plain(&dir.join(DB_FILE)).unwrap() == Some(false),
        "{what}: the key file matches the database"
    );
    if !keyed {
        let store = Store::open(dir).unwrap_or_else(|e| panic!("{what}: {e}"));
        return (store, None);
    }
    // The expected passphrase first: a wrong one costs an Argon2 run.
    let mut order = vec![model.held.passphrase.unwrap_or(0)];
    order.push(1 - order[0]);
    for which in order {
        match convert::unlock(dir, &Passphrase::from(PASSPHRASES[which])) {
            Ok(store) => return (store, Some(which)),
            Err(Error::PassphraseNotAccepted) => {}
            Err(error) => panic!("{what}: unlocking: {error}"),
        }
    }
    panic!("{what}: neither passphrase opens the key file");
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name)
        .ok()
        .map(|v| v.parse().unwrap_or_else(|_| panic!("{name}: a number")))
}

/// The harness: lives of the store in a child process, each SIGKILLed at a random moment (after
/// a random number of acknowledged writes, or a random time from its start, which can be in the
/// middle of opening, migrating or converting), all in one data directory so the state grows.
#[test]
fn random_kills_lose_nothing_acknowledged() {
    let seed = env_number("TEND_CRASH_SEED").unwrap_or_else(|| fastrand::u64(..));
    let kills = env_number("TEND_CRASH_KILLS").unwrap_or(200);
    eprintln!("crash: seed {seed} (TEND_CRASH_SEED={seed} replays its choices), {kills} kills");
    let mut rng = Rng::with_seed(seed);
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("data");

    // The first life starts from a database an older Tend left, so the first open migrates.
    database_from_sql(&dir, include_str!("../fixtures/v1.sql"));
    let mut model = Model::default();
    {
        let copy = temp.path().join("migrated");
        database_from_sql(&copy, include_str!("../fixtures/v1.sql"));
        let store = Store::open(&copy).unwrap();
        model.held = Held::read(&store, None);
    }

    let started = Instant::now();
    let (mut encrypted_lives, mut total_acks) = (0, 0);
    for life in 0..kills {
        let what = format!("seed {seed}, life {life}");
        let before = model.acks;
        let running = start(
            "crash::crash_child",
            &[
                ("TEND_CRASH_DIR", dir.display().to_string()),
                ("TEND_CRASH_LIFE", rng.u64(..).to_string()),
            ],
        );
        // Killed after a number of acknowledged writes, or at a moment from the start.
        let (acks, deadline) = if rng.u8(..10) < 3 {
            (usize::MAX, Duration::from_millis(rng.u64(..250)))
        } else {
            (rng.usize(1..40), Duration::from_secs(10))
        };
        let born = Instant::now();
        let mut heard = Vec::new();
        let mut ended = false;
        while model.acks - before < acks {
            let Some(left) = deadline.checked_sub(born.elapsed()) else {
                break;
            };
            match running.lines.recv_timeout(left) {
                Ok(line) => {
                    model.hear(&line);
                    heard.push(line);
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => {
                    ended = true;
                    break;
                }
            }
        }
        if acks != usize::MAX {
            // Somewhere inside the next write.
            std::thread::sleep(Duration::from_micros(rng.u64(..2_000)));
        }
        let (rest, stderr) = running.kill();
        assert!(!ended, "{what}: the child ended by itself\n{stderr}");
        for line in rest {
            model.hear(&line);
            heard.push(line);
        }
        assert!(
            !heard.iter().any(|l| l == "tired"),
            "{what}: the child was never killed"
        );
        let what = format!("{what} (after: {:?})", heard.iter().rev().take(3).collect::<Vec<_>>());

        // Before anything opens it: no word of a purged row is in the files.
        let left: Vec<String> = markers_in_files(&dir).intersection(&model.purged).cloned().collect();
        let places: Vec<String> = left.iter().flat_map(|m| where_in_files(&dir, m)).collect();
        assert!(
            left.is_empty(),
            "{what}: purged words left in the files: {left:?}\n{places:#?}"
        );

        let (store, passphrase) = reopen(&dir, &model, &what);
        encrypted_lives += usize::from(passphrase.is_some());
        integrity(store.connection(), &what);
        model.check(&Held::read(&store, passphrase), &what);
        // The open purged every row deleted before it, and emptied the WAL.
        let left: Vec<String> = markers_in_files(&dir).intersection(&model.purged).cloned().collect();
        let places: Vec<String> = left.iter().flat_map(|m| where_in_files(&dir, m)).collect();
        assert!(
            left.is_empty(),
            "{what}: deleted words left after the open: {left:?}\n{places:#?}"
        );
        drop(store);
        assert_eq!(leftovers(&dir), Vec::<String>::new(), "{what}: files left behind");
        total_acks += model.acks - before;
    }
    let held = &model.held;
    eprintln!(
        "crash: {kills} kills, {total_acks} acknowledged writes, {encrypted_lives} lives ended encrypted, \
         {} check-ins, {} entries, {} purged versions checked gone, in {:.1?}",
        held.check_ins.len(),
        held.entries.len(),
        model.purged.len(),
        started.elapsed()
    );
}

/// What the harness found first, in one process and without a kill: entries and check-ins
/// written, edited (each edit deletes and writes the row's words again under the same rowid, in
/// one transaction), deleted and purged, at random. After each purge the index must match its
/// content (with FTS5's own secure-delete on, it didn't: "fts5: checksum mismatch"), and no copy
/// of a purged row's words may be left in the files (SQLite's secure_delete misses the copies a
/// rebalanced page leaves in its free space).
#[test]
fn edited_rows_deleted_and_purged_leave_a_whole_index_and_no_copy() {
    // Runs that found each: the index at the purge after op 123, a copy at the one after op 271.
    for (seed, ops) in [(3, 130), (8, 280)] {
        edit_delete_and_purge(seed, ops);
    }
}

fn edit_delete_and_purge(seed: u64, ops: usize) {
    let temp = tempfile::tempdir().unwrap();
    database_from_sql(temp.path(), include_str!("../fixtures/v1.sql"));
    let mut store = Store::open(temp.path()).unwrap();
    let mut rng = Rng::with_seed(seed);
    let mut markers: BTreeMap<Row, Vec<String>> = BTreeMap::new();
    let mut deleted = BTreeSet::new();
    for op in 0..ops {
        let now = moment(&mut rng);
        let entries = ids(&store, "SELECT id FROM journal_entry WHERE deleted_at IS NULL");
        let check_ins = ids(&store, "SELECT id FROM check_in WHERE deleted_at IS NULL");
        let mark = marker(&mut rng);
        match (rng.u8(..12), pick(&mut rng, &entries), pick(&mut rng, &check_ins)) {
            (0..=1, _, _) => {
                let id = store.save_entry(None, &new_draft(&mut rng, &mark), now).unwrap().id;
                markers.entry(Row::Entry(id)).or_default().push(mark);
            }
            (2..=4, Some(id), _) => {
                store.save_entry(Some(id), &new_draft(&mut rng, &mark), now).unwrap();
                markers.entry(Row::Entry(id)).or_default().push(mark);
            }
            (5, Some(id), _) => {
                store.delete_entry(id, now.to_utc()).unwrap();
                deleted.extend(markers.remove(&Row::Entry(id)).unwrap_or_default());
            }
            (6, _, Some(id)) => {
                store.delete_check_in(id, now.to_utc()).unwrap();
                deleted.extend(markers.remove(&Row::CheckIn(id)).unwrap_or_default());
            }
            (7, _, Some(id)) => {
                store
                    .update_check_in(id, &new_check_in(&mut rng, &mark), now.to_utc())
                    .unwrap();
                markers.entry(Row::CheckIn(id)).or_default().push(mark);
            }
            (8, _, _) => {
                store.purge_deleted(None).unwrap();
                integrity(store.connection(), &format!("seed {seed}, op {op}"));
                let left: Vec<String> = markers_in_files(temp.path()).intersection(&deleted).cloned().collect();
                let places: Vec<String> = left.iter().flat_map(|m| where_in_files(temp.path(), m)).collect();
                assert!(left.is_empty(), "seed {seed}, op {op}: purged words left: {places:#?}");
            }
            _ => {
                let id = store.save_check_in(&new_check_in(&mut rng, &mark), now).unwrap().id;
                markers.entry(Row::CheckIn(id)).or_default().push(mark);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Failpoints: a kill, and a failure, at each step of migrating, purging and writing the key file
// (the conversions' own steps are in `encryption.rs`).

/// Run in a child process by [`a_kill_or_a_failure_at_each_failpoint_loses_nothing`] (set
/// `TEND_FAILPOINT_DIR` and `TEND_FAILPOINT_ACTION`): opens the store, and then changes the
/// passphrase or sets one, with `TEND_FAILPOINT` set.
#[test]
fn failpoint_child() {
    let Some(dir) = std::env::var_os("TEND_FAILPOINT_DIR") else {
        return;
    };
    let dir = PathBuf::from(dir);
    let result = (|| match std::env::var("TEND_FAILPOINT_ACTION").unwrap().as_str() {
        "open" => Store::open(&dir).map(drop),
        "change passphrase" => convert::unlock(&dir, &Passphrase::from(PASSPHRASES[0]))?
            .change_passphrase(&Passphrase::from(PASSPHRASES[1])),
        "encrypt" => Store::open(&dir)?.encrypt(&Passphrase::from(PASSPHRASES[0])).map(drop),
        "salvage" => {
            let shared = SharedStore::open(Some(dir.clone()));
            assert!(matches!(shared.storage(), Storage::NeedsRecovery { .. }));
            shared
                .recover(Recovery::Salvage)
                .map(drop)
                .map_err(|e| std::io::Error::other(e.message).into())
        }
        other => panic!("no such action: {other}"),
    })();
    match result {
        Ok(()) => eprintln!("tend-child: done"),
        Err(error) => eprintln!("tend-child: failed: {error}"),
    }
}

/// Runs [`failpoint_child`] on `dir` with `failpoint` set; with `kill`, SIGKILLs it once it is
/// there. Returns what it said on stderr.
fn run_failpoint_child(dir: &Path, action: &str, failpoint: &str, kill: bool) -> String {
    crate::run_child_to_failpoint(
        "crash::failpoint_child",
        &[
            ("TEND_FAILPOINT_DIR", dir.as_os_str()),
            ("TEND_FAILPOINT_ACTION", action.as_ref()),
        ],
        failpoint,
        kill,
    )
}

/// A store with words: the check-ins of an older Tend's database (so its first open migrates),
/// or, with `current`, opened once and given an entry and a check-in of its own.
fn prepared(dir: &Path, current: bool) {
    database_from_sql(dir, include_str!("../fixtures/v1.sql"));
    if current {
        let mut store = Store::open(dir).unwrap();
        let mut rng = Rng::with_seed(7);
        let now = moment(&mut rng);
        store
            .save_check_in(&new_check_in(&mut rng, "zqaaaaaaaaaaaa"), now)
            .unwrap();
        store
            .save_entry(None, &new_draft(&mut rng, "zqbbbbbbbbbbbb"), now)
            .unwrap();
    }
}

/// What `dir` holds after a stop, checked: it opens (under the passphrase that is expected, when
/// the key file is there, and only then), the key file matches the database, the database is
/// whole, nothing is left half-written, and it holds what it held before.
fn check_after_stop(dir: &Path, before: &Held, passphrase: Option<usize>, what: &str) {
    convert::settle(dir).unwrap_or_else(|e| panic!("{what}: settle: {e}"));
    let keyed = dir.join(KEY_FILE).exists();
    assert_eq!(
        keyed,
        convert::is_plain(&dir.join(DB_FILE)).unwrap() == Some(false),
        "{what}: the key file matches the database"
    );
    assert_eq!(keyed, passphrase.is_some(), "{what}: encrypted as expected");
    let store = match passphrase {
        Some(which) => convert::unlock(dir, &Passphrase::from(PASSPHRASES[which])),
        None => Store::open(dir),
    }
    .unwrap_or_else(|e| panic!("{what}: {e}"));
    integrity(store.connection(), what);
    let mut expected = before.clone();
    expected.passphrase = passphrase;
    assert_eq!(Held::read(&store, passphrase), expected, "{what}: every row");
    drop(store);
    assert_eq!(leftovers(dir), Vec::<String>::new(), "{what}: files left behind");
    if dir.join(BACKUP_DIR).exists() {
        let newest = recover::newest_backup(dir).unwrap();
        assert!(
            newest.is_some_and(|b| !b.taken.is_empty()),
            "{what}: the newest copy is found, with when it was taken"
        );
    }
}

/// What the store in `dir` holds, read from a copy of its files, so that this open (which may
/// migrate, purge or checkpoint) leaves `dir` as it was for the child.
fn held(dir: &Path) -> Held {
    let copy = tempfile::tempdir().unwrap();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            fs::copy(&path, copy.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    let (store, passphrase) = open_store(copy.path());
    Held::read(&store, passphrase)
}

/// A SIGKILL, and an I/O error, at each failpoint of migrating (`migrate.backed-up`,
/// `migrate.applied`), purging (`purge.committed`) and writing the key file (`key.synced`, when
/// changing the passphrase and when setting the first one), and recovering (`recover.finished`).
#[test]
fn a_kill_or_a_failure_at_each_failpoint_loses_nothing() {
    let said_so = |said: &str, failpoint: &str, kill: bool, what: &str| {
        let expected = if kill {
            format!("tend: failpoint {failpoint} reached")
        } else {
            "tend-child:".to_owned()
        };
        assert!(said.contains(&expected), "{what}: {expected}\n{said}");
    };
    for kill in [true, false] {
        let how = if kill { "SIGKILL" } else { "a failure" };

        // Migrating. Stopped after its copy, twice over: the second open takes its copy within
        // the same second as the first (a copy's name once held only the second, and the second
        // copy failed for it). Stopped after the migration is applied, the next open has none.
        for (failpoint, runs) in [("migrate.backed-up", 2), ("migrate.applied", 1)] {
            let what = format!("migrating, {how} at {failpoint}");
            let dir = tempfile::tempdir().unwrap();
            prepared(dir.path(), false);
            let before = held(dir.path());
            for _ in 0..runs {
                let said = run_failpoint_child(dir.path(), "open", failpoint, kill);
                said_so(&said, failpoint, kill, &what);
            }
            check_after_stop(dir.path(), &before, None, &what);
        }

        // Purging: the open's purge commits, then stops before its rewrite. The next open
        // finishes it: no word of the deleted rows is left in tend.db or its -wal.
        {
            let what = format!("purging, {how} at purge.committed");
            let dir = tempfile::tempdir().unwrap();
            prepared(dir.path(), true);
            let before = held(dir.path());
            let doomed = {
                let mut store = Store::open(dir.path()).unwrap();
                let mut rng = Rng::with_seed(8);
                let now = moment(&mut rng);
                let check_in = store
                    .save_check_in(&new_check_in(&mut rng, "zqcccccccccccc"), now)
                    .unwrap();
                let entry = store
                    .save_entry(None, &new_draft(&mut rng, "zqdddddddddddd"), now)
                    .unwrap();
                for mark in ["zqeeeeeeeeeeee", "zqffffffffffff"] {
                    store
                        .save_entry(Some(entry.id), &new_draft(&mut rng, mark), now)
                        .unwrap();
                }
                store.delete_check_in(check_in.id, now.to_utc()).unwrap();
                store.delete_entry(entry.id, now.to_utc()).unwrap();
                ["zqcccccccccccc", "zqffffffffffff"]
            };
            let found = markers_in_files(dir.path());
            assert!(
                doomed.iter().all(|m| found.contains(*m)),
                "{what}: the words are there first"
            );
            let said = run_failpoint_child(dir.path(), "open", "purge.committed", kill);
            said_so(&said, "purge.committed", kill, &what);
            check_after_stop(dir.path(), &before, None, &what);
            let left: Vec<String> = markers_in_files(dir.path())
                .into_iter()
                .filter(|m| {
                    m.starts_with("zqc") || m.starts_with("zqd") || m.starts_with("zqe") || m.starts_with("zqf")
                })
                .collect();
            assert!(left.is_empty(), "{what}: deleted words left in the files: {left:?}");
        }

        // Recovering: the salvaged copy is written, checked and synced, then the stop comes
        // before it takes the damaged files' place. The next open puts it there.
        {
            let what = format!("salvaging, {how} at recover.finished");
            let dir = tempfile::tempdir().unwrap();
            {
                let mut store = Store::open(dir.path()).unwrap();
                let mut rng = Rng::with_seed(9);
                for _ in 0..120 {
                    let mark = marker(&mut rng);
                    store
                        .save_check_in(&new_check_in(&mut rng, &mark), moment(&mut rng))
                        .unwrap();
                }
            }
            let db = dir.path().join(DB_FILE);
            let mut bytes = fs::read(&db).unwrap();
            let middle = bytes.len() / 4096 / 2 * 4096;
            bytes[middle..middle + 4096].fill(0x5a);
            fs::write(&db, bytes).unwrap();
            // What a salvage brings back, from a copy.
            let expected = {
                let copy = tempfile::tempdir().unwrap();
                fs::copy(&db, copy.path().join(DB_FILE)).unwrap();
                recover::salvage(copy.path(), None).unwrap();
                held(copy.path())
            };
            let said = run_failpoint_child(dir.path(), "salvage", "recover.finished", kill);
            said_so(&said, "recover.finished", kill, &what);
            check_after_stop(dir.path(), &expected, None, &what);
            assert!(
                dir.path().join(recover::DAMAGED_DIR).exists(),
                "{what}: the damaged files are kept"
            );
        }

        // Writing the key file: changing the passphrase, and setting the first one.
        for action in ["change passphrase", "encrypt"] {
            let what = format!("{action}, {how} at key.synced");
            let dir = tempfile::tempdir().unwrap();
            prepared(dir.path(), true);
            if action == "change passphrase" {
                let mut store = Store::open(dir.path()).unwrap();
                store.encrypt(&Passphrase::from(PASSPHRASES[0])).unwrap();
            }
            let before = held(dir.path());
            let said = run_failpoint_child(dir.path(), action, "key.synced", kill);
            said_so(&said, "key.synced", kill, &what);
            // Not renamed into place: the key file is the one before (none, when setting one).
            let passphrase = (action == "change passphrase").then_some(0);
            check_after_stop(dir.path(), &before, passphrase, &what);
            if let Some(which) = passphrase {
                assert!(KeyFile::read(dir.path()).unwrap().is_some(), "{what}");
                drop(convert::unlock(dir.path(), &Passphrase::from(PASSPHRASES[which])).unwrap());
            }
        }
    }
}
