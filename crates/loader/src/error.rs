use thiserror::Error;

/// Why a program could not be loaded. Each message is one line for the user.
#[derive(Debug, Error)]
pub enum LoadError {
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("{path} is not an ELF executable ({reason})")]
    NotElf { path: String, reason: &'static str },
    #[error("{path} is a malformed ELF file: {reason}")]
    Malformed { path: String, reason: String },
    #[error("{path} is built for {machine}, which crossrun cannot run (it runs: {supported})")]
    UnsupportedMachine { path: String, machine: String, supported: String },
    #[error("cannot load the program interpreter {path}: {reason} (use -L to name the guest's root)")]
    Interpreter { path: String, reason: String },
    #[error("cannot map {what} at {addr:#x}: {reason}")]
    Map { what: &'static str, addr: u64, reason: String },
    #[error("the arguments and environment do not fit in the {size}-byte stack")]
    StackTooSmall { size: u64 },
}
