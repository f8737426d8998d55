use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use tend_core::journal::{EntryDraft, render_markdown, sanitize};
use tend_core::prompts::Practice;
use tend_core::search::{HitKind, SearchQuery};
use tend_core::store::{DB_FILE, MIGRATIONS};
use tend_core::{Error, ErrorKind, NewCheckIn, Store, tone};

use crate::database_from_sql;

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn draft(title: &str, body: &str, tags: &[&str]) -> EntryDraft {
    EntryDraft {
        title: title.into(),
        body: body.into(),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        check_in_id: None,
    }
}

fn search(store: &Store, text: &str) -> Vec<(HitKind, i64)> {
    let query = SearchQuery {
        text: text.into(),
        ..Default::default()
    };
    store
        .search(&query)
        .unwrap()
        .into_iter()
        .map(|h| (h.kind, h.id))
        .collect()
}

#[test]
fn an_entry_is_written_edited_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let saved = store
        .save_entry(
            None,
            &draft("Sunday", "We *talked* for an hour.", &["#talks", "Talks", " walks "]),
            at("2026-11-22T21:00:00+01:00"),
        )
        .unwrap();
    assert_eq!(saved.tags, ["talks", "walks"], "trimmed, '#' dropped, kept once");
    assert_eq!(saved.local_date, "2026-11-22");
    assert_eq!(saved.body_html, "<p>We <em>talked</em> for an hour.</p>\n");
    let edited = store
        .save_entry(
            Some(saved.id),
            &draft("Sunday", "We talked for two hours.", &["talks"]),
            at("2026-11-23T08:00:00+09:00"),
        )
        .unwrap();
    assert_eq!(edited.created_at, saved.created_at);
    assert_eq!(edited.updated_at, "2026-11-23T08:00:00.000+09:00");
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.entry(saved.id).unwrap(), edited);
    assert_eq!(store.journal(None, 10).unwrap().entries, vec![edited]);
    assert_eq!(store.journal_tags().unwrap(), ["talks"]);
}

#[test]
fn every_script_round_trips_byte_exact_and_empty_is_not_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let now = at("2026-11-22T21:00:00+01:00");
    let text = "家族で散歩 👨‍👩‍👧 — نحن بخير — שמחתי\n\n  e\u{301}  ";
    let saved = store.save_entry(None, &draft("今日 🌧️", text, &["家族"]), now).unwrap();
    let again = store.entry(saved.id).unwrap();
    assert_eq!(again.body.as_bytes(), text.as_bytes());
    assert_eq!(again.title, "今日 🌧️");
    assert!(matches!(
        store.save_entry(None, &draft(" ", "\n\t ", &["tag"]), now),
        Err(Error::EmptyEntry)
    ));
    assert_eq!(store.journal(None, 10).unwrap().entries.len(), 1);
}

#[test]
fn limits_are_gentle_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let now = at("2026-11-22T21:00:00+01:00");
    let saved = store.save_entry(None, &draft("", "kept", &[]), now).unwrap();
    let huge = "a".repeat(1_000_001);
    let error = store
        .save_entry(Some(saved.id), &draft("", &huge, &[]), now)
        .unwrap_err();
    assert!(matches!(error, Error::EntryTooLarge { limit: 1_000_000 }));
    assert_eq!(error.kind(), ErrorKind::InvalidInput);
    assert!(tone::findings(&error.user_message()).is_empty());
    assert_eq!(store.entry(saved.id).unwrap().body, "kept");
    let just_fits = "é".repeat(500_000); // two bytes each: exactly 1,000,000 bytes
    assert_eq!(
        store
            .save_entry(None, &draft("", &just_fits, &[]), now)
            .unwrap()
            .body
            .len(),
        1_000_000
    );
    assert!(matches!(
        store.save_entry(None, &draft(&"t".repeat(201), "x", &[]), now),
        Err(Error::TitleTooLong { limit: 200 })
    ));
    assert!(matches!(
        store.save_entry(
            None,
            &EntryDraft {
                check_in_id: Some(999),
                ..draft("", "x", &[])
            },
            now
        ),
        Err(Error::CheckInNotFound)
    ));
}

