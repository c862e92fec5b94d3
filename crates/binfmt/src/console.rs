//! Where the commands report to: normal messages on one stream, warnings on
//! another (stdout and stderr for the real CLI, buffers in tests).

use crate::error::BinfmtError;
use std::fmt::Display;
use std::io::Write;

pub struct Console<'a> {
    out: &'a mut dyn Write,
    err: &'a mut dyn Write,
}

impl<'a> Console<'a> {
    pub fn new(out: &'a mut dyn Write, err: &'a mut dyn Write) -> Self {
        Console { out, err }
    }

    /// One line of normal output.
    pub fn say(&mut self, line: impl Display) -> Result<(), BinfmtError> {
        writeln!(self.out, "{line}").map_err(BinfmtError::Output)
    }

    /// Output that is not line-oriented (e.g. JSON), written as is.
    pub fn print(&mut self, text: impl Display) -> Result<(), BinfmtError> {
        write!(self.out, "{text}").map_err(BinfmtError::Output)
    }

    /// A line on the warning stream, prefixed with "warning: ".
    pub fn warn(&mut self, line: impl Display) -> Result<(), BinfmtError> {
        writeln!(self.err, "warning: {line}").map_err(BinfmtError::Output)
    }
}
