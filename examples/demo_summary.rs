//! The demo: a summary of each bundled real community history.
use cop_core::{ImportOptions, Landscape};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let json = std::env::args().any(|a| a == "--json");
    for name in [
        "flask-commits.csv",
        "requests-commits.csv",
        "stackexchange-history-meta-events.csv",
        "stackexchange-coffee-2015-events.csv",
    ] {
        let path = cop_examples::data_file(name);
        let mut landscape = Landscape::new();
        landscape.import_csv(std::fs::File::open(&path)?, &ImportOptions::default().source(name))?;
        let summary = landscape.summary(5);
        if json {
            println!("{}", serde_json::json!({ "file": name, "summary": summary }));
            continue;
        }
        println!("{name}");
        println!(
            "  {} members ({} acting), {} events, {} domains",
            summary.counts.members, summary.acting_members, summary.counts.events, summary.counts.domains
        );
        println!(
            "  from {} to {}",
            summary.first_event.as_deref().unwrap_or("-"),
            summary.last_event.as_deref().unwrap_or("-")
        );
        let kinds: Vec<String> =
            summary.events_per_kind.iter().map(|t| format!("{} {}", t.name, t.events)).collect();
        println!("  events per kind: {}", kinds.join(", "));
        let domains: Vec<String> =
            summary.busiest_domains.iter().map(|t| format!("{} {}", t.name, t.events)).collect();
        println!("  busiest domains: {}", domains.join(", "));
        println!();
    }
    Ok(())
}
