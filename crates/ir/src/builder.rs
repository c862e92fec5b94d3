//! A convenience for frontends: appends instructions and hands back their values.

use crate::{
    Block, Cond, FenceKind, Helper, Inst, IntCC, MemOrder, Op, Reg, RmwOp, Terminator, TrapKind,
    Ty, Value, Width,
};

/// Builds one block. Methods named after ops append that op; integer ops take their
/// result type from their first operand.
#[derive(Debug)]
pub struct Builder {
    start_pc: u64,
    insts: Vec<Inst>,
}

impl Builder {
    pub fn new(start_pc: u64) -> Self {
        Builder { start_pc, insts: Vec::with_capacity(64) }
    }

    pub fn start_pc(&self) -> u64 {
        self.start_pc
    }

    pub fn ty(&self, v: Value) -> Ty {
        self.insts[v.index()].ty
    }

    /// Number of instructions so far; a frontend can roll back to it with [`Self::truncate`].
    pub fn len(&self) -> usize {
        self.insts.len()
    }

    /// The instructions so far (a frontend may inspect what a translation emitted).
    pub fn insts(&self) -> &[Inst] {
        &self.insts
    }

    pub fn is_empty(&self) -> bool {
        self.insts.is_empty()
    }

    /// Drops every instruction appended after `len` (used when an instruction turns out to
    /// be undefined halfway through its translation).
    pub fn truncate(&mut self, len: usize) {
        self.insts.truncate(len);
    }

    pub fn push(&mut self, op: Op, ty: Ty) -> Value {
        let v = Value(self.insts.len() as u32);
        self.insts.push(Inst { op, ty });
        v
    }

    pub fn finish(self, end_pc: u64, guest_insns: u32, term: Terminator) -> Block {
        Block { start_pc: self.start_pc, end_pc, guest_insns, insts: self.insts, term }
    }

    fn same(&mut self, op: Op, a: Value) -> Value {
        let ty = self.ty(a);
        self.push(op, ty)
    }

    pub fn guest_pc(&mut self, pc: u64) {
        self.push(Op::GuestPc(pc), Ty::Void);
    }
    pub fn const_(&mut self, ty: Ty, value: u128) -> Value {
        self.push(Op::Const(value), ty)
    }
    pub fn c64(&mut self, value: u64) -> Value {
        self.const_(Ty::I64, value as u128)
    }
    pub fn c32(&mut self, value: u32) -> Value {
        self.const_(Ty::I32, value as u128)
    }
    /// A constant of the same type as `like`.
    pub fn const_like(&mut self, like: Value, value: u64) -> Value {
        let ty = self.ty(like);
        self.const_(ty, value as u128)
    }
    pub fn get(&mut self, reg: Reg) -> Value {
        self.push(Op::GetReg(reg), reg.ty())
    }
    pub fn set(&mut self, reg: Reg, v: Value) {
        self.push(Op::SetReg(reg, v), Ty::Void);
    }

    pub fn add(&mut self, a: Value, b: Value) -> Value {
        self.same(Op::Add(a, b), a)
    }
    pub fn sub(&mut self, a: Value, b: Value) -> Value {
        self.same(Op::Sub(a, b), a)
    }
    pub fn mul(&mut self, a: Value, b: Value) -> Value {
        self.same(Op::Mul(a, b), a)
    }
    pub fn udiv(&mut self, a: Value, b: Value) -> Value {
        self.same(Op::UDiv(a, b), a)
    }
    pub fn sdiv(&mut self, a: Value, b: Value) -> Value {
        self.same(Op::SDiv(a, b), a)
    }
    pub fn umulhi(&mut self, a: Value, b: Value) -> Value {
        self.same(Op::UMulHi(a, b), a)
    }
    pub fn smulhi(&mut self, a: Value, b: Value) -> Value {
        self.same(Op::SMulHi(a, b), a)
    }
    pub fn and(&mut self, a: Value, b: Value) -> Value {
        self.same(Op::And(a, b), a)
    }
    pub fn or(&mut self, a: Value, b: Value) -> Value {
        self.same(Op::Or(a, b), a)
    }
    pub fn xor(&mut self, a: Value, b: Value) -> Value {
        self.same(Op::Xor(a, b), a)
    }
    pub fn and_not(&mut self, a: Value, b: Value) -> Value {
        self.same(Op::AndNot(a, b), a)
    }
    pub fn shl(&mut self, a: Value, b: Value) -> Value {
        self.same(Op::Shl(a, b), a)
    }
    pub fn lshr(&mut self, a: Value, b: Value) -> Value {
        self.same(Op::Lshr(a, b), a)
    }
    pub fn ashr(&mut self, a: Value, b: Value) -> Value {
        self.same(Op::Ashr(a, b), a)
    }
    pub fn ror(&mut self, a: Value, b: Value) -> Value {
        self.same(Op::Ror(a, b), a)
    }
    pub fn not(&mut self, a: Value) -> Value {
        self.same(Op::Not(a), a)
    }
    pub fn neg(&mut self, a: Value) -> Value {
        self.same(Op::Neg(a), a)
    }
    pub fn clz(&mut self, a: Value) -> Value {
        self.same(Op::Clz(a), a)
    }
    pub fn cls(&mut self, a: Value) -> Value {
        self.same(Op::Cls(a), a)
    }
    pub fn rbit(&mut self, a: Value) -> Value {
        self.same(Op::Rbit(a), a)
    }
    pub fn rev(&mut self, a: Value) -> Value {
        self.same(Op::Rev(a), a)
    }
    pub fn rev16(&mut self, a: Value) -> Value {
        self.same(Op::Rev16(a), a)
    }
    pub fn rev32(&mut self, a: Value) -> Value {
        self.same(Op::Rev32(a), a)
    }
    pub fn zext(&mut self, ty: Ty, from: Width, a: Value) -> Value {
        self.push(Op::Zext(from, a), ty)
    }
    pub fn sext(&mut self, ty: Ty, from: Width, a: Value) -> Value {
        self.push(Op::Sext(from, a), ty)
    }
    pub fn icmp(&mut self, cc: IntCC, a: Value, b: Value) -> Value {
        self.push(Op::Icmp(cc, a, b), Ty::I1)
    }
    pub fn select(&mut self, cond: Value, a: Value, b: Value) -> Value {
        self.same(Op::Select(cond, a, b), a)
    }

