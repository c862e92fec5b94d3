//! The generic timer's virtual count (CNTVCT_EL0 in A64, CNTVCT through MRRC p15 in
//! A32), which counts host nanoseconds, and its frequency (CNTFRQ).

use crossrun_ir::{CpuState, Helper, Meaning, Ty};
use std::sync::OnceLock;
use std::time::Instant;

/// CNTFRQ: the counter counts nanoseconds.
pub const FREQUENCY: u64 = 1_000_000_000;

/// The host's CLOCK_MONOTONIC in nanoseconds. `Instant` is CLOCK_MONOTONIC on Linux but
/// does not expose its value; the offset is read once from its Debug form (the only safe
/// way in std), after which each read is an `elapsed()`. Should the Debug form change,
/// the counter still runs at the right rate, from zero.
fn monotonic_ns() -> u64 {
    static ORIGIN: OnceLock<(Instant, u64)> = OnceLock::new();
    let (origin, origin_ns) = *ORIGIN.get_or_init(|| {
        let now = Instant::now();
        (now, instant_ns(&format!("{now:?}")).unwrap_or(0))
    });
    origin_ns.wrapping_add(origin.elapsed().as_nanos() as u64)
}

/// Parses "Instant { tv_sec: S, tv_nsec: N }".
fn instant_ns(debug: &str) -> Option<u64> {
    let field = |name: &str| -> Option<u64> {
        let rest = &debug[debug.find(name)? + name.len()..];
        let rest = rest.trim_start_matches(|c: char| !c.is_ascii_digit());
        let end = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        rest[..end].parse().ok()
    };
    field("tv_sec:")?.checked_mul(1_000_000_000)?.checked_add(field("tv_nsec:")?)
}

fn cntvct_fn(_: &mut CpuState, _: &[u128]) -> u128 {
    monotonic_ns() as u128
}

/// `() -> I64`, the count. Not pure: each call reads the clock.
pub static CNTVCT: Helper = Helper { name: "cntvct", func: cntvct_fn, args: &[], ret: Ty::I64, pure: false, meaning: Meaning::Opaque };

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_origin_is_parsed() {
        assert_eq!(instant_ns("Instant { tv_sec: 12, tv_nsec: 345 }"), Some(12_000_000_345));
        assert_eq!(instant_ns("Instant(3s)"), None);
        // This std still formats Instant so that the origin is found.
        assert!(instant_ns(&format!("{:?}", Instant::now())).is_some());
    }
}
