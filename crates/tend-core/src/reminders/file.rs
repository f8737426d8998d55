//! `reminders.json`: read, checked and bounded when opened; written whole; never written over
//! when it can't be read, or when a newer Tend wrote it.

use chrono::{DateTime, Utc};

use super::settings::ReminderSettings;

/// The version of `reminders.json` this build writes. A file with a higher one came from a
/// newer Tend: it is read if it can be, and never rewritten.
pub const SETTINGS_VERSION: u32 = 1;
/// What opening the settings file found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsFile {
    pub settings: ReminderSettings,
    /// False for a file from a newer Tend: Tend follows it but never writes over it.
    pub writable: bool,
    /// Gentle words about anything unusual found, for the Reminders screen.
    pub notice: Option<String>,
}

/// The settings file's name inside the data directory.
pub const SETTINGS_FILE: &str = "reminders.json";

impl ReminderSettings {
    /// Reads the settings in `dir` as they are; none yet means the defaults. An unreadable file
    /// is an error here; [`ReminderSettings::open`] is what the app uses.
    pub fn load(dir: &std::path::Path) -> crate::Result<ReminderSettings> {
        match std::fs::read(dir.join(SETTINGS_FILE)) {
            // serde's own message quotes what it found, which may be a reminder line the person
            // wrote: only where it broke is kept, so the error can be logged.
            Ok(bytes) => Ok(serde_json::from_slice(&bytes).map_err(|e| {
                std::io::Error::other(format!(
                    "{SETTINGS_FILE} can't be read at line {} column {}",
                    e.line(),
                    e.column()
                ))
            })?),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(ReminderSettings::default()),
            Err(e) => Err(e.into()),
        }
    }

    /// Opens the settings in `dir` for the app: checked and bounded like a save, and prepared
    /// for `now`. A file Tend can't use is never written over: it is set aside under a dated
    /// name (and said so), unless it came from a newer Tend, which is followed where it can be
    /// and left exactly as it is. Only a file that can't be read at all (a permission, say) is
    /// an error.
    pub fn open(dir: &std::path::Path, now: DateTime<Utc>) -> crate::Result<SettingsFile> {
        let path = dir.join(SETTINGS_FILE);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut settings = ReminderSettings::default();
                settings.prepare(now);
                return Ok(SettingsFile {
                    settings,
                    writable: true,
                    notice: None,
                });
            }
            Err(e) => return Err(e.into()),
        };
        let parsed = serde_json::from_slice::<ReminderSettings>(&bytes);
        let newer = match &parsed {
            Ok(settings) => settings.version > SETTINGS_VERSION,
            // Read just the version, to know whose file this is.
            Err(_) => serde_json::from_slice::<serde_json::Value>(&bytes)
                .ok()
                .and_then(|v| v.get("version")?.as_u64())
                .is_some_and(|v| v > u64::from(SETTINGS_VERSION)),
        };
        let usable = parsed.ok().filter(|settings| settings.validate().is_ok());
        let (mut settings, writable, notice) = match (usable, newer) {
            (Some(settings), false) => (settings, true, None),
            (Some(settings), true) => (settings, false, Some(NEWER_SETTINGS.to_owned())),
            (None, true) => (ReminderSettings::default(), false, Some(NEWER_SETTINGS.to_owned())),
            (None, false) => {
                let aside = format!("reminders-unreadable-{}.json", now.format("%Y-%m-%dT%H%M%S"));
                std::fs::rename(&path, dir.join(&aside))?;
                sync_dir(dir)?;
                (
                    ReminderSettings::default(),
                    true,
                    Some(format!(
                        "Tend couldn't read its reminder settings, so it kept them aside as {aside} in its data folder and started with none. Your check-ins and journal are not affected. You could set your reminders again here."
                    )),
                )
            }
        };
        settings.prepare(now);
        Ok(SettingsFile {
            settings,
            writable,
            notice,
        })
    }

    /// Writes the settings whole or not at all: to a private temporary file that is synced and
    /// then renamed over the old one, and the directory synced, so a crash or power loss leaves
    /// either the old file or the new.
    pub fn save(&self, dir: &std::path::Path) -> crate::Result<()> {
        use std::io::Write;
        let mut versioned = self.clone();
        versioned.version = SETTINGS_VERSION;
        let json = serde_json::to_vec_pretty(&versioned).map_err(std::io::Error::other)?;
        let mut file = tempfile::NamedTempFile::new_in(dir)?;
        file.write_all(&json)?;
        file.as_file().sync_all()?;
        // tempfile creates the file 0600 on Unix; the rename keeps that.
        file.persist(dir.join(SETTINGS_FILE)).map_err(|e| e.error)?;
        sync_dir(dir)
    }
}

/// What the Reminders screen says when the settings came from a newer Tend.
/// What the Reminders screen says when the settings file could not be read at all (a
/// permission, say): it is left as it is.
pub const UNREADABLE_SETTINGS: &str = "Tend couldn't open its reminder settings file, so it left the file as it is. Reminders set here last until Tend closes.";

const NEWER_SETTINGS: &str = "These reminder settings were saved by a newer version of Tend. Tend follows them as far as it can and leaves the file as it is, so changes made here last only until Tend closes. Updating Tend will let you keep them.";

/// Makes a rename in `dir` durable: the directory entry itself is synced.
#[cfg(unix)]
fn sync_dir(dir: &std::path::Path) -> crate::Result<()> {
    std::fs::File::open(dir)?.sync_all()?;
    Ok(())
}

#[cfg(not(unix))]
fn sync_dir(_dir: &std::path::Path) -> crate::Result<()> {
    Ok(())
}
