//! Sockets: creation, addresses, options, and message I/O.
//!
//! # What is the same everywhere and passed as it is
//! - socket types and flags: SOCK_STREAM 1, SOCK_DGRAM 2, SOCK_RAW 3, SOCK_SEQPACKET 5,
//!   SOCK_NONBLOCK = O_NONBLOCK (0o4000) and SOCK_CLOEXEC = O_CLOEXEC (0o2000000) on both
//!   (only MIPS, SPARC and Alpha differ); AF_* families and protocols; MSG_* flags;
//!   SHUT_*.
//! - socket addresses: every `sockaddr_*` starts with a 16-bit family followed by fields
//!   of fixed width in network or host byte order ([`fixed::SOCKADDR_IN`],
//!   [`fixed::SOCKADDR_IN6`], [`fixed::SOCKADDR_UN`], checked for every guest), so the
//!   kernel reads and writes them in guest memory directly; `socklen_t` is a u32.
//! - socket option values of fixed width: ints, `struct linger` ([`fixed::LINGER`]),
//!   `struct ucred` ([`fixed::UCRED`]), the `_NEW` timeouts' `struct
//!   __kernel_sock_timeval`; SOL_SOCKET option numbers (asm-generic/socket.h on both) and
//!   IPPROTO_TCP/IP/IPV6 options are architecture-independent.
//!
//! # What is translated
//! - The values with longs or pointers, through the guest's layouts when they differ
//!   from the host's: SO_RCVTIMEO/SO_SNDTIMEO's `struct timeval`, SO_ATTACH_FILTER's
//!   `struct sock_fprog` ([`setsockopt`], [`getsockopt`]).
//! - `struct msghdr` and `struct mmsghdr` contain pointers and the iovec array, so they
//!   are rebuilt as host structures field by field from the guest's layouts, and the
//!   control messages are re-encoded one by one between the guest's `cmsghdr` layout and
//!   alignment and the host's ([`convert_control`]), with the payloads that hold times
//!   (SCM_TIMESTAMP, SCM_TIMESTAMPNS, SCM_TIMESTAMPING) through the time layouts.
//!   SCM_RIGHTS (an int array) and SCM_CREDENTIALS (`struct ucred`) are fixed-width.
//! - With `--rootfs`, the path of an AF_UNIX address given to bind, connect, sendto or
//!   sendmsg/sendmmsg (`msg_name`) names a file in the guest's tree: it is walked like
//!   any other path ([`host_unix_address`]), and getsockname, getpeername, accept,
//!   recvfrom and recvmsg/recvmmsg show such a path as the guest's
//!   ([`guest_view_of_address`]).
//!
//! [`fixed::SOCKADDR_IN`]: crate::abi::layout::fixed::SOCKADDR_IN
//! [`fixed::SOCKADDR_IN6`]: crate::abi::layout::fixed::SOCKADDR_IN6
//! [`fixed::SOCKADDR_UN`]: crate::abi::layout::fixed::SOCKADDR_UN
//! [`fixed::LINGER`]: crate::abi::layout::fixed::LINGER
//! [`fixed::UCRED`]: crate::abi::layout::fixed::UCRED

mod control;

use super::raw;
use control::{control_to_guest, convert_control, host_control_room, same_control};
use crate::abi::host::LAYOUTS as HOST;
use crate::abi::layout::{fixed, write_field, Layouts, Record};
use crate::dispatch::Ctx;
use crate::errno::{Errno, SysResult};
use crate::guest;
use crate::rootfs::Rootfs;
use std::os::unix::ffi::OsStrExt;
use std::sync::Arc;

/// Handlers whose arguments are integers, guest byte buffers or guest sockaddrs and
/// socklen_t pointers (see the module documentation for why those pass as they are).
macro_rules! socket_passthrough {
    ($($name:ident => $nr:ident;)*) => {
        $(
            pub fn $name(_: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
                // SAFETY: integers, plain guest buffers, and fixed-width sockaddr and
                // socklen_t records; the kernel checks the pointers.
                unsafe { raw(libc::$nr, a) }
            }
        )*
    };
}

