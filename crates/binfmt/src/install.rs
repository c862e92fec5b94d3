//! `crossrun binfmt install`: plan the registrations against what is
//! already registered (identical: nothing to do; different: error unless
//! --force), then apply them all-or-nothing.

use crate::apply::{apply_steps, Step};
use crate::cli::InstallArgs;
use crate::console::Console;
use crate::elf::has_program_interpreter;
use crate::error::BinfmtError;
use crate::mount::{ensure_mounted, MountState};
use crate::registry::{Change, EntryCommand, KernelRegistry, Listing, Registry};
use crate::request::{build_request, Wanted};
use crate::resolve::Host;
use std::path::Path;

pub fn run_install(
    args: &InstallArgs,
    self_exe: &Path,
    console: &mut Console<'_>,
) -> Result<(), BinfmtError> {
    let request = build_request(&args.entry, self_exe, Host::current())?;
    request.report_skipped(console)?;
    if request.wanted.is_empty() {
        return console.say("nothing to register");
    }
    check_interpreter(&request.wanted, console)?;
    let dir = &args.target.mount;
    let mount_state = ensure_mounted(dir, args.target.dry_run, console)?;
    let mut registry = KernelRegistry::new(dir);
    // A dry run on an unmounted point sees no entries: there are none yet.
    let listing = match mount_state {
        MountState::WouldMount => Listing::default(),
        MountState::AlreadyMounted | MountState::MountedNow => registry.list()?,
    };
    install_into(
        &mut registry,
        &listing,
        &request.wanted,
        args.force,
        args.target.dry_run,
        console,
    )
}

/// The part of install that only needs a registry (unit-tested with a fake).
pub fn install_into(
    registry: &mut dyn Registry,
    listing: &Listing,
    wanted: &[Wanted],
    force: bool,
    dry_run: bool,
    console: &mut Console<'_>,
) -> Result<(), BinfmtError> {
    let steps = plan_install(listing, wanted, force, console)?;
    for want in wanted {
        if steps
            .iter()
            .any(|step| step.change == Change::Register(want.registration.clone()))
        {
            note_shadowed_entries(listing, want, console)?;
        }
    }
    apply_steps(registry, &steps, dry_run, console)
}

/// Decides, for every wanted entry, what to write. Conflicts are found for
/// all entries before anything is written, so a refused install changes nothing.
fn plan_install(
    listing: &Listing,
    wanted: &[Wanted],
    force: bool,
    console: &mut Console<'_>,
) -> Result<Vec<Step>, BinfmtError> {
    let mut steps = Vec::new();
    for want in wanted {
        let reg = &want.registration;
        let register = Step {
            change: Change::Register(reg.clone()),
            done_message: format!(
                "registered {}: {} programs now run with {}{}",
                reg.name,
                want.arch,
                reg.interpreter,
                match reg.flags.letters().as_str() {
                    "" => String::new(),
                    letters => format!(" (flags {letters})"),
                }
            ),
            undo: Some(Change::Control {
                name: reg.name.clone(),
                command: EntryCommand::Remove,
            }),
        };
        match listing.find(&reg.name) {
            None => steps.push(register),
            Some(existing) if existing.is_same_registration(reg) && !force => {
                let hint = if existing.enabled {
                    String::new()
                } else {
                    format!(
                        " (it is disabled: `crossrun binfmt enable --name {}` turns it on)",
                        reg.name
                    )
                };
                console.say(format!(
                    "{} is already registered with the same settings, nothing to do{hint}",
                    reg.name
                ))?;
            }
            Some(existing) if !force => {
                return Err(BinfmtError::AlreadyExists {
                    name: reg.name.clone(),
                    interpreter: existing.interpreter.clone(),
                    flags: existing.flags.letters(),
                });
            }
            Some(existing) => {
                steps.push(Step {
                    change: Change::Control {
                        name: reg.name.clone(),
                        command: EntryCommand::Remove,
                    },
                    done_message: format!("removed the previous {} (--force)", reg.name),
                    undo: existing.to_registration().map(Change::Register),
                });
                steps.push(register);
            }
        }
    }
    Ok(steps)
}

