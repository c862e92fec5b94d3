//! The gdbstub `Target`: gdb's requests, answered from the session and guest memory.

use crate::session::{Action, Session};
use crate::signals;
use crossrun_ir::gdb::{GdbDescription, GdbReg};
use gdbstub::arch::{Arch, RegId, Registers};
use gdbstub::common::{Signal, Tid};
use gdbstub::target::ext::base::multithread::{
    MultiThreadBase, MultiThreadResume, MultiThreadResumeOps, MultiThreadSchedulerLocking, MultiThreadSchedulerLockingOps,
    MultiThreadSingleStep, MultiThreadSingleStepOps,
};
use gdbstub::target::ext::base::single_register_access::{SingleRegisterAccess, SingleRegisterAccessOps};
use gdbstub::target::ext::auxv::{Auxv, AuxvOps};
use gdbstub::target::ext::base::BaseOps;
use gdbstub::target::ext::breakpoints::{Breakpoints, BreakpointsOps, SwBreakpoint, SwBreakpointOps};
use gdbstub::target::ext::target_description_xml_override::{TargetDescriptionXmlOverride, TargetDescriptionXmlOverrideOps};
use gdbstub::target::{Target, TargetError, TargetResult};
use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::os::unix::fs::FileExt;
use std::sync::Arc;

/// Whether guest memory `[addr, addr + len)` belongs to the guest (the stub reads and
/// writes nothing else).
pub type OwnsMemory = Box<dyn Fn(u64, u64) -> bool + Send>;

/// Every guest crossrun runs, as gdbstub sees it: registers are bytes laid out by the
/// guest's [`GdbDescription`], which the target (not this type) knows.
pub enum GuestArch {}

impl Arch for GuestArch {
    type Usize = u64;
    type Registers = RawRegisters;
    type BreakpointKind = usize;
    type RegId = RawRegId;
}

/// The `g` packet's bytes, in the description's order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawRegisters {
    bytes: Vec<u8>,
    pc: u64,
}

impl Registers for RawRegisters {
    type ProgramCounter = u64;

    fn pc(&self) -> u64 {
        self.pc
    }

    fn gdb_serialize(&self, mut write_byte: impl FnMut(Option<u8>)) {
        self.bytes.iter().for_each(|&b| write_byte(Some(b)));
    }

    fn gdb_deserialize(&mut self, bytes: &[u8]) -> Result<(), ()> {
        self.bytes = bytes.to_vec();
        Ok(())
    }
}

/// A register number in the description's order.
#[derive(Clone, Copy, Debug)]
pub struct RawRegId(usize);

impl RegId for RawRegId {
    fn from_raw_id(id: usize) -> Option<(Self, Option<NonZeroUsize>)> {
        Some((RawRegId(id), None))
    }
}

pub struct StubTarget {
    pub session: Arc<Session>,
    pub description: &'static GdbDescription,
    xml: String,
    auxv: Vec<u8>,
    owns: OwnsMemory,
    /// The resume being put together by gdb's vCont.
    actions: BTreeMap<u32, Action>,
    default_action: Action,
}

impl StubTarget {
    pub fn new(session: Arc<Session>, description: &'static GdbDescription, auxv: &[(u64, u64)], owns: OwnsMemory) -> StubTarget {
        StubTarget {
            session,
            description,
            xml: description.target_xml(),
            auxv: description.auxv_bytes(auxv),
            owns,
            actions: BTreeMap::new(),
            default_action: Action::Continue(None),
        }
    }

