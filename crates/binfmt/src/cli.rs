//! The `crossrun binfmt <command>` arguments (clap derive, embedded by the
//! crossrun CLI as a subcommand) and the dispatcher that runs them.

use crate::console::Console;
use crate::error::BinfmtError;
use crate::registry::DEFAULT_MOUNT;
use crate::{export, install, manage, request, status};
use clap::{Args, Subcommand};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Register crossrun with the kernel's binfmt_misc so foreign-CPU programs
/// run directly (`./hello-aarch64`), in chroots and in containers.
#[derive(Debug, Clone, Subcommand)]
pub enum BinfmtCommand {
    /// Register an emulator for foreign-CPU programs (default: crossrun itself, for `all`)
    Install(InstallArgs),
    /// Remove the entries crossrun registered (crossrun-*), or those matching --name
    Uninstall(SelectArgs),
    /// Show every registered entry: enabled, interpreter, flags, which CPU it handles
    Status(StatusArgs),
    /// Turn entries back on (writes 1 to each entry file)
    Enable(SelectArgs),
    /// Turn entries off without removing them (writes 0 to each entry file)
    Disable(SelectArgs),
    /// Write systemd binfmt.d and/or update-binfmts files, to register at every boot
    Export(ExportArgs),
}

/// What to register: shared by `install` and `export`.
#[derive(Debug, Clone, Args)]
pub struct EntryArgs {
    /// Architectures (e.g. aarch64), or `all` (the default): every one crossrun emulates
    #[arg(value_name = "ARCH")]
    pub arches: Vec<String>,
    /// Emulator to register instead of crossrun (e.g. /usr/bin/qemu-riscv64); allows any known ARCH
    #[arg(long, value_name = "PATH")]
    pub interpreter: Option<PathBuf>,
    /// F flag: the kernel opens the interpreter now, so it also works in chroots and containers that lack it
    #[arg(short = 'p', long)]
    pub persistent: bool,
    /// C flag: use the program's setuid/setgid credentials, not the interpreter's (implies O)
    #[arg(long)]
    pub credential: bool,
    /// O flag: the kernel hands the program to the emulator as an open fd (runs execute-only programs)
    #[arg(long)]
    pub open_binary: bool,
    /// P flag: pass the program's original argv[0] on (needs Linux 5.12+ to be detected)
    #[arg(long)]
    pub preserve_argv0: bool,
    /// Entry name, instead of crossrun-ARCH (only with a single ARCH)
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Also register arches of the host's own CPU family (x86_64, i386, i486 on x86_64)
    #[arg(long)]
    pub ignore_family: bool,
}

/// Where binfmt_misc is, and whether to only show what would be written.
#[derive(Debug, Clone, Args)]
pub struct TargetArgs {
    /// binfmt_misc mount point (mounted there when missing)
    #[arg(long, value_name = "DIR", default_value = DEFAULT_MOUNT)]
    pub mount: PathBuf,
    /// Print exactly what would be written and where, change nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Clone, Args)]
pub struct InstallArgs {
    #[command(flatten)]
    pub entry: EntryArgs,
    /// Replace an existing entry of the same name, even an identical one
    /// (re-opens an F interpreter, e.g. after upgrading crossrun)
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub target: TargetArgs,
}

/// Which existing entries `uninstall`, `enable` and `disable` act on.
#[derive(Debug, Clone, Args)]
pub struct SelectArgs {
    /// Architectures whose crossrun-ARCH entry to act on, or `all` (the default): every crossrun-* entry
    #[arg(value_name = "ARCH")]
    pub arches: Vec<String>,
    /// Act on the entries with this name instead (glob: * and ?), whoever registered them
    #[arg(long, value_name = "NAME", conflicts_with = "arches")]
    pub name: Option<String>,
    #[command(flatten)]
    pub target: TargetArgs,
}

#[derive(Debug, Clone, Args)]
pub struct StatusArgs {
    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
    /// binfmt_misc mount point, or any directory laid out like one
    #[arg(long, value_name = "DIR", default_value = DEFAULT_MOUNT)]
    pub mount: PathBuf,
}

#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub entry: EntryArgs,
    /// Write DIR/NAME.conf binfmt.d files (e.g. /etc/binfmt.d) for systemd-binfmt
    #[arg(long, value_name = "DIR")]
    pub systemd: Option<PathBuf>,
    /// Write DIR/NAME update-binfmts import files (e.g. /usr/share/binfmts) for binfmt-support
    #[arg(long, value_name = "DIR")]
    pub debian: Option<PathBuf>,
    /// The `package` field of update-binfmts files
    #[arg(long, value_name = "PACKAGE", default_value = "crossrun")]
    pub package: String,
    /// Print exactly what would be written and where, write nothing
    #[arg(long)]
    pub dry_run: bool,
}

