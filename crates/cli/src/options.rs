//! Command-line options, compatible with qemu-user's (`qemu-aarch64 [options] program
//! [arguments...]`), including its `QEMU_*` environment variables, so crossrun can stand
//! in for qemu in scripts, binfmt_misc entries and `proot -q`.
//!
//! qemu's options are single-dash words (`-strace`, `-cpu max`); clap cannot parse
//! those, so this is a small table-driven parser. Like qemu, it stops at the first
//! argument that is not an option: that is the program, and the rest are its arguments.

use crossrun_exec::AddressFilter;
use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;

/// What the user asked for.
#[derive(Debug, PartialEq)]
pub enum Command {
    /// Boxed: the options are large and the other commands carry nothing.
    Run(Box<RunOptions>),
    Help,
    Version,
    /// `-cpu help`.
    ListCpus,
    /// `-d help`.
    ListLogItems,
}

/// Options for running a guest program.
#[derive(Debug, Default, PartialEq)]
pub struct RunOptions {
    pub sysroot: Option<PathBuf>,
    pub stack_size: Option<u64>,
    pub cpu: Option<String>,
    pub set_env: Vec<(OsString, OsString)>,
    pub unset_env: Vec<OsString>,
    pub argv0: Option<OsString>,
    pub uname_release: Option<String>,
    pub strace: bool,
    pub log: LogItems,
    /// `-dfilter`: the guest address ranges whose blocks `-d` logs.
    pub log_filter: AddressFilter,
    pub seed: Option<u64>,
    /// Run with the reference IR interpreter instead of the JIT.
    pub interp: bool,
    /// Write /tmp/perf-PID.map for `perf` (qemu's `-perfmap`).
    pub perf_map: bool,
    /// `-g PORT`: wait for gdb on this TCP port before the first instruction.
    pub gdb_port: Option<u16>,
    /// `-D FILE`: where the `-d` items and `-strace` go (a `%d` is the pid).
    pub log_file: Option<String>,
    /// Add to the `-D` file instead of truncating it (a crossrun the guest's execve
    /// started continues its predecessor's log).
    pub log_append: bool,
    pub program: PathBuf,
    pub args: Vec<OsString>,
    /// Where to read the program from when that is not `program` (binfmt_misc's O flag
    /// hands crossrun an open file descriptor: `/proc/self/fd/N`).
    pub load_from: Option<PathBuf>,
    /// The program runs with elevated privileges (AT_SECURE): the guest gets AT_SECURE.
    pub secure: bool,
    /// `--root-id` (or `-0` after `--rootfs`): the guest runs as a fake root
    /// (crossrun_linux::fakeroot).
    pub root_id: bool,
    /// Where the fake root remembers ownership (`--root-id-db`).
    pub root_id_db: Option<PathBuf>,
    /// The fake credentials to start with (`--root-id-creds`, given by a guest's execve).
    pub root_id_creds: Option<String>,
    /// `--rootfs DIR`: the guest's `/` (every guest path resolves inside it).
    pub rootfs: Option<PathBuf>,
    /// `--bind HOST[:GUEST]`, in order: host paths shown inside the rootfs.
    pub binds: Vec<(PathBuf, PathBuf)>,
    /// `--no-default-binds`: no /proc, /sys, /dev, /etc/resolv.conf from the host.
    pub no_default_binds: bool,
}

