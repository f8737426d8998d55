//! Data the person owns: Tend's export format (`docs/FORMAT.md`), writing it out as JSON, as a
//! folder of Markdown or as one `age` file, and reading it back in, with the exports of other
//! journals (Day One, jrnl) read into the same shape first.

pub mod document;

pub use document::{CheckInRecord, Document, EntryRecord, FORMAT, FORMAT_VERSION, PromptRecord};