/// `sizeof(struct sockaddr_un)`: the family and 108 path bytes.
const SOCKADDR_UN_SIZE: usize = fixed::SOCKADDR_UN.size;
/// `sizeof(struct sockaddr_storage)`: room for any address the kernel returns.
const SOCKADDR_STORAGE_SIZE: usize = fixed::SOCKADDR_STORAGE.size;
const AF_UNIX: u16 = 1;

/// A pathname AF_UNIX address rewritten to name the host file, for a call that takes
/// an address. A host path too long for `sun_path` is reached through its directory as
/// `/proc/self/fd/N/NAME`; `_dir` keeps that directory open until the call is made. (The
/// kernel then records that name: getsockname and getpeername show it, and it does not
/// name the socket once the call is over. A relative guest name avoids this, see
/// [`relative_to_cwd`]; an absolute one still meets it.)
struct HostUnixAddress {
    bytes: [u8; SOCKADDR_UN_SIZE],
    len: usize,
    _dir: Option<std::os::fd::OwnedFd>,
}

impl HostUnixAddress {
    fn ptr(&self) -> u64 {
        self.bytes.as_ptr() as u64
    }
}

/// Under `--rootfs`, the host form of the guest sockaddr at `addr` (`len` bytes) when
/// it is a pathname AF_UNIX address: the path is resolved inside the guest's root
/// (`follow`: whether a final symlink is followed; bind creates the name, so it does
/// not). `None` for any other address (abstract ones start with a NUL), which the
/// kernel reads from guest memory as it is.
fn host_unix_address(ctx: &Ctx<'_>, addr: u64, len: usize, follow: bool) -> Result<Option<HostUnixAddress>, Errno> {
    let Some(fs) = ctx.process.rootfs() else { return Ok(None) };
    if addr == 0 || !(3..=SOCKADDR_UN_SIZE).contains(&len) {
        return Ok(None);
    }
    let mut guest_addr = vec![0u8; len];
    guest::read(addr, &mut guest_addr)?;
    if u16::from_le_bytes([guest_addr[0], guest_addr[1]]) != AF_UNIX || guest_addr[2] == 0 {
        return Ok(None);
    }
    let name = &guest_addr[2..];
    let name = &name[..name.iter().position(|&b| b == 0).unwrap_or(name.len())];
    let exe = ctx.process.config().exe_path.as_os_str().as_bytes().to_vec();
    let host = fs.at(libc::AT_FDCWD, name, crate::rootfs::resolve::Rules::follow(follow), &exe)?.host;
    let host = host.as_bytes();
    let mut dir = None;
    let path: Vec<u8> = if let Some(relative) = relative_to_cwd(name, host).filter(|p| p.len() < SOCKADDR_UN_SIZE - 2) {
        relative
    } else if host.len() < SOCKADDR_UN_SIZE - 2 {
        host.to_vec()
    } else {
        let slash = host.iter().rposition(|&b| b == b'/').unwrap_or(0);
        let parent = std::ffi::CString::new(&host[..slash.max(1)]).expect("no NUL in a path");
        // SAFETY: a valid C string; O_PATH opens nothing but the name.
        let fd = unsafe { libc::open(parent.as_ptr(), libc::O_PATH | libc::O_DIRECTORY | libc::O_CLOEXEC) };
        if fd < 0 {
            return Err(Errno::last());
        }
        // SAFETY: `fd` was just opened and nothing else owns it.
        dir = Some(unsafe { <std::os::fd::OwnedFd as std::os::fd::FromRawFd>::from_raw_fd(fd) });
        let mut p = format!("/proc/self/fd/{fd}").into_bytes();
        p.extend_from_slice(&host[slash..]);
        p
    };
    if path.len() >= SOCKADDR_UN_SIZE - 2 {
        return Err(Errno::ENAMETOOLONG);
    }
    let mut bytes = [0u8; SOCKADDR_UN_SIZE];
    bytes[..2].copy_from_slice(&AF_UNIX.to_le_bytes());
    bytes[2..2 + path.len()].copy_from_slice(&path);
    Ok(Some(HostUnixAddress { bytes, len: 2 + path.len() + 1, _dir: dir }))
}

