//! Commands the UI may call. Each is one call into `tend-core` or the scheduler; the shell reads
//! the clock and passes it in, so the domain stays testable. Every command is generic over the
//! runtime, so `tauri::test` can call them without a window.
//!
//! A new command is written in three places: its function here, its line in [`handler`], and
//! its call in `ui/src/lib/api.ts`. `build.rs` finds it here, generates its permission and
//! grants it in `capabilities/main.json`; `tests/commands.rs` checks that all of them agree.

use chrono::{Local, NaiveDate, NaiveDateTime, Utc};
use secrecy::SecretString;
use tauri::ipc::Invoke;
use tauri::{AppHandle, Emitter, Manager, Runtime, State};
use tend_core::data::{self, ExportKind, ImportPlan, Imported};
use tend_core::journal::{EntryDraft, JournalEntry};
use tend_core::prompts::{Practice, PromptGroup};
use tend_core::reminders::{PauseChoice, ReminderOverview, ReminderSettings};
use tend_core::search::{SearchHit, SearchQuery};
use tend_core::store::recover::Recovered;
use tend_core::store::{CalendarDay, DraftKind, JournalPage, TimelineCursor, TimelinePage, UNDO_WINDOW};
use tend_core::trust::{
    Disclosure, NewDisclosure, NewPromise, NewRevisit, Promise, PromiseMove, PromiseState, Revisit,
};
use tend_core::vault::Passphrase;
use tend_core::{
    Backups, CheckIn, CommandError, Insights, KnownLabels, NewCheckIn, Preferences, Privacy, Recovery, Storage,
};

use crate::state::Tend;

/// How many check-ins one timeline page holds.
const PAGE: usize = 30;

/// Every command, for the app's builder.
pub fn handler<R: Runtime>() -> impl Fn(Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        save_check_in,
        update_check_in,
        delete_check_in,
        restore_check_in,
        timeline,
        check_ins_on,
        calendar_month,
        known_labels,
        insights,
        preferences,
        set_preferences,
        save_entry,
        entry,
        journal,
        delete_entry,
        restore_entry,
        journal_tags,
        search,
        prompts,
        add_prompt,
        set_prompt_hidden,
        reminders,
        set_reminders,
        pause_reminders,
        resume_reminders,
        send_test_reminder,
        place,
        remember_place,
        check_in_draft,
        keep_check_in_draft,
        autostart,
        set_autostart,
        quit,
        ready,
        privacy,
        set_passphrase,
        unlock,
        unlock_with_recovery,
        lock_now,
        change_passphrase,
        remove_passphrase,
        storage,
        retry_open,
        recover,
        export_folder,
        export_data,
        preview_import,
        import_data,
        backups,
        back_up_now,
        set_backup_folder,
        restore_backup,
        promises,
        add_promise,
        edit_promise,
        move_promise,
        delete_promise,
        restore_promise,
        promise_reminders,
        set_promise_reminder,
        disclosures,
        add_disclosure,
        edit_disclosure,
        delete_disclosure,
        restore_disclosure,
        revisits,
        add_revisit,
        edit_revisit,
        delete_revisit,
        restore_revisit,
        trust_draft,
        keep_trust_draft,
    ]
}

#[tauri::command(async)]
pub fn save_check_in(tend: State<'_, Tend>, check_in: NewCheckIn) -> Result<CheckIn, CommandError> {
    tend.store
        .write(|store| store.save_check_in(&check_in, Local::now().fixed_offset()))
}

#[tauri::command(async)]
pub fn update_check_in(tend: State<'_, Tend>, id: i64, check_in: NewCheckIn) -> Result<CheckIn, CommandError> {
    tend.store
        .write(|store| store.update_check_in(id, &check_in, Utc::now()))
}

/// Hides the check-in now and removes it for good once the undo window has passed.
#[tauri::command(async)]
pub fn delete_check_in(tend: State<'_, Tend>, id: i64) -> Result<(), CommandError> {
    tend.store.write(|store| store.delete_check_in(id, Utc::now()))?;
    purge_after_undo_window(&tend);
    Ok(())
}

