use tend_core::trust::PromiseState;
use tend_core::{CommandError, Error, ErrorKind, tone};

fn every_error() -> Vec<Error> {
    vec![
        Error::EmptyCheckIn,
        Error::NoteTooLong { limit: 20_000 },
        Error::MinutesOutOfRange { limit: 1_440 },
        Error::UnknownPresence,
        Error::LabelTooLong { limit: 60 },
        Error::TooManyLabels { limit: 24 },
        Error::CheckInNotFound,
        Error::InvalidMonth,
        Error::EmptyEntry,
        Error::EntryTooLarge { limit: 1_000_000 },
        Error::TitleTooLong { limit: 200 },
        Error::EntryNotFound,
        Error::SearchTooLong { limit: 500 },
        Error::PromptTooLong { limit: 500 },
        Error::PromptKeyTooLong { limit: 64 },
        Error::TooManyQuestions { limit: 7 },
        Error::CursorTooLong { limit: 64 },
        Error::TagTooLong { limit: 40 },
        Error::TooManyTags { limit: 20 },
        Error::Autostart("no autostart directory".into()),
        Error::DraftTooLarge { limit: 1 << 20 },
        Error::DataDirInUse,
        Error::NewerDatabase { found: 9, known: 1 },
        Error::NoDataDir,
        Error::Locked,
        Error::NeedsRecovery,
        Error::ReadOnly,
        Error::PassphraseNotAccepted,
        Error::RecoveryKeyNotAccepted,
        Error::RecoveryKeyShape,
        Error::AutoLockOutOfRange { limit: 480 },
        Error::PassphraseTooShort { limit: 8 },
        Error::PassphraseTooLong { limit: 1024 },
        Error::KeyFile("hex"),
        Error::AlreadyEncrypted,
        Error::NotEncrypted,
        Error::NoCipher,
        Error::ConversionMismatch("row counts"),
        Error::ImportUnreadable {
            record: "entry 3".into(),
            field: "creationDate".into(),
        },
        Error::ImportTooLarge { limit_mb: 200 },
        Error::ImportNewerFormat { found: 2 },
        Error::ImportNotRecognised,
        Error::ImportFileUnopened,
        Error::ImportNeedsPassphrase,
        Error::ImportPassphraseNotAccepted,
        Error::ExportFolderUnusable,
        Error::ExportNeedsPassphrase,
        Error::ExportMustBeSealed,
        Error::BackupFolderUnusable,
        Error::BackupNotFound,
        Error::BackupNotOpened,
        Error::BackupUnreadable,
        Error::PromiseNeedsWords,
        Error::PromiseNeedsTerms,
        Error::PromiseNotFound,
        Error::PromiseStateUnknown,
        Error::PromiseStepNotAllowed {
            from: PromiseState::Kept,
            to: PromiseState::Renegotiated,
        },
        Error::PromiseStepNotAllowed {
            from: PromiseState::Open,
            to: PromiseState::Open,
        },
        Error::DisclosureNeedsWords,
        Error::DisclosureNotFound,
        Error::RevisitNeedsWords,
        Error::RevisitNotFound,
        Error::TextTooLong { limit: 20_000 },
        Error::DateUnreadable,
        Error::Database(rusqlite::Error::InvalidQuery),
        Error::Io(std::io::Error::other("disk")),
    ]
}

#[test]
fn every_message_a_person_reads_is_gentle() {
    for error in every_error() {
        let message = error.user_message();
        assert!(
            tone::findings(&message).is_empty(),
            "{message:?} judges: {:?}",
            tone::findings(&message)
        );
        assert!(!message.is_empty());
    }
}

#[test]
fn errors_cross_into_the_ui_as_kind_and_message() {
    let reply = CommandError::from(&Error::NoteTooLong { limit: 20_000 });
    assert_eq!(reply.kind, ErrorKind::InvalidInput);
    assert!(reply.message.contains("20000"), "{}", reply.message);
    assert_eq!(
        CommandError::from(&Error::NewerDatabase { found: 2, known: 1 }).kind,
        ErrorKind::NewerDatabase
    );
    assert_eq!(
        CommandError::from(&Error::Io(std::io::Error::other("x"))).kind,
        ErrorKind::Storage
    );
}