/// Other enabled entries for the same CPU stay registered; the kernel tries
/// the most recently registered entry first, so the new one wins. Saying so
/// avoids surprises when the new entry is later removed.
fn note_shadowed_entries(
    listing: &Listing,
    want: &Wanted,
    console: &mut Console<'_>,
) -> Result<(), BinfmtError> {
    for other in &listing.entries {
        if other.name == want.registration.name || !other.enabled {
            continue;
        }
        if other
            .handled_arches()
            .iter()
            .any(|arch| arch.name == want.arch)
        {
            console.say(format!(
                "note: '{}' also handles {} programs; '{}' takes precedence (the kernel tries the newest entry first)",
                other.name, want.arch, want.registration.name
            ))?;
        }
    }
    Ok(())
}

/// Problems the kernel would not report at registration, but that make the
/// entry useless or surprising later: warned about, except a dynamically linked
/// interpreter with the F flag, which is refused (it fails in exactly the chroots and
/// containers F is for).
fn check_interpreter(wanted: &[Wanted], console: &mut Console<'_>) -> Result<(), BinfmtError> {
    let Some(first) = wanted.first() else {
        return Ok(());
    };
    let reg = &first.registration;
    let path = Path::new(&reg.interpreter);
    if !path.exists() {
        console.warn(format!(
            "interpreter {} does not exist here; programs will only run where that path exists",
            reg.interpreter
        ))?;
    } else if reg.flags.fix_binary && has_program_interpreter(path) == Some(true) {
        return Err(BinfmtError::DynamicWithFixBinary { interpreter: reg.interpreter.clone() });
    }
    if !reg.flags.fix_binary && running_in_container() {
        console.warn(format!(
            "running inside a container: without -p (F) the kernel looks {} up wherever a program is started, so programs outside this container will fail to start",
            reg.interpreter
        ))?;
    }
    if reg.flags.preserve_argv0 {
        let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
        if release_reports_preserve_argv0(&release) == Some(false) {
            console.warn(format!(
                "kernel {} is older than 5.12: it does not tell the emulator that P is set (AT_FLAGS), so programs would see the original argv[0] as their first argument",
                release.trim()
            ))?;
        }
    }
    Ok(())
}

/// The marker files Docker and Podman put at the root of every container.
fn running_in_container() -> bool {
    Path::new("/.dockerenv").exists() || Path::new("/run/.containerenv").exists()
}

