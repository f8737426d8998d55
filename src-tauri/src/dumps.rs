//! No core dumps, of Tend or of WebKit's processes: a crash must not write the person's words
//! (the page, the key) to a core file, nor hand them to a crash reporter such as
//! systemd-coredump or apport. The core size limit is set to zero before anything else starts;
//! resource limits are inherited across fork and exec, so WebKit's web and network processes
//! start with it too (their dumpable flag is reset by exec, the limit is not). Tend itself is
//! also marked not dumpable, which keeps other processes of the same user from attaching to it.

/// Called first in `main`.
pub fn forbid() {
    #[cfg(target_os = "linux")]
    {
        use rustix::process::{DumpableBehavior, Resource, Rlimit, set_dumpable_behavior, setrlimit};
        let none = Rlimit {
            current: Some(0),
            maximum: Some(0),
        };
        if let Err(error) = setrlimit(Resource::Core, none) {
            eprintln!("tend: could not turn core dumps off: {error}");
        }
        if let Err(error) = set_dumpable_behavior(DumpableBehavior::NotDumpable) {
            eprintln!("tend: could not mark the process not dumpable: {error}");
        }
    }
}