/// For a relative guest `name` that resolved to `host` below the current directory (the
/// host's cwd is the guest's), the name to give the kernel, relative too: the kernel
/// records what bind is given and getsockname/getpeername return it, so the guest gets
/// back its own name as it would natively (not a host path, which for a deep root may be
/// reachable only as `/proc/self/fd/N/NAME`). The guest's own bytes when they name the
/// same components (no `..` or symlink on the way), else the resolved path.
fn relative_to_cwd(name: &[u8], host: &[u8]) -> Option<Vec<u8>> {
    if name.first() == Some(&b'/') {
        return None;
    }
    let cwd = std::env::current_dir().ok()?;
    let rest = host.strip_prefix(cwd.as_os_str().as_bytes())?.strip_prefix(b"/")?;
    let given: Vec<&[u8]> = name.split(|&b| b == b'/').filter(|c| !c.is_empty() && *c != b".").collect();
    let resolved: Vec<&[u8]> = rest.split(|&b| b == b'/').collect();
    Some(if given == resolved { name.to_vec() } else { rest.to_vec() })
}

/// bind, connect(fd, addr, len) or sendto(fd, buf, n, flags, addr, len), with the
/// address at argument `at` and its length after it, translated by [`host_unix_address`].
fn unix_address_call(ctx: &Ctx<'_>, nr: libc::c_long, a: [u64; 6], at: usize, follow: bool) -> SysResult {
    let mut args = a;
    let host = host_unix_address(ctx, a[at], a[at + 1] as usize, follow)?;
    if let Some(h) = &host {
        args[at] = h.ptr();
        args[at + 1] = h.len as u64;
    }
    // SAFETY: an integer fd, sendto's plain guest buffer, and either the guest's
    // sockaddr (fixed-width; the kernel checks the pointer and length) or
    // a host sockaddr_un of the length given.
    unsafe { raw(nr, args) }
}

pub fn bind(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    unix_address_call(ctx, libc::SYS_bind, a, 1, false)
}

pub fn connect(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    unix_address_call(ctx, libc::SYS_connect, a, 1, true)
}

pub fn sendto(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    unix_address_call(ctx, libc::SYS_sendto, a, 4, true)
}

/// An address the kernel returned, as a guest under the rootfs `fs` sees it: a
/// pathname AF_UNIX address names the guest's path (with its NUL, as the kernel counts
/// it) when the guest can see the file; anything else is returned unchanged.
fn guest_view_of_address(fs: &Rootfs, host: &[u8]) -> Vec<u8> {
    if host.len() < 3 || u16::from_le_bytes([host[0], host[1]]) != AF_UNIX || host[2] != b'/' {
        return host.to_vec();
    }
    let path = &host[2..];
    let path = &path[..path.iter().position(|&b| b == 0).unwrap_or(path.len())];
    match fs.guest_of(path) {
        Some(mut g) => {
            g.push(0);
            let mut out = AF_UNIX.to_le_bytes().to_vec();
            out.extend_from_slice(&g);
            out
        }
        None => host.to_vec(),
    }
}