/// Whether a kernel release string ("6.1.0-18-amd64") is new enough to put
/// AT_FLAGS_PRESERVE_ARGV0 in AT_FLAGS (Linux 5.12). `None` if unparsable.
pub fn release_reports_preserve_argv0(release: &str) -> Option<bool> {
    let mut numbers = release.trim().split(|c: char| !c.is_ascii_digit());
    let major: u32 = numbers.next()?.parse().ok()?;
    let minor: u32 = numbers.next()?.parse().ok()?;
    Some((major, minor) >= (5, 12))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::{encode_hex, EntryStatus};
    use crate::flags::EntryFlags;
    use crate::register::Registration;
    use crate::table::find_arch;
    use std::path::PathBuf;

    /// An in-memory binfmt_misc that behaves like the kernel for the parts
    /// install relies on (EEXIST on a taken name, ENOENT on a missing
    /// entry) and can be told to reject one registration.
    #[derive(Default)]
    struct FakeRegistry {
        dir: PathBuf,
        entries: Vec<EntryStatus>,
        /// This exact registration is refused with EINVAL, as a kernel
        /// refusing a flag would.
        reject: Option<Registration>,
        writes: Vec<String>,
    }

    impl FakeRegistry {
        fn with(entries: Vec<EntryStatus>) -> Self {
            FakeRegistry {
                dir: PathBuf::from("/fake"),
                entries,
                ..Default::default()
            }
        }
        fn listing(&self) -> Listing {
            Listing {
                entries: self.entries.clone(),
                mounted: true,
                enabled: Some(true),
                unreadable: vec![],
            }
        }
        fn names(&self) -> Vec<&str> {
            self.entries.iter().map(|e| e.name.as_str()).collect()
        }
    }

    impl Registry for FakeRegistry {
        fn dir(&self) -> &Path {
            &self.dir
        }
        fn list(&self) -> Result<Listing, BinfmtError> {
            Ok(self.listing())
        }
        fn apply(&mut self, change: &Change) -> Result<(), BinfmtError> {
            self.writes.push(change.content()?);
            match change {
                Change::Register(reg) => {
                    if self.reject.as_ref() == Some(reg) {
                        return Err(BinfmtError::KernelRejected {
                            name: reg.name.clone(),
                            flags: reg.flags.letters(),
                            line: change.content()?,
                        });
                    }
                    if self.entries.iter().any(|e| e.name == reg.name) {
                        return Err(BinfmtError::AlreadyExists {
                            name: reg.name.clone(),
                            interpreter: "?".into(),
                            flags: "?".into(),
                        });
                    }
                    self.entries.push(entry_for(reg));
                }
                Change::Control { name, command } => {
                    let index = self
                        .entries
                        .iter()
                        .position(|e| &e.name == name)
                        .ok_or_else(|| BinfmtError::NoSuchEntry {
                            name: name.clone(),
                            dir: self.dir.clone(),
                        })?;
                    match command {
                        EntryCommand::Remove => {
                            self.entries.remove(index);
                        }
                        EntryCommand::Enable => self.entries[index].enabled = true,
                        EntryCommand::Disable => self.entries[index].enabled = false,
                    }
                }
            }
            Ok(())
        }
    }

    fn entry_for(reg: &Registration) -> EntryStatus {
        let text = format!(
            "enabled\ninterpreter {}\nflags: {}\noffset {}\nmagic {}\nmask {}\n",
            reg.interpreter,
            reg.flags.letters(),
            reg.pattern.offset,
            encode_hex(&reg.pattern.magic),
            encode_hex(&reg.pattern.mask)
        );
        EntryStatus::parse(&reg.name, &text).unwrap()
    }

    fn wanted(arch: &'static str, interpreter: &str, flags: &str) -> Wanted {
        Wanted {
            arch,
            registration: Registration::for_arch(
                find_arch(arch).unwrap(),
                format!("crossrun-{arch}"),
                interpreter.into(),
                EntryFlags::parse_letters(flags).unwrap(),
            ),
        }
    }

    fn install(
        registry: &mut FakeRegistry,
        wanted: &[Wanted],
        force: bool,
        dry_run: bool,
    ) -> (Result<(), BinfmtError>, String) {
        let listing = registry.listing();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let result = install_into(
            registry,
            &listing,
            wanted,
            force,
            dry_run,
            &mut Console::new(&mut out, &mut err),
        );
        (result, String::from_utf8(out).unwrap())
    }

    #[test]
    fn registers_new_entries() {
        let mut registry = FakeRegistry::with(vec![]);
        let (result, out) = install(&mut registry, &[wanted("aarch64", "/c", "F")], false, false);
        result.unwrap();
        assert_eq!(registry.names(), ["crossrun-aarch64"]);
        assert!(
            out.contains("registered crossrun-aarch64: aarch64 programs now run with /c (flags F)"),
            "{out}"
        );
    }

    #[test]
    fn identical_entry_is_a_no_op_that_says_so() {
        let want = wanted("aarch64", "/c", "F");
        let mut registry = FakeRegistry::with(vec![entry_for(&want.registration)]);
        let (result, out) = install(&mut registry, &[want], false, false);
        result.unwrap();
        assert!(registry.writes.is_empty());
        assert!(
            out.contains("already registered with the same settings, nothing to do"),
            "{out}"
        );
    }

    #[test]
    fn different_entry_needs_force_and_is_then_replaced() {
        let old = wanted("aarch64", "/usr/bin/qemu-aarch64", "");
        let mut registry = FakeRegistry::with(vec![entry_for(&old.registration)]);
        let new = wanted("aarch64", "/c", "F");
        let (result, _) = install(&mut registry, std::slice::from_ref(&new), false, false);
        let err = result.unwrap_err();
        assert!(matches!(err, BinfmtError::AlreadyExists { .. }));
        assert!(
            err.to_string().contains("--force")
                && err.to_string().contains("/usr/bin/qemu-aarch64"),
            "{err}"
        );
        assert!(registry.writes.is_empty());

        let (result, _) = install(&mut registry, &[new], true, false);
        result.unwrap();
        assert_eq!(registry.entries.len(), 1);
        assert_eq!(registry.entries[0].interpreter, "/c");
    }

    #[test]
    fn failure_midway_removes_what_this_call_added() {
        let mut registry = FakeRegistry::with(vec![]);
        let batch = [
            wanted("aarch64", "/q", ""),
            wanted("s390x", "/q", ""),
            wanted("riscv64", "/q", ""),
        ];
        registry.reject = Some(batch[2].registration.clone());
        let (result, out) = install(&mut registry, &batch, false, false);
        let err = result.unwrap_err();
        assert!(matches!(err, BinfmtError::RolledBack { .. }), "{err}");
        assert!(
            err.to_string()
                .contains("rejected the registration of 'crossrun-riscv64'"),
            "{err}"
        );
        assert!(
            registry.entries.is_empty(),
            "left behind: {:?}",
            registry.names()
        );
        assert!(
            out.contains("rolled back 'crossrun-s390x'")
                && out.contains("rolled back 'crossrun-aarch64'"),
            "{out}"
        );
    }

    #[test]
    fn failed_forced_replacement_puts_the_old_entry_back() {
        let old = wanted("aarch64", "/usr/bin/qemu-aarch64", "OC");
        let mut registry = FakeRegistry::with(vec![entry_for(&old.registration)]);
        let new = wanted("aarch64", "/c", "P");
        registry.reject = Some(new.registration.clone());
        let (result, _) = install(&mut registry, &[new], true, false);
        assert!(result.is_err());
        assert_eq!(registry.entries.len(), 1);
        assert!(registry.entries[0].is_same_registration(&old.registration));
    }

    #[test]
    fn first_step_failing_is_reported_as_is() {
        let mut registry = FakeRegistry::with(vec![]);
        let new = wanted("aarch64", "/c", "");
        registry.reject = Some(new.registration.clone());
        let (result, _) = install(&mut registry, &[new], false, false);
        assert!(matches!(result, Err(BinfmtError::KernelRejected { .. })));
    }

    #[test]
    fn dry_run_prints_the_exact_writes_and_changes_nothing() {
        let old = wanted("aarch64", "/old", "");
        let mut registry = FakeRegistry::with(vec![entry_for(&old.registration)]);
        let new = wanted("aarch64", "/c", "F");
        let (result, out) = install(&mut registry, std::slice::from_ref(&new), true, true);
        result.unwrap();
        assert!(registry.writes.is_empty());
        let expected = format!(
            "would write '-1' to /fake/crossrun-aarch64\nwould write '{}' to /fake/register\n",
            new.registration.register_string().unwrap()
        );
        assert_eq!(out, expected);
    }

    #[test]
    fn other_entries_for_the_same_cpu_are_mentioned() {
        let mut qemu = wanted("aarch64", "/usr/bin/qemu-aarch64", "F");
        qemu.registration.name = "qemu-aarch64".into();
        let mut registry = FakeRegistry::with(vec![entry_for(&qemu.registration)]);
        let (result, out) = install(&mut registry, &[wanted("aarch64", "/c", "")], false, false);
        result.unwrap();
        assert!(
            out.contains("note: 'qemu-aarch64' also handles aarch64 programs"),
            "{out}"
        );
        assert_eq!(registry.entries.len(), 2, "the other entry is left alone");
    }

    #[test]
    fn kernel_release_parsing() {
        assert_eq!(
            release_reports_preserve_argv0("6.18.44-fc-v595\n"),
            Some(true)
        );
        assert_eq!(release_reports_preserve_argv0("5.12.0"), Some(true));
        assert_eq!(
            release_reports_preserve_argv0("5.11.22-generic"),
            Some(false)
        );
        assert_eq!(release_reports_preserve_argv0("4.19.0"), Some(false));
        assert_eq!(release_reports_preserve_argv0(""), None);
        assert_eq!(release_reports_preserve_argv0("x.y"), None);
    }
}
