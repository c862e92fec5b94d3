//! `uninstall`, `enable` and `disable`: pick existing entries (crossrun's
//! own by default, anything by `--name` glob) and write -1, 1 or 0 to them.

use crate::apply::{apply_steps, Step};
use crate::cli::SelectArgs;
use crate::console::Console;
use crate::entry::EntryStatus;
use crate::error::BinfmtError;
use crate::glob::glob_matches;
use crate::mount::is_mounted;
use crate::registry::{Change, EntryCommand, KernelRegistry, Listing, Registry};
use crate::resolve::{check_arch_names, ALL};
use crate::table::OWNED_PREFIX;

/// Which entries a command acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// Every entry whose name matches the glob, whoever registered it.
    NameGlob(String),
    /// Every entry crossrun owns (`crossrun-*`).
    AllOwned,
    /// `crossrun-ARCH` for each of these arches.
    Arches(Vec<String>),
}

impl Selection {
    pub fn from_args(args: &SelectArgs) -> Result<Selection, BinfmtError> {
        if let Some(glob) = &args.name {
            return Ok(Selection::NameGlob(glob.clone()));
        }
        check_arch_names(&args.arches)?;
        if args.arches.is_empty() || args.arches.iter().any(|arch| arch == ALL) {
            Ok(Selection::AllOwned)
        } else {
            Ok(Selection::Arches(args.arches.clone()))
        }
    }

    pub fn picks(&self, entry_name: &str) -> bool {
        match self {
            Selection::NameGlob(glob) => glob_matches(glob, entry_name),
            Selection::AllOwned => entry_name.starts_with(OWNED_PREFIX),
            Selection::Arches(arches) => arches
                .iter()
                .any(|arch| entry_name == format!("{OWNED_PREFIX}{arch}")),
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Selection::NameGlob(glob) => format!("--name '{glob}'"),
            Selection::AllOwned => format!("'{OWNED_PREFIX}*'"),
            Selection::Arches(arches) => arches
                .iter()
                .map(|arch| format!("'{OWNED_PREFIX}{arch}'"))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }

    pub fn select<'a>(&self, listing: &'a Listing) -> Vec<&'a EntryStatus> {
        listing
            .entries
            .iter()
            .filter(|entry| self.picks(&entry.name))
            .collect()
    }
}

pub fn run_uninstall(args: &SelectArgs, console: &mut Console<'_>) -> Result<(), BinfmtError> {
    let selection = Selection::from_args(args)?;
    let dir = &args.target.mount;
    if !is_mounted(dir) {
        // Nothing can be registered where binfmt_misc is not mounted.
        return console.say(format!(
            "binfmt_misc is not mounted on {}, nothing to remove",
            dir.display()
        ));
    }
    let mut registry = KernelRegistry::new(dir);
    let listing = registry.list()?;
    uninstall_from(
        &mut registry,
        &listing,
        &selection,
        args.target.dry_run,
        console,
    )
}

pub fn uninstall_from(
    registry: &mut dyn Registry,
    listing: &Listing,
    selection: &Selection,
    dry_run: bool,
    console: &mut Console<'_>,
) -> Result<(), BinfmtError> {
    let chosen = selection.select(listing);
    if chosen.is_empty() {
        return console.say(format!(
            "no binfmt entry matches {}, nothing to remove",
            selection.describe()
        ));
    }
    let steps: Vec<Step> = chosen
        .iter()
        .map(|entry| Step {
            change: Change::Control {
                name: entry.name.clone(),
                command: EntryCommand::Remove,
            },
            done_message: format!("removed {}", entry.name),
            undo: entry.to_registration().map(Change::Register),
        })
        .collect();
    apply_steps(registry, &steps, dry_run, console)
}

pub fn run_toggle(
    args: &SelectArgs,
    enable: bool,
    console: &mut Console<'_>,
) -> Result<(), BinfmtError> {
    let selection = Selection::from_args(args)?;
    let dir = &args.target.mount;
    if !is_mounted(dir) {
        return Err(BinfmtError::NotMounted { dir: dir.clone() });
    }
    let mut registry = KernelRegistry::new(dir);
    let listing = registry.list()?;
    toggle_in(
        &mut registry,
        &listing,
        &selection,
        enable,
        args.target.dry_run,
        console,
    )
}

