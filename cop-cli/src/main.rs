//! # cop: communities of practice, computed — the command line
//!
//! `cop` reads what the members of a community did — event files (CSV, JSON Lines), a snapshot,
//! or the history of any git repository — and tells who is core and who is on the periphery, who
//! is moving in or out, as text, JSON or one self-contained HTML page:
//!
//! ```sh
//! cop report --demo                      # the bundled flask history, as text
//! cop report --git . --format html       # this repository, as cop-report.html
//! cop levels events.csv --window 26w     # everyone's level over the last 26 weeks
//! cop maturity --demo --history          # the maturity stage, its evidence and history
//! cop match --demo                       # mentor suggestions, with the reasons for each pair
//! cop rollup --git tokio --git cargo      # who works across two communities
//! ```
//!
//! The crate is thin: it parses arguments ([`cli`]), reads inputs ([`input`], [`git`]), calls
//! `cop-core` ([`report`]) and formats the result ([`text`], [`html`], JSON through serde with
//! the schemas of `SCHEMA.md`). Errors are one line on standard error (`error: …`), exit code 1
//! for input errors and 2 for usage errors.

mod cli;
mod error;
mod html;
mod input;
mod output;
mod progress;
mod report;
mod rollup;
mod sentences;
mod text;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command, ImportFormat, MaturityFormat, ReportFormat, TableFormat};
use crate::error::{CliError, Result};
use crate::output::Target;
use crate::progress::Progress;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) | Err(CliError::BrokenPipe) => ExitCode::SUCCESS,
        Err(error) => {
            let colour = std::io::stderr().is_terminal() && output::no_color_unset();
            let prefix = if colour { "\x1b[1;31merror:\x1b[0m" } else { "error:" };
            let _ = writeln!(std::io::stderr(), "{prefix} {error}");
            ExitCode::from(error.exit_code())
        }
    }
}

fn run(cli: &Cli) -> Result<()> {
    let progress = Progress::new(cli.quiet);
    match &cli.command {
        Command::Report(args) => {
            let format = args.format.unwrap_or_else(|| output::report_format_of(args.output.as_deref()));
            let (target, defaulted) = match (&args.output, format) {
                (Some(path), _) => (Target::File(path.clone()), false),
                (None, ReportFormat::Html) if std::io::stdout().is_terminal() => {
                    (Target::File(html::DEFAULT_FILE.into()), true)
                }
                (None, _) => (Target::Stdout, false),
            };
            let mut loaded = input::load(&args.input, progress)?;
            let resolved = report::resolve(&mut loaded, &args.analysis)?;
            let doc = report::report(
                &loaded,
                &resolved,
                &args.health,
                !args.no_history,
                !args.no_mentoring,
                progress,
            )?;
            match format {
                ReportFormat::Text => {
                    let paint = output::paint(cli.color, &target);
                    output::write_text(&target, &text::report(&doc, args.top, paint))?;
                }
                ReportFormat::Json => output::write_json(&target, &doc, cli.pretty)?,
                ReportFormat::Html => output::write_text(&target, &html::report(&doc))?,
            }
            if defaulted {
                eprintln!("wrote {}", html::DEFAULT_FILE);
            }
            // The process ends here: the system takes back the memory at once, faster than
            // freeing the report's and the log's millions of allocations one by one.
            std::mem::forget(doc);
            std::mem::forget(loaded);
            Ok(())
        }
        Command::Levels(args) | Command::Trajectories(args) => {
            let format = args.format.unwrap_or_else(|| output::table_format_of(args.output.as_deref()));
            let target = Target::of(args.output.as_ref());
            let mut loaded = input::load(&args.input, progress)?;
            let resolved = report::resolve(&mut loaded, &args.analysis)?;
            let doc = if matches!(cli.command, Command::Levels(_)) {
                report::levels(&loaded, &resolved, args.all, args.limit, progress)?
            } else {
                report::trajectories(&loaded, &resolved, args.all, args.limit, progress)?
            };
            match format {
                TableFormat::Text => {
                    output::write_text(&target, &text::members(&doc, output::paint(cli.color, &target)))
                }
                TableFormat::Json => output::write_json(&target, &doc, cli.pretty),
                TableFormat::Csv => output::write_text(&target, &text::members_csv(&doc)),
            }
        }
        Command::Maturity(args) => {
            let format = args.format.unwrap_or_else(|| output::maturity_format_of(args.output.as_deref()));
            let target = Target::of(args.output.as_ref());
            let mut loaded = input::load(&args.input, progress)?;
            let resolved = report::resolve(&mut loaded, &args.analysis)?;
            let doc = report::maturity(&loaded, &resolved, &args.health, args.history, progress)?;
            match format {
                MaturityFormat::Text => {
                    output::write_text(&target, &text::maturity(&doc, output::paint(cli.color, &target)))
                }
                MaturityFormat::Json => output::write_json(&target, &doc, cli.pretty),
            }
        }
        Command::Match(args) => {
            let format = args.format.unwrap_or_else(|| output::maturity_format_of(args.output.as_deref()));
            let target = Target::of(args.output.as_ref());
            let paint = output::paint(cli.color, &target);
            let options = report::matching_options(args)?;
            let mut loaded = input::load(&args.input, progress)?;
            let resolved = report::resolve(&mut loaded, &args.analysis)?;
            if let Some(domain) = &args.experts {
                let doc = report::experts(&loaded, &resolved, domain, args.k)?;
                return match format {
                    MaturityFormat::Text => output::write_text(&target, &text::experts(&doc, paint)),
                    MaturityFormat::Json => output::write_json(&target, &doc, cli.pretty),
                };
            }
            let doc = report::mentors(&loaded, &resolved, options, progress)?;
            match format {
                MaturityFormat::Text => output::write_text(&target, &text::matching(&doc, paint)),
                MaturityFormat::Json => output::write_json(&target, &doc, cli.pretty),
            }
        }
        Command::Import(args) => {
            let format = args.format.unwrap_or_else(|| output::import_format_of(args.output.as_deref()));
            let target = Target::of(args.output.as_ref());
            if target == Target::Stdout && std::io::stdout().is_terminal() {
                return Err(CliError::usage(
                    "cop import writes a file: give --output PATH (or redirect standard output)",
                ));
            }
            let loaded = input::load(&args.input, progress)?;
            let filtered = (args.as_of.is_some() || args.window.is_some()).then(|| {
                let last = loaded.landscape.log().span().map_or(0, |(_, last)| last);
                let to = args.as_of.unwrap_or(last);
                let from = args
                    .window
                    .map_or(i64::MIN, |days| to - i64::from(days) * cop_core::model::time::DAY + 1);
                loaded.landscape.events_between(from, to + 1)
            });
            let landscape = filtered.as_ref().unwrap_or(&loaded.landscape);
            let bar = progress.step("writing");
            output::with_writer(&target, |w| {
                let result = match format {
                    ImportFormat::Snapshot => landscape.save_snapshot(w),
                    ImportFormat::Csv => landscape.export_csv(w),
                    ImportFormat::Jsonl => landscape.export_jsonl(w),
                };
                result.map_err(|e| match e {
                    cop_core::CopError::Io(io) => io,
                    other => std::io::Error::other(other.to_string()),
                })
            })?;
            bar.finish_and_clear();
            if let Target::File(path) = &target {
                let counts = landscape.counts();
                eprintln!(
                    "wrote {} events of {} members to {}",
                    sentences::thousands(counts.events as u64),
                    sentences::thousands(counts.members as u64),
                    path.display()
                );
            }
            Ok(())
        }
        Command::Rollup(args) => rollup(cli, args, progress),
        Command::Forget(args) => forget(args),
    }
}

