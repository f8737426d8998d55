//! Search in the store: journal entries and check-ins through the one FTS5 index (see
//! `crate::search` for the terms and the snippets), filtered by tag and days, then ranked.

use rusqlite::params_from_iter;
use rusqlite::types::Value;

use super::{Store, read_local_time};
use crate::Result;
use crate::search::{HitKind, SearchHit, SearchQuery, snippet};

/// Results one search returns at most.
const HITS: usize = 50;
/// Newest matching rows a search ranks, from each of the journal and the check-ins.
const CANDIDATES: usize = 100;

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
        // SQLite's LIKE folds only ASCII letters, so a term without any is found exactly as well
        // by instr(), which is a plain byte search and much quicker over long bodies.
        let likes: Vec<String> = short
            .iter()
            .map(|t| {
                if t.chars().any(|c| c.is_ascii_alphabetic()) {
                    let p = bind(format!(
                        "%{}%",
                        t.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
                    ));
                    format!("{{col}} LIKE {p} ESCAPE '\\'")
                } else {
                    let p = bind(t.to_string());
                    format!("instr({{col}}, {p}) > 0")
                }
            })
            .collect();
        let from = query.from.map(|d| bind(d.to_string()));
        let to = query.to.map(|d| bind(d.to_string()));
        let tag = query.tag.clone().map(&mut bind);

        // A term is found when any of `columns` holds it; LIKE column by column is cheaper than
        // over their concatenation, which would copy every row's text first.
        let like = |columns: &[&str], test: &str| {
            let any: Vec<String> = columns.iter().map(|col| test.replace("{col}", col)).collect();
            format!("({})", any.join(" OR "))
        };
        let journal_columns = ["j.title", "j.body", "j.tags"];
        let check_in_columns = ["c.note", "c.partner_asked", "c.partner_seemed", "c.unsaid"];
        // The same conditions for both timelines.
        let conditions = |alias: &str, columns: &[&str]| {
            let mut c = vec![format!("{alias}.deleted_at IS NULL")];
            c.extend(likes.iter().map(|p| like(columns, p)));
            c.extend(from.iter().map(|p| format!("{alias}.local_date >= {p}")));
            c.extend(to.iter().map(|p| format!("{alias}.local_date <= {p}")));
            c.join(" AND ")
        };
        let check_in_text = "concat_ws(char(10), c.note, c.partner_asked, c.partner_seemed, c.unsaid)";
        let mut journal_conditions = conditions("j", &journal_columns);
        if let Some(tag) = &tag {
            journal_conditions.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM json_each(j.tags) WHERE value = {tag} COLLATE NOCASE)"
            ));
        }
        let journal = format!(
            "SELECT * FROM (SELECT j.id * 2 AS rowid, j.title, j.body, j.local_date, j.created_at AS at,
                    j.utc_offset_min, j.tags FROM journal_entry j WHERE {journal_conditions}
                 ORDER BY j.created_at DESC, j.id DESC LIMIT {CANDIDATES})"
        );
        // Check-ins have no tags, so a tag filter leaves them out.
        let check_ins = tag.is_none().then(|| {
            format!(
                " UNION ALL SELECT * FROM (SELECT c.id * 2 + 1, '', {check_in_text}, c.local_date, c.created_at AS at,
                        c.utc_offset_min, NULL FROM check_in c WHERE {}
                     ORDER BY c.created_at DESC, c.id DESC LIMIT {CANDIDATES})",
                conditions("c", &check_in_columns)
            )
        });
        let sql = match &matches {
            // Walk the index's matches newest first (rowids grow with each save) and stop at
            // enough candidates: FTS5 reads its lists lazily, so a common word costs no more
            // than a rare one.
            Some(m) => {
                // One walk per kind, so a long run of check-ins cannot crowd out the journal
                // (their ids, and so their rowids, are separate sequences).
                let walk = |alias: &str, table: &str, parity: i64, text: &str, tags: &str| {
                    let mut c = vec![format!("search_index MATCH {m}"), format!("s.rowid % 2 = {parity}")];
                    c.extend(likes.iter().map(|p| like(&["s.title", "s.body", "s.tags"], p)));
                    let days: Vec<String> = from
                        .iter()
                        .map(|p| format!("local_date >= {p}"))
                        .chain(to.iter().map(|p| format!("local_date <= {p}")))
                        .collect();
                    if !days.is_empty() {
                        // The ids written in the date range bound the walk: FTS5 then reads
                        // only that stretch of its lists instead of everything newer.
                        let days = days.join(" AND ");
                        c.push(format!(
                            "s.rowid BETWEEN 2 * (SELECT min(id) FROM {table} WHERE deleted_at IS NULL AND {days}) + {parity}
                                 AND 2 * (SELECT max(id) FROM {table} WHERE deleted_at IS NULL AND {days}) + {parity}"
                        ));
                        c.extend(from.iter().map(|p| format!("{alias}.local_date >= {p}")));
                        c.extend(to.iter().map(|p| format!("{alias}.local_date <= {p}")));
                    }
                    format!(
                        "SELECT * FROM (SELECT s.rowid, s.title, {text}, {alias}.local_date, {alias}.created_at AS at,
                                {alias}.utc_offset_min, {tags}
                         FROM search_index s JOIN {table} {alias} ON {alias}.id = s.rowid / 2 AND {alias}.deleted_at IS NULL
                         WHERE {} ORDER BY s.rowid DESC LIMIT {CANDIDATES})",
                        c.join(" AND ")
                    )
                };
                let mut journal = walk("j", "journal_entry", 0, "s.body", "j.tags");
                if let Some(t) = &tag {
                    journal = journal.replacen(
                        " ORDER BY s.rowid DESC",
                        &format!(
                            " AND EXISTS (SELECT 1 FROM json_each(j.tags) WHERE value = {t} COLLATE NOCASE) ORDER BY s.rowid DESC"
                        ),
                        1,
                    );
                    journal
                } else {
                    format!("{journal} UNION ALL {}", walk("c", "check_in", 1, "s.body", "NULL"))
                }
            }
            None => format!(
                "{journal}{} ORDER BY at DESC LIMIT {}",
                check_ins.unwrap_or_default(),
                2 * CANDIDATES
            ),
        };
        let mut stmt = self.conn.prepare(&sql)?;
        let mut candidates: Vec<(f64, Candidate)> = stmt
            .query_map(params_from_iter(values), |row| {
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