#[test]
fn an_entry_can_say_more_about_a_check_in() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let now = at("2026-11-22T21:00:00+01:00");
    let check_in = store.save_check_in(&NewCheckIn::note("a hard talk"), now).unwrap();
    let entry = store
        .save_entry(
            None,
            &EntryDraft {
                check_in_id: Some(check_in.id),
                ..draft("", "More about it.", &[])
            },
            now,
        )
        .unwrap();
    assert_eq!(entry.check_in_id, Some(check_in.id));
    store.delete_check_in(check_in.id, Utc::now()).unwrap();
    store.purge_deleted(None).unwrap();
    assert_eq!(
        store.entry(entry.id).unwrap().check_in_id,
        None,
        "the entry stays; the link goes"
    );
}

/// Deletes an entry and a check-in and purges them at once.
fn purge(store: &mut Store, entry: i64, check_in: i64) {
    store.delete_entry(entry, Utc::now()).unwrap();
    store.delete_check_in(check_in, Utc::now()).unwrap();
    store.purge_deleted(None).unwrap();
}

fn rows(store: &Store, table: &str) -> i64 {
    store
        .connection()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn the_search_index_follows_every_change() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let now = at("2026-11-22T21:00:00+01:00");
    let entry = store
        .save_entry(
            None,
            &draft("Lakeside", "We fed the ducks at the lake.", &["outings"]),
            now,
        )
        .unwrap();
    let check_in = store
        .save_check_in(&NewCheckIn::note("Ducks again, and tea after."), now)
        .unwrap();

    let found = search(&store, "ducks");
    assert!(
        found.contains(&(HitKind::Journal, entry.id)) && found.contains(&(HitKind::CheckIn, check_in.id)),
        "{found:?}"
    );
    assert_eq!(
        search(&store, "outings"),
        [(HitKind::Journal, entry.id)],
        "tags are searched"
    );

    store
        .save_entry(Some(entry.id), &draft("Lakeside", "We watched the swans.", &[]), now)
        .unwrap();
    assert_eq!(search(&store, "swans"), [(HitKind::Journal, entry.id)]);
    assert_eq!(
        search(&store, "ducks"),
        [(HitKind::CheckIn, check_in.id)],
        "the old words are gone from the index"
    );

    store
        .update_check_in(check_in.id, &NewCheckIn::note("Geese, and tea after."), Utc::now())
        .unwrap();
    assert!(search(&store, "ducks").is_empty());

    store.delete_entry(entry.id, Utc::now()).unwrap();
    assert!(search(&store, "swans").is_empty(), "a deleted entry is not found");
    store.restore_entry(entry.id).unwrap();
    assert_eq!(search(&store, "swans").len(), 1, "and is found again after undo");
    purge(&mut store, entry.id, check_in.id);
    assert_eq!(rows(&store, "search_index"), 0, "purged rows leave the index");
}

/// Terms of one or two characters (a Chinese word, an emoji, "ok") are found through their own
/// index, which follows every create, edit, delete, undo and purge as the trigram index does.
#[test]
fn short_terms_follow_every_change() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let now = at("2026-11-22T21:00:00+08:00");
    let entry = store
        .save_entry(None, &draft("散步", "公园里 🌱", &["家族"]), now)
        .unwrap();
    let check_in = store.save_check_in(&NewCheckIn::note("晚饭后散步。Ok"), now).unwrap();
    let both = [(HitKind::Journal, entry.id), (HitKind::CheckIn, check_in.id)];
    let mut found = search(&store, "散步");
    found.sort_by_key(|(kind, _)| *kind == HitKind::CheckIn);
    assert_eq!(found, both);
    assert_eq!(search(&store, "公园"), [both[0]], "in the body");
    assert_eq!(search(&store, "家族"), [both[0]], "in a tag");
    assert_eq!(search(&store, "🌱"), [both[0]], "one character");
    assert_eq!(search(&store, "oK"), [both[1]], "ASCII letters in any case");

    store
        .save_entry(Some(entry.id), &draft("", "海边 🌊", &[]), now)
        .unwrap();
    assert_eq!(search(&store, "海边"), [both[0]], "an edit's new words are found");
    assert!(search(&store, "公园").is_empty(), "and its old ones are not");
    assert_eq!(search(&store, "散步"), [both[1]]);
    store
        .update_check_in(check_in.id, &NewCheckIn::note("晚饭后看书。"), Utc::now())
        .unwrap();
    assert_eq!(search(&store, "看书"), [both[1]]);
    assert!(search(&store, "散步").is_empty());
    assert!(search(&store, "ok").is_empty());

    store.delete_entry(entry.id, Utc::now()).unwrap();
    assert!(search(&store, "海边").is_empty(), "a deleted entry is not found");
    store.restore_entry(entry.id).unwrap();
    assert_eq!(search(&store, "海边"), [both[0]], "and is found again after undo");
    store.delete_check_in(check_in.id, Utc::now()).unwrap();
    assert!(search(&store, "看书").is_empty());
    store.restore_check_in(check_in.id).unwrap();
    assert_eq!(search(&store, "看书"), [both[1]]);

    purge(&mut store, entry.id, check_in.id);
    assert_eq!(
        rows(&store, "search_gram_docsize"),
        0,
        "purged rows leave the gram index"
    );
}

