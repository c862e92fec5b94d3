//! The few `/proc` files whose host contents would describe crossrun instead of the guest.
//!
//! `/proc/self/cmdline` (the guest's argv, not crossrun's command line),
//! `/proc/self/auxv` (the guest's auxiliary vector), `/proc/self/maps` (file paths as the
//! guest names them under `--rootfs`; only the guest's
//! mappings: crossrun's own code, heap and stacks are none of the guest's business and
//! would confuse programs that parse the file, e.g. to find their stack) and
//! `/proc/cpuinfo` (in the guest kernel's format, its features matching AT_HWCAP), and under
//! `--rootfs` `/proc/self/mounts` and `mountinfo` (what a process chrooted at the rootfs
//! would see: see [`guest_mounts`]) are synthesised
//! when opened for reading and served from a sealed-size memfd, so every later call on the
//! fd (read, lseek, fstat, close) is an ordinary host call. The contents are a snapshot
//! taken at open, as the kernel's seq files are per read.

use crate::dispatch::Ctx;
use crate::errno::{cvt_int, Errno, SysResult};
use std::ffi::CStr;
use std::os::unix::ffi::OsStrExt;

/// AT_HWCAP and AT_HWCAP2, in the auxiliary vector.
const AT_HWCAP: u64 = 16;
const AT_HWCAP2: u64 = 26;
const O_ACCMODE: u32 = 3;
/// The guest's O_CLOEXEC (the same bit on both architectures).
const O_CLOEXEC: u32 = 0o2000000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Synth {
    Cmdline,
    Auxv,
    Maps,
    Cpuinfo,
    Mounts,
    Mountinfo,
}

/// Which synthesised file `path` names, if any.
fn classify(path: &[u8]) -> Option<Synth> {
    if path == b"/proc/cpuinfo" {
        return Some(Synth::Cpuinfo);
    }
    let rest = path.strip_prefix(b"/proc/")?;
    let slash = rest.iter().position(|&b| b == b'/')?;
    let (who, file) = (&rest[..slash], &rest[slash + 1..]);
    let pid = crate::host::getpid().to_string();
    if who != b"self" && who != b"thread-self" && who != pid.as_bytes() {
        return None;
    }
    match file {
        b"cmdline" => Some(Synth::Cmdline),
        b"auxv" => Some(Synth::Auxv),
        b"maps" => Some(Synth::Maps),
        b"mounts" => Some(Synth::Mounts),
        b"mountinfo" => Some(Synth::Mountinfo),
        _ => None,
    }
}

/// If the guest opens one of the synthesised files for reading: the fd serving it.
/// `path` is the guest's path as given, or under `--rootfs` also the host path it
/// resolved to (so `/etc/mtab -> ../proc/self/mounts` is caught too).
pub fn open(ctx: &Ctx<'_>, path: &CStr, guest_flags: u32) -> Result<Option<u64>, Errno> {
    let Some(which) = classify(path.to_bytes()) else { return Ok(None) };
    if guest_flags & O_ACCMODE != 0 {
        // Writing (e.g. to /proc/self/maps): the host file refuses as the guest's would.
        return Ok(None);
    }
    let fs = ctx.process.rootfs();
    if matches!(which, Synth::Mounts | Synth::Mountinfo) && fs.is_none() {
        // Without a rootfs the host's mount table is the guest's.
        return Ok(None);
    }
    let config = ctx.process.config();
    let contents = match which {
        Synth::Cmdline => cmdline(&config.argv),
        Synth::Auxv => auxv(&config.auxv, ctx.abi.layouts.word),
        Synth::Maps => {
            let (ranges, writable) = {
                let space = ctx.process.space();
                let ranges: Vec<(u64, u64)> = space.ranges().collect();
                let writable: Vec<(u64, u64)> = ranges
                    .iter()
                    .flat_map(|&(s, e)| space.protections(s, e))
                    .filter(|&(_, _, p)| p.0 & libc::PROT_WRITE != 0)
                    .map(|(s, e, _)| (s, e))
                    .collect();
                (ranges, writable)
            };
            let host = std::fs::read("/proc/self/maps").map_err(|e| Errno(e.raw_os_error().unwrap_or(libc::EIO)))?;
            let out = guest_write_bits(&maps(&host, &ranges), &writable);
            match ctx.process.rootfs() {
                Some(fs) => guest_paths(&out, |p| fs.guest_of(p)),
                None => out,
            }
        }
        Synth::Mounts | Synth::Mountinfo => {
            let (name, point) = if which == Synth::Mounts { ("mounts", 1) } else { ("mountinfo", 4) };
            let host = std::fs::read(format!("/proc/self/{name}")).map_err(|e| Errno(e.raw_os_error().unwrap_or(libc::EIO)))?;
            let fs = fs.expect("checked above");
            guest_mounts(&host, point, fs.root().as_os_str().as_bytes(), |p| fs.guest_of(p))
        }
        Synth::Cpuinfo => {
            let aux = |key| config.auxv.iter().find(|&&(k, _)| k == key).map_or(0, |&(_, v)| v);
            let (hwcap, hwcap2) = (aux(AT_HWCAP), aux(AT_HWCAP2));
            let arch = ctx.process.arch();
            (arch.cpuinfo)(&crate::arch::CpuInfo { model: ctx.process.cpu_model(), hwcap, hwcap2, cpus: online_cpus() }).into_bytes()
        }
    };
    serve(&contents, guest_flags & O_CLOEXEC != 0).map(Some)
}

