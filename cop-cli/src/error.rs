//! Errors as a person reads them: one line, and an exit code (1 for input errors, 2 for usage).

use std::fmt;

/// An error that ends the command.
#[derive(Debug)]
pub enum CliError {
    /// Something is wrong with an input (a missing file, a bad line, not a git repository …).
    Input(String),
    /// The arguments do not make sense together.
    Usage(String),
    /// Standard output was closed by the reader (`cop report | head`): not an error.
    BrokenPipe,
}

impl CliError {
    /// An input error.
    pub fn input(message: impl Into<String>) -> Self {
        CliError::Input(message.into())
    }

    /// A usage error.
    pub fn usage(message: impl Into<String>) -> Self {
        CliError::Usage(message.into())
    }

    /// A file could not be written (the error names the file; the previous file is intact).
    pub fn write_file(error: std::io::Error) -> Self {
        CliError::Input(format!("cannot write {error} (the file was left as it was)"))
    }

    /// An error writing `what`: a closed pipe is not worth a message.
    pub fn write(what: &str, error: std::io::Error) -> Self {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            CliError::BrokenPipe
        } else {
            CliError::Input(format!("cannot write {what}: {error}"))
        }
    }

    /// The process exit code.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Input(_) => 1,
            CliError::Usage(_) => 2,
            CliError::BrokenPipe => 0,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Input(m) | CliError::Usage(m) => f.write_str(m),
            CliError::BrokenPipe => f.write_str("standard output was closed"),
        }
    }
}

impl From<cop_core::CopError> for CliError {
    fn from(error: cop_core::CopError) -> Self {
        CliError::Input(error.to_string())
    }
}

/// `Result` with [`CliError`].
pub type Result<T, E = CliError> = std::result::Result<T, E>;