pub fn toggle_in(
    registry: &mut dyn Registry,
    listing: &Listing,
    selection: &Selection,
    enable: bool,
    dry_run: bool,
    console: &mut Console<'_>,
) -> Result<(), BinfmtError> {
    let chosen = selection.select(listing);
    if chosen.is_empty() {
        return Err(BinfmtError::NothingSelected {
            selection: selection.describe(),
            dir: registry.dir().to_owned(),
        });
    }
    let (command, opposite, verb) = if enable {
        (EntryCommand::Enable, EntryCommand::Disable, "enabled")
    } else {
        (EntryCommand::Disable, EntryCommand::Enable, "disabled")
    };
    let mut steps = Vec::new();
    for entry in chosen {
        if entry.enabled == enable {
            console.say(format!("{} is already {verb}", entry.name))?;
            continue;
        }
        steps.push(Step {
            change: Change::Control {
                name: entry.name.clone(),
                command,
            },
            done_message: format!("{verb} {}", entry.name),
            undo: Some(Change::Control {
                name: entry.name.clone(),
                command: opposite,
            }),
        });
    }
    apply_steps(registry, &steps, dry_run, console)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::KernelRegistry;
    use std::fs;

    /// A plain directory laid out like binfmt_misc: writing "-1" to an entry
    /// file there overwrites its first bytes (no truncation, as on the real
    /// mount), which is enough to see which files were written.
    fn tree(names: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for name in names {
            fs::write(
                dir.path().join(name),
                "enabled\ninterpreter /i\nflags: \noffset 0\nmagic 7f454c46\nmask ffffffff\n",
            )
            .unwrap();
        }
        dir
    }

    /// The value written over the start of an entry file that said
    /// "enabled" ("-1abled", "0nabled", "1nabled"), or `None` if untouched.
    fn written(dir: &tempfile::TempDir, name: &str) -> Option<&'static str> {
        let text = fs::read_to_string(dir.path().join(name)).unwrap();
        [("-1", "-1abled"), ("0", "0nabled"), ("1", "1nabled")]
            .into_iter()
            .find(|(_, overwritten)| text.starts_with(overwritten))
            .map(|(value, _)| value)
    }

    fn uninstall(dir: &tempfile::TempDir, selection: Selection) -> String {
        let mut registry = KernelRegistry::new(dir.path());
        let listing = registry.list().unwrap();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        uninstall_from(
            &mut registry,
            &listing,
            &selection,
            false,
            &mut Console::new(&mut out, &mut err),
        )
        .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn uninstall_all_touches_only_crossrun_entries() {
        let dir = tree(&["crossrun-aarch64", "crossrun-riscv64", "qemu-aarch64"]);
        let out = uninstall(&dir, Selection::AllOwned);
        assert_eq!(written(&dir, "crossrun-aarch64"), Some("-1"));
        assert_eq!(written(&dir, "crossrun-riscv64"), Some("-1"));
        assert_eq!(written(&dir, "qemu-aarch64"), None);
        assert!(out.contains("removed crossrun-aarch64"), "{out}");
    }

    #[test]
    fn uninstall_by_arch_and_by_glob() {
        let dir = tree(&[
            "crossrun-aarch64",
            "crossrun-riscv64",
            "qemu-aarch64",
            "qemu-arm",
        ]);
        uninstall(&dir, Selection::Arches(vec!["riscv64".into()]));
        assert_eq!(written(&dir, "crossrun-riscv64"), Some("-1"));
        assert_eq!(written(&dir, "crossrun-aarch64"), None);
        uninstall(&dir, Selection::NameGlob("qemu-a*".into()));
        assert_eq!(written(&dir, "qemu-aarch64"), Some("-1"));
        assert_eq!(written(&dir, "qemu-arm"), Some("-1"));
        let out = uninstall(&dir, Selection::NameGlob("nothing-*".into()));
        assert!(
            out.contains("no binfmt entry matches --name 'nothing-*', nothing to remove"),
            "{out}"
        );
    }

    #[test]
    fn enable_disable_write_1_and_0_and_skip_entries_already_there() {
        let dir = tree(&["crossrun-aarch64", "qemu-aarch64"]);
        let mut registry = KernelRegistry::new(dir.path());
        let listing = registry.list().unwrap();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut console = Console::new(&mut out, &mut err);
        toggle_in(
            &mut registry,
            &listing,
            &Selection::AllOwned,
            false,
            false,
            &mut console,
        )
        .unwrap();
        assert_eq!(written(&dir, "crossrun-aarch64"), Some("0"));
        toggle_in(
            &mut registry,
            &listing,
            &Selection::AllOwned,
            true,
            false,
            &mut console,
        )
        .unwrap();
        let err = toggle_in(
            &mut registry,
            &listing,
            &Selection::NameGlob("x*".into()),
            true,
            false,
            &mut console,
        )
        .unwrap_err();
        assert!(matches!(err, BinfmtError::NothingSelected { .. }));
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.contains("disabled crossrun-aarch64")
                && out.contains("crossrun-aarch64 is already enabled"),
            "{out}"
        );
        assert_eq!(written(&dir, "qemu-aarch64"), None);
    }

    #[test]
    fn dry_run_names_each_file_and_value() {
        let dir = tree(&["crossrun-aarch64"]);
        let mut registry = KernelRegistry::new(dir.path());
        let listing = registry.list().unwrap();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut console = Console::new(&mut out, &mut err);
        uninstall_from(
            &mut registry,
            &listing,
            &Selection::AllOwned,
            true,
            &mut console,
        )
        .unwrap();
        toggle_in(
            &mut registry,
            &listing,
            &Selection::AllOwned,
            false,
            true,
            &mut console,
        )
        .unwrap();
        let path = dir.path().join("crossrun-aarch64");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!(
                "would write '-1' to {0}\nwould write '0' to {0}\n",
                path.display()
            )
        );
        assert_eq!(written(&dir, "crossrun-aarch64"), None);
    }
}
