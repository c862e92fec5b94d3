//! Talking to a binfmt_misc mount: listing its entries and applying changes
//! (register, enable, disable, remove). The [`Registry`] trait lets the
//! command logic run against an in-memory fake in unit tests.

use crate::entry::EntryStatus;
use crate::error::BinfmtError;
use crate::register::{Registration, CONTROL_FILES};
use std::fs::{self, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

/// Default binfmt_misc mount point.
pub const DEFAULT_MOUNT: &str = "/proc/sys/fs/binfmt_misc";

/// What an entry file accepts: "1" enables, "0" disables, "-1" removes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryCommand {
    Enable,
    Disable,
    Remove,
}

impl EntryCommand {
    pub fn text(self) -> &'static str {
        match self {
            EntryCommand::Enable => "1",
            EntryCommand::Disable => "0",
            EntryCommand::Remove => "-1",
        }
    }
}

/// One write to one binfmt_misc file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Register(Registration),
    Control { name: String, command: EntryCommand },
}

impl Change {
    /// The file this change writes to.
    pub fn target(&self, dir: &Path) -> PathBuf {
        match self {
            Change::Register(_) => dir.join("register"),
            Change::Control { name, .. } => dir.join(name),
        }
    }

    /// The exact bytes written (as text).
    pub fn content(&self) -> Result<String, BinfmtError> {
        match self {
            Change::Register(registration) => registration.register_string(),
            Change::Control { command, .. } => Ok(command.text().to_owned()),
        }
    }

    /// The name of the entry this change is about.
    pub fn entry_name(&self) -> &str {
        match self {
            Change::Register(registration) => &registration.name,
            Change::Control { name, .. } => name,
        }
    }
}

/// Everything visible under a binfmt_misc mount point.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    /// Parsed entries, sorted by name.
    pub entries: Vec<EntryStatus>,
    /// Entry files that could not be read or parsed: (name, reason).
    pub unreadable: Vec<(String, String)>,
    /// Whether binfmt_misc itself is mounted there (its `register` file exists).
    pub mounted: bool,
    /// The global switch (`status` file); `None` when there is no such file.
    pub enabled: Option<bool>,
}

impl Listing {
    pub fn find(&self, name: &str) -> Option<&EntryStatus> {
        self.entries.iter().find(|entry| entry.name == name)
    }
}

/// A binfmt_misc instance the commands can inspect and change.
pub trait Registry {
    /// The mount point, used to say where changes go.
    fn dir(&self) -> &Path;
    fn list(&self) -> Result<Listing, BinfmtError>;
    fn apply(&mut self, change: &Change) -> Result<(), BinfmtError>;
}

/// The real thing: files under a mount point (or any directory laid out
/// like one, which is how `status --mount` reads a fake tree).
#[derive(Debug, Clone)]
pub struct KernelRegistry {
    dir: PathBuf,
}

impl KernelRegistry {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        KernelRegistry { dir: dir.into() }
    }
}

impl Registry for KernelRegistry {
    fn dir(&self) -> &Path {
        &self.dir
    }

    fn list(&self) -> Result<Listing, BinfmtError> {
        list_directory(&self.dir)
    }

    fn apply(&mut self, change: &Change) -> Result<(), BinfmtError> {
        let path = change.target(&self.dir);
        let content = change.content()?;
        // Never create or truncate: on a real mount the files exist, and
        // creating one would only hide a mistake (e.g. a wrong --mount).
        let mut file =
            OpenOptions::new()
                .write(true)
                .open(&path)
                .map_err(|err| match err.kind() {
                    ErrorKind::NotFound => match change {
                        Change::Register(_) => BinfmtError::NotMounted {
                            dir: self.dir.clone(),
                        },
                        Change::Control { name, .. } => BinfmtError::NoSuchEntry {
                            name: name.clone(),
                            dir: self.dir.clone(),
                        },
                    },
                    _ => BinfmtError::from_io(&path, err),
                })?;
        // The kernel parses each write() on its own, so the string must go
        // out in one call; write_all issues exactly one for a short buffer.
        file.write_all(content.as_bytes())
            .map_err(|err| write_error(&self.dir, change, &content, &path, err))
    }
}

/// Turns the errno of a failed write into what it means for that write.
fn write_error(
    dir: &Path,
    change: &Change,
    content: &str,
    path: &Path,
    err: std::io::Error,
) -> BinfmtError {
    let Change::Register(registration) = change else {
        return BinfmtError::from_io(path, err);
    };
    match err.raw_os_error() {
        Some(libc::EINVAL) => BinfmtError::KernelRejected {
            name: registration.name.clone(),
            flags: registration.flags.normalized().letters(),
            line: content.to_owned(),
        },
        Some(libc::EEXIST) => {
            let existing = fs::read_to_string(dir.join(&registration.name))
                .ok()
                .and_then(|text| EntryStatus::parse(&registration.name, &text).ok());
            BinfmtError::AlreadyExists {
                name: registration.name.clone(),
                interpreter: existing
                    .as_ref()
                    .map_or("?".into(), |e| e.interpreter.clone()),
                flags: existing.as_ref().map_or("?".into(), |e| e.flags.letters()),
            }
        }
        Some(libc::EPERM) | Some(libc::EROFS) | Some(libc::ENOMEM) | None => {
            BinfmtError::from_io(path, err)
        }
        // With F, the kernel opens the interpreter inside this write, so any
        // other errno (ENOENT, EACCES, ENOEXEC, ...) is about the interpreter.
        Some(_) if registration.flags.fix_binary => BinfmtError::InterpreterUnopenable {
            name: registration.name.clone(),
            interpreter: registration.interpreter.clone(),
            source: err,
        },
        Some(_) => BinfmtError::from_io(path, err),
    }
}