impl RunOptions {
    /// The options a guest's execve passes to the crossrun that runs the new program, so
    /// it runs with the same settings. Not included: `-E`/`-U` (the guest's execve gives
    /// the complete environment), `-0` (the guest's argv[0] is passed) and the program.
    /// The rootfs and its binds are not included either: the guest's execve adds them
    /// as they are at that moment (resolved, and moved by any chroot).
    pub fn reexec_args(&self) -> Vec<OsString> {
        let mut out: Vec<OsString> = Vec::new();
        let mut opt = |name: &str, value: Option<OsString>| {
            out.push(name.into());
            out.extend(value);
        };
        if let Some(root) = &self.sysroot {
            opt("-L", Some(root.clone().into_os_string()));
        }
        if let Some(size) = self.stack_size {
            opt("-s", Some(size.to_string().into()));
        }
        if let Some(cpu) = &self.cpu {
            opt("-cpu", Some(cpu.into()));
        }
        if let Some(release) = &self.uname_release {
            opt("-r", Some(release.into()));
        }
        if let Some(seed) = self.seed {
            opt("-seed", Some(seed.to_string().into()));
        }
        let items: Vec<&str> = [
            (self.log.in_asm, "in_asm"),
            (self.log.ir, "op"),
            (self.log.exec, "exec"),
            (self.log.cpu, "cpu"),
            (self.log.unimp, "unimp"),
            (self.log.out_asm, "out_asm"),
        ]
        .iter()
            .filter_map(|&(on, name)| on.then_some(name))
            .collect();
        if !items.is_empty() {
            opt("-d", Some(items.join(",").into()));
        }
        if self.log_filter != AddressFilter::default() {
            opt("-dfilter", Some(self.log_filter.to_string().into()));
        }
        if self.strace {
            opt("-strace", None);
        }
        if let Some(file) = &self.log_file {
            opt("-D", Some(file.into()));
            opt("--log-append", None);
        }
        if self.interp {
            opt("-interp", None);
        }
        if self.perf_map {
            opt("-perfmap", None);
        }
        if self.root_id {
            opt("--root-id", None);
        }
        if let Some(db) = &self.root_id_db {
            opt("--root-id-db", Some(db.clone().into_os_string()));
        }
        out
    }
}

/// What `-d` enabled.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LogItems {
    /// `in_asm`: the guest instructions of each translated block.
    pub in_asm: bool,
    /// `op`: the IR of each translated block.
    pub ir: bool,
    /// `exec`: each block as it runs.
    pub exec: bool,
    /// `cpu`: the CPU state before each block.
    pub cpu: bool,
    /// `unimp`: unimplemented system calls.
    pub unimp: bool,
    /// `strace`: system calls (same as `-strace`).
    pub strace: bool,
    /// `out_asm`: the host code the JIT generates for each block.
    pub out_asm: bool,
}

/// The `-d` items crossrun understands, with their descriptions.
pub const LOG_ITEMS: &[(&str, &str)] = &[
    ("in_asm", "show the guest instructions of each translated block"),
    ("op", "show the IR of each translated block"),
    ("exec", "show each block's guest address as it is executed"),
    ("cpu", "show the CPU state before each block"),
    ("unimp", "log unimplemented system calls"),
    ("strace", "log system calls (like -strace)"),
    ("out_asm", "show the host code the JIT generates for each block"),
];

/// Whether some guest has a CPU model called `name` (which guest's applies is known once
/// the program is read).
fn known_cpu_model(name: &str) -> bool {
    crossrun_linux::arch::GUESTS.iter().any(|g| g.cpu_models.iter().any(|m| m.name == name))
}

#[derive(Debug, PartialEq)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (see crossrun -h)", self.0)
    }
}

/// How an option takes its value.
#[derive(Clone, Copy, PartialEq)]
enum Takes {
    Nothing,
    Value,
}

struct Opt {
    names: &'static [&'static str],
    env: Option<&'static str>,
    takes: Takes,
    apply: fn(&mut Parsed, Option<&OsStr>) -> Result<(), UsageError>,
}

#[derive(Default)]
struct Parsed {
    run: RunOptions,
    command: Option<Command>,
}

fn utf8(v: Option<&OsStr>, what: &str) -> Result<String, UsageError> {
    let v = v.expect("value-taking option");
    v.to_str().map(str::to_owned).ok_or_else(|| UsageError(format!("{what} must be valid UTF-8")))
}

/// Parses a size with an optional k/M/G suffix, as qemu's `-s` does.
pub fn parse_size(s: &str) -> Option<u64> {
    let (num, mult) = match s.char_indices().last()? {
        (i, 'k' | 'K') => (&s[..i], 1u64 << 10),
        (i, 'm' | 'M') => (&s[..i], 1 << 20),
        (i, 'g' | 'G') => (&s[..i], 1 << 30),
        _ => (s, 1),
    };
    num.parse::<u64>().ok()?.checked_mul(mult)
}

