//! Being started by the kernel's binfmt_misc for a foreign program.
//!
//! The kernel gives crossrun `[crossrun, program, args...]` (or, with the P flag,
//! `[crossrun, program, original argv0, args...]`); `crossrun_binfmt` documents the
//! exact rule for telling that apart from a direct call. Options then come only from
//! `QEMU_*` variables, and when the program is setuid or setgid (the C flag with
//! AT_SECURE set) not even from those that could change what runs or where crossrun
//! writes, so a user cannot redirect a privileged program.

use crate::options::{self, Command, RunOptions};
use crossrun_binfmt::{binfmt_invocation, is_unsafe_in_secure_mode, LaunchAuxv};
use std::ffi::OsString;
use std::path::PathBuf;

/// The run options when binfmt_misc started crossrun, `None` for a direct call.
pub fn options_if_started_by_binfmt(argv: &[OsString]) -> Result<Option<RunOptions>, String> {
    let auxv = LaunchAuxv::from_current_process();
    let Some(invocation) = binfmt_invocation(argv, &auxv).map_err(|e| e.to_string())? else {
        return Ok(None);
    };
    let secure = auxv.secure;
    let env = |k: &str| if secure && is_unsafe_in_secure_mode(k) { None } else { std::env::var_os(k) };
    let program = OsString::from(&invocation.program_path);
    let mut opts = match options::parse(&[OsString::from("--"), program], &env).map_err(|e| e.to_string())? {
        Command::Run(opts) => *opts,
        _ => unreachable!("`-- PROGRAM` always parses as a run"),
    };
    // argv[0] comes from the kernel (P flag) or is the program path, never QEMU_ARGV0.
    opts.argv0 = Some(invocation.guest_argv0.clone());
    opts.args = invocation.guest_args.clone();
    opts.load_from = invocation.program_fd.map(|fd| PathBuf::from(format!("/proc/self/fd/{fd}")));
    opts.secure = secure;
    Ok(Some(opts))
}
