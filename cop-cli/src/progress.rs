//! Progress on standard error: bars and spinners when it is a terminal, nothing otherwise.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

/// Makes progress bars, or hidden ones when standard error is not a terminal (or `--quiet`).
#[derive(Clone, Copy, Debug)]
pub struct Progress {
    enabled: bool,
}

impl Progress {
    /// Progress shown only when standard error is a terminal and `quiet` is off.
    pub fn new(quiet: bool) -> Self {
        Progress { enabled: !quiet && std::io::stderr().is_terminal() }
    }

    /// A bar over `len` bytes.
    pub fn bytes(&self, len: u64, message: impl Into<String>) -> ProgressBar {
        if !self.enabled {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::new(len);
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg:30!} [{bar:30}] {bytes}/{total_bytes} ({eta})")
                .expect("a valid template")
                .progress_chars("=> "),
        );
        bar.set_message(message.into());
        bar
    }

    /// A spinner with a message (and a count, when the caller increments it).
    pub fn spinner(&self, message: impl Into<String>) -> ProgressBar {
        if !self.enabled {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} {pos:>7} {elapsed}").expect("a valid template"),
        );
        bar.set_message(message.into());
        bar.enable_steady_tick(Duration::from_millis(100));
        bar
    }

    /// A spinner for a step without a count.
    pub fn step(&self, message: impl Into<String>) -> ProgressBar {
        if !self.enabled {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::new_spinner();
        bar.set_style(ProgressStyle::with_template("{spinner} {msg} {elapsed}").expect("a valid template"));
        bar.set_message(message.into());
        bar.enable_steady_tick(Duration::from_millis(100));
        bar
    }
}
