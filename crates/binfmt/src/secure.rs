//! Secure mode: what crossrun must ignore when it runs a privileged program.

/// Environment variables crossrun must ignore when [`crate::is_secure_mode`]
/// is true; an entry ending in `*` covers every name with that prefix.
///
/// With the C flag, running a setuid program through binfmt_misc starts
/// crossrun with the program's privileges, while the environment (and so
/// every variable below) still comes from the unprivileged caller. Anything
/// that lets the caller change *what* runs (a library prefix, a CPU model,
/// extra guest environment, a plugin, a gdb stub that can rewrite memory) or
/// *where* crossrun writes (log, trace and dump files) would hand the
/// caller those privileges. The rule is the one glibc applies to LD_PRELOAD
/// and friends in AT_SECURE processes: drop them, and say so on stderr.
///
/// crossrun must also pass AT_SECURE=1 on to the guest's auxv, so that the
/// guest's own dynamic loader drops the guest's LD_* variables too, and it
/// must not accept command-line options in this mode (under binfmt_misc the
/// arguments after the program path belong to the guest anyway).
pub const UNSAFE_IN_SECURE_MODE: &[&str] = &[
    // What runs: qemu-compatible variables crossrun may honour.
    "QEMU_LD_PREFIX",
    "QEMU_CPU",
    "QEMU_SET_ENV",
    "QEMU_UNSET_ENV",
    "QEMU_ARGV0",
    "QEMU_PLUGIN",
    "QEMU_GUEST_BASE",
    "QEMU_RESERVED_VA",
    "QEMU_STACK_SIZE",
    "QEMU_UNAME",
    "QEMU_RAND_SEED",
    "QEMU_GDB",
    // Where it writes, or what it reveals.
    "QEMU_LOG",
    "QEMU_LOG_FILENAME",
    "QEMU_DFILTER",
    "QEMU_STRACE",
    "TMPDIR",
    // Every crossrun knob: none of them is needed to run a program correctly.
    "CROSSRUN_*",
];

/// Whether `name` is covered by [`UNSAFE_IN_SECURE_MODE`].
pub fn is_unsafe_in_secure_mode(name: &str) -> bool {
    UNSAFE_IN_SECURE_MODE
        .iter()
        .any(|entry| match entry.strip_suffix('*') {
            Some(prefix) => name.starts_with(prefix),
            None => name == *entry,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_names_and_prefixes() {
        for name in [
            "QEMU_LD_PREFIX",
            "QEMU_LOG",
            "QEMU_STRACE",
            "QEMU_GDB",
            "CROSSRUN_LOG",
            "CROSSRUN_",
        ] {
            assert!(is_unsafe_in_secure_mode(name), "{name}");
        }
        for name in ["PATH", "HOME", "QEMU_LOGX", "CROSSRUN", "crossrun_log"] {
            assert!(!is_unsafe_in_secure_mode(name), "{name}");
        }
    }
}
