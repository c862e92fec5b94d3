"""What every architecture's Unicorn model shares: the memory map of common.py, running
one case and classifying how it ended, and reading back the data bytes it changed. The
per-architecture modules add only their registers and their exception numbers."""
from unicorn import UcError, UC_PROT_ALL
from unicorn import unicorn_const as uc_const

from common import DATA_BASE, CODE_BASE, REGION, EXEC_PAGE, OK, UNDEFINED, MEMORY_FAULT, OTHER_TRAP

_FETCH_ERRORS = (uc_const.UC_ERR_FETCH_UNMAPPED, uc_const.UC_ERR_FETCH_PROT)
_DATA_ERRORS = (uc_const.UC_ERR_READ_UNMAPPED, uc_const.UC_ERR_WRITE_UNMAPPED,
                uc_const.UC_ERR_READ_PROT, uc_const.UC_ERR_WRITE_PROT,
                uc_const.UC_ERR_READ_UNALIGNED, uc_const.UC_ERR_WRITE_UNALIGNED)


class UnicornCpu:
    # The exception numbers (QEMU's, as Unicorn passes them to an interrupt hook) that
    # mean an undefined instruction, a data abort, and an instruction-fetch abort.
    UNDEFINED_EXCEPTIONS = ()
    DATA_EXCEPTIONS = ()
    FETCH_EXCEPTIONS = ()
    # An address execution never reaches (emu_start's `until`): the top of the address space.
    NEVER_REACHED = (1 << 64) - 1

    def __init__(self, uc, pristine, exec_page_fill):
        """Maps the data region and the code region (executable only in EXEC_PAGE, which
        holds `exec_page_fill` around the instruction) with the pristine pattern."""
        self.uc = uc
        self.pristine = pristine
        rw = uc_const.UC_PROT_READ | uc_const.UC_PROT_WRITE
        uc.mem_map(DATA_BASE, REGION, rw)
        uc.mem_write(DATA_BASE, pristine)
        lo, hi = EXEC_PAGE
        assert len(exec_page_fill) == hi - lo
        uc.mem_map(CODE_BASE, lo, rw)
        uc.mem_map(CODE_BASE + lo, hi - lo, UC_PROT_ALL)
        uc.mem_map(CODE_BASE + hi, REGION - hi, rw)
        self.code = pristine[:lo] + exec_page_fill + pristine[hi:]
        uc.mem_write(CODE_BASE, self.code)
        self.exception = None
        uc.hook_add(uc_const.UC_HOOK_INTR, self._on_exception)

    def _on_exception(self, uc, intno, _user):
        self.exception = intno
        uc.emu_stop()

    def execute(self, start, count):
        """Runs `count` instructions from `start` and says how the last one ended. A
        fetch abort is a branch that completed and whose target could not be fetched."""
        self.exception = None
        try:
            self.uc.emu_start(start, self.NEVER_REACHED, 0, count)
        except UcError as e:
            if e.errno == uc_const.UC_ERR_INSN_INVALID:
                return UNDEFINED
            if e.errno in _FETCH_ERRORS:
                return OK
            if e.errno in _DATA_ERRORS:
                return MEMORY_FAULT
            return OTHER_TRAP
        if self.exception is None or self.exception in self.FETCH_EXCEPTIONS:
            return OK
        if self.exception in self.UNDEFINED_EXCEPTIONS:
            return UNDEFINED
        if self.exception in self.DATA_EXCEPTIONS:
            return MEMORY_FAULT
        return OTHER_TRAP

    def restore_code(self):
        """The code region afresh, for an instruction that may have stored into it."""
        self.uc.mem_write(CODE_BASE, self.code)

    def changed_memory(self):
        """The data bytes the case changed ({offset: byte}); the region is restored."""
        data = bytes(self.uc.mem_read(DATA_BASE, REGION))
        if data == self.pristine:
            return {}
        self.uc.mem_write(DATA_BASE, self.pristine)
        return {i: data[i] for i in range(REGION) if data[i] != self.pristine[i]}