fn parse_log(p: &mut Parsed, v: Option<&OsStr>) -> Result<(), UsageError> {
    let items = utf8(v, "-d")?;
    for item in items.split(',').filter(|i| !i.is_empty()) {
        let log = &mut p.run.log;
        match item {
            "help" => p.command = Some(Command::ListLogItems),
            "in_asm" => log.in_asm = true,
            "op" => log.ir = true,
            "exec" => log.exec = true,
            "cpu" => log.cpu = true,
            "unimp" => log.unimp = true,
            "strace" => log.strace = true,
            "out_asm" => log.out_asm = true,
            other => return Err(UsageError(format!("unknown -d item '{other}' (try -d help)"))),
        }
    }
    Ok(())
}

fn split_env(v: &OsStr) -> Result<(OsString, OsString), UsageError> {
    let b = v.as_bytes();
    match b.iter().position(|&c| c == b'=') {
        Some(i) if i > 0 => Ok((OsStr::from_bytes(&b[..i]).into(), OsStr::from_bytes(&b[i + 1..]).into())),
        _ => Err(UsageError(format!("-E wants VAR=VALUE, got '{}'", v.to_string_lossy()))),
    }
}

/// `HOST[:GUEST]`: GUEST defaults to HOST and must be absolute.
fn parse_bind(v: &OsStr) -> Result<(PathBuf, PathBuf), UsageError> {
    let b = v.as_bytes();
    let (host, guest) = match b.iter().position(|&c| c == b':') {
        Some(i) => (&b[..i], &b[i + 1..]),
        None => (b, b),
    };
    if host.is_empty() || guest.first() != Some(&b'/') {
        return Err(UsageError(format!("--bind wants HOST[:GUEST] with an absolute GUEST, got '{}'", v.to_string_lossy())));
    }
    Ok((PathBuf::from(OsStr::from_bytes(host)), PathBuf::from(OsStr::from_bytes(guest))))
}

