//! Reading check-ins back: the timeline (newest first, keyset paging), a day, a month of the
//! calendar, and the activities and feelings used before.
//!
//! Keyset paging keeps a deep page as fast as the first: the cursor is the last row's
//! `(created_at, id)` and the next page starts strictly after it in the timeline index.

use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::check_ins::{COLUMNS, read_check_in};
use super::{LOOK_BACK_DAYS, Store};
use crate::bounds::longer_than;
use crate::{CheckIn, Error, Result};

/// The longest `created_at` a cursor can hold, in characters. Tend's own are 24
/// (`2026-11-25T20:00:00.000Z`).
pub const CURSOR_LIMIT: usize = 64;

/// Where the next timeline page starts: just after this check-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TimelineCursor {
    /// The stored UTC instant of the last check-in shown.
    pub created_at: String,
    #[ts(type = "number")]
    pub id: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TimelinePage {
    pub check_ins: Vec<CheckIn>,
    /// `None` when this page reaches the first check-in ever written.
    pub next: Option<TimelineCursor>,
}

/// A day in a calendar month that has at least one check-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CalendarDay {
    /// The day as lived, `YYYY-MM-DD`.
    pub date: String,
    pub check_ins: u32,
}

impl TimelineCursor {
    /// Refuses a cursor longer than any Tend hands out, before it reaches a query.
    pub(crate) fn check(&self) -> Result<()> {
        if longer_than(&self.created_at, CURSOR_LIMIT) {
            return Err(Error::CursorTooLong { limit: CURSOR_LIMIT });
        }
        Ok(())
    }
}

/// Activities and feelings used before, most used first, offered as choices.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct KnownLabels {
    pub activities: Vec<String>,
    pub feelings: Vec<String>,
}

/// How many earlier words are offered as choices.
const KNOWN_LIMIT: i64 = 24;

impl Store {
    /// Up to `limit` check-ins, newest first, starting after `after` (from the start if `None`).
    pub fn timeline(&self, after: Option<&TimelineCursor>, limit: usize) -> Result<TimelinePage> {
        if let Some(cursor) = after {
            cursor.check()?;
        }
        let limit = limit.clamp(1, 500);
        // Fetch one more than asked to learn whether another page exists.
        let fetch = limit as i64 + 1;
        let rows: Vec<(String, CheckIn)> = match after {
            None => {
                let sql = format!(
                    "SELECT {COLUMNS}, created_at FROM check_in WHERE deleted_at IS NULL
                     ORDER BY created_at DESC, id DESC LIMIT ?1"
                );
                let mut stmt = self.conn.prepare_cached(&sql)?;
                stmt.query_map([fetch], |row| Ok((row.get(12)?, read_check_in(row)?)))?
                    .collect::<rusqlite::Result<_>>()?
            }
            Some(cursor) => {
                let sql = format!(
                    "SELECT {COLUMNS}, created_at FROM check_in WHERE deleted_at IS NULL
                       AND (created_at, id) < (?1, ?2)
                     ORDER BY created_at DESC, id DESC LIMIT ?3"
                );
                let mut stmt = self.conn.prepare_cached(&sql)?;
                stmt.query_map(rusqlite::params![cursor.created_at, cursor.id, fetch], |row| {
                    Ok((row.get(12)?, read_check_in(row)?))
                })?
                .collect::<rusqlite::Result<_>>()?
            }
        };
        let (mut check_ins, next) = into_page(rows, limit, |c: &CheckIn| c.id);
        self.attach_labels(&mut check_ins)?;
        Ok(TimelinePage { check_ins, next })
    }

    /// The check-ins of one day as lived, newest first.
    pub fn check_ins_on(&self, date: NaiveDate) -> Result<Vec<CheckIn>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM check_in WHERE deleted_at IS NULL AND local_date = ?1
             ORDER BY created_at DESC, id DESC"
        );
        let mut check_ins = self
            .conn
            .prepare_cached(&sql)?
            .query_map([date.to_string()], read_check_in)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        self.attach_labels(&mut check_ins)?;
        Ok(check_ins)
    }

    /// The days of a month that have check-ins. Days without are simply not listed.
    pub fn calendar_month(&self, year: i32, month: u32) -> Result<Vec<CalendarDay>> {
        let first = NaiveDate::from_ymd_opt(year, month, 1).ok_or(Error::InvalidMonth)?;
        let next = first.checked_add_months(Months::new(1)).ok_or(Error::InvalidMonth)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT local_date, count(*) FROM check_in
             WHERE deleted_at IS NULL AND local_date >= ?1 AND local_date < ?2
             GROUP BY local_date ORDER BY local_date",
        )?;
        let days = stmt
            .query_map([first.to_string(), next.to_string()], |row| {
                Ok(CalendarDay {
                    date: row.get(0)?,
                    check_ins: row.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(days)
    }

    /// Activities and feelings written in the year up to `today`, most used first. A year
    /// keeps the choices current and the query's cost bounded however long the history grows.
    pub fn known_labels(&self, today: NaiveDate) -> Result<KnownLabels> {
        let since = today - Days::new(LOOK_BACK_DAYS);
        let words = |kind| -> Result<Vec<String>> {
            Ok(self
                .most_used_labels(kind, since, KNOWN_LIMIT)?
                .into_iter()
                .map(|(label, _)| label)
                .collect())
        };
        Ok(KnownLabels {
            activities: words("activity")?,
            feelings: words("feeling")?,
        })
    }

    /// Labels of one kind with how many check-ins used them, most used first, from `since` on
    /// (a day as lived). Words differing only in case count as one.
    pub(crate) fn most_used_labels(&self, kind: &str, since: NaiveDate, limit: i64) -> Result<Vec<(String, u32)>> {
        // CROSS JOIN fixes the join order: start from the date range in `check_in_by_day`, then
        // look up labels by key. Left to itself (no ANALYZE statistics) SQLite starts from every
        // label of the kind over all years, which the benchmark measured at ~100 ms.
        let mut stmt = self.conn.prepare_cached(
            "SELECT l.label, count(*) AS uses FROM check_in c
               CROSS JOIN check_in_label l ON l.check_in_id = c.id AND l.kind = ?1
             WHERE c.deleted_at IS NULL AND c.local_date >= ?2
             GROUP BY l.label COLLATE NOCASE
             ORDER BY uses DESC, max(c.created_at) DESC LIMIT ?3",
        )?;
        let labels = stmt
            .query_map(rusqlite::params![kind, since.to_string(), limit], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(labels)
    }
}

/// Cuts rows fetched newest first — one more than `limit`, each with its stored `created_at` —
/// into a page and the cursor after it; no cursor when the page reaches the oldest row.
pub(crate) fn into_page<T>(
    mut rows: Vec<(String, T)>,
    limit: usize,
    id: impl Fn(&T) -> i64,
) -> (Vec<T>, Option<TimelineCursor>) {
    let more = rows.len() > limit;
    rows.truncate(limit);
    let next = match rows.last() {
        Some((created_at, last)) if more => Some(TimelineCursor {
            created_at: created_at.clone(),
            id: id(last),
        }),
        _ => None,
    };
    (rows.into_iter().map(|(_, row)| row).collect(), next)
}
