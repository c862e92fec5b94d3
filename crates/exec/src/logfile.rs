//! Where `-d` items and `-strace` go: stderr, or the file `-D` names.
//!
//! The file is opened for each line (append, close-on-exec) and closed again, never
//! kept open: the guest owns the descriptor table, and a program that closes every
//! descriptor or dup2s over one must neither break the log nor find one of its own
//! descriptors written to. Each line is one `write`, so lines from several threads and
//! processes appending to the same file do not interleave.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

static FILE: OnceLock<PathBuf> = OnceLock::new();

/// qemu's `-D` name: one `%d` is the process id; any other `%` is an error.
pub fn expand(pattern: &str, pid: u32) -> Result<String, String> {
    match pattern.find('%') {
        None => Ok(pattern.to_owned()),
        Some(i) if pattern[i..].starts_with("%d") && !pattern[i + 2..].contains('%') => {
            Ok(format!("{}{pid}{}", &pattern[..i], &pattern[i + 2..]))
        }
        Some(_) => Err(format!("bad log file name '{pattern}' (only one %d, for the process id, is allowed)")),
    }
}

/// Sends the log to `path` from now on, checking that it can be written: truncated
/// first unless `append` (a crossrun started by the guest's execve adds to the log of
/// the one before it).
pub fn set(path: &Path, append: bool) -> Result<(), String> {
    let path = std::path::absolute(path).map_err(|e| format!("-D {}: {e}", path.display()))?;
    std::fs::OpenOptions::new()
        .create(true)
        .append(append)
        .write(true)
        .truncate(!append)
        .open(&path)
        .map_err(|e| format!("-D {}: cannot open the log file: {e}", path.display()))?;
    let _ = FILE.set(path);
    Ok(())
}

/// Writes one line (a newline is added) to the log.
pub fn line(args: std::fmt::Arguments<'_>) {
    let mut text = std::fmt::format(args);
    text.push('\n');
    write(&text);
}

/// Writes `text` (whole lines) to the log.
pub fn write(text: &str) {
    if let Some(path) = FILE.get() {
        let opened = std::fs::OpenOptions::new().append(true).create(true).open(path);
        // With no descriptor to spare (or the file gone read-only), the line goes to
        // stderr rather than nowhere.
        if opened.and_then(|mut f| f.write_all(text.as_bytes())).is_ok() {
            return;
        }
    }
    let _ = std::io::stderr().write_all(text.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_d_is_the_pid_and_nothing_else() {
        assert_eq!(expand("/tmp/log-%d.txt", 42), Ok("/tmp/log-42.txt".into()));
        assert_eq!(expand("/tmp/plain", 42), Ok("/tmp/plain".into()));
        assert!(expand("/tmp/%s", 1).is_err());
        assert!(expand("/tmp/%d-%d", 1).is_err());
    }
}
