//! Search in the store: journal entries and check-ins through the one FTS5 index (see
//! `crate::search` for the terms and the snippets), filtered by tag and days, then ranked.
//!
//! Terms of three characters or more are found in the trigram index (migration 0003), kept in
//! step by triggers. Shorter ones (a two-character Chinese, Japanese or Korean word, say) are
//! looked for in every row. The gram index (migration 0005) is kept for them: each character
//! and each pair of neighbouring characters of the text a short term is looked for in. SQL
//! can't split text into characters in a trigger, so the grams are written here, in the
//! transaction that saves the words ([`index_entry`], [`index_check_in`]); a delete trigger
//! takes them out with the row.

use std::collections::BTreeSet;

use rusqlite::types::{Value, ValueRef};
use rusqlite::{Connection, params, params_from_iter};

use super::{Store, read_local_time};
use crate::Result;
use crate::search::{HitKind, SearchHit, SearchQuery, snippet};

/// Results one search returns at most.
const HITS: usize = 50;
/// Newest matching rows a search ranks, from each of the journal and the check-ins.
const CANDIDATES: usize = 100;

/// One of the two kinds of row a search finds, and where its words are.
struct Source {
    table: &'static str,
    alias: &'static str,
    /// Its rows' rowids in the index are `2 * id + parity` (migration 0003).
    parity: i64,
    /// A candidate's title and text when read from the table rather than the index.
    title: &'static str,
    text: &'static str,
    /// Where a short term is looked for when the trigram index is not walked, and so the text
    /// whose grams the gram index holds for each row.
    columns: &'static [&'static str],
    /// The tags column. Check-ins have none, so a tag filter leaves them out.
    tags: Option<&'static str>,
}

const JOURNAL: Source = Source {
    table: "journal_entry",
    alias: "j",
    parity: 0,
    title: "j.title",
    text: "j.body",
    columns: &["j.title", "j.body", "j.tags"],
    tags: Some("j.tags"),
};

const CHECK_INS: Source = Source {
    table: "check_in",
    alias: "c",
    parity: 1,
    title: "''",
    text: "concat_ws(char(10), c.note, c.partner_asked, c.partner_seemed, c.unsaid)",
    columns: &["c.note", "c.partner_asked", "c.partner_seemed", "c.unsaid"],
    tags: None,
};

/// Where a short term is looked for while the index is walked: the index's own copy.
const INDEX_COLUMNS: &[&str] = &["s.title", "s.body", "s.tags"];

/// A term too short for trigrams, as the placeholder of its parameter.
enum ShortTerm {
    /// SQLite's LIKE folds ASCII letters, so a term with any is matched with it...
    Like(String),
    /// ...and one without is found exactly as well by instr(), a plain byte search and much
    /// quicker over long bodies.
    Instr(String),
}

impl ShortTerm {
    /// Found when any of `columns` holds it; LIKE column by column is cheaper than over their
    /// concatenation, which would copy every row's text first.
    fn in_any(&self, columns: &[&str]) -> String {
        let tests: Vec<String> = columns
            .iter()
            .map(|col| match self {
                ShortTerm::Like(p) => format!("{col} LIKE {p} ESCAPE '\\'"),
                ShortTerm::Instr(p) => format!("instr({col}, {p}) > 0"),
            })
            .collect();
        format!("({})", tests.join(" OR "))
    }
}

/// The query that fetches a search's candidates. Each part of the search is bound as a
/// parameter once, here, and the placeholders are shared by both sources' SELECTs.
struct CandidateQuery {
    values: Vec<Value>,
    /// The FTS5 query of the terms long enough for trigrams, if any are.
    matches: Option<String>,
    short: Vec<ShortTerm>,
    from: Option<String>,
    to: Option<String>,
    tag: Option<String>,
}

