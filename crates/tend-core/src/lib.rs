//! Tend's domain, free of Tauri: the types that cross into the UI, the SQLite store and its
//! migrations, and the tone lint that keeps every user-visible word gentle.

pub mod bindings;
mod bounds;
pub mod check_in;
pub mod data;
pub mod error;
pub mod events;
pub mod failpoint;
pub mod insights;
pub mod journal;
pub mod preferences;
pub mod prompts;
pub mod reminders;
pub mod search;
pub mod store;
pub mod store_state;
pub mod tone;
pub mod tray;
pub mod trust;
pub mod vault;

pub use check_in::{CheckIn, NewCheckIn, Presence};
pub use error::{CommandError, Error, ErrorKind, Result};
pub use insights::Insights;
pub use preferences::{Preferences, Question};
pub use store::Store;
pub use store::history::KnownLabels;
pub use store_state::{Backups, Privacy, Recovery, SharedStore, Storage, StoreState};