/// Entries and check-ins written before the gram index existed are in it once migrated.
#[test]
fn short_terms_written_before_their_index_are_found_after_migrating() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = rusqlite::Connection::open(dir.path().join(DB_FILE)).unwrap();
    MIGRATIONS.to_version(&mut conn, 4).unwrap();
    conn.execute_batch(
        "INSERT INTO journal_entry (id, created_at, utc_offset_min, local_date, updated_at, updated_offset_min,
             title, body, tags)
           VALUES (1, '2026-01-03T12:00:00.000Z', 540, '2026-01-03', '2026-01-03T12:00:00.000Z', 540,
             '日曜日', '二人で散歩した。', '[\"家族\"]'),
                  (2, '2026-01-04T12:00:00.000Z', 540, '2026-01-04', '2026-01-04T12:00:00.000Z', 540,
             '', '한국어로 산책', '[]');
         INSERT INTO check_in (id, created_at, utc_offset_min, local_date, note)
           VALUES (1, '2026-01-04T13:00:00.000Z', 480, '2026-01-04', '一起散步，很平静。');",
    )
    .unwrap();
    drop(conn);
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(search(&store, "散歩"), [(HitKind::Journal, 1)]);
    assert_eq!(search(&store, "家族"), [(HitKind::Journal, 1)]);
    assert_eq!(search(&store, "산책"), [(HitKind::Journal, 2)]);
    assert_eq!(search(&store, "散步"), [(HitKind::CheckIn, 1)]);
    assert_eq!(search(&store, "静"), [(HitKind::CheckIn, 1)]);
}