/// Removes what was deleted for good once its undo window has passed, under the tasks' handle.
/// If the app exits first, the purge at the next start finishes it.
fn purge_after_undo_window(tend: &Tend) {
    let store = tend.store.clone();
    tend.tasks.spawn(async move {
        tokio::time::sleep(UNDO_WINDOW).await;
        // A purge rewrites the file (a third of a second at ten years' size): off the runtime's
        // own threads, so the scheduler and the other tasks keep their time.
        let _ = tokio::task::spawn_blocking(move || {
            store.write(|store| store.purge_deleted(Some(Utc::now() - UNDO_WINDOW)))
        })
        .await;
    });
}

#[tauri::command(async)]
pub fn restore_check_in(tend: State<'_, Tend>, id: i64) -> Result<CheckIn, CommandError> {
    tend.store.write(|store| store.restore_check_in(id))
}

#[tauri::command(async)]
pub fn timeline(tend: State<'_, Tend>, after: Option<TimelineCursor>) -> Result<TimelinePage, CommandError> {
    tend.store.read(|store| store.timeline(after.as_ref(), PAGE))
}

#[tauri::command(async)]
pub fn check_ins_on(tend: State<'_, Tend>, date: NaiveDate) -> Result<Vec<CheckIn>, CommandError> {
    tend.store.read(|store| store.check_ins_on(date))
}

#[tauri::command(async)]
pub fn calendar_month(tend: State<'_, Tend>, year: i32, month: u32) -> Result<Vec<CalendarDay>, CommandError> {
    tend.store.read(|store| store.calendar_month(year, month))
}

#[tauri::command(async)]
pub fn known_labels(tend: State<'_, Tend>) -> Result<KnownLabels, CommandError> {
    tend.store.read(|store| store.known_labels(Local::now().date_naive()))
}

#[tauri::command(async)]
pub fn insights(tend: State<'_, Tend>) -> Result<Insights, CommandError> {
    let today = Local::now().date_naive();
    tend.store.read(|store| {
        let on_this_day = store.preferences()?.on_this_day;
        store.insights(today, on_this_day)
    })
}

#[tauri::command(async)]
pub fn preferences(tend: State<'_, Tend>) -> Result<Preferences, CommandError> {
    tend.store.read(|store| store.preferences())
}

#[tauri::command(async)]
pub fn set_preferences(tend: State<'_, Tend>, preferences: Preferences) -> Result<Preferences, CommandError> {
    tend.store.write(|store| store.set_preferences(&preferences))
}

/// Creates the entry (no `id`) or saves it again; autosave calls this with the whole draft.
#[tauri::command(async)]
pub fn save_entry(tend: State<'_, Tend>, id: Option<i64>, draft: EntryDraft) -> Result<JournalEntry, CommandError> {
    tend.store
        .write(|store| store.save_entry(id, &draft, Local::now().fixed_offset()))
}

#[tauri::command(async)]
pub fn entry(tend: State<'_, Tend>, id: i64) -> Result<JournalEntry, CommandError> {
    tend.store.read(|store| store.entry(id))
}

#[tauri::command(async)]
pub fn journal(tend: State<'_, Tend>, after: Option<TimelineCursor>) -> Result<JournalPage, CommandError> {
    tend.store.read(|store| store.journal(after.as_ref(), PAGE))
}

#[tauri::command(async)]
pub fn delete_entry(tend: State<'_, Tend>, id: i64) -> Result<(), CommandError> {
    tend.store.write(|store| store.delete_entry(id, Utc::now()))?;
    purge_after_undo_window(&tend);
    Ok(())
}

#[tauri::command(async)]
pub fn restore_entry(tend: State<'_, Tend>, id: i64) -> Result<JournalEntry, CommandError> {
    tend.store.write(|store| store.restore_entry(id))
}

#[tauri::command(async)]
pub fn journal_tags(tend: State<'_, Tend>) -> Result<Vec<String>, CommandError> {
    tend.store.read(|store| store.journal_tags())
}

