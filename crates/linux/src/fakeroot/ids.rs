//! The fake credentials: what get*id report and set*id change, with the kernel's rules
//! for who may set what (a fake effective uid 0 counts as holding CAP_SETUID and
//! CAP_SETGID, as root does).

use super::FakeRoot;
use crate::errno::{Errno, SysResult};
use crate::guest;

/// NGROUPS_MAX.
const NGROUPS_MAX: usize = 65536;

/// A process's user and group ids: real, effective, saved, file system, and the
/// supplementary groups.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Creds {
    pub uid: [u32; 4],
    pub gid: [u32; 4],
    pub groups: Vec<u32>,
}

const R: usize = 0;
const E: usize = 1;
const S: usize = 2;
const FS: usize = 3;

impl Creds {
    /// Root's: every id 0, in group 0.
    pub fn root() -> Creds {
        Creds { uid: [0; 4], gid: [0; 4], groups: vec![0] }
    }

    pub fn fsuid(&self) -> u32 {
        self.uid[FS]
    }

    pub fn fsgid(&self) -> u32 {
        self.gid[FS]
    }

    /// Whether the process has root's powers over users, groups and files (a kernel would
    /// ask for CAP_SETUID, CAP_CHOWN, CAP_FOWNER...: root has them all while its
    /// effective uid is 0).
    pub fn privileged(&self) -> bool {
        self.uid[E] == 0
    }

    /// Whether `gid` is the process's fs group or one of its groups.
    pub fn in_group(&self, gid: u32) -> bool {
        self.gid[FS] == gid || self.groups.contains(&gid)
    }

    /// What the process has after an execve: the saved ids are the effective ones, as the
    /// kernel sets them.
    pub fn after_exec(&self) -> Creds {
        let mut c = self.clone();
        c.uid[S] = c.uid[E];
        c.gid[S] = c.gid[E];
        c.uid[FS] = c.uid[E];
        c.gid[FS] = c.gid[E];
        c
    }

    /// `r,e,s,fs:r,e,s,fs:g1,g2,...`, the form `--root-id-creds` takes.
    pub fn to_arg(&self) -> String {
        let list = |v: &[u32]| v.iter().map(u32::to_string).collect::<Vec<_>>().join(",");
        format!("{}:{}:{}", list(&self.uid), list(&self.gid), list(&self.groups))
    }

    pub fn parse(s: &str) -> Option<Creds> {
        let list = |p: &str| -> Option<Vec<u32>> {
            if p.is_empty() {
                return Some(Vec::new());
            }
            p.split(',').map(|n| n.parse().ok()).collect()
        };
        let mut parts = s.split(':');
        let uid = list(parts.next()?)?.try_into().ok()?;
        let gid = list(parts.next()?)?.try_into().ok()?;
        let groups = list(parts.next()?)?;
        (parts.next().is_none() && groups.len() <= NGROUPS_MAX).then_some(Creds { uid, gid, groups })
    }
}

/// `-1` (as a 32-bit id) leaves an id unchanged.
const KEEP: u32 = u32::MAX;

/// setuid/setgid on one id set: root sets all four, others may only set the effective
/// (and fs) id to the real or saved one.
fn set_one(ids: &mut [u32; 4], v: u32, privileged: bool) -> Result<(), Errno> {
    if privileged {
        *ids = [v; 4];
    } else if v == ids[R] || v == ids[S] {
        ids[E] = v;
        ids[FS] = v;
    } else {
        return Err(Errno::EPERM);
    }
    Ok(())
}

/// setreuid/setregid: an unprivileged caller may set the real id to the real or
/// effective one and the effective id to any of the three; the saved id follows the new
/// effective one when the real id is set or the effective id changes away from the real.
fn set_re(ids: &mut [u32; 4], r: u32, e: u32, privileged: bool) -> Result<(), Errno> {
    let old = *ids;
    if !privileged && ((r != KEEP && r != old[R] && r != old[E]) || (e != KEEP && e != old[R] && e != old[E] && e != old[S])) {
        return Err(Errno::EPERM);
    }
    if r != KEEP {
        ids[R] = r;
    }
    if e != KEEP {
        ids[E] = e;
    }
    if r != KEEP || (e != KEEP && e != old[R]) {
        ids[S] = ids[E];
    }
    ids[FS] = ids[E];
    Ok(())
}