const OPTIONS: &[Opt] = &[
    Opt { names: &["h", "help"], env: None, takes: Takes::Nothing, apply: |p, _| { p.command = Some(Command::Help); Ok(()) } },
    Opt { names: &["version"], env: Some("QEMU_VERSION"), takes: Takes::Nothing, apply: |p, _| { p.command = Some(Command::Version); Ok(()) } },
    Opt { names: &["L"], env: Some("QEMU_LD_PREFIX"), takes: Takes::Value, apply: |p, v| { p.run.sysroot = v.map(PathBuf::from); Ok(()) } },
    Opt {
        names: &["s"],
        env: Some("QEMU_STACK_SIZE"),
        takes: Takes::Value,
        apply: |p, v| {
            let s = utf8(v, "-s")?;
            let size = parse_size(&s).filter(|&n| n >= 64 * 1024).ok_or_else(|| UsageError(format!("invalid stack size '{s}' (at least 64k)")))?;
            p.run.stack_size = Some(size);
            Ok(())
        },
    },
    Opt {
        names: &["cpu"],
        env: Some("QEMU_CPU"),
        takes: Takes::Value,
        apply: |p, v| {
            let model = utf8(v, "-cpu")?;
            let base = model.split(',').next().unwrap_or_default();
            if base == "help" {
                p.command = Some(Command::ListCpus);
            } else if !known_cpu_model(base) {
                return Err(UsageError(format!("unknown CPU model '{base}' (try -cpu help)")));
            }
            p.run.cpu = Some(model);
            Ok(())
        },
    },
    Opt {
        names: &["E"],
        env: Some("QEMU_SET_ENV"),
        takes: Takes::Value,
        apply: |p, v| {
            // QEMU_SET_ENV holds a comma-separated list; -E may too.
            for part in v.expect("value").as_bytes().split(|&c| c == b',') {
                p.run.set_env.push(split_env(OsStr::from_bytes(part))?);
            }
            Ok(())
        },
    },
    Opt {
        names: &["U"],
        env: Some("QEMU_UNSET_ENV"),
        takes: Takes::Value,
        apply: |p, v| {
            for part in v.expect("value").as_bytes().split(|&c| c == b',') {
                p.run.unset_env.push(OsStr::from_bytes(part).into());
            }
            Ok(())
        },
    },
    // `-0` after `--rootfs` is the fake-root flag instead (see `parse`); `--argv0` always
    // means argv[0], which is what a guest's execve passes.
    Opt { names: &["0", "argv0"], env: Some("QEMU_ARGV0"), takes: Takes::Value, apply: |p, v| { p.run.argv0 = v.map(OsString::from); Ok(()) } },
    Opt { names: &["rootfs"], env: Some("CROSSRUN_ROOTFS"), takes: Takes::Value, apply: |p, v| { p.run.rootfs = v.map(PathBuf::from); Ok(()) } },
    Opt { names: &["bind"], env: None, takes: Takes::Value, apply: |p, v| { p.run.binds.push(parse_bind(v.expect("value"))?); Ok(()) } },
    Opt { names: &["no-default-binds"], env: None, takes: Takes::Nothing, apply: |p, _| { p.run.no_default_binds = true; Ok(()) } },
    Opt { names: &["r"], env: Some("QEMU_UNAME"), takes: Takes::Value, apply: |p, v| { p.run.uname_release = Some(utf8(v, "-r")?); Ok(()) } },
    Opt { names: &["d"], env: Some("QEMU_LOG"), takes: Takes::Value, apply: parse_log },
    Opt {
        names: &["dfilter"],
        env: Some("QEMU_DFILTER"),
        takes: Takes::Value,
        apply: |p, v| {
            p.run.log_filter = AddressFilter::parse(&utf8(v, "-dfilter")?).map_err(UsageError)?;
            Ok(())
        },
    },
    Opt { names: &["D"], env: Some("QEMU_LOG_FILENAME"), takes: Takes::Value, apply: |p, v| { p.run.log_file = Some(utf8(v, "-D")?); Ok(()) } },
    // Internal: how a guest's execve continues the log of the crossrun before it.
    Opt { names: &["log-append"], env: None, takes: Takes::Nothing, apply: |p, _| { p.run.log_append = true; Ok(()) } },
    Opt { names: &["strace"], env: Some("QEMU_STRACE"), takes: Takes::Nothing, apply: |p, _| { p.run.strace = true; Ok(()) } },
    Opt { names: &["interp"], env: Some("CROSSRUN_INTERP"), takes: Takes::Nothing, apply: |p, _| { p.run.interp = true; Ok(()) } },
    Opt { names: &["perfmap"], env: Some("QEMU_PERFMAP"), takes: Takes::Nothing, apply: |p, _| { p.run.perf_map = true; Ok(()) } },
    Opt {
        names: &["g"],
        env: Some("QEMU_GDB"),
        takes: Takes::Value,
        apply: |p, v| {
            let s = utf8(v, "-g")?;
            let port = s.parse::<u16>().ok().filter(|&n| n != 0).ok_or_else(|| UsageError(format!("invalid -g port '{s}' (a TCP port, 1-65535)")))?;
            p.run.gdb_port = Some(port);
            Ok(())
        },
    },
    Opt { names: &["root-id"], env: Some("CROSSRUN_ROOT_ID"), takes: Takes::Nothing, apply: |p, _| { p.run.root_id = true; Ok(()) } },
    Opt { names: &["root-id-db"], env: Some("CROSSRUN_ROOT_ID_DB"), takes: Takes::Value, apply: |p, v| { p.run.root_id_db = v.map(PathBuf::from); Ok(()) } },
    // Internal: how a guest's execve hands its fake credentials to the next crossrun.
    Opt { names: &["root-id-creds"], env: None, takes: Takes::Value, apply: |p, v| { p.run.root_id_creds = Some(utf8(v, "--root-id-creds")?); Ok(()) } },
    Opt {
        names: &["seed"],
        env: Some("QEMU_RAND_SEED"),
        takes: Takes::Value,
        apply: |p, v| {
            let s = utf8(v, "-seed")?;
            p.run.seed = Some(s.parse().map_err(|_| UsageError(format!("invalid seed '{s}'")))?);
            Ok(())
        },
    },
    // Guest addresses are host addresses in crossrun, so there is no guest base to set
    // and nothing to reserve; these are accepted so qemu command lines keep working.
    Opt { names: &["B"], env: Some("QEMU_GUEST_BASE"), takes: Takes::Value, apply: |_, _| Ok(()) },
    Opt { names: &["R"], env: Some("QEMU_RESERVED_VA"), takes: Takes::Value, apply: |_, _| Ok(()) },
    // Block-at-a-time execution is an implementation detail; single-stepping changes
    // nothing a guest can observe.
    Opt { names: &["singlestep", "one-insn-per-tb"], env: Some("QEMU_SINGLESTEP"), takes: Takes::Nothing, apply: |_, _| Ok(()) },
];

