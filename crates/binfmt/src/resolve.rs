//! Turning the `[ARCH...|all]` arguments of install/export into table rows.

use crate::error::BinfmtError;
use crate::table::{find_arch, known_arch_names, ArchPattern, Family, EMULATED_ARCHES};

/// The word that stands for every architecture crossrun emulates.
pub const ALL: &str = "all";

/// The host as far as the family rule is concerned.
#[derive(Debug, Clone, Copy)]
pub struct Host {
    /// e.g. "x86_64"; only used in messages.
    pub arch: &'static str,
    pub family: Option<Family>,
}

impl Host {
    pub fn current() -> Host {
        Host {
            arch: std::env::consts::ARCH,
            family: Family::of_host(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub arches: Vec<&'static ArchPattern>,
    /// Arches `all` left out because the host runs them natively.
    pub skipped_as_native: Vec<&'static str>,
}

/// Resolves the arguments:
/// - none, or `all`: every arch crossrun emulates, minus the host's family
///   (unless `ignore_family`);
/// - explicit names must be table rows; naming the host's own family is an
///   error without `ignore_family` (it would hijack native programs), and an
///   arch crossrun does not emulate needs a custom interpreter.
pub fn resolve_arches(
    args: &[String],
    custom_interpreter: bool,
    ignore_family: bool,
    host: Host,
) -> Result<Resolved, BinfmtError> {
    let mut resolved = Resolved {
        arches: Vec::new(),
        skipped_as_native: Vec::new(),
    };
    let is_native = |arch: &ArchPattern| !ignore_family && host.family == Some(arch.family);
    let wants_all = args.is_empty() || args.iter().any(|arg| arg == ALL);
    if wants_all {
        for name in EMULATED_ARCHES {
            let arch = find_arch(name).ok_or_else(|| unknown(name))?;
            if is_native(arch) {
                resolved.skipped_as_native.push(arch.name);
            } else {
                push_unique(&mut resolved.arches, arch);
            }
        }
    }
    for name in args.iter().filter(|arg| *arg != ALL) {
        let arch = find_arch(name).ok_or_else(|| unknown(name))?;
        if is_native(arch) {
            return Err(BinfmtError::HostFamily {
                arch: arch.name.into(),
                host: host.arch.into(),
            });
        }
        if !custom_interpreter && !EMULATED_ARCHES.contains(&arch.name) {
            return Err(BinfmtError::NotEmulated {
                arch: arch.name.into(),
            });
        }
        push_unique(&mut resolved.arches, arch);
    }
    Ok(resolved)
}

/// Checks that every non-`all` argument names a table row (for the
/// commands that select existing entries by arch).
pub fn check_arch_names(args: &[String]) -> Result<(), BinfmtError> {
    match args
        .iter()
        .find(|arg| *arg != ALL && find_arch(arg).is_none())
    {
        Some(name) => Err(unknown(name)),
        None => Ok(()),
    }
}

fn push_unique(arches: &mut Vec<&'static ArchPattern>, arch: &'static ArchPattern) {
    if !arches.iter().any(|known| known.name == arch.name) {
        arches.push(arch);
    }
}

fn unknown(name: &str) -> BinfmtError {
    BinfmtError::UnknownArch {
        arch: name.to_owned(),
        known: known_arch_names(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const X86_HOST: Host = Host {
        arch: "x86_64",
        family: Some(Family::X86),
    };
    const ARM_HOST: Host = Host {
        arch: "aarch64",
        family: Some(Family::Arm),
    };

    fn names(resolved: &Resolved) -> Vec<&str> {
        resolved.arches.iter().map(|a| a.name).collect()
    }

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn all_and_nothing_mean_the_emulated_arches() {
        assert_eq!(
            names(&resolve_arches(&[], false, false, X86_HOST).unwrap()),
            EMULATED_ARCHES
        );
        // `all` already names aarch64: it is registered once.
        assert_eq!(
            names(&resolve_arches(&args(&["all", "aarch64"]), false, false, X86_HOST).unwrap()),
            EMULATED_ARCHES
        );
    }

    #[test]
    fn all_skips_the_host_family_unless_told_not_to() {
        // An arm64 host runs aarch64 (and, with AArch32, arm) itself; the other guests
        // still get entries.
        let on_arm = resolve_arches(&args(&["all"]), false, false, ARM_HOST).unwrap();
        let others: Vec<&str> = EMULATED_ARCHES.iter().copied().filter(|a| !["aarch64", "arm"].contains(a)).collect();
        assert_eq!(names(&on_arm), others);
        assert_eq!(on_arm.skipped_as_native, ["aarch64", "arm"]);
        let forced = resolve_arches(&args(&["all"]), false, true, ARM_HOST).unwrap();
        assert_eq!(names(&forced), EMULATED_ARCHES);
    }

    #[test]
    fn explicit_native_arch_is_an_error_without_ignore_family() {
        for arch in ["x86_64", "i386", "i486"] {
            let err = resolve_arches(&args(&[arch]), true, false, X86_HOST).unwrap_err();
            assert!(
                matches!(err, BinfmtError::HostFamily { .. }),
                "{arch}: {err}"
            );
        }
        assert!(resolve_arches(&args(&["i386"]), true, true, X86_HOST).is_ok());
    }

    #[test]
    fn non_emulated_arch_needs_a_custom_interpreter() {
        let err = resolve_arches(&args(&["s390x"]), false, false, X86_HOST).unwrap_err();
        assert!(matches!(err, BinfmtError::NotEmulated { .. }));
        assert!(err.to_string().contains("--interpreter"));
        let ok = resolve_arches(
            &args(&["ppc64le", "s390x", "ppc64le"]),
            true,
            false,
            X86_HOST,
        )
        .unwrap();
        assert_eq!(names(&ok), ["ppc64le", "s390x"]);
    }

    #[test]
    fn unknown_names_are_errors_listing_the_known_ones() {
        let err = resolve_arches(&args(&["vax"]), true, false, X86_HOST).unwrap_err();
        assert!(err.to_string().contains("unknown architecture 'vax'"));
        assert!(err.to_string().contains("aarch64"));
        assert!(check_arch_names(&args(&["all", "mips"])).is_ok());
        assert!(check_arch_names(&args(&["pdp11"])).is_err());
    }
}