    fn reg(&self, id: RawRegId) -> Option<&'static GdbReg> {
        self.description.regs().nth(id.0)
    }

    fn cpu(&self, tid: Tid) -> TargetResult<crossrun_ir::CpuState, Self> {
        self.session.registers(tid.get() as u32).ok_or(TargetError::Errno(libc::ESRCH as u8))
    }

    /// Guest memory through /proc/self/mem, as ptrace reaches it: code pages the guest
    /// cannot write are written anyway (a breakpoint a user pokes, a patched
    /// instruction), and pages it cannot read are read. Opened per access: the guest
    /// owns the descriptor table.
    fn mem(&self, addr: u64, len: usize, write: bool) -> std::io::Result<std::fs::File> {
        if len == 0 || !(self.owns)(addr, len as u64) {
            return Err(std::io::Error::from_raw_os_error(libc::EFAULT));
        }
        std::fs::OpenOptions::new().read(true).write(write).open("/proc/self/mem")
    }
}

impl Target for StubTarget {
    type Arch = GuestArch;
    type Error = &'static str;

    fn base_ops(&mut self) -> BaseOps<'_, GuestArch, &'static str> {
        BaseOps::MultiThread(self)
    }

    fn support_breakpoints(&mut self) -> Option<BreakpointsOps<'_, Self>> {
        Some(self)
    }

    fn support_target_description_xml_override(&mut self) -> Option<TargetDescriptionXmlOverrideOps<'_, Self>> {
        Some(self)
    }

    fn support_auxv(&mut self) -> Option<AuxvOps<'_, Self>> {
        Some(self)
    }
}

impl Auxv for StubTarget {
    fn get_auxv(&self, offset: u64, length: usize, buf: &mut [u8]) -> TargetResult<usize, Self> {
        Ok(copy_range(&self.auxv, offset, length, buf))
    }
}

/// Copies `data[offset..offset + length]` (clipped) into `buf`, for qXfer reads.
fn copy_range(data: &[u8], offset: u64, length: usize, buf: &mut [u8]) -> usize {
    let start = (offset as usize).min(data.len());
    let n = length.min(buf.len()).min(data.len() - start);
    buf[..n].copy_from_slice(&data[start..start + n]);
    n
}

impl MultiThreadBase for StubTarget {
    fn read_registers(&mut self, regs: &mut RawRegisters, tid: Tid) -> TargetResult<(), Self> {
        let cpu = self.cpu(tid)?;
        regs.bytes = self.description.regs().flat_map(|r| r.read(&cpu)).collect();
        regs.pc = cpu.pc;
        Ok(())
    }

    fn write_registers(&mut self, regs: &RawRegisters, tid: Tid) -> TargetResult<(), Self> {
        let mut cpu = self.cpu(tid)?;
        let mut at = 0;
        for r in self.description.regs() {
            let Some(bytes) = regs.bytes.get(at..at + r.bytes()) else { break };
            r.write(&mut cpu, bytes);
            at += r.bytes();
        }
        if self.session.set_registers(tid.get() as u32, cpu) {
            Ok(())
        } else {
            Err(TargetError::Errno(libc::EBUSY as u8))
        }
    }

    fn support_single_register_access(&mut self) -> Option<SingleRegisterAccessOps<'_, Tid, Self>> {
        Some(self)
    }

    fn read_addrs(&mut self, start: u64, data: &mut [u8], _tid: Tid) -> TargetResult<usize, Self> {
        // Page by page, so a read running into unmapped memory returns what it got.
        let mut done = 0;
        while done < data.len() {
            let addr = start + done as u64;
            let chunk = (crossrun_memory::PAGE_SIZE - addr % crossrun_memory::PAGE_SIZE).min((data.len() - done) as u64) as usize;
            let read = self.mem(addr, chunk, false).and_then(|f| f.read_at(&mut data[done..done + chunk], addr));
            match read {
                Ok(n) if n > 0 => done += n,
                _ => break,
            }
        }
        if done == 0 {
            return Err(TargetError::Errno(libc::EFAULT as u8));
        }
        Ok(done)
    }

    fn write_addrs(&mut self, start: u64, data: &[u8], _tid: Tid) -> TargetResult<(), Self> {
        let file = self.mem(start, data.len(), true).map_err(TargetError::Io)?;
        file.write_all_at(data, start).map_err(TargetError::Io)?;
        // The bytes may be code: translations of them go.
        self.session.cache().invalidate(start, start + data.len() as u64);
        Ok(())
    }

    fn list_active_threads(&mut self, thread_is_active: &mut dyn FnMut(Tid)) -> Result<(), &'static str> {
        for tid in self.session.threads() {
            if let Some(tid) = NonZeroUsize::new(tid as usize) {
                thread_is_active(tid);
            }
        }
        Ok(())
    }

    fn support_resume(&mut self) -> Option<MultiThreadResumeOps<'_, Self>> {
        Some(self)
    }
}