/// A memfd holding `contents`, positioned at 0.
fn serve(contents: &[u8], cloexec: bool) -> SysResult {
    let flags = if cloexec { libc::MFD_CLOEXEC } else { 0 };
    // SAFETY: a valid C string name and integer flags.
    let fd = cvt_int(unsafe { libc::memfd_create(c"crossrun-proc".as_ptr(), flags) })? as i32;
    let mut done = 0;
    while done < contents.len() {
        // SAFETY: writing from a valid slice to our own new fd.
        let n = unsafe { libc::write(fd, contents[done..].as_ptr().cast(), contents.len() - done) };
        if n <= 0 {
            let e = Errno::last();
            // SAFETY: closing the fd created above.
            unsafe { libc::close(fd) };
            return Err(e);
        }
        done += n as usize;
    }
    // SAFETY: integer arguments on our own fd.
    unsafe { libc::lseek(fd, 0, libc::SEEK_SET) };
    Ok(fd as u64)
}

/// NUL-terminated arguments, one after the other, as the kernel shows them.
fn cmdline(argv: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for a in argv {
        out.extend_from_slice(a);
        out.push(0);
    }
    out
}

/// (type, value) pairs of the guest's words (`word` bytes each) ending with AT_NULL.
fn auxv(entries: &[(u64, u64)], word: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for &(k, v) in entries.iter().filter(|e| e.0 != 0).chain(std::iter::once(&(0, 0))) {
        out.extend_from_slice(&k.to_le_bytes()[..word]);
        out.extend_from_slice(&v.to_le_bytes()[..word]);
    }
    out
}

/// The host's maps lines that lie within guest-owned ranges (clipped to them).
fn maps(host: &[u8], guest: &[(u64, u64)]) -> Vec<u8> {
    let mut out = Vec::new();
    for line in host.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        let Some(range_end) = line.iter().position(|&b| b == b' ') else { continue };
        let Ok(range) = std::str::from_utf8(&line[..range_end]) else { continue };
        let Some((s, e)) = range.split_once('-') else { continue };
        let (Ok(s), Ok(e)) = (u64::from_str_radix(s, 16), u64::from_str_radix(e, 16)) else { continue };
        for &(gs, ge) in guest {
            let (cs, ce) = (s.max(gs), e.min(ge));
            if cs >= ce {
                continue;
            }
            let rest = &line[range_end..];
            // The file offset moves with a clipped start.
            let rest = adjust_offset(rest, cs - s);
            out.extend_from_slice(format!("{cs:08x}-{ce:08x}").as_bytes());
            out.extend_from_slice(&rest);
            out.push(b'\n');
        }
    }
    out
}

/// One line of a maps file.
#[derive(Clone, Debug, PartialEq, Eq)]
struct MapsLine {
    start: u64,
    end: u64,
    perms: Vec<u8>,
    offset: u64,
    /// " dev inode path", as the kernel wrote it.
    tail: Vec<u8>,
}