    pub fn flags_add(&mut self, a: Value, b: Value) -> Value {
        self.push(Op::FlagsAdd(a, b), Ty::I32)
    }
    pub fn flags_sub(&mut self, a: Value, b: Value) -> Value {
        self.push(Op::FlagsSub(a, b), Ty::I32)
    }
    pub fn flags_adc(&mut self, a: Value, b: Value, nzcv: Value) -> Value {
        self.push(Op::FlagsAdc(a, b, nzcv), Ty::I32)
    }
    pub fn flags_sbc(&mut self, a: Value, b: Value, nzcv: Value) -> Value {
        self.push(Op::FlagsSbc(a, b, nzcv), Ty::I32)
    }
    pub fn flags_logic(&mut self, a: Value) -> Value {
        self.push(Op::FlagsLogic(a), Ty::I32)
    }
    pub fn adc(&mut self, a: Value, b: Value, nzcv: Value) -> Value {
        self.same(Op::Adc(a, b, nzcv), a)
    }
    pub fn sbc(&mut self, a: Value, b: Value, nzcv: Value) -> Value {
        self.same(Op::Sbc(a, b, nzcv), a)
    }
    pub fn cond_holds(&mut self, cond: u8, nzcv: Value) -> Value {
        self.push(Op::CondHolds(Cond(cond), nzcv), Ty::I1)
    }

    pub fn vlo(&mut self, v: Value) -> Value {
        self.push(Op::VLo(v), Ty::I64)
    }
    pub fn vhi(&mut self, v: Value) -> Value {
        self.push(Op::VHi(v), Ty::I64)
    }
    pub fn vmake(&mut self, lo: Value, hi: Value) -> Value {
        self.push(Op::VMake(lo, hi), Ty::V128)
    }

    pub fn load(&mut self, ty: Ty, addr: Value, width: Width, signed: bool, order: MemOrder) -> Value {
        self.push(Op::Load { addr, width, signed, order }, ty)
    }
    pub fn store(&mut self, addr: Value, val: Value, width: Width, order: MemOrder) {
        self.push(Op::Store { addr, val, width, order }, Ty::Void);
    }
    pub fn load_exclusive(&mut self, ty: Ty, addr: Value, width: Width, order: MemOrder) -> Value {
        self.push(Op::LoadExclusive { addr, width, order }, ty)
    }
    pub fn store_exclusive(&mut self, addr: Value, val: Value, width: Width, order: MemOrder) -> Value {
        self.push(Op::StoreExclusive { addr, val, width, order }, Ty::I32)
    }
    pub fn clear_exclusive(&mut self) {
        self.push(Op::ClearExclusive, Ty::Void);
    }
    pub fn atomic_rmw(&mut self, op: RmwOp, addr: Value, val: Value, width: Width, order: MemOrder) -> Value {
        let ty = self.ty(val);
        self.push(Op::AtomicRmw { op, addr, val, width, order }, ty)
    }
    pub fn cas(&mut self, addr: Value, expected: Value, new: Value, width: Width, order: MemOrder) -> Value {
        let ty = self.ty(new);
        self.push(Op::Cas { addr, expected, new, width, order }, ty)
    }
    pub fn fence(&mut self, kind: FenceKind) {
        self.push(Op::Fence(kind), Ty::Void);
    }
    pub fn invalidate_code(&mut self, addr: Value) {
        self.push(Op::InvalidateCode(addr), Ty::Void);
    }
    pub fn trap_if(&mut self, cond: Value, kind: TrapKind) {
        self.push(Op::TrapIf(cond, kind), Ty::Void);
    }
    /// Leaves the block for location `target` if `cond` (I1) is 1.
    pub fn exit_if(&mut self, cond: Value, target: u64) {
        self.push(Op::ExitIf { cond, target }, Ty::Void);
    }
    /// An alignment fault unless `addr` is a multiple of `bytes`.
    pub fn check_alignment(&mut self, addr: Value, bytes: u32, write: bool) {
        self.push(Op::CheckAlignment { addr, bytes, write }, Ty::Void);
    }
    pub fn call(&mut self, helper: &'static Helper, args: &[Value]) -> Value {
        self.push(Op::Call(helper, args.to_vec()), helper.ret)
    }
}
