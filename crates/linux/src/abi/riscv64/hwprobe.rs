//! riscv's own system calls: `riscv_hwprobe`, which glibc (2.40 and later) calls at
//! start-up to choose its string functions, and `riscv_flush_icache`.
//!
//! `riscv_hwprobe(pairs, pair_count, cpusetsize, cpus, flags)` answers as
//! arch/riscv/kernel/sys_hwprobe.c does, with the keys of Linux 6.12 (trixie's kernel):
//! each `struct riscv_hwprobe { s64 key; u64 value; }` gets the value for its key, and an
//! unknown key is answered with key -1 and value 0. With RISCV_HWPROBE_WHICH_CPUS the
//! call instead narrows the CPU set to the CPUs whose values match every pair. crossrun's
//! CPUs are all the same CPU (the frontend's), so a set keeps all its online CPUs or
//! loses them all.

use crate::dispatch::Ctx;
use crate::errno::{Errno, SysResult};
use crate::guest;
use crossrun_rv64::hwprobe as keys;

/// RISCV_HWPROBE_WHICH_CPUS.
const WHICH_CPUS: u64 = 1;
/// The highest key of Linux 6.12 (RISCV_HWPROBE_KEY_MISALIGNED_VECTOR_PERF).
const MAX_KEY: i64 = 10;
const KEY_ZICBOZ_BLOCK_SIZE: i64 = 6;
const KEY_HIGHEST_VIRT_ADDRESS: i64 = 7;
const KEY_MISALIGNED_VECTOR_PERF: i64 = 10;
/// RISCV_HWPROBE_MISALIGNED_VECTOR_UNSUPPORTED: there is no vector unit.
const MISALIGNED_VECTOR_UNSUPPORTED: u64 = 4;
/// `sizeof(struct riscv_hwprobe)`.
const PAIR: u64 = 16;

/// The value of a key the kernel knows, for every one of crossrun's CPUs.
fn value(key: i64, task_size: u64) -> Option<u64> {
    match key {
        // No Zicboz, so no block size.
        KEY_ZICBOZ_BLOCK_SIZE => Some(0),
        KEY_HIGHEST_VIRT_ADDRESS => Some(task_size - 1),
        KEY_MISALIGNED_VECTOR_PERF => Some(MISALIGNED_VECTOR_UNSUPPORTED),
        0..=MAX_KEY => keys::value(key),
        _ => None,
    }
}

/// riscv_hwprobe_pair_cmp: the extension bitmasks match when the CPU has every bit asked
/// for; other keys when the values are equal.
fn matches(key: i64, asked: u64, have: u64) -> bool {
    match key {
        keys::KEY_BASE_BEHAVIOR | keys::KEY_IMA_EXT_0 => have & asked == asked,
        _ => have == asked,
    }
}

/// The bytes of the guest's cpu set that are read and written: at most as many as the
/// kernel's own cpumask (here: the online CPUs) has.
fn cpuset_len(cpusetsize: u64) -> usize {
    (cpusetsize as usize).min(online_cpus().len())
}

/// The online CPUs (0..n) as the bytes of a cpu set, as long as the kernel's.
fn online_cpus() -> Vec<u8> {
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    (0..cpus.div_ceil(8)).map(|i| (0..8).filter(|bit| i * 8 + bit < cpus).fold(0u8, |m, bit| m | 1 << bit)).collect()
}

/// Whether a cpu set names one of the online CPUs.
fn has_online_cpu(set: &[u8]) -> bool {
    set.iter().zip(online_cpus()).any(|(a, b)| a & b != 0)
}

pub fn riscv_hwprobe(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let (pairs, count, cpusetsize, cpus, flags) = (a[0], a[1], a[2], a[3], a[4]);
    let task_size = ctx.abi.task_size;
    if flags & WHICH_CPUS != 0 {
        if flags != WHICH_CPUS || cpusetsize == 0 || cpus == 0 {
            return Err(Errno::EINVAL);
        }
        let mut set = vec![0u8; cpuset_len(cpusetsize)];
        guest::read(cpus, &mut set)?;
        let online = online_cpus();
        // An empty set means every online CPU; offline ones are dropped.
        let empty = set.iter().all(|&b| b == 0);
        for (i, b) in set.iter_mut().enumerate() {
            *b = if empty { online[i] } else { *b & online[i] };
        }
        let mut unknown = false;
        let mut all_match = true;
        for i in 0..count {
            let at = pairs + i * PAIR;
            let key = guest::read_u64(at)? as i64;
            let asked = guest::read_u64(at + 8)?;
            match value(key, task_size) {
                None => {
                    unknown = true;
                    guest::write_u64(at, u64::MAX)?;
                    guest::write_u64(at + 8, 0)?;
                }
                // Every CPU is the same CPU: it keeps all of them or none.
                Some(have) => all_match &= matches(key, asked, have),
            }
        }
        if unknown || !all_match {
            set.fill(0);
        }
        guest::write(cpus, &set)?;
        return Ok(0);
    }
    if flags != 0 {
        return Err(Errno::EINVAL);
    }
    if cpusetsize != 0 || cpus != 0 {
        let mut set = vec![0u8; cpuset_len(cpusetsize)];
        guest::read(cpus, &mut set)?;
        if !has_online_cpu(&set) {
            return Err(Errno::EINVAL);
        }
    }
    for i in 0..count {
        let at = pairs + i * PAIR;
        let key = guest::read_u64(at)? as i64;
        let (key, v) = match value(key, task_size) {
            Some(v) => (key, v),
            None => (-1, 0),
        };
        guest::write_u64(at, key as u64)?;
        guest::write_u64(at + 8, v)?;
    }
    Ok(0)
}