fn list_directory(dir: &Path) -> Result<Listing, BinfmtError> {
    let read_dir = fs::read_dir(dir).map_err(|err| match err.kind() {
        ErrorKind::NotFound => BinfmtError::MountPointMissing {
            dir: dir.to_owned(),
        },
        _ => BinfmtError::from_io(dir, err),
    })?;
    let mut listing = Listing {
        mounted: dir.join("register").symlink_metadata().is_ok(),
        enabled: fs::read_to_string(dir.join("status"))
            .ok()
            .and_then(|text| match text.trim() {
                "enabled" => Some(true),
                "disabled" => Some(false),
                _ => None,
            }),
        ..Listing::default()
    };
    for dir_entry in read_dir {
        let dir_entry = dir_entry.map_err(|err| BinfmtError::from_io(dir, err))?;
        let name = dir_entry.file_name().to_string_lossy().into_owned();
        if CONTROL_FILES.contains(&name.as_str())
            || !dir_entry.file_type().is_ok_and(|t| t.is_file())
        {
            continue;
        }
        match fs::read_to_string(dir_entry.path()) {
            Ok(text) => match EntryStatus::parse(&name, &text) {
                Ok(entry) => listing.entries.push(entry),
                Err(reason) => listing.unreadable.push((name, reason)),
            },
            Err(err) => listing.unreadable.push((name, err.to_string())),
        }
    }
    listing.entries.sort_by(|a, b| a.name.cmp(&b.name));
    listing.unreadable.sort();
    Ok(listing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_a_fake_tree_and_skips_control_files() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("status"), "enabled\n").unwrap();
        fs::write(dir.path().join("register"), "").unwrap();
        fs::write(
            dir.path().join("b-entry"),
            "disabled\ninterpreter /usr/bin/x\nflags: PF\noffset 0\nmagic 7f45\nmask ffff\n",
        )
        .unwrap();
        fs::write(dir.path().join("a-broken"), "garbage\n").unwrap();
        fs::create_dir(dir.path().join("subdir")).unwrap();
        let listing = KernelRegistry::new(dir.path()).list().unwrap();
        assert!(listing.mounted);
        assert_eq!(listing.enabled, Some(true));
        assert_eq!(listing.entries.len(), 1);
        assert_eq!(listing.entries[0].name, "b-entry");
        assert_eq!(listing.unreadable.len(), 1);
        assert_eq!(listing.unreadable[0].0, "a-broken");
    }

    #[test]
    fn write_errnos_become_the_errors_they_mean() {
        let dir = Path::new("/m");
        let reg = |flags: &str| {
            Change::Register(Registration::for_arch(
                crate::table::find_arch("aarch64").unwrap(),
                "crossrun-aarch64".into(),
                "/usr/bin/crossrun".into(),
                crate::flags::EntryFlags::parse_letters(flags).unwrap(),
            ))
        };
        let errno = std::io::Error::from_raw_os_error;
        let path = dir.join("register");
        let map = |change: &Change, code: i32| write_error(dir, change, "line", &path, errno(code));
        assert!(
            matches!(map(&reg("PF"), libc::EINVAL), BinfmtError::KernelRejected { ref flags, .. } if flags == "PF")
        );
        assert!(matches!(
            map(&reg(""), libc::EEXIST),
            BinfmtError::AlreadyExists { .. }
        ));
        assert!(matches!(
            map(&reg("F"), libc::ENOENT),
            BinfmtError::InterpreterUnopenable { .. }
        ));
        assert!(matches!(
            map(&reg("F"), libc::EACCES),
            BinfmtError::InterpreterUnopenable { .. }
        ));
        assert!(matches!(
            map(&reg(""), libc::EACCES),
            BinfmtError::NotRoot { .. }
        ));
        assert!(matches!(
            map(&reg("F"), libc::EPERM),
            BinfmtError::NotRoot { .. }
        ));
        assert!(matches!(
            map(&reg(""), libc::EROFS),
            BinfmtError::ReadOnly { .. }
        ));
        let remove = Change::Control {
            name: "x".into(),
            command: EntryCommand::Remove,
        };
        assert!(matches!(map(&remove, libc::EINVAL), BinfmtError::Io { .. }));
        let message = map(&reg("F"), libc::EINVAL).to_string();
        assert!(
            !message.contains('\n') && message.contains("may not support flags 'F'"),
            "{message}"
        );
    }

    #[test]
    fn missing_directory_and_missing_entry_are_named_errors() {
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("gone");
        assert!(matches!(
            KernelRegistry::new(&gone).list(),
            Err(BinfmtError::MountPointMissing { .. })
        ));
        let mut registry = KernelRegistry::new(dir.path());
        let remove = Change::Control {
            name: "nope".into(),
            command: EntryCommand::Remove,
        };
        assert!(matches!(
            registry.apply(&remove),
            Err(BinfmtError::NoSuchEntry { .. })
        ));
        let register = Change::Register(Registration::for_arch(
            crate::table::find_arch("aarch64").unwrap(),
            "x".into(),
            "/x".into(),
            Default::default(),
        ));
        assert!(matches!(
            registry.apply(&register),
            Err(BinfmtError::NotMounted { .. })
        ));
    }
}
