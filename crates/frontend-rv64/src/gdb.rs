//! RISC-V as gdb sees it: the features of gdb's riscv target (cpu, fpu) and where each
//! register lives in [`crossrun_ir::CpuState`]. Used by the debugger stub (`-g`), which is
//! generic.

use crossrun_ir::gdb::{GdbDescription, GdbFeature, GdbReg, GdbRegLoc};
use crossrun_ir::{CpuState, Reg};

const fn x(name: &'static str, n: u8) -> GdbReg {
    GdbReg { name, bits: 64, ty: "int", group: None, loc: GdbRegLoc::Reg(Reg::X(n)) }
}

const fn f(name: &'static str, n: u8) -> GdbReg {
    GdbReg { name, bits: 64, ty: "riscv_double", group: Some("float"), loc: GdbRegLoc::Reg(Reg::V(n)) }
}

/// x0 is hard-wired to zero: it reads as 0 and a write from gdb is dropped, as on
/// hardware.
fn read_zero(_: &CpuState) -> u128 {
    0
}

fn write_zero(_: &mut CpuState, _: u128) {}

/// The ABI names gdb's riscv cpu feature uses, in register-number order.
static CPU: [GdbReg; 33] = [
    GdbReg { name: "zero", bits: 64, ty: "int", group: None, loc: GdbRegLoc::Computed { read: read_zero, write: write_zero } },
    GdbReg { name: "ra", bits: 64, ty: "code_ptr", group: None, loc: GdbRegLoc::Reg(Reg::X(1)) },
    GdbReg { name: "sp", bits: 64, ty: "data_ptr", group: None, loc: GdbRegLoc::Reg(Reg::X(2)) },
    GdbReg { name: "gp", bits: 64, ty: "data_ptr", group: None, loc: GdbRegLoc::Reg(Reg::X(3)) },
    GdbReg { name: "tp", bits: 64, ty: "data_ptr", group: None, loc: GdbRegLoc::Reg(Reg::X(4)) },
    x("t0", 5), x("t1", 6), x("t2", 7),
    GdbReg { name: "fp", bits: 64, ty: "data_ptr", group: None, loc: GdbRegLoc::Reg(Reg::X(8)) },
    x("s1", 9), x("a0", 10), x("a1", 11), x("a2", 12), x("a3", 13), x("a4", 14), x("a5", 15),
    x("a6", 16), x("a7", 17), x("s2", 18), x("s3", 19), x("s4", 20), x("s5", 21), x("s6", 22),
    x("s7", 23), x("s8", 24), x("s9", 25), x("s10", 26), x("s11", 27), x("t3", 28), x("t4", 29),
    x("t5", 30), x("t6", 31),
    GdbReg { name: "pc", bits: 64, ty: "code_ptr", group: None, loc: GdbRegLoc::Pc },
];

/// `fcsr` is frm (bits 7:5) over fflags (bits 4:0); crossrun keeps them apart (see the
/// crate's register mapping).
fn read_fcsr(cpu: &CpuState) -> u128 {
    ((cpu.fp_control & 7) << 5 | (cpu.fp_status & 0x1f)) as u128
}

fn write_fcsr(cpu: &mut CpuState, v: u128) {
    cpu.fp_status = v as u32 & 0x1f;
    cpu.fp_control = (v as u32 >> 5) & 7;
}

fn read_fflags(cpu: &CpuState) -> u128 {
    (cpu.fp_status & 0x1f) as u128
}

fn write_fflags(cpu: &mut CpuState, v: u128) {
    cpu.fp_status = v as u32 & 0x1f;
}

fn read_frm(cpu: &CpuState) -> u128 {
    (cpu.fp_control & 7) as u128
}

fn write_frm(cpu: &mut CpuState, v: u128) {
    cpu.fp_control = v as u32 & 7;
}

static FPU: [GdbReg; 35] = [
    f("ft0", 0), f("ft1", 1), f("ft2", 2), f("ft3", 3), f("ft4", 4), f("ft5", 5), f("ft6", 6), f("ft7", 7),
    f("fs0", 8), f("fs1", 9), f("fa0", 10), f("fa1", 11), f("fa2", 12), f("fa3", 13), f("fa4", 14),
    f("fa5", 15), f("fa6", 16), f("fa7", 17), f("fs2", 18), f("fs3", 19), f("fs4", 20), f("fs5", 21),
    f("fs6", 22), f("fs7", 23), f("fs8", 24), f("fs9", 25), f("fs10", 26), f("fs11", 27), f("ft8", 28),
    f("ft9", 29), f("ft10", 30), f("ft11", 31),
    GdbReg { name: "fflags", bits: 32, ty: "int", group: Some("float"), loc: GdbRegLoc::Computed { read: read_fflags, write: write_fflags } },
    GdbReg { name: "frm", bits: 32, ty: "int", group: Some("float"), loc: GdbRegLoc::Computed { read: read_frm, write: write_frm } },
    GdbReg { name: "fcsr", bits: 32, ty: "int", group: Some("float"), loc: GdbRegLoc::Computed { read: read_fcsr, write: write_fcsr } },
];

/// An f register viewed as a NaN-boxed single or a double, as gdb's own riscv
/// descriptions show it.
const FPU_TYPES: &str = "<union id=\"riscv_double\"><field name=\"float\" type=\"ieee_single\"/>\
<field name=\"double\" type=\"ieee_double\"/></union>\n";

/// gdb's riscv:rv64 target as crossrun runs it (RV64GC, user mode).
pub static GDB: GdbDescription = GdbDescription {
    architecture: "riscv:rv64",
    address_bytes: 8,
    features: &[
        GdbFeature { name: "org.gnu.gdb.riscv.cpu", types: "", regs: &CPU },
        GdbFeature { name: "org.gnu.gdb.riscv.fpu", types: FPU_TYPES, regs: &FPU },
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_is_gdbs() {
        let names: Vec<&str> = GDB.regs().map(|r| r.name).collect();
        assert_eq!((names[0], names[2], names[10], names[31], names[32]), ("zero", "sp", "a0", "t6", "pc"));
        assert_eq!((names[33], names[64], names[65], names[66], names[67]), ("ft0", "ft11", "fflags", "frm", "fcsr"));
        assert_eq!(names.len(), 68);
    }

    #[test]
    fn zero_stays_zero_and_fcsr_is_frm_over_fflags() {
        let mut cpu = CpuState::default();
        let reg = |n: &str| GDB.regs().find(|r| r.name == n).unwrap();
        reg("zero").write(&mut cpu, &7u64.to_le_bytes());
        assert_eq!((cpu.x[0], reg("zero").read(&cpu)), (0, 0u64.to_le_bytes().to_vec()));
        reg("fcsr").write(&mut cpu, &(2u32 << 5 | 0x11).to_le_bytes());
        assert_eq!((cpu.fp_control, cpu.fp_status), (2, 0x11));
        assert_eq!(reg("frm").read(&cpu), 2u32.to_le_bytes());
        reg("fflags").write(&mut cpu, &0x1fu32.to_le_bytes());
        assert_eq!(reg("fcsr").read(&cpu), (2u32 << 5 | 0x1f).to_le_bytes());
    }
}