/// A call that returns an address through a `(sockaddr *, socklen_t *)` pair at
/// arguments `at` and `at + 1`: getsockname, getpeername, accept, accept4, recvfrom.
/// Under `--rootfs` the kernel writes into a host buffer and the guest gets
/// [`guest_view_of_address`] of it, truncated to its buffer, with the full length in its
/// socklen_t, as the kernel does. The guest's buffers are checked before the call, so a
/// bad pointer fails with EFAULT before a connection is accepted or data consumed.
fn address_returning_call(ctx: &Ctx<'_>, nr: libc::c_long, a: [u64; 6], at: usize) -> SysResult {
    let passthrough = || {
        // SAFETY: integers, plain guest buffers, and a guest sockaddr/socklen_t pair
        // (fixed-width); the kernel checks the pointers.
        unsafe { raw(nr, a) }
    };
    let Some(fs) = ctx.process.rootfs().filter(|_| a[at] != 0 && a[at + 1] != 0) else { return passthrough() };
    let cap = guest::read_u32(a[at + 1])?;
    if (cap as i32) < 0 {
        return Err(Errno::EINVAL);
    }
    let mut probe = vec![0u8; (cap as usize).min(SOCKADDR_STORAGE_SIZE)];
    guest::read(a[at], &mut probe)?;
    guest::write(a[at], &probe)?;
    guest::write_u32(a[at + 1], cap)?;
    let mut host = [0u8; SOCKADDR_STORAGE_SIZE];
    let mut host_len = SOCKADDR_STORAGE_SIZE as u32;
    let mut args = a;
    args[at] = host.as_mut_ptr() as u64;
    args[at + 1] = &mut host_len as *mut u32 as u64;
    // SAFETY: as for the passthrough, with the address written into a host
    // sockaddr_storage whose size the host socklen_t holds.
    let r = unsafe { raw(nr, args) }?;
    let shown = guest_view_of_address(&fs, &host[..(host_len as usize).min(SOCKADDR_STORAGE_SIZE)]);
    guest::write(a[at], &shown[..shown.len().min(cap as usize)])?;
    guest::write_u32(a[at + 1], shown.len() as u32)?;
    Ok(r)
}

pub fn getsockname(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    address_returning_call(ctx, libc::SYS_getsockname, a, 1)
}

pub fn getpeername(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    address_returning_call(ctx, libc::SYS_getpeername, a, 1)
}

pub fn accept(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    address_returning_call(ctx, libc::SYS_accept, a, 1)
}

pub fn accept4(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    address_returning_call(ctx, libc::SYS_accept4, a, 1)
}

pub fn recvfrom(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    address_returning_call(ctx, libc::SYS_recvfrom, a, 4)
}

socket_passthrough! {
    socket => SYS_socket;
    socketpair => SYS_socketpair;
    listen => SYS_listen;
    shutdown => SYS_shutdown;
}

pub(crate) const SOL_SOCKET: i32 = 1;
const SO_ATTACH_FILTER: i32 = 26;
const SO_ATTACH_REUSEPORT_CBPF: i32 = 51;
/// The timeouts whose value is the architecture's `struct timeval`.
const SO_RCVTIMEO_OLD: i32 = 20;
const SO_SNDTIMEO_OLD: i32 = 21;
/// Control messages whose payload is the architecture's timeval, timespec, or three
/// timespecs (SO_TIMESTAMP_OLD, SO_TIMESTAMPNS_OLD, SO_TIMESTAMPING_OLD).
pub(crate) const SCM_TIMESTAMP_OLD: i32 = 29;
pub(crate) const SCM_TIMESTAMPNS_OLD: i32 = 35;
pub(crate) const SCM_TIMESTAMPING_OLD: i32 = 37;

/// An option value rebuilt for the host: the bytes, or none when the guest's pass.
fn host_option(l: &Layouts, level: i32, name: i32, val: u64, len: u64) -> Result<Option<Vec<u8>>, Errno> {
    if level != SOL_SOCKET {
        return Ok(None);
    }
    match name {
        SO_RCVTIMEO_OLD | SO_SNDTIMEO_OLD if l.timeval != HOST.timeval => {
            // The kernel's sock_set_timeout: shorter than the structure is EINVAL.
            if (len as u32 as usize) < l.timeval.size {
                return Err(Errno::EINVAL);
            }
            Ok(Some(HOST.timeval.encode(l.timeval.read(val)?).into_bytes()))
        }
        SO_ATTACH_FILTER | SO_ATTACH_REUSEPORT_CBPF if l.sock_fprog != HOST.sock_fprog => {
            if (len as u32 as usize) < l.sock_fprog.size {
                return Err(Errno::EINVAL);
            }
            let g = Record::read(val, l.sock_fprog.size)?;
            // The instructions it points at are fixed-width (`struct sock_filter`).
            Ok(Some(crate::abi::layout::convert(g.as_bytes(), &l.sock_fprog, &HOST.sock_fprog).into_bytes()))
        }
        _ => Ok(None),
    }
}

