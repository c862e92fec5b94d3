//! `crossrun`: run a Linux program built for another CPU.

mod options;
mod run;

use options::Command;
use std::ffi::OsString;

fn main() {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    let env = |k: &str| std::env::var_os(k);
    match options::parse(&args, &env) {
        Ok(Command::Run(opts)) => std::process::exit(run::run(opts)),
        Ok(Command::Help) => print!("{}", options::HELP),
        Ok(Command::Version) => println!(
            "crossrun {} (runs aarch64 Linux programs; qemu-user compatible options)",
            env!("CARGO_PKG_VERSION")
        ),
        Ok(Command::ListCpus) => {
            for model in options::CPU_MODELS {
                println!("{model}");
            }
        }
        Ok(Command::ListLogItems) => {
            for (item, what) in options::LOG_ITEMS {
                println!("{item:8} {what}");
            }
        }
        Err(e) => {
            eprintln!("crossrun: {e}");
            std::process::exit(1);
        }
    }
}