/// `cop rollup`: the communities rolled up, their parts, or the merge of parts.
fn rollup(cli: &Cli, args: &cli::RollupArgs, progress: Progress) -> Result<()> {
    let target = Target::of(args.output.as_ref());
    if args.analysis.community.is_some() {
        return Err(CliError::usage(
            "cop rollup analyses every community: --community narrows to one (see cop report --community)",
        ));
    }
    if args.parts && args.format == Some(MaturityFormat::Text) {
        return Err(CliError::usage("cop rollup --parts writes JSON, for --merge: leave out --format text"));
    }
    let doc = if args.merge.is_empty() {
        let mut loaded = input::load_communities(&args.input, progress)?;
        let resolved = report::resolve(&mut loaded, &args.analysis)?;
        if args.parts {
            let doc = rollup::parts(&loaded, &resolved, &args.health, progress)?;
            return output::write_json(&target, &doc, cli.pretty);
        }
        rollup::of_events(&loaded, &resolved, &args.health, args.boundary_communities, progress)?
    } else {
        rollup::of_parts(&args.merge, args.boundary_communities)?
    };
    match args.format.unwrap_or_else(|| output::maturity_format_of(args.output.as_deref())) {
        MaturityFormat::Text => {
            output::write_text(&target, &text::rollup(&doc, args.top, output::paint(cli.color, &target)))
        }
        MaturityFormat::Json => output::write_json(&target, &doc, cli.pretty),
    }
}

/// `cop forget`: the snapshot without the members named.
fn forget(args: &cli::ForgetArgs) -> Result<()> {
    let target = Target::of(args.output.as_ref());
    if target == Target::Stdout && std::io::stdout().is_terminal() {
        return Err(CliError::usage(
            "cop forget writes a snapshot: give --output PATH (or redirect standard output)",
        ));
    }
    let name = args.snapshot.display();
    let file = std::fs::File::open(&args.snapshot)
        .map_err(|e| CliError::input(format!("cannot read {name}: {e}")))?;
    let mut landscape = cop_core::Landscape::load_snapshot(std::io::BufReader::new(file))
        .map_err(|e| CliError::input(format!("{name}: {e}")))?;
    let mut removed = 0;
    for key in &args.members {
        let member = landscape
            .member_id(key)
            .ok_or_else(|| CliError::input(format!("{name}: no member `{key}` (nothing was written)")))?;
        removed += landscape.forget(member)?;
    }
    output::with_writer(&target, |w| {
        landscape.save_snapshot(w).map_err(|e| std::io::Error::other(e.to_string()))
    })?;
    eprintln!(
        "forgot {} member(s) and {} of their events",
        args.members.len(),
        sentences::thousands(removed as u64)
    );
    Ok(())
}
