//! Where output goes (standard output or a file), in which format, and whether in colour.

use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::cli::{ColorChoice, ImportFormat, MaturityFormat, ReportFormat, TableFormat};
use crate::error::{CliError, Result};
use crate::text::Paint;

/// Where to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// Standard output.
    Stdout,
    /// A file (created or replaced).
    File(PathBuf),
}

impl Target {
    /// The file, or standard output (also for `-`).
    pub fn of(path: Option<&PathBuf>) -> Target {
        match path {
            Some(p) if p.as_os_str() != "-" => Target::File(p.clone()),
            _ => Target::Stdout,
        }
    }

    fn name(&self) -> String {
        match self {
            Target::Stdout => "to standard output".to_owned(),
            Target::File(p) => p.display().to_string(),
        }
    }
}

/// Whether the NO_COLOR convention (no-color.org) leaves colour on: unset or empty.
pub fn no_color_unset() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Colour for text written to `target`.
pub fn paint(choice: ColorChoice, target: &Target) -> Paint {
    let enabled = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => *target == Target::Stdout && std::io::stdout().is_terminal() && no_color_unset(),
    };
    Paint { enabled }
}

fn extension(path: Option<&Path>) -> Option<String> {
    path.and_then(|p| p.extension()).and_then(|e| e.to_str()).map(str::to_ascii_lowercase)
}

/// The report format implied by the output file's extension (text by default).
pub fn report_format_of(path: Option<&Path>) -> ReportFormat {
    match extension(path).as_deref() {
        Some("html" | "htm") => ReportFormat::Html,
        Some("json") => ReportFormat::Json,
        _ => ReportFormat::Text,
    }
}

/// The table format implied by the output file's extension (text by default).
pub fn table_format_of(path: Option<&Path>) -> TableFormat {
    match extension(path).as_deref() {
        Some("json") => TableFormat::Json,
        Some("csv") => TableFormat::Csv,
        _ => TableFormat::Text,
    }
}

/// The maturity format implied by the output file's extension (text by default).
pub fn maturity_format_of(path: Option<&Path>) -> MaturityFormat {
    match extension(path).as_deref() {
        Some("json") => MaturityFormat::Json,
        _ => MaturityFormat::Text,
    }
}

/// The import format implied by the output file's extension (a snapshot by default).
pub fn import_format_of(path: Option<&Path>) -> ImportFormat {
    match extension(path).as_deref() {
        Some("csv") => ImportFormat::Csv,
        Some("jsonl" | "ndjson") => ImportFormat::Jsonl,
        _ => ImportFormat::Snapshot,
    }
}

/// Runs `write` on a buffered writer to the target, and flushes.
pub fn with_writer(target: &Target, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let name = target.name();
    match target {
        Target::Stdout => {
            let stdout = std::io::stdout();
            let mut w = BufWriter::with_capacity(1 << 16, stdout.lock());
            write(&mut w).and_then(|()| w.flush()).map_err(|e| CliError::write(&name, e))
        }
        // Durably: the previous file survives a write that fails (see cop_core::ingest::durable).
        Target::File(path) => {
            cop_core::ingest::durable::write_file(path, write).map_err(CliError::write_file)
        }
    }
}

/// Writes text.
pub fn write_text(target: &Target, text: &str) -> Result<()> {
    with_writer(target, |w| w.write_all(text.as_bytes()))
}

/// Writes a document as JSON with a final newline: indented when `pretty` or on a terminal,
/// else compact.
pub fn write_json(target: &Target, doc: &impl Serialize, pretty: bool) -> Result<()> {
    let indent = pretty || (*target == Target::Stdout && std::io::stdout().is_terminal());
    with_writer(target, |w| {
        if indent { serde_json::to_writer_pretty(&mut *w, doc) } else { serde_json::to_writer(&mut *w, doc) }
            .map_err(std::io::Error::from)?;
        w.write_all(b"\n")
    })
}
