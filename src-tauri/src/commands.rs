//! Commands the UI may call. Each is one line into `tend-core`; the capability file grants them
//! by name (`src-tauri/capabilities/main.json`).

use chrono::Local;
use tauri::State;
use tend_core::{CheckIn, CommandError, NewCheckIn};

use crate::AppState;

/// How many check-ins the first screen shows.
const RECENT: usize = 50;

#[tauri::command(async)]
pub fn save_check_in(state: State<'_, AppState>, check_in: NewCheckIn) -> Result<CheckIn, CommandError> {
    state.with_store(|store| store.save_check_in(&check_in, Local::now().fixed_offset()))
}

#[tauri::command(async)]
pub fn list_check_ins(state: State<'_, AppState>) -> Result<Vec<CheckIn>, CommandError> {
    state.with_store(|store| store.recent_check_ins(RECENT))
}
