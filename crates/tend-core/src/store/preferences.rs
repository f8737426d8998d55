//! Preferences, kept as one JSON value in the `preference` table.

use rusqlite::OptionalExtension;

use super::Store;
use crate::Result;
use crate::preferences::Preferences;

const KEY: &str = "preferences";

impl Store {
    /// The saved preferences, or the defaults. A value this build cannot read (written by a
    /// newer Tend, say) falls back to the defaults rather than blocking the app.
    pub fn preferences(&self) -> Result<Preferences> {
        let value: Option<String> = self
            .conn
            .prepare_cached("SELECT value FROM preference WHERE key = ?1")?
            .query_row([KEY], |row| row.get(0))
            .optional()?;
        Ok(value
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default())
    }

    pub fn set_preferences(&mut self, preferences: &Preferences) -> Result<Preferences> {
        preferences.check()?;
        let json = serde_json::to_string(preferences).map_err(std::io::Error::other)?;
        self.conn.execute(
            "INSERT INTO preference (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [KEY, &json],
        )?;
        self.preferences()
    }
}
