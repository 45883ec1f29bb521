//! Participation at scale: levels and trajectories for everyone on 100,000 members and 2 million
//! generated events, and one member's incremental query after 1,000 new events.

use std::hint::black_box;

use cop_benches::synthetic_csv;
use cop_core::participation::analysis::{Options, Participation};
use cop_core::{ImportOptions, KeyedEvent, Landscape};
use criterion::{Criterion, criterion_group, criterion_main};

fn participation(c: &mut Criterion) {
    let csv = synthetic_csv(100_000, 2_000_000, 40, 42);
    let mut landscape = Landscape::new();
    landscape.import_csv(csv.as_bytes(), &ImportOptions::default()).unwrap();
    drop(csv);
    let (_, last) = landscape.log().span().unwrap();
    let options = Options::default();

    let mut group = c.benchmark_group("participation_100k_2m");
    group.sample_size(10);
    group.bench_function("levels_and_trajectories_for_everyone", |b| {
        b.iter(|| Participation::compute(black_box(&landscape), last, &options).unwrap())
    });

    let analysis = Participation::compute(&landscape, last, &options).unwrap();
    // 1,000 new events, the last 10 of them by the member we ask about.
    let member = landscape.member_id("m4242").unwrap();
    for i in 0..1_000i64 {
        let who = if i >= 990 { "m4242".to_owned() } else { format!("m{}", i * 97 % 100_000) };
        let event = KeyedEvent { member: &who, time: last - i, kind: "answer", ..KeyedEvent::default() };
        landscape.record_keyed(&event, false).unwrap();
    }
    eprintln!(
        "member m4242 has {} events; level before {:?}",
        landscape.log().of_member(member).len(),
        analysis.level(member).unwrap().level
    );
    group.bench_function("one_member_after_1000_new_events", |b| {
        b.iter(|| analysis.update_member(black_box(&landscape), member).unwrap())
    });
    group.finish();
}

criterion_group!(benches, participation);
criterion_main!(benches);