/// setsockopt(fd, level, name, value, len).
pub fn setsockopt(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let mut args = a;
    let host = host_option(ctx.abi.layouts, a[1] as i32, a[2] as i32, a[3], a[4])?;
    if let Some(h) = &host {
        args[3] = h.as_ptr() as u64;
        args[4] = h.len() as u64;
    }
    // SAFETY: integers and either a value of fixed width in guest memory with its length
    // or a host copy of the guest's value with the host's length.
    unsafe { raw(libc::SYS_setsockopt, args) }
}

/// getsockopt(fd, level, name, value, len*): the timeouts, whose `struct timeval`
/// differs on a guest with 32-bit longs, come back through the guest's layout,
/// truncated to the guest's length as the kernel truncates; other values are fixed-width.
pub fn getsockopt(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let l = ctx.abi.layouts;
    let (level, name) = (a[1] as i32, a[2] as i32);
    let converted = level == SOL_SOCKET && matches!(name, SO_RCVTIMEO_OLD | SO_SNDTIMEO_OLD) && l.timeval != HOST.timeval;
    if !converted || a[3] == 0 || a[4] == 0 {
        // SAFETY: integers, a value buffer and its u32 length in guest memory.
        return unsafe { raw(libc::SYS_getsockopt, a) };
    }
    let len = guest::read_u32(a[4])? as i32;
    if len < 0 {
        return Err(Errno::EINVAL);
    }
    let mut host = vec![0u8; HOST.timeval.size];
    let mut host_len = host.len() as u32;
    // SAFETY: integers and a host timeval with its length.
    unsafe { raw(libc::SYS_getsockopt, [a[0], a[1], a[2], host.as_mut_ptr() as u64, &mut host_len as *mut u32 as u64, 0]) }?;
    let t = HOST.timeval.decode(&Record::from_bytes(&host, HOST.timeval.size));
    let g = l.timeval.encode(t);
    let n = (len as usize).min(g.as_bytes().len());
    guest::write(a[3], &g.as_bytes()[..n])?;
    guest::write_u32(a[4], n as u32)?;
    Ok(0)
}

/// A guest msghdr turned into a host one, with the buffers it points at kept alive.
struct HostMsg {
    hdr: libc::msghdr,
    _iov: Vec<libc::iovec>,
    control: Vec<u8>,
    guest_control: u64,
    guest_controllen: usize,
    name: MsgName,
}

/// Where a msghdr's address is.
enum MsgName {
    /// In guest memory, used as it is (no `--rootfs`, or not a pathname AF_UNIX address).
    Guest,
    /// A sent pathname AF_UNIX address, rewritten for the host. Boxed: the host msghdr
    /// points into it, and the `HostMsg` holding both moves.
    Sent { _address: Box<HostUnixAddress> },
    /// Received into this host buffer under `--rootfs`; the guest's buffer and its size
    /// get [`guest_view_of_address`] of it.
    Received { host: Box<[u8; SOCKADDR_STORAGE_SIZE]>, guest: u64, guest_len: u32, fs: Arc<Rootfs> },
}