#[test]
fn search_finds_any_script_ranks_and_filters() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let a = store
        .save_entry(
            None,
            &draft("", "今天我们一起散步，很开心。", &["家族"]),
            at("2026-10-01T20:00:00+08:00"),
        )
        .unwrap();
    let b = store
        .save_entry(
            None,
            &draft("", "تحدثنا عن المستقبل", &[]),
            at("2026-11-01T20:00:00+03:00"),
        )
        .unwrap();
    let c = store
        .save_entry(
            None,
            &draft("Calm", "calm calm calm, a calm evening", &["home"]),
            at("2026-11-10T20:00:00+01:00"),
        )
        .unwrap();
    let d = store
        .save_entry(
            None,
            &draft("", "Mostly tired, one calm moment.", &["home"]),
            at("2026-11-12T20:00:00+01:00"),
        )
        .unwrap();

    assert_eq!(
        search(&store, "散步"),
        [(HitKind::Journal, a.id)],
        "two-character Chinese words"
    );
    let short = store
        .save_entry(
            None,
            &draft("", "We're ok, I think.", &[]),
            at("2026-11-13T20:00:00+01:00"),
        )
        .unwrap();
    assert_eq!(
        search(&store, "OK"),
        [(HitKind::Journal, short.id)],
        "short Latin terms ignore case"
    );
    store.delete_entry(short.id, Utc::now()).unwrap();
    assert_eq!(search(&store, "一起散步"), [(HitKind::Journal, a.id)]);
    assert_eq!(search(&store, "المستقبل"), [(HitKind::Journal, b.id)]);
    assert_eq!(
        search(&store, "CALM"),
        [(HitKind::Journal, c.id), (HitKind::Journal, d.id)],
        "ranked, any case"
    );
    assert_eq!(
        search(&store, "calm tired"),
        [(HitKind::Journal, d.id)],
        "every term must match"
    );
    assert!(
        search(&store, "\"unbalanced AND (").is_empty(),
        "query syntax is never interpreted"
    );

    let filtered = |tag: Option<&str>, from: Option<&str>, to: Option<&str>, text: &str| {
        let query = SearchQuery {
            text: text.into(),
            tag: tag.map(String::from),
            from: from.map(|d| d.parse::<NaiveDate>().unwrap()),
            to: to.map(|d| d.parse::<NaiveDate>().unwrap()),
        };
        store
            .search(&query)
            .unwrap()
            .into_iter()
            .map(|h| h.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(filtered(Some("HOME"), None, None, "calm"), [c.id, d.id]);
    assert_eq!(filtered(None, Some("2026-11-11"), None, "calm"), [d.id]);
    assert_eq!(filtered(None, None, Some("2026-10-31"), ""), [a.id]);
    assert_eq!(filtered(Some("家族"), None, None, ""), [a.id]);

    let hit = &store
        .search(&SearchQuery {
            text: "moment".into(),
            ..Default::default()
        })
        .unwrap()[0];
    let marked: Vec<_> = hit.snippet.iter().filter(|p| p.hit).map(|p| p.text.as_str()).collect();
    assert_eq!(marked, ["moment"]);
    assert_eq!(
        hit.snippet.iter().map(|p| p.text.as_str()).collect::<String>(),
        "Mostly tired, one calm moment."
    );
}

/// A search hit says when its words were written as the entry or check-in itself does: at the
/// offset the writer was at then.
#[test]
fn a_search_hit_tells_the_time_as_what_it_found_does() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let late = at("2026-11-22T23:30:00-05:00");
    let entry = store.save_entry(None, &draft("", "By the river.", &[]), late).unwrap();
    let check_in = store
        .save_check_in(&NewCheckIn::note("The river again."), at("2026-11-23T08:15:00+09:00"))
        .unwrap();
    let times: Vec<_> = store
        .search(&SearchQuery {
            text: "river".into(),
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .map(|h| (h.kind, h.created_at))
        .collect();
    assert_eq!(entry.created_at, "2026-11-22T23:30:00.000-05:00");
    assert_eq!(check_in.created_at, "2026-11-23T08:15:00.000+09:00");
    assert!(times.contains(&(HitKind::Journal, entry.created_at)), "{times:?}");
    assert!(times.contains(&(HitKind::CheckIn, check_in.created_at)), "{times:?}");
}

#[test]
fn check_ins_from_before_the_journal_are_searchable_after_migrating() {
    let dir = tempfile::tempdir().unwrap();
    database_from_sql(dir.path(), include_str!("../fixtures/v1.sql"));
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(search(&store, "bakery").len(), 0);
    assert_eq!(search(&store, "cooked dinner").len(), 1);
    assert_eq!(search(&store, "散步").len(), 1);
    assert_eq!(search(&store, "بالهدوء").len(), 1);
}

/// The sanitiser itself, not the CSP, keeps every payload from running.
#[test]
fn the_sanitiser_removes_everything_that_could_run() {
    let corpus = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">click</a>",
        "<a href=\"JaVaScRiPt:alert(1)\">click</a>",
        "<a href=\"&#106;avascript:alert(1)\">click</a>",
        "[click](javascript:alert(1))",
        "<svg><script>alert(1)</script></svg>",
        "<svg onload=alert(1)><circle r=5/></svg>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<iframe src=\"https://example.com\"></iframe>",
        "<div onclick=\"alert(1)\" style=\"background:url(javascript:alert(1))\">x</div>",
        "<<script>script>alert(1)<</script>/script>",
        "<p title=\"</p><script>alert(1)</script>\">broken",
        "<object data=\"data:text/html,<script>alert(1)</script>\"></object>",
        "<form action=\"javascript:alert(1)\"><button>go</button></form>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "![x](https://example.com/track.png)",
        "<base href=\"https://example.com/\">",
    ];
    for payload in corpus {
        for html in [render_markdown(payload), sanitize(payload)] {
            // Output text is escaped, so every '<' opens a real tag; only tags can run anything.
            for tag in html
                .split('<')
                .skip(1)
                .map(|t| t.split('>').next().unwrap_or("").to_lowercase())
            {
                let name = tag.trim_start_matches('/').split([' ', '/']).next().unwrap_or("");
                assert!(
                    [
                        "p", "a", "em", "strong", "code", "pre", "br", "table", "thead", "tbody", "tr", "td", "th",
                        "div"
                    ]
                    .contains(&name),
                    "{payload:?} kept the tag <{tag}> in {html:?}"
                );
                for bad in ["javascript:", "data:", " on", "style=", "src="] {
                    assert!(!tag.contains(bad), "{payload:?} kept {bad:?} in <{tag}>");
                }
            }
        }
    }
    // Ordinary Markdown survives, and links never send a referrer.
    let html = render_markdown("**kept** [a link](https://example.com)");
    assert!(html.contains("<strong>kept</strong>"));
    assert!(html.contains("rel=\"noopener noreferrer nofollow\""), "{html}");
}

#[test]
fn every_practice_has_at_least_five_gentle_prompts() {
    for practice in Practice::ALL {
        let prompts = practice.prompts();
        assert!(prompts.len() >= 5, "{practice:?}");
        for prompt in prompts {
            assert!(
                tone::findings(prompt).is_empty(),
                "{prompt:?}: {:?}",
                tone::findings(prompt)
            );
        }
    }
}

#[test]
fn own_prompts_are_added_and_any_prompt_hidden() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let groups = store
        .add_prompt(Practice::Listen, "What did I hear today that surprised me?")
        .unwrap();
    let listen = groups.iter().find(|g| g.practice == Practice::Listen).unwrap();
    let own = listen.prompts.iter().find(|p| p.own).unwrap();
    assert_eq!(own.text, "What did I hear today that surprised me?");
    let first = listen.prompts[0].key.clone();
    let groups = store.set_prompt_hidden(&first, true).unwrap();
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.prompts().unwrap(), groups);
    let listen = groups.iter().find(|g| g.practice == Practice::Listen).unwrap();
    assert!(listen.prompts[0].hidden);
    assert!(!listen.prompts[1].hidden);
}

