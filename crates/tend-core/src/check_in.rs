//! A check-in: a few answers about how things are, written at a moment in the writer's own day.
//!
//! Every answer is optional, so a check-in can take thirty seconds or ten minutes. The questions
//! follow the practices in PRODUCT.md: time together, presence, listening, honesty, feelings,
//! how the partner seemed, and a free note.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::bounds::{Words, check_words, distinct, longer_than};
use crate::{Error, Result};

/// The longest text any one answer keeps, in characters (not bytes).
pub const NOTE_LIMIT: usize = 20_000;
/// The most minutes of time together one check-in can hold: a whole day.
pub const MINUTES_LIMIT: i64 = 1_440;
/// The longest activity or feeling word, in characters.
pub const LABEL_LIMIT: usize = 60;
/// The most activities, or feelings, one check-in keeps.
pub const LABELS_LIMIT: usize = 24;

/// How present I felt, in words rather than a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename_all = "snake_case")]
pub enum Presence {
    /// "Mostly elsewhere"
    Elsewhere,
    /// "Partly there"
    Partly,
    /// "Fully there"
    Fully,
}

impl Presence {
    pub const ALL: [Presence; 3] = [Presence::Elsewhere, Presence::Partly, Presence::Fully];

    /// The value stored in the database and sent over IPC.
    pub fn as_str(self) -> &'static str {
        match self {
            Presence::Elsewhere => "elsewhere",
            Presence::Partly => "partly",
            Presence::Fully => "fully",
        }
    }

    pub fn parse(value: &str) -> Option<Presence> {
        Presence::ALL.into_iter().find(|p| p.as_str() == value)
    }
}

/// What the UI sends to save or edit a check-in. Text answers are empty when skipped.
///
/// `presence` arrives as text and is checked here, so an unknown value gets a gentle error
/// rather than a deserialisation failure at the IPC boundary.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct NewCheckIn {
    /// Minutes of time together, 0 to 1,440.
    #[ts(type = "number | null")]
    pub together_minutes: Option<i64>,
    /// What we did: short free-text activities, earlier ones offered as choices.
    pub activities: Vec<String>,
    #[ts(type = "Presence | null")]
    pub presence: Option<String>,
    /// Did my partner share something with me?
    pub partner_shared: Option<bool>,
    /// What did they ask of me?
    pub partner_asked: String,
    /// Anything I haven't said yet. Private: never shown outside the app.
    pub unsaid: String,
    /// Emotion words, chosen from a list or my own.
    pub feelings: Vec<String>,
    /// How my partner seemed.
    pub partner_seemed: String,
    pub note: String,
}

impl NewCheckIn {
    /// A check-in with only a note.
    pub fn note(note: impl Into<String>) -> NewCheckIn {
        NewCheckIn {
            note: note.into(),
            ..NewCheckIn::default()
        }
    }

    /// Checks the input and returns it as it will be stored. Sizes are checked first, on the
    /// answers as they arrived (see `crate::bounds`). Text is kept byte-exact; an answer that is
    /// only white space counts as skipped. Activities and feelings are trimmed and repeated
    /// words (ignoring case) kept once.
    pub fn validate(&self) -> Result<ValidCheckIn> {
        if self
            .together_minutes
            .is_some_and(|minutes| !(0..=MINUTES_LIMIT).contains(&minutes))
        {
            return Err(Error::MinutesOutOfRange { limit: MINUTES_LIMIT });
        }
        for words in [&self.activities, &self.feelings] {
            check_words(words, Words::Labels, LABELS_LIMIT, LABEL_LIMIT)?;
        }
        if [&self.partner_asked, &self.unsaid, &self.partner_seemed, &self.note]
            .into_iter()
            .any(|text| longer_than(text, NOTE_LIMIT))
        {
            return Err(Error::NoteTooLong { limit: NOTE_LIMIT });
        }
        let presence = match self.presence.as_deref() {
            None | Some("") => None,
            Some(value) => Some(Presence::parse(value).ok_or(Error::UnknownPresence)?),
        };
        let valid = ValidCheckIn {
            together_minutes: self.together_minutes,
            activities: labels(&self.activities),
            presence,
            partner_shared: self.partner_shared,
            partner_asked: answer(&self.partner_asked),
            unsaid: answer(&self.unsaid),
            feelings: labels(&self.feelings),
            partner_seemed: answer(&self.partner_seemed),
            note: answer(&self.note),
        };
        if valid.is_empty() {
            return Err(Error::EmptyCheckIn);
        }
        Ok(valid)
    }
}

/// A check-in that passed [`NewCheckIn::validate`]; skipped text answers are `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidCheckIn {
    pub together_minutes: Option<i64>,
    pub activities: Vec<String>,
    pub presence: Option<Presence>,
    pub partner_shared: Option<bool>,
    pub partner_asked: Option<String>,
    pub unsaid: Option<String>,
    pub feelings: Vec<String>,
    pub partner_seemed: Option<String>,
    pub note: Option<String>,
}

impl ValidCheckIn {
    fn is_empty(&self) -> bool {
        self.together_minutes.is_none()
            && self.activities.is_empty()
            && self.presence.is_none()
            && self.partner_shared.is_none()
            && self.partner_asked.is_none()
            && self.unsaid.is_none()
            && self.feelings.is_empty()
            && self.partner_seemed.is_none()
            && self.note.is_none()
    }
}

fn answer(text: &str) -> Option<String> {
    (!text.trim().is_empty()).then(|| text.to_owned())
}

fn labels(words: &[String]) -> Vec<String> {
    distinct(words.iter().map(|word| word.trim()))
}

/// A saved check-in as the UI sees it. Skipped text answers are empty strings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CheckIn {
    #[ts(type = "number")]
    pub id: i64,
    /// The moment it was written, RFC 3339 at the writer's offset then.
    pub created_at: String,
    /// The day as lived: the local date at the offset it was written in.
    pub local_date: String,
    /// When it was last edited (RFC 3339, UTC), if ever.
    pub updated_at: Option<String>,
    #[ts(type = "number | null")]
    pub together_minutes: Option<i64>,
    pub activities: Vec<String>,
    pub presence: Option<Presence>,
    pub partner_shared: Option<bool>,
    pub partner_asked: String,
    pub unsaid: String,
    pub feelings: Vec<String>,
    pub partner_seemed: String,
    pub note: String,
}

impl CheckIn {
    pub fn local_date(&self) -> Option<NaiveDate> {
        self.local_date.parse().ok()
    }
}

/// The moment a check-in was written, as stored: a UTC instant and the writer's offset then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub utc: DateTime<Utc>,
    pub offset: FixedOffset,
}

impl Written {
    pub fn at(now: DateTime<FixedOffset>) -> Written {
        Written {
            utc: now.with_timezone(&Utc),
            offset: *now.offset(),
        }
    }

    pub fn local(self) -> DateTime<FixedOffset> {
        self.utc.with_timezone(&self.offset)
    }

    /// The day as lived, whatever zone the reader is in now.
    pub fn local_date(self) -> NaiveDate {
        self.local().date_naive()
    }
}
