//! Search in the store: journal entries, check-ins and the trust-repair tools' records (promises,
//! disclosures, revisits) through two FTS5 indexes (see
//! `crate::search` for the terms and the snippets), filtered by tag and days, then ranked.
//!
//! Terms of three characters or more are found in the trigram index (migration 0003), kept in
//! step by triggers. Shorter ones (a two-character Chinese, Japanese or Korean word, say) are
//! found in the gram index (migration 0005): each character and each pair of neighbouring
//! characters of the text a short term is looked for in. SQL can't split text into characters
//! in a trigger, so the grams are written here, in the transaction that saves the words
//! ([`index_entry`], [`index_check_in`]); a delete trigger takes them out with the row.

use std::collections::BTreeSet;

use rusqlite::types::{Value, ValueRef};
use rusqlite::{Connection, params, params_from_iter};

use super::{Store, read_local_time};
use crate::Result;
use crate::search::{HitKind, SearchHit, SearchQuery, snippet};

/// Results one search returns at most.
const HITS: usize = 50;
/// Newest matching rows a search ranks, from each source (the journal, the check-ins, the
/// promises, the disclosures and the revisits).
const CANDIDATES: usize = 100;
/// Newest rows holding a short term's grams that a search lists from the gram index, from each
/// source: enough that the candidates are found among them even when a tag or the days leave out
/// most of them. The tests' rows are far fewer, so there it is
/// smaller, for the rows past it to be read too.
const LISTED: usize = if cfg!(test) { 30 } else { 10 * CANDIDATES };

/// How many rowids each band of the indexes holds: the journal and the check-ins share the first
/// (`2 * id` and `2 * id + 1`, migration 0003), and each of the trust-repair tools has one of its
/// own (migration 0009).
const BAND: i64 = 1 << 60;

/// One of the kinds of row a search finds, and where its words are.
struct Source {
    table: &'static str,
    alias: &'static str,
    hit: HitKind,
    /// Its rows' rowids in the indexes are `stride * id + offset`, all within band `band`.
    stride: i64,
    offset: i64,
    band: i64,
    /// What its rows' tokens in the gram index begin with, so that each source's rows are listed
    /// apart and a search of one never reads the other's.
    kind: char,
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
    hit: HitKind::Journal,
    stride: 2,
    offset: 0,
    band: 0,
    kind: 'j',
    title: "j.title",
    text: "j.body",
    columns: &["j.title", "j.body", "j.tags"],
    tags: Some("j.tags"),
};

const CHECK_INS: Source = Source {
    table: "check_in",
    alias: "c",
    hit: HitKind::CheckIn,
    stride: 2,
    offset: 1,
    band: 0,
    kind: 'c',
    title: "''",
    text: "concat_ws(char(10), c.note, c.partner_asked, c.partner_seemed, c.unsaid)",
    columns: &["c.note", "c.partner_asked", "c.partner_seemed", "c.unsaid"],
    tags: None,
};

/// A promise's words, as migration 0009's triggers index them: what I committed to, what was
/// asked, and the notes of its history.
const PROMISES: Source = Source {
    table: "promise",
    alias: "p",
    hit: HitKind::Promise,
    stride: 1,
    offset: BAND,
    band: 1,
    kind: 'p',
    title: "''",
    text: "concat_ws(char(10), nullif(p.committed, ''), nullif(p.asked, ''), \
           (SELECT group_concat(nullif(e.note, ''), char(10)) FROM promise_event e WHERE e.promise_id = p.id))",
    columns: &[
        "p.committed",
        "p.asked",
        "(SELECT group_concat(nullif(e.note, ''), char(10)) FROM promise_event e WHERE e.promise_id = p.id)",
    ],
    tags: None,
};

const DISCLOSURES: Source = Source {
    table: "disclosure",
    alias: "d",
    hit: HitKind::Disclosure,
    stride: 1,
    offset: 2 * BAND,
    band: 2,
    kind: 'd',
    title: "''",
    text: "concat_ws(char(10), nullif(d.what, ''), nullif(d.how_taken, ''), nullif(d.still_unsaid, ''))",
    columns: &["d.what", "d.how_taken", "d.still_unsaid"],
    tags: None,
};

