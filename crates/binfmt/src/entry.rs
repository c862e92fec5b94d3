//! Reading back a registered entry: the text the kernel returns when an
//! entry file under the binfmt_misc mount is read, e.g.
//!
//! ```text
//! enabled
//! interpreter /usr/bin/crossrun
//! flags: F
//! offset 0
//! magic 7f454c460201010000000000000000000200b700
//! mask ffffffffffffff000000000000000000feffffff
//! ```
//!
//! (`mask` is absent for exact-match entries; extension entries have an
//! `extension .EXT` line instead of offset/magic/mask.)

use crate::flags::EntryFlags;
use crate::register::Registration;
use crate::table::{ArchPattern, Pattern, ARCH_TABLE};

/// How an entry recognises files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Matcher {
    /// Type M. `mask` is `None` when the kernel compares the magic exactly.
    Magic {
        offset: usize,
        magic: Vec<u8>,
        mask: Option<Vec<u8>>,
    },
    /// Type E: the file name ends in `.EXT` (stored without the dot).
    Extension(String),
}

/// A registered binfmt_misc entry, as the kernel describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryStatus {
    pub name: String,
    pub enabled: bool,
    pub interpreter: String,
    pub flags: EntryFlags,
    pub matcher: Matcher,
}

impl EntryStatus {
    /// Parses the text of an entry file. Unknown lines are ignored so that a
    /// future kernel adding a line does not break `status`.
    pub fn parse(name: &str, text: &str) -> Result<EntryStatus, String> {
        let mut lines = text.lines();
        let enabled = match lines.next().map(str::trim) {
            Some("enabled") => true,
            Some("disabled") => false,
            other => {
                return Err(format!(
                    "first line should be enabled/disabled, found {other:?}"
                ))
            }
        };
        let mut interpreter = None;
        let mut flags = EntryFlags::default();
        let mut offset = None;
        let mut magic = None;
        let mut mask = None;
        let mut extension = None;
        for line in lines {
            if let Some(path) = line.strip_prefix("interpreter ") {
                interpreter = Some(path.to_owned());
            } else if let Some(letters) = line.strip_prefix("flags:") {
                flags = EntryFlags::parse_letters(letters.trim())
                    .map_err(|letter| format!("unknown flag '{letter}'"))?;
            } else if let Some(value) = line.strip_prefix("offset ") {
                offset = Some(
                    value
                        .trim()
                        .parse::<usize>()
                        .map_err(|e| format!("bad offset {value:?}: {e}"))?,
                );
            } else if let Some(hex) = line.strip_prefix("magic ") {
                magic = Some(decode_hex(hex.trim())?);
            } else if let Some(hex) = line.strip_prefix("mask ") {
                mask = Some(decode_hex(hex.trim())?);
            } else if let Some(ext) = line.strip_prefix("extension ") {
                extension = Some(ext.trim().trim_start_matches('.').to_owned());
            }
        }
        let interpreter = interpreter.ok_or("no 'interpreter' line")?;
        let matcher = match (extension, magic) {
            (Some(ext), _) => Matcher::Extension(ext),
            (None, Some(magic)) => {
                if let Some(mask) = &mask {
                    if mask.len() != magic.len() {
                        return Err(format!(
                            "mask is {} bytes but magic is {}",
                            mask.len(),
                            magic.len()
                        ));
                    }
                }
                Matcher::Magic {
                    offset: offset.unwrap_or(0),
                    magic,
                    mask,
                }
            }
            (None, None) => return Err("neither 'magic' nor 'extension' line".into()),
        };
        Ok(EntryStatus {
            name: name.to_owned(),
            enabled,
            interpreter,
            flags,
            matcher,
        })
    }

    /// The magic/mask as a [`Pattern`], with a missing mask spelled out as all ones.
    pub fn pattern(&self) -> Option<Pattern> {
        match &self.matcher {
            Matcher::Magic {
                offset,
                magic,
                mask,
            } => Some(Pattern {
                offset: *offset,
                magic: magic.clone(),
                mask: mask.clone().unwrap_or_else(|| vec![0xff; magic.len()]),
            }),
            Matcher::Extension(_) => None,
        }
    }

    /// Whether this entry does exactly what `wanted` would register (the
    /// enabled state aside, which is not part of a registration).
    pub fn is_same_registration(&self, wanted: &Registration) -> bool {
        self.name == wanted.name
            && self.interpreter == wanted.interpreter
            && self.flags.normalized() == wanted.flags.normalized()
            && self.pattern().as_ref() == Some(&wanted.pattern)
    }

