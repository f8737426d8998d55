//! What a running app costs, read from /proc: its process tree, CPU time and memory (PSS).

use std::path::Path;

/// `pid` and every process below it (WebKit's web and network processes, say).
pub fn process_tree(pid: u32) -> Vec<u32> {
    let mut parents: Vec<(u32, u32)> = Vec::new();
    if let Ok(entries) = std::fs::read_dir("/proc") {
        for entry in entries.flatten() {
            let Some(child) = entry.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else {
                continue;
            };
            if let Some(parent) = stat_fields(child).and_then(|f| f.get(1).and_then(|p| p.parse().ok())) {
                parents.push((child, parent));
            }
        }
    }
    let mut tree = vec![pid];
    let mut i = 0;
    while i < tree.len() {
        let parent = tree[i];
        tree.extend(parents.iter().filter(|(_, p)| *p == parent).map(|(c, _)| *c));
        i += 1;
    }
    tree
}

/// The fields of /proc/PID/stat after the command name: state, ppid, ….
fn stat_fields(pid: u32) -> Option<Vec<String>> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest = stat.rsplit_once(')')?.1;
    Some(rest.split_whitespace().map(str::to_owned).collect())
}

/// The command name of `pid` (`WebKitWebProces`, truncated by the kernel to 15 bytes).
pub fn process_name(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .map(|s| s.trim().to_owned())
        .unwrap_or_default()
}

/// User + system CPU seconds `pids` have used so far.
pub fn cpu_seconds(pids: &[u32]) -> f64 {
    // SAFETY-free: the clock tick is 100 Hz on every Linux this runs on (USER_HZ).
    const TICKS_PER_SECOND: f64 = 100.0;
    pids.iter()
        .filter_map(|pid| stat_fields(*pid))
        // utime and stime are fields 14 and 15 of stat; 12 and 13 after the name.
        .map(|f| {
            let field = |i: usize| f.get(i).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
            (field(11) + field(12)) as f64 / TICKS_PER_SECOND
        })
        .sum()
}

/// Proportional set size of `pids`, summed, in KiB (shared pages split between their users,
/// unlike RSS which counts each shared library once per process).
pub fn pss_kib(pids: &[u32]) -> u64 {
    pids.iter()
        .filter_map(|pid| std::fs::read_to_string(Path::new("/proc").join(pid.to_string()).join("smaps_rollup")).ok())
        .filter_map(|rollup| {
            rollup.lines().find_map(|line| {
                let value = line.strip_prefix("Pss:")?;
                value.trim().trim_end_matches("kB").trim().parse::<u64>().ok()
            })
        })
        .sum()
}

/// Where `pid`'s PSS lives, largest first: (mapping, KiB), with anonymous memory as "[anon]".
pub fn pss_by_mapping(pid: u32) -> Vec<(String, u64)> {
    let Ok(smaps) = std::fs::read_to_string(format!("/proc/{pid}/smaps")) else {
        return Vec::new();
    };
    let mut totals: std::collections::BTreeMap<String, u64> = std::collections::BTreeMap::new();
    let mut current = String::from("[anon]");
    for line in smaps.lines() {
        let mut fields = line.split_whitespace();
        let first = fields.next().unwrap_or_default();
        if first.contains('-') && !first.ends_with(':') {
            // A mapping's header: "start-end perms offset dev inode [path]".
            current = fields.nth(4).map_or_else(|| "[anon]".to_owned(), str::to_owned);
        } else if first == "Pss:" {
            let kib = fields.next().and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
            *totals.entry(current.clone()).or_default() += kib;
        }
    }
    let mut sorted: Vec<(String, u64)> = totals.into_iter().collect();
    sorted.sort_by_key(|(_, kib)| std::cmp::Reverse(*kib));
    sorted
}
