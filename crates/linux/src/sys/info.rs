//! System and resource information: uname, sysinfo, rlimits, getrusage, times, getrandom.

use super::raw;
use crate::abi::layout::fixed::RLIMIT64;
use crate::abi::layout::{Record, Rlimit, RlimitLayout, Rusage, SysInfo, Timespec, Tms};
use crate::dispatch::Ctx;
use crate::errno::{Errno, SysResult};
use crate::host;

/// RLIM_NLIMITS (asm-generic/resource.h, also x86_64's).
const RLIM_NLIMITS: u32 = 16;
const RLIMIT_DATA: u32 = 2;
const RLIMIT_STACK: u32 = 3;
const RLIMIT_AS: u32 = 9;

/// Limits the guest may set without them applying to crossrun's own host process:
/// address space, data and stack size would otherwise constrain crossrun's allocations
/// and threads (not just the guest's). The guest sees what it set; the others are the
/// host's own limits.
#[derive(Debug)]
pub struct VirtualLimits {
    limits: [(u32, Rlimit); 3],
}

impl VirtualLimits {
    pub fn from_host() -> VirtualLimits {
        let get = |r: u32| {
            let mut l = libc::rlimit { rlim_cur: libc::RLIM_INFINITY, rlim_max: libc::RLIM_INFINITY };
            // SAFETY: a valid local for the kernel to fill.
            unsafe { libc::getrlimit(r, &mut l) };
            (r, Rlimit { cur: l.rlim_cur, max: l.rlim_max })
        };
        VirtualLimits { limits: [get(RLIMIT_DATA), get(RLIMIT_STACK), get(RLIMIT_AS)] }
    }

    fn get_mut(&mut self, resource: u32) -> Option<&mut Rlimit> {
        self.limits.iter_mut().find(|(r, _)| *r == resource).map(|(_, l)| l)
    }
}

/// The one rlimit implementation: prlimit64(pid, resource, new, old) with `new` already
/// read from the guest and `old` written in `layout` (the guest's `struct rlimit`, or
/// prlimit64's fixed-width `struct rlimit64`).
fn prlimit(ctx: &Ctx<'_>, pid: i32, resource: u32, new: Option<Rlimit>, old_addr: u64, layout: RlimitLayout) -> SysResult {
    let is_self = pid == 0 || pid == host::getpid();
    if resource >= RLIM_NLIMITS {
        return Err(Errno::EINVAL);
    }
    if let Some(n) = new {
        if n.cur > n.max {
            return Err(Errno::EINVAL);
        }
    }
    let mut limits = ctx.process.limits.lock().unwrap_or_else(|e| e.into_inner());
    let old = match limits.get_mut(resource).filter(|_| is_self) {
        Some(l) => {
            let old = *l;
            if let Some(n) = new {
                // SAFETY: no arguments.
                if n.max > l.max && unsafe { libc::geteuid() } != 0 {
                    return Err(Errno::EPERM);
                }
                *l = n;
            }
            old
        }
        None => {
            let host_new = new.map(|n| libc::rlimit64 { rlim_cur: n.cur, rlim_max: n.max });
            let mut host_old = libc::rlimit64 { rlim_cur: 0, rlim_max: 0 };
            let new_ptr = host_new.as_ref().map_or(0, |n| n as *const libc::rlimit64 as u64);
            // SAFETY: both pointers are null or valid host rlimit64 locals.
            unsafe {
                raw(libc::SYS_prlimit64, [pid as u64, resource as u64, new_ptr, &mut host_old as *mut libc::rlimit64 as u64, 0, 0])
            }?;
            Rlimit { cur: host_old.rlim_cur, max: host_old.rlim_max }
        }
    };
    drop(limits);
    if old_addr != 0 {
        layout.write(old_addr, old)?;
    }
    Ok(0)
}

pub fn prlimit64(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let new = if a[2] != 0 { Some(RLIMIT64.read(a[2])?) } else { None };
    prlimit(ctx, a[0] as i32, a[1] as u32, new, a[3], RLIMIT64)
}

pub fn getrlimit(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    prlimit(ctx, 0, a[0] as u32, None, a[1], ctx.abi.layouts.rlimit)
}

pub fn setrlimit(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let new = ctx.abi.layouts.rlimit.read(a[1])?;
    prlimit(ctx, 0, a[0] as u32, Some(new), 0, ctx.abi.layouts.rlimit)
}

pub fn uname(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    // SAFETY: a zeroed utsname is valid; the kernel fills it.
    let mut u: libc::utsname = unsafe { std::mem::zeroed() };
    // SAFETY: a valid local.
    crate::errno::cvt_int(unsafe { libc::uname(&mut u) })?;
    let field = |f: &[libc::c_char]| -> Vec<u8> { f.iter().take_while(|&&c| c != 0).map(|&c| c as u8).collect() };
    let l = ctx.abi.layouts.utsname;
    let mut r = Record::zeroed(l.size);
    r.set_bytes(l.sysname, &field(&u.sysname));
    r.set_bytes(l.nodename, &field(&u.nodename));
    match &ctx.process.config().uname_release {
        Some(release) => r.set_bytes(l.release, release.as_bytes()),
        None => r.set_bytes(l.release, &field(&u.release)),
    }
    r.set_bytes(l.version, &field(&u.version));
    r.set_bytes(l.machine, ctx.process.cpu_model().uname_machine.as_bytes());
    r.set_bytes(l.domainname, &field(&u.domainname));
    r.write(a[0])?;
    Ok(0)
}

