//! System V IPC (shared memory, semaphores, message queues) and POSIX message queues.
//!
//! # Layouts
//! IPC_* and SHM_*/SEM_*/MSG_* commands and flags are the same on both architectures.
//! The structures with longs, pointers or times (`struct shmid64_ds`, `shminfo64`,
//! `shm_info`, `msqid64_ds`, `semid64_ds`, `struct msgbuf`'s type, `struct mq_attr`,
//! `struct sigevent`) are the guest's layouts ([`crate::abi::layout`]): where one equals
//! the host's the guest's buffer goes to the host kernel as it is, otherwise through a
//! host copy converted field by field (`ctl_buffer`). x86_64's `semid64_ds` has a
//! padding word after each time and asm-generic's does not, so on aarch64 semctl always
//! converts; a 32-bit guest converts them all. `struct sembuf`, `struct seminfo` and
//! `struct msginfo` are fixed-width ([`fixed`]). Timeouts go through the guest's
//! timespec layout and mq_open's flags through the open-flag map.
//!
//! [`fixed`]: crate::abi::layout::fixed
//!
//! # Shared memory attachments
//! shmat maps memory, so it goes through [`GuestSpace`](crossrun_memory::GuestSpace)
//! like mmap: the range is first claimed for the guest (wherever the kernel puts it, or
//! at the guest's address if that is free or already the guest's), then the segment is
//! attached over it with SHM_REMAP. Attachments are remembered (address → size) so shmdt
//! can give the range back.

use super::raw;
use crate::abi::host::LAYOUTS as HOST;
use crate::abi::layout::{convert, field, Layout, Record, Timespec};
use crate::dispatch::Ctx;
use crate::errno::{Errno, SysResult};
use crossrun_memory::space::{MapRequest, Protection};
use std::collections::BTreeMap;
use std::sync::Mutex;

const IPC_SET: i32 = 1;
const IPC_STAT: i32 = 2;
const IPC_INFO: i32 = 3;
const MSG_STAT: i32 = 11;
const MSG_STAT_ANY: i32 = 13;
const SHM_STAT: i32 = 13;
const SHM_INFO: i32 = 14;
const SHM_STAT_ANY: i32 = 15;
const SEM_STAT: i32 = 18;
const SEM_STAT_ANY: i32 = 20;
/// The version bit a libc may or in; both kernels treat the commands alike with or
/// without it, so it is kept and only masked for the switch.
const IPC_64: i32 = 0x100;
const SHM_RDONLY: u64 = 0o10000;
const SHM_RND: u64 = 0o20000;
const SHM_REMAP: u64 = 0o40000;
const SHM_EXEC: u64 = 0o100000;
const PAGE: u64 = 4096;

/// Live attachments: guest address → attached length.
static ATTACHED: Mutex<BTreeMap<u64, u64>> = Mutex::new(BTreeMap::new());

super::int_passthrough! {
    shmget => SYS_shmget;
    semget => SYS_semget;
    msgget => SYS_msgget;
}

/// The segment's size, from the host.
fn segment_size(id: u64) -> Result<u64, Errno> {
    // SAFETY: a zeroed shmid_ds is valid for the kernel to fill.
    let mut ds: libc::shmid_ds = unsafe { std::mem::zeroed() };
    // SAFETY: IPC_STAT into a valid local.
    crate::errno::cvt_int(unsafe { libc::shmctl(id as i32, libc::IPC_STAT, &mut ds) })?;
    Ok(ds.shm_segsz as u64)
}

