//! The real, pseudonymised histories in `examples/data` load with the counts their README gives.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;

use cop_core::{ImportOptions, Landscape};

use crate::data_dir;

/// One row of the README's descriptive statistics table.
#[derive(Debug)]
struct Expected {
    file: String,
    acting_members: usize,
    members: usize,
    events: usize,
    first_day: String,
    last_day: String,
    single_event_members: usize,
    kinds: BTreeMap<String, u64>,
}

fn number(text: &str) -> usize {
    text.trim().replace(',', "").parse().unwrap_or_else(|_| panic!("not a number: {text:?}"))
}

/// Parses `| file | 774 (779) | 6,513 | 2011-02-13 .. 2026-08-03 | 0.828 (78 members) | 444 | commit 5237, … |`.
fn expected_from_readme() -> Vec<Expected> {
    let readme = fs::read_to_string(data_dir().join("README.md")).unwrap();
    readme
        .lines()
        .filter(|l| l.starts_with("| ") && l.contains(".csv |") && l.matches('|').count() == 8)
        .filter(|l| l.split('|').nth(2).is_some_and(|c| c.contains('(')))
        .map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let (acting, total) = cells[2].split_once(" (").unwrap();
            let (first_day, last_day) = cells[4].split_once(" .. ").unwrap();
            let kinds = cells[7]
                .split(", ")
                .map(|kv| {
                    let (kind, n) = kv.rsplit_once(' ').unwrap();
                    (kind.to_owned(), number(n) as u64)
                })
                .collect();
            Expected {
                file: cells[1].to_owned(),
                acting_members: number(acting),
                members: number(total.trim_end_matches(')')),
                events: number(cells[3]),
                first_day: first_day.to_owned(),
                last_day: last_day.to_owned(),
                single_event_members: number(cells[6]),
                kinds,
            }
        })
        .collect()
}

#[test]
fn every_events_file_matches_its_readme() {
    let expected = expected_from_readme();
    let files: BTreeSet<String> = fs::read_dir(data_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with("-commits.csv") || name.ends_with("-events.csv"))
        .collect();
    let described: BTreeSet<String> = expected.iter().map(|e| e.file.clone()).collect();
    assert_eq!(files, described, "every events file is described in the README, and only those");
    assert_eq!(expected.len(), 4);

    for want in &expected {
        let mut landscape = Landscape::new();
        let file = fs::File::open(data_dir().join(&want.file)).unwrap();
        let report = landscape.import_csv(file, &ImportOptions::default().source(&want.file)).unwrap();
        assert!(report.skipped.is_empty());
        let summary = landscape.summary(100);
        assert_eq!(summary.counts.events, want.events, "{}", want.file);
        assert_eq!(summary.counts.members, want.members, "{}", want.file);
        assert_eq!(summary.acting_members, want.acting_members, "{}", want.file);
        let single = landscape.member_ids().filter(|&m| landscape.log().of_member(m).len() == 1).count();
        assert_eq!(single, want.single_event_members, "{}", want.file);
        assert!(summary.first_event.as_deref().unwrap().starts_with(&want.first_day));
        assert!(summary.last_event.as_deref().unwrap().starts_with(&want.last_day));
        let kinds: BTreeMap<String, u64> =
            summary.events_per_kind.iter().map(|t| (t.name.clone(), t.events)).collect();
        assert_eq!(kinds, want.kinds, "{}", want.file);
    }
}

#[test]
fn distinct_domains_match_the_readme() {
    // "Distinct domains: requests 14, flask 13, history-meta 4, coffee 54."
    for (file, domains) in [
        ("requests-commits.csv", 14),
        ("flask-commits.csv", 13),
        ("stackexchange-history-meta-events.csv", 4),
        ("stackexchange-coffee-2015-events.csv", 54),
    ] {
        let mut landscape = Landscape::new();
        landscape
            .import_csv(fs::File::open(data_dir().join(file)).unwrap(), &ImportOptions::default())
            .unwrap();
        assert_eq!(landscape.counts().domains, domains, "{file}");
    }
}

#[test]
fn merges_target_the_pull_request_author() {
    // README: "Merges with target == member: requests 85 of 1252; flask 380 of 1196".
    for (file, self_merges, merges) in [("requests-commits.csv", 85, 1252), ("flask-commits.csv", 380, 1196)]
    {
        let mut landscape = Landscape::new();
        landscape
            .import_csv(fs::File::open(data_dir().join(file)).unwrap(), &ImportOptions::default())
            .unwrap();
        let merge = landscape.kind("merge").unwrap();
        let events: Vec<_> = landscape.events().filter(|e| e.kind == merge).collect();
        assert_eq!(events.len(), merges);
        assert!(events.iter().all(|e| e.target.is_some()));
        assert_eq!(events.iter().filter(|e| e.target == Some(e.member)).count(), self_merges);
    }
}

#[test]
fn the_bundled_copy_matches_the_shared_data_when_present() {
    let shared = data_dir().join("../../../shared/data");
    if !shared.is_dir() {
        return; // a clone without ../shared: the bundled copy stands alone
    }
    for entry in fs::read_dir(&shared).unwrap() {
        let entry = entry.unwrap();
        let bundled = fs::read(data_dir().join(entry.file_name()))
            .unwrap_or_else(|_| panic!("{:?} is not bundled", entry.file_name()));
        assert!(bundled == fs::read(entry.path()).unwrap(), "{:?} differs", entry.file_name());
    }
}
