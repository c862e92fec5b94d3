//! Records that are fixed-width by definition: every member has an explicit width
//! (`__u32`, `__aligned_u64`, `int`, `short`) and the same offset on every Linux
//! architecture crossrun runs or will run (all are little-endian), so handlers may give
//! the host kernel the guest's buffer as it is. That claim is data here, and the probe
//! test checks it against every guest's compiler and the host's, member by member.

use super::{field, CStruct, Field, Headers, Layout, RlimitLayout};

/// One fixed-width record: its C type and its members.
#[derive(Clone, Copy, Debug)]
pub struct Fixed {
    pub c_type: &'static str,
    pub headers: Headers,
    /// A declaration for a structure the kernel declares only in its sources.
    pub decl: &'static str,
    pub size: usize,
    /// (member designator, field); a size of 0 is a flexible array member, of which only
    /// the offset is fixed.
    pub members: &'static [(&'static str, Field)],
}

impl Fixed {
    /// The member `c`, for constants (`const UID: Field = STATX.member("stx_uid")`): a
    /// name the record does not list fails to compile.
    pub const fn member(&self, c: &str) -> Field {
        let mut i = 0;
        while i < self.members.len() {
            if same(self.members[i].0.as_bytes(), c.as_bytes()) {
                return self.members[i].1;
            }
            i += 1;
        }
        panic!("no such member");
    }

    pub fn describe(&self) -> CStruct {
        CStruct {
            c_type: self.c_type,
            headers: self.headers,
            decl: self.decl,
            size: self.size,
            members: self.members.to_vec(),
            exprs: Vec::new(),
        }
    }
}

const fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

const fn f(offset: usize, size: usize) -> Field {
    field(offset, size)
}

/// `struct statx` (linux/stat.h): statx's output.
pub const STATX: Fixed = Fixed {
    c_type: "struct statx",
    headers: Headers::Kernel,
    decl: "",
    size: 256,
    members: &[
        ("stx_mask", f(0, 4)),
        ("stx_blksize", f(4, 4)),
        ("stx_attributes", f(8, 8)),
        ("stx_nlink", f(16, 4)),
        ("stx_uid", f(20, 4)),
        ("stx_gid", f(24, 4)),
        ("stx_mode", f(28, 2)),
        ("stx_ino", f(32, 8)),
        ("stx_size", f(40, 8)),
        ("stx_blocks", f(48, 8)),
        ("stx_attributes_mask", f(56, 8)),
        ("stx_atime.tv_sec", f(64, 8)),
        ("stx_atime.tv_nsec", f(72, 4)),
        ("stx_btime.tv_sec", f(80, 8)),
        ("stx_btime.tv_nsec", f(88, 4)),
        ("stx_ctime.tv_sec", f(96, 8)),
        ("stx_ctime.tv_nsec", f(104, 4)),
        ("stx_mtime.tv_sec", f(112, 8)),
        ("stx_mtime.tv_nsec", f(120, 4)),
        ("stx_rdev_major", f(128, 4)),
        ("stx_rdev_minor", f(132, 4)),
        ("stx_dev_major", f(136, 4)),
        ("stx_dev_minor", f(140, 4)),
        ("stx_mnt_id", f(144, 8)),
        ("stx_dio_mem_align", f(152, 4)),
        ("stx_dio_offset_align", f(156, 4)),
    ],
};

/// `struct linux_dirent64` (include/linux/dirent.h, not exported): getdents64's records.
pub const DIRENT64: Fixed = Fixed {
    c_type: "struct linux_dirent64",
    headers: Headers::Kernel,
    decl: "struct linux_dirent64 { __u64 d_ino; __s64 d_off; unsigned short d_reclen; unsigned char d_type; char d_name[]; };",
    size: 24,
    members: &[("d_ino", f(0, 8)), ("d_off", f(8, 8)), ("d_reclen", f(16, 2)), ("d_type", f(18, 1)), ("d_name", f(19, 0))],
};