impl MapsLine {
    fn parse(line: &[u8]) -> Option<MapsLine> {
        let text = std::str::from_utf8(line).ok()?;
        let (range, rest) = text.split_once(' ')?;
        let (perms, rest) = rest.split_once(' ')?;
        let (offset, tail) = rest.split_once(' ')?;
        let (start, end) = range.split_once('-')?;
        Some(MapsLine {
            start: u64::from_str_radix(start, 16).ok()?,
            end: u64::from_str_radix(end, 16).ok()?,
            perms: perms.as_bytes().to_vec(),
            offset: u64::from_str_radix(offset, 16).ok()?,
            tail: format!(" {tail}").into_bytes(),
        })
    }

    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(format!("{:08x}-{:08x} ", self.start, self.end).as_bytes());
        out.extend_from_slice(&self.perms);
        out.extend_from_slice(format!(" {:08x}", self.offset).as_bytes());
        out.extend_from_slice(&self.tail);
        out.push(b'\n');
    }

    /// Whether `next` continues this mapping as one line of the kernel's would.
    fn continued_by(&self, next: &MapsLine) -> bool {
        let anonymous = self.tail.split(|&b| b == b' ').filter(|f| !f.is_empty()).nth(1) == Some(b"0");
        self.end == next.start
            && self.perms == next.perms
            && self.tail == next.tail
            && (anonymous || next.offset == self.offset + (self.end - self.start))
    }
}

/// Pages crossrun write-protected for their translated code (`crossrun_memory::code_pages`)
/// are shown with the protection the guest gave them: a line without `w` is split where
/// the guest's writable ranges `writable` begin and end, the parts inside get their `w`
/// back, and a part that continues the line before it is joined to it, as the kernel
/// shows one mapping.
fn guest_write_bits(maps: &[u8], writable: &[(u64, u64)]) -> Vec<u8> {
    let mut lines: Vec<(MapsLine, bool)> = Vec::new();
    for text in maps.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        let Some(line) = MapsLine::parse(text) else { continue };
        for (part, patched) in write_bit_parts(&line, writable) {
            match lines.last_mut() {
                Some((prev, prev_patched)) if (patched || *prev_patched) && prev.continued_by(&part) => {
                    prev.end = part.end;
                    *prev_patched = true;
                }
                _ => lines.push((part, patched)),
            }
        }
    }
    let mut out = Vec::new();
    lines.iter().for_each(|(l, _)| l.write(&mut out));
    out
}

/// `line` cut at the boundaries of `writable`, each part with whether it got its `w` back.
fn write_bit_parts(line: &MapsLine, writable: &[(u64, u64)]) -> Vec<(MapsLine, bool)> {
    if line.perms.get(1) != Some(&b'-') {
        return vec![(line.clone(), false)];
    }
    let mut cuts: Vec<u64> = writable.iter().flat_map(|&(s, e)| [s, e]).filter(|&a| a > line.start && a < line.end).collect();
    cuts.extend([line.start, line.end]);
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2)
        .map(|w| {
            let mut part = MapsLine { start: w[0], end: w[1], offset: line.offset + (w[0] - line.start), ..line.clone() };
            let patched = writable.iter().any(|&(s, e)| s <= w[0] && w[1] <= e);
            if patched {
                part.perms[1] = b'w';
            }
            (part, patched)
        })
        .collect()
}

/// Under a rootfs, a mapped file's path is shown as the guest names it (host paths the
/// guest cannot see stay as they are, as the kernel shows paths outside a chroot).
fn guest_paths(maps: &[u8], guest_of: impl Fn(&[u8]) -> Option<Vec<u8>>) -> Vec<u8> {
    let mut out = Vec::new();
    for line in maps.split_inclusive(|&b| b == b'\n') {
        let body = line.strip_suffix(b"\n").unwrap_or(line);
        // The path is the sixth field: the first '/' after five fields.
        let mut fields = 0;
        let mut in_field = false;
        let mut path_at = None;
        for (i, &b) in body.iter().enumerate() {
            match (b == b' ', in_field) {
                (true, true) => in_field = false,
                (false, false) if fields == 5 => {
                    path_at = Some(i);
                    break;
                }
                (false, false) => {
                    in_field = true;
                    fields += 1;
                }
                _ => {}
            }
        }
        match path_at.filter(|&i| body[i] == b'/').and_then(|i| Some((i, guest_of(&body[i..])?))) {
            Some((i, guest)) => {
                out.extend_from_slice(&body[..i]);
                out.extend_from_slice(&guest);
                out.extend_from_slice(&line[body.len()..]);
            }
            None => out.extend_from_slice(line),
        }
    }
    out
}