const REVISITS: Source = Source {
    table: "revisit",
    alias: "r",
    hit: HitKind::Revisit,
    stride: 1,
    offset: 3 * BAND,
    band: 3,
    kind: 'r',
    title: "''",
    text: "concat_ws(char(10), nullif(r.needed, ''), nullif(r.responded, ''), nullif(r.next_time, ''))",
    columns: &["r.needed", "r.responded", "r.next_time"],
    tags: None,
};

/// Every kind of row a search finds.
const SOURCES: [&Source; 5] = [&JOURNAL, &CHECK_INS, &PROMISES, &DISCLOSURES, &REVISITS];

impl Source {
    /// The rowid in the indexes of the row whose id is `id` (SQL).
    fn rowid(&self, id: &str) -> String {
        format!("{} * {id} + {}", self.stride, self.offset)
    }

    /// The conditions that keep an index walk to this source's rowids.
    fn rowids(&self, rowid: &str) -> String {
        let (first, last) = (self.band * BAND, (self.band + 1) * BAND - 1);
        let band = format!("{rowid} BETWEEN {first} AND {last}");
        match self.stride {
            1 => band,
            stride => format!("{band} AND {rowid} % {stride} = {}", self.offset % stride),
        }
    }

    /// The source a rowid of the indexes belongs to, and the row's id there.
    fn of(rowid: i64) -> Option<(&'static Source, i64)> {
        SOURCES
            .into_iter()
            .find(|s| rowid / BAND == s.band && (rowid - s.offset) % s.stride == 0)
            .map(|s| (s, (rowid - s.offset) / s.stride))
    }
}

/// Where a short term is looked for while the index is walked: the index's own copy.
const INDEX_COLUMNS: &[&str] = &["s.title", "s.body", "s.tags"];

/// How the rows holding the short terms are found when no term is long enough for trigrams.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ShortLookup {
    /// In the gram index: what every search does.
    Grams,
    /// By reading every row, newest first, until enough hold the terms: what the gram index
    /// must agree with row for row (the tests below compare the two).
    #[cfg(test)]
    Scan,
}

/// A term too short for trigrams, as the placeholder of its parameter.
enum ShortTerm {
    /// SQLite's LIKE folds ASCII letters, so a term with any is matched with it...
    Like(String),
    /// ...and one without is found exactly as well by instr(), a plain byte search and much
    /// quicker over long bodies.
    Instr(String),
}

