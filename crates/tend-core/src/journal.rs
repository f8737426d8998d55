//! The private journal: Markdown entries with an optional title, tags, and an optional link to
//! the check-in they say more about. Bodies are rendered to HTML here, through an allowlist
//! sanitiser, so the webview is only ever given markup that cannot run.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::bounds::{Words, check_words, distinct, longer_than};
use crate::{Error, Result};

/// The largest body one entry keeps, in bytes of UTF-8.
pub const BODY_LIMIT: usize = 1_000_000;
/// The longest title, in characters.
pub const TITLE_LIMIT: usize = 200;
/// The longest tag, in characters, and the most tags one entry keeps.
pub const TAG_LIMIT: usize = 40;
pub const TAGS_LIMIT: usize = 20;

/// What the editor sends: the entry as it stands now (autosave sends it whole).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct EntryDraft {
    pub title: String,
    pub body: String,
    pub tags: Vec<String>,
    #[ts(type = "number | null")]
    pub check_in_id: Option<i64>,
}

impl EntryDraft {
    /// Checks the draft, sizes first and on the draft as it arrived (see `crate::bounds`);
    /// returns it with tags trimmed, '#' dropped and each kept once (ignoring case). Text is
    /// kept byte-exact. A draft with no words in title or body is empty: not kept as clutter.
    pub fn validate(&self) -> Result<EntryDraft> {
        if self.body.len() > BODY_LIMIT {
            return Err(Error::EntryTooLarge { limit: BODY_LIMIT });
        }
        if longer_than(&self.title, TITLE_LIMIT) {
            return Err(Error::TitleTooLong { limit: TITLE_LIMIT });
        }
        check_words(&self.tags, Words::Tags, TAGS_LIMIT, TAG_LIMIT)?;
        if self.title.trim().is_empty() && self.body.trim().is_empty() {
            return Err(Error::EmptyEntry);
        }
        Ok(EntryDraft {
            title: self.title.clone(),
            body: self.body.clone(),
            tags: distinct(self.tags.iter().map(|tag| tag.trim().trim_start_matches('#').trim())),
            check_in_id: self.check_in_id,
        })
    }
}

/// A saved entry as the UI sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct JournalEntry {
    #[ts(type = "number")]
    pub id: i64,
    /// RFC 3339 at the writer's offset then.
    pub created_at: String,
    /// The day as lived when it was begun.
    pub local_date: String,
    /// RFC 3339 at the writer's offset at the last save.
    pub updated_at: String,
    pub title: String,
    /// The Markdown as written.
    pub body: String,
    /// The body rendered and sanitised; safe to insert into the page.
    pub body_html: String,
    pub tags: Vec<String>,
    #[ts(type = "number | null")]
    pub check_in_id: Option<i64>,
}

/// Markdown to HTML that cannot run anything: pulldown-cmark renders, ammonia keeps only an
/// allowlist of tags and attributes. Images are dropped (an image would be a network request),
/// links keep only http, https and mailto and never send a referrer.
pub fn render_markdown(markdown: &str) -> String {
    let mut options = pulldown_cmark::Options::empty();
    options.insert(pulldown_cmark::Options::ENABLE_STRIKETHROUGH);
    options.insert(pulldown_cmark::Options::ENABLE_TABLES);
    options.insert(pulldown_cmark::Options::ENABLE_TASKLISTS);
    let parser = pulldown_cmark::Parser::new_ext(markdown, options);
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, parser);
    sanitize(&html)
}

/// The allowlist every piece of HTML passes through before the webview sees it.
pub fn sanitize(html: &str) -> String {
    ammonia::Builder::default()
        .rm_tags(["img"])
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer nofollow"))
        // ammonia keeps `cite` on quotes and edits without checking its scheme; Tend shows no
        // source there, so none is kept (a `javascript:` one would otherwise pass).
        .rm_tag_attributes("blockquote", &["cite"])
        .rm_tag_attributes("q", &["cite"])
        .rm_tag_attributes("del", &["cite"])
        .rm_tag_attributes("ins", &["cite"])
        .clean(html)
        .to_string()
}