/// The mount table (`/proc/self/mounts`, mount point in field `point` = 1, or
/// `mountinfo`, field 4) as the kernel shows it to a process chrooted at `root`: the
/// mount holding `root` is `/` (in mountinfo its root field gains the path from its
/// mount point down to `root`), mounts the guest reaches through a bind or inside the
/// root appear at their guest paths, and every other mount is left out.
fn guest_mounts(host: &[u8], point: usize, root: &[u8], guest_of: impl Fn(&[u8]) -> Option<Vec<u8>>) -> Vec<u8> {
    // Each line's fields and its (unescaped) mount point; lines without one are dropped.
    let mounts: Vec<(Vec<&[u8]>, Vec<u8>)> = host
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .filter_map(|l| {
            let fields: Vec<&[u8]> = l.split(|&b| b == b' ').collect();
            let point = unescape_mount_field(fields.get(point)?);
            Some((fields, point))
        })
        .collect();
    // Of the mounts whose point is an ancestor of root, the deepest, and of those the
    // last mounted (it hides the earlier ones).
    let below = |m: &[u8]| m == b"/" || root == m || root.strip_prefix(m).is_some_and(|r| r.first() == Some(&b'/'));
    let holder =
        mounts.iter().enumerate().filter(|(_, (_, m))| below(m)).max_by_key(|(i, (_, m))| (m.len(), *i)).map(|(i, _)| i);
    let mut out = Vec::new();
    for (i, (fields, host_point)) in mounts.iter().enumerate() {
        let mut fields: Vec<Vec<u8>> = fields.iter().map(|f| f.to_vec()).collect();
        let guest = if holder == Some(i) {
            if point == 4 {
                let within = if host_point.as_slice() == b"/" { root } else { &root[host_point.len()..] };
                let mut r = fields[3].clone();
                if r == b"/" {
                    r.clear();
                }
                r.extend_from_slice(within);
                fields[3] = if r.is_empty() { b"/".to_vec() } else { r };
            }
            b"/".to_vec()
        } else {
            match guest_of(host_point) {
                Some(g) if g != b"/" => g,
                _ => continue,
            }
        };
        fields[point] = escape_mount_field(&guest);
        out.extend_from_slice(&fields.join(&b' '));
        out.push(b'\n');
    }
    out
}

/// A mount table field with the kernel's `\ooo` escapes (of space, tab, newline and
/// backslash) decoded.
fn unescape_mount_field(f: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(f.len());
    let mut i = 0;
    while i < f.len() {
        let octal = f.get(i + 1..i + 4).filter(|d| f[i] == b'\\' && d.iter().all(|c| (b'0'..=b'7').contains(c)));
        match octal {
            Some(d) => {
                out.push(d.iter().fold(0u8, |v, c| v.wrapping_mul(8) + (c - b'0')));
                i += 4;
            }
            None => {
                out.push(f[i]);
                i += 1;
            }
        }
    }
    out
}

fn escape_mount_field(f: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(f.len());
    for &c in f {
        if matches!(c, b' ' | b'\t' | b'\n' | b'\\') {
            out.extend_from_slice(format!("\\{c:03o}").as_bytes());
        } else {
            out.push(c);
        }
    }
    out
}

/// `rest` is " perms offset dev inode path": adds `delta` to the offset.
fn adjust_offset(rest: &[u8], delta: u64) -> Vec<u8> {
    if delta == 0 {
        return rest.to_vec();
    }
    let text = String::from_utf8_lossy(rest);
    let mut parts: Vec<String> = text.splitn(4, ' ').map(str::to_owned).collect();
    if parts.len() >= 3 {
        if let Ok(off) = u64::from_str_radix(&parts[2], 16) {
            parts[2] = format!("{:08x}", off + delta);
        }
    }
    parts.join(" ").into_bytes()
}

