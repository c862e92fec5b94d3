"""The thumb side of the differential test: arm.py's model in Thumb state, T32
encodings (16-bit and 32-bit, and the VFP and AdvSIMD ones in their T32 form)."""
import arm  # the module beside this one
from arm import *  # noqa: F401,F403 (the model and rules are arm's)

arm.THUMB = True
OBJDUMP = ["arm-linux-gnueabihf-objdump", "-D", "-b", "binary", "-m", "arm", "-M", "force-thumb"]


def code_word(word, bits):  # noqa: F811 (replaces arm's)
    """A 32-bit T32 instruction is stored first halfword first; a 16-bit one is followed
    by UDF #0."""
    if bits == 16:
        return word | 0xDE00 << 16
    return (word & 0xFFFF) << 16 | word >> 16


# arm's own checks (objdump of refused words) store words this way too.
arm.code_word = code_word