impl CandidateQuery {
    fn new(query: &SearchQuery, terms: &[String]) -> CandidateQuery {
        let mut values: Vec<Value> = Vec::new();
        let mut bind = |value: String| {
            values.push(Value::Text(value));
            format!("?{}", values.len())
        };
        // Trigram matching needs three characters; shorter terms fall back to LIKE.
        let (long, short): (Vec<&String>, Vec<&String>) = terms.iter().partition(|t| t.chars().count() >= 3);
        let matches = (!long.is_empty()).then(|| {
            bind(
                long.iter()
                    .map(|t| format!("\"{}\"", t.replace('"', "\"\"")))
                    .collect::<Vec<_>>()
                    .join(" "),
            )
        });
        let short = short
            .iter()
            .map(|t| {
                if t.chars().any(|c| c.is_ascii_alphabetic()) {
                    ShortTerm::Like(bind(format!(
                        "%{}%",
                        t.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
                    )))
                } else {
                    ShortTerm::Instr(bind(t.to_string()))
                }
            })
            .collect();
        let from = query.from.map(|d| bind(d.to_string()));
        let to = query.to.map(|d| bind(d.to_string()));
        let tag = query.tag.clone().map(&mut bind);
        CandidateQuery {
            values,
            matches,
            short,
            from,
            to,
            tag,
        }
    }

    /// The whole query: both sources' candidates (only the journal's with a tag).
    fn sql(&self) -> String {
        let selects: Vec<String> = [JOURNAL, CHECK_INS]
            .iter()
            .filter(|source| self.tag.is_none() || source.tags.is_some())
            .map(|source| self.select(source))
            .collect();
        let sql = selects.join(" UNION ALL ");
        match self.matches {
            // Each walk comes newest first already, and bounded.
            Some(_) => sql,
            None => format!("{sql} ORDER BY at DESC LIMIT {}", 2 * CANDIDATES),
        }
    }

    /// The newest candidates from one source, at most [`CANDIDATES`].
    fn select(&self, source: &Source) -> String {
        let Source {
            table, alias, parity, ..
        } = source;
        let tags = source.tags.unwrap_or("NULL");
        let mut conditions = Vec::new();
        let (columns, rows, order) = match &self.matches {
            // Walk the index's matches newest first (rowids grow with each save) and stop at
            // enough candidates: FTS5 reads its lists lazily, so a common word costs no more
            // than a rare one. One walk per source, so a long run of check-ins cannot crowd
            // out the journal (their ids, and so their rowids, are separate sequences).
            Some(m) => {
                conditions.push(format!("search_index MATCH {m}"));
                conditions.push(format!("s.rowid % 2 = {parity}"));
                conditions.extend(self.short.iter().map(|term| term.in_any(INDEX_COLUMNS)));
                let days = self.days("local_date");
                if !days.is_empty() {
                    // The ids written in the date range bound the walk: FTS5 then reads only
                    // that stretch of its lists instead of everything newer.
                    let days = days.join(" AND ");
                    conditions.push(format!(
                        "s.rowid BETWEEN 2 * (SELECT min(id) FROM {table} WHERE deleted_at IS NULL AND {days}) + {parity}
                             AND 2 * (SELECT max(id) FROM {table} WHERE deleted_at IS NULL AND {days}) + {parity}"
                    ));
                }
                (
                    "s.rowid, s.title, s.body".to_owned(),
                    format!(
                        "search_index s JOIN {table} {alias} ON {alias}.id = s.rowid / 2 AND {alias}.deleted_at IS NULL"
                    ),
                    "s.rowid DESC".to_owned(),
                )
            }
            None => {
                conditions.push(format!("{alias}.deleted_at IS NULL"));
                conditions.extend(self.short.iter().map(|term| term.in_any(source.columns)));
                (
                    format!("{alias}.id * 2 + {parity} AS rowid, {}, {}", source.title, source.text),
                    format!("{table} {alias}"),
                    format!("{alias}.created_at DESC, {alias}.id DESC"),
                )
            }
        };
        conditions.extend(self.days(&format!("{alias}.local_date")));
        if let (Some(tag), Some(tags)) = (&self.tag, source.tags) {
            conditions.push(format!(
                "EXISTS (SELECT 1 FROM json_each({tags}) WHERE value = {tag} COLLATE NOCASE)"
            ));
        }
        format!(
            "SELECT * FROM (SELECT {columns}, {alias}.local_date, {alias}.created_at AS at, {alias}.utc_offset_min, {tags}
             FROM {rows} WHERE {} ORDER BY {order} LIMIT {CANDIDATES})",
            conditions.join(" AND ")
        )
    }

    /// The date range as conditions on `column`, a day as lived.
    fn days(&self, column: &str) -> Vec<String> {
        let from = self.from.iter().map(|p| format!("{column} >= {p}"));
        let to = self.to.iter().map(|p| format!("{column} <= {p}"));
        from.chain(to).collect()
    }
}

