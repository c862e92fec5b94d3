//! `crossrun`: run a Linux program built for another CPU.
//!
//! Four ways in: started by the kernel through binfmt_misc for a foreign program
//! (`binfmt_start`), the `crossrun binfmt ...` management subcommand, the `crossrun
//! rootfs ...` subcommand (`rootfs_cmd`), or the qemu-style command line `crossrun
//! [OPTIONS] PROGRAM [ARGS...]`.

mod binfmt_start;
mod debug;
mod docs;
mod guest_symbols;
mod options;
mod rootfs_cmd;
mod run;
mod std_fds;
mod sysroot;

use clap::Parser;
use options::Command;
use std::ffi::OsString;

/// The `crossrun binfmt` subcommand, parsed by clap.
#[derive(Parser)]
#[command(name = "crossrun", about = "Register crossrun with the kernel's binfmt_misc")]
enum Cli {
    /// Manage binfmt_misc entries for foreign binaries
    #[command(subcommand)]
    Binfmt(crossrun_binfmt::BinfmtCommand),
}

fn main() {
    let argv: Vec<OsString> = std::env::args_os().collect();
    match binfmt_start::options_if_started_by_binfmt(&argv) {
        Ok(Some(opts)) => std::process::exit(run::run(opts)),
        Ok(None) => {}
        Err(e) => fail(&e),
    }
    if argv.get(1).is_some_and(|a| a == "binfmt") {
        std::process::exit(binfmt_command(&argv));
    }
    if argv.get(1).is_some_and(|a| a == "generate-docs") {
        // For packagers: man pages and shell completions from the CLI's definition.
        let Some(dir) = argv.get(2) else { fail("generate-docs needs a directory") };
        let binfmt = <Cli as clap::CommandFactory>::command().find_subcommand("binfmt").expect("binfmt subcommand").clone();
        match docs::generate(std::path::Path::new(dir), binfmt) {
            Ok(()) => std::process::exit(0),
            Err(e) => fail(&e),
        }
    }
    if argv.get(1).is_some_and(|a| a == "rootfs") {
        std::process::exit(rootfs_cmd::main(&argv[2..]));
    }
    let env = |k: &str| std::env::var_os(k);
    match options::parse(&argv[1.min(argv.len())..], &env) {
        Ok(Command::Run(opts)) => std::process::exit(run::run(*opts)),
        Ok(Command::Help) => print!("{}", options::help()),
        Ok(Command::Version) => println!(
            "crossrun {} (runs {} Linux programs; qemu-user compatible options)",
            env!("CARGO_PKG_VERSION"),
            options::guest_names()
        ),
        Ok(Command::ListCpus) => {
            for guest in crossrun_linux::arch::GUESTS {
                println!("{}:", guest.name);
                for model in guest.cpu_models {
                    println!("  {:14} {}", model.name, model.description);
                }
            }
        }
        Ok(Command::ListLogItems) => {
            for (item, what) in options::LOG_ITEMS {
                println!("{item:8} {what}");
            }
        }
        Err(e) => fail(&e.to_string()),
    }
}

fn fail(message: &str) -> ! {
    eprintln!("crossrun: {message}");
    std::process::exit(1);
}

fn binfmt_command(argv: &[OsString]) -> i32 {
    let Cli::Binfmt(command) = match Cli::try_parse_from(argv) {
        Ok(cli) => cli,
        // clap prints help, version and usage errors itself, with the right exit code.
        Err(e) => e.exit(),
    };
    let self_exe = match std::env::current_exe() {
        Ok(path) => path,
        Err(e) => fail(&format!("cannot find my own executable: {e}")),
    };
    match crossrun_binfmt::run(command, &self_exe) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("crossrun binfmt: {e}");
            1
        }
    }
}