/// Builds the host msghdr from the guest's at `addr`. For sending, the control messages
/// are converted to the host's layout; for receiving, a host buffer is prepared, large
/// enough for what the guest's buffer could take in the host's layout.
fn host_msg(ctx: &Ctx<'_>, fd: u64, addr: u64, sending: bool) -> Result<HostMsg, Errno> {
    let m = ctx.abi.layouts.msghdr;
    let g = Record::read(addr, m.size)?;
    let iov = super::fd::iovecs(ctx, fd, g.get(m.iov), g.get(m.iovlen))?;
    let (guest_control, guest_controllen) = (g.get(m.control), g.get(m.controllen) as usize);
    if guest_controllen > i32::MAX as usize {
        return Err(Errno(libc::ENOBUFS));
    }
    let control = if guest_control == 0 || guest_controllen == 0 {
        Vec::new()
    } else if sending {
        let mut raw = vec![0u8; guest_controllen];
        guest::read(guest_control, &mut raw)?;
        if same_control(ctx.abi.layouts, &HOST) {
            // The host kernel validates the messages as the guest's would.
            raw
        } else {
            convert_control(&raw, ctx.abi.layouts, &HOST)?
        }
    } else {
        vec![0u8; host_control_room(ctx.abi.layouts, guest_controllen)]
    };
    // SAFETY: a zeroed msghdr is valid; every field is set below.
    let mut hdr: libc::msghdr = unsafe { std::mem::zeroed() };
    hdr.msg_name = g.get(m.name) as *mut libc::c_void;
    hdr.msg_namelen = g.get(m.namelen) as u32;
    let mut name = MsgName::Guest;
    if sending {
        if let Some(h) = host_unix_address(ctx, g.get(m.name), hdr.msg_namelen as usize, true)? {
            let h = Box::new(h);
            hdr.msg_name = h.ptr() as *mut libc::c_void;
            hdr.msg_namelen = h.len as u32;
            name = MsgName::Sent { _address: h };
        }
    } else if let Some(fs) = ctx.process.rootfs().filter(|_| !hdr.msg_name.is_null()) {
        let mut host = Box::new([0u8; SOCKADDR_STORAGE_SIZE]);
        let (guest, guest_len) = (g.get(m.name), hdr.msg_namelen);
        hdr.msg_name = host.as_mut_ptr() as *mut libc::c_void;
        hdr.msg_namelen = SOCKADDR_STORAGE_SIZE as u32;
        name = MsgName::Received { host, guest, guest_len, fs };
    }
    hdr.msg_iov = iov.as_ptr() as *mut libc::iovec;
    hdr.msg_iovlen = iov.len();
    hdr.msg_control = if control.is_empty() { std::ptr::null_mut() } else { control.as_ptr() as *mut libc::c_void };
    hdr.msg_controllen = control.len();
    hdr.msg_flags = 0;
    Ok(HostMsg { hdr, _iov: iov, control, guest_control, guest_controllen, name })
}

/// After a receive: the address and namelen, controllen (and the control messages) and
/// flags back into the guest's msghdr at `addr`.
fn finish_recv(l: &Layouts, addr: u64, m: &HostMsg) -> Result<(), Errno> {
    let mut flags = m.hdr.msg_flags;
    let mut controllen = 0;
    if m.guest_control != 0 && m.hdr.msg_controllen > 0 {
        let (out, cut) = control_to_guest(&m.control[..m.hdr.msg_controllen], l, m.guest_controllen)?;
        if cut {
            flags |= libc::MSG_CTRUNC;
        }
        guest::write(m.guest_control, &out)?;
        controllen = out.len();
    }
    let mut namelen = m.hdr.msg_namelen;
    if let MsgName::Received { host, guest, guest_len, fs } = &m.name {
        let shown = guest_view_of_address(fs, &host[..(namelen as usize).min(SOCKADDR_STORAGE_SIZE)]);
        guest::write(*guest, &shown[..shown.len().min(*guest_len as usize)])?;
        namelen = shown.len() as u32;
    }
    write_field(addr, l.msghdr.namelen, namelen as u64)?;
    write_field(addr, l.msghdr.controllen, controllen as u64)?;
    write_field(addr, l.msghdr.flags, flags as u32 as u64)?;
    Ok(())
}

pub fn sendmsg(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let m = host_msg(ctx, a[0], a[1], true)?;
    // SAFETY: a host msghdr whose iovecs point at guest buffers (plain bytes), its name
    // at a guest sockaddr (fixed-width) or a boxed host sockaddr_un it owns, and its
    // control at a host buffer.
    unsafe { raw(libc::SYS_sendmsg, [a[0], &m.hdr as *const libc::msghdr as u64, a[2], 0, 0, 0]) }
}

pub fn recvmsg(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let mut m = host_msg(ctx, a[0], a[1], false)?;
    // SAFETY: as for sendmsg; the kernel fills the control buffer, the name and flags.
    let n = unsafe { raw(libc::SYS_recvmsg, [a[0], &mut m.hdr as *mut libc::msghdr as u64, a[2], 0, 0, 0]) }?;
    finish_recv(ctx.abi.layouts, a[1], &m)?;
    Ok(n)
}

