//! Carrying out a list of changes all-or-nothing: each step knows how to
//! undo itself, and when one step fails the steps already done are undone
//! in reverse order, so a failed `install aarch64 riscv64` leaves no entry
//! behind. With `--dry-run` the steps are only printed.

use crate::console::Console;
use crate::error::BinfmtError;
use crate::registry::{Change, Registry};

/// One change, what to say once it is done, and how to take it back.
#[derive(Debug, Clone)]
pub struct Step {
    pub change: Change,
    pub done_message: String,
    pub undo: Option<Change>,
}

pub fn apply_steps(
    registry: &mut dyn Registry,
    steps: &[Step],
    dry_run: bool,
    console: &mut Console<'_>,
) -> Result<(), BinfmtError> {
    if dry_run {
        for step in steps {
            let target = step.change.target(registry.dir());
            console.say(format!(
                "would write '{}' to {}",
                step.change.content()?,
                target.display()
            ))?;
        }
        return Ok(());
    }
    for (done, step) in steps.iter().enumerate() {
        if let Err(failure) = registry.apply(&step.change) {
            if done == 0 {
                return Err(failure);
            }
            return Err(roll_back(registry, &steps[..done], failure, console));
        }
        console.say(&step.done_message)?;
    }
    Ok(())
}

fn roll_back(
    registry: &mut dyn Registry,
    done: &[Step],
    failure: BinfmtError,
    console: &mut Console<'_>,
) -> BinfmtError {
    let mut leftovers = Vec::new();
    for step in done.iter().rev() {
        let Some(undo) = &step.undo else {
            leftovers.push(format!(
                "'{}' cannot be undone automatically",
                step.change.entry_name()
            ));
            continue;
        };
        match registry.apply(undo) {
            // Failing to print the note must not hide the real error.
            Ok(()) => {
                let _ = console.say(format!("rolled back '{}'", undo.entry_name()));
            }
            Err(err) => {
                let target = undo.target(registry.dir());
                let content = undo.content().unwrap_or_default();
                leftovers.push(format!("write '{content}' to {} ({err})", target.display()));
            }
        }
    }
    let failure = Box::new(failure);
    if leftovers.is_empty() {
        BinfmtError::RolledBack { failure }
    } else {
        BinfmtError::RollbackFailed {
            failure,
            leftovers: leftovers.join("; "),
        }
    }
}
