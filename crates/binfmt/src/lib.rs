//! `crossrun binfmt`: registering crossrun (or any other emulator) with the
//! Linux kernel's binfmt_misc, so that programs built for another CPU run
//! when executed directly, and the emulator-side helpers that decode how
//! binfmt_misc started crossrun.
//!
//! The crossrun CLI embeds [`BinfmtCommand`] as `crossrun binfmt <command>`
//! and calls [`run`]. On startup it calls [`LaunchAuxv::from_current_process`]
//! and [`binfmt_invocation`] to find out whether the kernel started it for a
//! program (see [`invocation`] for the exact rule), and checks
//! [`is_secure_mode`] before honouring any variable in
//! [`UNSAFE_IN_SECURE_MODE`]. docs/binfmt.md has the user-facing recipes.

mod apply;
mod auxv;
mod cli;
mod console;
pub mod elf;
mod entry;
mod error;
mod export;
mod flags;
mod glob;
mod install;
pub mod invocation;
mod manage;
mod mount;
mod register;
mod registry;
mod request;
mod resolve;
mod secure;
mod status;
pub mod table;

pub use auxv::is_secure_mode;
pub use cli::{
    run, run_with_output, BinfmtCommand, EntryArgs, ExportArgs, InstallArgs, SelectArgs,
    StatusArgs, TargetArgs,
};
pub use entry::{EntryStatus, Matcher};
pub use error::BinfmtError;
pub use flags::EntryFlags;
pub use invocation::{
    binfmt_invocation, invocation_from_binfmt, started_by_binfmt, BinfmtInvocation, LaunchAuxv,
    AT_FLAGS_PRESERVE_ARGV0,
};
pub use mount::{is_mounted, mount_if_missing};
pub use register::{Registration, MAX_INTERPRETER_LEN, MAX_MAGIC_END, MAX_REGISTER_LEN};
pub use registry::{KernelRegistry, Listing, Registry, DEFAULT_MOUNT};
pub use secure::{is_unsafe_in_secure_mode, UNSAFE_IN_SECURE_MODE};
pub use status::{EntryReport, StatusReport};
pub use table::{find_arch, ArchPattern, Pattern, ARCH_TABLE, EMULATED_ARCHES, OWNED_PREFIX};