#[tauri::command(async)]
pub fn search(tend: State<'_, Tend>, query: SearchQuery) -> Result<Vec<SearchHit>, CommandError> {
    tend.store.read(|store| store.search(&query))
}

#[tauri::command(async)]
pub fn prompts(tend: State<'_, Tend>) -> Result<Vec<PromptGroup>, CommandError> {
    tend.store.read(|store| store.prompts())
}

#[tauri::command(async)]
pub fn add_prompt(tend: State<'_, Tend>, practice: Practice, text: String) -> Result<Vec<PromptGroup>, CommandError> {
    tend.store.write(|store| store.add_prompt(practice, &text))
}

#[tauri::command(async)]
pub fn set_prompt_hidden(tend: State<'_, Tend>, key: String, hidden: bool) -> Result<Vec<PromptGroup>, CommandError> {
    tend.store.write(|store| store.set_prompt_hidden(&key, hidden))
}

#[tauri::command(async)]
pub fn reminders(tend: State<'_, Tend>) -> ReminderOverview {
    tend.reminders.overview()
}

#[tauri::command(async)]
pub fn set_reminders(tend: State<'_, Tend>, settings: ReminderSettings) -> Result<ReminderOverview, CommandError> {
    tend.reminders.set(settings)
}

#[tauri::command(async)]
pub fn pause_reminders(tend: State<'_, Tend>, choice: PauseChoice) -> Result<ReminderOverview, CommandError> {
    tend.reminders.pause(choice)
}

#[tauri::command(async)]
pub fn resume_reminders(tend: State<'_, Tend>) -> Result<ReminderOverview, CommandError> {
    tend.reminders.resume()
}

#[tauri::command]
pub async fn send_test_reminder(tend: State<'_, Tend>) -> Result<ReminderOverview, CommandError> {
    tend.reminders.send_test().await
}

/// The screen the person was on, so a reopened window starts there.
#[tauri::command]
pub fn place(tend: State<'_, Tend>) -> Option<String> {
    tend.place()
}

#[tauri::command]
pub fn remember_place(tend: State<'_, Tend>, place: String) {
    tend.remember_place(&place);
}

/// The check-in being written and not yet saved, if any (kept in the database as it is typed).
#[tauri::command(async)]
pub fn check_in_draft(tend: State<'_, Tend>) -> Result<Option<String>, CommandError> {
    tend.store.read(|store| store.draft(DraftKind::CheckIn))
}

/// Keeps the check-in being written (or forgets it with `None`), durably, before answering.
#[tauri::command(async)]
pub fn keep_check_in_draft(tend: State<'_, Tend>, answers: Option<String>) -> Result<(), CommandError> {
    tend.store
        .write(|store| store.keep_draft(DraftKind::CheckIn, answers.as_deref(), Utc::now()))
}

/// What was being written on the Promises & talks screen, if anything.
#[tauri::command(async)]
pub fn trust_draft(tend: State<'_, Tend>) -> Result<Option<String>, CommandError> {
    tend.store.read(|store| store.draft(DraftKind::Trust))
}

/// Keeps what is being written on the Promises & talks screen (or forgets it with `None`),
/// durably, before answering.
#[tauri::command(async)]
pub fn keep_trust_draft(tend: State<'_, Tend>, words: Option<String>) -> Result<(), CommandError> {
    tend.store
        .write(|store| store.keep_draft(DraftKind::Trust, words.as_deref(), Utc::now()))
}

#[tauri::command(async)]
pub fn autostart<R: Runtime>(app: AppHandle<R>) -> Result<bool, CommandError> {
    use tauri_plugin_autostart::ManagerExt;
    app.autolaunch().is_enabled().map_err(|e| autostart_error(&e))
}

/// Starts Tend at login (hidden, reminders only) or stops doing so; answers the new setting.
#[tauri::command(async)]
pub fn set_autostart<R: Runtime>(app: AppHandle<R>, on: bool) -> Result<bool, CommandError> {
    use tauri_plugin_autostart::ManagerExt;
    let autolaunch = app.autolaunch();
    if on { autolaunch.enable() } else { autolaunch.disable() }.map_err(|e| autostart_error(&e))?;
    autolaunch.is_enabled().map_err(|e| autostart_error(&e))
}