fn online_cpus() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_only_this_process() {
        assert_eq!(classify(b"/proc/self/cmdline"), Some(Synth::Cmdline));
        assert_eq!(classify(format!("/proc/{}/maps", std::process::id()).as_bytes()), Some(Synth::Maps));
        assert_eq!(classify(b"/proc/thread-self/auxv"), Some(Synth::Auxv));
        assert_eq!(classify(b"/proc/cpuinfo"), Some(Synth::Cpuinfo));
        assert_eq!(classify(b"/proc/1/cmdline"), None);
        assert_eq!(classify(b"/proc/self/status"), None);
    }

    #[test]
    fn maps_keeps_and_clips_guest_ranges_only() {
        let host = b"00400000-00500000 r-xp 00001000 08:01 12 /guest\n\
                     7f0000000000-7f0000010000 rw-p 00000000 00:00 0 [heap]\n";
        let out = String::from_utf8(maps(host, &[(0x480000, 0x500000)])).unwrap();
        assert_eq!(out, "00480000-00500000 r-xp 00081000 08:01 12 /guest\n");
    }

    #[test]
    fn maps_show_code_protected_pages_writable_as_the_guest_made_them() {
        // An RWX mapping whose middle page crossrun write-protected, next to an r-x file.
        let host = b"00400000-00401000 r-xp 00000000 08:01 12 /guest\n\
                     10000000-10001000 rwxp 00000000 00:00 0 \n\
                     10001000-10002000 r-xp 00000000 00:00 0 \n\
                     10002000-10003000 rwxp 00000000 00:00 0 \n";
        let out = guest_write_bits(host, &[(0x1000_0000, 0x1000_3000)]);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "00400000-00401000 r-xp 00000000 08:01 12 /guest\n10000000-10003000 rwxp 00000000 00:00 0 \n"
        );
    }

    #[test]
    fn maps_paths_become_guest_paths_under_a_rootfs() {
        let maps = b"00400000-00500000 r-xp 00000000 08:01 12                                 /r/bin/ls\n\
                     00600000-00700000 rw-p 00000000 00:00 0 \n\
                     00800000-00900000 r--p 00000000 08:01 13 /host/other\n";
        let guest_of = |p: &[u8]| p.strip_prefix(b"/r").map(<[u8]>::to_vec);
        let out = String::from_utf8(guest_paths(maps, guest_of)).unwrap();
        assert_eq!(
            out,
            "00400000-00500000 r-xp 00000000 08:01 12                                 /bin/ls\n\
             00600000-00700000 rw-p 00000000 00:00 0 \n\
             00800000-00900000 r--p 00000000 08:01 13 /host/other\n"
        );
    }

    #[test]
    fn mounts_are_shown_as_from_a_chroot_at_the_rootfs() {
        let host = b"22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/vda rw\n\
                     23 22 0:5 / /dev rw,nosuid shared:2 - devtmpfs udev rw\n\
                     24 23 0:6 / /dev/pts rw shared:3 - devpts devpts rw\n\
                     25 22 0:7 / /mnt/other rw shared:4 - tmpfs tmpfs rw\n\
                     26 22 0:8 / /r/my\\040dir rw shared:5 - tmpfs tmpfs rw\n";
        let guest_of = |p: &[u8]| match p {
            _ if p.starts_with(b"/dev") => Some(p.to_vec()),
            _ => p.strip_prefix(b"/r").map(|g| if g.is_empty() { b"/".to_vec() } else { g.to_vec() }),
        };
        let out = String::from_utf8(guest_mounts(host, 4, b"/r", guest_of)).unwrap();
        assert_eq!(
            out,
            "22 1 8:1 /r / rw,relatime shared:1 - ext4 /dev/vda rw\n\
             23 22 0:5 / /dev rw,nosuid shared:2 - devtmpfs udev rw\n\
             24 23 0:6 / /dev/pts rw shared:3 - devpts devpts rw\n\
             26 22 0:8 / /my\\040dir rw shared:5 - tmpfs tmpfs rw\n"
        );
        let mounts = b"/dev/vda / ext4 rw 0 0\ntmpfs /r tmpfs rw 0 0\ntmpfs /mnt tmpfs rw 0 0\n";
        let out = String::from_utf8(guest_mounts(mounts, 1, b"/r", guest_of)).unwrap();
        assert_eq!(out, "tmpfs / tmpfs rw 0 0\n");
    }

    #[test]
    fn auxv_ends_with_null() {
        assert_eq!(auxv(&[(16, 3), (0, 0)], 8).len(), 32);
        assert_eq!(auxv(&[(16, 3), (6, 4096)], 4), [16, 0, 0, 0, 3, 0, 0, 0, 6, 0, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(cmdline(&[b"a".to_vec(), b"bc".to_vec()]), b"a\0bc\0");
    }
}
