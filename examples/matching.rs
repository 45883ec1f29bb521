//! Mentors for the newcomers of the coffee Stack Exchange launch, and its espresso experts.
use cop_core::analysis::{Analysis, AsOf};
use cop_core::matching::{ExpertOptions, MatchingOptions};
use cop_core::participation::analysis::Options;
use cop_core::{ImportOptions, Landscape};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let file = std::fs::File::open(cop_examples::data_file("stackexchange-coffee-2015-events.csv"))?;
    let mut landscape = Landscape::new();
    landscape.import_csv(file, &ImportOptions::default())?;
    let analysis = Analysis::new(&landscape, AsOf::last_event(&landscape)?, &Options::default())?;
    let matching = analysis.mentors(&MatchingOptions::default())?;
    println!(
        "{} pairs, {} unmatched (total score {:.2})",
        matching.pairs.len(),
        matching.unmatched.len(),
        matching.total_score
    );
    for pair in matching.pairs.iter().take(5) {
        println!("  {} ← {}  {:.2}  {}", pair.mentee, pair.mentor, pair.score, pair.reasons.join("; "));
    }
    let espresso = landscape.domain_id("espresso").ok_or("no espresso domain")?;
    println!("espresso experts:");
    for expert in analysis.experts(espresso, 3, &ExpertOptions::default())? {
        println!("  {}  {:.2}  {}", expert.member, expert.score, expert.reasons.join("; "));
    }
    Ok(())
}
