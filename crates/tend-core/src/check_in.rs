//! A check-in: a short note about how things are, written at a moment in the writer's own day.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Error, Result};

/// The longest note a check-in keeps, in characters (not bytes).
pub const NOTE_LIMIT: usize = 20_000;

/// What the UI sends to save a check-in.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct NewCheckIn {
    pub note: String,
}

impl NewCheckIn {
    /// Checks the input and returns the note as it will be stored. Text is kept byte-exact;
    /// only a note that is nothing but white space counts as empty.
    pub fn validate(&self) -> Result<&str> {
        if self.note.trim().is_empty() {
            return Err(Error::EmptyCheckIn);
        }
        if self.note.chars().count() > NOTE_LIMIT {
            return Err(Error::NoteTooLong { limit: NOTE_LIMIT });
        }
        Ok(&self.note)
    }
}

/// A saved check-in as the UI sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CheckIn {
    #[ts(type = "number")]
    pub id: i64,
    /// The moment it was written, RFC 3339 at the writer's offset then.
    pub created_at: String,
    /// The day as lived: the local date at the offset it was written in.
    pub local_date: String,
    pub note: String,
}

impl CheckIn {
    pub(crate) fn from_stored(id: i64, created_at_utc: DateTime<Utc>, offset: FixedOffset, note: String) -> Self {
        let local = created_at_utc.with_timezone(&offset);
        CheckIn {
            id,
            created_at: local.to_rfc3339_opts(chrono::SecondsFormat::Millis, false),
            local_date: local.date_naive().to_string(),
            note,
        }
    }

    pub fn local_date(&self) -> Option<NaiveDate> {
        self.local_date.parse().ok()
    }
}
