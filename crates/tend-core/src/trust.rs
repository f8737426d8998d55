//! The trust-repair tools (issue 17): the promise ledger, the disclosure log and the revisit log.
//!
//! Domain types and their checks only; `store/trust.rs` keeps them. A promise moves between
//! states only along [`TRANSITIONS`], and every move is kept in its history, never rewritten:
//! reopening a kept promise adds an event, it doesn't undo the one before. There is no state
//! for a promise that wasn't kept, and nothing here counts them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::bounds::longer_than;
use crate::check_in::NOTE_LIMIT;
use crate::{Error, Result};

/// Where a promise stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename_all = "snake_case")]
pub enum PromiseState {
    /// Being worked on.
    Open,
    Kept,
    /// The terms changed, agreed together; the promise goes on under the new ones.
    Renegotiated,
    /// Set down on purpose, with a note.
    LetGo,
}

impl PromiseState {
    pub const ALL: [PromiseState; 4] = [
        PromiseState::Open,
        PromiseState::Kept,
        PromiseState::Renegotiated,
        PromiseState::LetGo,
    ];

    /// The value stored in the database and sent over IPC.
    pub fn as_str(self) -> &'static str {
        match self {
            PromiseState::Open => "open",
            PromiseState::Kept => "kept",
            PromiseState::Renegotiated => "renegotiated",
            PromiseState::LetGo => "let_go",
        }
    }

    pub fn parse(value: &str) -> Option<PromiseState> {
        PromiseState::ALL.into_iter().find(|s| s.as_str() == value)
    }

    /// Whether the promise is still being lived (open, or going on under renegotiated terms).
    pub fn is_current(self) -> bool {
        matches!(self, PromiseState::Open | PromiseState::Renegotiated)
    }
}

/// The transition table, in one place: the `(from, to)` moves a promise can make. From open to
/// any other state; from renegotiated back to open under the new terms; kept and let go are
/// settled, and only reopening (which adds to the history) moves them.
pub const TRANSITIONS: &[(PromiseState, PromiseState)] = &[
    (PromiseState::Open, PromiseState::Kept),
    (PromiseState::Open, PromiseState::Renegotiated),
    (PromiseState::Open, PromiseState::LetGo),
    (PromiseState::Renegotiated, PromiseState::Open),
    (PromiseState::Kept, PromiseState::Open),
    (PromiseState::LetGo, PromiseState::Open),
];

/// Whether [`TRANSITIONS`] holds the move `from` → `to`.
pub fn allowed(from: PromiseState, to: PromiseState) -> bool {
    TRANSITIONS.contains(&(from, to))
}

/// The longest date text read before it is refused unread (a date is ten characters).
const DATE_TEXT_LIMIT: usize = 32;

/// What the UI sends to make a promise, or to fix its words.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct NewPromise {
    /// What my partner asked of me, in their words. Optional.
    pub asked: String,
    /// What I committed to, in mine.
    pub committed: String,
    /// By when, as YYYY-MM-DD, if there is a "by when".
    pub by_when: Option<String>,
    /// The check-in it came from, if any.
    #[ts(type = "number | null")]
    pub check_in_id: Option<i64>,
}

/// A promise that passed [`NewPromise::validate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidPromise {
    pub asked: String,
    pub committed: String,
    pub by_when: Option<NaiveDate>,
    pub check_in_id: Option<i64>,
}

impl NewPromise {
    /// Checks the input and returns it as it will be stored: sizes first, then the words a
    /// promise needs (what I committed to), then the date. Text is kept byte-exact; text that is
    /// only white space counts as empty.
    pub fn validate(&self) -> Result<ValidPromise> {
        check_texts([&self.asked, &self.committed])?;
        let committed = answer(&self.committed);
        if committed.is_empty() {
            return Err(Error::PromiseNeedsWords);
        }
        let by_when = match self.by_when.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => Some(parse_date(text)?),
        };
        Ok(ValidPromise {
            asked: answer(&self.asked),
            committed,
            by_when,
            check_in_id: self.check_in_id,
        })
    }
}

/// A move of a promise to another state, as the UI sends it.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct PromiseMove {
    /// The state to move to, as [`PromiseState::as_str`] spells it; checked here, so an unknown
    /// one gets a gentle answer.
    #[ts(type = "PromiseState")]
    pub to: String,
    /// What happened, what changed and why. Optional.
    pub note: String,
    /// The new words of the commitment, agreed together: needed when moving to renegotiated,
    /// and not read for any other move.
    pub terms: String,
}

/// A move that passed [`PromiseMove::validate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidMove {
    pub to: PromiseState,
    pub note: String,
    /// The new terms, for a renegotiation only.
    pub terms: Option<String>,
}

impl PromiseMove {
    /// Checks the move for a promise that stands at `from`: sizes, a known state, a move in
    /// [`TRANSITIONS`], and new terms when it is a renegotiation.
    pub fn validate(&self, from: PromiseState) -> Result<ValidMove> {
        check_texts([&self.note, &self.terms])?;
        let to = PromiseState::parse(self.to.trim()).ok_or(Error::PromiseStateUnknown)?;
        if !allowed(from, to) {
            return Err(Error::PromiseStepNotAllowed { from, to });
        }
        let terms = match to {
            PromiseState::Renegotiated => {
                let terms = answer(&self.terms);
                if terms.is_empty() {
                    return Err(Error::PromiseNeedsTerms);
                }
                Some(terms)
            }
            _ => None,
        };
        Ok(ValidMove {
            to,
            note: answer(&self.note),
            terms,
        })
    }
}