/// Whether `tend.db` or its WAL in `dir` holds `needle`'s bytes.
fn database_files_hold(dir: &std::path::Path, needle: &str) -> bool {
    ["tend.db", "tend.db-wal"]
        .iter()
        .filter_map(|f| std::fs::read(dir.join(f)).ok())
        .any(|bytes| bytes.windows(needle.len()).any(|w| w == needle.as_bytes()))
}

/// Twenty entries ("an ordinary entry 0" to "… 19") around the one a test looks for.
fn save_ordinary_entries(store: &mut Store, now: DateTime<FixedOffset>) {
    for i in 0..20 {
        store
            .save_entry(None, &draft("", &format!("an ordinary entry {i}"), &[]), now)
            .unwrap();
    }
}

/// The words of a purged entry are in none of the database's files, index included.
#[test]
fn purged_entries_leave_the_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let now = at("2026-11-22T21:00:00+01:00");
    let secret = "QUINCE-HARBOUR-4410 what I wrote that night";
    save_ordinary_entries(&mut store, now);
    let entry = store
        .save_entry(None, &draft(secret, secret, &["secret-tag-4410"]), now)
        .unwrap();
    // Autosave rewrites it a few times, as typing would.
    for n in 0..3 {
        store
            .save_entry(
                Some(entry.id),
                &draft(secret, &format!("{secret} {n}"), &["secret-tag-4410"]),
                now,
            )
            .unwrap();
    }
    let holds = |needle: &str| database_files_hold(dir.path(), needle);
    assert!(holds(secret), "the test can see the words before");
    let deleted_at = Utc::now();
    store.delete_entry(entry.id, deleted_at).unwrap();
    store.purge_deleted(Some(deleted_at)).unwrap();
    assert!(!holds(secret), "the entry's words are gone from the files");
    assert!(!holds("secret-tag-4410"));
    assert!(search(&store, "QUINCE").is_empty());
    // Not even the three-character fragments the trigram index kept of it (FTS5's own
    // secure-delete): every fragment of the words that nothing else in the file holds (the
    // other entries, the schema's own SQL, the indexes' option names).
    let schema: String = store
        .connection()
        .query_row(
            "SELECT group_concat(type || name || tbl_name || ' ' || coalesce(sql, ''), ' ') FROM sqlite_schema",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let kept: String = (0..20).map(|i| format!("an ordinary entry {i}\n")).collect::<String>()
        + &schema.to_lowercase()
        + " secure-delete automerge";
    let words = "quince-harbour-4410 secret-tag-4410".chars().collect::<Vec<_>>();
    let fragments: Vec<String> = words
        .windows(3)
        .map(|w| w.iter().collect::<String>())
        .filter(|f| !f.contains(' ') && !kept.contains(f.as_str()))
        // Hex digits and dashes are in every record's stable id (a UUID) as well.
        .filter(|f| !f.chars().all(|c| c.is_ascii_hexdigit() || c == '-'))
        .collect();
    let left: Vec<&String> = fragments.iter().filter(|f| holds(f)).collect();
    assert!(left.is_empty(), "fragments left in the files: {left:?}");
}