    /// A registration that recreates this entry, used to put back an entry
    /// that `install --force` removed when a later step fails.
    pub fn to_registration(&self) -> Option<Registration> {
        Some(Registration {
            name: self.name.clone(),
            pattern: self.pattern()?,
            interpreter: self.interpreter.clone(),
            flags: self.flags,
        })
    }

    /// The table rows whose programs this entry would catch.
    pub fn handled_arches(&self) -> Vec<&'static ArchPattern> {
        match self.pattern() {
            Some(pattern) => ARCH_TABLE
                .iter()
                .filter(|arch| arch.is_handled_by(&pattern))
                .collect(),
            None => Vec::new(),
        }
    }
}

fn decode_hex(hex: &str) -> Result<Vec<u8>, String> {
    let digits = hex.as_bytes();
    if digits.len() % 2 != 0 {
        return Err(format!("odd number of hex digits in {hex:?}"));
    }
    digits
        .chunks_exact(2)
        .map(|pair| {
            std::str::from_utf8(pair)
                .ok()
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
                .ok_or_else(|| format!("not hex: {hex:?}"))
        })
        .collect()
}

/// Lower-case hex without separators, the way the kernel prints magic and mask.
pub fn encode_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::find_arch;

    const QEMU_STYLE: &str =
        "enabled\ninterpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P\nflags: POCF\noffset 0\n\
        magic 7f454c460201010000000000000000000200b700\n\
        mask ffffffffffffff00fffffffffffffffffeffffff\n";

    #[test]
    fn parses_a_magic_entry_and_recognises_its_arch() {
        let entry = EntryStatus::parse("qemu-aarch64", QEMU_STYLE).unwrap();
        assert!(entry.enabled);
        assert_eq!(
            entry.interpreter,
            "/usr/libexec/qemu-binfmt/aarch64-binfmt-P"
        );
        assert_eq!(entry.flags.letters(), "POCF");
        let names: Vec<_> = entry.handled_arches().iter().map(|a| a.name).collect();
        assert_eq!(names, ["aarch64"]);
    }

    #[test]
    fn our_own_registration_reads_back_as_the_same() {
        let reg = Registration::for_arch(
            find_arch("mipsn32el").unwrap(),
            "crossrun-mipsn32el".into(),
            "/usr/bin/crossrun".into(),
            EntryFlags::parse_letters("C").unwrap(),
        );
        let text = format!(
            "disabled\ninterpreter /usr/bin/crossrun\nflags: OC\noffset 0\nmagic {}\nmask {}\n",
            encode_hex(&reg.pattern.magic),
            encode_hex(&reg.pattern.mask)
        );
        let entry = EntryStatus::parse("crossrun-mipsn32el", &text).unwrap();
        assert!(!entry.enabled);
        assert!(entry.is_same_registration(&reg));
        assert_eq!(
            entry.to_registration().unwrap().register_string().unwrap(),
            reg.register_string().unwrap()
        );
        let mut other = reg.clone();
        other.interpreter = "/usr/bin/qemu-mipsn32el".into();
        assert!(!entry.is_same_registration(&other));
    }

    #[test]
    fn extension_and_exact_entries() {
        let entry = EntryStatus::parse(
            "python3.11",
            "enabled\ninterpreter /usr/bin/python3.11\nflags: \nextension .pyc\n",
        )
        .unwrap();
        assert_eq!(entry.matcher, Matcher::Extension("pyc".into()));
        assert!(entry.handled_arches().is_empty());
        let exact = EntryStatus::parse(
            "x",
            "enabled\ninterpreter /x\nflags: \noffset 2\nmagic 0d0a\n",
        )
        .unwrap();
        assert_eq!(exact.pattern().unwrap().mask, vec![0xff, 0xff]);
    }

    #[test]
    fn malformed_entries_are_errors_not_panics() {
        for text in [
            "",
            "maybe\n",
            "enabled\n",
            "enabled\ninterpreter /x\nflags: Z\nmagic 00\n",
            "enabled\ninterpreter /x\nmagic 0\n",
            "enabled\ninterpreter /x\nmagic zz\n",
            "enabled\ninterpreter /x\nmagic 00\nmask 0000\n",
            "enabled\ninterpreter /x\noffset -1\nmagic 00\n",
            "enabled\ninterpreter /x\nmagic é\n",
        ] {
            assert!(EntryStatus::parse("bad", text).is_err(), "{text:?}");
        }
    }
}