/// Runs one `crossrun binfmt` command, reporting on stdout (warnings on
/// stderr). `self_exe` is crossrun's own absolute path: the interpreter
/// registered when no `--interpreter` is given.
pub fn run(command: BinfmtCommand, self_exe: &Path) -> Result<(), BinfmtError> {
    let stdout = io::stdout();
    let stderr = io::stderr();
    run_with_output(command, self_exe, &mut stdout.lock(), &mut stderr.lock())
}

/// [`run`] with the output streams given by the caller.
pub fn run_with_output(
    command: BinfmtCommand,
    self_exe: &Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), BinfmtError> {
    let mut console = Console::new(out, err);
    match command {
        BinfmtCommand::Install(args) => install::run_install(&args, self_exe, &mut console),
        BinfmtCommand::Uninstall(args) => manage::run_uninstall(&args, &mut console),
        BinfmtCommand::Enable(args) => manage::run_toggle(&args, true, &mut console),
        BinfmtCommand::Disable(args) => manage::run_toggle(&args, false, &mut console),
        BinfmtCommand::Status(args) => status::run_status(&args, &mut console),
        BinfmtCommand::Export(args) => run_export(&args, self_exe, &mut console),
    }
}

fn run_export(
    args: &ExportArgs,
    self_exe: &Path,
    console: &mut Console<'_>,
) -> Result<(), BinfmtError> {
    if args.systemd.is_none() && args.debian.is_none() {
        return Err(BinfmtError::ExportWithoutDestination);
    }
    let request = request::build_request(&args.entry, self_exe, crate::resolve::Host::current())?;
    request.report_skipped(console)?;
    let mut files = Vec::new();
    for wanted in &request.wanted {
        if let Some(dir) = &args.systemd {
            files.push(export::systemd_file(
                dir,
                wanted.arch,
                &wanted.registration,
            )?);
        }
        if let Some(dir) = &args.debian {
            files.push(export::debian_file(
                dir,
                &args.package,
                &wanted.registration,
            )?);
        }
    }
    export::write_files(&files, args.dry_run, console)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    /// How the crossrun CLI embeds the command.
    #[derive(Debug, Parser)]
    struct Cli {
        #[command(subcommand)]
        binfmt: BinfmtCommand,
    }

    fn parse(args: &[&str]) -> Result<BinfmtCommand, clap::Error> {
        Cli::try_parse_from(std::iter::once("binfmt").chain(args.iter().copied()))
            .map(|cli| cli.binfmt)
    }

    #[test]
    fn command_line_shapes() {
        let BinfmtCommand::Install(install) =
            parse(&["install", "all", "-p", "--preserve-argv0", "--dry-run"]).unwrap()
        else {
            panic!("not install");
        };
        assert_eq!(install.entry.arches, ["all"]);
        assert!(install.entry.persistent && install.entry.preserve_argv0 && install.target.dry_run);
        assert_eq!(install.target.mount, Path::new(DEFAULT_MOUNT));
        assert!(
            parse(&["uninstall", "aarch64", "--name", "x"]).is_err(),
            "--name conflicts with ARCH"
        );
        assert!(parse(&["uninstall", "--name", "qemu-*", "--mount", "/m"]).is_ok());
        assert!(parse(&["status", "--json", "--mount", "/tmp/x"]).is_ok());
        assert!(parse(&[
            "export",
            "--systemd",
            "/etc/binfmt.d",
            "--debian",
            "/usr/share/binfmts"
        ])
        .is_ok());
        assert!(parse(&["enable"]).is_ok());
        assert!(parse(&["disable", "aarch64", "--dry-run"]).is_ok());
    }

    #[test]
    fn clap_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn export_needs_a_destination_and_writes_both_formats() {
        let exe = Path::new("/usr/local/bin/crossrun");
        let mut sink = (Vec::new(), Vec::new());
        let err = run_with_output(parse(&["export"]).unwrap(), exe, &mut sink.0, &mut sink.1)
            .unwrap_err();
        assert!(matches!(err, BinfmtError::ExportWithoutDestination));

        let dir = tempfile::tempdir().unwrap();
        let systemd = dir.path().join("binfmt.d");
        let debian = dir.path().join("binfmts");
        let command = parse(&[
            "export",
            "aarch64",
            "--ignore-family", // the test must also pass on an arm64 host
            "-p",
            "--systemd",
            systemd.to_str().unwrap(),
            "--debian",
            debian.to_str().unwrap(),
        ])
        .unwrap();
        run_with_output(command, exe, &mut sink.0, &mut sink.1).unwrap();
        let conf = std::fs::read_to_string(systemd.join("crossrun-aarch64.conf")).unwrap();
        assert!(conf.ends_with(":/usr/local/bin/crossrun:F\n"), "{conf}");
        let deb = std::fs::read_to_string(debian.join("crossrun-aarch64")).unwrap();
        assert!(
            deb.contains("interpreter /usr/local/bin/crossrun\n")
                && deb.contains("fix_binary yes\n"),
            "{deb}"
        );
    }
}