/// Tags are counted as they arrive, before they are trimmed or kept once (issue 11): more than
/// the limit is refused however many repeat, and the entry is left as it was.
#[test]
fn tags_are_counted_before_they_are_kept_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let now = at("2026-11-22T21:00:00+01:00");
    let saved = store.save_entry(None, &draft("", "kept", &["home"]), now).unwrap();
    let cases: Vec<(&str, Vec<String>)> = vec![
        ("10,000 identical tags", vec!["home".into(); 10_000]),
        (
            "21 tags that differ only in '#' and case",
            (0..21).map(|i| ["home", "#Home", " HOME "][i % 3].into()).collect(),
        ),
        ("21 empty tags", vec![String::new(); 21]),
    ];
    let mut unexpected = Vec::new();
    for (name, tags) in cases {
        let new = EntryDraft {
            tags,
            ..draft("", "a new entry", &[])
        };
        for id in [None, Some(saved.id)] {
            match store.save_entry(id, &new, now) {
                Err(Error::TooManyTags { limit: 20 }) => {}
                other => unexpected.push(format!("{name}, id {id:?}: {:?}", other.map(|e| e.tags))),
            }
        }
    }
    let padded = EntryDraft {
        tags: vec![format!("home{}", " ".repeat(10_000))],
        ..draft("", "a new entry", &[])
    };
    match store.save_entry(None, &padded, now) {
        Err(Error::TagTooLong { limit: 40 }) => {}
        other => unexpected.push(format!("a tag padded with 10,000 spaces: {:?}", other.map(|e| e.tags))),
    }
    assert!(unexpected.is_empty(), "{unexpected:#?}");
    assert_eq!(store.journal(None, 10).unwrap().entries, vec![saved], "nothing changed");
}

/// The search text and tag are bounded before the text is split into words (issue 11).
#[test]
fn an_oversized_search_is_refused_gently() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let now = at("2026-11-22T21:00:00+01:00");
    store
        .save_entry(None, &draft("Calm", "a calm evening", &["home"]), now)
        .unwrap();
    let cases = [
        (
            "10,000 identical words",
            SearchQuery {
                text: "calm ".repeat(10_000),
                ..Default::default()
            },
            500,
        ),
        (
            "501 characters",
            SearchQuery {
                text: "c".repeat(501),
                ..Default::default()
            },
            500,
        ),
        (
            "a tag of 10,000 characters",
            SearchQuery {
                tag: Some("h".repeat(10_000)),
                ..Default::default()
            },
            40,
        ),
    ];
    let mut unexpected = Vec::new();
    for (name, query, limit) in cases {
        match store.search(&query) {
            Err(e @ Error::SearchTooLong { .. })
                if matches!(e, Error::SearchTooLong { limit: l } if l == limit)
                    && e.kind() == ErrorKind::InvalidInput
                    && tone::findings(&e.user_message()).is_empty() => {}
            other => unexpected.push(format!("{name}: {:?}", other.map(|hits| hits.len()))),
        }
    }
    assert!(unexpected.is_empty(), "{unexpected:#?}");
    // The edges are fine.
    let edge = SearchQuery {
        text: format!("calm {}", "é".repeat(495)),
        tag: Some("h".repeat(40)),
        ..Default::default()
    };
    assert!(store.search(&edge).unwrap().is_empty());
    assert_eq!(search(&store, "calm calm CALM").len(), 1);
}

