//! ioctl. Only requests crossrun knows are passed on, each with its argument converted:
//! an unknown request could have another number, size or meaning on the host, so it is
//! answered ENOTTY (after the fd check, as the kernel would for a device that does not
//! know it) and logged under `log_unimplemented`.
//!
//! The tty requests below have the same numbers on aarch64 and x86_64 (both use
//! asm-generic/ioctls.h); `struct termios`, `struct winsize`, `struct ifreq` and
//! `struct ifconf` are converted between the guest's layouts and the host's, integer
//! arguments are copied.

use super::raw;
use crate::abi::host::LAYOUTS as HOST;
use crate::abi::layout::{convert, read_field, write_field, Record};
use crate::dispatch::Ctx;
use crate::errno::{Errno, SysResult};
use crate::guest;

pub const TCGETS: u32 = 0x5401;
pub const TCSETS: u32 = 0x5402;
pub const TCSETSW: u32 = 0x5403;
pub const TCSETSF: u32 = 0x5404;
pub const TCSBRK: u32 = 0x5409;
pub const TCXONC: u32 = 0x540A;
pub const TCFLSH: u32 = 0x540B;
pub const TIOCSCTTY: u32 = 0x540E;
pub const TIOCGPGRP: u32 = 0x540F;
pub const TIOCSPGRP: u32 = 0x5410;
pub const TIOCOUTQ: u32 = 0x5411;
pub const TIOCGWINSZ: u32 = 0x5413;
pub const TIOCSWINSZ: u32 = 0x5414;
pub const FIONREAD: u32 = 0x541B;
pub const FIONBIO: u32 = 0x5421;
pub const TIOCNOTTY: u32 = 0x5422;
pub const TIOCGSID: u32 = 0x5429;
pub const FIONCLEX: u32 = 0x5450;
pub const FIOCLEX: u32 = 0x5451;
pub const FIOASYNC: u32 = 0x5452;
/// Pseudo-terminal master ioctls (asm-generic/ioctls.h on both): glibc's openpty,
/// ptsname and unlockpt use them.
pub const TIOCGPTN: u32 = 0x8004_5430;
pub const TIOCSPTLCK: u32 = 0x4004_5431;
pub const TIOCGPTPEER: u32 = 0x5441;

/// Network interface queries on a socket (linux/sockios.h; same numbers on both). Each
/// takes a `struct ifreq`: a 16-byte name and a union (sockaddr, ints, flags, `struct
/// ifmap`, a name, a pointer) whose size depends on the architecture's longs and
/// pointers; what the queries read and write sits at the union's start, fixed-width.
/// Only the queries: the setters change the host's interfaces, and the union's
/// `ifru_data` pointer (ethtool, MII) would need per-request conversion.
pub const SIOCGIFNAME: u32 = 0x8910;
pub const SIOCGIFFLAGS: u32 = 0x8913;
pub const SIOCGIFADDR: u32 = 0x8915;
pub const SIOCGIFDSTADDR: u32 = 0x8917;
pub const SIOCGIFBRDADDR: u32 = 0x8919;
pub const SIOCGIFNETMASK: u32 = 0x891B;
pub const SIOCGIFMETRIC: u32 = 0x891D;
pub const SIOCGIFMTU: u32 = 0x8921;
pub const SIOCGIFHWADDR: u32 = 0x8927;
pub const SIOCGIFINDEX: u32 = 0x8933;
pub const SIOCGIFTXQLEN: u32 = 0x8942;
/// `struct ifconf { int ifc_len; char *ifc_buf; }`: `ifc_buf` receives an array of
/// `struct ifreq` and `ifc_len` its length in bytes, or with a null `ifc_buf` the kernel
/// only reports the length needed.
pub const SIOCGIFCONF: u32 = 0x8912;

