//! System V IPC (shared memory, semaphores, message queues) and POSIX message queues.
//!
//! # Layouts
//! IPC_* and SHM_*/SEM_*/MSG_* commands and flags are the same on both architectures, and
//! so are `struct ipc64_perm` (48 bytes), `struct shmid64_ds`, `struct msqid64_ds`,
//! `struct shminfo64`/`shm_info`/`msginfo`/`seminfo` (x86_64 uses asm-generic's
//! definitions for all of these in 64-bit mode), `struct sembuf`, `struct msgbuf`
//! (a long type then the text), `struct mq_attr` (eight longs) and `struct sigevent`.
//! Those are handed to the host kernel in guest memory as they are.
//!
//! `struct semid64_ds` differs: x86_64's has a padding word after each time
//! (`sem_otime, __unused1, sem_ctime, __unused2, sem_nsems`, 104 bytes), asm-generic's
//! does not (`sem_otime, sem_ctime, sem_nsems`, 88 bytes); semctl converts it. Timeouts
//! go through the guest's timespec layout and mq_open's flags through the open-flag map.
//!
//! # Shared memory attachments
//! shmat maps memory, so it goes through [`GuestSpace`](crossrun_memory::GuestSpace)
//! like mmap: the range is first claimed for the guest (wherever the kernel puts it, or
//! at the guest's address if that is free or already the guest's), then the segment is
//! attached over it with SHM_REMAP. Attachments are remembered (address → size) so shmdt
//! can give the range back.

use super::raw;
use crate::abi::layout::{field, Field, Record, Timespec};
use crate::dispatch::Ctx;
use crate::errno::{Errno, SysResult};
use crossrun_memory::space::{MapRequest, Protection};
use std::collections::BTreeMap;
use std::sync::Mutex;

const IPC_SET: i32 = 1;
const IPC_STAT: i32 = 2;
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

/// shmid64_ds, msqid64_ds and the info structures have the same layout: the kernel uses
/// the guest's buffer.
pub fn shmctl(_: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    // SAFETY: integers and a same-layout structure in guest memory.
    unsafe { raw(libc::SYS_shmctl, [a[0], a[1], a[2], 0, 0, 0]) }
}

pub fn msgctl(_: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    // SAFETY: as for shmctl.
    unsafe { raw(libc::SYS_msgctl, [a[0], a[1], a[2], 0, 0, 0]) }
}

/// msgsnd(id, msgp, size, flags): `struct msgbuf` is a long then bytes everywhere.
pub fn msgsnd(_: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    // SAFETY: integers and a same-layout message in guest memory.
    unsafe { raw(libc::SYS_msgsnd, [a[0], a[1], a[2], a[3], 0, 0]) }
}

