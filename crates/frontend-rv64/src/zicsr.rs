//! Zicsr: CSRRW, CSRRS, CSRRC and their immediate forms, on the CSRs user mode has:
//! the floating-point `fflags`, `frm` and `fcsr` (F), and the read-only counters
//! `cycle`, `time` and `instret` (Zicntr). Any other CSR, and a write to a read-only
//! one, is an illegal instruction.
//!
//! `frm` lives in bits 2:0 of `Reg::FpControl` and `fflags` in bits 4:0 of `Reg::FpStatus`;
//! `fcsr` is `frm << 5 | fflags`, and its bits above 7 read as zero.
//!
//! The counters come from the host's monotonic clock: `time` counts at
//! [`crate::TIME_FREQUENCY`] (what the Linux layer reports as the timebase), `cycle`
//! and `instret` count nanoseconds. A user-mode emulator has no cycle or retired
//! instruction count to give; both only need to increase (Linux itself has refused
//! user-mode reads of them by default since 6.6).

use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::{CpuState, Helper, Meaning, Reg, Ty, Value, Width};

// csr rs1/uimm funct3 rd 1110011.
pub(crate) const ROWS: &[Row] = &[
    row!("CSRRW", "ccccccccccccsssss001ddddd1110011", csrrw),
    row!("CSRRS", "ccccccccccccsssss010ddddd1110011", csrrs),
    row!("CSRRC", "ccccccccccccsssss011ddddd1110011", csrrc),
    row!("CSRRWI", "ccccccccccccuuuuu101ddddd1110011", csrrwi),
    row!("CSRRSI", "ccccccccccccuuuuu110ddddd1110011", csrrsi),
    row!("CSRRCI", "ccccccccccccuuuuu111ddddd1110011", csrrci),
];

const FFLAGS: u32 = 0x001;
const FRM: u32 = 0x002;
const FCSR: u32 = 0x003;
const CYCLE: u32 = 0xc00;
const TIME: u32 = 0xc01;
const INSTRET: u32 = 0xc02;

/// The CSRs crossrun has.
#[derive(Clone, Copy, Debug)]
enum Csr {
    Fflags,
    Frm,
    Fcsr,
    Counter(&'static Helper),
}

impl Csr {
    fn from_number(n: u32) -> Option<Csr> {
        Some(match n {
            FFLAGS => Csr::Fflags,
            FRM => Csr::Frm,
            FCSR => Csr::Fcsr,
            CYCLE | INSTRET => Csr::Counter(&READ_NANOSECONDS),
            TIME => Csr::Counter(&READ_TIME),
            _ => return None,
        })
    }
}

/// What a CSR instruction does with the old value and the operand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Write {
    Replace,
    SetBits,
    ClearBits,
}

fn monotonic_nanoseconds() -> u64 {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::Monotonic);
    (t.tv_sec as u64).wrapping_mul(1_000_000_000).wrapping_add(t.tv_nsec as u64)
}

static READ_TIME: Helper = Helper {
    name: "rv.csr.time",
    func: |_: &mut CpuState, _: &[u128]| u128::from(monotonic_nanoseconds() / (1_000_000_000 / crate::TIME_FREQUENCY)),
    args: &[],
    ret: Ty::I64,
    pure: false,
    meaning: Meaning::Opaque,
};

static READ_NANOSECONDS: Helper = Helper {
    name: "rv.csr.cycle",
    func: |_: &mut CpuState, _: &[u128]| u128::from(monotonic_nanoseconds()),
    args: &[],
    ret: Ty::I64,
    pure: false,
    meaning: Meaning::Opaque,
};

/// The CSR's value as an I64.
fn read(tr: &mut Tr, csr: Csr) -> Value {
    let b = &mut tr.b;
    match csr {
        Csr::Fflags => {
            let v = b.get(Reg::FpStatus);
            b.zext(Ty::I64, Width::W32, v)
        }
        Csr::Frm => {
            let v = b.get(Reg::FpControl);
            b.zext(Ty::I64, Width::W32, v)
        }
        Csr::Fcsr => {
            let frm = b.get(Reg::FpControl);
            let five = b.c32(5);
            let frm = b.shl(frm, five);
            let flags = b.get(Reg::FpStatus);
            let v = b.or(frm, flags);
            b.zext(Ty::I64, Width::W32, v)
        }
        Csr::Counter(helper) => b.call(helper, &[]),
    }
}

/// Writes the CSR's writable fields from I64 `v`.
fn write(tr: &mut Tr, csr: Csr, v: Value) -> Result<(), Undefined> {
    let b = &mut tr.b;
    let low = b.zext(Ty::I32, Width::W32, v);
    match csr {
        Csr::Fflags => {
            let m = b.c32(0x1f);
            let flags = b.and(low, m);
            b.set(Reg::FpStatus, flags);
        }
        Csr::Frm => {
            let m = b.c32(7);
            let frm = b.and(low, m);
            b.set(Reg::FpControl, frm);
            tr.frm_written();
        }
        Csr::Fcsr => {
            let m = b.c32(0x1f);
            let flags = b.and(low, m);
            let five = b.c32(5);
            let high = b.lshr(low, five);
            let m = b.c32(7);
            let frm = b.and(high, m);
            b.set(Reg::FpStatus, flags);
            b.set(Reg::FpControl, frm);
            tr.frm_written();
        }
        Csr::Counter(_) => return Err(Undefined),
    }
    Ok(())
}

/// The common shape: `writes` says whether the instruction writes the CSR at all (CSRRS
/// and CSRRC with x0 or a zero immediate do not, so they may read read-only CSRs);
/// CSRRW and CSRRWI with rd = x0 do not read it.
fn access(tr: &mut Tr, f: Fields, how: Write, operand: Value, writes: bool) -> Result<(), Undefined> {
    let csr = Csr::from_number(f.get('c')).ok_or(Undefined)?;
    let rd = f.reg('d');
    let reads = !(how == Write::Replace && rd == 0);
    if writes && matches!(csr, Csr::Counter(_)) {
        return Err(Undefined);
    }
    let old = if reads { Some(read(tr, csr)) } else { None };
    if writes {
        let new = match (how, old) {
            (Write::Replace, _) => operand,
            (Write::SetBits, Some(old)) => tr.b.or(old, operand),
            (Write::ClearBits, Some(old)) => tr.b.and_not(old, operand),
            (_, None) => unreachable!("only CSRRW(I) skips the read"),
        };
        write(tr, csr, new)?;
    }
    if let Some(old) = old {
        tr.set_x(rd, old);
    }
    Ok(())
}

fn csrrw(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let v = tr.x(f.reg('s'));
    access(tr, f, Write::Replace, v, true)
}

fn csrrs(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let v = tr.x(f.reg('s'));
    access(tr, f, Write::SetBits, v, f.reg('s') != 0)
}

fn csrrc(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let v = tr.x(f.reg('s'));
    access(tr, f, Write::ClearBits, v, f.reg('s') != 0)
}

fn csrrwi(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let v = tr.b.c64(u64::from(f.get('u')));
    access(tr, f, Write::Replace, v, true)
}

fn csrrsi(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let v = tr.b.c64(u64::from(f.get('u')));
    access(tr, f, Write::SetBits, v, f.get('u') != 0)
}

fn csrrci(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let v = tr.b.c64(u64::from(f.get('u')));
    access(tr, f, Write::ClearBits, v, f.get('u') != 0)
}