fn autostart_error(error: &tauri_plugin_autostart::Error) -> CommandError {
    tracing::warn!(%error, "start at login");
    CommandError::from(&tend_core::Error::Autostart(error.to_string()))
}

/// Quits Tend altogether: no window, no reminders until it is opened again.
#[tauri::command]
pub fn quit<R: Runtime>(app: AppHandle<R>) {
    app.exit(0);
}

/// The UI's first screen is on the window with its data: said on stderr with the time since
/// Tend started, so a slow start can be seen (the benchmark reads it). Then the tray follows
/// (it waited, so the window came first). Sync, so on the main thread, where GTK is.
#[tauri::command]
pub fn ready<R: Runtime>(app: AppHandle<R>, tend: State<'_, Tend>, marks: Option<ReadyMarks>) {
    let since_start = tend.started.elapsed().as_secs_f64() * 1000.0;
    match marks {
        // The page's clock starts when WebKit began loading it; subtracting its "drawn" mark from
        // the shell's clock places every mark on the process's own timeline.
        Some(marks) if marks.drawn.is_finite() && marks.drawn <= since_start => {
            let page = since_start - marks.drawn;
            eprintln!(
                "tend: first screen ready, {since_start:.0} ms after start (page began {page:.0}, \
                 script ran {:.0}, mounted {:.0}, data in {:.0}, drawn {since_start:.0})",
                page + marks.script,
                page + marks.mounted,
                page + marks.data,
            );
        }
        _ => eprintln!("tend: first screen ready, {since_start:.0} ms after start"),
    }
    crate::tray::build_once(&app);
}

/// When the first screen's steps happened, in milliseconds of the page's own clock
/// (`performance.now()`), for the start-up figures in `docs/PERFORMANCE.md`.
#[derive(Debug, serde::Deserialize)]
pub struct ReadyMarks {
    script: f64,
    mounted: f64,
    data: f64,
    drawn: f64,
}

// The passphrase. Each secret arrives once, as a `SecretString` (zeroized when dropped), and is
// used at once; what cannot be wiped is the webview's own copy and the IPC request's buffer.

/// Whether a passphrase is set and whether Tend is locked.
#[tauri::command(async)]
pub fn privacy(tend: State<'_, Tend>) -> Privacy {
    Privacy {
        auto_lock_seconds: std::env::var(AUTO_LOCK_ENV).ok().and_then(|s| s.parse().ok()),
        ..tend.store.privacy()
    }
}

/// Only tests set it: seconds of idle time before Tend locks, instead of minutes.
const AUTO_LOCK_ENV: &str = "TEND_AUTO_LOCK_SECONDS";

/// Sets the first passphrase and encrypts everything; answers the recovery key, to be shown
/// once and never kept.
#[tauri::command(async)]
pub fn set_passphrase(tend: State<'_, Tend>, passphrase: SecretString) -> Result<String, CommandError> {
    let passphrase = Passphrase::new(passphrase).map_err(|e| CommandError::from(&e))?;
    let recovery = tend.store.set_passphrase(&passphrase)?;
    Ok(recovery.grouped().to_string())
}

#[tauri::command(async)]
pub fn unlock(tend: State<'_, Tend>, passphrase: SecretString) -> Result<(), CommandError> {
    tend.store.unlock(&Passphrase::given(passphrase))
}

#[tauri::command(async)]
pub fn unlock_with_recovery(tend: State<'_, Tend>, recovery_key: SecretString) -> Result<(), CommandError> {
    use secrecy::ExposeSecret;
    tend.store.unlock_with_recovery(recovery_key.expose_secret())
}

/// Locks Tend now: the store closes, the key goes, and the window starts again on a fresh page
/// (the lock screen), so nothing that was on screen stays in its memory. The UI has saved every
/// draft before it asks.
#[tauri::command(async)]
pub fn lock_now<R: Runtime>(app: AppHandle<R>, tend: State<'_, Tend>) -> bool {
    let locked = tend.store.lock_now();
    if locked {
        crate::window::fresh_page(&app);
    }
    locked
}

