//! The one error type of this crate. Every message is a single line that says
//! what went wrong and, where there is one, what to do about it: these lines
//! are what a user sees when `crossrun binfmt ...` exits non-zero.

use std::io;
use std::path::PathBuf;

/// Everything `crossrun binfmt` and the binfmt invocation helpers can fail with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BinfmtError {
    #[error("unknown architecture '{arch}' (known: {known})")]
    UnknownArch { arch: String, known: String },

    #[error("crossrun does not emulate {arch} yet; pass --interpreter PATH to register another emulator (e.g. qemu-{arch}) for it")]
    NotEmulated { arch: String },

    #[error("{arch} is in the host's own CPU family ({host}); registering it would send native programs through the emulator (pass --ignore-family if you really want that)")]
    HostFamily { arch: String, host: String },

    #[error("--name needs exactly one architecture, got {count}")]
    NameNeedsOneArch { count: usize },

    #[error("invalid binfmt entry name '{name}': {reason}")]
    InvalidName { name: String, reason: &'static str },

    #[error("interpreter {interpreter} is dynamically linked: with -p (F) the kernel runs it inside chroots and containers that lack its shared libraries; build it static (crossrun's own `cargo build --release` is) or register without -p")]
    DynamicWithFixBinary { interpreter: String },

    #[error("invalid interpreter '{interpreter}': {reason}")]
    InvalidInterpreter { interpreter: String, reason: String },

    #[error("invalid magic/mask for '{name}': {reason}")]
    InvalidPattern { name: String, reason: String },

    #[error("register string for '{name}' is {len} bytes, the kernel accepts at most {max}")]
    RegisterStringTooLong {
        name: String,
        len: usize,
        max: usize,
    },

    #[error("a different binfmt entry named '{name}' already exists (interpreter {interpreter}, flags '{flags}'); pass --force to replace it")]
    AlreadyExists {
        name: String,
        interpreter: String,
        flags: String,
    },

    #[error("the kernel rejected the registration of '{name}' (EINVAL): this kernel may not support flags '{flags}' (F needs Linux 4.8+); register string: {line}")]
    KernelRejected {
        name: String,
        flags: String,
        line: String,
    },

    #[error("the kernel could not open interpreter {interpreter} for '{name}' (the F flag opens it at registration): {source}")]
    InterpreterUnopenable {
        name: String,
        interpreter: String,
        source: io::Error,
    },

    #[error("permission denied on {path}: changing binfmt_misc needs root with CAP_SYS_ADMIN (in a container: run it --privileged)")]
    NotRoot { path: PathBuf },

    #[error("{path} is read-only: binfmt_misc (or /proc/sys, as in an unprivileged container) is mounted read-only; run with --privileged or on the host")]
    ReadOnly { path: PathBuf },

    #[error("this kernel has no binfmt_misc support (mount -t binfmt_misc failed with ENODEV; try `modprobe binfmt_misc`)")]
    NoKernelSupport,

    #[error("binfmt_misc mount point {dir} does not exist")]
    MountPointMissing { dir: PathBuf },

    #[error("could not mount binfmt_misc on {dir}: {source}")]
    MountFailed { dir: PathBuf, source: io::Error },

    #[error("binfmt_misc is not mounted on {dir} (no 'register' file there)")]
    NotMounted { dir: PathBuf },

    #[error("no binfmt entry named '{name}' under {dir}")]
    NoSuchEntry { name: String, dir: PathBuf },

    #[error("no binfmt entry matches {selection} under {dir}")]
    NothingSelected { selection: String, dir: PathBuf },

    #[error("export needs a destination: --systemd DIR and/or --debian DIR")]
    ExportWithoutDestination,

    #[error("the update-binfmts format has no field for the O (open-binary) flag without C; drop --open-binary or add --credential for --debian")]
    DebianCannotExpressOpenBinary,

    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },

    #[error("could not write output: {0}")]
    Output(#[source] io::Error),

    #[error("could not encode status as JSON: {0}")]
    Json(#[from] serde_json::Error),

    #[error("{failure}; rolled back the entries this call had changed")]
    RolledBack { failure: Box<BinfmtError> },

    #[error("{failure}; rolling back also failed, fix by hand: {leftovers}")]
    RollbackFailed {
        failure: Box<BinfmtError>,
        leftovers: String,
    },

    #[error("binfmt_misc started the emulator with too few arguments: expected [interpreter, program, ...], got {argc}")]
    InvocationTooShort { argc: usize },
}

impl BinfmtError {
    /// Wraps an I/O error on `path`, turning the errno values that have a
    /// well-known meaning for binfmt_misc into their dedicated variants so
    /// the user reads "needs root" instead of "Permission denied (os error 13)".
    pub(crate) fn from_io(path: impl Into<PathBuf>, source: io::Error) -> Self {
        let path = path.into();
        match source.raw_os_error() {
            Some(libc::EACCES) | Some(libc::EPERM) => BinfmtError::NotRoot { path },
            Some(libc::EROFS) => BinfmtError::ReadOnly { path },
            _ => BinfmtError::Io { path, source },
        }
    }
}
