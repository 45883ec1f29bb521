//! Imports a CSV events file once and prints the time and bytes per event (for profiling).
use cop_core::{ImportOptions, Landscape};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: ingest_profile EVENTS.csv")?;
    let bytes = std::fs::read(&path)?;
    let start = std::time::Instant::now();
    let mut landscape = Landscape::new();
    landscape.import_csv(bytes.as_slice(), &ImportOptions::default())?;
    let elapsed = start.elapsed();
    let events = landscape.counts().events;
    println!(
        "{events} events, {} members in {:.3} s ({:.2} M events/s), log {:.1} bytes/event",
        landscape.counts().members,
        elapsed.as_secs_f64(),
        events as f64 / elapsed.as_secs_f64() / 1e6,
        landscape.log().heap_bytes() as f64 / events as f64
    );
    Ok(())
}