/// SYS_RISCV_FLUSH_ICACHE_LOCAL, the only flag.
const FLUSH_ICACHE_LOCAL: u64 = 1;

/// riscv_flush_icache(start, end, flags): translations of `[start, end)` are dropped.
/// (The kernel flushes the whole instruction cache; crossrun's write-protection of
/// translated code pages already catches writes elsewhere, see the memory section of
/// docs/ARCHITECTURE.md.)
pub fn riscv_flush_icache(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let (start, end, flags) = (a[0], a[1], a[2]);
    if flags & !FLUSH_ICACHE_LOCAL != 0 {
        return Err(Errno::EINVAL);
    }
    if start < end {
        ctx.process.invalidate_code(start, end);
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use crate::testutil::Guest;

    fn guest() -> Guest {
        Guest::for_arch(&super::super::ARCH)
    }

    #[test]
    fn known_keys_get_values_and_unknown_ones_key_minus_one() {
        let mut g = guest();
        let mut pairs = [[4u64, 7], [3, 7], [1000, 7], [8, 0], [7, 0]];
        assert_eq!(g.call("riscv_hwprobe", &[pairs.as_mut_ptr() as u64, 5, 0, 0, 0]), 0);
        assert_eq!(pairs[0], [4, crossrun_rv64::hwprobe::IMA_EXT_0]);
        assert_ne!(pairs[0][1] & crossrun_rv64::hwprobe::EXT_ZBB, 0);
        assert_eq!(pairs[1], [3, 1], "BASE_BEHAVIOR_IMA");
        assert_eq!(pairs[2], [u64::MAX, 0], "unknown key");
        assert_eq!(pairs[3], [8, crossrun_rv64::TIME_FREQUENCY]);
        assert_eq!(pairs[4], [7, (1 << 47) - 1]);
        assert_eq!(g.call("riscv_hwprobe", &[pairs.as_mut_ptr() as u64, 1, 0, 0, 2]), -(libc::EINVAL as i64), "reserved flag");
        assert_eq!(g.call("riscv_hwprobe", &[8, 1, 0, 0, 0]), -(libc::EFAULT as i64));
        let empty = [0u8; 8];
        assert_eq!(g.call("riscv_hwprobe", &[pairs.as_mut_ptr() as u64, 1, 8, empty.as_ptr() as u64, 0]), -(libc::EINVAL as i64), "no online CPU");
        let cpu0 = [1u8, 0, 0, 0, 0, 0, 0, 0];
        assert_eq!(g.call("riscv_hwprobe", &[pairs.as_mut_ptr() as u64, 1, 8, cpu0.as_ptr() as u64, 0]), 0);
    }

    #[test]
    fn which_cpus_keeps_the_cpus_that_have_what_is_asked() {
        let mut g = guest();
        let all = |n: usize| -> [u8; 8] {
            let mut s = [0u8; 8];
            for c in 0..n {
                s[c / 8] |= 1 << (c % 8);
            }
            s
        };
        let online = std::thread::available_parallelism().unwrap().get().min(64);
        // Zba and Zbb are there: every CPU stays.
        let mut set = [0u8; 8];
        let mut pairs = [[4u64, crossrun_rv64::hwprobe::EXT_ZBA | crossrun_rv64::hwprobe::EXT_ZBB]];
        assert_eq!(g.call("riscv_hwprobe", &[pairs.as_mut_ptr() as u64, 1, 8, set.as_mut_ptr() as u64, 1]), 0);
        assert_eq!(set, all(online), "an empty set is every online CPU");
        // V (bit 2) is not: none.
        let mut pairs = [[4u64, 1 << 2]];
        assert_eq!(g.call("riscv_hwprobe", &[pairs.as_mut_ptr() as u64, 1, 8, set.as_mut_ptr() as u64, 1]), 0);
        assert_eq!(set, [0; 8]);
        // An unknown key empties the set and is marked.
        let mut set = all(online);
        let mut pairs = [[999u64, 0]];
        assert_eq!(g.call("riscv_hwprobe", &[pairs.as_mut_ptr() as u64, 1, 8, set.as_mut_ptr() as u64, 1]), 0);
        assert_eq!((set, pairs[0][0]), ([0; 8], u64::MAX));
        assert_eq!(g.call("riscv_hwprobe", &[pairs.as_mut_ptr() as u64, 1, 0, 0, 1]), -(libc::EINVAL as i64));
    }

    #[test]
    fn flush_icache_checks_its_flags() {
        let mut g = guest();
        assert_eq!(g.call("riscv_flush_icache", &[0x1000, 0x2000, 0]), 0);
        assert_eq!(g.call("riscv_flush_icache", &[0x1000, 0x2000, 1]), 0);
        assert_eq!(g.call("riscv_flush_icache", &[0x1000, 0x2000, 2]), -(libc::EINVAL as i64));
    }
}
