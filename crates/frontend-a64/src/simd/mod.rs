use crate::decoder::Row;

/// The decode tables of this group.
pub(crate) const TABLES: &[&[Row]] = &[];

/// AT_HWCAP bits for the features this group implements completely.
pub(crate) const HWCAP: u64 = 0;
