//! The register string `:name:type:offset:magic:mask:interpreter:flags`
//! written to `binfmt_misc/register`, and the limits the kernel puts on it
//! (Documentation/admin-guide/binfmt-misc.rst and fs/binfmt_misc.c).

use crate::error::BinfmtError;
use crate::flags::EntryFlags;
use crate::table::{ArchPattern, Pattern};
use std::fmt::Write as _;

/// The kernel refuses register strings longer than this (MAX_REGISTER_LENGTH).
pub const MAX_REGISTER_LEN: usize = 1920;
/// Longest interpreter path the kernel documentation allows.
pub const MAX_INTERPRETER_LEN: usize = 127;
/// The magic must lie within the first 128 bytes of the file (offset +
/// length ≤ 128). Newer kernels read 256, but 128 is what every kernel takes.
pub const MAX_MAGIC_END: usize = 128;
/// Files in the binfmt_misc directory that are not entries.
pub const CONTROL_FILES: &[&str] = &["register", "status"];

/// One binfmt_misc entry of type M (magic), as crossrun registers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    pub name: String,
    pub pattern: Pattern,
    pub interpreter: String,
    pub flags: EntryFlags,
}

impl Registration {
    /// The entry that sends `arch`'s programs to `interpreter`.
    pub fn for_arch(
        arch: &ArchPattern,
        name: String,
        interpreter: String,
        flags: EntryFlags,
    ) -> Self {
        Registration {
            name,
            pattern: arch.pattern(),
            interpreter,
            flags: flags.normalized(),
        }
    }

    /// Checks every field against the kernel's rules, so that a bad entry is
    /// reported by name before anything is written, instead of as a bare
    /// EINVAL from the kernel.
    pub fn validate(&self) -> Result<(), BinfmtError> {
        validate_name(&self.name)?;
        validate_interpreter(&self.interpreter)?;
        let pattern = &self.pattern;
        let invalid = |reason: String| BinfmtError::InvalidPattern {
            name: self.name.clone(),
            reason,
        };
        if pattern.magic.is_empty() {
            return Err(invalid("magic is empty".into()));
        }
        if pattern.mask.len() != pattern.magic.len() {
            return Err(invalid(format!(
                "mask is {} bytes but magic is {}",
                pattern.mask.len(),
                pattern.magic.len()
            )));
        }
        if pattern.offset.saturating_add(pattern.magic.len()) > MAX_MAGIC_END {
            return Err(invalid(format!(
                "offset {} + magic length {} goes past the first {MAX_MAGIC_END} bytes the kernel looks at",
                pattern.offset,
                pattern.magic.len()
            )));
        }
        Ok(())
    }

    /// The exact line to write to `register` (no trailing newline).
    pub fn register_string(&self) -> Result<String, BinfmtError> {
        self.validate()?;
        let line = format!(
            ":{}:M:{}:{}:{}:{}:{}",
            self.name,
            self.pattern.offset,
            escape_bytes(&self.pattern.magic),
            escape_bytes(&self.pattern.mask),
            self.interpreter,
            self.flags.normalized().letters()
        );
        if line.len() > MAX_REGISTER_LEN {
            return Err(BinfmtError::RegisterStringTooLong {
                name: self.name.clone(),
                len: line.len(),
                max: MAX_REGISTER_LEN,
            });
        }
        Ok(line)
    }
}

/// Escapes every byte as `\xHH`. Escaping all of them (not only the
/// unprintable ones) keeps the delimiter ':' and NUL out of the string, and
/// is what update-binfmts files expect too.
pub fn escape_bytes(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 4);
    for byte in bytes {
        // Writing to a String cannot fail.
        let _ = write!(out, "\\x{byte:02x}");
    }
    out
}

/// Entry names become file names under the binfmt_misc mount.
pub fn validate_name(name: &str) -> Result<(), BinfmtError> {
    let reason = if name.is_empty() {
        Some("it is empty")
    } else if name == "." || name == ".." {
        Some("'.' and '..' are not allowed")
    } else if name.contains('/') {
        Some("it must not contain '/'")
    } else if name.contains(':') {
        Some("it must not contain ':' (the register string delimiter)")
    } else if name.chars().any(char::is_control) {
        Some("it must not contain control characters")
    } else if CONTROL_FILES.contains(&name) {
        Some("'register' and 'status' are binfmt_misc's own files")
    } else {
        None
    };
    match reason {
        Some(reason) => Err(BinfmtError::InvalidName {
            name: name.to_owned(),
            reason,
        }),
        None => Ok(()),
    }
}

