//! Markdown rendering on any bytes: it never panics, and no tag in its HTML is script, an
//! image or a frame, or carries an event handler or a `javascript:`/`data:` address. (Text
//! between tags is escaped, so only the tags are looked at.)
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    let html = tend_core::journal::render_markdown(&text).to_ascii_lowercase();
    for tag in html.split('<').skip(1).map(|rest| rest.split('>').next().unwrap_or_default()) {
        for banned in ["script", "img", "iframe", "svg", " on", "javascript:", "vbscript:", "data:", " src", " style"] {
            let name = tag.trim_start_matches('/');
            assert!(!name.starts_with(banned.trim()) && !tag.contains(banned), "{banned} in <{tag}>");
        }
    }
});
