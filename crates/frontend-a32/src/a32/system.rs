//! A32 coprocessor instructions and supervisor call: SVC, and the coprocessor 15
//! transfers Linux allows in user mode (coprocessors 10 and 11 are the VFP and AdvSIMD
//! groups'; everything else is UNDEFINED, so it has no row).

use crate::decoder::Row;
use crate::row;
use crate::system::{cp15, mrrc15, svc};

pub(crate) const ROWS: &[Row] = &[
    row!("SVC", "----1111iiiiiiiiiiiiiiiiiiiiiiii", |t, _| svc(t)),
    row!("MCR (p15)", "----1110ooo0nnnntttt1111ppp1mmmm", |t, f| cp15(t, f, false)),
    row!("MRC (p15)", "----1110ooo1nnnntttt1111ppp1mmmm", |t, f| cp15(t, f, true)),
    row!("MRRC (p15)", "----11000101uuuutttt1111oooommmm", mrrc15),
];