/// setresuid/setresgid: unprivileged, each new id must be one of the current three.
fn set_res(ids: &mut [u32; 4], new: [u32; 3], privileged: bool) -> Result<(), Errno> {
    let old = *ids;
    if !privileged && new.iter().any(|&v| v != KEEP && !old[..3].contains(&v)) {
        return Err(Errno::EPERM);
    }
    for (slot, v) in ids.iter_mut().zip(new) {
        if v != KEEP {
            *slot = v;
        }
    }
    ids[FS] = ids[E];
    Ok(())
}

/// setfsuid/setfsgid: always returns the old fs id; changes it if allowed.
fn set_fs(ids: &mut [u32; 4], v: u32, privileged: bool) -> u64 {
    let old = ids[FS];
    if v != KEEP && (privileged || ids.contains(&v)) {
        ids[FS] = v;
    }
    old as u64
}

/// Which system call, for [`call`].
#[derive(Clone, Copy, Debug)]
pub enum IdCall {
    GetUid,
    GetEuid,
    GetGid,
    GetEgid,
    GetResUid,
    GetResGid,
    GetGroups,
    SetUid,
    SetGid,
    SetReUid,
    SetReGid,
    SetResUid,
    SetResGid,
    SetFsUid,
    SetFsGid,
    SetGroups,
}

/// Carries out one identity system call on the fake credentials.
pub fn call(fake: &FakeRoot, which: IdCall, a: [u64; 6]) -> SysResult {
    let id = |i: usize| a[i] as u32;
    let mut c = fake.creds.lock().unwrap_or_else(|e| e.into_inner());
    let privileged = c.privileged();
    let three = |ids: [u32; 4]| -> SysResult {
        for (i, v) in ids[..3].iter().enumerate() {
            guest::write_u32(a[i], *v)?;
        }
        Ok(0)
    };
    match which {
        IdCall::GetUid => Ok(c.uid[R] as u64),
        IdCall::GetEuid => Ok(c.uid[E] as u64),
        IdCall::GetGid => Ok(c.gid[R] as u64),
        IdCall::GetEgid => Ok(c.gid[E] as u64),
        IdCall::GetResUid => three(c.uid),
        IdCall::GetResGid => three(c.gid),
        IdCall::GetGroups => {
            let size = a[0] as i32;
            if size < 0 {
                return Err(Errno::EINVAL);
            }
            if size == 0 {
                return Ok(c.groups.len() as u64);
            }
            if (size as usize) < c.groups.len() {
                return Err(Errno::EINVAL);
            }
            let bytes: Vec<u8> = c.groups.iter().flat_map(|g| g.to_le_bytes()).collect();
            guest::write(a[1], &bytes)?;
            Ok(c.groups.len() as u64)
        }
        IdCall::SetUid => set_one(&mut c.uid, id(0), privileged).map(|()| 0),
        IdCall::SetGid => set_one(&mut c.gid, id(0), privileged).map(|()| 0),
        IdCall::SetReUid => set_re(&mut c.uid, id(0), id(1), privileged).map(|()| 0),
        IdCall::SetReGid => set_re(&mut c.gid, id(0), id(1), privileged).map(|()| 0),
        IdCall::SetResUid => set_res(&mut c.uid, [id(0), id(1), id(2)], privileged).map(|()| 0),
        IdCall::SetResGid => set_res(&mut c.gid, [id(0), id(1), id(2)], privileged).map(|()| 0),
        IdCall::SetFsUid => Ok(set_fs(&mut c.uid, id(0), privileged)),
        IdCall::SetFsGid => Ok(set_fs(&mut c.gid, id(0), privileged)),
        IdCall::SetGroups => {
            // The kernel checks the capability, then the size, then reads the list.
            if !privileged {
                return Err(Errno::EPERM);
            }
            let n = a[0] as usize;
            if n > NGROUPS_MAX {
                return Err(Errno::EINVAL);
            }
            let mut bytes = vec![0u8; n * 4];
            guest::read(a[1], &mut bytes)?;
            c.groups = bytes.chunks_exact(4).map(|b| u32::from_le_bytes(b.try_into().expect("4 bytes"))).collect();
            Ok(0)
        }
    }
}

