//! A stand-in for the crossrun CLI, showing how it embeds this crate:
//!
//! ```text
//! cargo run -p crossrun-binfmt --example binfmt -- status
//! cargo run -p crossrun-binfmt --example binfmt -- install --dry-run -p
//! ```
//!
//! Registered as an interpreter, it prints how it was started instead of
//! emulating anything.

use clap::Parser;
use crossrun_binfmt::{binfmt_invocation, is_secure_mode, BinfmtCommand, LaunchAuxv};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "crossrun")]
enum Cli {
    /// Manage binfmt_misc registration
    #[command(subcommand)]
    Binfmt(BinfmtCommand),
}

fn main() -> ExitCode {
    let argv: Vec<_> = std::env::args_os().collect();
    // First: was this process started by binfmt_misc for a foreign program?
    match binfmt_invocation(&argv, &LaunchAuxv::from_current_process()) {
        Ok(Some(invocation)) => {
            println!(
                "started by binfmt_misc: {invocation:?} (secure mode: {})",
                is_secure_mode()
            );
            return ExitCode::SUCCESS;
        }
        Ok(None) => {}
        Err(err) => {
            eprintln!("crossrun: {err}");
            return ExitCode::FAILURE;
        }
    }
    let Cli::Binfmt(command) = Cli::parse();
    let self_exe = match std::env::current_exe() {
        Ok(path) => path,
        Err(err) => {
            eprintln!("crossrun: cannot find my own executable: {err}");
            return ExitCode::FAILURE;
        }
    };
    match crossrun_binfmt::run(command, &self_exe) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("crossrun binfmt: {err}");
            ExitCode::FAILURE
        }
    }
}
