//! Data processing (register): add/subtract with carry, i.e. ADC, ADCS, SBC, SBCS and
//! the aliases NGC, NGCS.

use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};

pub(crate) const ROWS: &[Row] =
    &[row!("ADC/ADCS/SBC/SBCS", "zoS11010000mmmmm000000nnnnnddddd", adc_sbc)];

fn adc_sbc(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let sf = f.bit('z');
    let n = tr.reg(sf, f.reg('n'));
    let m = tr.reg(sf, f.reg('m'));
    let nzcv = tr.nzcv();
    let sub = f.bit('o');
    let r = if sub { tr.b.sbc(n, m, nzcv) } else { tr.b.adc(n, m, nzcv) };
    if f.bit('S') {
        let flags = if sub { tr.b.flags_sbc(n, m, nzcv) } else { tr.b.flags_adc(n, m, nzcv) };
        tr.set_nzcv(flags);
    }
    tr.set_reg(f.reg('d'), r);
    Ok(())
}