/// `struct pollfd` (asm/poll.h): ppoll's array.
pub const POLLFD: Fixed = Fixed {
    c_type: "struct pollfd",
    headers: Headers::Kernel,
    decl: "",
    size: 8,
    members: &[("fd", f(0, 4)), ("events", f(4, 2)), ("revents", f(6, 2))],
};

pub const SOCKADDR_IN: Fixed = Fixed {
    c_type: "struct sockaddr_in",
    headers: Headers::Kernel,
    decl: "",
    size: 16,
    members: &[("sin_family", f(0, 2)), ("sin_port", f(2, 2)), ("sin_addr", f(4, 4))],
};

pub const SOCKADDR_IN6: Fixed = Fixed {
    c_type: "struct sockaddr_in6",
    headers: Headers::Kernel,
    decl: "",
    size: 28,
    members: &[("sin6_family", f(0, 2)), ("sin6_port", f(2, 2)), ("sin6_flowinfo", f(4, 4)), ("sin6_addr", f(8, 16)), ("sin6_scope_id", f(24, 4))],
};

pub const SOCKADDR_UN: Fixed = Fixed {
    c_type: "struct sockaddr_un",
    headers: Headers::Kernel,
    decl: "",
    size: 110,
    members: &[("sun_family", f(0, 2)), ("sun_path", f(2, 108))],
};

/// Room for any socket address the kernel returns.
pub const SOCKADDR_STORAGE: Fixed = Fixed {
    c_type: "struct __kernel_sockaddr_storage",
    headers: Headers::Kernel,
    decl: "",
    size: 128,
    members: &[("ss_family", f(0, 2))],
};

/// SO_LINGER's value.
pub const LINGER: Fixed = Fixed {
    c_type: "struct linger",
    headers: Headers::Libc,
    decl: "",
    size: 8,
    members: &[("l_onoff", f(0, 4)), ("l_linger", f(4, 4))],
};

/// SO_PEERCRED's value and SCM_CREDENTIALS' payload.
pub const UCRED: Fixed = Fixed {
    c_type: "struct ucred",
    headers: Headers::Libc,
    decl: "",
    size: 12,
    members: &[("pid", f(0, 4)), ("uid", f(4, 4)), ("gid", f(8, 4))],
};

/// One classic BPF instruction (SO_ATTACH_FILTER's array).
pub const SOCK_FILTER: Fixed = Fixed {
    c_type: "struct sock_filter",
    headers: Headers::Kernel,
    decl: "",
    size: 8,
    members: &[("code", f(0, 2)), ("jt", f(2, 1)), ("jf", f(3, 1)), ("k", f(4, 4))],
};

/// SO_RCVTIMEO_NEW/SO_SNDTIMEO_NEW's value and SO_TIMESTAMP_NEW's payload.
pub const SOCK_TIMEVAL: Fixed = Fixed {
    c_type: "struct __kernel_sock_timeval",
    headers: Headers::Kernel,
    decl: "",
    size: 16,
    members: &[("tv_sec", f(0, 8)), ("tv_usec", f(8, 8))],
};

/// The `_time64` calls' timespec.
pub const KERNEL_TIMESPEC: Fixed = Fixed {
    c_type: "struct __kernel_timespec",
    headers: Headers::Kernel,
    decl: "",
    size: 16,
    members: &[("tv_sec", f(0, 8)), ("tv_nsec", f(8, 8))],
};

/// openat2's `struct open_how`.
pub const OPEN_HOW: Fixed = Fixed {
    c_type: "struct open_how",
    headers: Headers::Kernel,
    decl: "",
    size: 24,
    members: &[("flags", f(0, 8)), ("mode", f(8, 8)), ("resolve", f(16, 8))],
};

/// clone3's `struct clone_args` (CLONE_ARGS_SIZE_VER2).
pub const CLONE_ARGS: Fixed = Fixed {
    c_type: "struct clone_args",
    headers: Headers::Kernel,
    decl: "",
    size: 88,
    members: &[
        ("flags", f(0, 8)),
        ("pidfd", f(8, 8)),
        ("child_tid", f(16, 8)),
        ("parent_tid", f(24, 8)),
        ("exit_signal", f(32, 8)),
        ("stack", f(40, 8)),
        ("stack_size", f(48, 8)),
        ("tls", f(56, 8)),
        ("set_tid", f(64, 8)),
        ("set_tid_size", f(72, 8)),
        ("cgroup", f(80, 8)),
    ],
};

