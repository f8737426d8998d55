//! Tend's export, as one versioned JSON document. `docs/FORMAT.md` describes every field; the
//! types here are that description in code.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// What the document's `format` field says.
pub const FORMAT: &str = "tend-export";
/// The version this build writes. A higher one came from a newer Tend and is refused.
pub const FORMAT_VERSION: u32 = 1;

/// Everything a Tend holds, in the order docs/FORMAT.md lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub format: String,
    pub version: u32,
    /// When it was written (RFC 3339, UTC).
    pub exported_at: String,
    pub check_ins: Vec<CheckInRecord>,
    pub journal: Vec<EntryRecord>,
    /// The person's own prompts.
    pub prompts: Vec<PromptRecord>,
    /// The prompts hidden: Tend's by their key (`tend:<practice>:<n>`), the person's own as
    /// `own:<id>`.
    pub hidden_prompts: Vec<String>,
    /// Choices about Tend itself, by name, as the app keeps them.
    pub preferences: BTreeMap<String, serde_json::Value>,
    /// The reminder settings (`reminders.json`), when the export came from the app.
    #[serde(default)]
    pub reminders: Option<serde_json::Value>,
    /// The promise ledger, each promise with its history. Absent from files written before
    /// Tend kept one, and left out when there is none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub promises: Vec<PromiseRecord>,
    /// The disclosure log.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disclosures: Vec<DisclosureRecord>,
    /// The revisit log.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revisits: Vec<RevisitRecord>,
}

impl Document {
    /// An empty document of this build's version, written `exported_at`.
    pub fn empty(exported_at: String) -> Document {
        Document {
            format: FORMAT.to_owned(),
            version: FORMAT_VERSION,
            exported_at,
            check_ins: Vec::new(),
            journal: Vec::new(),
            prompts: Vec::new(),
            hidden_prompts: Vec::new(),
            preferences: BTreeMap::new(),
            reminders: None,
            promises: Vec::new(),
            disclosures: Vec::new(),
            revisits: Vec::new(),
        }
    }
}

impl Document {
    /// A document of `journal` alone, as another journal's export reads: the export carries no
    /// moment of its own, so the newest save in it stands for it (an empty one, 1970).
    pub fn of_journal(journal: Vec<EntryRecord>) -> Document {
        let exported_at = journal
            .iter()
            .map(|entry| entry.updated_at.clone())
            .max()
            .unwrap_or_else(|| "1970-01-01T00:00:00.000Z".to_owned());
        Document {
            journal,
            ..Document::empty(exported_at)
        }
    }
}

/// A check-in. Times are the UTC instant with the writer's offset then, so the day as lived
/// (`local_date`) can always be found again; a skipped answer is absent (`null`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckInRecord {
    /// Its stable id, a UUID.
    pub id: String,
    /// RFC 3339, UTC, to the millisecond.
    pub created_at: String,
    /// The writer's offset from UTC when it was written, in minutes.
    pub utc_offset_minutes: i32,
    /// The day as lived (YYYY-MM-DD).
    pub local_date: String,
    /// When it was last edited (RFC 3339, UTC), if ever.
    #[serde(default)]
    pub updated_at: Option<String>,
    #[serde(default)]
    pub together_minutes: Option<i64>,
    #[serde(default)]
    pub activities: Vec<String>,
    /// `elsewhere`, `partly` or `fully`.
    #[serde(default)]
    pub presence: Option<String>,
    #[serde(default)]
    pub partner_shared: Option<bool>,
    #[serde(default)]
    pub partner_asked: Option<String>,
    #[serde(default)]
    pub unsaid: Option<String>,
    #[serde(default)]
    pub feelings: Vec<String>,
    #[serde(default)]
    pub partner_seemed: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// A journal entry, its Markdown as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryRecord {
    pub id: String,
    pub created_at: String,
    pub utc_offset_minutes: i32,
    pub local_date: String,
    /// The last save (RFC 3339, UTC) and the writer's offset then.
    pub updated_at: String,
    pub updated_offset_minutes: i32,
    #[serde(default)]
    pub title: String,
    pub body: String,
    #[serde(default)]
    pub tags: Vec<String>,
    /// The id of the check-in it was written about, if any.
    #[serde(default)]
    pub check_in: Option<String>,
}

/// One of the person's own journal prompts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PromptRecord {
    pub id: String,
    /// The practice it belongs to (its key, as in `tend:<practice>:<n>`).
    pub practice: String,
    pub text: String,
}

/// A promise and its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PromiseRecord {
    pub id: String,
    pub created_at: String,
    pub utc_offset_minutes: i32,
    pub local_date: String,
    #[serde(default)]
    pub updated_at: Option<String>,
    #[serde(default)]
    pub asked: String,
    pub committed: String,
    #[serde(default)]
    pub by_when: Option<String>,
    /// The id of the check-in it came from, if any.
    #[serde(default)]
    pub check_in: Option<String>,
    /// `open`, `kept`, `renegotiated` or `let_go`.
    pub state: String,
    /// Oldest first; the first is the promise being made.
    pub history: Vec<PromiseEventRecord>,
}

/// One step in a promise's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PromiseEventRecord {
    pub at: String,
    pub utc_offset_minutes: i32,
    pub state: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub terms: Option<String>,
}

/// Something told, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisclosureRecord {
    pub id: String,
    pub created_at: String,
    pub utc_offset_minutes: i32,
    pub local_date: String,
    #[serde(default)]
    pub updated_at: Option<String>,
    pub told_on: String,
    pub what: String,
    #[serde(default)]
    pub how_taken: String,
    #[serde(default)]
    pub still_unsaid: String,
}

/// A time it came up again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevisitRecord {
    pub id: String,
    pub created_at: String,
    pub utc_offset_minutes: i32,
    pub local_date: String,
    #[serde(default)]
    pub updated_at: Option<String>,
    pub happened_on: String,
    #[serde(default)]
    pub needed: String,
    #[serde(default)]
    pub responded: String,
    #[serde(default)]
    pub next_time: String,
}
