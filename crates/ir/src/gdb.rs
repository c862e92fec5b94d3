//! How a debugger sees a guest's registers, as data each frontend supplies.
//!
//! gdb learns a target's registers from a target description (an XML document of
//! features, each a list of registers with a name, a size and a type); the remote
//! protocol then sends registers in the order the description lists them. A frontend
//! describes its architecture with a [`GdbDescription`]: the features gdb expects for it
//! (gdb checks the feature and register names it knows), and for each register where its
//! value lives in [`CpuState`]. The debugger stub is generic: it builds the XML and the
//! register packets from this table and names no architecture's registers itself.

use crate::{CpuState, Reg};

/// A guest architecture as gdb sees it.
#[derive(Debug)]
pub struct GdbDescription {
    /// gdb's name for the architecture (`<architecture>`), e.g. `aarch64`.
    pub architecture: &'static str,
    /// The size of a guest address and of an auxv word, in bytes.
    pub address_bytes: usize,
    /// The features, in order; registers are numbered from 0 across all of them.
    pub features: &'static [GdbFeature],
}

/// One `<feature>` of a target description.
#[derive(Debug)]
pub struct GdbFeature {
    /// The feature name gdb looks for, e.g. `org.gnu.gdb.aarch64.core`.
    pub name: &'static str,
    /// XML type definitions the registers refer to (`<vector>`, `<union>`, `<flags>`), or
    /// empty.
    pub types: &'static str,
    pub regs: &'static [GdbReg],
}

/// One register of a feature.
#[derive(Debug)]
pub struct GdbReg {
    pub name: &'static str,
    /// Size in bits (a multiple of 8); the value is the low bits of its location.
    pub bits: u32,
    /// gdb's type name: `int`, `code_ptr`, `data_ptr`, `uint32`, `ieee_double` or one of
    /// the feature's own types.
    pub ty: &'static str,
    /// The register group (`general`, `float`, `vector`, `system`), if not gdb's default.
    pub group: Option<&'static str>,
    pub loc: GdbRegLoc,
}

/// Where a gdb register's value lives.
#[derive(Clone, Copy, Debug)]
pub enum GdbRegLoc {
    /// The program counter.
    Pc,
    /// A register of the IR's register file.
    Reg(Reg),
    /// A register the guest keeps in pieces (riscv's fcsr is frm and fflags, arm's cpsr
    /// more than NZCV): how to assemble and store it.
    Computed { read: fn(&CpuState) -> u128, write: fn(&mut CpuState, u128) },
}

impl GdbReg {
    pub fn bytes(&self) -> usize {
        self.bits as usize / 8
    }

    /// The value, little-endian, `self.bytes()` long (every guest crossrun runs is
    /// little-endian, as gdb's packets for it are).
    pub fn read(&self, cpu: &CpuState) -> Vec<u8> {
        let v = match self.loc {
            GdbRegLoc::Pc => cpu.pc as u128,
            GdbRegLoc::Reg(r) => cpu.get(r),
            GdbRegLoc::Computed { read, .. } => read(cpu),
        };
        v.to_le_bytes()[..self.bytes()].to_vec()
    }

    /// Writes `bytes` (little-endian, `self.bytes()` long); the bits of the location
    /// above the register's size are kept.
    pub fn write(&self, cpu: &mut CpuState, bytes: &[u8]) {
        let mut raw = [0u8; 16];
        raw[..bytes.len().min(16)].copy_from_slice(&bytes[..bytes.len().min(16)]);
        let new = u128::from_le_bytes(raw);
        let keep = if self.bits >= 128 { 0 } else { !0u128 << self.bits };
        match self.loc {
            GdbRegLoc::Pc => cpu.pc = new as u64,
            GdbRegLoc::Reg(r) => {
                let old = cpu.get(r);
                cpu.set(r, (old & keep) | (new & !keep));
            }
            GdbRegLoc::Computed { read, write } => {
                let old = read(cpu);
                write(cpu, (old & keep) | (new & !keep));
            }
        }
    }
}

impl GdbDescription {
    /// Every register, in gdb's numbering.
    pub fn regs(&self) -> impl Iterator<Item = &'static GdbReg> + '_ {
        self.features.iter().flat_map(|f| f.regs.iter())
    }

