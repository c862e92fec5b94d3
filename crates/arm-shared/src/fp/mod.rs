//! Floating point with the Arm rules: the lane loops ([`lanes`], their control word
//! [`lanes::Ctl`]) and the helpers built on `crossrun_softfp` ([`helpers`]), shared by
//! A64's scalar and vector FP and A32's VFP and AdvSIMD FP.

pub mod helpers;
pub mod lanes;
