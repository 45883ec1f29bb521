//! Levels and trajectories of the flask history as of its last commit.
use cop_core::participation::analysis::{Options, Participation};
use cop_core::{ImportOptions, Landscape, Level};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut landscape = Landscape::new();
    landscape.import_csv(
        std::fs::File::open(cop_examples::data_file("flask-commits.csv"))?,
        &ImportOptions::default(),
    )?;
    let (_, as_of) = landscape.log().span().ok_or("no events")?;
    let analysis = Participation::compute(&landscape, as_of, &Options::default())?;
    let counts = analysis.levels.counts();
    for level in Level::ALL {
        println!("{:<14} {}", level.name(), counts[level.index()]);
    }
    let mut central: Vec<_> =
        analysis.levels.assessments.iter().filter(|a| a.level != Level::Outsider).collect();
    central.sort_by(|a, b| b.evidence.score.total.total_cmp(&a.evidence.score.total));
    for a in central.iter().take(5) {
        let t = analysis.trajectory(a.member).ok_or("no trajectory")?;
        let key = landscape.member_key(a.member).unwrap_or_default();
        println!(
            "{key}  {:<11} score {:>6.1}  {:<9} {}",
            a.level.name(),
            a.evidence.score.total,
            t.kind.name(),
            t.rule
        );
    }
    Ok(())
}
