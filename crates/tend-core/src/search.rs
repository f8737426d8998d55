//! Search over journal entries, check-ins, promises, disclosures and revisits, and the snippets that show why a result matched.
//!
//! The index is FTS5 with the trigram tokenizer (see migration 0003), which finds substrings in
//! any script. Trigrams need three characters, so shorter terms (two-character Chinese words,
//! say) are looked up in a second index of single characters and pairs (migration 0005, see
//! `store/search.rs`), which narrows the rows an exact LIKE or instr check then reads. Snippets are built here as plain
//! text segments, never as HTML, so a match can be highlighted without any markup to escape.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::bounds::{distinct, longer_than};
use crate::journal::TAG_LIMIT;
use crate::{Error, Result};

/// The longest search text, in characters: a long sentence, far more than a search box is
/// given. A tag filter is held to [`TAG_LIMIT`], the longest tag an entry keeps.
pub const SEARCH_TEXT_LIMIT: usize = 500;

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct SearchQuery {
    pub text: String,
    /// Only journal entries with this tag.
    pub tag: Option<String>,
    /// Only days as lived from this one on, `YYYY-MM-DD`.
    #[ts(type = "string | null")]
    pub from: Option<NaiveDate>,
    /// Only days as lived up to and including this one.
    #[ts(type = "string | null")]
    pub to: Option<NaiveDate>,
}

impl SearchQuery {
    /// The words searched for, each once (ignoring case), in the order typed. A text or tag
    /// longer than any search a person types is refused first, before the text is split.
    pub fn terms(&self) -> Result<Vec<String>> {
        if longer_than(&self.text, SEARCH_TEXT_LIMIT) {
            return Err(Error::SearchTooLong {
                limit: SEARCH_TEXT_LIMIT,
            });
        }
        if self.tag.as_deref().is_some_and(|tag| longer_than(tag, TAG_LIMIT)) {
            return Err(Error::SearchTooLong { limit: TAG_LIMIT });
        }
        // A control character (a NUL, say) can't be typed and is in no word: it parts words as a
        // space does, and never reaches the query's SQL.
        Ok(distinct(
            self.text
                .split(|c: char| c.is_whitespace() || c.is_control())
                .filter(|word| !word.is_empty()),
        ))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename_all = "snake_case")]
pub enum HitKind {
    Journal,
    CheckIn,
    Promise,
    Disclosure,
    Revisit,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SearchHit {
    pub kind: HitKind,
    #[ts(type = "number")]
    pub id: i64,
    pub local_date: String,
    pub created_at: String,
    pub title: String,
    pub tags: Vec<String>,
    pub snippet: Vec<SnippetPart>,
}

/// A piece of a snippet; `hit` pieces are what matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SnippetPart {
    pub text: String,
    pub hit: bool,
}

/// Characters of context shown before the first match, and the snippet's whole length.
const BEFORE: usize = 50;
const LENGTH: usize = 180;

/// A short excerpt of `text` around the first match of any term, split into plain and matched
/// parts. Matching ignores case; white space is folded to single spaces.
pub fn snippet(text: &str, terms: &[String]) -> Vec<SnippetPart> {
    let chars: Vec<char> = text.split_whitespace().collect::<Vec<_>>().join(" ").chars().collect();
    let folded: Vec<char> = chars.iter().map(|c| fold(*c)).collect();
    let terms: Vec<Vec<char>> = terms
        .iter()
        .map(|t| t.chars().map(fold).collect::<Vec<_>>())
        .filter(|t| !t.is_empty())
        .collect();
    let matches_at = |i: usize| terms.iter().find(|t| folded[i..].starts_with(t)).map(Vec::len);
    let first = (0..folded.len()).find(|&i| matches_at(i).is_some()).unwrap_or(0);
    let start = first.saturating_sub(BEFORE);
    let end = (start + LENGTH).min(chars.len());

    let mut parts: Vec<SnippetPart> = Vec::new();
    let mut push = |text: String, hit: bool| match parts.last_mut() {
        Some(last) if last.hit == hit => last.text.push_str(&text),
        _ => parts.push(SnippetPart { text, hit }),
    };
    if start > 0 {
        push("…".into(), false);
    }
    let mut i = start;
    while i < end {
        match matches_at(i) {
            Some(len) => {
                let stop = (i + len).min(chars.len());
                push(chars[i..stop].iter().collect(), true);
                i = stop;
            }
            None => {
                push(chars[i].to_string(), false);
                i += 1;
            }
        }
    }
    if end < chars.len() {
        push("…".into(), false);
    }
    parts
}

/// Case folding for matching, one character to one so positions stay aligned.
fn fold(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}