#[tauri::command(async)]
pub fn change_passphrase(
    tend: State<'_, Tend>,
    current: Option<SecretString>,
    passphrase: SecretString,
) -> Result<(), CommandError> {
    let new = Passphrase::new(passphrase).map_err(|e| CommandError::from(&e))?;
    let current = current.map(Passphrase::given);
    tend.store.change_passphrase(current.as_ref(), &new)
}

/// Turns encryption off again, once the current passphrase is given.
#[tauri::command(async)]
pub fn remove_passphrase(tend: State<'_, Tend>, current: SecretString) -> Result<(), CommandError> {
    tend.store.remove_passphrase(&Passphrase::given(current))
}

// Storage: where the store stands before the first screen, and the ways back from trouble.

/// Where the store stands (open, only for reading, locked, damaged, or not there), so the
/// window chooses its first screen.
#[tauri::command(async)]
pub fn storage(tend: State<'_, Tend>) -> Storage {
    tend.store.storage()
}

/// Opens the store again after it couldn't be opened (once space is freed, say).
#[tauri::command(async)]
pub fn retry_open(tend: State<'_, Tend>) -> Storage {
    tend.store.retry_open()
}

/// Recovers a damaged database the way the person chose; the damaged files are kept aside.
#[tauri::command(async)]
pub fn recover(tend: State<'_, Tend>, how: Recovery) -> Result<Recovered, CommandError> {
    tend.store.recover(how)
}

/// The folder exports go to unless the person chooses another: their documents folder.
#[tauri::command(async)]
pub fn export_folder<R: Runtime>(app: AppHandle<R>) -> String {
    app.path()
        .document_dir()
        .or_else(|_| app.path().home_dir())
        .map(|dir| dir.display().to_string())
        .unwrap_or_default()
}

/// Writes everything Tend holds into `folder` as `kind`; answers the path written. An encrypted
/// export is sealed with `passphrase`; with Tend's own passphrase set, every export is. Progress
/// goes to the window as `export-progress` events (done, total).
#[tauri::command(async)]
pub fn export_data<R: Runtime>(
    app: AppHandle<R>,
    tend: State<'_, Tend>,
    kind: ExportKind,
    folder: String,
    passphrase: Option<SecretString>,
) -> Result<String, CommandError> {
    // Checked as a new passphrase for Tend is: long enough to protect the file.
    if let Some(chosen) = &passphrase {
        Passphrase::new(chosen.clone()).map_err(|error| CommandError::from(&error))?;
    }
    if tend.store.privacy().passphrase && kind != ExportKind::Age {
        return Err(CommandError::from(&tend_core::Error::ExportMustBeSealed));
    }
    let reminders = serde_json::to_value(tend.reminders.settings()).ok();
    let doc = tend.store.read(|store| store.export_document(reminders, Utc::now()))?;
    let mut progress = |done: usize, total: usize| {
        let _ = app.emit(tend_core::events::EXPORT_PROGRESS, (done, total));
    };
    let day = Local::now().date_naive();
    data::export_to(
        &doc,
        kind,
        std::path::Path::new(&folder),
        day,
        passphrase.as_ref(),
        &mut progress,
    )
    .map(|path| path.display().to_string())
    .map_err(|error| CommandError::from(&error))
}

/// Reads the file at `path` and says what importing it would add, writing nothing.
#[tauri::command(async)]
pub fn preview_import(
    tend: State<'_, Tend>,
    path: String,
    passphrase: Option<SecretString>,
) -> Result<ImportPlan, CommandError> {
    let (source, doc, zone) = read_import(&tend, &path, passphrase.as_ref())?;
    data::imported_reminders(&doc).map_err(|error| CommandError::from(&error))?;
    let adds = tend.store.read(|store| store.preview_import(&doc))?;
    Ok(ImportPlan {
        source,
        adds,
        zone,
        reminders: doc.reminders.is_some() && tend.reminders.would_adopt(),
    })
}

