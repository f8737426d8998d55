//! Drafts: what a person is writing in a form, kept in the database as they type, so neither
//! closing the window nor a crash loses a word. A check-in's draft goes in the same
//! transaction that saves the check-in, so it never comes back once saved.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::{Store, format_instant};
use crate::{Error, Result};

/// The largest draft kept, in bytes: every answer of a check-in at its longest fits well
/// within it.
pub const DRAFT_LIMIT: usize = 1 << 20;

/// The forms that keep a draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftKind {
    CheckIn,
    /// Everything being written on the Promises & talks screen, as one document of its forms.
    Trust,
}

impl DraftKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            DraftKind::CheckIn => "check_in",
            DraftKind::Trust => "trust",
        }
    }
}

impl Store {
    /// The draft of `kind`, if one is kept.
    pub fn draft(&self, kind: DraftKind) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT body FROM draft WHERE kind = ?1", [kind.as_str()], |row| {
                row.get(0)
            })
            .optional()?)
    }

    /// Keeps `body` as the draft of `kind` (durable on return), or forgets it with `None`.
    /// Checked for size before anything else; on error the kept draft is as it was.
    pub fn keep_draft(&mut self, kind: DraftKind, body: Option<&str>, now: DateTime<Utc>) -> Result<()> {
        match body {
            Some(body) if body.len() > DRAFT_LIMIT => Err(Error::DraftTooLarge { limit: DRAFT_LIMIT }),
            Some(body) => {
                self.conn.execute(
                    "INSERT INTO draft (kind, body, updated_at) VALUES (?1, ?2, ?3)
                     ON CONFLICT (kind) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
                    params![kind.as_str(), body, format_instant(now)],
                )?;
                Ok(())
            }
            None => {
                self.conn
                    .execute("DELETE FROM draft WHERE kind = ?1", [kind.as_str()])?;
                Ok(())
            }
        }
    }
}