impl Store {
    /// Journal entries and check-ins matching every term, best first; with no terms, the
    /// newest matching the filters. Deleted words are never returned.
    ///
    /// How it stays fast at ten years' size (benches/journal.rs): the newest matching rows that
    /// pass the filters, up to twice [`CANDIDATES`], are ranked here (see [`relevance`]).
    /// Asking FTS5 to rank every match with bm25 took ~50 ms for a common word.
    pub fn search(&self, query: &SearchQuery) -> Result<Vec<SearchHit>> {
        let terms = query.terms()?;
        if terms.is_empty() && query.tag.is_none() && query.from.is_none() && query.to.is_none() {
            return Ok(Vec::new());
        }
        let fetch = CandidateQuery::new(query, &terms);
        let mut stmt = self.conn.prepare(&fetch.sql())?;
        let mut candidates: Vec<(f64, Candidate)> = stmt
            .query_map(params_from_iter(fetch.values), |row| {
                let candidate = Candidate {
                    rowid: row.get(0)?,
                    title: row.get(1)?,
                    body: row.get(2)?,
                    local_date: row.get(3)?,
                    created_at: read_local_time(row, 4, 5)?,
                    tags: row.get(6)?,
                };
                Ok((relevance(&candidate.title, &candidate.body, &terms), candidate))
            })?
            .collect::<rusqlite::Result<_>>()?;
        // Best first; the newest first among equals (the rows arrive newest first).
        candidates.sort_by(|a, b| b.0.total_cmp(&a.0));
        candidates.truncate(HITS);
        Ok(candidates
            .into_iter()
            .map(|(_, c)| SearchHit {
                kind: if c.rowid % 2 == 0 {
                    HitKind::Journal
                } else {
                    HitKind::CheckIn
                },
                id: c.rowid / 2,
                local_date: c.local_date,
                created_at: c.created_at,
                snippet: snippet(&c.body, &terms),
                title: c.title,
                tags: c.tags.and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default(),
            })
            .collect())
    }
}

/// A row a search may return, before ranking.
struct Candidate {
    rowid: i64,
    title: String,
    body: String,
    local_date: String,
    /// RFC 3339 at the writer's offset then.
    created_at: String,
    tags: Option<String>,
}

/// How well a row matches: occurrences of the terms per √length, a title match counting three
/// times. Simple and explainable: more of what you searched for, in less text, ranks higher.
fn relevance(title: &str, body: &str, terms: &[String]) -> f64 {
    if terms.is_empty() {
        return 0.0;
    }
    let count = |text: &str| -> usize {
        let text = text.to_lowercase();
        terms.iter().map(|t| text.matches(&t.to_lowercase()).count()).sum()
    };
    let length = (title.chars().count() + body.chars().count()).max(1) as f64;
    (3 * count(title) + count(body)) as f64 / length.sqrt()
}