/// Adds what the file at `path` holds that this Tend doesn't have yet: all of it or nothing.
#[tauri::command(async)]
pub fn import_data(
    tend: State<'_, Tend>,
    path: String,
    passphrase: Option<SecretString>,
) -> Result<Imported, CommandError> {
    let (_, doc, _) = read_import(&tend, &path, passphrase.as_ref())?;
    let reminders = data::imported_reminders(&doc).map_err(|error| CommandError::from(&error))?;
    let imported = tend.store.write(|store| store.import_document(&doc))?;
    if let Some(settings) = reminders
        && let Err(error) = tend.reminders.adopt(settings)
    {
        tracing::warn!(?error, "the imported reminder settings were not taken");
    }
    Ok(imported)
}

/// The file at `path` read as an import, and the zone times without one were taken in.
fn read_import(
    tend: &Tend,
    path: &str,
    passphrase: Option<&SecretString>,
) -> Result<(data::ImportSource, data::Document, Option<String>), CommandError> {
    let zone = tend.reminders.overview().zone;
    let tz = zone.parse().unwrap_or(chrono_tz::Tz::UTC);
    let read =
        data::read_limited(std::path::Path::new(path)).and_then(|bytes| data::read_import(&bytes, tz, passphrase));
    let (source, doc) = read.map_err(|error| CommandError::from(&error))?;
    let zone = (source == data::ImportSource::Jrnl).then_some(zone);
    Ok((source, doc, zone))
}

/// The backups Tend keeps, newest first, and the folder they are in.
#[tauri::command(async)]
pub fn backups(tend: State<'_, Tend>) -> Backups {
    tend.store.backups()
}

/// Takes a backup now.
#[tauri::command(async)]
pub fn back_up_now(tend: State<'_, Tend>) -> Result<Backups, CommandError> {
    tend.store.back_up_now(Utc::now())
}

/// Keeps backups in `folder` from now on; `None` keeps them in Tend's own folder again.
#[tauri::command(async)]
pub fn set_backup_folder(tend: State<'_, Tend>, folder: Option<String>) -> Result<Backups, CommandError> {
    tend.store
        .set_backup_folder(folder.filter(|f| !f.trim().is_empty()).map(std::path::PathBuf::from))
}

/// Brings back the backup named `id`, keeping what is there now as a backup first. A backup
/// under another passphrase opens with `passphrase`.
#[tauri::command(async)]
pub fn restore_backup(tend: State<'_, Tend>, id: String, passphrase: Option<SecretString>) -> Result<(), CommandError> {
    let passphrase = passphrase.map(Passphrase::given);
    tend.store.restore_backup(&id, passphrase.as_ref(), Utc::now())
}

/// Every promise, with its history.
#[tauri::command(async)]
pub fn promises(tend: State<'_, Tend>) -> Result<Vec<Promise>, CommandError> {
    tend.store.read(|store| store.promises())
}

#[tauri::command(async)]
pub fn add_promise(tend: State<'_, Tend>, promise: NewPromise) -> Result<Promise, CommandError> {
    tend.store
        .write(|store| store.add_promise(&promise, Local::now().fixed_offset()))
}

#[tauri::command(async)]
pub fn edit_promise(tend: State<'_, Tend>, id: i64, promise: NewPromise) -> Result<Promise, CommandError> {
    tend.store.write(|store| store.edit_promise(id, &promise, Utc::now()))
}

/// A step along the transition table; a promise kept or let go has no reminder any more.
#[tauri::command(async)]
pub fn move_promise(tend: State<'_, Tend>, id: i64, step: PromiseMove) -> Result<Promise, CommandError> {
    let promise = tend
        .store
        .write(|store| store.move_promise(id, &step, Local::now().fixed_offset()))?;
    if matches!(promise.state, PromiseState::Kept | PromiseState::LetGo) {
        forget_promise_reminder(&tend, id);
    }
    Ok(promise)
}

/// Hides the promise now (its reminder goes with it) and removes it for good once the undo
/// window has passed.
#[tauri::command(async)]
pub fn delete_promise(tend: State<'_, Tend>, id: i64) -> Result<(), CommandError> {
    tend.store.write(|store| store.delete_promise(id, Utc::now()))?;
    forget_promise_reminder(&tend, id);
    purge_after_undo_window(&tend);
    Ok(())
}