/// The most messages one sendmmsg/recvmmsg handles (UIO_MAXIOV, as the kernel).
const MAX_MMSG: u64 = 1024;

fn host_mmsgs(ctx: &Ctx<'_>, fd: u64, addr: u64, vlen: u64, sending: bool) -> Result<Vec<HostMsg>, Errno> {
    let size = ctx.abi.layouts.mmsghdr.size as u64;
    (0..vlen.min(MAX_MMSG)).map(|i| host_msg(ctx, fd, addr + i * size, sending)).collect()
}

fn mmsg_array(msgs: &[HostMsg]) -> Vec<libc::mmsghdr> {
    msgs.iter().map(|m| libc::mmsghdr { msg_hdr: m.hdr, msg_len: 0 }).collect()
}

pub fn sendmmsg(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let msgs = host_mmsgs(ctx, a[0], a[1], a[2], true)?;
    let mut arr = mmsg_array(&msgs);
    // SAFETY: an array of host mmsghdrs built as in sendmsg.
    let n = unsafe { raw(libc::SYS_sendmmsg, [a[0], arr.as_mut_ptr() as u64, arr.len() as u64, a[3], 0, 0]) }?;
    let l = ctx.abi.layouts.mmsghdr;
    for (i, m) in arr.iter().take(n as usize).enumerate() {
        write_field(a[1] + (i * l.size) as u64, l.len, m.msg_len as u64)?;
    }
    Ok(n)
}

