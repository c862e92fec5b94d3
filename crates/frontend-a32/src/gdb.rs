//! 32-bit Arm as gdb sees it: the features of gdb's arm target for a Linux process with
//! VFPv3-D32 and AdvSIMD (core, vfp, neon, tls) and where each register lives in
//! [`crossrun_ir::CpuState`]. Used by the debugger stub (`-g`), which is generic.
//!
//! gdb derives Q0..Q15 and S0..S31 itself from D0..D31 when the target has the (empty)
//! neon feature, as it does for a Linux arm process with NEON.

use crate::{cpsr, d_register, location, set_cpsr, FPSCR_CONTROL, FPSCR_STATUS};
use crossrun_ir::gdb::{GdbDescription, GdbFeature, GdbReg, GdbRegLoc};
use crossrun_ir::{CpuState, Reg};

const fn r(name: &'static str, n: u8) -> GdbReg {
    GdbReg { name, bits: 32, ty: "uint32", group: None, loc: GdbRegLoc::Reg(Reg::X(n)) }
}

const fn d(name: &'static str, n: u8) -> GdbReg {
    GdbReg { name, bits: 64, ty: "ieee_double", group: Some("float"), loc: GdbRegLoc::Reg(d_register(n)) }
}

fn read_pc(cpu: &CpuState) -> u128 {
    location::address_of(cpu.pc).into()
}

/// A PC write moves to another address in the same state; gdb changes the Thumb and IT
/// state through cpsr.
fn write_pc(cpu: &mut CpuState, value: u128) {
    cpu.pc = (cpu.pc & !u64::from(u32::MAX)) | u64::from(value as u32);
}

fn read_cpsr(cpu: &CpuState) -> u128 {
    cpsr(cpu).into()
}

/// A CPSR write sets what user mode can (NZCV, Q, GE) and the execution state (T and
/// IT), as a ptrace SETREGS does; the mode and mask bits are ignored.
fn write_cpsr(cpu: &mut CpuState, value: u128) {
    set_cpsr(cpu, value as u32);
}

fn read_fpscr(cpu: &CpuState) -> u128 {
    (cpu.fp_control | cpu.fp_status).into()
}

/// An FPSCR write splits into the control and status halves and, like VMSR, moves the
/// location to the state its vector fields select.
fn write_fpscr(cpu: &mut CpuState, value: u128) {
    let fpscr = value as u32;
    cpu.fp_control = fpscr & FPSCR_CONTROL;
    cpu.fp_status = fpscr & FPSCR_STATUS;
    cpu.pc = location::with_fpscr(cpu.pc, fpscr);
}

static CORE: [GdbReg; 17] = [
    r("r0", 0), r("r1", 1), r("r2", 2), r("r3", 3), r("r4", 4), r("r5", 5), r("r6", 6), r("r7", 7),
    r("r8", 8), r("r9", 9), r("r10", 10), r("r11", 11), r("r12", 12),
    GdbReg { name: "sp", bits: 32, ty: "data_ptr", group: None, loc: GdbRegLoc::Reg(Reg::X(13)) },
    GdbReg { name: "lr", bits: 32, ty: "int", group: None, loc: GdbRegLoc::Reg(Reg::X(14)) },
    // The address of the location (whose other bits are the execution state).
    GdbReg { name: "pc", bits: 32, ty: "code_ptr", group: None, loc: GdbRegLoc::Computed { read: read_pc, write: write_pc } },
    GdbReg { name: "cpsr", bits: 32, ty: "int", group: None, loc: GdbRegLoc::Computed { read: read_cpsr, write: write_cpsr } },
];

static VFP: [GdbReg; 33] = [
    d("d0", 0), d("d1", 1), d("d2", 2), d("d3", 3), d("d4", 4), d("d5", 5), d("d6", 6), d("d7", 7),
    d("d8", 8), d("d9", 9), d("d10", 10), d("d11", 11), d("d12", 12), d("d13", 13), d("d14", 14),
    d("d15", 15), d("d16", 16), d("d17", 17), d("d18", 18), d("d19", 19), d("d20", 20), d("d21", 21),
    d("d22", 22), d("d23", 23), d("d24", 24), d("d25", 25), d("d26", 26), d("d27", 27), d("d28", 28),
    d("d29", 29), d("d30", 30), d("d31", 31),
    GdbReg {
        name: "fpscr",
        bits: 32,
        ty: "int",
        group: Some("float"),
        loc: GdbRegLoc::Computed { read: read_fpscr, write: write_fpscr },
    },
];

