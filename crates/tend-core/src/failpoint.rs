//! Failpoints: named steps of the multi-step operations (turning encryption on and off,
//! migrating, purging, writing the key file) where a test can stop Tend. Only tests set
//! `TEND_FAILPOINT`; without it each call is one look at the environment.
//!
//! - `TEND_FAILPOINT=name` prints `tend: failpoint name reached` on stderr and waits there for
//!   ever, so the test can SIGKILL the process at exactly that step.
//! - `TEND_FAILPOINT=name:error` makes that step fail with an I/O error instead, so the test can
//!   see the operation undo itself.

use crate::Result;

/// The environment variable tests set.
pub const FAILPOINT_VAR: &str = "TEND_FAILPOINT";

pub(crate) fn failpoint(name: &str) -> Result<()> {
    let Some(set) = std::env::var_os(FAILPOINT_VAR) else {
        return Ok(());
    };
    let set = set.to_string_lossy();
    if set == name {
        // Tests wait for this exact line on stderr, so it is printed, not logged.
        eprintln!("tend: failpoint {name} reached");
        loop {
            std::thread::park();
        }
    }
    if set.strip_suffix(":error") == Some(name) {
        return Err(std::io::Error::other(format!("failpoint {name}")).into());
    }
    Ok(())
}
