//! Times: timespec, timeval, the interval timer pairs, tms, rusage.

use super::{Field, Record};
use crate::errno::Errno;

/// `struct timespec` / `struct timeval` (the second field is nanoseconds or microseconds).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Timespec {
    pub sec: i64,
    pub frac: i64,
}

/// An interval timer's setting: `struct itimerspec` / `struct itimerval`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Itimer {
    pub interval: Timespec,
    pub value: Timespec,
}

layout! {
    /// `struct timespec` as the kernel's calls without a `_time64` suffix take it
    /// (`__kernel_old_time_t` seconds and `long` nanoseconds).
    pub struct TimespecLayout: "struct timespec" in Kernel {
        sec: Signed "tv_sec",
        frac: Signed "tv_nsec",
    }
}

layout! {
    /// `struct timeval` (`__kernel_old_timeval`): seconds and `long` microseconds.
    pub struct TimevalLayout: "struct timeval" in Kernel {
        sec: Signed "tv_sec",
        frac: Signed "tv_usec",
    }
}

layout! {
    /// `struct itimerspec`: the interval, then the value.
    pub struct ItimerspecLayout: "struct itimerspec" in Kernel {
        interval_sec: Signed "it_interval.tv_sec",
        interval_frac: Signed "it_interval.tv_nsec",
        value_sec: Signed "it_value.tv_sec",
        value_frac: Signed "it_value.tv_nsec",
    }
}

layout! {
    /// `struct itimerval`: the interval, then the value.
    pub struct ItimervalLayout: "struct itimerval" in Kernel {
        interval_sec: Signed "it_interval.tv_sec",
        interval_frac: Signed "it_interval.tv_usec",
        value_sec: Signed "it_value.tv_sec",
        value_frac: Signed "it_value.tv_usec",
    }
}

/// The read/write pair of a (seconds, fraction) layout.
macro_rules! time_pair {
    ($T:ident) => {
        impl $T {
            pub fn encode(&self, t: Timespec) -> Record {
                let mut r = Record::zeroed(self.size);
                r.set_i(self.sec, t.sec);
                r.set_i(self.frac, t.frac);
                r
            }

            pub fn decode(&self, r: &Record) -> Timespec {
                Timespec { sec: r.get_i(self.sec), frac: r.get_i(self.frac) }
            }

            pub fn read(&self, addr: u64) -> Result<Timespec, Errno> {
                Ok(self.decode(&Record::read(addr, self.size)?))
            }

            pub fn write(&self, addr: u64, t: Timespec) -> Result<(), Errno> {
                self.encode(t).write(addr)
            }
        }
    };
}

time_pair!(TimespecLayout);
time_pair!(TimevalLayout);

/// The read/write pair of an interval timer layout.
macro_rules! itimer {
    ($T:ident) => {
        impl $T {
            pub fn read(&self, addr: u64) -> Result<Itimer, Errno> {
                let r = Record::read(addr, self.size)?;
                let t = |sec: Field, frac: Field| Timespec { sec: r.get_i(sec), frac: r.get_i(frac) };
                Ok(Itimer { interval: t(self.interval_sec, self.interval_frac), value: t(self.value_sec, self.value_frac) })
            }

            pub fn write(&self, addr: u64, t: &Itimer) -> Result<(), Errno> {
                let mut r = Record::zeroed(self.size);
                r.set_i(self.interval_sec, t.interval.sec);
                r.set_i(self.interval_frac, t.interval.frac);
                r.set_i(self.value_sec, t.value.sec);
                r.set_i(self.value_frac, t.value.frac);
                r.write(addr)
            }
        }
    };
}

itimer!(ItimerspecLayout);
itimer!(ItimervalLayout);

/// `struct tms`, in clock ticks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tms {
    pub utime: i64,
    pub stime: i64,
    pub cutime: i64,
    pub cstime: i64,
}

layout! {
    /// `struct tms` (`__kernel_clock_t`, a `long`).
    pub struct TmsLayout: "struct tms" in Kernel {
        utime: Signed "tms_utime",
        stime: Signed "tms_stime",
        cutime: Signed "tms_cutime",
        cstime: Signed "tms_cstime",
    }
}

impl TmsLayout {
    pub fn encode(&self, t: &Tms) -> Record {
        let mut r = Record::zeroed(self.size);
        r.set_i(self.utime, t.utime);
        r.set_i(self.stime, t.stime);
        r.set_i(self.cutime, t.cutime);
        r.set_i(self.cstime, t.cstime);
        r
    }
}

/// `struct rusage`: two timevals then fourteen longs (maxrss .. nivcsw, in order).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rusage {
    pub utime: Timespec,
    pub stime: Timespec,
    pub counters: [i64; 14],
}

layout! {
    /// The kernel's `struct rusage` (linux/resource.h: `__kernel_old_timeval`s and
    /// `__kernel_long_t`s).
    pub struct RusageLayout: "struct rusage" in Kernel {
        utime_sec: Signed "ru_utime.tv_sec",
        utime_usec: Signed "ru_utime.tv_usec",
        stime_sec: Signed "ru_stime.tv_sec",
        stime_usec: Signed "ru_stime.tv_usec",
        counters: Signed [
            "ru_maxrss", "ru_ixrss", "ru_idrss", "ru_isrss", "ru_minflt", "ru_majflt", "ru_nswap",
            "ru_inblock", "ru_oublock", "ru_msgsnd", "ru_msgrcv", "ru_nsignals", "ru_nvcsw", "ru_nivcsw"
        ],
    }
}

impl RusageLayout {
    pub fn encode(&self, u: &Rusage) -> Record {
        let mut r = Record::zeroed(self.size);
        r.set_i(self.utime_sec, u.utime.sec);
        r.set_i(self.utime_usec, u.utime.frac);
        r.set_i(self.stime_sec, u.stime.sec);
        r.set_i(self.stime_usec, u.stime.frac);
        for (f, v) in self.counters.iter().zip(u.counters) {
            r.set_i(*f, v);
        }
        r
    }
}
