//! One community, three places: the makers of a plotting library meet on a Discourse forum, in a
//! Slack workspace and on GitHub. Each export is read in its own format into one landscape, an
//! identities file says which accounts are one person, and the report speaks of people.
//!
//! `cargo run -p cop-examples --example three_places`
use cop_core::analysis::{Analysis, AsOf};
use cop_core::ingest::platform::{Platform, PlatformImport};
use cop_core::report::ReportOptions;
use cop_core::{Landscape, Level};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = cop_examples::data_file("three-places");
    let mut landscape = Landscape::new();
    for (platform, folder) in
        [(Platform::Discourse, "forum"), (Platform::Slack, "chat"), (Platform::GitHub, "github")]
    {
        let report = landscape.import_platform(platform, &dir.join(folder), &PlatformImport::default())?;
        println!(
            "{platform}: {} events, {} members, bots {:?}",
            report.recorded, report.members, report.bots
        );
    }
    let file = std::fs::File::open(dir.join("people.csv"))?;
    let merged = landscape.import_identities(std::io::BufReader::new(file), Some("people.csv"))?;
    println!("identities file: {} accounts merged", merged.merged);
    let options = ReportOptions::default();
    let report =
        Analysis::new(&landscape, AsOf::last_event(&landscape)?, &options.participation)?.report(&options)?;
    let counts = &report.people.counts;
    println!(
        "people: {} identities are {} people, {} left out (bots)",
        counts.identities, counts.members, counts.left_out
    );
    for space in &report.spaces {
        println!(
            "spaces: {} public {:?}, {} private {:?}",
            space.public.len(),
            space.public,
            space.private.len(),
            space.private
        );
    }
    for member in &report.participation.members {
        if member.level != Level::Outsider {
            println!("{:<12} {}", member.member, member.level.name());
        }
    }
    Ok(())
}