pub fn shmat(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let (id, mut addr, flags) = (a[0], a[1], a[2]);
    let len = segment_size(id)?.div_ceil(PAGE) * PAGE;
    if addr != 0 {
        if flags & SHM_RND != 0 {
            addr &= !(ctx.abi.shmlba - 1);
        }
        if addr % PAGE != 0 {
            return Err(Errno::EINVAL);
        }
    } else if flags & SHM_REMAP != 0 {
        return Err(Errno::EINVAL);
    }
    let prot = if flags & SHM_RDONLY != 0 { libc::PROT_READ } else { libc::PROT_READ | libc::PROT_WRITE }
        | if flags & SHM_EXEC != 0 { libc::PROT_EXEC } else { 0 };
    let mut space = ctx.process.space();
    let placement = match addr {
        0 => 0,
        // Without SHM_REMAP the kernel refuses a range that is in use.
        _ if flags & SHM_REMAP == 0 => libc::MAP_FIXED_NOREPLACE,
        _ => libc::MAP_FIXED,
    };
    let req = MapRequest {
        addr,
        len,
        prot: Protection(prot),
        flags: libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | placement,
        fd: -1,
        offset: 0,
    };
    let at = space.map(req).map_err(|e| if addr != 0 && e.errno() == libc::EEXIST { Errno::EINVAL } else { Errno::from(e) })?;
    // SAFETY: `at..at+len` was just claimed for the guest, so replacing it cannot touch
    // memory crossrun uses.
    let got = unsafe { libc::shmat(id as i32, at as *const libc::c_void, (flags | SHM_REMAP) as i32 & !(SHM_RND as i32)) };
    if got as isize == -1 {
        let e = Errno::last();
        let _ = space.unmap(at, len);
        return Err(e);
    }
    drop(space);
    ATTACHED.lock().unwrap_or_else(|e| e.into_inner()).insert(at, len);
    ctx.process.invalidate_code(at, at + len);
    Ok(at)
}

pub fn shmdt(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let addr = a[0];
    let len = ATTACHED.lock().unwrap_or_else(|e| e.into_inner()).get(&addr).copied();
    let Some(len) = len else { return Err(Errno::EINVAL) };
    // SAFETY: detaching a segment crossrun attached for the guest at that address.
    crate::errno::cvt_int(unsafe { libc::shmdt(addr as *const libc::c_void) })?;
    ATTACHED.lock().unwrap_or_else(|e| e.into_inner()).remove(&addr);
    // The pages are gone; the range stops being the guest's.
    let _ = ctx.process.space().unmap(addr, len);
    ctx.process.invalidate_code(addr, addr + len);
    Ok(0)
}

/// What a ctl command does with its structure argument.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Dir {
    /// The kernel reads it (IPC_SET).
    In,
    /// The kernel fills it (IPC_STAT, the INFO commands).
    Out,
}

/// A ctl call whose argument `at` is a structure of layout `guest` (the host's: `host`):
/// the guest's buffer as it is where the layouts are equal, else a host copy converted
/// in before the call or out after it.
fn ctl_buffer<L: Layout>(nr: libc::c_long, a: [u64; 6], at: usize, guest: &L, host: &L, dir: Dir) -> SysResult {
    if guest == host || a[at] == 0 {
        // SAFETY: integers and a structure in guest memory of the host's layout (or
        // NULL); the kernel checks the pointer.
        return unsafe { raw(nr, a) };
    }
    let mut buf = match dir {
        Dir::In => convert(Record::read(a[at], guest.size())?.as_bytes(), guest, host),
        Dir::Out => Record::zeroed(host.size()),
    };
    let mut args = a;
    args[at] = buf.as_mut_bytes().as_mut_ptr() as u64;
    // SAFETY: integers and a host buffer of the host structure's size.
    let r = unsafe { raw(nr, args) }?;
    if dir == Dir::Out {
        convert(buf.as_bytes(), host, guest).write(a[at])?;
    }
    Ok(r)
}

/// shmctl(id, cmd, buf): shmid64_ds for the STAT commands and IPC_SET, shminfo64 for
/// IPC_INFO, shm_info for SHM_INFO; the other commands take no buffer.
pub fn shmctl(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let (g, nr) = (ctx.abi.layouts, libc::SYS_shmctl);
    let a = [a[0], a[1], a[2], 0, 0, 0];
    match a[1] as i32 & !IPC_64 {
        IPC_STAT | SHM_STAT | SHM_STAT_ANY => ctl_buffer(nr, a, 2, &g.shmid, &HOST.shmid, Dir::Out),
        IPC_SET => ctl_buffer(nr, a, 2, &g.shmid, &HOST.shmid, Dir::In),
        IPC_INFO => ctl_buffer(nr, a, 2, &g.shminfo, &HOST.shminfo, Dir::Out),
        SHM_INFO => ctl_buffer(nr, a, 2, &g.shm_info, &HOST.shm_info, Dir::Out),
        // SAFETY: IPC_RMID, SHM_LOCK, SHM_UNLOCK take no buffer; anything else the
        // kernel refuses.
        _ => unsafe { raw(nr, a) },
    }
}

