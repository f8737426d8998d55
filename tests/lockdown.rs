//! The shell is locked down, and stays so: this reads `tauri.conf.json`, every capability
//! file and the shell's manifest and source, and fails on anything that would let the window
//! reach past Tend's own pages — a missing CSP or one allowing a remote origin, inline or
//! evaluated script, any `dangerous*` option, a remote capability, `withGlobalTauri`, or
//! devtools in a release build. A planted configuration proves each check fires.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Where a source is allowed in the CSP: Tend's own pages, inline images, and the IPC.
const ALLOWED_SOURCES: [&str; 5] = ["'self'", "'none'", "data:", "ipc:", "http://ipc.localhost"];
/// Directives that must be there, so nothing falls back to "anything goes".
const REQUIRED_DIRECTIVES: [&str; 5] = ["default-src", "script-src", "connect-src", "object-src", "base-uri"];

/// Every key anywhere in `value`, with its path.
fn keys(value: &Value, path: &str, out: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                let here = format!("{path}.{key}");
                out.push((here.clone(), inner.clone()));
                keys(inner, &here, out);
            }
        }
        Value::Array(items) => {
            for (i, inner) in items.iter().enumerate() {
                keys(inner, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

fn csp_problems(csp: Option<&Value>) -> Vec<String> {
    let Some(csp) = csp else {
        return vec!["no CSP: app.security.csp is missing".into()];
    };
    let directives: Vec<(String, String)> = match csp {
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
            .collect(),
        Value::String(s) => s
            .split(';')
            .filter_map(|d| {
                let d = d.trim();
                let (name, rest) = d.split_once(' ').unwrap_or((d, ""));
                (!name.is_empty()).then(|| (name.to_owned(), rest.to_owned()))
            })
            .collect(),
        _ => return vec!["the CSP is neither a string nor a map".into()],
    };
    let mut problems = Vec::new();
    for required in REQUIRED_DIRECTIVES {
        if !directives.iter().any(|(name, _)| name == required) {
            problems.push(format!("the CSP has no {required}"));
        }
    }
    for (name, sources) in &directives {
        for source in sources.split_whitespace() {
            if !ALLOWED_SOURCES.contains(&source) {
                problems.push(format!("the CSP's {name} allows {source}"));
            }
        }
    }
    problems
}

/// Everything wrong with a configuration and its capabilities.
fn problems(conf: &Value, capabilities: &[(String, Value)]) -> Vec<String> {
    let mut problems = csp_problems(conf.pointer("/app/security/csp").filter(|v| !v.is_null()));
    let mut all = Vec::new();
    keys(conf, "tauri.conf.json", &mut all);
    for (name, capability) in capabilities {
        keys(capability, name, &mut all);
    }
    for (path, value) in &all {
        let key = path.rsplit('.').next().unwrap_or_default();
        if key.to_ascii_lowercase().starts_with("dangerous") {
            problems.push(format!("{path} is set"));
        }
        if key == "withGlobalTauri" && value != &Value::Bool(false) {
            problems.push(format!("{path} is {value}"));
        }
        if key == "devtools" && value != &Value::Bool(false) {
            problems.push(format!("{path} is {value}"));
        }
    }
    for (name, capability) in capabilities {
        if capability.get("remote").is_some() {
            problems.push(format!("{name} grants remote pages"));
        }
        if capability.get("local") == Some(&Value::Bool(false)) {
            problems.push(format!("{name} is not for local pages"));
        }
    }
    problems
}

fn shipped_capabilities() -> Vec<(String, Value)> {
    let dir = root().join("src-tauri/capabilities");
    let mut found: Vec<(String, Value)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "toml"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            assert!(
                p.extension().is_some_and(|e| e == "json"),
                "{name}: a capability in another format isn't checked here"
            );
            (name, json(&p))
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

#[test]
fn the_shipped_configuration_and_capabilities_are_locked_down() {
    let conf = json(&root().join("tauri.conf.json"));
    let capabilities = shipped_capabilities();
    assert!(!capabilities.is_empty(), "the capability files were found");
    assert_eq!(problems(&conf, &capabilities), Vec::<String>::new());
}

#[test]
fn devtools_are_not_in_a_release_build() {
    // Tauri opens devtools in a release build only with its `devtools` feature, or when the
    // window is built with `.devtools(true)`.
    // Anywhere in a manifest (a feature list over several lines, a `[dependencies.tauri]`
    // table): the word itself is never there.
    for manifest in ["Cargo.toml", "src-tauri/Cargo.toml"] {
        let text = std::fs::read_to_string(root().join(manifest)).unwrap();
        let found: Vec<&str> = text.lines().filter(|line| line.contains("devtools")).collect();
        assert!(found.is_empty(), "{manifest}: {found:?}");
    }
    for entry in std::fs::read_dir(root().join("src-tauri/src")).unwrap() {
        let path = entry.unwrap().path();
        let source = std::fs::read_to_string(&path).unwrap();
        assert!(
            !source.contains(".devtools(") && !source.contains("open_devtools"),
            "{} opens devtools",
            path.display()
        );
    }
}

#[test]
fn a_planted_unsafe_configuration_is_caught_on_every_count() {
    let conf = serde_json::json!({
        "app": {
            "withGlobalTauri": true,
            "security": {
                "csp": "default-src 'self'; script-src 'self' 'unsafe-eval' https://cdn.example.com; connect-src *",
                "dangerousDisableAssetCspModification": true
            },
            "windows": [{ "label": "main", "devtools": true }]
        }
    });
    let capability = serde_json::json!({
        "identifier": "web",
        "local": false,
        "remote": { "urls": ["https://*.example.com"] },
        "permissions": []
    });
    let found = problems(&conf, &[("web.json".into(), capability)]);
    for expected in [
        "the CSP has no object-src",
        "the CSP's script-src allows 'unsafe-eval'",
        "the CSP's script-src allows https://cdn.example.com",
        "the CSP's connect-src allows *",
        "tauri.conf.json.app.security.dangerousDisableAssetCspModification is set",
        "tauri.conf.json.app.withGlobalTauri is true",
        "tauri.conf.json.app.windows[0].devtools is true",
        "web.json grants remote pages",
        "web.json is not for local pages",
    ] {
        assert!(found.iter().any(|p| p == expected), "{expected} in {found:#?}");
    }
    let no_csp = serde_json::json!({ "app": { "security": {} } });
    assert_eq!(problems(&no_csp, &[]), ["no CSP: app.security.csp is missing"]);
}