/// A promise as the UI sees it (named apart from JavaScript's own `Promise` there).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "TrustPromise")]
pub struct Promise {
    #[ts(type = "number")]
    pub id: i64,
    /// When it was made, RFC 3339 at the writer's offset then.
    pub created_at: String,
    /// The day as lived when it was made.
    pub local_date: String,
    /// When its words were last fixed (RFC 3339, UTC), if ever.
    pub updated_at: Option<String>,
    pub asked: String,
    /// What I committed to: after a renegotiation, the new terms.
    pub committed: String,
    pub by_when: Option<String>,
    /// The check-in it came from; none once that check-in is gone.
    #[ts(type = "number | null")]
    pub check_in_id: Option<i64>,
    pub state: PromiseState,
    /// Oldest first; the first event is the promise being made (open, with no note).
    pub history: Vec<PromiseEvent>,
}

/// One step in a promise's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PromiseEvent {
    /// When, RFC 3339 at the writer's offset then.
    pub at: String,
    pub state: PromiseState,
    pub note: String,
    /// The terms that held from this event on, when they changed here: the first words when the
    /// promise was made, the new ones at a renegotiation.
    pub terms: Option<String>,
}

/// What the UI sends to note something told, or to fix its words.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct NewDisclosure {
    /// The day it was told, YYYY-MM-DD; empty for the day it is written.
    pub told_on: String,
    /// What I told my partner.
    pub what: String,
    /// How they took it. Optional.
    pub how_taken: String,
    /// What is still unsaid. Private: never shown outside the app.
    pub still_unsaid: String,
}

/// A disclosure that passed [`NewDisclosure::validate`]; `told_on` is `None` for "today".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidDisclosure {
    pub told_on: Option<NaiveDate>,
    pub what: String,
    pub how_taken: String,
    pub still_unsaid: String,
}

impl NewDisclosure {
    pub fn validate(&self) -> Result<ValidDisclosure> {
        check_texts([&self.what, &self.how_taken, &self.still_unsaid])?;
        let what = answer(&self.what);
        if what.is_empty() {
            return Err(Error::DisclosureNeedsWords);
        }
        Ok(ValidDisclosure {
            told_on: optional_date(&self.told_on)?,
            what,
            how_taken: answer(&self.how_taken),
            still_unsaid: answer(&self.still_unsaid),
        })
    }
}

/// Something told, as the UI sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Disclosure {
    #[ts(type = "number")]
    pub id: i64,
    /// When it was written down, RFC 3339 at the writer's offset then.
    pub created_at: String,
    /// When its words were last fixed (RFC 3339, UTC), if ever.
    pub updated_at: Option<String>,
    pub told_on: String,
    pub what: String,
    pub how_taken: String,
    /// Private: never shown outside the app.
    pub still_unsaid: String,
}

/// What the UI sends to note a time it came up again, or to fix its words.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct NewRevisit {
    /// The day it came up, YYYY-MM-DD; empty for the day it is written.
    pub happened_on: String,
    /// What my partner needed.
    pub needed: String,
    /// How I responded.
    pub responded: String,
    /// What I'd like to do next time.
    pub next_time: String,
}

/// A revisit that passed [`NewRevisit::validate`]; `happened_on` is `None` for "today".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidRevisit {
    pub happened_on: Option<NaiveDate>,
    pub needed: String,
    pub responded: String,
    pub next_time: String,
}

impl NewRevisit {
    /// Any one of the three answers is enough.
    pub fn validate(&self) -> Result<ValidRevisit> {
        check_texts([&self.needed, &self.responded, &self.next_time])?;
        let valid = ValidRevisit {
            happened_on: optional_date(&self.happened_on)?,
            needed: answer(&self.needed),
            responded: answer(&self.responded),
            next_time: answer(&self.next_time),
        };
        if valid.needed.is_empty() && valid.responded.is_empty() && valid.next_time.is_empty() {
            return Err(Error::RevisitNeedsWords);
        }
        Ok(valid)
    }
}

/// A time it came up again, as the UI sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Revisit {
    #[ts(type = "number")]
    pub id: i64,
    /// When it was written down, RFC 3339 at the writer's offset then.
    pub created_at: String,
    /// When its words were last fixed (RFC 3339, UTC), if ever.
    pub updated_at: Option<String>,
    pub happened_on: String,
    pub needed: String,
    pub responded: String,
    pub next_time: String,
}

/// Refuses any text longer than [`NOTE_LIMIT`] characters, before any other work.
fn check_texts<'a>(texts: impl IntoIterator<Item = &'a String>) -> Result<()> {
    if texts.into_iter().any(|text| longer_than(text, NOTE_LIMIT)) {
        return Err(Error::TextTooLong { limit: NOTE_LIMIT });
    }
    Ok(())
}

/// The text as typed, or empty when it is only white space.
fn answer(text: &str) -> String {
    if text.trim().is_empty() {
        String::new()
    } else {
        text.to_owned()
    }
}

/// A day written YYYY-MM-DD. Days after today are allowed.
fn parse_date(text: &str) -> Result<NaiveDate> {
    if longer_than(text, DATE_TEXT_LIMIT) {
        return Err(Error::DateUnreadable);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| Error::DateUnreadable)
}

fn optional_date(text: &str) -> Result<Option<NaiveDate>> {
    match text.trim() {
        "" => Ok(None),
        text => parse_date(text).map(Some),
    }
}
