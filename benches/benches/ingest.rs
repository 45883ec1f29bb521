//! Ingest: one million generated events into a landscape, from CSV and as typed events.
//!
//! Besides criterion's timings it prints the bytes per event the log holds afterwards.

use std::hint::black_box;

use cop_benches::synthetic_csv;
use cop_core::{ImportOptions, Landscape};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const EVENTS: u64 = 1_000_000;

fn ingest(c: &mut Criterion) {
    let csv = synthetic_csv(50_000, EVENTS, 40, 42);
    let options = ImportOptions::default();

    let mut loaded = Landscape::new();
    loaded.import_csv(csv.as_bytes(), &options).expect("generated data is valid");
    let events: Vec<_> = loaded.events().collect();
    let bytes = loaded.log().heap_bytes();
    eprintln!(
        "ingest: {} events, {} members; log {:.1} bytes/event as loaded",
        loaded.counts().events,
        loaded.counts().members,
        bytes as f64 / EVENTS as f64
    );
    loaded.shrink_to_fit();
    eprintln!(
        "ingest: log {:.1} bytes/event after shrink_to_fit",
        loaded.log().heap_bytes() as f64 / EVENTS as f64
    );

    let mut group = c.benchmark_group("ingest_1m");
    group.sample_size(10);
    group.throughput(Throughput::Elements(EVENTS));
    group.bench_function("import_csv", |b| {
        b.iter(|| {
            let mut landscape = Landscape::new();
            landscape.import_csv(black_box(csv.as_bytes()), &options).unwrap();
            landscape
        })
    });
    group.bench_function("record_batch", |b| {
        b.iter_batched(
            || {
                // Same members and domains under the same ids, no events: record_batch takes ids.
                let mut landscape = Landscape::new();
                for m in loaded.member_ids() {
                    landscape.ensure_member(loaded.member_key(m).unwrap()).unwrap();
                }
                for d in loaded.taxonomy().ids() {
                    landscape.ensure_domain(loaded.domain_key(d).unwrap()).unwrap();
                }
                landscape
            },
            |mut landscape| {
                landscape.record_batch(black_box(&events)).unwrap();
                landscape
            },
            criterion::BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, ingest);
criterion_main!(benches);
