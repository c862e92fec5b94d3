//! Operations A32 and T32 share (the Arm ARM's shared pseudocode): shifts with their
//! carry out, the data-processing operations and their flags, saturation, the parallel
//! add/subtract family, and loads and stores with their write-back rules.

pub(crate) mod alu;
pub(crate) mod media;
pub(crate) mod mem;
pub(crate) mod multiply;
pub(crate) mod parallel;
pub(crate) mod sat;
pub(crate) mod shift;