/// One futex of futex_waitv and futex_requeue (linux/futex.h).
pub const FUTEX_WAITV: Fixed = Fixed {
    c_type: "struct futex_waitv",
    headers: Headers::Kernel,
    decl: "",
    size: 24,
    members: &[("val", f(0, 8)), ("uaddr", f(8, 8)), ("flags", f(16, 4)), ("__reserved", f(20, 4))],
};

/// FS_IOC_FIEMAP's header (linux/fiemap.h); `fm_extents` follows it.
pub const FIEMAP: Fixed = Fixed {
    c_type: "struct fiemap",
    headers: Headers::Kernel,
    decl: "",
    size: 32,
    members: &[
        ("fm_start", f(0, 8)),
        ("fm_length", f(8, 8)),
        ("fm_flags", f(16, 4)),
        ("fm_mapped_extents", f(20, 4)),
        ("fm_extent_count", f(24, 4)),
        ("fm_reserved", f(28, 4)),
        ("fm_extents", f(32, 0)),
    ],
};

/// One extent of FS_IOC_FIEMAP's answer.
pub const FIEMAP_EXTENT: Fixed = Fixed {
    c_type: "struct fiemap_extent",
    headers: Headers::Kernel,
    decl: "",
    size: 56,
    members: &[
        ("fe_logical", f(0, 8)),
        ("fe_physical", f(8, 8)),
        ("fe_length", f(16, 8)),
        ("fe_reserved64", f(24, 16)),
        ("fe_flags", f(40, 4)),
        ("fe_reserved", f(44, 12)),
    ],
};

/// FICLONERANGE's argument (linux/fs.h).
pub const FILE_CLONE_RANGE: Fixed = Fixed {
    c_type: "struct file_clone_range",
    headers: Headers::Kernel,
    decl: "",
    size: 32,
    members: &[("src_fd", f(0, 8)), ("src_offset", f(8, 8)), ("src_length", f(16, 8)), ("dest_offset", f(24, 8))],
};

/// What a signalfd read returns.
pub const SIGNALFD_SIGINFO: Fixed = Fixed {
    c_type: "struct signalfd_siginfo",
    headers: Headers::Kernel,
    decl: "",
    size: 128,
    members: &[
        ("ssi_signo", f(0, 4)),
        ("ssi_errno", f(4, 4)),
        ("ssi_code", f(8, 4)),
        ("ssi_pid", f(12, 4)),
        ("ssi_uid", f(16, 4)),
        ("ssi_fd", f(20, 4)),
        ("ssi_tid", f(24, 4)),
        ("ssi_band", f(28, 4)),
        ("ssi_overrun", f(32, 4)),
        ("ssi_trapno", f(36, 4)),
        ("ssi_status", f(40, 4)),
        ("ssi_int", f(44, 4)),
        ("ssi_ptr", f(48, 8)),
        ("ssi_utime", f(56, 8)),
        ("ssi_stime", f(64, 8)),
        ("ssi_addr", f(72, 8)),
        ("ssi_addr_lsb", f(80, 2)),
        ("ssi_syscall", f(84, 4)),
        ("ssi_call_addr", f(88, 8)),
        ("ssi_arch", f(96, 4)),
    ],
};

/// What an inotify read returns, each record followed by its name.
pub const INOTIFY_EVENT: Fixed = Fixed {
    c_type: "struct inotify_event",
    headers: Headers::Kernel,
    decl: "",
    size: 16,
    members: &[("wd", f(0, 4)), ("mask", f(4, 4)), ("cookie", f(8, 4)), ("len", f(12, 4)), ("name", f(16, 0))],
};

/// fcntl's F_GETOWN_EX/F_SETOWN_EX.
pub const F_OWNER_EX: Fixed = Fixed {
    c_type: "struct f_owner_ex",
    headers: Headers::Kernel,
    decl: "",
    size: 8,
    members: &[("type", f(0, 4)), ("pid", f(4, 4))],
};