/// msgctl(id, cmd, buf): msqid64_ds for the STAT commands and IPC_SET; IPC_INFO and
/// MSG_INFO fill a fixed-width `struct msginfo`.
pub fn msgctl(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let (g, nr) = (ctx.abi.layouts, libc::SYS_msgctl);
    let a = [a[0], a[1], a[2], 0, 0, 0];
    match a[1] as i32 & !IPC_64 {
        IPC_STAT | MSG_STAT | MSG_STAT_ANY => ctl_buffer(nr, a, 2, &g.msqid, &HOST.msqid, Dir::Out),
        IPC_SET => ctl_buffer(nr, a, 2, &g.msqid, &HOST.msqid, Dir::In),
        // SAFETY: IPC_RMID takes no buffer, the INFO commands a fixed-width msginfo.
        _ => unsafe { raw(nr, a) },
    }
}

/// The largest message crossrun copies for a guest whose `struct msgbuf` is not the
/// host's: 16 MiB, far above the default msgmax (8192); a larger one is EINVAL, as the
/// kernel says for one above msgmax.
const MSG_COPY_MAX: u64 = 1 << 24;

/// msgsnd(id, msgp, size, flags): `struct msgbuf` is a `long` type, then the text.
pub fn msgsnd(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let (g, h) = (&ctx.abi.layouts.msgbuf, &HOST.msgbuf);
    if g == h {
        // SAFETY: integers and a message of the host's layout in guest memory.
        return unsafe { raw(libc::SYS_msgsnd, [a[0], a[1], a[2], a[3], 0, 0]) };
    }
    if a[2] as i64 > MSG_COPY_MAX as i64 || (a[2] as i64) < 0 {
        return Err(Errno::EINVAL);
    }
    let mut host = Record::zeroed(h.mtext.offset + a[2] as usize);
    let mtype = Record::read(a[1] + g.mtype.offset as u64, g.mtype.size)?.get_i(field(0, g.mtype.size));
    host.set_i(h.mtype, mtype);
    crate::guest::read(a[1] + g.mtext.offset as u64, &mut host.as_mut_bytes()[h.mtext.offset..])?;
    // SAFETY: integers and a host message of the size given.
    unsafe { raw(libc::SYS_msgsnd, [a[0], host.as_bytes().as_ptr() as u64, a[2], a[3], 0, 0]) }
}

/// msgrcv(id, msgp, size, type, flags).
pub fn msgrcv(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let (g, h) = (&ctx.abi.layouts.msgbuf, &HOST.msgbuf);
    if g == h {
        // SAFETY: as for msgsnd.
        return unsafe { raw(libc::SYS_msgrcv, [a[0], a[1], a[2], a[3], a[4], 0]) };
    }
    if a[2] as i64 > MSG_COPY_MAX as i64 || (a[2] as i64) < 0 {
        return Err(Errno::EINVAL);
    }
    let mut host = Record::zeroed(h.mtext.offset + a[2] as usize);
    // SAFETY: integers and a host buffer of the size given.
    let n = unsafe { raw(libc::SYS_msgrcv, [a[0], host.as_mut_bytes().as_mut_ptr() as u64, a[2], a[3], a[4], 0]) }?;
    let mut mtype = Record::zeroed(g.mtype.size);
    mtype.set_i(field(0, g.mtype.size), host.get_i(h.mtype));
    mtype.write(a[1] + g.mtype.offset as u64)?;
    crate::guest::write(a[1] + g.mtext.offset as u64, &host.as_bytes()[h.mtext.offset..h.mtext.offset + n as usize])?;
    Ok(n)
}

/// semop(id, sops, nsops): `struct sembuf` is three shorts everywhere.
pub fn semop(_: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    // SAFETY: integers and a sembuf array in guest memory.
    unsafe { raw(libc::SYS_semop, [a[0], a[1], a[2], 0, 0, 0]) }
}

