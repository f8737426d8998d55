//! Commands the UI may call. Each is one line into `tend-core`; the capability file grants them
//! by name (`src-tauri/capabilities/main.json`). The shell reads the clock and the time zone
//! here and passes them in, so the domain stays testable.

use chrono::{Local, NaiveDate, Utc};
use tauri::{AppHandle, Manager, State};
use tend_core::journal::{EntryDraft, JournalEntry};
use tend_core::prompts::{Practice, PromptGroup};
use tend_core::search::{SearchHit, SearchQuery};
use tend_core::store::{CalendarDay, DraftKind, JournalPage, TimelineCursor, TimelinePage, UNDO_WINDOW};
use tend_core::{CheckIn, CommandError, Insights, KnownLabels, NewCheckIn, Preferences};

use std::sync::Arc;

use tend_core::reminders::{PauseChoice, ReminderOverview, ReminderSettings};

use crate::AppState;
use crate::reminders::Reminders;

/// How many check-ins one timeline page holds.
const PAGE: usize = 30;

#[tauri::command(async)]
pub fn save_check_in(state: State<'_, AppState>, check_in: NewCheckIn) -> Result<CheckIn, CommandError> {
    state.with_store(|store| store.save_check_in(&check_in, Local::now().fixed_offset()))
}

#[tauri::command(async)]
pub fn update_check_in(state: State<'_, AppState>, id: i64, check_in: NewCheckIn) -> Result<CheckIn, CommandError> {
    state.with_store(|store| store.update_check_in(id, &check_in, Utc::now()))
}

/// Hides the check-in now and removes it for good once the undo window has passed.
#[tauri::command(async)]
pub fn delete_check_in(app: AppHandle, state: State<'_, AppState>, id: i64) -> Result<(), CommandError> {
    state.with_store(|store| store.delete_check_in(id, Utc::now()))?;
    purge_after_undo_window(app);
    Ok(())
}

/// Removes what was deleted for good once its undo window has passed. If the app exits first,
/// the purge at the next start finishes it.
fn purge_after_undo_window(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(UNDO_WINDOW).await;
        let state = app.state::<AppState>();
        let _ = state.with_store(|store| store.purge_deleted(Some(Utc::now() - UNDO_WINDOW)));
    });
}

#[tauri::command(async)]
pub fn restore_check_in(state: State<'_, AppState>, id: i64) -> Result<CheckIn, CommandError> {
    state.with_store(|store| store.restore_check_in(id))
}

#[tauri::command(async)]
pub fn timeline(state: State<'_, AppState>, after: Option<TimelineCursor>) -> Result<TimelinePage, CommandError> {
    state.with_store(|store| store.timeline(after.as_ref(), PAGE))
}

#[tauri::command(async)]
pub fn check_ins_on(state: State<'_, AppState>, date: NaiveDate) -> Result<Vec<CheckIn>, CommandError> {
    state.with_store(|store| store.check_ins_on(date))
}

#[tauri::command(async)]
pub fn calendar_month(state: State<'_, AppState>, year: i32, month: u32) -> Result<Vec<CalendarDay>, CommandError> {
    state.with_store(|store| store.calendar_month(year, month))
}

#[tauri::command(async)]
pub fn known_labels(state: State<'_, AppState>) -> Result<KnownLabels, CommandError> {
    state.with_store(|store| store.known_labels(Local::now().date_naive()))
}

#[tauri::command(async)]
pub fn insights(state: State<'_, AppState>) -> Result<Insights, CommandError> {
    let today = Local::now().date_naive();
    state.with_store(|store| {
        let on_this_day = store.preferences()?.on_this_day;
        store.insights(today, on_this_day)
    })
}

#[tauri::command(async)]
pub fn preferences(state: State<'_, AppState>) -> Result<Preferences, CommandError> {
    state.with_store(|store| store.preferences())
}

#[tauri::command(async)]
pub fn set_preferences(state: State<'_, AppState>, preferences: Preferences) -> Result<Preferences, CommandError> {
    state.with_store(|store| store.set_preferences(&preferences))
}

/// Creates the entry (no `id`) or saves it again; autosave calls this with the whole draft.
#[tauri::command(async)]
pub fn save_entry(
    state: State<'_, AppState>,
    id: Option<i64>,
    draft: EntryDraft,
) -> Result<JournalEntry, CommandError> {
    state.with_store(|store| store.save_entry(id, &draft, Local::now().fixed_offset()))
}

#[tauri::command(async)]
pub fn entry(state: State<'_, AppState>, id: i64) -> Result<JournalEntry, CommandError> {
    state.with_store(|store| store.entry(id))
}

#[tauri::command(async)]
pub fn journal(state: State<'_, AppState>, after: Option<TimelineCursor>) -> Result<JournalPage, CommandError> {
    state.with_store(|store| store.journal(after.as_ref(), PAGE))
}

#[tauri::command(async)]
pub fn delete_entry(app: AppHandle, state: State<'_, AppState>, id: i64) -> Result<(), CommandError> {
    state.with_store(|store| store.delete_entry(id, Utc::now()))?;
    purge_after_undo_window(app);
    Ok(())
}