pub const CAP_HEADER: Fixed = Fixed {
    c_type: "struct __user_cap_header_struct",
    headers: Headers::Kernel,
    decl: "",
    size: 8,
    members: &[("version", f(0, 4)), ("pid", f(4, 4))],
};

pub const CAP_DATA: Fixed = Fixed {
    c_type: "struct __user_cap_data_struct",
    headers: Headers::Kernel,
    decl: "",
    size: 12,
    members: &[("effective", f(0, 4)), ("permitted", f(4, 4)), ("inheritable", f(8, 4))],
};

/// semop's array.
pub const SEMBUF: Fixed = Fixed {
    c_type: "struct sembuf",
    headers: Headers::Kernel,
    decl: "",
    size: 6,
    members: &[("sem_num", f(0, 2)), ("sem_op", f(2, 2)), ("sem_flg", f(4, 2))],
};

/// semctl's IPC_INFO/SEM_INFO.
pub const SEMINFO: Fixed = Fixed {
    c_type: "struct seminfo",
    headers: Headers::Kernel,
    decl: "",
    size: 40,
    members: &[
        ("semmap", f(0, 4)),
        ("semmni", f(4, 4)),
        ("semmns", f(8, 4)),
        ("semmnu", f(12, 4)),
        ("semmsl", f(16, 4)),
        ("semopm", f(20, 4)),
        ("semume", f(24, 4)),
        ("semusz", f(28, 4)),
        ("semvmx", f(32, 4)),
        ("semaem", f(36, 4)),
    ],
};

/// msgctl's IPC_INFO/MSG_INFO.
pub const MSGINFO: Fixed = Fixed {
    c_type: "struct msginfo",
    headers: Headers::Kernel,
    decl: "",
    size: 32,
    members: &[
        ("msgpool", f(0, 4)),
        ("msgmap", f(4, 4)),
        ("msgmax", f(8, 4)),
        ("msgmnb", f(12, 4)),
        ("msgmni", f(16, 4)),
        ("msgssz", f(20, 4)),
        ("msgtql", f(24, 4)),
        ("msgseg", f(28, 2)),
    ],
};

pub const SCHED_PARAM: Fixed = Fixed {
    c_type: "struct sched_param",
    headers: Headers::Kernel,
    decl: "",
    size: 4,
    members: &[("sched_priority", f(0, 4))],
};

/// prlimit64's limits (two `__u64`s), read and written like the guest's own `struct
/// rlimit`.
pub const RLIMIT64: RlimitLayout = RlimitLayout { size: 16, cur: f(0, 8), max: f(8, 8) };

/// gettimeofday/settimeofday's second argument.
pub const TIMEZONE: Fixed = Fixed {
    c_type: "struct timezone",
    headers: Headers::Kernel,
    decl: "",
    size: 8,
    members: &[("tz_minuteswest", f(0, 4)), ("tz_dsttime", f(4, 4))],
};

/// Every fixed-width record.
pub const ALL: &[Fixed] = &[
    STATX,
    DIRENT64,
    POLLFD,
    SOCKADDR_IN,
    SOCKADDR_IN6,
    SOCKADDR_UN,
    SOCKADDR_STORAGE,
    LINGER,
    UCRED,
    SOCK_FILTER,
    SOCK_TIMEVAL,
    KERNEL_TIMESPEC,
    OPEN_HOW,
    CLONE_ARGS,
    FUTEX_WAITV,
    FIEMAP,
    FIEMAP_EXTENT,
    FILE_CLONE_RANGE,
    SIGNALFD_SIGINFO,
    INOTIFY_EVENT,
    F_OWNER_EX,
    CAP_HEADER,
    CAP_DATA,
    SEMBUF,
    SEMINFO,
    MSGINFO,
    SCHED_PARAM,
    TIMEZONE,
];

/// Every fixed-width record as C spells it.
pub fn describe_all() -> Vec<CStruct> {
    let mut all: Vec<CStruct> = ALL.iter().map(Fixed::describe).collect();
    all.push(CStruct { c_type: "struct rlimit64", ..RLIMIT64.describe() });
    all
}