impl ShortTerm {
    /// Whether a term is matched with LIKE, ignoring the case of its ASCII letters.
    fn folds(term: &str) -> bool {
        term.chars().any(|c| c.is_ascii_alphabetic())
    }

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
    /// The sources searched (only the journal with a tag), each with the gram index's query for
    /// its rows holding the short terms, when they are the only terms.
    sources: Vec<(&'static Source, Option<String>)>,
    from: Option<String>,
    to: Option<String>,
    tag: Option<String>,
}

impl CandidateQuery {
    fn new(query: &SearchQuery, terms: &[String], lookup: ShortLookup) -> CandidateQuery {
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
        // With a long term the trigram walk finds the candidates and the short terms are only
        // checked on them; without one, the gram index finds them. LIKE reads its pattern only
        // up to a NUL, so a LIKE term holding one matches rows without its grams (every row,
        // when the NUL comes first): such a term, which no one types, is looked for in every row.
        let unreadable = |t: &&String| ShortTerm::folds(t) && t.contains('\0');
        let indexed = lookup == ShortLookup::Grams && !short.iter().any(unreadable);
        let grams = long.is_empty() && !short.is_empty() && indexed;
        let sources = SOURCES
            .into_iter()
            .filter(|source| query.tag.is_none() || source.tags.is_some())
            .map(|source| {
                let tokens = short.iter().map(|t| format!("\"{}\"", token(source.kind, t.chars())));
                (source, grams.then(|| bind(tokens.collect::<Vec<_>>().join(" "))))
            })
            .collect();
        let short = short
            .iter()
            .map(|t| {
                if ShortTerm::folds(t) {
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
            sources,
            from,
            to,
            tag,
        }
    }

    /// The whole query: the sources' candidates.
    fn sql(&self) -> String {
        let selects: Vec<String> = self
            .sources
            .iter()
            .map(|(source, grams)| self.select(source, grams.as_deref()))
            .collect();
        let sql = selects.join(" UNION ALL ");
        match self.matches {
            // Each walk comes newest first already, and bounded.
            Some(_) => sql,
            None => format!("{sql} ORDER BY at DESC LIMIT {}", 2 * CANDIDATES),
        }
    }

    /// The newest candidates from one source, at most [`CANDIDATES`]; `grams` is the gram
    /// index's query for its rows, if it is asked.
    fn select(&self, source: &Source, grams: Option<&str>) -> String {
        let Source { table, alias, .. } = source;
        let tags = source.tags.unwrap_or("NULL");
        let mut conditions = Vec::new();
        let (columns, rows, order) = match &self.matches {
            // Walk the index's matches newest first (rowids grow with each save) and stop at
            // enough candidates: FTS5 reads its lists lazily, so a common word costs no more
            // than a rare one. One walk per source, so a long run of check-ins cannot crowd
            // out the journal (their ids, and so their rowids, are separate sequences).
            Some(m) => {
                conditions.push(format!("search_index MATCH {m}"));
                conditions.push(source.rowids("s.rowid"));
                conditions.extend(self.short.iter().map(|term| term.in_any(INDEX_COLUMNS)));
                let days = self.days("local_date");
                if !days.is_empty() {
                    // The ids written in the date range bound the walk: FTS5 then reads only
                    // that stretch of its lists instead of everything newer.
                    let days = days.join(" AND ");
                    let (first, last) = (
                        source.rowid(&format!(
                            "(SELECT min(id) FROM {table} WHERE deleted_at IS NULL AND {days})"
                        )),
                        source.rowid(&format!(
                            "(SELECT max(id) FROM {table} WHERE deleted_at IS NULL AND {days})"
                        )),
                    );
                    conditions.push(format!("s.rowid BETWEEN {first} AND {last}"));
                }
                (
                    "s.rowid, s.title, s.body".to_owned(),
                    format!(
                        "search_index s JOIN {table} {alias} ON {alias}.id = (s.rowid - {}) / {} AND {alias}.deleted_at IS NULL",
                        source.offset, source.stride
                    ),
                    "s.rowid DESC".to_owned(),
                )
            }
            None => {
                conditions.push(format!("{alias}.deleted_at IS NULL"));
                if let Some(grams) = grams {
                    // The rows holding every short term's grams, read from the index once into
                    // a list: the newest [`LISTED`] of them, and rows older than those are let
                    // through to the check below, as a scan would. A term most rows hold is
                    // found among its newest rows, so listing only those keeps it nearly as
                    // quick as a scan (listing all cost ~2 ms more at ten years); a rarer one
                    // has all its rows listed. Whichever rows are let through, the check below
                    // decides, so the bound changes only what is read. The rowid is tested as an
                    // expression so that SQLite keeps walking the timeline newest first and stops
                    // at enough candidates: fetching every match by id and sorting them cost
                    // ~20 ms for a pair of letters most rows hold.
                    let rows = format!("SELECT rowid FROM search_gram WHERE search_gram MATCH {grams}");
                    let oldest = format!(
                        "coalesce(({rows} ORDER BY rowid DESC LIMIT 1 OFFSET {}), 0)",
                        LISTED - 1
                    );
                    let rowid = source.rowid(&format!("{alias}.id"));
                    conditions.push(format!(
                        "({rowid} < {oldest} OR {rowid} IN ({rows} AND rowid >= {oldest}))"
                    ));
                }
                // Checked as the scan checks them, so that the index only narrows the rows read
                // and what is found is exactly what a scan of every row finds.
                conditions.extend(self.short.iter().map(|term| term.in_any(source.columns)));
                (
                    format!(
                        "{} AS rowid, {}, {}",
                        source.rowid(&format!("{alias}.id")),
                        source.title,
                        source.text
                    ),
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
    /// Journal entries, check-ins, promises, disclosures and revisits matching every term, best
    /// first; with no terms, the newest matching the filters. Deleted words are never returned.
    ///
    /// How it stays fast at ten years' size (benches/journal.rs): the newest matching rows that
    /// pass the filters, up to twice [`CANDIDATES`], are ranked here (see [`relevance`]).
    /// Asking FTS5 to rank every match with bm25 took ~50 ms for a common word.
    pub fn search(&self, query: &SearchQuery) -> Result<Vec<SearchHit>> {
        self.search_by(query, ShortLookup::Grams)
    }

    /// [`Store::search`], finding the rows for short terms as `lookup` says.
    fn search_by(&self, query: &SearchQuery, lookup: ShortLookup) -> Result<Vec<SearchHit>> {
        let terms = query.terms()?;
        if terms.is_empty() && query.tag.is_none() && query.from.is_none() && query.to.is_none() {
            return Ok(Vec::new());
        }
        let fetch = CandidateQuery::new(query, &terms, lookup);
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
            .filter_map(|(_, c)| Some((Source::of(c.rowid)?, c)))
            .map(|((source, id), c)| SearchHit {
                kind: source.hit,
                id,
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

impl Store {
    /// At a quiet moment (the window closing, Tend locking): both indexes merged into one
    /// segment each, which leaves out everything an edit replaced, and the WAL emptied into the
    /// file, so no fragment of replaced words stays in either. About half a second at ten years.
    pub fn tidy_index(&self) -> Result<()> {
        self.conn.execute_batch(
            "INSERT INTO search_index (search_index) VALUES ('optimize');
             INSERT INTO search_gram (search_gram) VALUES ('optimize');",
        )?;
        self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }
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

/// Writes promise `id`'s grams (its words and its history's notes), as [`index_entry`] does.
pub(super) fn index_promise(conn: &Connection, id: i64) -> Result<()> {
    Ok(index_row(conn, &PROMISES, id)?)
}

/// Writes disclosure `id`'s grams, as [`index_entry`] does.
pub(super) fn index_disclosure(conn: &Connection, id: i64) -> Result<()> {
    Ok(index_row(conn, &DISCLOSURES, id)?)
}

/// Writes revisit `id`'s grams, as [`index_entry`] does.
pub(super) fn index_revisit(conn: &Connection, id: i64) -> Result<()> {
    Ok(index_row(conn, &REVISITS, id)?)
}

/// Migration 0005's second half: the grams of every row of every source the schema has so far
/// (a salvage calls it at the version it copies into), then the index merged into one segment
/// (quickest to read, smallest to keep).
pub(super) fn index_every_row(tx: &rusqlite::Transaction<'_>) -> rusqlite_migration::HookResult {
    for source in SOURCES {
        let there: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1)",
            [source.table],
            |row| row.get(0),
        )?;
        if !there {
            continue;
        }
        let ids: Vec<i64> = tx
            .prepare(&format!("SELECT id FROM {}", source.table))?
            .query_map([], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for id in ids {
            index_row(tx, source, id)?;
        }
    }
    tx.execute("INSERT INTO search_gram (search_gram) VALUES ('optimize')", [])?;
    Ok(())
}

/// The triggers that index each row as it is written (migration 0003). An import pauses them
/// and indexes its rows at the end with [`index_rows_after`]: FTS5 writes its pending changes at
/// the end of every statement, so ten years of rows indexed one insert at a time took seconds
/// longer than the same rows indexed by one statement.
pub(super) const ROW_INDEXING_TRIGGERS: &[&str] = &["journal_entry_indexed", "check_in_indexed"];

/// Indexes, in both indexes, every entry and check-in whose id is above the one given for its
/// table: rows written with [`ROW_INDEXING_TRIGGERS`] paused, none of them indexed yet. The
/// trigram index gets what those triggers write, each table in one statement; the gram index
/// gets each row's grams (read back, as [`index_row`] does), gathered first and then written in
/// one statement too.
pub(super) fn index_rows_after(tx: &Connection, entries_after: i64, check_ins_after: i64) -> Result<()> {
    tx.execute_batch("CREATE TEMP TABLE new_grams (rowid INTEGER PRIMARY KEY, grams TEXT NOT NULL)")?;
    let indexed = (|| -> Result<()> {
        for (source, after) in [(JOURNAL, entries_after), (CHECK_INS, check_ins_after)] {
            let Source { table, alias, .. } = source;
            let rowid = source.rowid(&format!("{alias}.id"));
            let tags = source.tags.map_or_else(
                || "''".to_owned(),
                |tags| format!("(SELECT group_concat(value, ' ') FROM json_each({tags}))"),
            );
            tx.execute(
                &format!(
                    "INSERT INTO search_index (rowid, title, body, tags)
                     SELECT {rowid}, {}, {}, {tags} FROM {table} {alias}
                     WHERE {alias}.id > ?1",
                    source.title, source.text
                ),
                [after],
            )?;
            let mut read = tx.prepare(&format!(
                "SELECT {alias}.id, {} FROM {table} {alias} WHERE {alias}.id > ?1",
                source.columns.join(", ")
            ))?;
            let mut write = tx.prepare("INSERT INTO temp.new_grams (rowid, grams) VALUES (?1, ?2)")?;
            let mut rows = read.query([after])?;
            while let Some(row) = rows.next()? {
                let text = (1..=source.columns.len())
                    .map(|i| column_text(row.get_ref(i)?))
                    .collect::<rusqlite::Result<Vec<String>>>()?;
                let id: i64 = row.get(0)?;
                write.execute(params![
                    source.stride * id + source.offset,
                    grams(source.kind, text.iter().map(String::as_str))
                ])?;
            }
        }
        tx.execute_batch("INSERT INTO search_gram (rowid, grams) SELECT rowid, grams FROM temp.new_grams")?;
        Ok(())
    })();
    // The first problem is the one told; the rollback takes the table away in any case.
    let dropped = tx.execute_batch("DROP TABLE temp.new_grams");
    indexed.and(dropped.map_err(Into::into))
}

/// A column's text as the gram index reads it. Text that isn't UTF-8 (Tend writes none) is read
/// as far as it is, rather than failing a save or the migration.
fn column_text(value: ValueRef<'_>) -> rusqlite::Result<String> {
    Ok(match value {
        ValueRef::Text(text) => String::from_utf8_lossy(text).into_owned(),
        _ => String::new(),
    })
}

/// Replaces row `id`'s grams with those of its text now: the columns a short term is looked for
/// in ([`Source::columns`]), read back from the row so the index holds exactly what a scan reads.
fn index_row(conn: &Connection, source: &Source, id: i64) -> rusqlite::Result<()> {
    let Source { table, alias, .. } = source;
    let columns = source.columns;
    let sql = format!(
        "SELECT {} FROM {table} {alias} WHERE {alias}.id = ?1",
        columns.join(", ")
    );
    let text = conn.prepare_cached(&sql)?.query_row([id], |row| {
        (0..columns.len())
            .map(|i| column_text(row.get_ref(i)?))
            .collect::<rusqlite::Result<Vec<String>>>()
    })?;
    let rowid = source.stride * id + source.offset;
    conn.prepare_cached("DELETE FROM search_gram WHERE rowid = ?1")?
        .execute([rowid])?;
    conn.prepare_cached("INSERT INTO search_gram (rowid, grams) VALUES (?1, ?2)")?
        .execute(params![rowid, grams(source.kind, text.iter().map(String::as_str))])?;
    Ok(())
}

/// The gram index's text for a row of the source of `kind`: every character and every pair of
/// neighbouring characters of each of `columns`, once each, as [`token`]s. White space is left
/// out, alone or in a pair: the terms are split at it, so none holds any.
fn grams<'a>(kind: char, columns: impl IntoIterator<Item = &'a str>) -> String {
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
        .map(|(first, second)| token(kind, [first].into_iter().chain(second)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One or two characters as the gram index holds them for a row of the source of `kind`, and a
/// search of that source asks for them: ASCII letters in lower case, as LIKE folds them, every
/// other character as it is (LIKE and instr compare those exactly, and a term with no ASCII
/// letter is matched by instr); written as the source's letter and the hex of the UTF-8, so the
/// 'ascii' tokenizer keeps any character, punctuation and emoji included, as one token.
fn token(kind: char, chars: impl IntoIterator<Item = char>) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut token = String::from(kind);
    for c in chars {
        for byte in c.to_ascii_lowercase().encode_utf8(&mut [0; 4]).bytes() {
            token.push(char::from(HEX[usize::from(byte >> 4)]));
            token.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
    token
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
    use fastrand::Rng;

    use super::*;
    use crate::NewCheckIn;
    use crate::journal::EntryDraft;
    use crate::trust::{NewDisclosure, NewPromise, NewRevisit, PromiseMove};

    /// What people write, the first ones most often: Chinese, Japanese and Korean words, Latin
    /// in every case (with letters whose case only Unicode folds), emoji of one and of several
    /// characters, LIKE's wildcards and escape, JSON's quotes and brackets (tags are kept as
    /// JSON), a NUL (where LIKE stops reading and instr does not) and white space of all kinds.
    const WORDS: &[&str] = &[
        "散步",
        "OK",
        "❤️",
        "a_b",
        "家族",
        "ok",
        "日曜日",
        "Zürich",
        "散歩",
        "100%",
        "사랑",
        "Ok",
        "猫",
        "ZÜRICH",
        "🙂",
        "\"quoted\"",
        "산책",
        "Straße",
        "STRASSE",
        "İstanbul",
        "Äpfel",
        "äpfel",
        "\u{212a}elvin",
        "naïve",
        "e\u{301}",
        "👨\u{200d}👩\u{200d}👧",
        "back\\slash",
        "[x]",
        "a,b",
        "…",
        "—",
        "ab",
        "AB",
        "x",
        "X",
        "\0",
        "tab\there",
        "nbsp\u{a0}here",
        "wide\u{3000}space",
        "一起",
        "很好",
        "晚饭",
        "oK",
        "ǅemal",
        "ﬁne",
        "%_",
        "\\%",
        "🌧️",
        "한국어",
        "é",
    ];
    const TAGS: &[&str] = &["家族", "OK", "a_b", "100%", "\"q\"", "Zürich", "散步", "[x]"];
    const SEPARATORS: &[&str] = &[" ", "", "\n", ", ", "\u{3000}"];

    fn pick<'a>(rng: &mut Rng, from: &[&'a str]) -> &'a str {
        let n = from.len();
        from[rng.usize(..n).min(rng.usize(..n)).min(rng.usize(..n))]
    }

    fn text(rng: &mut Rng) -> String {
        let mut text = String::new();
        for _ in 0..rng.usize(1..=16) {
            text.push_str(pick(rng, SEPARATORS));
            text.push_str(pick(rng, WORDS));
        }
        text
    }

    /// Moments in no order with respect to the ids, some shared: a clock set back, or two rows
    /// in one millisecond, must not change which rows are the newest.
    fn moment(rng: &mut Rng) -> DateTime<FixedOffset> {
        let offset = FixedOffset::east_opt([9, -5, 1][rng.usize(..3)] * 3_600).unwrap();
        let start = DateTime::parse_from_rfc3339("2026-01-01T12:00:00+00:00").unwrap();
        (start + Duration::hours(rng.i64(0..40))).with_timezone(&offset)
    }

    fn draft(rng: &mut Rng) -> EntryDraft {
        EntryDraft {
            title: if rng.bool() { text(rng) } else { String::new() },
            body: text(rng),
            tags: (0..rng.usize(0..=3)).map(|_| pick(rng, TAGS).to_owned()).collect(),
            check_in_id: None,
        }
    }

    fn check_in(rng: &mut Rng) -> NewCheckIn {
        let mut answer = || if rng.u8(..4) == 0 { String::new() } else { text(rng) };
        NewCheckIn {
            note: answer(),
            partner_asked: answer(),
            unsaid: answer(),
            partner_seemed: "…".into(),
            ..NewCheckIn::default()
        }
    }

    /// The one- and two-character terms the rows' words hold, in the case written and in the
    /// other cases (one in `one_in` of them, at random), then some with a second term, a tag or
    /// days.
    fn queries(store: &Store, rng: &mut Rng, one_in: usize) -> Vec<SearchQuery> {
        let texts: Vec<String> = store
            .conn
            .prepare(
                "SELECT title || ' ' || body || ' ' || tags FROM journal_entry
                 UNION ALL SELECT concat_ws(' ', note, partner_asked, unsaid) FROM check_in
                 UNION ALL SELECT concat_ws(' ', committed, asked) FROM promise
                 UNION ALL SELECT note FROM promise_event
                 UNION ALL SELECT concat_ws(' ', what, how_taken, still_unsaid) FROM disclosure
                 UNION ALL SELECT concat_ws(' ', needed, responded, next_time) FROM revisit",
            )
            .unwrap()
            .query_map([], |row| row.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let mut terms = BTreeSet::new();
        for text in &texts {
            let chars: Vec<char> = text.chars().collect();
            for window in chars.windows(2) {
                for term in [window[..1].iter().collect::<String>(), window.iter().collect()] {
                    terms.insert(term.to_uppercase());
                    terms.insert(term.to_lowercase());
                    terms.insert(term);
                }
            }
        }
        terms.insert("猫咪".into());
        let terms: Vec<String> = terms
            .into_iter()
            .filter(|t| !t.chars().any(char::is_whitespace) && rng.usize(..one_in) == 0)
            .collect();
        let mut queries: Vec<SearchQuery> = terms
            .iter()
            .map(|t| SearchQuery {
                text: t.clone(),
                ..SearchQuery::default()
            })
            .collect();
        let day = |rng: &mut Rng| NaiveDate::from_ymd_opt(2026, 1, 1 + rng.u32(0..3));
        for _ in 0..200 {
            let text = format!("{} {}", terms[rng.usize(..terms.len())], pick(rng, WORDS));
            queries.push(SearchQuery {
                text,
                tag: rng.bool().then(|| pick(rng, TAGS).to_owned()),
                from: rng.bool().then(|| day(rng)).flatten(),
                to: rng.bool().then(|| day(rng)).flatten(),
            });
        }
        queries
    }

    /// Answers the [`queries`] both ways and says how many found something, and how many found
    /// as many as a search returns.
    fn compare(store: &Store, rng: &mut Rng, one_in: usize) -> (usize, usize) {
        let (mut found, mut full) = (0, 0);
        for query in queries(store, rng, one_in) {
            let indexed = store.search_by(&query, ShortLookup::Grams).unwrap();
            let scanned = store.search_by(&query, ShortLookup::Scan).unwrap();
            assert_eq!(indexed, scanned, "{query:?}");
            found += usize::from(!indexed.is_empty());
            full += usize::from(indexed.len() == HITS);
        }
        (found, full)
    }

    /// A promise (moved once, with a note), a disclosure and a revisit of random words; those
    /// whose words are only white space are refused and left out.
    fn add_trust_rows(store: &mut Store, rng: &mut Rng) {
        let promise = NewPromise {
            asked: text(rng),
            committed: text(rng),
            ..NewPromise::default()
        };
        if let Ok(made) = store.add_promise(&promise, moment(rng)) {
            let step = PromiseMove {
                to: "kept".into(),
                note: text(rng),
                terms: String::new(),
            };
            store.move_promise(made.id, &step, moment(rng)).unwrap();
        }
        let disclosure = NewDisclosure {
            what: text(rng),
            still_unsaid: text(rng),
            ..NewDisclosure::default()
        };
        let _ = store.add_disclosure(&disclosure, moment(rng));
        let revisit = NewRevisit {
            needed: text(rng),
            next_time: text(rng),
            ..NewRevisit::default()
        };
        let _ = store.add_revisit(&revisit, moment(rng));
    }

    /// The gram index finds exactly the rows a scan of every row finds, in the same order and
    /// with the same snippets, after every kind of change.
    #[test]
    fn the_gram_index_finds_what_a_scan_finds() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let mut rng = Rng::with_seed(13);
        let mut entries = Vec::new();
        let mut check_ins = Vec::new();
        for _ in 0..250 {
            let now = moment(&mut rng);
            entries.push(store.save_entry(None, &draft(&mut rng), now).unwrap().id);
            let new = check_in(&mut rng);
            if new.validate().is_ok() {
                check_ins.push(store.save_check_in(&new, moment(&mut rng)).unwrap().id);
            }
            if rng.u8(..3) == 0 {
                add_trust_rows(&mut store, &mut rng);
            }
        }
        // Every term once, then a fifth of them after each change.
        let (found, full) = compare(&store, &mut rng, 1);
        assert!(
            found > 1_000 && full > 100,
            "{found} queries found rows, {full} a full page"
        );

        for &id in entries.iter().step_by(3) {
            store.save_entry(Some(id), &draft(&mut rng), moment(&mut rng)).unwrap();
        }
        for &id in check_ins.iter().step_by(3) {
            let new = check_in(&mut rng);
            if new.validate().is_ok() {
                store.update_check_in(id, &new, moment(&mut rng).to_utc()).unwrap();
            }
        }
        compare(&store, &mut rng, 5);

        let now = moment(&mut rng).to_utc();
        for (i, &id) in entries.iter().enumerate().filter(|(i, _)| i % 4 == 1) {
            store.delete_entry(id, now).unwrap();
            if i % 8 == 1 {
                store.restore_entry(id).unwrap();
            }
        }
        for (i, &id) in check_ins.iter().enumerate().filter(|(i, _)| i % 4 == 2) {
            store.delete_check_in(id, now).unwrap();
            if i % 8 == 2 {
                store.restore_check_in(id).unwrap();
            }
        }
        compare(&store, &mut rng, 5);
        assert!(store.purge_deleted(None).unwrap() > 0);
        compare(&store, &mut rng, 5);
    }
}
