//! The Data screen in the real app: an export of everything as JSON, as a Markdown folder and as
//! one `age` file; an import from a Tend export and from Day One, each previewed first, with a
//! second import adding nothing; and going back to a backup. Paths are typed into the screen's
//! own fields, as a person may (there is no file chooser to answer).

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::Path;

use chrono::{Local, Utc};
use secrecy::SecretString;
use tend_core::data::{self, Document};
use tend_core::journal::EntryDraft;
use tend_core::{NewCheckIn, Store};
use tend_test_support::{Desktop, app_binary, eventually, seed};

const HISTORY_NOTE: &str = "article.entry .history-note";
const FORM: &str = "form[data-testid=check-in-form]";

/// Check-ins in several scripts and a journal entry about the first, in `dir`.
fn seed_words(dir: &Path) {
    let saved = seed(
        dir,
        &[
            (2, NewCheckIn::note("We walked by the river and I listened.")),
            (1, NewCheckIn::note("一起做饭，很安静。 شكرا 🌿")),
        ],
    );
    let mut store = Store::open(dir).unwrap();
    store
        .save_entry(
            None,
            &EntryDraft {
                title: "After the walk".into(),
                body: "I noticed I wanted to explain, and waited.".into(),
                tags: vec!["listening".into()],
                check_in_id: Some(saved[0].id),
            },
            Local::now().fixed_offset(),
        )
        .unwrap();
    store.close().unwrap();
}

/// The one file or folder in `dir` whose name starts with "Tend export".
fn only_export(dir: &Path) -> std::path::PathBuf {
    let found: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("Tend export"))
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    found[0].clone()
}