pub fn ioctl(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let (fd, req, arg) = (a[0], a[1] as u32, a[2]);
    let call = |p: u64| {
        // SAFETY: at every use below, `p` is an integer or a valid local of the type
        // the request takes.
        unsafe { raw(libc::SYS_ioctl, [fd, req as u64, p, 0, 0, 0]) }
    };
    match req {
        // The kernel's `struct termios` (not glibc's, which adds speeds), in the guest's
        // layout and the host's.
        TCGETS => {
            let mut t = Record::zeroed(HOST.termios.size);
            call(t.as_mut_bytes().as_mut_ptr() as u64)?;
            ctx.abi.layouts.termios.write(arg, &HOST.termios.decode(&t))?;
            Ok(0)
        }
        TCSETS | TCSETSW | TCSETSF => {
            let t = HOST.termios.encode(&ctx.abi.layouts.termios.read(arg)?);
            call(t.as_bytes().as_ptr() as u64)
        }
        TIOCGWINSZ => {
            let mut w = Record::zeroed(HOST.winsize.size);
            call(w.as_mut_bytes().as_mut_ptr() as u64)?;
            ctx.abi.layouts.winsize.write(arg, &HOST.winsize.decode(&w))?;
            Ok(0)
        }
        TIOCSWINSZ => {
            let w = HOST.winsize.encode(&ctx.abi.layouts.winsize.read(arg)?);
            call(w.as_bytes().as_ptr() as u64)
        }
        // `int *` (or `pid_t *`) results.
        FIONREAD | TIOCOUTQ | TIOCGPGRP | TIOCGSID | TIOCGPTN => {
            let mut v: i32 = 0;
            call(&mut v as *mut i32 as u64)?;
            guest::write_u32(arg, v as u32)?;
            Ok(0)
        }
        // `int *` / `pid_t *` arguments.
        FIONBIO | FIOASYNC | TIOCSPGRP | TIOCSPTLCK => {
            let v = guest::read_u32(arg)? as i32;
            call(&v as *const i32 as u64)
        }
        // Open flags for the new slave fd.
        TIOCGPTPEER => call(ctx.abi.open_flags.to_host(arg as u32) as u64),
        SIOCGIFNAME | SIOCGIFFLAGS | SIOCGIFADDR | SIOCGIFDSTADDR | SIOCGIFBRDADDR | SIOCGIFNETMASK
        | SIOCGIFMETRIC | SIOCGIFMTU | SIOCGIFHWADDR | SIOCGIFINDEX | SIOCGIFTXQLEN => {
            let g = &ctx.abi.layouts.ifreq;
            let mut ifr = convert(Record::read(arg, g.size)?.as_bytes(), g, &HOST.ifreq);
            call(ifr.as_mut_bytes().as_mut_ptr() as u64)?;
            convert(ifr.as_bytes(), &HOST.ifreq, g).write(arg)?;
            Ok(0)
        }
        SIOCGIFCONF => {
            let (conf, ifreq) = (&ctx.abi.layouts.ifconf, &ctx.abi.layouts.ifreq);
            let buf_addr = read_field(arg, conf.buf)?;
            // The kernel treats a negative length as no room. Room for 2^20 bytes of
            // ifreqs (26214 interfaces) bounds what a guest can make crossrun allocate.
            let len = (read_field(arg, conf.len)? as i32).clamp(0, 1 << 20) as usize;
            // As many host records as the guest's buffer has room for guest records.
            let count = len / ifreq.size;
            let mut buf = vec![0u8; if buf_addr == 0 { 0 } else { count * HOST.ifreq.size }];
            let mut host_conf = Record::zeroed(HOST.ifconf.size);
            host_conf.set(HOST.ifconf.len, buf.len() as u64);
            host_conf.set(HOST.ifconf.buf, if buf_addr == 0 { 0 } else { buf.as_mut_ptr() as u64 });
            call(host_conf.as_mut_bytes().as_mut_ptr() as u64)?;
            // The kernel's answer in host records, as a length in the guest's.
            let got = host_conf.get(HOST.ifconf.len) as usize / HOST.ifreq.size;
            if buf_addr != 0 {
                let records: Vec<u8> =
                    buf.chunks(HOST.ifreq.size).take(got).flat_map(|r| convert(r, &HOST.ifreq, ifreq).into_bytes()).collect();
                guest::write(buf_addr, &records)?;
            }
            write_field(arg, conf.len, (got * ifreq.size) as u64)?;
            Ok(0)
        }
        // Integer arguments or none.
        FIOCLEX | FIONCLEX | TCSBRK | TCXONC | TCFLSH | TIOCSCTTY | TIOCNOTTY => call(arg),
        _ => {
            if let Some(r) = super::ioctl_fs::ioctl(fd, req, arg) {
                return r;
            }
            ctx.unimplemented(format_args!("ioctl {req:#x} on fd {}", fd as i32));
            // SAFETY: F_GETFD takes no pointer.
            if unsafe { libc::fcntl(fd as i32, libc::F_GETFD) } == -1 {
                return Err(Errno::EBADF);
            }
            Err(Errno::ENOTTY)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::Guest;

    #[test]
    fn pty_master_ioctls_as_glibc_openpty_uses_them() {
        let mut g = Guest::new();
        // SAFETY: opening the host's pty multiplexer; the fd is closed below.
        let m = unsafe { libc::open(c"/dev/ptmx".as_ptr(), libc::O_RDWR | libc::O_NOCTTY) };
        assert!(m >= 0);
        let zero = 0u32;
        assert_eq!(g.call("ioctl", &[m as u64, TIOCSPTLCK as u64, &zero as *const u32 as u64]), 0);
        let mut n = u32::MAX;
        assert_eq!(g.call("ioctl", &[m as u64, TIOCGPTN as u64, &mut n as *mut u32 as u64]), 0);
        assert!(std::path::Path::new(&format!("/dev/pts/{n}")).exists(), "pts {n}");
        // O_RDWR | O_NOCTTY | O_CLOEXEC in arm64 values.
        let s = g.call("ioctl", &[m as u64, TIOCGPTPEER as u64, 0o2 | 0o400 | 0o2000000]);
        assert!(s >= 0, "TIOCGPTPEER: {s}");
        // SAFETY: F_GETFD on fds this test owns, then closing them.
        unsafe {
            assert_eq!(libc::fcntl(s as i32, libc::F_GETFD), libc::FD_CLOEXEC);
            libc::close(s as i32);
            libc::close(m);
        }
    }

    /// A pseudo-terminal pair from the host (master, slave).
    fn pty() -> (i32, i32) {
        // SAFETY: standard pty setup on fds this test owns.
        unsafe {
            let m = libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY);
            assert!(m >= 0);
            assert_eq!(libc::grantpt(m), 0);
            assert_eq!(libc::unlockpt(m), 0);
            let name = libc::ptsname(m);
            let s = libc::open(name, libc::O_RDWR | libc::O_NOCTTY);
            assert!(s >= 0);
            (m, s)
        }
    }

    #[test]
    fn termios_and_winsize_on_a_pty() {
        let mut g = Guest::new();
        let (m, s) = pty();
        let mut t = [0u8; 36];
        assert_eq!(g.call("ioctl", &[s as u64, TCGETS as u64, t.as_mut_ptr() as u64]), 0);
        // SAFETY: a zeroed termios filled by tcgetattr on a valid fd.
        let host = unsafe {
            let mut h: libc::termios = std::mem::zeroed();
            assert_eq!(libc::tcgetattr(s, &mut h), 0);
            h
        };
        assert_eq!(u32::from_le_bytes(t[12..16].try_into().unwrap()), host.c_lflag, "c_lflag at 12");
        assert_eq!(t[17 + libc::VINTR], host.c_cc[libc::VINTR], "c_cc at 17");
        // Clear ECHO through TCSETS and read it back on the host.
        let lflag = u32::from_le_bytes(t[12..16].try_into().unwrap()) & !libc::ECHO;
        t[12..16].copy_from_slice(&lflag.to_le_bytes());
        assert_eq!(g.call("ioctl", &[s as u64, TCSETS as u64, t.as_ptr() as u64]), 0);
        // SAFETY: as above.
        let after = unsafe {
            let mut h: libc::termios = std::mem::zeroed();
            libc::tcgetattr(s, &mut h);
            h
        };
        assert_eq!(after.c_lflag & libc::ECHO, 0);
        let ws = [24u16, 80, 0, 0];
        assert_eq!(g.call("ioctl", &[s as u64, TIOCSWINSZ as u64, ws.as_ptr() as u64]), 0);
        let mut got = [0u16; 4];
        assert_eq!(g.call("ioctl", &[m as u64, TIOCGWINSZ as u64, got.as_mut_ptr() as u64]), 0);
        assert_eq!(got, ws);
        // FIONREAD: bytes waiting on the master after writing to the slave.
        assert_eq!(g.call("write", &[s as u64, b"abc".as_ptr() as u64, 3]), 3);
        std::thread::sleep(std::time::Duration::from_millis(20));
        let mut n = 0u32;
        assert_eq!(g.call("ioctl", &[m as u64, FIONREAD as u64, &mut n as *mut u32 as u64]), 0);
        assert!(n >= 3, "{n}");
        assert_eq!(g.call("ioctl", &[s as u64, TCGETS as u64, 8]), -(libc::EFAULT as i64));
        g.close(m);
        g.close(s);
    }

    #[test]
    fn non_tty_and_unknown_requests() {
        let mut g = Guest::new();
        let dir = tempfile::tempdir().unwrap();
        let fd = g.openat_path(&dir.path().join("f"), 0o102, 0o600);
        let mut t = [0u8; 36];
        assert_eq!(g.call("ioctl", &[fd as u64, TCGETS as u64, t.as_mut_ptr() as u64]), -(libc::ENOTTY as i64));
        assert_eq!(g.call("ioctl", &[fd as u64, 0x1234_5678, 0]), -(libc::ENOTTY as i64));
        assert_eq!(g.call("ioctl", &[9999, 0x1234_5678, 0]), -(libc::EBADF as i64));
        // FIOCLEX / FIONCLEX toggle close-on-exec.
        assert_eq!(g.call("ioctl", &[fd as u64, FIOCLEX as u64, 0]), 0);
        assert_eq!(g.call("fcntl", &[fd as u64, 1, 0]), 1);
        assert_eq!(g.call("ioctl", &[fd as u64, FIONCLEX as u64, 0]), 0);
        assert_eq!(g.call("fcntl", &[fd as u64, 1, 0]), 0);
        // FIONBIO sets O_NONBLOCK (aarch64 value 0o4000).
        let one = 1u32;
        assert_eq!(g.call("ioctl", &[fd as u64, FIONBIO as u64, &one as *const u32 as u64]), 0);
        assert_eq!(g.call("fcntl", &[fd as u64, 3, 0]) & 0o4000, 0o4000);
        g.close(fd as i32);
    }

    /// The loopback interface through the ifreq queries, checked against the host's
    /// if_nametoindex; and SIOCGIFCONF's length query and listing (lo has an address).
    #[test]
    fn interface_queries_on_a_socket() {
        let mut g = Guest::new();
        // AF_INET, SOCK_DGRAM.
        let sock = g.call("socket", &[2, 2, 0]);
        assert!(sock >= 0, "socket: {sock}");
        let ioctl = |g: &mut Guest, req: u32, p: *mut u8| g.call("ioctl", &[sock as u64, req as u64, p as u64]);
        const IFREQ_SIZE: usize = 40;
        let mut ifr = [0u8; IFREQ_SIZE];
        ifr[..3].copy_from_slice(b"lo\0");
        assert_eq!(ioctl(&mut g, SIOCGIFINDEX, ifr.as_mut_ptr()), 0);
        let index = i32::from_le_bytes(ifr[16..20].try_into().unwrap());
        // SAFETY: a NUL-terminated name.
        assert_eq!(index as u32, unsafe { libc::if_nametoindex(c"lo".as_ptr()) });
        let mut by_index = [0u8; IFREQ_SIZE];
        by_index[16..20].copy_from_slice(&index.to_le_bytes());
        assert_eq!(ioctl(&mut g, SIOCGIFNAME, by_index.as_mut_ptr()), 0);
        assert_eq!(&by_index[..3], b"lo\0");
        assert_eq!(ioctl(&mut g, SIOCGIFFLAGS, ifr.as_mut_ptr()), 0);
        let flags = u16::from_le_bytes(ifr[16..18].try_into().unwrap());
        assert_ne!(flags & libc::IFF_LOOPBACK as u16, 0, "flags {flags:#x}");
        ifr[..3].copy_from_slice(b"lo\0");
        assert_eq!(ioctl(&mut g, SIOCGIFADDR, ifr.as_mut_ptr()), 0);
        // sockaddr_in: AF_INET, port 0, 127.0.0.1.
        assert_eq!(&ifr[16..24], &[2, 0, 0, 0, 127, 0, 0, 1]);

        let mut conf = [0u64; 2];
        assert_eq!(ioctl(&mut g, SIOCGIFCONF, conf.as_mut_ptr() as *mut u8), 0);
        let need = conf[0] as u32 as usize;
        assert!(need >= IFREQ_SIZE && need % IFREQ_SIZE == 0, "length {need}");
        let mut list = vec![0u8; need];
        conf = [need as u64, list.as_mut_ptr() as u64];
        assert_eq!(ioctl(&mut g, SIOCGIFCONF, conf.as_mut_ptr() as *mut u8), 0);
        assert_eq!(conf[0] as u32 as usize, need);
        assert!(list.chunks(IFREQ_SIZE).any(|r| &r[..3] == b"lo\0"), "lo listed");
        g.close(sock as i32);
    }

    /// A 32-bit guest's `struct ifreq` is 32 bytes (its union holds 4-byte longs and
    /// pointers): the name and the start of the union move into the host's 40.
    #[test]
    fn ifreq_of_a_32_bit_guest_keeps_name_and_union_start() {
        let g = &crate::abi::arm::layout::LAYOUTS.ifreq;
        let mut ifr = [0u8; 32];
        ifr[..3].copy_from_slice(b"lo\0");
        ifr[16..20].copy_from_slice(&1i32.to_le_bytes());
        let host = convert(&ifr, g, &HOST.ifreq);
        assert_eq!(host.as_bytes().len(), 40);
        assert_eq!(&host.as_bytes()[..3], b"lo\0");
        assert_eq!(&host.as_bytes()[16..20], &1i32.to_le_bytes());
        assert_eq!(convert(host.as_bytes(), &HOST.ifreq, g).as_bytes(), &ifr);
    }
}
