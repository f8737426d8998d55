//! When to remind: a pure function of the clock, the time zone, the rules and what has already
//! been delivered. The shell reads the clock and calls [`next_due`]; nothing here sleeps.
//!
//! Rules are wall-clock times in an IANA zone, so "19:00 on weekdays" stays 19:00 across DST
//! and after moving. Edge cases, each with a table test:
//! - a time inside a DST gap (02:30 on a spring-forward night) fires once, just after the gap;
//! - an ambiguous time (02:30 on a fall-back night) fires once, at its first occurrence;
//! - after sleep or a clock jump forward, a missed reminder is delivered once if it is at most
//!   `catch_up_minutes` late, else skipped — never a burst;
//! - the clock stepped back never repeats a delivered reminder (delivery is remembered in UTC);
//! - reminders that fall in quiet hours or a timed pause wait for their end and arrive then,
//!   together, once; "until resumed" holds nothing back: what it covered follows the catch-up
//!   rule when it ends.
//!
//! The parts, one job each: `rules` (what a person sets, and the scheduler's state), `timing`
//! (`next_due` and the holds), `settings` (checking, applying and recording deliveries),
//! `file` (`reminders.json` on disk), `words` (what a notification says) and `overview` (what
//! the Reminders screen shows).

mod file;
mod overview;
mod rules;
mod settings;
mod timing;
mod words;

pub use file::{SETTINGS_FILE, SETTINGS_VERSION, SettingsFile, UNREADABLE_SETTINGS};
pub use overview::{KindLines, ReminderOverview};
pub use rules::*;
pub use settings::{HOLD_LIMIT, LAST_LOOK_AHEAD, LAST_LOOK_BACK, ReminderSettings};
pub use timing::{next_due, next_occurrence, resolve};
pub use words::{Note, REMINDER_ACTIONS, STILL_HERE, TEST_REMINDER};