#[tokio::test(flavor = "current_thread")]
async fn everything_goes_out_as_json_as_markdown_and_as_an_age_file_from_the_data_screen() {
    let desktop = Desktop::start();
    let data_dir = tempfile::tempdir().unwrap();
    seed_words(data_dir.path());
    let app = desktop.launch(&app_binary(), data_dir.path()).await;
    app.click("button[name=nav-data]").await;
    app.displayed("#export-heading").await;
    app.screenshot("data-screen").await;

    // JSON: the whole document, as another Tend reads it.
    let json_dir = tempfile::tempdir().unwrap();
    app.replace_text("#export-folder", json_dir.path().to_str().unwrap())
        .await;
    app.click("button[name=export]").await;
    app.shows_part("[data-testid=exported]", "Your copy is in").await;
    let path = only_export(json_dir.path());
    assert!(path.extension().is_some_and(|e| e == "json"), "{path:?}");
    let doc: Document = data::read_tend(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(doc.check_ins.len(), 2);
    assert_eq!(doc.journal.len(), 1);
    assert_eq!(doc.journal[0].check_in.as_deref(), Some(doc.check_ins[0].id.as_str()));
    assert!(
        doc.check_ins
            .iter()
            .any(|c| c.note.as_deref() == Some("一起做饭，很安静。 شكرا 🌿"))
    );

    // Markdown: a folder a person can open in any editor.
    let md_dir = tempfile::tempdir().unwrap();
    app.click("input[name=export-kind][value=markdown]").await;
    app.replace_text("#export-folder", md_dir.path().to_str().unwrap())
        .await;
    app.click("button[name=export]").await;
    eventually("the Markdown folder", || async {
        md_dir.path().read_dir().ok()?.next().map(|_| ())
    })
    .await;
    app.shows_part("[data-testid=exported]", md_dir.path().to_str().unwrap())
        .await;
    let folder = only_export(md_dir.path());
    let journal: Vec<_> = std::fs::read_dir(folder.join("journal")).unwrap().collect();
    assert_eq!(journal.len(), 1);
    let entry = std::fs::read_to_string(journal[0].as_ref().unwrap().path()).unwrap();
    assert!(entry.starts_with("---\n"), "front matter first: {entry}");
    assert!(entry.contains("# After the walk") && entry.contains("I noticed I wanted to explain"));
    let days: String = std::fs::read_dir(folder.join("check-ins"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert!(days.contains("We walked by the river and I listened."), "{days}");
    assert!(
        !std::fs::read_dir(md_dir.path()).unwrap().any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .contains("partial")),
        "nothing half-written is left beside it"
    );

    // One age file, locked with a passphrase chosen for it.
    let age_dir = tempfile::tempdir().unwrap();
    app.click("input[name=export-kind][value=age]").await;
    app.replace_text("#export-folder", age_dir.path().to_str().unwrap())
        .await;
    app.screenshot("data-export-age").await;
    app.type_into("input[name=new-passphrase]", "a copy for the other laptop")
        .await;
    app.type_into("input[name=new-passphrase-again]", "a copy for the other laptop")
        .await;
    app.click("button[name=choose-passphrase]").await;
    app.shows_part("[data-testid=exported]", ".json.age").await;
    let sealed = only_export(age_dir.path());
    let bytes = std::fs::read(&sealed).unwrap();
    assert!(bytes.starts_with(b"age-encryption.org/v1"), "an age file");
    assert!(!bytes.windows(5).any(|w| w == b"river"), "no word readable in it");
    let opened = data::read_age(&bytes, &SecretString::from("a copy for the other laptop")).unwrap();
    assert_eq!(data::read_tend(&opened).unwrap().check_ins.len(), 2);

    // Brought back in, it asks for its passphrase, and everything in it is already here.
    app.replace_text("#import-path", sealed.to_str().unwrap()).await;
    app.click("button[name=preview-import]").await;
    app.shows_part(".problem", "This copy is encrypted").await;
    app.type_into("#import-passphrase", "a copy for the other laptop").await;
    app.click("button[name=preview-import]").await;
    app.shows_part(
        "[data-testid=import-preview]",
        "Everything in this file is already here",
    )
    .await;
    app.quit().await;
}

#[tokio::test(flavor = "current_thread")]
async fn an_import_is_previewed_then_added_and_a_second_time_adds_nothing() {
    // A Tend export from another computer, and a Day One export.
    let other = tempfile::tempdir().unwrap();
    seed_words(other.path());
    let doc = Store::open(other.path())
        .unwrap()
        .export_document(None, Utc::now())
        .unwrap();
    let files = tempfile::tempdir().unwrap();
    let tend_file = files.path().join("from-the-old-laptop.json");
    std::fs::write(&tend_file, data::tend_json(&doc).unwrap()).unwrap();
    let day_one = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/tend-core/tests/fixtures/day_one/export.zip");

    let desktop = Desktop::start();
    let data_dir = tempfile::tempdir().unwrap();
    let app = desktop.launch(&app_binary(), data_dir.path()).await;
    app.click("button[name=nav-data]").await;
    app.replace_text("#import-path", tend_file.to_str().unwrap()).await;
    app.click("button[name=preview-import]").await;
    app.shows_part("[data-testid=import-preview]", "From a Tend export")
        .await;
    app.shows_part(
        "[data-testid=import-preview]",
        "Tend would add 2 check-ins and 1 journal entry.",
    )
    .await;
    app.screenshot("import-preview").await;
    assert_eq!(
        Store::open(data_dir.path())
            .unwrap()
            .timeline(None, 10)
            .unwrap()
            .check_ins
            .len(),
        0,
        "the preview wrote nothing"
    );
    app.click("button[name=import]").await;
    app.shows("[data-testid=imported]", "Added 2 check-ins and 1 journal entry.")
        .await;

    // The same file again: everything is already here.
    app.click("button[name=preview-import]").await;
    app.shows_part(
        "[data-testid=import-preview]",
        "Everything in this file is already here",
    )
    .await;
    assert!(
        app.client
            .find(fantoccini::Locator::Css("button[name=import]"))
            .await
            .is_err()
    );

    // Day One's zip, with its words in several scripts.
    app.replace_text("#import-path", day_one.to_str().unwrap()).await;
    app.click("button[name=preview-import]").await;
    app.shows_part("[data-testid=import-preview]", "From Day One").await;
    app.screenshot("import-preview-day-one").await;
    app.click("button[name=import]").await;
    app.shows_part("[data-testid=imported]", "journal entr").await;

    // A file that isn't a journal gets gentle words, and nothing changes.
    let odd = files.path().join("notes.json");
    std::fs::write(&odd, b"{\"shopping\": [\"bread\"]}").unwrap();
    app.replace_text("#import-path", odd.to_str().unwrap()).await;
    app.click("button[name=preview-import]").await;
    app.shows_part(".problem", "Tend didn't recognise this file").await;

    app.click("button[name=nav-history]").await;
    app.shows(HISTORY_NOTE, "We walked by the river and I listened.").await;
    app.quit().await;
    let store = Store::open(data_dir.path()).unwrap();
    assert_eq!(store.timeline(None, 10).unwrap().check_ins.len(), 2, "added once");
}

#[tokio::test(flavor = "current_thread")]
async fn going_back_to_a_backup_keeps_what_is_there_now_as_a_backup_first() {
    let desktop = Desktop::start();
    let data_dir = tempfile::tempdir().unwrap();
    seed(data_dir.path(), &[(1, NewCheckIn::note("Before the copy was made."))]);
    let app = desktop.launch(&app_binary(), data_dir.path()).await;
    app.click("button[name=nav-data]").await;
    app.click("button[name=back-up-now]").await;
    app.count_becomes("[data-testid=backup-list] li", 1).await;

    // Words written after the copy.
    app.click("button[name=nav-check-in]").await;
    app.type_into("#check-in-note", "Written after the copy.").await;
    app.click(&format!("{FORM} button[name=save]")).await;
    app.shows(&format!("{FORM} .status"), "Saved. You can find it in your history.")
        .await;

    app.click("button[name=nav-data]").await;
    app.count_becomes("[data-testid=backup-list] li", 1).await;
    app.click("[data-testid=backup-list] li button[name=restore]").await;
    app.screenshot("restore-list").await;
    app.click("button[name=restore-confirm]").await;
    app.shows_part("[data-testid=restored]", "Everything is back as it was on")
        .await;
    app.click("button[name=restored-carry-on]").await;

    app.click("button[name=nav-history]").await;
    app.shows(HISTORY_NOTE, "Before the copy was made.").await;
    app.count_becomes(HISTORY_NOTE, 1).await;
    app.click("button[name=nav-data]").await;
    // What was there just before is kept as a copy too: the words written after the first.
    app.count_becomes("[data-testid=backup-list] li", 2).await;
    app.shows_part("[data-testid=backup-list]", "Before going back to a copy")
        .await;
    app.quit().await;
    let kept = tend_core::store::list_backups(data_dir.path());
    let before_restore = kept
        .iter()
        .find(|b| b.kind == tend_core::store::BackupKind::BeforeRestore)
        .unwrap();
    let copy = tempfile::tempdir().unwrap();
    std::fs::copy(
        data_dir.path().join("backups").join(&before_restore.id),
        copy.path().join("tend.db"),
    )
    .unwrap();
    let notes: Vec<String> = Store::open(copy.path())
        .unwrap()
        .timeline(None, 10)
        .unwrap()
        .check_ins
        .into_iter()
        .map(|c| c.note)
        .collect();
    assert!(notes.contains(&"Written after the copy.".to_owned()), "{notes:?}");
}
