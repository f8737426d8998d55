//! Hostile input, generated: every validated type is given huge strings, NUL, lone halves of
//! emoji as they arrive in Rust (replacement characters), bidi controls, FTS5 and SQL syntax,
//! HTML and script, out-of-range numbers, impossible times and ids. Each one is refused as
//! `invalid_input` or kept exactly — never a panic, never a storage error.
//!
//! The Markdown renderer has a saved corpus (`fuzz/corpus/render/`, replayed here) and a
//! generated run here; `cargo fuzz` runs it for as long as asked (see the README).

use std::path::Path;

use chrono::{DateTime, FixedOffset, NaiveTime, Timelike, Utc};
use proptest::prelude::*;
use tend_core::journal::{EntryDraft, render_markdown};
use tend_core::prompts::Practice;
use tend_core::reminders::{ReminderKind, ReminderRule, ReminderSettings, Schedule};
use tend_core::search::SearchQuery;
use tend_core::vault::Passphrase;
use tend_core::{CommandError, ErrorKind, NewCheckIn, Store};

/// Pieces a hostile string is made of.
const PIECES: &[&str] = &[
    "\0",
    "\u{FFFD}",
    "\u{202E}",
    "\u{FEFF}",
    "\u{200D}",
    "👩‍❤️‍👨",
    "\r\n",
    "\"",
    "'",
    "*",
    "^",
    ":",
    "(",
    ")",
    "{a b}",
    "NEAR(",
    " AND ",
    " OR ",
    " NOT ",
    "-",
    "'; DROP TABLE check_in; --",
    "%",
    "_",
    "\\",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "[a](javascript:alert(1))",
    "<a href=\"https://example.com\">",
    "&#x6A;avascript:",
    "ي",
    "漢字",
    "walk",
    " ",
];

fn hostile() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::collection::vec(prop::sample::select(PIECES), 0..12).prop_map(|p| p.concat()),
        2 => any::<String>(),
        1 => (prop::sample::select(PIECES), 0usize..25_000).prop_map(|(piece, n)| piece.repeat(n / piece.len().max(1))),
    ]
}

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-03-01T20:15:00+01:00").unwrap()
}

fn refused_gently(error: &tend_core::Error, what: &str) -> std::result::Result<(), TestCaseError> {
    let answer = CommandError::from(error);
    prop_assert!(
        answer.kind == ErrorKind::InvalidInput,
        "{what} is refused as invalid input, not {:?}: {error}",
        answer.kind
    );
    Ok(())
}