/// TPIDRURO, the thread pointer Linux's set_tls sets (gdb reads it for TLS variables).
static TLS: [GdbReg; 1] =
    [GdbReg { name: "tpidruro", bits: 32, ty: "data_ptr", group: Some("system"), loc: GdbRegLoc::Reg(Reg::ThreadPointer) }];

/// gdb's arm target as crossrun runs it: a user-mode ARMv7-A/ARMv8-A AArch32 process
/// with VFPv3-D32 and AdvSIMD (no FPA, no iWMMXt, no M-profile registers).
pub static GDB: GdbDescription = GdbDescription {
    architecture: "arm",
    address_bytes: 4,
    features: &[
        GdbFeature { name: "org.gnu.gdb.arm.core", types: "", regs: &CORE },
        GdbFeature { name: "org.gnu.gdb.arm.vfp", types: "", regs: &VFP },
        GdbFeature { name: "org.gnu.gdb.arm.neon", types: "", regs: &[] },
        GdbFeature { name: "org.gnu.gdb.arm.tls", types: "", regs: &TLS },
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    fn reg(name: &str) -> &'static GdbReg {
        GDB.regs().find(|r| r.name == name).unwrap()
    }

    #[test]
    fn numbering_is_gdbs() {
        let names: Vec<&str> = GDB.regs().map(|r| r.name).collect();
        assert_eq!((names[0], names[13], names[14], names[15], names[16]), ("r0", "sp", "lr", "pc", "cpsr"));
        assert_eq!((names[17], names[48], names[49], names[50]), ("d0", "d31", "fpscr", "tpidruro"));
        assert_eq!(names.len(), 51);
        let xml = GDB.target_xml();
        assert!(xml.contains("<feature name=\"org.gnu.gdb.arm.neon\">\n</feature>"), "{xml}");
        assert!(xml.contains("<architecture>arm</architecture>"));
    }

    #[test]
    fn pc_is_the_address_and_cpsr_carries_the_thumb_and_it_state() {
        let mut cpu = CpuState { pc: location::location(0x1_0000, true, 0x58), nzcv: 0x6000_0000, ..CpuState::default() };
        assert_eq!(reg("pc").read(&cpu), 0x1_0000u32.to_le_bytes());
        // IT[1:0] in bits 26:25, IT[7:2] in 15:10, T (bit 5), user mode.
        assert_eq!(reg("cpsr").read(&cpu), (0x6000_0000u32 | 0x58 >> 2 << 10 | 1 << 5 | 0x10).to_le_bytes());
        reg("pc").write(&mut cpu, &0x2_0002u32.to_le_bytes());
        assert_eq!((location::address_of(cpu.pc), location::thumb(cpu.pc), location::itstate(cpu.pc)), (0x2_0002, true, 0x58));
        // Back to Arm state with C, Q and GE[0] set.
        reg("cpsr").write(&mut cpu, &(0x2801_0010u32).to_le_bytes());
        assert_eq!((location::thumb(cpu.pc), location::itstate(cpu.pc), location::address_of(cpu.pc)), (false, 0, 0x2_0002));
        assert_eq!(reg("cpsr").read(&cpu), 0x2801_0010u32.to_le_bytes());
    }

    #[test]
    fn fpscr_splits_and_its_vector_fields_reach_the_location() {
        let mut cpu = CpuState { pc: location::location(0x8000, false, 0), ..CpuState::default() };
        // DN, Len = 1 and the IXC and N flags.
        reg("fpscr").write(&mut cpu, &(0x8201_0010u32).to_le_bytes());
        assert_eq!((cpu.fp_control, cpu.fp_status), (0x0201_0000, 0x8000_0010));
        assert!(location::fp_vector(cpu.pc));
        assert_eq!(reg("fpscr").read(&cpu), 0x8201_0010u32.to_le_bytes());
        reg("fpscr").write(&mut cpu, &0u32.to_le_bytes());
        assert!(!location::fp_vector(cpu.pc));
    }

    #[test]
    fn d_registers_are_the_halves_of_q_registers_and_auxv_words_are_32_bits() {
        let mut cpu = CpuState::default();
        cpu.v[15] = 0x1111_2222_3333_4444_5555_6666_7777_8888;
        assert_eq!(reg("d30").read(&cpu), 0x5555_6666_7777_8888u64.to_le_bytes());
        assert_eq!(reg("d31").read(&cpu), 0x1111_2222_3333_4444u64.to_le_bytes());
        reg("d31").write(&mut cpu, &0x9999_aaaa_bbbb_ccccu64.to_le_bytes());
        assert_eq!(cpu.v[15], 0x9999_aaaa_bbbb_cccc_5555_6666_7777_8888);
        assert_eq!(GDB.auxv_bytes(&[(6, 4096)]), [6, 0, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    }
}
