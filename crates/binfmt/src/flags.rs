//! The binfmt_misc entry flags (the last field of a register string).

use serde::Serialize;

/// The four flags the kernel knows. Letters as in the register string.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct EntryFlags {
    /// P: keep the original argv[0]; the emulator then gets
    /// `[interp, path, argv0, args...]` instead of `[interp, path, args...]`.
    pub preserve_argv0: bool,
    /// O: the kernel opens the program and passes the fd as AT_EXECFD, so
    /// even programs the caller may execute but not read can be emulated.
    pub open_binary: bool,
    /// C: compute credentials (setuid/setgid, file capabilities) from the
    /// program rather than the interpreter. Implies O.
    pub credentials: bool,
    /// F: the kernel opens the interpreter at registration and keeps it
    /// open, so it works in chroots and mount namespaces that lack it.
    pub fix_binary: bool,
}

impl EntryFlags {
    /// The kernel turns C into C+O; doing the same here lets a requested
    /// entry compare equal to what the kernel reports back for it.
    pub fn normalized(mut self) -> Self {
        if self.credentials {
            self.open_binary = true;
        }
        self
    }

    /// Flags as letters, in the order the kernel prints them ("POCF").
    pub fn letters(&self) -> String {
        [
            (self.preserve_argv0, 'P'),
            (self.open_binary, 'O'),
            (self.credentials, 'C'),
            (self.fix_binary, 'F'),
        ]
        .iter()
        .filter(|(set, _)| *set)
        .map(|(_, letter)| *letter)
        .collect()
    }

    /// Parses flag letters as found in a register string or the `flags:`
    /// line of an entry. Returns the first unknown letter on failure.
    pub fn parse_letters(letters: &str) -> Result<Self, char> {
        let mut flags = EntryFlags::default();
        for letter in letters.chars() {
            match letter {
                'P' => flags.preserve_argv0 = true,
                'O' => flags.open_binary = true,
                'C' => flags.credentials = true,
                'F' => flags.fix_binary = true,
                other => return Err(other),
            }
        }
        Ok(flags)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_round_trip_in_kernel_order() {
        let flags = EntryFlags::parse_letters("FCP").unwrap();
        assert_eq!(flags.letters(), "PCF");
        assert_eq!(flags.normalized().letters(), "POCF");
        assert_eq!(EntryFlags::default().letters(), "");
        assert_eq!(EntryFlags::parse_letters("PX"), Err('X'));
    }
}