fn validate_interpreter(interpreter: &str) -> Result<(), BinfmtError> {
    let reason = if !interpreter.starts_with('/') {
        Some("it must be an absolute path (the kernel resolves it from whatever directory the program runs in)".to_owned())
    } else if interpreter.len() > MAX_INTERPRETER_LEN {
        Some(format!(
            "it is {} bytes, the kernel allows at most {MAX_INTERPRETER_LEN}",
            interpreter.len()
        ))
    } else if interpreter.contains(':') {
        Some("it must not contain ':' (the register string delimiter)".to_owned())
    } else if interpreter.chars().any(char::is_control) {
        Some("it must not contain control characters".to_owned())
    } else {
        None
    };
    match reason {
        Some(reason) => Err(BinfmtError::InvalidInterpreter {
            interpreter: interpreter.to_owned(),
            reason,
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::find_arch;

    fn aarch64(name: &str, interpreter: &str, flags: &str) -> Registration {
        Registration::for_arch(
            find_arch("aarch64").unwrap(),
            name.into(),
            interpreter.into(),
            EntryFlags::parse_letters(flags).unwrap(),
        )
    }

    #[test]
    fn register_string_has_the_kernel_format() {
        let line = aarch64("crossrun-aarch64", "/usr/bin/crossrun", "F")
            .register_string()
            .unwrap();
        assert_eq!(
            line,
            ":crossrun-aarch64:M:0:\
             \\x7f\\x45\\x4c\\x46\\x02\\x01\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x02\\x00\\xb7\\x00:\
             \\xff\\xff\\xff\\xff\\xff\\xff\\xff\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\xfe\\xff\\xff\\xff:\
             /usr/bin/crossrun:F"
        );
        // Fields split on ':' exactly as the kernel does: 8 fields, leading empty one.
        assert_eq!(line.split(':').count(), 8);
    }

    #[test]
    fn credential_flag_is_written_with_the_open_binary_it_implies() {
        let line = aarch64("x", "/i", "CP").register_string().unwrap();
        assert!(line.ends_with(":/i:POC"), "{line}");
    }

    #[test]
    fn names_the_kernel_would_reject_are_refused() {
        for bad in ["", ".", "..", "a/b", "a:b", "a\nb", "register", "status"] {
            let err = aarch64(bad, "/i", "").register_string().unwrap_err();
            assert!(
                matches!(err, BinfmtError::InvalidName { .. }),
                "{bad:?}: {err}"
            );
        }
        assert!(aarch64("crossrun-aarch64.v2 (test)", "/i", "")
            .register_string()
            .is_ok());
    }

    #[test]
    fn interpreter_limits() {
        let longest = format!("/{}", "a".repeat(MAX_INTERPRETER_LEN - 1));
        assert!(aarch64("x", &longest, "").register_string().is_ok());
        let too_long = format!("/{}", "a".repeat(MAX_INTERPRETER_LEN));
        let err = aarch64("x", &too_long, "").register_string().unwrap_err();
        assert!(err.to_string().contains("at most 127"), "{err}");
        for bad in ["relative/qemu", "", "/opt/a:b", "/bin/x\n"] {
            let err = aarch64("x", bad, "").register_string().unwrap_err();
            assert!(
                matches!(err, BinfmtError::InvalidInterpreter { .. }),
                "{bad:?}: {err}"
            );
        }
    }

    #[test]
    fn whole_string_limit_is_1920_bytes() {
        // 127-byte interpreter + widest magic/mask within 128 bytes: 4 chars per byte each.
        let mut reg = aarch64("n", &format!("/{}", "a".repeat(126)), "POCF");
        reg.pattern = Pattern {
            offset: 0,
            magic: vec![1; 128],
            mask: vec![0xff; 128],
        };
        let base = reg.register_string().unwrap().len();
        assert!(base <= MAX_REGISTER_LEN);
        // Grow the name until the whole string is one byte over the limit.
        reg.name = "n".repeat(1 + MAX_REGISTER_LEN - base + 1);
        let err = reg.register_string().unwrap_err();
        assert!(
            matches!(err, BinfmtError::RegisterStringTooLong { len, .. } if len == MAX_REGISTER_LEN + 1),
            "{err}"
        );
        reg.name.pop();
        assert_eq!(reg.register_string().unwrap().len(), MAX_REGISTER_LEN);
    }

    #[test]
    fn magic_must_fit_the_first_128_bytes_and_mask_must_match_it() {
        let mut reg = aarch64("x", "/i", "");
        reg.pattern = Pattern {
            offset: 100,
            magic: vec![1; 29],
            mask: vec![0xff; 29],
        };
        assert!(matches!(
            reg.validate(),
            Err(BinfmtError::InvalidPattern { .. })
        ));
        reg.pattern = Pattern {
            offset: 100,
            magic: vec![1; 28],
            mask: vec![0xff; 28],
        };
        assert!(reg.validate().is_ok());
        reg.pattern.mask.pop();
        assert!(matches!(
            reg.validate(),
            Err(BinfmtError::InvalidPattern { .. })
        ));
        reg.pattern = Pattern {
            offset: 0,
            magic: vec![],
            mask: vec![],
        };
        assert!(matches!(
            reg.validate(),
            Err(BinfmtError::InvalidPattern { .. })
        ));
    }

    #[test]
    fn every_table_row_yields_a_valid_register_string() {
        for arch in crate::table::ARCH_TABLE {
            let reg = Registration::for_arch(
                arch,
                format!("crossrun-{}", arch.name),
                "/usr/local/bin/crossrun".into(),
                EntryFlags::default(),
            );
            let line = reg.register_string().unwrap();
            assert!(!line.contains('\0'));
            assert_eq!(line.split(':').count(), 8, "{}", arch.name);
        }
    }
}
