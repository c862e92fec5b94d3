//! The emulator side: when the kernel starts crossrun through binfmt_misc,
//! what program is to be run, with which argv. Pure functions of argv and a
//! few auxiliary-vector values, so they are testable without the kernel;
//! [`crate::auxv`] reads the real values.
//!
//! What the kernel does (fs/binfmt_misc.c, load_misc_binary):
//! - it drops the caller's argv[0] (unless the entry has P), then puts the
//!   program's path (the filename the caller passed to execve) in front, and
//!   the registered interpreter path in front of that. So crossrun sees
//!   `[interp, path, args...]`, or with P `[interp, path, argv0, args...]`;
//! - with P, on Linux 5.12+, it sets AT_FLAGS_PRESERVE_ARGV0 in AT_FLAGS;
//! - with O (or C, which implies it), it opens the program and passes the fd
//!   as AT_EXECFD; AT_EXECFD exists in no other case;
//! - AT_EXECFN always holds the filename the caller passed to execve: the
//!   program's path, not crossrun's.
//!
//! # The rule for "was crossrun started by binfmt_misc?" ([`started_by_binfmt`])
//! 1. AT_EXECFD is present: yes (only binfmt_misc with O/C sets it).
//! 2. AT_FLAGS has AT_FLAGS_PRESERVE_ARGV0: yes (only binfmt_misc with P sets it).
//! 3. argv[1] equals AT_EXECFN: yes. The kernel inserted the executed
//!    file's name as argv[1]. On a direct `crossrun PROG`, AT_EXECFN names
//!    crossrun itself, which never equals argv[1] unless someone asks
//!    crossrun to run crossrun.
//! 4. Otherwise: a direct invocation.
//!
//! The one binfmt launch rule 3 misses: a `#!` script whose interpreter is a
//! foreign binary (binfmt_script runs first, so argv[1] is the script's
//! interpreter while AT_EXECFN is the script). Then argv looks exactly like
//! a direct `crossrun PROG ARGS...`, which is why the CLI should also accept
//! that direct form (the qemu convention: argv[1] is the program).

use crate::error::BinfmtError;
use std::ffi::OsString;
use std::path::PathBuf;

/// Bit of AT_FLAGS the kernel sets for entries with the P flag (Linux 5.12+).
pub const AT_FLAGS_PRESERVE_ARGV0: u64 = 1;

/// The few auxiliary-vector values that tell how the process was started.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LaunchAuxv {
    /// AT_FLAGS (`None` if absent, which the kernel never does for ELF).
    pub at_flags: Option<u64>,
    /// AT_EXECFD: the program, opened by the kernel (entries with O or C).
    pub exec_fd: Option<i32>,
    /// AT_EXECFN: the filename given to execve.
    pub exec_fn: Option<OsString>,
    /// AT_SECURE: set for setuid/setgid/capability programs (entries with C).
    pub secure: bool,
}

/// A program the kernel asked crossrun to run, and the argv it should see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BinfmtInvocation {
    /// The program's path as the caller passed it to execve (may be relative
    /// to the current directory, or `/dev/fd/N` for fexecve).
    pub program_path: PathBuf,
    /// With O/C: an fd open on the program, to be used instead of opening
    /// `program_path` (which may be unreadable, e.g. mode 0711 or setuid).
    pub program_fd: Option<i32>,
    /// The guest's argv[0]: the original one with P, else the program path
    /// (the original is lost without P; the path is what qemu uses too).
    pub guest_argv0: OsString,
    /// The guest's argv[1..].
    pub guest_args: Vec<OsString>,
    /// Whether `guest_argv0` is the caller's original argv[0].
    pub argv0_preserved: bool,
}

impl BinfmtInvocation {
    /// The complete argv for the guest program.
    pub fn guest_argv(&self) -> Vec<OsString> {
        std::iter::once(self.guest_argv0.clone())
            .chain(self.guest_args.iter().cloned())
            .collect()
    }
}

/// Applies the rule in the module documentation.
pub fn started_by_binfmt(argv: &[OsString], auxv: &LaunchAuxv) -> bool {
    if auxv.exec_fd.is_some() {
        return true;
    }
    if auxv
        .at_flags
        .is_some_and(|flags| flags & AT_FLAGS_PRESERVE_ARGV0 != 0)
    {
        return true;
    }
    matches!((argv.get(1), &auxv.exec_fn), (Some(path), Some(exec_fn)) if path == exec_fn)
}

/// Splits the argv binfmt_misc gave crossrun into program and guest argv.
/// `at_flags` is AT_FLAGS (P detection), `exec_fd` is AT_EXECFD if present.
pub fn invocation_from_binfmt(
    argv: &[OsString],
    at_flags: Option<u64>,
    exec_fd: Option<i32>,
) -> Result<BinfmtInvocation, BinfmtError> {
    let program = argv
        .get(1)
        .ok_or(BinfmtError::InvocationTooShort { argc: argv.len() })?;
    let preserved = at_flags.is_some_and(|flags| flags & AT_FLAGS_PRESERVE_ARGV0 != 0);
    let (guest_argv0, rest) = if preserved {
        match argv.get(2) {
            Some(argv0) => (argv0.clone(), &argv[3..]),
            // The caller passed an empty argv (possible before Linux 5.18):
            // there is no argv[0] to preserve, fall back to the path.
            None => (program.clone(), &argv[2..]),
        }
    } else {
        (program.clone(), &argv[2..])
    };
    Ok(BinfmtInvocation {
        program_path: PathBuf::from(program),
        program_fd: exec_fd,
        guest_argv0,
        guest_args: rest.to_vec(),
        argv0_preserved: preserved && argv.len() > 2,
    })
}

