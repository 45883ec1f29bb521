//! Loads the requests history and prints its member count (the README's Rust example).
use cop_core::{ImportOptions, Landscape};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = cop_examples::data_file("requests-commits.csv");
    let mut landscape = Landscape::new();
    landscape.import_csv(std::fs::File::open(path)?, &ImportOptions::default())?;
    println!("members: {}", landscape.counts().members);
    Ok(())
}