/// The longest host or domain name the kernel takes (__NEW_UTS_LEN).
const UTS_NAME_MAX: u64 = 64;

pub fn sethostname(_ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    set_uts_name(libc::SYS_sethostname, a)
}

pub fn setdomainname(_ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    set_uts_name(libc::SYS_setdomainname, a)
}

/// Both take `(const char *name, int len)`, a name that need not be NUL-terminated.
fn set_uts_name(nr: libc::c_long, a: [u64; 6]) -> SysResult {
    let len = a[1] as i32;
    let mut name = [0u8; UTS_NAME_MAX as usize];
    if !(0..=UTS_NAME_MAX as i32).contains(&len) || crate::guest::read(a[0], &mut name[..len as usize]).is_err() {
        // The kernel checks privilege, then the length, then reads the name: with a
        // null name (and len > 0 here) it answers the guest's EPERM, EINVAL or EFAULT.
        // SAFETY: the kernel fails the call without changing anything.
        return unsafe { raw(nr, [0, a[1], 0, 0, 0, 0]) };
    }
    // SAFETY: `name` holds `len` readable bytes.
    unsafe { raw(nr, [name.as_ptr() as u64, len as u64, 0, 0, 0, 0]) }
}

pub fn sysinfo(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    // SAFETY: a zeroed sysinfo is valid; the kernel fills it.
    let mut s: libc::sysinfo = unsafe { std::mem::zeroed() };
    // SAFETY: a valid local.
    crate::errno::cvt_int(unsafe { libc::sysinfo(&mut s) })?;
    let info = SysInfo {
        uptime: s.uptime,
        loads: s.loads,
        totalram: s.totalram,
        freeram: s.freeram,
        sharedram: s.sharedram,
        bufferram: s.bufferram,
        totalswap: s.totalswap,
        freeswap: s.freeswap,
        procs: s.procs,
        totalhigh: s.totalhigh,
        freehigh: s.freehigh,
        mem_unit: s.mem_unit,
    };
    ctx.abi.layouts.sysinfo.encode(&info).write(a[0])?;
    Ok(0)
}

pub fn getrusage(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let who = a[0] as i32;
    if !matches!(who, libc::RUSAGE_SELF | libc::RUSAGE_CHILDREN | libc::RUSAGE_THREAD) {
        return Err(Errno::EINVAL);
    }
    // SAFETY: a zeroed rusage is valid; the kernel fills it.
    let mut r: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: a valid local.
    crate::errno::cvt_int(unsafe { libc::getrusage(who, &mut r) })?;
    ctx.abi.layouts.rusage.encode(&rusage_from_host(&r)).write(a[1])?;
    Ok(0)
}

/// A host `struct rusage` as the architecture-neutral value (also used by wait4/waitid).
pub(crate) fn rusage_from_host(r: &libc::rusage) -> Rusage {
    Rusage {
        utime: Timespec { sec: r.ru_utime.tv_sec, frac: r.ru_utime.tv_usec },
        stime: Timespec { sec: r.ru_stime.tv_sec, frac: r.ru_stime.tv_usec },
        counters: [
            r.ru_maxrss,
            r.ru_ixrss,
            r.ru_idrss,
            r.ru_isrss,
            r.ru_minflt,
            r.ru_majflt,
            r.ru_nswap,
            r.ru_inblock,
            r.ru_oublock,
            r.ru_msgsnd,
            r.ru_msgrcv,
            r.ru_nsignals,
            r.ru_nvcsw,
            r.ru_nivcsw,
        ],
    }
}

/// Clock ticks (USER_HZ = 100 on both architectures) since an arbitrary point.
pub fn times(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    // SAFETY: a zeroed tms is valid; the kernel fills it.
    let mut t: libc::tms = unsafe { std::mem::zeroed() };
    // SAFETY: a valid local.
    let ticks = unsafe { raw(libc::SYS_times, [&mut t as *mut libc::tms as u64, 0, 0, 0, 0, 0]) }?;
    if a[0] != 0 {
        let v = Tms { utime: t.tms_utime, stime: t.tms_stime, cutime: t.tms_cutime, cstime: t.tms_cstime };
        ctx.abi.layouts.tms.encode(&v).write(a[0])?;
    }
    Ok(ticks)
}

/// GRND_* flags are the same everywhere; the bytes go straight into the guest's buffer.
pub fn getrandom(_: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    // SAFETY: a plain guest byte buffer and integers.
    unsafe { raw(libc::SYS_getrandom, [a[0], a[1], a[2], 0, 0, 0]) }
}

#[cfg(test)]
mod tests {
    use crate::testutil::Guest;

