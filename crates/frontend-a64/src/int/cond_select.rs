//! Data processing (register): conditional select, i.e. CSEL, CSINC, CSINV, CSNEG and
//! the aliases CSET, CSETM, CINC, CINV, CNEG.

use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};

// S = 1 and op2<1> = 1 are unallocated.
pub(crate) const ROWS: &[Row] =
    &[row!("CSEL/CSINC/CSINV/CSNEG", "zo011010100mmmmmcccc0pnnnnnddddd", cond_select)];

/// Rd = cond ? Rn : f(Rm), f being identity, +1, NOT or negation by op:op2<0>.
fn cond_select(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let sf = f.bit('z');
    let n = tr.reg(sf, f.reg('n'));
    let m = tr.reg(sf, f.reg('m'));
    let m = match (f.bit('o'), f.bit('p')) {
        (false, false) => m,
        (false, true) => {
            let one = tr.imm(sf, 1);
            tr.b.add(m, one)
        }
        (true, false) => tr.b.not(m),
        (true, true) => tr.b.neg(m),
    };
    let cond = f.get('c') as u8;
    let v = if cond >= 0b1110 {
        n
    } else {
        let nzcv = tr.nzcv();
        let holds = tr.b.cond_holds(cond, nzcv);
        tr.b.select(holds, n, m)
    };
    tr.set_reg(f.reg('d'), v);
    Ok(())
}