/// [`started_by_binfmt`] and [`invocation_from_binfmt`] in one call: `None`
/// for a direct invocation.
pub fn binfmt_invocation(
    argv: &[OsString],
    auxv: &LaunchAuxv,
) -> Result<Option<BinfmtInvocation>, BinfmtError> {
    if !started_by_binfmt(argv, auxv) {
        return Ok(None);
    }
    invocation_from_binfmt(argv, auxv.at_flags, auxv.exec_fd).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn without_p_argv0_is_the_program_path() {
        let argv = os(&["/usr/bin/crossrun", "./hello", "a", "b c"]);
        let inv = invocation_from_binfmt(&argv, Some(0), None).unwrap();
        assert_eq!(inv.program_path, PathBuf::from("./hello"));
        assert_eq!(inv.program_fd, None);
        assert_eq!(inv.guest_argv(), os(&["./hello", "a", "b c"]));
        assert!(!inv.argv0_preserved);
    }

    #[test]
    fn with_p_the_original_argv0_follows_the_path() {
        let argv = os(&["/usr/bin/crossrun", "/usr/bin/busybox", "ls", "-l"]);
        let inv = invocation_from_binfmt(&argv, Some(AT_FLAGS_PRESERVE_ARGV0), None).unwrap();
        assert_eq!(inv.program_path, PathBuf::from("/usr/bin/busybox"));
        assert_eq!(inv.guest_argv(), os(&["ls", "-l"]));
        assert!(inv.argv0_preserved);
    }

    #[test]
    fn with_p_and_an_empty_original_argv_the_path_stands_in() {
        let argv = os(&["/c", "/prog"]);
        let inv = invocation_from_binfmt(&argv, Some(1), None).unwrap();
        assert_eq!(inv.guest_argv(), os(&["/prog"]));
        assert!(!inv.argv0_preserved);
    }

    #[test]
    fn with_o_the_program_comes_as_an_fd() {
        let argv = os(&["/c", "/secret/prog", "x"]);
        let inv = invocation_from_binfmt(&argv, Some(0), Some(3)).unwrap();
        assert_eq!(inv.program_fd, Some(3));
        assert_eq!(inv.program_path, PathBuf::from("/secret/prog"));
        assert_eq!(inv.guest_argv(), os(&["/secret/prog", "x"]));
    }

    #[test]
    fn too_short_argv_is_an_error_not_a_panic() {
        for argv in [os(&[]), os(&["/c"])] {
            let err = invocation_from_binfmt(&argv, Some(1), None).unwrap_err();
            assert!(matches!(err, BinfmtError::InvocationTooShort { .. }));
        }
    }

    #[test]
    fn other_at_flags_bits_do_not_mean_p() {
        let argv = os(&["/c", "/p", "argv0"]);
        let inv = invocation_from_binfmt(&argv, Some(0b110), None).unwrap();
        assert_eq!(inv.guest_argv(), os(&["/p", "argv0"]));
        assert!(invocation_from_binfmt(&argv, None, None).is_ok());
    }

    #[test]
    fn detection_rule() {
        let direct = LaunchAuxv {
            at_flags: Some(0),
            exec_fn: Some("/usr/bin/crossrun".into()),
            ..Default::default()
        };
        assert!(!started_by_binfmt(&os(&["crossrun", "./hello"]), &direct));
        assert!(!started_by_binfmt(&os(&["crossrun"]), &direct));
        assert_eq!(
            binfmt_invocation(&os(&["crossrun", "binfmt", "status"]), &direct).unwrap(),
            None
        );

        let plain = LaunchAuxv {
            at_flags: Some(0),
            exec_fn: Some("./hello".into()),
            ..Default::default()
        };
        assert!(started_by_binfmt(
            &os(&["/usr/bin/crossrun", "./hello", "x"]),
            &plain
        ));

        let preserve = LaunchAuxv {
            at_flags: Some(1),
            exec_fn: Some("/bin/ls".into()),
            ..Default::default()
        };
        let inv = binfmt_invocation(
            &os(&["/usr/bin/crossrun", "/bin/ls", "ls", "-a"]),
            &preserve,
        )
        .unwrap()
        .unwrap();
        assert_eq!(inv.guest_argv(), os(&["ls", "-a"]));

        let open_binary = LaunchAuxv {
            at_flags: Some(0),
            exec_fd: Some(0),
            exec_fn: None,
            secure: true,
        };
        assert!(
            started_by_binfmt(&os(&["/c", "/p"]), &open_binary),
            "fd 0 is still an fd"
        );

        let nothing = LaunchAuxv::default();
        assert!(!started_by_binfmt(&os(&["/c", "/p"]), &nothing));
    }
}
