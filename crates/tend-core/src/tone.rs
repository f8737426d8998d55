//! The tone lint: finds words that judge the person in text they will read.
//!
//! PRODUCT.md's Tone list, extended, lives in `tone_words.txt` (a data file, so the lint's own
//! source holds none of the words it hunts). Matching is case-insensitive and on whole words;
//! typographic apostrophes count as plain ones. "only" followed by a number ("only 2 days") is
//! matched as a pattern.

/// One judging word or phrase found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub phrase: String,
    /// Byte offset of the match in the text as given.
    pub at: usize,
}

/// The words and phrases the lint rejects, lower-case.
pub fn judging_phrases() -> impl Iterator<Item = &'static str> {
    include_str!("tone_words.txt")
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}

/// Every judging word or phrase in `text`.
pub fn findings(text: &str) -> Vec<Finding> {
    // Lower-casing and apostrophe folding keep byte offsets for ASCII text; for the rare
    // character whose lower case changes length, offsets are approximate, which is fine for a
    // lint that points a developer at a line.
    let folded: String = text
        .chars()
        .map(|c| if c == '\u{2019}' { '\'' } else { c })
        .collect::<String>()
        .to_lowercase();
    let mut found = Vec::new();
    for phrase in judging_phrases() {
        let mut from = 0;
        while let Some(pos) = folded[from..].find(phrase) {
            let at = from + pos;
            let end = at + phrase.len();
            if is_boundary(&folded, at, end, phrase) {
                found.push(Finding {
                    phrase: phrase.to_owned(),
                    at,
                });
            }
            from = end;
        }
    }
    found.extend(only_a_number(&folded));
    found.sort_by_key(|f| f.at);
    found
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn is_boundary(text: &str, start: usize, end: usize, phrase: &str) -> bool {
    let before_ok = !phrase.starts_with(is_word_char) || !text[..start].chars().next_back().is_some_and(is_word_char);
    let after_ok = !phrase.ends_with(is_word_char) || !text[end..].chars().next().is_some_and(is_word_char);
    before_ok && after_ok
}

/// "only 3 days", "only {count} check-ins": belittling counts.
fn only_a_number(folded: &str) -> Vec<Finding> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(pos) = folded[from..].find("only") {
        let at = from + pos;
        let end = at + "only".len();
        if is_boundary(folded, at, end, "only") {
            let rest = folded[end..].trim_start();
            if rest.len() < folded[end..].len()
                && rest.starts_with(|c: char| c.is_ascii_digit() || c == '{' || c == '$')
            {
                found.push(Finding {
                    phrase: "only N".to_owned(),
                    at,
                });
            }
        }
        from = end;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_whole_words_only() {
        assert_eq!(findings("You missed a day").len(), 1);
        assert!(findings("A promise you dismissed").is_empty());
        assert!(findings("#[must_use] mustard").is_empty());
        assert_eq!(findings("Don\u{2019}t forget!")[0].phrase, "don't forget");
        assert_eq!(findings("STREAK")[0].phrase, "streak");
    }

    #[test]
    fn finds_belittling_counts() {
        assert_eq!(findings("only 2 days this week")[0].phrase, "only N");
        assert_eq!(findings("only {n} check-ins")[0].phrase, "only N");
        assert!(findings("only you decide").is_empty());
    }

    #[test]
    fn gentle_words_pass() {
        assert!(findings("When you're ready, would you like to write a few words?").is_empty());
        assert!(findings("Here's what you noted this week.").is_empty());
    }
}
