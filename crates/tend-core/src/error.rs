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
    #[error("an answer is longer than {limit} characters")]
    NoteTooLong { limit: usize },
    #[error("time together is outside 0..={limit} minutes")]
    MinutesOutOfRange { limit: i64 },
    #[error("the presence value is not one this build knows")]
    UnknownPresence,
    #[error("an activity or feeling is longer than {limit} characters")]
    LabelTooLong { limit: usize },
    #[error("more than {limit} activities or feelings")]
    TooManyLabels { limit: usize },
    #[error("a tag is longer than {limit} characters")]
    TagTooLong { limit: usize },
    #[error("more than {limit} tags")]
    TooManyTags { limit: usize },
    #[error("start at login could not be changed: {0}")]
    Autostart(String),
    #[error("no check-in with that id (or it was deleted)")]
    CheckInNotFound,
    #[error("the month is outside the calendar")]
    InvalidMonth,
    #[error("the journal entry has no words")]
    EmptyEntry,
    #[error("the journal entry is larger than {limit} bytes")]
    EntryTooLarge { limit: usize },
    #[error("the title is longer than {limit} characters")]
    TitleTooLong { limit: usize },
    #[error("no journal entry with that id (or it was deleted)")]
    EntryNotFound,
    #[error("the search text or tag is longer than {limit} characters")]
    SearchTooLong { limit: usize },
    #[error("a prompt is longer than {limit} characters")]
    PromptTooLong { limit: usize },
    #[error("a prompt key is longer than {limit} characters")]
    PromptKeyTooLong { limit: usize },
    #[error("more than {limit} questions chosen for a check-in")]
    TooManyQuestions { limit: usize },
    #[error("a page cursor is longer than {limit} characters")]
    CursorTooLong { limit: usize },
    #[error("a reminder has no days")]
    ReminderNoDays,
    #[error("a reminder has no times")]
    ReminderNoTimes,
    #[error("a reminder time is not a time of day (a leap second)")]
    ReminderTimeImpossible,
    #[error("a reminder has more than {limit} times")]
    ReminderTooManyTimes { limit: usize },
    #[error("a reminder window ends before it starts")]
    ReminderEmptyWindow,
    #[error("a reminder's kind and schedule are not a pair this build knows")]
    ReminderKindUnknown,
    #[error("catch-up is outside 0..={limit} minutes")]
    CatchUpOutOfRange { limit: i64 },
    #[error("more than {limit} reminders")]
    TooManyReminders { limit: usize },
    #[error("a reminder line is longer than {limit} characters")]
    ReminderLineTooLong { limit: usize },
    #[error("more than {limit} reminder lines for one kind")]
    TooManyReminderLines { limit: usize },
    #[error("unknown time zone")]
    UnknownTimeZone,
    #[error("the desktop's notification service did not take the reminder: {0}")]
    Notification(String),
    #[error("the draft is larger than {limit} bytes")]
    DraftTooLarge { limit: usize },
    /// A file being imported (Tend's own export, Day One's, jrnl's) that could not be read.
    /// `record` names where, as a person counts ("entry 3", "the file"); `field` names the field
    /// as the file spells it ("creationDate"). Neither ever holds the file's words.
    #[error("the file to import can't be read at {record}, {field}")]
    ImportUnreadable { record: String, field: String },
    #[error("the file to import is larger than {limit_mb} MB")]
    ImportTooLarge { limit_mb: u64 },
    #[error("the file to import was written by a newer Tend (format version {found})")]
    ImportNewerFormat { found: u32 },
    #[error("the file to import is not in a format Tend reads")]
    ImportNotRecognised,
    #[error("the file to import can't be opened")]
    ImportFileUnopened,
    #[error("the file to import is encrypted and needs its passphrase")]
    ImportNeedsPassphrase,
    #[error("the passphrase didn't open the file to import")]
    ImportPassphraseNotAccepted,
    #[error("the export's folder can't be written to")]
    ExportFolderUnusable,
    #[error("an encrypted export needs a passphrase of its own")]
    ExportNeedsPassphrase,
    #[error("with a passphrase set, only an encrypted export is written")]
    ExportMustBeSealed,
    #[error("another copy of Tend is using this data directory")]
    DataDirInUse,
    #[error("the database has schema version {found}; this build knows up to {known}")]
    NewerDatabase { found: usize, known: usize },
    #[error("no data directory")]
    NoDataDir,
    #[error("the store is locked")]
    Locked,
    #[error("the store needs recovery")]
    NeedsRecovery,
    #[error("the database does not read as whole")]
    Damaged,
    #[error("there is no copy in backups/ to go back to")]
    NoBackup,
    #[error("the chosen backup folder is missing or can't be written to")]
    BackupFolderUnusable,
    #[error("no backup with that name in the backup folders")]
    BackupNotFound,
    #[error("the backup is encrypted under a key that neither the store's key nor the passphrase given opens")]
    BackupNotOpened,
    #[error("the backup does not read as whole")]
    BackupUnreadable,
    #[error("the data directory is read-only and the database is missing or needs migrating")]
    ReadOnlyFolder,
    #[error("the store is open for reading only")]
    ReadOnly,
    #[error("the passphrase did not open the key file")]
    PassphraseNotAccepted,
    #[error("the recovery key did not open the key file")]
    RecoveryKeyNotAccepted,
    #[error("the recovery key is not in the shape Tend writes")]
    RecoveryKeyShape,
    #[error("the auto-lock time is outside 1..={limit} minutes")]
    AutoLockOutOfRange { limit: u32 },
    #[error("a passphrase has fewer than {limit} characters")]
    PassphraseTooShort { limit: usize },
    #[error("a passphrase has more than {limit} characters")]
    PassphraseTooLong { limit: usize },
    #[error("the key file is damaged or from a newer Tend: {0}")]
    KeyFile(&'static str),
    #[error("a passphrase is already set")]
    AlreadyEncrypted,
    #[error("no passphrase is set")]
    NotEncrypted,
    #[error("this SQLite has no encryption (cipher_version is empty)")]
    NoCipher,
    #[error("the converted copy did not match the database: {0}")]
    ConversionMismatch(&'static str),
    #[error("the promise has no words for what was committed to")]
    PromiseNeedsWords,
    #[error("a renegotiation has no new terms")]
    PromiseNeedsTerms,
    #[error("no promise with that id (or it was deleted)")]
    PromiseNotFound,
    #[error("the promise state is not one this build knows")]
    PromiseStateUnknown,
    #[error("a promise doesn't move from {from:?} to {to:?}")]
    PromiseStepNotAllowed {
        from: crate::trust::PromiseState,
        to: crate::trust::PromiseState,
    },
    #[error("the disclosure has no words for what was told")]
    DisclosureNeedsWords,
    #[error("no disclosure with that id (or it was deleted)")]
    DisclosureNotFound,
    #[error("the revisit has no words")]
    RevisitNeedsWords,
    #[error("no revisit with that id (or it was deleted)")]
    RevisitNotFound,
    #[error("a text is longer than {limit} characters")]
    TextTooLong { limit: usize },
    #[error("a date is not a day written YYYY-MM-DD")]
    DateUnreadable,
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
    NotFound,
    NewerDatabase,
    Storage,
    /// The desktop's notification service could not be reached.
    Desktop,
    /// The store is locked behind a passphrase.
    Locked,
    /// The store looks damaged and waits to be recovered.
    NeedsRecovery,
    /// The store is open for reading only.
    ReadOnly,
    /// A passphrase or recovery key that did not open Tend.
    NotAccepted,
}

impl Error {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::EmptyCheckIn
            | Error::NoteTooLong { .. }
            | Error::MinutesOutOfRange { .. }
            | Error::UnknownPresence
            | Error::LabelTooLong { .. }
            | Error::TooManyLabels { .. }
            | Error::TagTooLong { .. }
            | Error::TooManyTags { .. }
            | Error::InvalidMonth
            | Error::EmptyEntry
            | Error::EntryTooLarge { .. }
            | Error::TitleTooLong { .. }
            | Error::DraftTooLarge { .. }
            | Error::SearchTooLong { .. }
            | Error::PromptTooLong { .. }
            | Error::PromptKeyTooLong { .. }
            | Error::TooManyQuestions { .. }
            | Error::CursorTooLong { .. }
            | Error::ReminderNoDays
            | Error::ReminderNoTimes
            | Error::ReminderTimeImpossible
            | Error::ReminderTooManyTimes { .. }
            | Error::ReminderEmptyWindow
            | Error::ReminderKindUnknown
            | Error::CatchUpOutOfRange { .. }
            | Error::TooManyReminders { .. }
            | Error::ReminderLineTooLong { .. }
            | Error::TooManyReminderLines { .. }
            | Error::UnknownTimeZone
            | Error::RecoveryKeyShape
            | Error::AutoLockOutOfRange { .. }
            | Error::PassphraseTooShort { .. }
            | Error::PassphraseTooLong { .. }
            | Error::AlreadyEncrypted
            | Error::NotEncrypted
            | Error::ImportUnreadable { .. }
            | Error::ImportTooLarge { .. }
            | Error::ImportNewerFormat { .. }
            | Error::ImportNotRecognised
            | Error::ImportFileUnopened
            | Error::ExportFolderUnusable
            | Error::ExportNeedsPassphrase
            | Error::ExportMustBeSealed
            | Error::BackupFolderUnusable
            | Error::PromiseNeedsWords
            | Error::PromiseNeedsTerms
            | Error::PromiseStateUnknown
            | Error::PromiseStepNotAllowed { .. }
            | Error::DisclosureNeedsWords
            | Error::RevisitNeedsWords
            | Error::TextTooLong { .. }
            | Error::DateUnreadable => ErrorKind::InvalidInput,
            Error::BackupNotOpened => ErrorKind::NotAccepted,
            Error::BackupNotFound => ErrorKind::NotFound,
            Error::PassphraseNotAccepted
            | Error::RecoveryKeyNotAccepted
            | Error::ImportNeedsPassphrase
            | Error::ImportPassphraseNotAccepted => ErrorKind::NotAccepted,
            Error::CheckInNotFound
            | Error::EntryNotFound
            | Error::PromiseNotFound
            | Error::DisclosureNotFound
            | Error::RevisitNotFound => ErrorKind::NotFound,
            Error::NewerDatabase { .. } => ErrorKind::NewerDatabase,
            Error::Notification(_) | Error::Autostart(_) => ErrorKind::Desktop,
            Error::Locked => ErrorKind::Locked,
            Error::NeedsRecovery | Error::Damaged => ErrorKind::NeedsRecovery,
            Error::NoBackup => ErrorKind::NotFound,
            Error::ReadOnly => ErrorKind::ReadOnly,
            Error::DataDirInUse
            | Error::NoDataDir
            | Error::ReadOnlyFolder
            | Error::KeyFile(_)
            | Error::NoCipher
            | Error::ConversionMismatch(_)
            | Error::BackupUnreadable
            | Error::Database(_)
            | Error::Migration(_)
            | Error::Io(_) => ErrorKind::Storage,
        }
    }

    /// Whether the folder holding Tend's data can't be written to (a read-only mount, or
    /// permissions that say no).
    pub fn is_read_only(&self) -> bool {
        match self {
            Error::Io(error) => matches!(
                error.kind(),
                std::io::ErrorKind::ReadOnlyFilesystem | std::io::ErrorKind::PermissionDenied
            ),
            Error::Database(_) | Error::Migration(_) => self
                .sqlite_failure()
                .is_some_and(|failure| failure.code == rusqlite::ErrorCode::ReadOnly),
            _ => false,
        }
    }

    /// Whether the trouble may pass by itself or with a little help (space freed, a folder
    /// that comes back or can be written to again), so that opening again is worth offering.
    /// A damaged file, a newer Tend's, a missing cipher or a key file that doesn't fit never
    /// pass that way.
    pub fn may_pass(&self) -> bool {
        match self {
            Error::Io(_) | Error::DataDirInUse | Error::ReadOnlyFolder => true,
            Error::Database(_) | Error::Migration(_) => self.sqlite_failure().is_some_and(|failure| {
                matches!(
                    failure.code,
                    rusqlite::ErrorCode::DiskFull
                        | rusqlite::ErrorCode::ReadOnly
                        | rusqlite::ErrorCode::DatabaseBusy
                        | rusqlite::ErrorCode::DatabaseLocked
                        | rusqlite::ErrorCode::SystemIoFailure
                        | rusqlite::ErrorCode::CannotOpen
                        | rusqlite::ErrorCode::PermissionDenied
                )
            }),
            _ => false,
        }
    }

    /// Whether the disk (or the file system holding Tend's data) is full.
    pub fn is_disk_full(&self) -> bool {
        match self {
            // SQLite says "full" for a write that found no room; when the room was for the WAL's
            // index (`-shm`), it says it could not grow it, which on a full disk is the same.
            Error::Database(_) | Error::Migration(_) => self.sqlite_failure().is_some_and(|failure| {
                failure.code == rusqlite::ErrorCode::DiskFull
                    || failure.extended_code == rusqlite::ffi::SQLITE_IOERR_SHMSIZE
            }),
            Error::Io(error) => error.kind() == std::io::ErrorKind::StorageFull,
            _ => false,
        }
    }

    /// SQLite's own failure under this error, also when a migration met it.
    fn sqlite_failure(&self) -> Option<&rusqlite::ffi::Error> {
        let error = match self {
            Error::Database(error) => error,
            Error::Migration(rusqlite_migration::Error::RusqliteError { err, .. }) => err,
            _ => return None,
        };
        match error {
            rusqlite::Error::SqliteFailure(failure, _) => Some(failure),
            _ => None,
        }
    }

    /// Gentle words for a person. Errors speak about the program, never the person.
    pub fn user_message(&self) -> String {
        match self {
            Error::EmptyCheckIn => {
                "There's nothing to save yet. When you're ready, answer any question or write a few words.".into()
            }
            Error::NoteTooLong { limit } => format!(
                "That answer is longer than Tend can keep in one place ({limit} characters). Your text is still here — you could split it across two check-ins."
            ),
            Error::MinutesOutOfRange { limit } => format!(
                "Time together can be anything from 0 to {limit} minutes (a whole day). Your other answers are still here."
            ),
            Error::UnknownPresence => {
                "Tend didn't recognise that answer about presence, so nothing was changed. You could choose it again.".into()
            }
            Error::LabelTooLong { limit } => format!(
                "An activity or feeling can be up to {limit} characters. You could put the longer words in the note."
            ),
            Error::TooManyLabels { limit } => format!(
                "Tend keeps up to {limit} activities or feelings in one check-in. You could put the rest in the note."
            ),
            Error::TagTooLong { limit } => format!(
                "A tag can be up to {limit} characters. You could put the longer words in the entry itself."
            ),
            Error::TooManyTags { limit } => format!(
                "Tend keeps up to {limit} tags on one entry. Everything you wrote is still here — you could keep the tags that matter most."
            ),
            Error::Autostart(_) => "Tend couldn't change whether it starts when you log in. Nothing else has changed — you could try again here.".into(),
            Error::CheckInNotFound => {
                "That check-in isn't here any more — it may have been deleted. Nothing else has changed.".into()
            }
            Error::InvalidMonth => "Tend couldn't show that month. You could go back to this month.".into(),
            Error::EmptyEntry => "There's nothing to keep yet. When you're ready, a few words are enough.".into(),
            Error::EntryTooLarge { .. } => {
                "That entry is larger than Tend can keep in one piece (about a million characters). Everything you wrote is still in the editor — you could move part of it into a new entry.".into()
            }
            Error::TitleTooLong { limit } => format!(
                "A title can be up to {limit} characters. You could move the rest into the entry itself."
            ),
            Error::EntryNotFound => {
                "That entry isn't here any more — it may have been deleted. Nothing else has changed.".into()
            }
            Error::SearchTooLong { .. } => {
                "That search is longer than Tend can look for at once, so nothing was searched. You could try a few of its words.".into()
            }
            Error::PromptTooLong { limit } => format!(
                "A prompt can be up to {limit} characters. Your words are still here — you could keep the rest in an entry."
            ),
            Error::PromptKeyTooLong { .. } => "Tend didn't recognise that prompt, so nothing was changed.".into(),
            Error::TooManyQuestions { limit } => {
                format!("A check-in can show up to {limit} questions, so nothing was changed.")
            }
            Error::CursorTooLong { .. } => {
                "Tend couldn't tell where that list left off. You could start again from the newest.".into()
            }
            Error::ReminderNoDays => {
                "A reminder needs at least one day. You could choose the days it may come on.".into()
            }
            Error::ReminderNoTimes => "A reminder needs at least one time. You could add the time it may come.".into(),
            Error::ReminderTimeImpossible => "One of the reminder's times isn't a time on a clock. You could choose it again.".into(),
            Error::ReminderTooManyTimes { limit } => format!(
                "One reminder can come at up to {limit} times a day. You could add another reminder for the rest."
            ),
            Error::ReminderEmptyWindow => {
                "The window's end needs to come after its start, on the same day. Nothing was changed.".into()
            }
            Error::ReminderKindUnknown => {
                "Tend didn't recognise one of those reminders, so nothing was changed.".into()
            }
            Error::CatchUpOutOfRange { limit } => format!(
                "A late reminder can still come for anything from 0 to {limit} minutes after its time. Nothing was changed."
            ),
            Error::TooManyReminders { limit } => format!(
                "Tend keeps up to {limit} reminders. You could let one go before adding another."
            ),
            Error::ReminderLineTooLong { limit } => format!(
                "A reminder line can be up to {limit} characters, so it fits in a notification. Nothing was changed."
            ),
            Error::TooManyReminderLines { limit } => format!(
                "Tend keeps up to {limit} lines for each kind of reminder. Nothing was changed."
            ),
            Error::UnknownTimeZone => {
                "Tend doesn't know that time zone, so nothing was changed. You could let it follow this computer's.".into()
            }
            Error::Notification(_) => {
                "This computer's notification service didn't answer, so the reminder couldn't be shown. Nothing else is affected — Tend will try again at the next reminder.".into()
            }
            Error::DraftTooLarge { .. } => "This draft is larger than Tend can keep in one piece. Everything you wrote is still on screen — you could save it as it is, or move part of it into the journal.".into(),
            Error::ImportUnreadable { record, field } => format!(
                "Tend couldn't read this file at {record}, {field}, so nothing was added. The file itself is unchanged."
            ),
            Error::ImportTooLarge { limit_mb } => format!(
                "This file is larger than Tend reads at once ({limit_mb} MB), so nothing was added. The file itself is unchanged."
            ),
            Error::ImportNewerFormat { .. } => "This file was written by a newer version of Tend, so nothing was added. Updating Tend will let it read the file.".into(),
            Error::ImportNotRecognised => "Tend didn't recognise this file. It reads its own exports and the JSON exports of Day One and jrnl. Nothing was added.".into(),
            Error::ImportNeedsPassphrase => "This copy is encrypted. When you type the passphrase it was written with, Tend can read it. Nothing was added.".into(),
            Error::ImportPassphraseNotAccepted => "That passphrase didn't open this copy. Every letter, space and capital counts — you could try it again. Nothing was added.".into(),
            Error::ImportFileUnopened => "Tend couldn't open that file. You could check where it is and try again; nothing was added.".into(),
            Error::ExportNeedsPassphrase => "An encrypted copy needs a passphrase of its own, to open it with later. Nothing was written.".into(),
            Error::ExportMustBeSealed => "With a passphrase set, Tend writes its copies encrypted, so this one wasn't written. You could choose the encrypted file instead.".into(),
            Error::ExportFolderUnusable => "Tend couldn't write in that folder, so nothing was written there. You could choose another folder.".into(),
            Error::DataDirInUse => "Tend is already open on this computer, so this copy will close without changing anything. You can find the open one in your app menu or tray.".into(),
            Error::NoDataDir => "Tend couldn't find a folder on this computer to keep your notes in, so nothing can be saved just now. Nothing you wrote before is affected.".into(),
            Error::Locked => "Tend is locked. Once you unlock it with your passphrase, everything is here as you left it.".into(),
            Error::NeedsRecovery => "Tend's notes file looks damaged, so Tend stopped before changing anything in it. Everything saved so far stays as it is.".into(),
            Error::Damaged => "Tend's notes file looks damaged, so Tend stopped before changing anything in it. It can bring back what can still be read.".into(),
            Error::NoBackup => "There's no earlier copy to go back to. Tend can still bring back what can be read from the damaged file.".into(),
            Error::BackupFolderUnusable => "Tend couldn't keep copies in that folder — it may not be there just now, or it can't be written to. Nothing was changed; you could choose another folder.".into(),
            Error::BackupNotFound => "That copy isn't in the backup folder any more, so nothing was changed. The copies that are there are listed here.".into(),
            Error::BackupNotOpened => "Tend couldn't open that copy with the passphrase it has now, so nothing was changed. The passphrase that was set when the copy was made can open it.".into(),
            Error::BackupUnreadable => "That copy couldn't be read as a whole, so Tend left everything as it was. Another copy may be worth trying.".into(),
            Error::ReadOnlyFolder => "The folder Tend keeps your notes in can only be read just now, and Tend needs to write there to open them. Nothing was changed — once the folder can be written to again, Tend opens as usual.".into(),
            Error::ReadOnly => "Tend can only read your notes just now, so this wasn't saved. Everything already saved is safe and unchanged.".into(),
            Error::NewerDatabase { .. } => "Your notes were saved by a newer version of Tend. This version can't read them, so it hasn't changed anything. Updating Tend will bring them back.".into(),
            Error::PassphraseNotAccepted => "That passphrase didn't open Tend. Every letter, space and capital counts — you could try it again, or use your recovery key.".into(),
            Error::RecoveryKeyNotAccepted => "That recovery key didn't open Tend. You could check each group against the copy you kept and try again.".into(),
            Error::RecoveryKeyShape => "A recovery key is eight groups of four letters and numbers, like the one Tend showed you. You could check it against the copy you kept.".into(),
            Error::AutoLockOutOfRange { limit } => format!("Tend can lock after anything from 1 to {limit} minutes. Nothing was changed."),
            Error::PassphraseTooShort { limit } => format!("A passphrase needs at least {limit} characters. A few ordinary words together make one that's easy to remember."),
            Error::PassphraseTooLong { limit } => format!("A passphrase can be up to {limit} characters. Nothing was changed."),
            Error::KeyFile(_) => "Tend's key file couldn't be read, so Tend stopped before changing anything. Your notes stay exactly as they are; your recovery key can still open them.".into(),
            Error::AlreadyEncrypted => "A passphrase is already set. You can change it here instead.".into(),
            Error::NotEncrypted => "No passphrase is set just now, so there is nothing to change. Nothing was changed.".into(),
            Error::NoCipher => "This copy of Tend can't encrypt, so it stopped before opening your notes. Nothing was changed.".into(),
            Error::ConversionMismatch(_) => "Tend checked the new copy of your notes and it didn't match, so it kept the one you had. Nothing was changed or lost.".into(),
            Error::PromiseNeedsWords => "A promise keeps what you committed to, in your words. When you're ready, a few words are enough.".into(),
            Error::PromiseNeedsTerms => "A renegotiated promise keeps the new terms you agreed on together. When you're ready, you could write them here; nothing was changed.".into(),
            Error::PromiseNotFound => "That promise isn't here any more — it may have been deleted. Nothing else has changed.".into(),
            Error::PromiseStateUnknown => "Tend didn't recognise that step for the promise, so nothing was changed. You could choose it again.".into(),
            Error::PromiseStepNotAllowed { from, .. } => match from {
                crate::trust::PromiseState::Kept | crate::trust::PromiseState::LetGo => "This promise is settled, so Tend kept it as it is. You could reopen it first; its history stays as it was.".into(),
                _ => "Tend doesn't take a promise from where it stands to that step, so nothing was changed. The steps it offers are shown with the promise.".into(),
            },
            Error::DisclosureNeedsWords => "There's nothing to keep yet. When you're ready, a few words about what you told them are enough.".into(),
            Error::DisclosureNotFound => "That note isn't here any more — it may have been deleted. Nothing else has changed.".into(),
            Error::RevisitNeedsWords => "There's nothing to keep yet. When you're ready, a few words for any one question are enough.".into(),
            Error::RevisitNotFound => "That note isn't here any more — it may have been deleted. Nothing else has changed.".into(),
            Error::TextTooLong { limit } => format!(
                "That answer is longer than Tend can keep in one place ({limit} characters). Your text is still here — you could keep the rest in the journal."
            ),
            Error::DateUnreadable => "Tend couldn't read that date, so nothing was changed. You could choose the day again.".into(),
            _ if self.is_disk_full() => {
                "This computer's disk is full, so Tend couldn't save just now. Everything you wrote is still here — freeing a little space lets Tend save it.".into()
            }
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
