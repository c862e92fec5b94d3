//! The host's structure layouts: the x86_64 kernel's, as crossrun's own host calls
//! take them. Handlers convert between a guest's layout and these, and give the host
//! kernel a guest's buffer as it is only where the guest's layout equals the host's
//! (`guest == HOST`).
//!
//! x86_64 is LP64 and takes most of its uapi from asm-generic; it departs in `struct
//! stat` (144 bytes, 64-bit `st_nlink` before `st_mode`, 64-bit `st_blksize`), `struct
//! epoll_event` (packed: 12 bytes, `data` at 4) and `struct semid64_ds` (a padding word
//! after each time). The probe test checks every value against the host's compiler, and
//! the tests below against the libc crate's declarations.

use super::asm_generic_layout::LP64;
use super::layout::*;

const fn f(offset: usize, size: usize) -> Field {
    field(offset, size)
}

pub static LAYOUTS: Layouts = Layouts {
    stat: StatLayout {
        size: 144,
        dev: f(0, 8),
        ino: f(8, 8),
        nlink: f(16, 8),
        mode: f(24, 4),
        uid: f(28, 4),
        gid: f(32, 4),
        rdev: f(40, 8),
        file_size: f(48, 8),
        blksize: f(56, 8),
        blocks: f(64, 8),
        atime: f(72, 8),
        atime_nsec: f(80, 8),
        mtime: f(88, 8),
        mtime_nsec: f(96, 8),
        ctime: f(104, 8),
        ctime_nsec: f(112, 8),
    },
    epoll_event: EpollEventLayout { size: 12, events: f(0, 4), data: f(4, 8) },
    semid: SemidLayout { size: 104, ctime: f(64, 8), nsems: f(80, 8), ..LP64.semid },
    ..LP64
};

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::{offset_of, size_of};

    fn at(offset: usize, size: usize) -> Field {
        field(offset, size)
    }

    /// Each host layout against the libc crate's declaration of the same structure,
    /// where libc declares the kernel's form.
    #[test]
    fn host_layouts_match_the_libc_crate() {
        let l = &LAYOUTS;
        macro_rules! check {
            ($layout:expr, $ty:ty, $($f:ident => $m:ident),+) => {{
                assert_eq!($layout.size, size_of::<$ty>(), stringify!($ty));
                $(assert_eq!($layout.$f.offset, offset_of!($ty, $m), concat!(stringify!($ty), ".", stringify!($m)));)+
            }};
        }
        check!(l.timespec, libc::timespec, sec => tv_sec, frac => tv_nsec);
        check!(l.timeval, libc::timeval, sec => tv_sec, frac => tv_usec);
        check!(l.tms, libc::tms, utime => tms_utime, stime => tms_stime, cutime => tms_cutime, cstime => tms_cstime);
        check!(l.rusage, libc::rusage, utime_sec => ru_utime, stime_sec => ru_stime);
        assert_eq!(l.rusage.counters[0].offset, offset_of!(libc::rusage, ru_maxrss));
        assert_eq!(l.rusage.counters[13].offset, offset_of!(libc::rusage, ru_nivcsw));
        check!(l.stat, libc::stat, dev => st_dev, ino => st_ino, nlink => st_nlink, mode => st_mode, uid => st_uid,
            gid => st_gid, rdev => st_rdev, file_size => st_size, blksize => st_blksize, blocks => st_blocks,
            atime => st_atime, atime_nsec => st_atime_nsec, mtime => st_mtime, ctime_nsec => st_ctime_nsec);
        check!(l.statfs, libc::statfs64, fs_type => f_type, bsize => f_bsize, blocks => f_blocks, ffree => f_ffree,
            fsid => f_fsid, namelen => f_namelen, frsize => f_frsize, flags => f_flags);
        check!(l.flock, libc::flock, l_type => l_type, whence => l_whence, start => l_start, len => l_len, pid => l_pid);
        check!(l.iovec, libc::iovec, base => iov_base, len => iov_len);
        check!(l.rlimit, libc::rlimit, cur => rlim_cur, max => rlim_max);
        check!(l.sysinfo, libc::sysinfo, uptime => uptime, totalram => totalram, procs => procs, totalhigh => totalhigh,
            mem_unit => mem_unit);
        check!(l.winsize, libc::winsize, row => ws_row, col => ws_col, xpixel => ws_xpixel, ypixel => ws_ypixel);
        check!(l.stack, libc::stack_t, sp => ss_sp, flags => ss_flags, ss_size => ss_size);
        check!(l.sigevent, libc::sigevent, value => sigev_value, signo => sigev_signo, notify => sigev_notify,
            tid => sigev_notify_thread_id);
        check!(l.epoll_event, libc::epoll_event, events => events, data => u64);
        check!(l.msghdr, libc::msghdr, name => msg_name, namelen => msg_namelen, iov => msg_iov, iovlen => msg_iovlen,
            control => msg_control, controllen => msg_controllen, flags => msg_flags);
        check!(l.mmsghdr, libc::mmsghdr, hdr => msg_hdr, len => msg_len);
        check!(l.cmsghdr, libc::cmsghdr, len => cmsg_len, level => cmsg_level, kind => cmsg_type);
        check!(l.sock_fprog, libc::sock_fprog, len => len, filter => filter);
        check!(l.ifreq, libc::ifreq, name => ifr_name, ifru => ifr_ifru);
        check!(l.ifconf, libc::ifconf, len => ifc_len, buf => ifc_ifcu);
        check!(l.shmid, libc::shmid_ds, segsz => shm_segsz, atime => shm_atime, dtime => shm_dtime, ctime => shm_ctime,
            cpid => shm_cpid, lpid => shm_lpid, nattch => shm_nattch);
        check!(l.msqid, libc::msqid_ds, stime => msg_stime, rtime => msg_rtime, ctime => msg_ctime, qnum => msg_qnum,
            qbytes => msg_qbytes, lspid => msg_lspid, lrpid => msg_lrpid);
        check!(l.semid, libc::semid_ds, otime => sem_otime, ctime => sem_ctime, nsems => sem_nsems);
        check!(l.mq_attr, libc::mq_attr, flags => mq_flags, maxmsg => mq_maxmsg, msgsize => mq_msgsize,
            curmsgs => mq_curmsgs);
        // The ipc_perm block starts each *_ds.
        let perm = |base: usize| {
            let p = |o: usize| base + o;
            [p(offset_of!(libc::ipc_perm, __key)), p(offset_of!(libc::ipc_perm, uid)), p(offset_of!(libc::ipc_perm, cgid)),
                p(offset_of!(libc::ipc_perm, mode)), p(offset_of!(libc::ipc_perm, __seq))]
        };
        assert_eq!([l.shmid.key, l.shmid.uid, l.shmid.cgid, l.shmid.mode, l.shmid.seq].map(|f| f.offset), perm(0));
        assert_eq!(l.word, size_of::<libc::c_long>());
        assert_eq!(l.fd_set.size, size_of::<libc::fd_set>());
        assert_eq!(l.utsname.sysname, at(0, 65));
        assert_eq!(l.utsname.size, size_of::<libc::utsname>());
    }

    /// The siginfo offsets through libc's accessors (its union members are private).
    #[test]
    fn host_siginfo_matches_the_libc_crate() {
        let s = &LAYOUTS.siginfo;
        assert_eq!(s.size, size_of::<libc::siginfo_t>());
        let mut r = Record::zeroed(s.size);
        r.set(s.signo, 17);
        r.set(s.errno, 5);
        r.set(s.code, 1);
        r.set(s.pid, 1234);
        r.set(s.uid, 1000);
        r.set(s.status, 9);
        r.set_i(s.utime, 77);
        r.set_i(s.stime, 88);
        let info: libc::siginfo_t = unsafe_read(r.as_bytes());
        // SAFETY: the accessors read the union members a SIGCHLD siginfo holds.
        unsafe {
            assert_eq!((info.si_signo, info.si_errno, info.si_code), (17, 5, 1));
            assert_eq!((info.si_pid(), info.si_uid(), info.si_status()), (1234, 1000, 9));
            assert_eq!((info.si_utime(), info.si_stime()), (77, 88));
        }
        let mut r = Record::zeroed(s.size);
        r.set(s.addr, 0xdead_beef_0000);
        let info: libc::siginfo_t = unsafe_read(r.as_bytes());
        // SAFETY: as above, a fault's si_addr.
        assert_eq!(unsafe { info.si_addr() } as u64, 0xdead_beef_0000);
        let mut r = Record::zeroed(s.size);
        r.set(s.value, 0x1234_5678_9abc);
        let info: libc::siginfo_t = unsafe_read(r.as_bytes());
        // SAFETY: as above, an rt signal's si_value.
        assert_eq!(unsafe { info.si_value() }.sival_ptr as u64, 0x1234_5678_9abc);
    }

    fn unsafe_read<T: Copy>(b: &[u8]) -> T {
        assert_eq!(b.len(), size_of::<T>());
        // SAFETY: `b` has exactly the size of `T`, a plain-data C structure valid for any
        // bytes; read_unaligned needs no alignment.
        unsafe { std::ptr::read_unaligned(b.as_ptr() as *const T) }
    }
}