/// Options crossrun knows from qemu but cannot honour yet: refused with a clear message
/// rather than silently ignored.
const NOT_YET: &[(&str, &str)] = &[
    ("trace", "qemu trace events do not exist in crossrun"),
    ("plugin", "qemu TCG plugins do not exist in crossrun"),
    ("p", "-p was removed from qemu; the page size is always 4096"),
];

/// Every option's names and its environment variable, for the man page and shell
/// completions (`crate::docs`).
pub fn option_names() -> impl Iterator<Item = (&'static [&'static str], Option<&'static str>)> {
    OPTIONS.iter().map(|o| (o.names, o.env))
}

fn find(name: &str) -> Option<&'static Opt> {
    OPTIONS.iter().find(|o| o.names.contains(&name))
}

/// Parses the command line (without argv[0]) and the `QEMU_*` variables from `env`.
/// Command-line options override environment variables.
pub fn parse(args: &[OsString], env: &dyn Fn(&str) -> Option<OsString>) -> Result<Command, UsageError> {
    let mut p = Parsed::default();
    for opt in OPTIONS {
        if let Some(var) = opt.env {
            if let Some(value) = env(var) {
                let value = (opt.takes == Takes::Value).then_some(value.as_os_str());
                (opt.apply)(&mut p, value).map_err(|e| UsageError(format!("{var}: {}", e.0)))?;
            }
        }
    }
    // An environment variable alone never turns a run into -h/-version.
    if matches!(p.command, Some(Command::Version)) {
        p.command = None;
    }
    // PRoot's `-0` (fake root) wins over qemu's `-0 ARGV0` once `--rootfs` has been given
    // on the command line, so `crossrun --rootfs R -0 PROGRAM` reads as with proot.
    let mut rootfs_given = false;
    let mut i = 0;
    while i < args.len() {
        let arg = args[i].as_bytes();
        if arg == b"--" {
            i += 1;
            break;
        }
        if arg.len() < 2 || arg[0] != b'-' {
            break;
        }
        let name = std::str::from_utf8(arg.strip_prefix(b"--").unwrap_or(&arg[1..]))
            .map_err(|_| UsageError(format!("unknown option '{}'", args[i].to_string_lossy())))?;
        if let Some((_, why)) = NOT_YET.iter().find(|(n, _)| *n == name) {
            return Err(UsageError(format!("-{name}: {why}")));
        }
        if name == "0" && rootfs_given {
            p.run.root_id = true;
            i += 1;
            continue;
        }
        rootfs_given |= name == "rootfs";
        let opt = find(name).ok_or_else(|| UsageError(format!("unknown option '{}'", args[i].to_string_lossy())))?;
        let value = if opt.takes == Takes::Value {
            i += 1;
            Some(args.get(i).ok_or_else(|| UsageError(format!("-{name} needs a value")))?.as_os_str())
        } else {
            None
        };
        (opt.apply)(&mut p, value)?;
        i += 1;
        if let Some(cmd) = p.command.take() {
            return Ok(cmd);
        }
    }
    if let Some(cmd) = p.command.take() {
        return Ok(cmd);
    }
    let program = args.get(i).ok_or_else(|| UsageError("no program to run".into()))?;
    p.run.program = PathBuf::from(program);
    p.run.args = args[i + 1..].to_vec();
    p.run.strace |= p.run.log.strace;
    Ok(Command::Run(Box::new(p.run)))
}

/// The guests crossrun runs, for messages: "aarch64, riscv64".
pub fn guest_names() -> String {
    crossrun_linux::arch::GUESTS.iter().map(|g| g.name).collect::<Vec<_>>().join(", ")
}

