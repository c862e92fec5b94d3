//! AArch64 as gdb sees it: the features of gdb's aarch64 target (core, fpu, tls) and
//! where each register lives in [`crossrun_ir::CpuState`]. Used by the debugger stub
//! (`-g`), which is generic.

use crossrun_ir::gdb::{GdbDescription, GdbFeature, GdbReg, GdbRegLoc};
use crossrun_ir::Reg;

const fn x(name: &'static str, n: u8) -> GdbReg {
    GdbReg { name, bits: 64, ty: "int", group: None, loc: GdbRegLoc::Reg(Reg::X(n)) }
}

const fn v(name: &'static str, n: u8) -> GdbReg {
    GdbReg { name, bits: 128, ty: "aarch64v", group: Some("vector"), loc: GdbRegLoc::Reg(Reg::V(n)) }
}

static CORE: [GdbReg; 34] = [
    x("x0", 0), x("x1", 1), x("x2", 2), x("x3", 3), x("x4", 4), x("x5", 5), x("x6", 6), x("x7", 7),
    x("x8", 8), x("x9", 9), x("x10", 10), x("x11", 11), x("x12", 12), x("x13", 13), x("x14", 14),
    x("x15", 15), x("x16", 16), x("x17", 17), x("x18", 18), x("x19", 19), x("x20", 20), x("x21", 21),
    x("x22", 22), x("x23", 23), x("x24", 24), x("x25", 25), x("x26", 26), x("x27", 27), x("x28", 28),
    x("x29", 29), x("x30", 30),
    // X(31) is SP in crossrun's mapping (the zero register is never stored).
    GdbReg { name: "sp", bits: 64, ty: "data_ptr", group: None, loc: GdbRegLoc::Reg(Reg::X(31)) },
    GdbReg { name: "pc", bits: 64, ty: "code_ptr", group: None, loc: GdbRegLoc::Pc },
    // At EL0 the readable PSTATE is NZCV; the other bits read as zero (as ptrace shows).
    GdbReg { name: "cpsr", bits: 32, ty: "cpsr_flags", group: None, loc: GdbRegLoc::Reg(Reg::Nzcv) },
];

const CORE_TYPES: &str = "<flags id=\"cpsr_flags\" size=\"4\">\
<field name=\"V\" start=\"28\" end=\"28\"/><field name=\"C\" start=\"29\" end=\"29\"/>\
<field name=\"Z\" start=\"30\" end=\"30\"/><field name=\"N\" start=\"31\" end=\"31\"/></flags>\n";

static FPU: [GdbReg; 34] = [
    v("v0", 0), v("v1", 1), v("v2", 2), v("v3", 3), v("v4", 4), v("v5", 5), v("v6", 6), v("v7", 7),
    v("v8", 8), v("v9", 9), v("v10", 10), v("v11", 11), v("v12", 12), v("v13", 13), v("v14", 14),
    v("v15", 15), v("v16", 16), v("v17", 17), v("v18", 18), v("v19", 19), v("v20", 20), v("v21", 21),
    v("v22", 22), v("v23", 23), v("v24", 24), v("v25", 25), v("v26", 26), v("v27", 27), v("v28", 28),
    v("v29", 29), v("v30", 30), v("v31", 31),
    GdbReg { name: "fpsr", bits: 32, ty: "int", group: Some("float"), loc: GdbRegLoc::Reg(Reg::FpStatus) },
    GdbReg { name: "fpcr", bits: 32, ty: "int", group: Some("float"), loc: GdbRegLoc::Reg(Reg::FpControl) },
];

/// A V register viewed as lanes of every width, under the names gdb users type
/// (`$v0.d.f[1]`, `$v0.b.u[15]`).
const FPU_TYPES: &str = "<vector id=\"v2d\" type=\"ieee_double\" count=\"2\"/>\
<vector id=\"v2u\" type=\"uint64\" count=\"2\"/><vector id=\"v2i\" type=\"int64\" count=\"2\"/>\
<vector id=\"v4f\" type=\"ieee_single\" count=\"4\"/><vector id=\"v4u\" type=\"uint32\" count=\"4\"/>\
<vector id=\"v4i\" type=\"int32\" count=\"4\"/><vector id=\"v8u\" type=\"uint16\" count=\"8\"/>\
<vector id=\"v8i\" type=\"int16\" count=\"8\"/><vector id=\"v16u\" type=\"uint8\" count=\"16\"/>\
<vector id=\"v16i\" type=\"int8\" count=\"16\"/><vector id=\"v1u\" type=\"uint128\" count=\"1\"/>\
<vector id=\"v1i\" type=\"int128\" count=\"1\"/>\
<union id=\"vnd\"><field name=\"f\" type=\"v2d\"/><field name=\"u\" type=\"v2u\"/><field name=\"s\" type=\"v2i\"/></union>\
<union id=\"vns\"><field name=\"f\" type=\"v4f\"/><field name=\"u\" type=\"v4u\"/><field name=\"s\" type=\"v4i\"/></union>\
<union id=\"vnh\"><field name=\"u\" type=\"v8u\"/><field name=\"s\" type=\"v8i\"/></union>\
<union id=\"vnb\"><field name=\"u\" type=\"v16u\"/><field name=\"s\" type=\"v16i\"/></union>\
<union id=\"vnq\"><field name=\"u\" type=\"v1u\"/><field name=\"s\" type=\"v1i\"/></union>\
<union id=\"aarch64v\"><field name=\"d\" type=\"vnd\"/><field name=\"s\" type=\"vns\"/>\
<field name=\"h\" type=\"vnh\"/><field name=\"b\" type=\"vnb\"/><field name=\"q\" type=\"vnq\"/></union>\n";

static TLS: [GdbReg; 1] =
    [GdbReg { name: "tpidr", bits: 64, ty: "data_ptr", group: Some("system"), loc: GdbRegLoc::Reg(Reg::ThreadPointer) }];

/// gdb's aarch64 target as crossrun runs it: user mode, no SVE, no pointer
/// authentication, no MTE.
pub static GDB: GdbDescription = GdbDescription {
    architecture: "aarch64",
    address_bytes: 8,
    features: &[
        GdbFeature { name: "org.gnu.gdb.aarch64.core", types: CORE_TYPES, regs: &CORE },
        GdbFeature { name: "org.gnu.gdb.aarch64.fpu", types: FPU_TYPES, regs: &FPU },
        GdbFeature { name: "org.gnu.gdb.aarch64.tls", types: "", regs: &TLS },
    ],
};

#[cfg(test)]
mod tests {
    use super::*;
    use crossrun_ir::CpuState;

    #[test]
    fn numbering_is_gdbs() {
        let names: Vec<&str> = GDB.regs().map(|r| r.name).collect();
        assert_eq!((names[0], names[31], names[32], names[33]), ("x0", "sp", "pc", "cpsr"));
        assert_eq!((names[34], names[65], names[66], names[67], names[68]), ("v0", "v31", "fpsr", "fpcr", "tpidr"));
        assert_eq!(names.len(), 69);
    }

    #[test]
    fn cpsr_holds_only_the_flags() {
        let mut cpu = CpuState::default();
        let cpsr = GDB.regs().find(|r| r.name == "cpsr").unwrap();
        cpsr.write(&mut cpu, &0x6000_03c5u32.to_le_bytes());
        assert_eq!(cpu.nzcv, 0x6000_0000);
        assert_eq!(cpsr.read(&cpu), 0x6000_0000u32.to_le_bytes());
    }
}
