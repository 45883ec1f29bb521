//! The maturity stage of the requests history, with its evidence and next steps.
use cop_core::analysis::{Analysis, AsOf};
use cop_core::health::maturity::MaturityConfig;
use cop_core::participation::analysis::Options;
use cop_core::{ImportOptions, Landscape};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut landscape = Landscape::new();
    landscape.import_csv(
        std::fs::File::open(cop_examples::data_file("requests-commits.csv"))?,
        &ImportOptions::default(),
    )?;
    let analysis = Analysis::new(&landscape, AsOf::last_event(&landscape)?, &Options::default())?;
    let stage = analysis.maturity(&MaturityConfig::default())?;
    println!("{}", stage.summary);
    println!("settled: {} ({}): {}", stage.settled.label, stage.settled.tension, stage.settled.rule);
    for indicator in &stage.evidence {
        println!("  {:<16} → {:<14} {}", indicator.name, indicator.points_to.name(), indicator.rule);
    }
    println!("next steps:");
    for step in &stage.next_steps {
        println!("  [{}] {}", step.priority, step.advice);
    }
    Ok(())
}