fn store(dir: &Path) -> Store {
    Store::open(dir).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn a_check_in_is_kept_exactly_or_refused_gently(
        note in hostile(), asked in hostile(), unsaid in hostile(), seemed in hostile(),
        labels in prop::collection::vec(hostile(), 0..30),
        minutes in prop_oneof![Just(None), any::<i64>().prop_map(Some), (0i64..=1440).prop_map(Some)],
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store(dir.path());
        let new = NewCheckIn {
            together_minutes: minutes,
            activities: labels.clone(),
            feelings: labels,
            partner_asked: asked,
            unsaid,
            partner_seemed: seemed,
            note,
            ..NewCheckIn::default()
        };
        match store.save_check_in(&new, now()) {
            Ok(saved) => {
                let read = store.check_in(saved.id).unwrap();
                // An answer of only spaces is a skipped one; any other is kept byte for byte.
                let kept = |text: &str| if text.trim().is_empty() { String::new() } else { text.to_owned() };
                prop_assert_eq!(&read.note, &kept(&new.note));
                prop_assert_eq!(&read.partner_asked, &kept(&new.partner_asked));
                prop_assert_eq!(&read.unsaid, &kept(&new.unsaid));
                prop_assert_eq!(&read.partner_seemed, &kept(&new.partner_seemed));
                // Labels are kept trimmed, each once: every one kept is one that was given.
                for label in read.activities.iter().chain(&read.feelings) {
                    prop_assert!(new.activities.iter().any(|given| given.trim() == label), "{:?} was given", label);
                }
                prop_assert_eq!(read.together_minutes, new.together_minutes);
            }
            Err(error) => refused_gently(&error, "a check-in")?,
        }
    }

    #[test]
    fn a_journal_entry_is_kept_exactly_or_refused_gently(
        title in hostile(), body in hostile(), tags in prop::collection::vec(hostile(), 0..25),
        check_in in prop_oneof![Just(None), any::<i64>().prop_map(Some)],
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store(dir.path());
        let draft = EntryDraft { title, body, tags, check_in_id: check_in };
        match store.save_entry(None, &draft, now()) {
            Ok(saved) => {
                let read = store.entry(saved.id).unwrap();
                prop_assert_eq!(&read.title, &draft.title);
                prop_assert_eq!(&read.body, &draft.body);
                // Saved again (an autosave), the words are still exact.
                let again = store.save_entry(Some(saved.id), &draft, now()).unwrap();
                prop_assert_eq!(&again.body, &draft.body);
            }
            Err(error) => {
                prop_assert!(
                    matches!(CommandError::from(&error).kind, ErrorKind::InvalidInput | ErrorKind::NotFound),
                    "{}", error
                );
            }
        }
    }

    #[test]
    fn a_search_answers_or_refuses_gently_whatever_is_typed(text in hostile(), tag in prop::option::of(hostile())) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store(dir.path());
        store.save_check_in(&NewCheckIn::note("a walk by the river"), now()).unwrap();
        store.save_entry(None, &EntryDraft { title: "walk".into(), body: "by the river".into(), tags: vec!["walk".into()], check_in_id: None }, now()).unwrap();
        let query = SearchQuery { text, tag, from: None, to: None };
        if let Err(error) = store.search(&query) {
            refused_gently(&error, "a search")?;
        }
    }

    #[test]
    fn a_prompt_of_ones_own_is_kept_exactly_or_refused_gently(text in hostile(), key in hostile()) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store(dir.path());
        match store.add_prompt(Practice::Listen, &text) {
            Ok(groups) => {
                let all: Vec<String> = groups.iter().flat_map(|g| g.prompts.iter().map(|p| p.text.clone())).collect();
                prop_assert!(all.contains(&text.trim().to_owned()), "the prompt is there as written");
            }
            Err(error) => refused_gently(&error, "a prompt")?,
        }
        if let Err(error) = store.set_prompt_hidden(&key, true) {
            prop_assert!(matches!(CommandError::from(&error).kind, ErrorKind::InvalidInput | ErrorKind::NotFound), "{}", error);
        }
    }

    #[test]
    fn a_passphrase_is_taken_or_refused_gently(text in hostile()) {
        if let Err(error) = Passphrase::new(text.into()) {
            refused_gently(&error, "a passphrase")?;
        }
    }

    #[test]
    fn reminder_settings_are_taken_with_fresh_ids_or_refused_gently(
        ids in prop::collection::vec(prop_oneof![Just(i64::MAX), Just(i64::MIN), Just(0i64), any::<i64>(), 1i64..5], 0..8),
        seconds in prop::collection::vec(prop_oneof![Just((23u32, 59u32, 60u32)), (0u32..24, 0u32..60, 0u32..60)], 1..4),
        catch_up in prop_oneof![4 => 0i64..=60, 1 => any::<i64>()],
        zone in prop_oneof![4 => Just(None), 1 => hostile().prop_map(Some), 1 => Just(Some("Europe/London".to_owned()))],
        line in hostile(),
    ) {
        let times: Vec<NaiveTime> = seconds
            .iter()
            .filter_map(|&(h, m, s)| if s == 60 { NaiveTime::from_hms_milli_opt(h, m, 59, 1_500) } else { NaiveTime::from_hms_opt(h, m, s) })
            .collect();
        let rules = ids
            .iter()
            .map(|&id| ReminderRule {
                id,
                kind: ReminderKind::Presence,
                schedule: Schedule::Times { times: times.clone(), days: vec![chrono::Weekday::Mon, chrono::Weekday::Sat] },
                catch_up_minutes: catch_up,
                enabled: true,
            })
            .collect();
        let mut new = ReminderSettings { zone, rules, ..ReminderSettings::default() };
        new.lines.insert("presence".into(), vec![line]);
        let mut settings = ReminderSettings::default();
        let at = Utc::now();
        match settings.apply(new, at) {
            Ok(()) => {
                let ids: Vec<i64> = settings.rules.iter().map(|r| r.id).collect();
                let mut distinct = ids.clone();
                distinct.sort_unstable();
                distinct.dedup();
                prop_assert_eq!(distinct.len(), ids.len(), "every rule has its own id: {:?}", ids);
                prop_assert!(ids.iter().all(|&id| id > 0 && id <= (1 << 53)), "ids the window can hold: {:?}", ids);
                for rule in &settings.rules {
                    if let Schedule::Times { times, .. } = &rule.schedule {
                        prop_assert!(times.iter().all(|t| t.nanosecond() < 1_000_000_000), "no leap-second time is kept");
                    }
                }
                let _ = settings.due(at, chrono_tz::Europe::London);
            }
            Err(error) => refused_gently(&error, "reminder settings")?,
        }
    }

    #[test]
    fn rendered_markdown_can_run_nothing_and_reach_nothing(markdown in hostile()) {
        safe_html(&render_markdown(&markdown))?;
    }
}

