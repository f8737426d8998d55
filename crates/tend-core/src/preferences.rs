//! Choices the person makes about Tend itself: which questions a check-in shows, and whether
//! insights bring back "On this day" (off by default, since it can return painful entries).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Error, Result};

/// A question a check-in can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename_all = "snake_case")]
pub enum Question {
    TimeTogether,
    Presence,
    Listening,
    Honesty,
    Feelings,
    PartnerSeemed,
    Note,
}

impl Question {
    pub const ALL: [Question; 7] = [
        Question::TimeTogether,
        Question::Presence,
        Question::Listening,
        Question::Honesty,
        Question::Feelings,
        Question::PartnerSeemed,
        Question::Note,
    ];
}

/// Minutes of idle time before Tend locks, unless the person chooses otherwise…
pub const AUTO_LOCK_DEFAULT: u32 = 5;
/// …and the longest they can choose: a working day.
pub const AUTO_LOCK_LIMIT: u32 = 480;

/// The most questions a check-in can be set to show: each of them once.
pub const QUESTIONS_LIMIT: usize = Question::ALL.len();

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Preferences {
    /// The questions a check-in shows, in the order shown.
    pub questions: Vec<Question>,
    pub on_this_day: bool,
    /// The passphrase has been offered once (set, or "not now"); the offer doesn't come again.
    pub privacy_offered: bool,
    /// With a passphrase, Tend locks after this many minutes without input in its window.
    pub auto_lock_minutes: u32,
}

impl Preferences {
    /// Refuses a list of questions longer than every question once.
    pub fn check(&self) -> Result<()> {
        if self.questions.len() > QUESTIONS_LIMIT {
            return Err(Error::TooManyQuestions { limit: QUESTIONS_LIMIT });
        }
        if !(1..=AUTO_LOCK_LIMIT).contains(&self.auto_lock_minutes) {
            return Err(Error::AutoLockOutOfRange { limit: AUTO_LOCK_LIMIT });
        }
        Ok(())
    }
}

impl Default for Preferences {
    fn default() -> Self {
        Preferences {
            questions: Question::ALL.to_vec(),
            on_this_day: false,
            privacy_offered: false,
            auto_lock_minutes: AUTO_LOCK_DEFAULT,
        }
    }
}