pub fn semtimedop(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let ts = if a[3] == 0 {
        None
    } else {
        let t = ctx.abi.layouts.timespec.read(a[3])?;
        Some(libc::timespec { tv_sec: t.sec, tv_nsec: t.frac })
    };
    let p = ts.as_ref().map_or(0, |t| t as *const libc::timespec as u64);
    // SAFETY: integers, a sembuf array in guest memory and a timespec local or NULL.
    unsafe { raw(libc::SYS_semtimedop, [a[0], a[1], a[2], p, 0, 0]) }
}

/// semctl(id, num, cmd, arg): `arg` is the semun union passed by value: an int, or a
/// pointer to a u16 array (GETALL/SETALL, fixed-width), to a semid64_ds (the STAT
/// commands and IPC_SET) or to a fixed-width seminfo (IPC_INFO, SEM_INFO).
pub fn semctl(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let (g, nr) = (&ctx.abi.layouts.semid, libc::SYS_semctl);
    let a = [a[0], a[1], a[2], a[3], 0, 0];
    match a[2] as i32 & !IPC_64 {
        IPC_STAT | SEM_STAT | SEM_STAT_ANY => ctl_buffer(nr, a, 3, g, &HOST.semid, Dir::Out),
        IPC_SET => ctl_buffer(nr, a, 3, g, &HOST.semid, Dir::In),
        // SAFETY: IPC_RMID, GETVAL, SETVAL, GETPID, GETNCNT, GETZCNT take integers;
        // GETALL/SETALL a u16 array; IPC_INFO/SEM_INFO a fixed-width seminfo.
        _ => unsafe { raw(nr, a) },
    }
}

/// A guest `struct mq_attr` at `addr` (or NULL) for the host, and where it is.
fn host_mq_attr(ctx: &Ctx<'_>, addr: u64) -> Result<Option<Record>, Errno> {
    let g = &ctx.abi.layouts.mq_attr;
    if addr == 0 || *g == HOST.mq_attr {
        return Ok(None);
    }
    Ok(Some(convert(Record::read(addr, g.size)?.as_bytes(), g, &HOST.mq_attr)))
}

/// mq_open(name, oflag, mode, attr): the flags translated like open's, the attributes
/// through the guest's `struct mq_attr`.
pub fn mq_open(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let name = crate::guest::read_path(a[0])?;
    let flags = ctx.abi.open_flags.to_host(a[1] as u32) as u64;
    let attr = host_mq_attr(ctx, a[3])?;
    let attr_ptr = attr.as_ref().map_or(a[3], |r| r.as_bytes().as_ptr() as u64);
    // SAFETY: a valid C string, integers and an mq_attr of the host's layout in guest
    // memory or a host copy (or NULL).
    unsafe { raw(libc::SYS_mq_open, [name.as_ptr() as u64, flags, a[2], attr_ptr, 0, 0]) }
}

pub fn mq_unlink(_: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let name = crate::guest::read_path(a[0])?;
    // SAFETY: a valid C string.
    unsafe { raw(libc::SYS_mq_unlink, [name.as_ptr() as u64, 0, 0, 0, 0, 0]) }
}

fn abs_timeout(ctx: &Ctx<'_>, addr: u64) -> Result<Option<libc::timespec>, Errno> {
    if addr == 0 {
        return Ok(None);
    }
    let Timespec { sec, frac } = ctx.abi.layouts.timespec.read(addr)?;
    Ok(Some(libc::timespec { tv_sec: sec, tv_nsec: frac }))
}

/// mq_timedsend(mqd, msg, len, prio, abs_timeout).
pub fn mq_timedsend(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let ts = abs_timeout(ctx, a[4])?;
    let p = ts.as_ref().map_or(0, |t| t as *const libc::timespec as u64);
    // SAFETY: integers, a guest byte buffer and a timespec local or NULL.
    unsafe { raw(libc::SYS_mq_timedsend, [a[0], a[1], a[2], a[3], p, 0]) }
}

/// mq_timedreceive(mqd, msg, len, prio*, abs_timeout): the priority is a u32.
pub fn mq_timedreceive(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let ts = abs_timeout(ctx, a[4])?;
    let p = ts.as_ref().map_or(0, |t| t as *const libc::timespec as u64);
    // SAFETY: as for mq_timedsend; the priority output is a u32 in guest memory.
    unsafe { raw(libc::SYS_mq_timedreceive, [a[0], a[1], a[2], a[3], p, 0]) }
}