/// `capget`: a fake root (effective uid 0) has every capability, others none, as the
/// kernel computes them for root and for a process that dropped root.
pub fn capget(fake: &FakeRoot, a: [u64; 6]) -> SysResult {
    const VERSION_1: u32 = 0x1998_0330;
    const VERSION_3: u32 = 0x2008_0522;
    let version = guest::read_u32(a[0])?;
    let words = match version {
        VERSION_1 => 1,
        VERSION_3 | 0x2007_1026 => 2,
        _ => {
            // The kernel answers an unknown version with the one it prefers.
            guest::write_u32(a[0], VERSION_3)?;
            return Err(Errno::EINVAL);
        }
    };
    if a[1] == 0 {
        return Ok(0);
    }
    let privileged = fake.creds.lock().unwrap_or_else(|e| e.into_inner()).privileged();
    // CAP_LAST_CAP is 40 (CAP_CHECKPOINT_RESTORE): 41 bits over two words.
    let all: [u32; 2] = [u32::MAX, (1 << 9) - 1];
    let mut out = Vec::new();
    for w in all.iter().take(words) {
        let v = if privileged { *w } else { 0 };
        // effective, permitted, inheritable.
        for x in [v, v, 0] {
            out.extend_from_slice(&x.to_le_bytes());
        }
    }
    guest::write(a[1], &out)?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creds_argument_round_trips() {
        let c = Creds { uid: [1, 2, 3, 4], gid: [5, 6, 7, 8], groups: vec![9, 10] };
        assert_eq!(c.to_arg(), "1,2,3,4:5,6,7,8:9,10");
        assert_eq!(Creds::parse(&c.to_arg()), Some(c));
        let none = Creds { groups: vec![], ..Creds::root() };
        assert_eq!(Creds::parse(&none.to_arg()), Some(none));
        assert_eq!(Creds::parse("0,0,0:0,0,0,0:"), None);
        assert_eq!(Creds::parse("0,0,0,0:0,0,0,0:x"), None);
    }

    #[test]
    fn kernel_rules_for_setting_ids() {
        // Root drops to 100 for good with setuid.
        let mut ids = [0; 4];
        set_one(&mut ids, 100, true).unwrap();
        assert_eq!(ids, [100; 4]);
        assert_eq!(set_one(&mut ids, 0, false), Err(Errno::EPERM));
        // Root switches its effective id only, keeping 0 saved, and comes back.
        let mut ids = [0; 4];
        set_res(&mut ids, [KEEP, 42, KEEP], true).unwrap();
        assert_eq!(ids, [0, 42, 0, 42]);
        set_res(&mut ids, [KEEP, 0, KEEP], false).unwrap();
        assert_eq!(ids, [0, 0, 0, 0]);
        // setreuid(-1, e) with e != r moves the saved id; an unprivileged process cannot
        // pick a fourth id.
        let mut ids = [5, 5, 5, 5];
        assert_eq!(set_re(&mut ids, KEEP, 6, false), Err(Errno::EPERM));
        let mut ids = [5, 6, 7, 6];
        set_re(&mut ids, KEEP, 7, false).unwrap();
        assert_eq!(ids, [5, 7, 7, 7]);
        set_re(&mut ids, 7, 5, false).unwrap();
        assert_eq!(ids, [7, 5, 5, 5]);
        // setfsuid returns the old value and refuses strangers when unprivileged.
        assert_eq!(set_fs(&mut ids, 9, false), 5);
        assert_eq!(ids[FS], 5);
        assert_eq!(set_fs(&mut ids, 7, false), 5);
        assert_eq!(ids[FS], 7);
    }
}
