//! Which translated blocks `-d op`/`-d in_asm`/`-d out_asm` log: all of them, or only
//! those touching the guest address ranges given with `-dfilter`.

/// Guest address ranges, half-open `[start, end)`; empty means every address.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AddressFilter(Vec<(u64, u64)>);

impl AddressFilter {
    /// Parses qemu's `-dfilter` syntax: comma-separated `START+LEN` (LEN bytes from
    /// START), `END-LEN` (the LEN bytes ending at END, END included) or `START..LAST`
    /// (LAST included). Numbers are decimal or 0x-prefixed hexadecimal.
    pub fn parse(spec: &str) -> Result<AddressFilter, String> {
        let number = |s: &str| {
            let s = s.trim();
            let parsed = match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
                Some(hex) => u64::from_str_radix(hex, 16),
                None => s.parse(),
            };
            parsed.map_err(|_| format!("bad address '{s}' in -dfilter"))
        };
        let mut ranges = Vec::new();
        for part in spec.split(',').filter(|p| !p.is_empty()) {
            let (start, end) = if let Some((a, b)) = part.split_once("..") {
                (number(a)?, number(b)?.checked_add(1))
            } else if let Some((a, n)) = part.split_once('+') {
                let start = number(a)?;
                (start, start.checked_add(number(n)?))
            } else if let Some((a, n)) = part.split_once('-') {
                let last = number(a)?;
                let len = number(n)?;
                (last.checked_sub(len.saturating_sub(1)).ok_or_else(|| format!("range '{part}' starts below 0"))?, last.checked_add(1))
            } else {
                return Err(format!("-dfilter range '{part}' is not START+LEN, END-LEN or START..LAST"));
            };
            // A range reaching the top of the address space has no representable end.
            let end = end.unwrap_or(u64::MAX);
            if end <= start {
                return Err(format!("-dfilter range '{part}' is empty"));
            }
            ranges.push((start, end));
        }
        Ok(AddressFilter(ranges))
    }

    /// Whether a block covering `[start, end)` (a single address when empty) is logged.
    pub fn matches(&self, start: u64, end: u64) -> bool {
        let end = end.max(start.saturating_add(1));
        self.0.is_empty() || self.0.iter().any(|&(lo, hi)| start < hi && lo < end)
    }
}

impl std::fmt::Display for AddressFilter {
    /// The `-dfilter` spelling, `START+LEN,...`, which `parse` reads back.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self.0.iter().map(|(lo, hi)| format!("{lo:#x}+{:#x}", hi - lo)).collect();
        write!(f, "{}", parts.join(","))
    }
}

/// What to print about each newly translated block, to stderr.
#[derive(Clone, Debug, Default)]
pub struct BlockLog {
    /// The guest instructions (`-d in_asm`).
    pub in_asm: bool,
    /// The optimized IR (`-d op`).
    pub ir: bool,
    /// Which blocks (`-dfilter`).
    pub filter: AddressFilter,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qemu_range_forms() {
        let f = AddressFilter::parse("0x1000+0x10,0x2fff-0x100,8192..8195").unwrap();
        assert_eq!(f, AddressFilter(vec![(0x1000, 0x1010), (0x2f00, 0x3000), (0x2000, 0x2004)]));
        assert!(f.matches(0x100c, 0x1014));
        assert!(!f.matches(0x1010, 0x1020));
        assert!(f.matches(0x2ffc, 0x3000));
        assert!(!f.matches(0x2004, 0x2008));
        assert!(f.matches(0x2003, 0x2003));
        assert!(AddressFilter::default().matches(5, 9));
        assert_eq!(AddressFilter::parse(&f.to_string()), Ok(f));
    }

    #[test]
    fn bad_ranges_are_errors() {
        for bad in ["0x1000", "zz+4", "0x10+0", "5..4", "3-9"] {
            assert!(AddressFilter::parse(bad).is_err(), "{bad}");
        }
    }
}