/// What rendered Markdown must never hold: script, event handlers, styles, images or frames,
/// and any link but http, https and mailto (or one within the page). Text between tags is
/// escaped, so only the tags themselves are looked at.
fn safe_html(html: &str) -> std::result::Result<(), TestCaseError> {
    let lower = html.to_ascii_lowercase();
    for tag in lower
        .split('<')
        .skip(1)
        .map(|rest| rest.split('>').next().unwrap_or_default())
    {
        let name = tag
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .trim_start_matches('/');
        prop_assert!(
            ![
                "script", "img", "iframe", "object", "embed", "style", "svg", "form", "input", "link", "meta", "base"
            ]
            .contains(&name),
            "a <{}> in {}",
            name,
            html
        );
        for attr in tag.split_whitespace().skip(1) {
            prop_assert!(
                !attr.starts_with("on") && !attr.starts_with("style") && !attr.starts_with("src"),
                "{} in {}",
                attr,
                html
            );
            if let Some((_, value)) = attr.split_once('=') {
                let value = value.trim_matches(|c| c == '"' || c == '\'');
                let scheme = value.split_once(':').map(|(s, _)| s);
                prop_assert!(
                    scheme.is_none_or(|s| ["http", "https", "mailto"].contains(&s)
                        || s.contains('/')
                        || s.contains('#')
                        || s.contains('?')),
                    "{} in {}",
                    attr,
                    html
                );
            }
        }
    }
    Ok(())
}

#[test]
fn the_saved_markdown_corpus_renders_safely() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/render");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        safe_html(&render_markdown(&text)).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        seen += 1;
    }
    assert!(seen >= 10, "the corpus is there ({seen} files)");
}

/// A time-boxed run of the renderer on generated input, on stable Rust: `TEND_FUZZ_SECONDS`
/// long (3 by default; `cargo fuzz run render` in `crates/tend-core/fuzz` runs for as long as
/// asked). Prints how many inputs it tried.
#[test]
fn markdown_rendering_holds_for_a_time_boxed_run() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let seconds: u64 = std::env::var("TEND_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
    // A new seed each run (printed; `TEND_FUZZ_SEED` replays one), so runs add up.
    let seed: u64 = std::env::var("TEND_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| fastrand::u64(..));
    eprintln!("markdown rendering: seed {seed} (TEND_FUZZ_SEED={seed} replays it)");
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let rng = proptest::test_runner::TestRng::from_seed(proptest::test_runner::RngAlgorithm::ChaCha, &bytes);
    let mut runner = TestRunner::new_with_rng(ProptestConfig::default(), rng);
    let strategy = prop::collection::vec(hostile(), 1..6).prop_map(|parts| parts.join("\n"));
    let mut runs = 0u64;
    while std::time::Instant::now() < deadline {
        let markdown = strategy.new_tree(&mut runner).unwrap().current();
        safe_html(&render_markdown(&markdown)).unwrap_or_else(|e| panic!("{markdown:?}: {e}"));
        runs += 1;
    }
    eprintln!("markdown rendering: {runs} generated inputs in {seconds} s");
    assert!(runs > 0);
}
