//! `crossrun binfmt status`: every registered entry, which CPU it handles
//! (found by testing its magic/mask against sample headers of every table
//! row), as a table for people or as JSON for scripts.

use crate::cli::StatusArgs;
use crate::console::Console;
use crate::entry::{encode_hex, EntryStatus, Matcher};
use crate::error::BinfmtError;
use crate::flags::EntryFlags;
use crate::registry::{KernelRegistry, Listing, Registry};
use crate::table::OWNED_PREFIX;
use serde::Serialize;
use std::path::Path;

/// The JSON document `status --json` prints.
#[derive(Debug, Clone, Serialize)]
pub struct StatusReport {
    pub mount_point: String,
    /// Whether binfmt_misc is mounted there (false for a plain directory).
    pub mounted: bool,
    /// The global on/off switch; null when there is no `status` file.
    pub enabled: Option<bool>,
    pub entries: Vec<EntryReport>,
    /// Entry files that could not be read or parsed.
    pub unreadable: Vec<UnreadableEntry>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EntryReport {
    pub name: String,
    pub enabled: bool,
    pub interpreter: String,
    /// Flag letters in kernel order, e.g. "POCF".
    pub flags: String,
    pub flag_details: EntryFlags,
    /// "magic" or "extension".
    pub kind: &'static str,
    pub offset: Option<usize>,
    /// Hex, as the kernel prints it.
    pub magic: Option<String>,
    pub mask: Option<String>,
    pub extension: Option<String>,
    /// Table architectures whose programs this entry catches.
    pub arches: Vec<&'static str>,
    /// Whether the name marks it as crossrun's (`crossrun-` prefix).
    pub owned: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnreadableEntry {
    pub name: String,
    pub error: String,
}

impl EntryReport {
    pub fn from_entry(entry: &EntryStatus) -> Self {
        let (kind, offset, magic, mask, extension) = match &entry.matcher {
            Matcher::Magic {
                offset,
                magic,
                mask,
            } => (
                "magic",
                Some(*offset),
                Some(encode_hex(magic)),
                mask.as_deref().map(encode_hex),
                None,
            ),
            Matcher::Extension(ext) => ("extension", None, None, None, Some(ext.clone())),
        };
        EntryReport {
            name: entry.name.clone(),
            enabled: entry.enabled,
            interpreter: entry.interpreter.clone(),
            flags: entry.flags.letters(),
            flag_details: entry.flags,
            kind,
            offset,
            magic,
            mask,
            extension,
            arches: entry
                .handled_arches()
                .iter()
                .map(|arch| arch.name)
                .collect(),
            owned: entry.name.starts_with(OWNED_PREFIX),
        }
    }
}

/// Reads the mount point (never mounts or changes anything) and prints
/// the table or JSON.
pub fn run_status(args: &StatusArgs, console: &mut Console<'_>) -> Result<(), BinfmtError> {
    let listing = KernelRegistry::new(&args.mount).list()?;
    let report = build_report(&listing, &args.mount);
    if args.json {
        let json = serde_json::to_string_pretty(&report)?;
        console.say(json)
    } else {
        console.print(render_table(&report))
    }
}

pub fn build_report(listing: &Listing, mount_point: &Path) -> StatusReport {
    StatusReport {
        mount_point: mount_point.display().to_string(),
        mounted: listing.mounted,
        enabled: listing.enabled,
        entries: listing
            .entries
            .iter()
            .map(EntryReport::from_entry)
            .collect(),
        unreadable: listing
            .unreadable
            .iter()
            .map(|(name, error)| UnreadableEntry {
                name: name.clone(),
                error: error.clone(),
            })
            .collect(),
    }
}

/// The human-readable form: a heading line, then one aligned row per entry.
pub fn render_table(report: &StatusReport) -> String {
    let state = match (report.mounted, report.enabled) {
        (_, Some(true)) => "enabled",
        (_, Some(false)) => "disabled (no entry is used)",
        (false, None) => "not mounted",
        (true, None) => "mounted",
    };
    let mut text = format!("binfmt_misc on {}: {state}\n", report.mount_point);
    if report.entries.is_empty() && report.unreadable.is_empty() {
        text.push_str("no entries registered\n");
        return text;
    }
    let header = ["NAME", "ENABLED", "ARCH", "FLAGS", "INTERPRETER"].map(String::from);
    let mut rows = vec![header];
    for entry in &report.entries {
        let arch = match (&entry.extension, entry.arches.is_empty()) {
            (Some(ext), _) => format!("*.{ext}"),
            (None, true) => "-".to_owned(),
            (None, false) => entry.arches.join(","),
        };
        let flags = if entry.flags.is_empty() {
            "-".to_owned()
        } else {
            entry.flags.clone()
        };
        let enabled = if entry.enabled { "yes" } else { "no" };
        rows.push([
            entry.name.clone(),
            enabled.into(),
            arch,
            flags,
            entry.interpreter.clone(),
        ]);
    }
    let widths: Vec<usize> = (0..4)
        .map(|col| {
            rows.iter()
                .map(|row| row[col].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in &rows {
        for (col, cell) in row.iter().enumerate() {
            if col < 4 {
                text.push_str(&format!("{cell:<width$}  ", width = widths[col]));
            } else {
                text.push_str(cell);
            }
        }
        text.push('\n');
    }
    for unreadable in &report.unreadable {
        text.push_str(&format!(
            "{}: unreadable ({})\n",
            unreadable.name, unreadable.error
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    /// A directory laid out like a binfmt_misc mount, with entry files in
    /// the kernel's format.
    fn fake_tree() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("status"), "enabled\n").unwrap();
        fs::write(
            dir.path().join("crossrun-aarch64"),
            "enabled\ninterpreter /usr/bin/x\nflags: PF\noffset 0\n\
             magic 7f454c460201010000000000000000000200b700\n\
             mask ffffffffffffff000000000000000000feffffff\n",
        )
        .unwrap();
        fs::write(
            dir.path().join("qemu-mipsel"),
            "disabled\ninterpreter /usr/libexec/qemu-binfmt/mipsel-binfmt-P\nflags: OCF\noffset 0\n\
             magic 7f454c4601010100000000000000000002000800\n\
             mask ffffffffffffff00fffffffffffffffffeffffff\n",
        )
        .unwrap();
        fs::write(
            dir.path().join("python3.11"),
            "enabled\ninterpreter /usr/bin/python3.11\nflags: \nextension .pyc\n",
        )
        .unwrap();
        fs::write(dir.path().join("broken"), "what\n").unwrap();
        dir
    }

    #[test]
    fn json_status_of_a_fake_tree() {
        let dir = fake_tree();
        let listing = KernelRegistry::new(dir.path()).list().unwrap();
        let json = serde_json::to_value(build_report(&listing, dir.path())).unwrap();
        assert_eq!(
            json["mounted"], false,
            "no 'register' file: not a real mount"
        );
        assert_eq!(json["enabled"], true);
        let entries = json["entries"].as_array().unwrap();
        let names: Vec<_> = entries
            .iter()
            .map(|e| e["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["crossrun-aarch64", "python3.11", "qemu-mipsel"]);

        let ours = &entries[0];
        assert_eq!(ours["enabled"], true);
        assert_eq!(ours["interpreter"], "/usr/bin/x");
        assert_eq!(ours["flags"], "PF");
        assert_eq!(ours["flag_details"]["preserve_argv0"], true);
        assert_eq!(ours["flag_details"]["fix_binary"], true);
        assert_eq!(ours["flag_details"]["credentials"], false);
        assert_eq!(ours["kind"], "magic");
        assert_eq!(ours["offset"], 0);
        assert_eq!(ours["magic"], "7f454c460201010000000000000000000200b700");
        assert_eq!(ours["arches"], serde_json::json!(["aarch64"]));
        assert_eq!(ours["owned"], true);

        let python = &entries[1];
        assert_eq!(python["kind"], "extension");
        assert_eq!(python["extension"], "pyc");
        assert_eq!(python["arches"], serde_json::json!([]));
        assert_eq!(python["magic"], serde_json::Value::Null);

        // A 20-byte o32-style mask does not look at e_flags, so this entry
        // catches n32 programs too: status reports both.
        let mips = &entries[2];
        assert_eq!(mips["enabled"], false);
        assert_eq!(mips["owned"], false);
        assert_eq!(mips["arches"], serde_json::json!(["mipsel", "mipsn32el"]));

        assert_eq!(json["unreadable"][0]["name"], "broken");
    }

    #[test]
    fn table_lists_every_entry_aligned() {
        let dir = fake_tree();
        let listing = KernelRegistry::new(dir.path()).list().unwrap();
        let table = render_table(&build_report(&listing, dir.path()));
        let lines: Vec<&str> = table.lines().collect();
        assert!(lines[0].ends_with(": enabled"), "{table}");
        assert!(lines[1].starts_with("NAME "), "{table}");
        assert!(
            lines[2].starts_with("crossrun-aarch64  yes      aarch64  "),
            "{table}"
        );
        assert!(lines[3].contains("*.pyc"), "{table}");
        assert!(lines[4].contains("mipsel,mipsn32el"), "{table}");
        assert!(lines[5].starts_with("broken: unreadable"), "{table}");
        let interpreter_column = lines[1].find("INTERPRETER").unwrap();
        assert_eq!(lines[2].find("/usr/bin/x"), Some(interpreter_column));
    }

    #[test]
    fn empty_tree_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let listing = KernelRegistry::new(dir.path()).list().unwrap();
        let table = render_table(&build_report(&listing, dir.path()));
        assert!(table.contains("not mounted"), "{table}");
        assert!(table.contains("no entries registered"), "{table}");
    }
}