pub fn msgrcv(_: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    // SAFETY: as for msgsnd.
    unsafe { raw(libc::SYS_msgrcv, [a[0], a[1], a[2], a[3], a[4], 0]) }
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

/// `struct semid64_ds` fields after the common 48-byte ipc64_perm.
pub struct SemidLayout {
    pub size: usize,
    pub otime: Field,
    pub ctime: Field,
    pub nsems: Field,
}

/// asm-generic (the guest's).
pub const GUEST_SEMID: SemidLayout = SemidLayout { size: 88, otime: field(48, 8), ctime: field(56, 8), nsems: field(64, 8) };
/// x86_64's, with a padding word after each time.
pub const HOST_SEMID: SemidLayout = SemidLayout { size: 104, otime: field(48, 8), ctime: field(64, 8), nsems: field(80, 8) };
const PERM: Field = field(0, 48);

/// Re-encodes a semid64_ds between layouts: the permission block is copied, the three
/// fields moved, padding left zero.
pub fn convert_semid(src: &[u8], from: &SemidLayout, to: &SemidLayout) -> Record {
    let mut s = Record::zeroed(from.size);
    s.set_bytes(field(0, from.size), src);
    let mut d = Record::zeroed(to.size);
    d.set_bytes(PERM, s.bytes(PERM));
    d.set(to.otime, s.get(from.otime));
    d.set(to.ctime, s.get(from.ctime));
    d.set(to.nsems, s.get(from.nsems));
    d
}

/// semctl(id, num, cmd, arg): `arg` is the semun union passed by value — an int, or a
/// pointer to a u16 array (GETALL/SETALL, same layout) or to a semid64_ds (converted).
pub fn semctl(_: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let cmd = a[2] as i32 & !IPC_64;
    match cmd {
        IPC_STAT | SEM_STAT | SEM_STAT_ANY | IPC_SET => {
            let mut host = vec![0u8; HOST_SEMID.size];
            if cmd == IPC_SET {
                let mut g = vec![0u8; GUEST_SEMID.size];
                crate::guest::read(a[3], &mut g)?;
                host = convert_semid(&g, &GUEST_SEMID, &HOST_SEMID).as_bytes().to_vec();
            }
            // SAFETY: integers and a host semid64_ds buffer.
            let r = unsafe { raw(libc::SYS_semctl, [a[0], a[1], a[2], host.as_mut_ptr() as u64, 0, 0]) }?;
            if cmd != IPC_SET {
                convert_semid(&host, &HOST_SEMID, &GUEST_SEMID).write(a[3])?;
            }
            Ok(r)
        }
        // SAFETY: IPC_RMID, GETVAL, SETVAL, GETPID, GETNCNT, GETZCNT take integers;
        // GETALL/SETALL a u16 array; IPC_INFO/SEM_INFO a same-layout seminfo.
        _ => unsafe { raw(libc::SYS_semctl, [a[0], a[1], a[2], a[3], 0, 0]) },
    }
}

/// mq_open(name, oflag, mode, attr): the flags translated like open's; mq_attr is the
/// same everywhere.
pub fn mq_open(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let name = crate::guest::read_path(a[0])?;
    let flags = ctx.abi.open_flags.to_host(a[1] as u32) as u64;
    // SAFETY: a valid C string, integers and a same-layout mq_attr in guest memory.
    unsafe { raw(libc::SYS_mq_open, [name.as_ptr() as u64, flags, a[2], a[3], 0, 0]) }
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

/// mq_notify(mqd, sigevent): `struct sigevent` has the same 64-byte layout on both.
pub fn mq_notify(_: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    // SAFETY: an integer and a same-layout sigevent in guest memory (or NULL).
    unsafe { raw(libc::SYS_mq_notify, [a[0], a[1], 0, 0, 0, 0]) }
}

pub fn mq_getsetattr(_: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    // SAFETY: an integer and two same-layout mq_attr in guest memory (or NULL).
    unsafe { raw(libc::SYS_mq_getsetattr, [a[0], a[1], a[2], 0, 0, 0]) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::Guest;

    const IPC_RMID: i32 = 0;

    #[test]
    fn semid_ds_moves_the_fields_between_layouts() {
        let mut host = vec![0u8; 104];
        host[0..4].copy_from_slice(&0x1234i32.to_le_bytes()); // key
        host[48..56].copy_from_slice(&111u64.to_le_bytes());
        host[56..64].copy_from_slice(&0xdeadu64.to_le_bytes()); // x86_64 padding
        host[64..72].copy_from_slice(&222u64.to_le_bytes());
        host[80..88].copy_from_slice(&3u64.to_le_bytes());
        let g = convert_semid(&host, &HOST_SEMID, &GUEST_SEMID);
        let b = g.as_bytes();
        assert_eq!(b.len(), 88);
        assert_eq!(&b[0..4], &0x1234i32.to_le_bytes());
        assert_eq!(u64::from_le_bytes(b[48..56].try_into().unwrap()), 111);
        assert_eq!(u64::from_le_bytes(b[56..64].try_into().unwrap()), 222);
        assert_eq!(u64::from_le_bytes(b[64..72].try_into().unwrap()), 3);
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