impl SingleRegisterAccess<Tid> for StubTarget {
    fn read_register(&mut self, tid: Tid, id: RawRegId, buf: &mut [u8]) -> TargetResult<usize, Self> {
        let reg = self.reg(id).ok_or(TargetError::Errno(libc::EINVAL as u8))?;
        let bytes = reg.read(&self.cpu(tid)?);
        let n = bytes.len().min(buf.len());
        buf[..n].copy_from_slice(&bytes[..n]);
        Ok(n)
    }

    fn write_register(&mut self, tid: Tid, id: RawRegId, val: &[u8]) -> TargetResult<(), Self> {
        let reg = self.reg(id).ok_or(TargetError::Errno(libc::EINVAL as u8))?;
        let mut cpu = self.cpu(tid)?;
        reg.write(&mut cpu, val);
        if self.session.set_registers(tid.get() as u32, cpu) {
            Ok(())
        } else {
            Err(TargetError::Errno(libc::EBUSY as u8))
        }
    }
}

impl MultiThreadResume for StubTarget {
    fn resume(&mut self) -> Result<(), &'static str> {
        self.session.resume(&std::mem::take(&mut self.actions), self.default_action);
        Ok(())
    }

    fn clear_resume_actions(&mut self) -> Result<(), &'static str> {
        self.actions.clear();
        self.default_action = Action::Continue(None);
        Ok(())
    }

    fn set_resume_action_continue(&mut self, tid: Tid, signal: Option<Signal>) -> Result<(), &'static str> {
        self.actions.insert(tid.get() as u32, Action::Continue(signal.and_then(signals::to_linux)));
        Ok(())
    }

    fn support_single_step(&mut self) -> Option<MultiThreadSingleStepOps<'_, Self>> {
        Some(self)
    }

    fn support_scheduler_locking(&mut self) -> Option<MultiThreadSchedulerLockingOps<'_, Self>> {
        Some(self)
    }
}

impl MultiThreadSingleStep for StubTarget {
    fn set_resume_action_step(&mut self, tid: Tid, signal: Option<Signal>) -> Result<(), &'static str> {
        self.actions.insert(tid.get() as u32, Action::Step(signal.and_then(signals::to_linux)));
        Ok(())
    }
}

impl MultiThreadSchedulerLocking for StubTarget {
    fn set_resume_action_scheduler_lock(&mut self) -> Result<(), &'static str> {
        self.default_action = Action::Stay;
        Ok(())
    }
}

impl Breakpoints for StubTarget {
    fn support_sw_breakpoint(&mut self) -> Option<SwBreakpointOps<'_, Self>> {
        Some(self)
    }
}

impl SwBreakpoint for StubTarget {
    fn add_sw_breakpoint(&mut self, addr: u64, _kind: usize) -> TargetResult<bool, Self> {
        self.session.cache().insert_breakpoint(addr);
        Ok(true)
    }

    fn remove_sw_breakpoint(&mut self, addr: u64, _kind: usize) -> TargetResult<bool, Self> {
        Ok(self.session.cache().remove_breakpoint(addr))
    }
}

impl TargetDescriptionXmlOverride for StubTarget {
    fn target_description_xml(&self, annex: &[u8], offset: u64, length: usize, buf: &mut [u8]) -> TargetResult<usize, Self> {
        if annex != b"target.xml" {
            return Err(TargetError::Errno(libc::ENOENT as u8));
        }
        Ok(copy_range(self.xml.as_bytes(), offset, length, buf))
    }
}