#[tauri::command(async)]
pub fn restore_entry(state: State<'_, AppState>, id: i64) -> Result<JournalEntry, CommandError> {
    state.with_store(|store| store.restore_entry(id))
}

#[tauri::command(async)]
pub fn journal_tags(state: State<'_, AppState>) -> Result<Vec<String>, CommandError> {
    state.with_store(|store| store.journal_tags())
}

#[tauri::command(async)]
pub fn search(state: State<'_, AppState>, query: SearchQuery) -> Result<Vec<SearchHit>, CommandError> {
    state.with_store(|store| store.search(&query))
}

#[tauri::command(async)]
pub fn prompts(state: State<'_, AppState>) -> Result<Vec<PromptGroup>, CommandError> {
    state.with_store(|store| store.prompts())
}

#[tauri::command(async)]
pub fn add_prompt(
    state: State<'_, AppState>,
    practice: Practice,
    text: String,
) -> Result<Vec<PromptGroup>, CommandError> {
    state.with_store(|store| store.add_prompt(practice, &text))
}

#[tauri::command(async)]
pub fn set_prompt_hidden(
    state: State<'_, AppState>,
    key: String,
    hidden: bool,
) -> Result<Vec<PromptGroup>, CommandError> {
    state.with_store(|store| store.set_prompt_hidden(&key, hidden))
}

#[tauri::command(async)]
pub fn reminders(reminders: State<'_, Arc<Reminders>>) -> ReminderOverview {
    reminders.overview()
}

#[tauri::command(async)]
pub fn set_reminders(
    reminders: State<'_, Arc<Reminders>>,
    settings: ReminderSettings,
) -> Result<ReminderOverview, CommandError> {
    reminders.change(|current, now, _| current.apply(settings, now))
}

#[tauri::command(async)]
pub fn pause_reminders(
    reminders: State<'_, Arc<Reminders>>,
    choice: PauseChoice,
) -> Result<ReminderOverview, CommandError> {
    reminders.change(|settings, now, zone| {
        settings.state.pause = Some(choice.pause(now, zone, settings.day_start()));
        Ok(())
    })
}

#[tauri::command(async)]
pub fn resume_reminders(reminders: State<'_, Arc<Reminders>>) -> Result<ReminderOverview, CommandError> {
    reminders.change(|settings, _, _| {
        settings.state.pause = None;
        Ok(())
    })
}

#[tauri::command]
pub async fn send_test_reminder(
    app: AppHandle,
    reminders: State<'_, Arc<Reminders>>,
) -> Result<ReminderOverview, CommandError> {
    reminders.send_test(&app).await
}

/// The screen the person was on, so a reopened window starts there.
#[tauri::command]
pub fn place(place: State<'_, crate::background::Place>) -> Option<String> {
    place.0.lock().unwrap_or_else(|p| p.into_inner()).clone()
}

#[tauri::command]
pub fn remember_place(app: AppHandle, place: String) {
    // A screen's name is a short word; anything longer is not one of Tend's screens.
    if place.len() <= crate::background::PLACE_LIMIT {
        crate::background::remember_place(&app, &place);
    }
}

#[tauri::command(async)]
pub fn autostart(app: AppHandle) -> Result<bool, CommandError> {
    use tauri_plugin_autostart::ManagerExt;
    app.autolaunch().is_enabled().map_err(|e| autostart_error(&e))
}

/// Starts Tend at login (hidden, reminders only) or stops doing so; answers the new setting.
#[tauri::command(async)]
pub fn set_autostart(app: AppHandle, on: bool) -> Result<bool, CommandError> {
    use tauri_plugin_autostart::ManagerExt;
    let autolaunch = app.autolaunch();
    if on { autolaunch.enable() } else { autolaunch.disable() }.map_err(|e| autostart_error(&e))?;
    autolaunch.is_enabled().map_err(|e| autostart_error(&e))
}

fn autostart_error(error: &tauri_plugin_autostart::Error) -> CommandError {
    eprintln!("tend: start at login: {error}");
    CommandError::from(&tend_core::Error::Autostart(error.to_string()))
}

/// Quits Tend altogether: no window, no reminders until it is opened again.
#[tauri::command]
pub fn quit(app: AppHandle) {
    app.exit(0);
}

/// The check-in being written and not yet saved, if any (kept in the database as it is typed).
#[tauri::command(async)]
pub fn check_in_draft(state: State<'_, AppState>) -> Result<Option<String>, CommandError> {
    state.with_store(|store| store.draft(DraftKind::CheckIn))
}

/// Keeps the check-in being written (or forgets it with `None`), durably, before answering.
#[tauri::command(async)]
pub fn keep_check_in_draft(state: State<'_, AppState>, answers: Option<String>) -> Result<(), CommandError> {
    state.with_store(|store| store.keep_draft(DraftKind::CheckIn, answers.as_deref(), Utc::now()))
}