#[tauri::command(async)]
pub fn restore_promise(tend: State<'_, Tend>, id: i64) -> Result<Promise, CommandError> {
    tend.store.write(|store| store.restore_promise(id))
}

/// A promise's reminder taken away once it can no longer be needed. The promise's own change is
/// saved already; a reminder that stays (its settings file unwritable) only says "Something you
/// said you'd do" once, so this is logged rather than undoing the change.
fn forget_promise_reminder(tend: &Tend, id: i64) {
    if let Err(error) = tend.reminders.remind_of_promise(id, None) {
        tracing::warn!(kind = ?error.kind, "a promise's reminder stayed");
    }
}

/// When each promise's reminder comes: (promise, local wall time `YYYY-MM-DDTHH:MM:SS`).
#[tauri::command(async)]
pub fn promise_reminders(tend: State<'_, Tend>) -> Vec<(i64, NaiveDateTime)> {
    tend.reminders.promise_reminders()
}

/// Sets promise `promise`'s one reminder (a local wall time), or takes it away (`null`).
#[tauri::command(async)]
pub fn set_promise_reminder(
    tend: State<'_, Tend>,
    promise: i64,
    at: Option<NaiveDateTime>,
) -> Result<Vec<(i64, NaiveDateTime)>, CommandError> {
    // Only a promise that is there gets a reminder.
    tend.store.read(|store| store.promise(promise))?;
    tend.reminders.remind_of_promise(promise, at)?;
    Ok(tend.reminders.promise_reminders())
}

#[tauri::command(async)]
pub fn disclosures(tend: State<'_, Tend>) -> Result<Vec<Disclosure>, CommandError> {
    tend.store.read(|store| store.disclosures())
}

#[tauri::command(async)]
pub fn add_disclosure(tend: State<'_, Tend>, disclosure: NewDisclosure) -> Result<Disclosure, CommandError> {
    tend.store
        .write(|store| store.add_disclosure(&disclosure, Local::now().fixed_offset()))
}

#[tauri::command(async)]
pub fn edit_disclosure(tend: State<'_, Tend>, id: i64, disclosure: NewDisclosure) -> Result<Disclosure, CommandError> {
    tend.store
        .write(|store| store.edit_disclosure(id, &disclosure, Utc::now()))
}

#[tauri::command(async)]
pub fn delete_disclosure(tend: State<'_, Tend>, id: i64) -> Result<(), CommandError> {
    tend.store.write(|store| store.delete_disclosure(id, Utc::now()))?;
    purge_after_undo_window(&tend);
    Ok(())
}

#[tauri::command(async)]
pub fn restore_disclosure(tend: State<'_, Tend>, id: i64) -> Result<Disclosure, CommandError> {
    tend.store.write(|store| store.restore_disclosure(id))
}

#[tauri::command(async)]
pub fn revisits(tend: State<'_, Tend>) -> Result<Vec<Revisit>, CommandError> {
    tend.store.read(|store| store.revisits())
}

#[tauri::command(async)]
pub fn add_revisit(tend: State<'_, Tend>, revisit: NewRevisit) -> Result<Revisit, CommandError> {
    tend.store
        .write(|store| store.add_revisit(&revisit, Local::now().fixed_offset()))
}

#[tauri::command(async)]
pub fn edit_revisit(tend: State<'_, Tend>, id: i64, revisit: NewRevisit) -> Result<Revisit, CommandError> {
    tend.store.write(|store| store.edit_revisit(id, &revisit, Utc::now()))
}

#[tauri::command(async)]
pub fn delete_revisit(tend: State<'_, Tend>, id: i64) -> Result<(), CommandError> {
    tend.store.write(|store| store.delete_revisit(id, Utc::now()))?;
    purge_after_undo_window(&tend);
    Ok(())
}

#[tauri::command(async)]
pub fn restore_revisit(tend: State<'_, Tend>, id: i64) -> Result<Revisit, CommandError> {
    tend.store.write(|store| store.restore_revisit(id))
}
