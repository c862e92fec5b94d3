//! Runs Debian bookworm's arm64 `busybox-static` under the emulator and
//! compares each applet's output and exit status with the host's x86_64
//! busybox (the same Debian 1:1.35.0 package, so output is identical), or
//! with literal expectations where the host has no busybox.
//!
//! The .deb is fetched once with tests/fetch-deb.sh into
//! `target/deps-cache` (or `$CROSSRUN_CACHE`). Applets run as
//! `busybox APPLET args` in a temp dir. Applets that spawn processes are in
//! `applets_needing_fork`.

use std::fs;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

mod common;
use common::{emulator, repo_root};

/// Path of the arm64 busybox, fetching and extracting it on first use. Tests run on
/// several threads; the fetch happens once, not once per test into the same cache.
fn guest_busybox() -> PathBuf {
    static BUSYBOX: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BUSYBOX.get_or_init(fetch_guest_busybox).clone()
}

fn fetch_guest_busybox() -> PathBuf {
    let cache = std::env::var("CROSSRUN_CACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|_| repo_root().join("target/deps-cache"));
    let bin = cache.join("root/bin/busybox");
    if !bin.exists() {
        let st = Command::new("bash")
            .arg(repo_root().join("tests/fetch-deb.sh"))
            .args(["busybox-static", "arm64"])
            .arg(&cache)
            .status()
            .expect("running tests/fetch-deb.sh");
        assert!(st.success(), "tests/fetch-deb.sh busybox-static arm64 failed");
    }
    assert!(bin.exists(), "{} missing after fetch", bin.display());
    bin
}

struct Env {
    dir: PathBuf,
    guest: PathBuf,
    emu: Vec<String>,
}

impl Env {
    fn new(tag: &str) -> Env {
        let dir = std::env::temp_dir().join(format!("crossrun-busybox-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let mut text = String::new();
        for i in 0..200u32 {
            text += &format!("line {i:03} {} value={}\n", ["alpha", "beta", "gamma", "delta"][(i * 7 % 4) as usize], i * i % 97);
        }
        fs::write(dir.join("lines.txt"), &text).unwrap();
        let bin: Vec<u8> = (0..5000u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
        fs::write(dir.join("data.bin"), &bin).unwrap();
        fs::write(dir.join("words.txt"), "pear\napple\nfig\napple\nbanana\nfig\nfig\nKiwi\n").unwrap();
        fs::create_dir_all(dir.join("tree/sub/deeper")).unwrap();
        fs::write(dir.join("tree/a.txt"), "A\n").unwrap();
        fs::write(dir.join("tree/sub/b.log"), "B\n").unwrap();
        fs::write(dir.join("tree/sub/deeper/c.txt"), "C\n").unwrap();
        Env { dir, guest: guest_busybox(), emu: emulator() }
    }

    fn run(&self, native: bool, args: &[&str], stdin: &[u8]) -> (Vec<u8>, Option<i32>) {
        let mut cmd = if native {
            let mut c = Command::new("busybox");
            c.args(args);
            c
        } else {
            let mut c = Command::new(&self.emu[0]);
            c.args(&self.emu[1..]).arg(&self.guest).args(args);
            c
        };
        cmd.current_dir(&self.dir).env_clear().env("PATH", "/usr/bin:/bin").env("TZ", "UTC").env("LC_ALL", "C");
        // $BB names the busybox of the same side for nested commands.
        cmd.env("BB", if native { PathBuf::from("busybox") } else { self.guest.clone() });
        cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = cmd.spawn().unwrap_or_else(|e| panic!("spawn {:?}: {e}", args));
        let mut input = child.stdin.take().unwrap();
        let data = stdin.to_vec();
        let writer = std::thread::spawn(move || {
            let _ = input.write_all(&data);
        });
        let out = child.wait_with_output().unwrap();
        writer.join().unwrap();
        (out.stdout, out.status.code())
    }

    /// Runs the applet natively (host busybox) and emulated; returns a
    /// mismatch description, or None.
    fn compare(&self, args: &[&str], stdin: &[u8]) -> Option<String> {
        let want = self.run(true, args, stdin);
        let got = self.run(false, args, stdin);
        self.check(args, want, got)
    }

    fn expect(&self, args: &[&str], stdin: &[u8], want: &str) -> Option<String> {
        let got = self.run(false, args, stdin);
        self.check(args, (want.as_bytes().to_vec(), Some(0)), got)
    }

    fn check(&self, args: &[&str], want: (Vec<u8>, Option<i32>), got: (Vec<u8>, Option<i32>)) -> Option<String> {
        let label = args.join(" ");
        if want == got {
            println!("ok   busybox {label}");
            return None;
        }
        println!("FAIL busybox {label}");
        let (w, g) = (String::from_utf8_lossy(&want.0), String::from_utf8_lossy(&got.0));
        let line = w.lines().zip(g.lines()).position(|(a, b)| a != b).unwrap_or(w.lines().count().min(g.lines().count()));
        Some(format!(
            "busybox {label}: status {:?} vs {:?}; first difference at line {}:\n  - {:?}\n  + {:?}",
            want.1,
            got.1,
            line + 1,
            w.lines().nth(line).unwrap_or("<end>"),
            g.lines().nth(line).unwrap_or("<end>")
        ))
    }
}

fn finish(failures: Vec<Option<String>>) {
    let total = failures.len();
    let bad: Vec<String> = failures.into_iter().flatten().collect();
    println!("busybox: {} passed, {} failed", total - bad.len(), bad.len());
    assert!(bad.is_empty(), "{} applet check(s) failed:\n{}", bad.len(), bad.join("\n"));
}

fn have_host_busybox() -> bool {
    Command::new("busybox").arg("true").status().is_ok_and(|s| s.success())
}

#[test]
fn applets_without_fork() {
    assert!(have_host_busybox(), "host busybox (Debian package 'busybox') is required for the reference outputs");
    let e = Env::new("nofork");
    let lines = fs::read(e.dir.join("lines.txt")).unwrap();
    let sh_script = "x=7; y=$((x * 6 + 2 ** 3)); echo \"y=$y mod=$((y % 5)) shift=$((1 << 10)) neg=$((-17 / 4))\"\n\
                     f() { local n=$1; r=1; while [ $n -gt 1 ]; do r=$((r * n)); n=$((n - 1)); done; echo \"fact $1 = $r\"; }\n\
                     for i in 1 5 10 20; do f $i; done\n\
                     i=0; s=0; until [ $i -ge 100 ]; do i=$((i+1)); case $((i % 3)) in 0) s=$((s+i));; *) ;; esac; done; echo sum3=$s\n\
                     set -- a 'b c' d; echo \"argc=$# second=$2\"; v=${HOME:-unset}; echo ${#v}; str=hello.tar.gz; echo ${str%%.*} ${str#*.}\n";
    let results = vec![
        e.compare(&["sh", "-c", sh_script], b""),
        e.compare(&["sed", "-n", "s/^line \\([0-9]*\\) \\(gamma\\).*value=\\([0-9]*\\)/\\3:\\1/p", "lines.txt"], b""),
        e.compare(&["sed", "-e", "1~7d", "-e", "s/a/A/g", "-e", "$a\\THE END", "lines.txt"], b""),
        e.compare(&["awk", "-F", "[ =]", "{ s[$3] += $5; n[$3]++ } END { for (k in s) printf \"%s %d %.3f\\n\", k, s[k], s[k]/n[k] }", "lines.txt"], b""),
        e.compare(&["awk", "BEGIN { x = 1; for (i = 0; i < 40; i++) x = x * 1.5 + i; printf \"%.6e %d %s\\n\", x, length(\"héllo\"), substr(\"abcdef\", 2, 3); print int(-3.7), 2^10, sqrt(2), index(\"banana\",\"nan\") }"], b""),
        e.compare(&["sort", "-t", "=", "-k", "2,2n", "-k", "1,1r", "lines.txt"], b""),
        e.compare(&["sort", "-u", "-f", "words.txt"], b""),
        e.compare(&["uniq", "-c"], b"a\na\nb\nc\nc\nc\na\n"),
        e.compare(&["tr", "a-z", "A-Z"], &lines),
        e.compare(&["tr", "-d", "0-9 \\n"], &lines[..500]),
        e.compare(&["cut", "-d", " ", "-f", "2,4", "lines.txt"], b""),
        e.compare(&["cut", "-c", "3-9,12-"], &lines[..300]),
        e.compare(&["wc", "lines.txt", "data.bin"], b""),
        e.compare(&["sha256sum", "lines.txt", "data.bin"], b""),
        e.compare(&["md5sum", "data.bin"], b""),
        e.compare(&["sha1sum", "lines.txt"], b""),
        e.compare(&["printf", "%5d|%-6s|%x|%o|%c|%.3f|%e|%%\\n", "42", "ab", "255", "8", "Z", "3.14159", "12345.678"], b""),
        e.compare(&["date", "-u", "-d", "@1700000000", "+%Y-%m-%d %H:%M:%S %a %j %s"], b""),
        e.compare(&["date", "-u", "-d", "@0"], b""),
        e.compare(&["seq", "-s", ",", "-w", "5", "3", "40"], b""),
        e.compare(&["seq", "1.5", "0.25", "3"], b""),
        e.compare(&["expr", "12345", "*", "678", "+", "9"], b""),
        e.compare(&["expr", "substr", "crossrun", "2", "4"], b""),
        e.compare(&["expr", "5", "<", "3"], b""),
        e.compare(&["od", "-A", "x", "-t", "x1z", "-N", "64", "data.bin"], b""),
        e.compare(&["od", "-t", "d2", "-N", "32", "data.bin"], b""),
        e.compare(&["dd", "if=data.bin", "bs=7", "skip=3", "count=11", "status=none"], b""),
        e.compare(&["grep", "-n", "-E", "gamma.*value=(1|2)[0-9]$", "lines.txt"], b""),
        e.compare(&["grep", "-c", "-v", "-i", "ALPHA", "lines.txt"], b""),
        e.compare(&["grep", "-q", "nomatch", "lines.txt"], b""),
        e.compare(&["head", "-n", "7", "lines.txt"], b""),
        e.compare(&["head", "-c", "100", "data.bin"], b""),
        e.compare(&["tail", "-n", "5", "lines.txt"], b""),
        e.compare(&["tail", "-c", "+4990", "data.bin"], b""),
        e.compare(&["basename", "/usr/lib/aarch64-linux-gnu/libc.so.6", ".6"], b""),
        e.compare(&["dirname", "/usr/lib/aarch64-linux-gnu/libc.so.6"], b""),
        e.compare(&["base64", "data.bin"], b""),
        e.compare(&["base64", "-d"], b"aGVsbG8gY3Jvc3NydW4K"),
        e.compare(&["find", "tree", "-name", "*.txt", "-type", "f"], b""),
        e.compare(&["find", "tree", "-mindepth", "1", "-type", "d"], b""),
        e.compare(&["cksum", "data.bin"], b""),
        e.compare(&["nl", "-ba", "words.txt"], b""),
        e.compare(&["fold", "-w", "13"], &lines[..400]),
        e.compare(&["tac", "words.txt"], b""),
        e.compare(&["rev"], b"abc\nhello world\n"),
        e.compare(&["factor", "600851475143", "4294967297", "97"], b""),
        e.compare(&["hexdump", "-C", "-n", "48", "data.bin"], b""),
        e.expect(&["echo", "-n", "no newline"], b"", "no newline"),
        e.compare(&["cmp", "lines.txt", "lines.txt"], b""),
    ];
    // gzip / gunzip round trip
    let gz = e.run(false, &["gzip", "-c", "-9", "lines.txt"], b"");
    fs::write(e.dir.join("lines.gz"), &gz.0).unwrap();
    let native_gz = e.run(true, &["gzip", "-c", "-9", "lines.txt"], b"");
    let mut results = results;
    results.push(e.check(&["gzip", "-c", "-9", "lines.txt"], native_gz, gz));
    results.push(e.check(&["gunzip", "-c", "lines.gz"], (lines.clone(), Some(0)), e.run(false, &["gunzip", "-c", "lines.gz"], b"")));
    results.push(e.compare(&["zcat", "lines.gz"], b""));
    // tar create / list / extract
    let t = e.run(false, &["tar", "-cf", "tree.tar", "tree"], b"");
    results.push(e.check(&["tar", "-cf", "tree.tar", "tree"], (vec![], Some(0)), t));
    results.push(e.compare(&["tar", "-tvf", "tree.tar"], b""));
    fs::create_dir_all(e.dir.join("out")).unwrap();
    let x = e.run(false, &["tar", "-xf", "tree.tar", "-C", "out"], b"");
    results.push(e.check(&["tar", "-xf", "tree.tar", "-C", "out"], (vec![], Some(0)), x));
    results.push(e.expect(&["cat", "out/tree/sub/deeper/c.txt", "out/tree/a.txt"], b"", "C\nA\n"));
    finish(results);
}

/// Applets that fork/exec (shell pipelines, command substitution, xargs,
/// find -exec): each child re-enters crossrun through the guest's execve.
#[test]
fn applets_needing_fork() {
    assert!(have_host_busybox(), "host busybox (Debian package 'busybox') is required for the reference outputs");
    let e = Env::new("fork");
    let results = vec![
        e.compare(&["sh", "-c", "\"$BB\" cat lines.txt | \"$BB\" grep beta | \"$BB\" sort -r | \"$BB\" head -n 3"], b""),
        e.compare(&["sh", "-c", "n=$(\"$BB\" wc -l < lines.txt); echo lines=$n; (echo sub; exit 3); echo status=$?"], b""),
        e.compare(&["sh", "-c", "\"$BB\" seq 1 20 | \"$BB\" xargs -n 6 \"$BB\" echo"], b""),
        e.compare(&["sh", "-c", "\"$BB\" find tree -type f -exec \"$BB\" wc -c {} \\;"], b""),
        e.compare(&["sh", "-c", "\"$BB\" tar -czf t.tgz tree && \"$BB\" tar -tzf t.tgz"], b""),
    ];
    finish(results);
}