/// Writes journal entry `id`'s grams, in place of any it had. Called in the transaction that
/// saves its words, after them.
pub(super) fn index_entry(conn: &Connection, id: i64) -> Result<()> {
    Ok(index_row(conn, &JOURNAL, id)?)
}

/// Writes check-in `id`'s grams, in place of any it had, as [`index_entry`] does.
pub(super) fn index_check_in(conn: &Connection, id: i64) -> Result<()> {
    Ok(index_row(conn, &CHECK_INS, id)?)
}

/// Migration 0005's second half: the grams of every entry and check-in written before it, then
/// the index merged into one segment (quickest to read, smallest to keep).
pub(super) fn index_every_row(tx: &rusqlite::Transaction<'_>) -> rusqlite_migration::HookResult {
    for source in [JOURNAL, CHECK_INS] {
        let ids: Vec<i64> = tx
            .prepare(&format!("SELECT id FROM {}", source.table))?
            .query_map([], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for id in ids {
            index_row(tx, &source, id)?;
        }
    }
    tx.execute("INSERT INTO search_gram (search_gram) VALUES ('optimize')", [])?;
    Ok(())
}

/// Replaces row `id`'s grams with those of its text now: the columns a short term is looked for
/// in ([`Source::columns`]), read back from the row so the index holds exactly what a scan reads.
fn index_row(conn: &Connection, source: &Source, id: i64) -> rusqlite::Result<()> {
    let Source {
        table, alias, parity, ..
    } = source;
    let columns = source.columns;
    let sql = format!(
        "SELECT {} FROM {table} {alias} WHERE {alias}.id = ?1",
        columns.join(", ")
    );
    let text = conn.prepare_cached(&sql)?.query_row([id], |row| {
        (0..columns.len())
            .map(|i| {
                // Text that isn't UTF-8 (Tend writes none) is read as far as it is, rather than
                // failing a save or the migration.
                Ok(match row.get_ref(i)? {
                    ValueRef::Text(text) => String::from_utf8_lossy(text).into_owned(),
                    _ => String::new(),
                })
            })
            .collect::<rusqlite::Result<Vec<String>>>()
    })?;
    let rowid = 2 * id + parity;
    conn.prepare_cached("DELETE FROM search_gram WHERE rowid = ?1")?
        .execute([rowid])?;
    conn.prepare_cached("INSERT INTO search_gram (rowid, grams) VALUES (?1, ?2)")?
        .execute(params![rowid, grams(text.iter().map(String::as_str))])?;
    Ok(())
}

/// The gram index's text for a row: every character and every pair of neighbouring characters
/// of each of `columns`, once each, as [`token`]s. White space is left out, alone or in a pair:
/// the terms are split at it, so none holds any.
fn grams<'a>(columns: impl IntoIterator<Item = &'a str>) -> String {
    let mut grams: BTreeSet<(char, Option<char>)> = BTreeSet::new();
    for text in columns {
        let mut chars = text.chars().map(|c| c.to_ascii_lowercase()).peekable();
        while let Some(c) = chars.next() {
            if c.is_whitespace() {
                continue;
            }
            grams.insert((c, None));
            if let Some(&next) = chars.peek().filter(|next| !next.is_whitespace()) {
                grams.insert((c, Some(next)));
            }
        }
    }
    grams
        .into_iter()
        .map(|(first, second)| token([first].into_iter().chain(second)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One or two characters as the gram index holds them and a search asks for them: ASCII letters
/// in lower case, as LIKE folds them, every other character as it is (LIKE and instr compare
/// those exactly, and a term with no ASCII letter is matched by instr); then the hex of the
/// UTF-8, so the 'ascii' tokenizer keeps any character, punctuation and emoji included, as one
/// token.
fn token(chars: impl IntoIterator<Item = char>) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut token = String::new();
    for c in chars {
        for byte in c.to_ascii_lowercase().encode_utf8(&mut [0; 4]).bytes() {
            token.push(char::from(HEX[usize::from(byte >> 4)]));
            token.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
    token
}