/// A million different tags, or search words, are refused as quickly as a few.
#[test]
fn a_million_distinct_tags_or_search_words_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let now = at("2026-11-22T21:00:00+01:00");
    let new = EntryDraft {
        tags: (0..1_000_000).map(|i| format!("tag {i}")).collect(),
        ..draft("", "words", &[])
    };
    let refused = store.save_entry(None, &new, now);
    assert!(matches!(refused, Err(Error::TooManyTags { limit: 20 })), "{refused:?}");
    // The words name what was sent: tags on an entry, not a check-in's feelings.
    let words = refused.unwrap_err().user_message();
    assert!(
        words.contains("tags on one entry") && !words.contains("check-in"),
        "{words}"
    );
    assert!(store.journal(None, 10).unwrap().entries.is_empty());
    let words: Vec<String> = (0..1_000_000).map(|i| format!("w{i}")).collect();
    let query = SearchQuery {
        text: words.join(" "),
        ..Default::default()
    };
    assert!(matches!(store.search(&query), Err(Error::SearchTooLong { limit: 500 })));
}

/// Prompt text is measured as it arrives, before trimming, and a prompt key is bounded; a
/// refused one changes nothing (issue 11).
#[test]
fn oversized_prompts_and_keys_are_refused_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let before = store.prompts().unwrap();
    let mut unexpected = Vec::new();
    for (name, text) in [
        ("501 characters", "p".repeat(501)),
        (
            "a short prompt padded with 10,000 spaces",
            format!("What now?{}", " ".repeat(10_000)),
        ),
    ] {
        match store.add_prompt(Practice::Listen, &text) {
            Err(e @ Error::PromptTooLong { limit: 500 })
                if e.kind() == ErrorKind::InvalidInput && tone::findings(&e.user_message()).is_empty() => {}
            other => unexpected.push(format!("add_prompt, {name}: {:?}", other.map(|_| "added"))),
        }
    }
    for hidden in [true, false] {
        match store.set_prompt_hidden(&"k".repeat(10_000), hidden) {
            Err(e @ Error::PromptKeyTooLong { limit: 64 })
                if e.kind() == ErrorKind::InvalidInput && tone::findings(&e.user_message()).is_empty() => {}
            other => unexpected.push(format!(
                "set_prompt_hidden({hidden}), a 10,000-character key: {:?}",
                other.map(|_| "set")
            )),
        }
    }
    assert!(unexpected.is_empty(), "{unexpected:#?}");
    assert_eq!(store.prompts().unwrap(), before);
    let rows: i64 = store
        .connection()
        .query_row(
            "SELECT (SELECT count(*) FROM journal_prompt) + (SELECT count(*) FROM journal_prompt_hidden)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rows, 0, "nothing was stored");
    // The edges are fine.
    store.add_prompt(Practice::Listen, &"p".repeat(500)).unwrap();
    store.set_prompt_hidden(&"k".repeat(64), true).unwrap();
}

#[test]
fn an_oversized_journal_cursor_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let cursor = tend_core::store::TimelineCursor {
        created_at: "2".repeat(10_000),
        id: 1,
    };
    let outcome = store.journal(Some(&cursor), 10).map(|page| page.entries.len());
    assert!(
        matches!(&outcome, Err(e @ Error::CursorTooLong { limit: 64 }) if e.kind() == ErrorKind::InvalidInput),
        "{outcome:?}"
    );
}

/// What an edit replaced stays out of search at once, and leaves the files at the next tidy
/// (the window closing, Tend locking).
#[test]
fn words_an_edit_replaced_leave_the_files_at_the_next_tidy() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let now = at("2026-11-22T21:00:00+01:00");
    save_ordinary_entries(&mut store, now);
    let first = "zephyr-quokka-9931 typed, then thought better of";
    let entry = store.save_entry(None, &draft("", first, &[]), now).unwrap();
    store
        .save_entry(Some(entry.id), &draft("", "a kinder way to say it", &[]), now)
        .unwrap();
    assert!(search(&store, "quokka").is_empty(), "replaced words aren't found");
    let holds = |needle: &str| database_files_hold(dir.path(), needle);
    // Not "993": hex digits are in every record's stable id (a UUID) as well.
    let fragments = ["zep", "phy", "quo", "okk"];
    assert!(
        fragments.iter().any(|f| holds(f)),
        "until the tidy, the index's pages still hold some"
    );
    store.tidy_index().unwrap();
    let left: Vec<_> = fragments.iter().filter(|f| holds(f)).collect();
    assert!(left.is_empty(), "fragments left after the tidy: {left:?}");
    // FTS5's own secure-delete stays off (migration 0007): the purge's merge takes a deleted
    // row's words out instead.
    let on: i64 = store
        .connection()
        .query_row("SELECT v FROM search_index_config WHERE k = 'secure-delete'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(on, 0);
}