    /// The auxiliary vector as the guest's memory holds it (what gdb reads to find where
    /// a position-independent program was placed).
    pub fn auxv_bytes(&self, auxv: &[(u64, u64)]) -> Vec<u8> {
        auxv.iter().chain(std::iter::once(&(0, 0))).flat_map(|&(k, v)| [k, v]).flat_map(|w| w.to_le_bytes()[..self.address_bytes].to_vec()).collect()
    }

    /// The target description document (`target.xml`), everything in one file.
    pub fn target_xml(&self) -> String {
        let mut xml = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target version=\"1.0\">\n");
        xml.push_str(&format!("<architecture>{}</architecture>\n<osabi>GNU/Linux</osabi>\n", self.architecture));
        let mut regnum = 0;
        for feature in self.features {
            xml.push_str(&format!("<feature name=\"{}\">\n{}", feature.name, feature.types));
            for r in feature.regs {
                xml.push_str(&format!("<reg name=\"{}\" bitsize=\"{}\" type=\"{}\" regnum=\"{regnum}\"", r.name, r.bits, r.ty));
                if let Some(g) = r.group {
                    xml.push_str(&format!(" group=\"{g}\""));
                }
                xml.push_str("/>\n");
                regnum += 1;
            }
            xml.push_str("</feature>\n");
        }
        xml.push_str("</target>\n");
        xml
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static REGS: [GdbReg; 4] = [
        GdbReg { name: "r0", bits: 64, ty: "int", group: None, loc: GdbRegLoc::Reg(Reg::X(0)) },
        GdbReg { name: "f0", bits: 64, ty: "ieee_double", group: Some("float"), loc: GdbRegLoc::Reg(Reg::V(0)) },
        GdbReg { name: "pc", bits: 64, ty: "code_ptr", group: None, loc: GdbRegLoc::Pc },
        // A 32-bit view of two fields: FPCR's top byte and FPSR's low byte.
        GdbReg {
            name: "csr",
            bits: 32,
            ty: "int",
            group: None,
            loc: GdbRegLoc::Computed {
                read: |c| ((c.fp_control >> 24) << 8 | (c.fp_status & 0xff)) as u128,
                write: |c, v| {
                    c.fp_control = (c.fp_control & 0x00ff_ffff) | ((v as u32 >> 8) & 0xff) << 24;
                    c.fp_status = (c.fp_status & !0xff) | (v as u32 & 0xff);
                },
            },
        },
    ];
    static DESC: GdbDescription =
        GdbDescription { architecture: "test", address_bytes: 8, features: &[GdbFeature { name: "org.test.core", types: "", regs: &REGS }] };

    #[test]
    fn registers_read_and_write_their_low_bits() {
        let mut cpu = CpuState::default();
        cpu.v[0] = 0x1111_2222_3333_4444_5555_6666_7777_8888;
        assert_eq!(REGS[1].read(&cpu), 0x5555_6666_7777_8888u64.to_le_bytes());
        REGS[1].write(&mut cpu, &0x0102_0304_0506_0708u64.to_le_bytes());
        assert_eq!(cpu.v[0], 0x1111_2222_3333_4444_0102_0304_0506_0708);
        REGS[2].write(&mut cpu, &0x4000u64.to_le_bytes());
        assert_eq!(cpu.pc, 0x4000);
        cpu.fp_control = 0x1234_5678;
        REGS[3].write(&mut cpu, &0xab_cdu32.to_le_bytes());
        assert_eq!((cpu.fp_control, cpu.fp_status & 0xff), (0xab34_5678, 0xcd));
        assert_eq!(REGS[3].read(&cpu), 0xab_cdu32.to_le_bytes());
    }

    #[test]
    fn xml_numbers_registers_in_order() {
        let xml = DESC.target_xml();
        assert!(xml.contains("<architecture>test</architecture>"));
        assert!(xml.contains("<reg name=\"f0\" bitsize=\"64\" type=\"ieee_double\" regnum=\"1\" group=\"float\"/>"), "{xml}");
        assert_eq!(DESC.regs().count(), 4);
    }
}
