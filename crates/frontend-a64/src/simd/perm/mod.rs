//! AdvSIMD element movement and the Crypto extension: copies between lanes and general
//! registers (DUP, INS, UMOV, SMOV), permutes (ZIP, UZP, TRN, EXT, TBL, TBX), the
//! structure loads and stores (LD1..LD4, ST1..ST4, LDnR), and AES, SHA-1, SHA-256 and
//! the 64-bit carry-less multiply behind PMULL.

use crate::decoder::Row;

mod copy;
mod crypto_aes;
mod crypto_sha;
mod extract;
mod lanes;
mod ldst_multiple;
mod ldst_single;
mod mem;
mod permute;
mod table;

// For the PMULL row (AdvSIMD three different), which lives with the integer arithmetic.
pub(crate) use crossrun_arm_shared::crypto::pmull::PMULL64;

/// The decode tables of this group.
pub(crate) const TABLES: &[&[Row]] = &[
    copy::ROWS,
    permute::ROWS,
    extract::ROWS,
    table::ROWS,
    ldst_multiple::ROWS,
    ldst_single::ROWS,
    crypto_aes::ROWS,
    crypto_sha::ROWS,
];

/// HWCAP_AES | HWCAP_PMULL | HWCAP_SHA1 | HWCAP_SHA2.
pub(crate) const HWCAP: u64 = (1 << 3) | (1 << 4) | (1 << 5) | (1 << 6);

#[cfg(test)]
mod tests {
    use super::TABLES;
    use crate::decoder::{all_rows, Row};

    fn compiled(pattern: &str) -> (u32, u32) {
        pattern.bytes().fold((0, 0), |(m, v), c| match c {
            b'0' => (m << 1 | 1, v << 1),
            b'1' => (m << 1 | 1, v << 1 | 1),
            _ => (m << 1, v << 1),
        })
    }

    fn overlap(a: &Row, b: &Row) -> bool {
        let ((ma, va), (mb, vb)) = (compiled(a.pattern), compiled(b.pattern));
        (va ^ vb) & ma & mb == 0
    }

    /// The group's encodings are disjoint from each other and from every other group's,
    /// so neither specificity nor table order decides anything.
    #[test]
    fn rows_overlap_no_other_row() {
        let mine: Vec<&Row> = TABLES.iter().flat_map(|t| t.iter()).collect();
        for (i, a) in mine.iter().enumerate() {
            for b in &mine[i + 1..] {
                assert!(!overlap(a, b), "{a:?} overlaps {b:?}");
            }
            // Consts are not guaranteed one address, so rows are told apart by content.
            let is_mine = |b: &Row| mine.iter().any(|m| (m.name, m.pattern) == (b.name, b.pattern));
            for b in all_rows().filter(|b| !is_mine(b)) {
                assert!(!overlap(a, b), "{a:?} overlaps {b:?}");
            }
        }
    }
}
