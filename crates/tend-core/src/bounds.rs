//! Bounds on what the UI sends, checked before any other work is done with it.
//!
//! Commands run under the store's lock, so work that grows with what arrived — or with its
//! square, as keeping words once by comparing each with every other did — would let one page
//! freeze storage (issue 11). Counts and lengths are therefore checked on the input as it
//! arrived, before trimming or keeping words once, and no check reads past its limit.

use std::collections::HashSet;

use crate::{Error, Result};

/// Whether `text` holds more than `limit` characters. Reads at most `limit + 1` of them.
pub(crate) fn longer_than(text: &str, limit: usize) -> bool {
    text.len() > limit && text.chars().nth(limit).is_some()
}

/// Which list of words is checked, so the refusal names it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Words {
    /// A check-in's activities or feelings.
    Labels,
    /// A journal entry's tags.
    Tags,
}

/// Refuses a list of words with more than `count` entries, or any entry longer than `length`
/// characters. Blanks and repeats count: the UI sends neither, and counting them first is what
/// keeps the cost of a refusal independent of the list's size.
pub(crate) fn check_words(words: &[String], kind: Words, count: usize, length: usize) -> Result<()> {
    if words.len() > count {
        return Err(match kind {
            Words::Labels => Error::TooManyLabels { limit: count },
            Words::Tags => Error::TooManyTags { limit: count },
        });
    }
    if words.iter().any(|word| longer_than(word, length)) {
        return Err(match kind {
            Words::Labels => Error::LabelTooLong { limit: length },
            Words::Tags => Error::TagTooLong { limit: length },
        });
    }
    Ok(())
}

/// The words without blanks, each kept once ignoring case, in the order given.
pub(crate) fn distinct<'a>(words: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut seen = HashSet::new();
    words
        .into_iter()
        .filter(|word| !word.is_empty() && seen.insert(word.to_lowercase()))
        .map(str::to_owned)
        .collect()
}