/// recvmmsg(fd, msgs, vlen, flags, timeout).
pub fn recvmmsg(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let mut msgs = host_mmsgs(ctx, a[0], a[1], a[2], false)?;
    let mut arr = mmsg_array(&msgs);
    let mut ts = if a[4] != 0 {
        let t = ctx.abi.layouts.timespec.read(a[4])?;
        Some(libc::timespec { tv_sec: t.sec, tv_nsec: t.frac })
    } else {
        None
    };
    let ts_ptr = ts.as_mut().map_or(0, |t| t as *mut libc::timespec as u64);
    // SAFETY: host mmsghdrs as in recvmsg, and a timespec local or NULL.
    let n = unsafe { raw(libc::SYS_recvmmsg, [a[0], arr.as_mut_ptr() as u64, arr.len() as u64, a[3], ts_ptr, 0]) }?;
    let l = ctx.abi.layouts;
    for (i, (m, h)) in msgs.iter_mut().zip(&arr).take(n as usize).enumerate() {
        m.hdr = h.msg_hdr;
        let at = a[1] + (i * l.mmsghdr.size) as u64;
        finish_recv(l, at, m)?;
        write_field(at, l.mmsghdr.len, h.msg_len as u64)?;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::Guest;
    use control::tests::cmsg;

    fn guest_layouts() -> &'static Layouts {
        crate::testutil::test_arch().abi.layouts
    }

    /// SO_RCVTIMEO for a guest with 32-bit longs goes through its 8-byte timeval.
    #[test]
    fn option_values_with_longs_are_converted_for_a_32_bit_guest() {
        let _memory = Guest::new();
        let g = &crate::abi::arm::layout::LAYOUTS;
        let tv = [3u32, 500_000];
        let host = host_option(g, SOL_SOCKET, SO_RCVTIMEO_OLD, tv.as_ptr() as u64, 8).unwrap().unwrap();
        assert_eq!(host, [3u64.to_le_bytes(), 500_000u64.to_le_bytes()].concat());
        assert_eq!(host_option(g, SOL_SOCKET, SO_RCVTIMEO_OLD, tv.as_ptr() as u64, 4), Err(Errno::EINVAL));
        let filter = [0u8; 8];
        let prog = [2u32, filter.as_ptr() as u64 as u32];
        if (filter.as_ptr() as u64) >> 32 == 0 {
            let host = host_option(g, SOL_SOCKET, SO_ATTACH_FILTER, prog.as_ptr() as u64, 8).unwrap().unwrap();
            assert_eq!(host.len(), 16);
            assert_eq!(u64::from_le_bytes(host[8..16].try_into().unwrap()), filter.as_ptr() as u64);
        }
        // The 64-bit guest's values go as they are; so do other options.
        assert_eq!(host_option(guest_layouts(), SOL_SOCKET, SO_RCVTIMEO_OLD, tv.as_ptr() as u64, 16), Ok(None));
        assert_eq!(host_option(g, SOL_SOCKET, 7 /* SO_SNDBUF */, tv.as_ptr() as u64, 4), Ok(None));
    }

    #[test]
    fn receive_timeouts_round_trip_through_the_guest() {
        let mut g = Guest::new();
        let mut sv = [0i32; 2];
        assert_eq!(g.call("socketpair", &[1, 1, 0, sv.as_mut_ptr() as u64]), 0);
        // A whole number of jiffies at any HZ, so the kernel gives it back unrounded.
        let tv = [2i64, 500_000];
        assert_eq!(g.call("setsockopt", &[sv[0] as u64, 1, SO_RCVTIMEO_OLD as u64, tv.as_ptr() as u64, 16]), 0);
        let mut back = [0i64; 2];
        let mut len = 16u32;
        assert_eq!(g.call("getsockopt", &[sv[0] as u64, 1, SO_RCVTIMEO_OLD as u64, back.as_mut_ptr() as u64, &mut len as *mut u32 as u64]), 0);
        assert_eq!((back, len), (tv, 16));
        g.close(sv[0]);
        g.close(sv[1]);
    }

    fn guest_msghdr(iov: &[u64; 2], control: &mut [u8]) -> [u8; 56] {
        let l = guest_layouts().msghdr;
        let mut m = Record::zeroed(l.size);
        m.set(l.iov, iov.as_ptr() as u64);
        m.set(l.iovlen, 1);
        m.set(l.control, control.as_mut_ptr() as u64);
        m.set(l.controllen, control.len() as u64);
        m.as_bytes().try_into().unwrap()
    }

    #[test]
    fn scm_rights_passes_an_fd_through_a_socketpair() {
        let mut g = Guest::new();
        let mut sv = [0i32; 2];
        assert_eq!(g.call("socketpair", &[1, 1, 0, sv.as_mut_ptr() as u64]), 0); // AF_UNIX, SOCK_STREAM
        let mut pipe = [0i32; 2];
        assert_eq!(g.call("pipe2", &[pipe.as_mut_ptr() as u64, 0]), 0);
        let payload = b"fd!";
        let mut control = cmsg(1, 1, &pipe[1].to_le_bytes());
        let iov = [payload.as_ptr() as u64, 3];
        let m = guest_msghdr(&iov, &mut control);
        assert_eq!(g.call("sendmsg", &[sv[0] as u64, m.as_ptr() as u64, 0]), 3);
        let mut got = [0u8; 8];
        let mut rcontrol = vec![0u8; 64];
        let riov = [got.as_mut_ptr() as u64, 8];
        let rm = guest_msghdr(&riov, &mut rcontrol);
        assert_eq!(g.call("recvmsg", &[sv[1] as u64, rm.as_ptr() as u64, 0]), 3);
        assert_eq!(&got[..3], payload);
        let r = Record::read(rm.as_ptr() as u64, 56).unwrap();
        assert_eq!(r.get(guest_layouts().msghdr.controllen), 24, "one SCM_RIGHTS message");
        assert_eq!(u32::from_le_bytes(rcontrol[8..12].try_into().unwrap()), 1, "SOL_SOCKET");
        assert_eq!(u32::from_le_bytes(rcontrol[12..16].try_into().unwrap()), 1, "SCM_RIGHTS");
        let newfd = i32::from_le_bytes(rcontrol[16..20].try_into().unwrap());
        // The received fd is the pipe's write end: writing to it reaches the read end.
        assert_eq!(g.call("write", &[newfd as u64, b"z".as_ptr() as u64, 1]), 1);
        let mut z = [0u8; 1];
        assert_eq!(g.call("read", &[pipe[0] as u64, z.as_mut_ptr() as u64, 1]), 1);
        assert_eq!(&z, b"z");
        for f in [sv[0], sv[1], pipe[0], pipe[1], newfd] {
            g.close(f);
        }
    }
}
