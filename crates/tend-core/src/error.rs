//! One error type for the domain. Variants name what went wrong for the program; the words a
//! person reads come from [`Error::user_message`], which speaks about Tend, never about them.
//!
//! Invariant: no variant carries text the user wrote, so an error can be logged or shown
//! without leaking an entry.

use serde::Serialize;
use ts_rs::TS;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the check-in has no text")]
    EmptyCheckIn,
    #[error("the note is longer than {limit} characters")]
    NoteTooLong { limit: usize },
    #[error("the database has schema version {found}; this build knows up to {known}")]
    NewerDatabase { found: usize, known: usize },
    #[error("sqlite: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("migration: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("file system: {0}")]
    Io(#[from] std::io::Error),
}

/// What the UI switches on. Serialised in snake_case, generated into the UI's bindings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename_all = "snake_case")]
pub enum ErrorKind {
    InvalidInput,
    NewerDatabase,
    Storage,
}

impl Error {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::EmptyCheckIn | Error::NoteTooLong { .. } => ErrorKind::InvalidInput,
            Error::NewerDatabase { .. } => ErrorKind::NewerDatabase,
            Error::Database(_) | Error::Migration(_) | Error::Io(_) => ErrorKind::Storage,
        }
    }

    /// Gentle words for a person. Errors speak about the program, never the person.
    pub fn user_message(&self) -> String {
        match self {
            Error::EmptyCheckIn => "There's nothing to save yet. When you're ready, write a few words.".into(),
            Error::NoteTooLong { limit } => format!(
                "That note is longer than Tend can keep in one check-in ({limit} characters). Your text is still here — you could split it into two."
            ),
            Error::NewerDatabase { .. } => "Your notes were saved by a newer version of Tend. This version can't read them, so it hasn't changed anything. Updating Tend will bring them back.".into(),
            Error::Database(_) | Error::Migration(_) | Error::Io(_) => {
                "Tend couldn't reach its storage just now. Nothing you wrote has been lost — your text is kept here. You could try again in a moment.".into()
            }
        }
    }
}

/// The error as it crosses into the UI: a kind to switch on and gentle words to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CommandError {
    pub kind: ErrorKind,
    pub message: String,
}

impl From<&Error> for CommandError {
    fn from(error: &Error) -> Self {
        CommandError {
            kind: error.kind(),
            message: error.user_message(),
        }
    }
}