/// mq_notify(mqd, sigevent): the notification through the guest's `struct sigevent`.
pub fn mq_notify(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    ctl_buffer(libc::SYS_mq_notify, [a[0], a[1], 0, 0, 0, 0], 1, &ctx.abi.layouts.sigevent, &HOST.sigevent, Dir::In)
}

/// mq_getsetattr(mqd, new, old): both through the guest's `struct mq_attr`.
pub fn mq_getsetattr(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let g = &ctx.abi.layouts.mq_attr;
    let new = host_mq_attr(ctx, a[1])?;
    let new_ptr = new.as_ref().map_or(a[1], |r| r.as_bytes().as_ptr() as u64);
    let mut old = (a[2] != 0 && *g != HOST.mq_attr).then(|| Record::zeroed(HOST.mq_attr.size));
    let old_ptr = old.as_mut().map_or(a[2], |r| r.as_mut_bytes().as_mut_ptr() as u64);
    // SAFETY: an integer and two mq_attr of the host's layout in guest memory or host
    // copies (or NULL).
    let r = unsafe { raw(libc::SYS_mq_getsetattr, [a[0], new_ptr, old_ptr, 0, 0, 0]) }?;
    if let Some(o) = old {
        convert(o.as_bytes(), &HOST.mq_attr, g).write(a[2])?;
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::Guest;

    const IPC_RMID: i32 = 0;

    #[test]
    fn semid_ds_moves_the_fields_between_layouts() {
        let (h, g) = (&HOST.semid, &crate::testutil::test_arch().abi.layouts.semid);
        assert_ne!(h, g, "x86_64 pads after each time");
        let mut host = Record::zeroed(h.size);
        host.set_i(h.key, 0x1234);
        host.set(h.mode, 0o600);
        host.set_i(h.otime, 111);
        host.as_mut_bytes()[56..64].copy_from_slice(&0xdeadu64.to_le_bytes()); // x86_64 padding
        host.set_i(h.ctime, 222);
        host.set(h.nsems, 3);
        let b = convert(host.as_bytes(), h, g).into_bytes();
        assert_eq!(b.len(), 88);
        assert_eq!(&b[0..4], &0x1234i32.to_le_bytes());
        assert_eq!(&b[20..24], &0o600u32.to_le_bytes());
        assert_eq!(u64::from_le_bytes(b[48..56].try_into().unwrap()), 111);
        assert_eq!(u64::from_le_bytes(b[56..64].try_into().unwrap()), 222);
        assert_eq!(u64::from_le_bytes(b[64..72].try_into().unwrap()), 3);
    }

    /// A 32-bit guest's shmid64_ds keeps each time as a low and a high word.
    #[test]
    fn shmid_ds_of_a_32_bit_guest_splits_the_times() {
        let (h, g) = (&HOST.shmid, &crate::abi::arm::layout::LAYOUTS.shmid);
        let mut host = Record::zeroed(h.size);
        host.set(h.segsz, 10000);
        host.set_i(h.atime, 0x1_0000_0005);
        host.set_i(h.ctime, 1_700_000_000);
        host.set_i(h.cpid, 42);
        host.set(h.nattch, 2);
        host.set(h.mode, 0o1600);
        let b = convert(host.as_bytes(), h, g);
        assert_eq!(b.as_bytes().len(), 84);
        assert_eq!((b.get(g.atime), b.get(g.atime_high.unwrap())), (5, 1));
        assert_eq!((b.get(g.ctime), b.get(g.ctime_high.unwrap())), (1_700_000_000, 0));
        assert_eq!((b.get(g.segsz), b.get_i(g.cpid), b.get(g.nattch), b.get(g.mode)), (10000, 42, 2, 0o1600));
        let back = convert(b.as_bytes(), g, h);
        assert_eq!(back.get_i(h.atime), 0x1_0000_0005, "the halves join");
        assert_eq!(back.get(h.mode), 0o1600);
    }

    #[test]
    fn message_queues_and_their_attributes() {
        let mut g = Guest::new();
        let q = g.call("msgget", &[0 /* IPC_PRIVATE */, 0o600 | 0o1000]);
        assert!(q >= 0, "{q}");
        let mut msg = [0u8; 8 + 5];
        msg[..8].copy_from_slice(&7i64.to_le_bytes());
        msg[8..].copy_from_slice(b"hello");
        assert_eq!(g.call("msgsnd", &[q as u64, msg.as_ptr() as u64, 5, 0]), 0);
        let mut ds = [0u8; 120];
        assert_eq!(g.call("msgctl", &[q as u64, IPC_STAT as u64, ds.as_mut_ptr() as u64]), 0);
        let l = &g.process.arch().abi.layouts.msqid;
        let r = Record::from_bytes(&ds, l.size);
        assert_eq!((r.get(l.qnum), r.get(l.cbytes), r.get(l.mode) & 0o777), (1, 5, 0o600));
        let mut got = [0u8; 8 + 16];
        assert_eq!(g.call("msgrcv", &[q as u64, got.as_mut_ptr() as u64, 16, 0, 0]), 5);
        assert_eq!((i64::from_le_bytes(got[..8].try_into().unwrap()), &got[8..13]), (7, &b"hello"[..]));
        assert_eq!(g.call("msgctl", &[q as u64, IPC_RMID as u64, 0]), 0);
        // POSIX queues: the attributes given at creation come back. (The system call
        // takes the name without the slash the C library's mq_open strips.)
        let name = crate::testutil::cstr(&format!("crossrun-test-{}", std::process::id()));
        let attr = [0i64, 4, 64, 0, 0, 0, 0, 0];
        let mq = g.call("mq_open", &[name.as_ptr() as u64, 0o2 | 0o100 /* O_RDWR|O_CREAT */, 0o600, attr.as_ptr() as u64]);
        assert!(mq >= 0, "{mq}");
        let mut old = [-1i64; 8];
        assert_eq!(g.call("mq_getsetattr", &[mq as u64, 0, old.as_mut_ptr() as u64]), 0);
        assert_eq!(old[..4], [0, 4, 64, 0]);
        assert_eq!(g.call("mq_timedsend", &[mq as u64, b"m".as_ptr() as u64, 1, 0, 0]), 0);
        assert_eq!(g.call("mq_getsetattr", &[mq as u64, 0, old.as_mut_ptr() as u64]), 0);
        assert_eq!(old[3], 1, "one message waiting");
        g.close(mq as i32);
        assert_eq!(g.call("mq_unlink", &[name.as_ptr() as u64]), 0);
    }

    #[test]
    fn shared_memory_is_attached_as_guest_memory_and_semaphores_stat() {
        let mut g = Guest::new();
        let id = g.call("shmget", &[0 /* IPC_PRIVATE */, 10000, 0o600 | 0o1000 /* IPC_CREAT */]);
        assert!(id >= 0, "{id}");
        let at = g.call("shmat", &[id as u64, 0, 0]);
        assert!(at > 0, "{at}");
        assert!(g.process.space().owns(at as u64, 12288), "the attachment is guest memory");
        let at2 = g.call("shmat", &[id as u64, 0, 0]);
        crate::guest::write(at as u64 + 5000, b"shared").unwrap();
        let mut back = [0u8; 6];
        crate::guest::read(at2 as u64 + 5000, &mut back).unwrap();
        assert_eq!(&back, b"shared", "two attachments of one segment");
        assert_eq!(g.call("shmdt", &[at as u64]), 0);
        assert!(!g.process.space().owns(at as u64, 4096));
        assert_eq!(g.call("shmdt", &[at as u64]), -(libc::EINVAL as i64));
        assert_eq!(g.call("shmdt", &[at2 as u64]), 0);
        assert_eq!(g.call("shmctl", &[id as u64, IPC_RMID as u64, 0]), 0);
        let sem = g.call("semget", &[0, 3, 0o600 | 0o1000]);
        assert!(sem >= 0);
        let mut ds = [0xffu8; 88];
        assert_eq!(g.call("semctl", &[sem as u64, 0, IPC_STAT as u64, ds.as_mut_ptr() as u64]), 0);
        assert_eq!(u64::from_le_bytes(ds[64..72].try_into().unwrap()), 3, "sem_nsems at the guest offset");
        assert_eq!(g.call("semctl", &[sem as u64, 0, IPC_RMID as u64, 0]), 0);
    }
}
