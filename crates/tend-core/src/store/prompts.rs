//! Prompts in the store: the person's own, and which prompts (theirs or Tend's) are hidden.
//! Tend's own prompts live in `crate::prompts`, never in the database.

use std::collections::HashSet;

use rusqlite::params;

use super::Store;
use crate::bounds::longer_than;
use crate::prompts::{PROMPT_KEY_LIMIT, PROMPT_LIMIT, Practice, Prompt, PromptGroup};
use crate::{Error, Result};

impl Store {
    /// Tend's prompts and the person's own, grouped by practice, with which are hidden.
    pub fn prompts(&self) -> Result<Vec<PromptGroup>> {
        // A set: every prompt looks itself up, however many keys were hidden.
        let hidden: HashSet<String> = self
            .conn
            .prepare_cached("SELECT key FROM journal_prompt_hidden")?
            .query_map([], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let own: Vec<(i64, String, String)> = self
            .conn
            .prepare_cached("SELECT id, practice, text FROM journal_prompt ORDER BY id")?
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let prompt = |key: String, text: String, own: bool| Prompt {
            hidden: hidden.contains(&key),
            key,
            text,
            own,
        };
        Ok(Practice::ALL
            .into_iter()
            .map(|practice| {
                let mut prompts: Vec<Prompt> = practice
                    .prompts()
                    .iter()
                    .enumerate()
                    .map(|(n, text)| prompt(format!("tend:{}:{n}", practice.as_str()), (*text).to_owned(), false))
                    .collect();
                prompts.extend(
                    own.iter()
                        .filter(|(_, p, _)| p == practice.as_str())
                        .map(|(id, _, text)| prompt(format!("own:{id}"), text.clone(), true)),
                );
                PromptGroup { practice, prompts }
            })
            .collect())
    }

    /// Adds the person's own prompt under a practice. Its length is checked as it arrived,
    /// before trimming (see `crate::bounds`).
    pub fn add_prompt(&mut self, practice: Practice, text: &str) -> Result<Vec<PromptGroup>> {
        if longer_than(text, PROMPT_LIMIT) {
            return Err(Error::PromptTooLong { limit: PROMPT_LIMIT });
        }
        let text = text.trim();
        if text.is_empty() {
            return Err(Error::EmptyEntry);
        }
        self.conn.execute(
            "INSERT INTO journal_prompt (practice, text) VALUES (?1, ?2)",
            params![practice.as_str(), text],
        )?;
        self.prompts()
    }

    /// Hides a prompt from the list, or shows it again.
    pub fn set_prompt_hidden(&mut self, key: &str, hidden: bool) -> Result<Vec<PromptGroup>> {
        if longer_than(key, PROMPT_KEY_LIMIT) {
            return Err(Error::PromptKeyTooLong {
                limit: PROMPT_KEY_LIMIT,
            });
        }
        if hidden {
            self.conn
                .execute("INSERT OR IGNORE INTO journal_prompt_hidden (key) VALUES (?1)", [key])?;
        } else {
            self.conn
                .execute("DELETE FROM journal_prompt_hidden WHERE key = ?1", [key])?;
        }
        self.prompts()
    }
}