/// `crossrun -h`: the usage text with the guests this build runs.
pub fn help() -> String {
    HELP.replace("{guests}", &guest_names())
}

const HELP: &str = "\
usage: crossrun [OPTIONS] PROGRAM [ARGUMENTS...]
       crossrun binfmt COMMAND [...]     (see crossrun binfmt --help)
       crossrun rootfs shell|create ...  (see crossrun rootfs --help)

Runs a Linux program built for another CPU on this machine: {guests}.
The guest architecture comes from the program's ELF header. Options and QEMU_*
variables follow qemu-user's, so crossrun can replace qemu-aarch64 and its siblings
in scripts.

Options (environment variable in brackets; options override variables):
  -h, -help            print this help and exit
  -version             print the version and exit                   [QEMU_VERSION]
  -L PATH              guest root for the dynamic linker and other    [QEMU_LD_PREFIX]
                       absolute guest paths (looked up there first)
  -s SIZE              stack size in bytes, with k/M/G suffixes        [QEMU_STACK_SIZE]
                       (default 8M)
  -cpu MODEL           CPU model (-cpu help lists them); every model  [QEMU_CPU]
                       offers crossrun's full implemented feature set
  -E VAR=VALUE[,...]   set variables in the guest's environment       [QEMU_SET_ENV]
  -U VAR[,...]         remove variables from the guest's environment  [QEMU_UNSET_ENV]
  -0 ARGV0             the guest's argv[0] (default: PROGRAM)          [QEMU_ARGV0]
  -r RELEASE           the kernel release uname reports               [QEMU_UNAME]
  -d ITEM[,...]        log to stderr; -d help lists items: in_asm,    [QEMU_LOG]
                       op, exec, cpu, unimp, strace, out_asm
  -D FILE              write the -d items and -strace to FILE     [QEMU_LOG_FILENAME]
                       instead of stderr; %d in FILE is the pid
  -dfilter RANGE[,...] log only blocks in these guest ranges:       [QEMU_DFILTER]
                       START+LEN, END-LEN or START..LAST
  -strace              log every system call (to stderr or -D FILE)    [QEMU_STRACE]
  -seed N              seed AT_RANDOM, for reproducible runs          [QEMU_RAND_SEED]
  -interp              run with the reference IR interpreter instead  [CROSSRUN_INTERP]
                       of the x86_64 JIT (slower; for checking the JIT)
  -perfmap             write /tmp/perf-PID.map so perf can name        [QEMU_PERFMAP]
                       translated code
  -g PORT              wait for gdb on TCP port PORT (127.0.0.1)       [QEMU_GDB]
                       before the first instruction (gdb-multiarch:
                       target remote :PORT)
  --root-id            fake root: the guest's ids are 0, chown/mknod   [CROSSRUN_ROOT_ID]
                       succeed and are remembered for stat
  --root-id-db FILE    where --root-id remembers ownership          [CROSSRUN_ROOT_ID_DB]
                       (default: DIR/.crossrun-ids under --rootfs DIR,
                       else per session, in $XDG_RUNTIME_DIR or /tmp)
  -B ADDR, -R SIZE     accepted for qemu compatibility; crossrun maps guest
                       addresses one to one, so there is no base to set
  -singlestep          accepted for qemu compatibility; has no effect

Foreign root file systems (no privileges needed):
  --rootfs DIR         use DIR as the guest's /: every path the guest   [CROSSRUN_ROOTFS]
                       names, PROGRAM included, resolves inside DIR as
                       under chroot. Host paths are visible only through
                       binds: /proc, /sys, /dev, /etc/resolv.conf by default;
                       -L is ignored
  --bind HOST[:GUEST]  show host path HOST at GUEST (default: the same
                       path) inside the rootfs; repeatable
  --no-default-binds   do not show the host's /proc, /sys, /dev and
                       /etc/resolv.conf
  -0                   after --rootfs, -0 takes no value and means
                       --root-id (as in PRoot); before it, -0 ARGV0
  --argv0 ARGV0        the guest's argv[0], whatever the position
  A rootfs is a convenience boundary, not a sandbox (see README.md).
Options may also be spelled with two dashes (--strace). `--` ends the options.
";

#[cfg(test)]
mod tests {
    use super::*;

