//! Data the person owns: Tend's export format (`docs/FORMAT.md`), writing it out as JSON, as a
//! folder of Markdown or as one `age` file, and reading it back in, with the exports of other
//! journals (Day One, jrnl) read into the same shape first.

pub mod day_one;
pub mod document;
pub mod jrnl;
pub mod markdown;
pub mod reading;
pub mod sealed;

pub use day_one::read_day_one;
pub use document::{CheckInRecord, Document, EntryRecord, FORMAT, FORMAT_VERSION, PromptRecord};
pub use jrnl::read_jrnl;
pub use markdown::write_markdown_folder;
pub use sealed::{read_age, write_age};