    #[test]
    fn uname_release_can_be_overridden() {
        let mut g = Guest::with_config(crate::ProcessConfig { uname_release: Some("9.9.9-test".into()), ..Default::default() });
        let mut buf = [0xffu8; 390];
        assert_eq!(g.call("uname", &[buf.as_mut_ptr() as u64]), 0);
        let release = &buf[65 * 2..65 * 3];
        assert_eq!(&release[..11], b"9.9.9-test\0");
    }

    /// Bad lengths and names fail as they do on the host (EPERM first when unprivileged),
    /// without changing the host's names.
    #[test]
    fn sethostname_errors_match_the_host() {
        let mut g = Guest::new();
        for (nr, host_nr) in [("sethostname", libc::SYS_sethostname), ("setdomainname", libc::SYS_setdomainname)] {
            for (ptr, len) in [(0u64, 65u64), (0, u64::MAX), (8, 5)] {
                // SAFETY: every case is rejected by the kernel before anything changes.
                let host = unsafe { libc::syscall(host_nr, ptr, len) };
                let want = if host == -1 { -(std::io::Error::last_os_error().raw_os_error().unwrap() as i64) } else { host };
                assert!([-libc::EPERM, -libc::EINVAL, -libc::EFAULT].contains(&(want as i32)), "{nr:?} host {want}");
                assert_eq!(g.call(nr, &[ptr, len]), want, "{nr:?}({ptr}, {len})");
            }
        }
    }

    #[test]
    fn uname_reports_aarch64() {
        let mut g = Guest::new();
        let mut buf = [0xffu8; 390];
        assert_eq!(g.call("uname", &[buf.as_mut_ptr() as u64]), 0);
        let field = |i: usize| {
            let f = &buf[65 * i..65 * (i + 1)];
            String::from_utf8(f[..f.iter().position(|&b| b == 0).unwrap()].to_vec()).unwrap()
        };
        assert_eq!(field(0), "Linux");
        assert_eq!(field(4), "aarch64");
        // SAFETY: a zeroed utsname filled by uname.
        let host = unsafe {
            let mut u: libc::utsname = std::mem::zeroed();
            libc::uname(&mut u);
            std::ffi::CStr::from_ptr(u.release.as_ptr()).to_str().unwrap().to_owned()
        };
        assert_eq!(field(2), host);
        assert!(buf[260 + 7..325].iter().all(|&b| b == 0), "machine is NUL-padded");
        assert_eq!(g.call("uname", &[8]), -(libc::EFAULT as i64));
    }

    #[test]
    fn rlimits() {
        let mut g = Guest::new();
        let mut l = [0u64; 2];
        assert_eq!(g.call("getrlimit", &[7, l.as_mut_ptr() as u64]), 0);
        let mut host = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        // SAFETY: a valid local.
        unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut host) };
        assert_eq!(l, [host.rlim_cur, host.rlim_max]);
        assert_eq!(g.call("getrlimit", &[16, l.as_mut_ptr() as u64]), -(libc::EINVAL as i64));
        // RLIMIT_AS is the guest's own: lowering it does not bind crossrun.
        let mut old = [0u64; 2];
        let new = [1 << 30, 1 << 31];
        assert_eq!(g.call("prlimit64", &[0, 9, new.as_ptr() as u64, old.as_mut_ptr() as u64]), 0);
        assert_eq!(g.call("getrlimit", &[9, l.as_mut_ptr() as u64]), 0);
        assert_eq!(l, new);
        // SAFETY: a valid local.
        unsafe { libc::getrlimit(libc::RLIMIT_AS, &mut host) };
        assert_eq!([host.rlim_cur, host.rlim_max], old, "the host's limit is unchanged");
        let bad = [2u64, 1];
        assert_eq!(g.call("setrlimit", &[9, bad.as_ptr() as u64]), -(libc::EINVAL as i64));
        assert_eq!(g.call("setrlimit", &[9, 8]), -(libc::EFAULT as i64));
    }

    #[test]
    fn sysinfo_times_rusage_getrandom() {
        let mut g = Guest::new();
        let mut si = [0u8; 112];
        assert_eq!(g.call("sysinfo", &[si.as_mut_ptr() as u64]), 0);
        let totalram = u64::from_le_bytes(si[32..40].try_into().unwrap());
        let mem_unit = u32::from_le_bytes(si[104..108].try_into().unwrap());
        assert!(totalram > 0 && mem_unit > 0);
        let mut tms = [0i64; 4];
        assert!(g.call("times", &[tms.as_mut_ptr() as u64]) > 0);
        assert!(g.call("times", &[0]) > 0);
        let mut ru = [0i64; 18];
        assert_eq!(g.call("getrusage", &[0, ru.as_mut_ptr() as u64]), 0);
        assert!(ru[4] > 0, "ru_maxrss");
        assert_eq!(g.call("getrusage", &[5, ru.as_mut_ptr() as u64]), -(libc::EINVAL as i64));
        let mut r = [0u8; 32];
        assert_eq!(g.call("getrandom", &[r.as_mut_ptr() as u64, 32, 0]), 32);
        assert!(r.iter().any(|&b| b != 0));
    }
}
