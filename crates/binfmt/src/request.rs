//! From `install`/`export` arguments to the list of entries wanted: which
//! arches, under which names, with which interpreter and flags.

use crate::cli::EntryArgs;
use crate::console::Console;
use crate::error::BinfmtError;
use crate::flags::EntryFlags;
use crate::register::Registration;
use crate::resolve::{resolve_arches, Host};
use crate::table::OWNED_PREFIX;
use std::path::Path;

/// One entry to register, with the arch it is for.
#[derive(Debug, Clone)]
pub struct Wanted {
    pub arch: &'static str,
    pub registration: Registration,
}

#[derive(Debug, Clone)]
pub struct Request {
    pub wanted: Vec<Wanted>,
    /// Arches `all` skipped because the host runs them natively.
    pub skipped_as_native: Vec<&'static str>,
}

impl Request {
    /// Says which arches `all` left out, so an empty result is not a mystery.
    pub fn report_skipped(&self, console: &mut Console<'_>) -> Result<(), BinfmtError> {
        if !self.skipped_as_native.is_empty() {
            console.say(format!(
                "skipping {}: the host runs its own CPU family natively (--ignore-family to register anyway)",
                self.skipped_as_native.join(", ")
            ))?;
        }
        Ok(())
    }
}

pub fn build_request(
    args: &EntryArgs,
    self_exe: &Path,
    host: Host,
) -> Result<Request, BinfmtError> {
    let resolved = resolve_arches(
        &args.arches,
        args.interpreter.is_some(),
        args.ignore_family,
        host,
    )?;
    if args.name.is_some() && resolved.arches.len() != 1 {
        return Err(BinfmtError::NameNeedsOneArch {
            count: resolved.arches.len(),
        });
    }
    let interpreter_path = args.interpreter.as_deref().unwrap_or(self_exe);
    let interpreter = interpreter_path
        .to_str()
        .ok_or_else(|| BinfmtError::InvalidInterpreter {
            interpreter: interpreter_path.display().to_string(),
            reason: "it is not valid UTF-8".into(),
        })?
        .to_owned();
    let flags = EntryFlags {
        preserve_argv0: args.preserve_argv0,
        open_binary: args.open_binary,
        credentials: args.credential,
        fix_binary: args.persistent,
    }
    .normalized();
    let wanted = resolved
        .arches
        .iter()
        .map(|arch| {
            let name = args
                .name
                .clone()
                .unwrap_or_else(|| format!("{OWNED_PREFIX}{}", arch.name));
            let registration = Registration::for_arch(arch, name, interpreter.clone(), flags);
            registration.validate()?;
            Ok(Wanted {
                arch: arch.name,
                registration,
            })
        })
        .collect::<Result<Vec<_>, BinfmtError>>()?;
    Ok(Request {
        wanted,
        skipped_as_native: resolved.skipped_as_native,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::EMULATED_ARCHES;
    use crate::table::Family;
    use std::path::PathBuf;

    const X86_HOST: Host = Host {
        arch: "x86_64",
        family: Some(Family::X86),
    };

    fn args(arches: &[&str]) -> EntryArgs {
        EntryArgs {
            arches: arches.iter().map(|s| s.to_string()).collect(),
            interpreter: None,
            persistent: false,
            credential: false,
            open_binary: false,
            preserve_argv0: false,
            name: None,
            ignore_family: false,
        }
    }

    #[test]
    fn default_names_interpreter_and_flags() {
        let mut entry = args(&[]);
        entry.persistent = true;
        entry.credential = true;
        let request = build_request(&entry, Path::new("/opt/crossrun"), X86_HOST).unwrap();
        assert_eq!(request.wanted.len(), EMULATED_ARCHES.len());
        for (want, arch) in request.wanted.iter().zip(EMULATED_ARCHES) {
            let reg = &want.registration;
            assert_eq!(reg.name, format!("crossrun-{arch}"));
            assert_eq!(reg.interpreter, "/opt/crossrun");
            assert_eq!(reg.flags.letters(), "OCF");
        }
    }

    #[test]
    fn name_override_needs_exactly_one_arch() {
        let mut entry = args(&["riscv64", "s390x"]);
        entry.interpreter = Some(PathBuf::from("/usr/bin/qemu-x"));
        entry.name = Some("mine".into());
        assert!(matches!(
            build_request(&entry, Path::new("/c"), X86_HOST),
            Err(BinfmtError::NameNeedsOneArch { count: 2 })
        ));
        entry.arches.pop();
        let request = build_request(&entry, Path::new("/c"), X86_HOST).unwrap();
        assert_eq!(request.wanted[0].registration.name, "mine");
        assert_eq!(
            request.wanted[0].registration.interpreter,
            "/usr/bin/qemu-x"
        );
    }

    #[test]
    fn bad_names_and_interpreters_fail_before_anything_is_written() {
        let mut entry = args(&["aarch64"]);
        entry.name = Some("a/b".into());
        assert!(matches!(
            build_request(&entry, Path::new("/c"), X86_HOST),
            Err(BinfmtError::InvalidName { .. })
        ));
        let entry = args(&["aarch64"]);
        assert!(matches!(
            build_request(&entry, Path::new("relative/crossrun"), X86_HOST),
            Err(BinfmtError::InvalidInterpreter { .. })
        ));
    }
}