    fn os(v: &[&str]) -> Vec<OsString> {
        v.iter().map(OsString::from).collect()
    }

    fn no_env(_: &str) -> Option<OsString> {
        None
    }

    fn run(v: &[&str]) -> RunOptions {
        match parse(&os(v), &no_env).unwrap() {
            Command::Run(r) => *r,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn qemu_style_options_then_program_and_its_own_options() {
        let r = run(&["-L", "/sysroot", "-E", "A=1,B=2", "-U", "C", "-0", "name", "-strace", "prog", "-L", "x"]);
        assert_eq!(r.sysroot, Some(PathBuf::from("/sysroot")));
        assert_eq!(r.set_env, vec![("A".into(), "1".into()), ("B".into(), "2".into())]);
        assert_eq!(r.unset_env, vec![OsString::from("C")]);
        assert_eq!(r.argv0, Some("name".into()));
        assert!(r.strace);
        assert_eq!(r.program, PathBuf::from("prog"));
        assert_eq!(r.args, os(&["-L", "x"]));
    }

    #[test]
    fn reexec_args_round_trip_through_the_parser() {
        let r = run(&["-L", "/sysroot", "-s", "1M", "-r", "6.1", "-seed", "7", "-d", "unimp,op", "-strace", "-E", "A=1", "prog"]);
        let mut again = r.reexec_args();
        assert!(!again.iter().any(|a| a == "-E"), "the guest's execve gives the environment");
        again.push("other".into());
        let back = match parse(&again, &no_env).unwrap() {
            Command::Run(b) => *b,
            other => panic!("{other:?}"),
        };
        assert_eq!((back.sysroot, back.stack_size, back.uname_release, back.seed), (r.sysroot, r.stack_size, r.uname_release, r.seed));
        assert!(back.strace && back.log.unimp && back.log.ir);
        assert!(!back.root_id);
        assert_eq!(back.program, PathBuf::from("other"));
        let r = run(&["--root-id", "--root-id-db", "/tmp/ids", "prog"]);
        let mut again = r.reexec_args();
        again.push("other".into());
        let Command::Run(back) = parse(&again, &no_env).unwrap() else { panic!() };
        assert!(back.root_id);
        assert_eq!(back.root_id_db, Some(PathBuf::from("/tmp/ids")));
        assert_eq!(back.program, PathBuf::from("other"));
    }

    #[test]
    fn environment_variables_and_overrides() {
        let env = |k: &str| match k {
            "QEMU_LD_PREFIX" => Some(OsString::from("/from-env")),
            "QEMU_STRACE" => Some(OsString::from("1")),
            "QEMU_STACK_SIZE" => Some(OsString::from("16M")),
            _ => None,
        };
        let Command::Run(r) = parse(&os(&["-L", "/from-cli", "p"]), &env).unwrap() else { panic!() };
        assert_eq!(r.sysroot, Some(PathBuf::from("/from-cli")));
        assert!(r.strace);
        assert_eq!(r.stack_size, Some(16 << 20));
    }

    #[test]
    fn root_id_from_the_environment() {
        let env = |k: &str| match k {
            "CROSSRUN_ROOT_ID" => Some(OsString::from("1")),
            "CROSSRUN_ROOT_ID_DB" => Some(OsString::from("/run/ids")),
            _ => None,
        };
        let Command::Run(r) = parse(&os(&["p"]), &env).unwrap() else { panic!() };
        assert!(r.root_id);
        assert_eq!(r.root_id_db, Some(PathBuf::from("/run/ids")));
        assert_eq!(r.root_id_creds, None);
        let Command::Run(r) = parse(&os(&["--root-id-creds", "0,0,0,0:0,0,0,0:0", "p"]), &no_env).unwrap() else { panic!() };
        assert!(!r.root_id, "the credentials alone do not make a fake root");
        assert_eq!(r.root_id_creds.as_deref(), Some("0,0,0,0:0,0,0,0:0"));
    }

    #[test]
    fn errors_are_one_clear_line() {
        let err = |v: &[&str]| parse(&os(v), &no_env).unwrap_err().to_string();
        assert_eq!(err(&["-bogus", "p"]), "unknown option '-bogus' (see crossrun -h)");
        assert_eq!(err(&["-L"]), "-L needs a value (see crossrun -h)");
        assert_eq!(err(&[]), "no program to run (see crossrun -h)");
        assert_eq!(err(&["-cpu", "pentium", "p"]), "unknown CPU model 'pentium' (try -cpu help) (see crossrun -h)");
        assert_eq!(err(&["-d", "nonsense", "p"]), "unknown -d item 'nonsense' (try -d help) (see crossrun -h)");
        assert_eq!(err(&["-s", "12", "p"]), "invalid stack size '12' (at least 64k) (see crossrun -h)");
        assert_eq!(err(&["-g", "x", "p"]), "invalid -g port 'x' (a TCP port, 1-65535) (see crossrun -h)");
        assert_eq!(err(&["-g", "0", "p"]), "invalid -g port '0' (a TCP port, 1-65535) (see crossrun -h)");
        assert_eq!(run(&["-g", "1234", "p"]).gdb_port, Some(1234));
        assert!(err(&["-E", "novalue", "p"]).contains("VAR=VALUE"));
    }

    #[test]
    fn commands() {
        assert_eq!(parse(&os(&["-h"]), &no_env), Ok(Command::Help));
        assert_eq!(parse(&os(&["--version"]), &no_env), Ok(Command::Version));
        assert_eq!(parse(&os(&["-cpu", "help"]), &no_env), Ok(Command::ListCpus));
        assert_eq!(parse(&os(&["-d", "help"]), &no_env), Ok(Command::ListLogItems));
        assert_eq!(parse(&os(&["--", "-h"]), &no_env).map(|c| matches!(c, Command::Run(_))), Ok(true));
    }

    #[test]
    fn dash_zero_is_argv0_until_rootfs_then_root_id() {
        let r = run(&["-0", "name", "prog"]);
        assert_eq!((r.argv0, r.root_id), (Some("name".into()), false));
        assert_eq!(r.program, PathBuf::from("prog"));
        let r = run(&["--rootfs", "/r", "-0", "/debootstrap/debootstrap", "--second-stage"]);
        assert_eq!((r.argv0, r.root_id), (None, true));
        assert_eq!(r.rootfs, Some(PathBuf::from("/r")));
        assert_eq!(r.program, PathBuf::from("/debootstrap/debootstrap"));
        assert_eq!(r.args, os(&["--second-stage"]));
        // Before --rootfs, -0 still takes its value; --argv0 always does.
        let r = run(&["-0", "n", "--rootfs", "/r", "--argv0", "m", "--root-id", "p"]);
        assert_eq!((r.argv0, r.root_id), (Some("m".into()), true));
        // CROSSRUN_ROOTFS alone does not change -0: the rule is about the command line.
        let env = |k: &str| (k == "CROSSRUN_ROOTFS").then(|| OsString::from("/e"));
        let Command::Run(r) = parse(&os(&["-0", "n", "p"]), &env).unwrap() else { panic!() };
        assert_eq!((r.rootfs, r.argv0, r.root_id), (Some(PathBuf::from("/e")), Some("n".into()), false));
        // A fake root survives the guest's execve.
        assert!(run(&["--root-id", "p"]).reexec_args().contains(&"--root-id".into()));
    }

    #[test]
    fn binds_default_to_the_same_path_and_need_an_absolute_guest() {
        let r = run(&["--rootfs", "/r", "--bind", "/srv", "--bind", "/home/me:/home/guest", "--no-default-binds", "p"]);
        assert_eq!(r.binds, vec![("/srv".into(), "/srv".into()), ("/home/me".into(), "/home/guest".into())]);
        assert!(r.no_default_binds);
        let err = parse(&os(&["--bind", "/a:rel", "p"]), &no_env).unwrap_err().to_string();
        assert!(err.contains("absolute GUEST"), "{err}");
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("8M"), Some(8 << 20));
        assert_eq!(parse_size("512k"), Some(512 << 10));
        assert_eq!(parse_size("1G"), Some(1 << 30));
        assert_eq!(parse_size("100"), Some(100));
        assert_eq!(parse_size("x"), None);
        assert_eq!(parse_size("99999999999999G"), None);
    }
}
