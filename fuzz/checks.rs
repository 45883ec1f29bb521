//! The properties the fuzz targets check, shared by the cargo-fuzz targets (`fuzz/fuzz_targets`,
//! nightly) and the replay of the committed corpus (`cop-core/tests/fuzz_replay.rs`, stable).
//!
//! Each check takes arbitrary bytes and panics only when a property is broken: a call that
//! refuses bad input with an error is fine; a panic inside cop, a changed landscape after a
//! refused import, or an export that does not import back to the same events is a failure.

#![allow(dead_code)] // each fuzz target uses one check

use cop_core::analysis::{Analysis, AsOf};
use cop_core::health::HealthConfig;
use cop_core::health::maturity::MaturityConfig;
use cop_core::matching;
use cop_core::model::people::{MergeRule, Scope};
use cop_core::model::time::DAY;
use cop_core::participation::analysis::{Options, Participation};
use cop_core::report::ReportOptions;
use cop_core::{CodedEvents, ImportOptions, KeyCodes, Landscape, MemberId, NO_KEY};

/// A check: arbitrary bytes in, a panic when a property is broken.
pub type Check = fn(&[u8]);

/// Every check by the name of its target and corpus folder.
pub const TARGETS: [(&str, Check); 7] = [
    ("csv_import", csv_import),
    ("people", people),
    ("jsonl_import", jsonl_import),
    ("snapshot", snapshot),
    ("coded_batch", coded_batch),
    ("options", options),
    ("time", time),
];

/// A small landscape that imports land on, so a refused import has something to leave alone.
fn base() -> Landscape {
    let mut landscape = Landscape::new();
    let csv = "member,time,kind,domain,target,community\n\
               ada,2024-01-08T10:00:00Z,ask,testing,,guild\n\
               bob,2024-01-08T11:00:00Z,answer,testing,ada,guild\n\
               cy,2024-02-01T09:00:00Z,organize,,,\n";
    landscape.import_csv(csv.as_bytes(), &ImportOptions::default()).expect("the base imports");
    landscape
}

fn snapshot_bytes(landscape: &Landscape) -> Vec<u8> {
    let mut bytes = Vec::new();
    landscape.save_snapshot(&mut bytes).expect("a landscape always saves");
    bytes
}

/// The events of a landscape by keys, in log order, as one line each.
fn events_by_key(landscape: &Landscape) -> Vec<String> {
    let mut csv = Vec::new();
    landscape.export_csv(&mut csv).expect("a landscape always exports");
    String::from_utf8(csv).expect("exports are UTF-8").lines().skip(1).map(str::to_owned).collect()
}

/// An import either fails and leaves the landscape as it was, or succeeds, and then its export
/// (CSV and JSON Lines) imports into an empty landscape with the same events.
fn import_roundtrip(data: &[u8], import: fn(&mut Landscape, &[u8]) -> cop_core::Result<()>) {
    let mut landscape = base();
    let before = snapshot_bytes(&landscape);
    if import(&mut landscape, data).is_err() {
        assert!(snapshot_bytes(&landscape) == before, "a refused import changed the landscape");
        return;
    }
    let events = events_by_key(&landscape);
    let mut csv = Vec::new();
    landscape.export_csv(&mut csv).unwrap();
    let mut again = Landscape::new();
    again.import_csv(csv.as_slice(), &ImportOptions::default()).expect("an export imports back");
    assert_eq!(events_by_key(&again), events, "CSV export then import changed the events");
    let mut jsonl = Vec::new();
    landscape.export_jsonl(&mut jsonl).unwrap();
    let mut again = Landscape::new();
    again
        .import_jsonl(jsonl.as_slice(), &ImportOptions::default())
        .expect("a JSON Lines export imports back");
    assert_eq!(events_by_key(&again), events, "JSON Lines export then import changed the events");
    analyse(&landscape);
}

/// The analyses run on whatever was imported without panicking (errors are fine): the health
/// report as of the last event only (`current_only`), so that each input costs one assessment,
/// not one per period; and the maturity assessment, which reads every period (an analysis of
/// the date alone refuses it), when the events span at most three years of months.
fn analyse(landscape: &Landscape) {
    let Some((first, last)) = landscape.log().span() else { return };
    let Ok(as_of) = AsOf::at(last) else { return };
    let mut current = Options::default();
    current.current_only = true;
    if let Ok(analysis) = Analysis::new(landscape, as_of, &current) {
        let _ = analysis.health(&HealthConfig::default());
    }
    if last - first <= 3 * 365 * DAY
        && let Ok(analysis) = Analysis::new(landscape, as_of, &Options::default())
    {
        let _ = analysis.maturity(&MaturityConfig::default());
    }
}

/// CSV import: refused input leaves the landscape unchanged; accepted input round-trips.
pub fn csv_import(data: &[u8]) {
    import_roundtrip(data, |l, data| l.import_csv(data, &ImportOptions::default()).map(|_| ()));
}

/// JSON Lines import: as CSV.
pub fn jsonl_import(data: &[u8]) {
    import_roundtrip(data, |l, data| l.import_jsonl(data, &ImportOptions::default()).map(|_| ()));
}

/// Snapshot load → save → load gives the same landscape, and saving it again the same bytes.
pub fn snapshot(data: &[u8]) {
    let Ok(landscape) = Landscape::load_snapshot(data) else { return };
    let bytes = snapshot_bytes(&landscape);
    let again = Landscape::load_snapshot(bytes.as_slice()).expect("a saved snapshot loads");
    assert!(snapshot_bytes(&again) == bytes, "a snapshot did not round-trip");
    analyse(&again);
}

/// A coded batch from bytes: codes (some missing, some out of range) in every column. Refused
/// batches leave the landscape unchanged; accepted ones keep it analysable and saveable.
pub fn coded_batch(data: &[u8]) {
    let rows = data.len() / 8;
    let code = |byte: u8, keys: usize| match byte {
        0xff => NO_KEY,
        0xfe => keys as u32 + 1, // out of range
        b => u32::from(b) % keys as u32,
    };
    let people = ["ada", "bob", " cy ", "dan"];
    let kinds = ["ask", "answer", "Comment", "organize", ""];
    let domains = ["testing", "testing/unit", "docs", "/bad"];
    let places = ["guild", "default"];
    let column =
        |k: usize, keys: usize| -> Vec<u32> { (0..rows).map(|r| code(data[r * 8 + k], keys)).collect() };
    let time: Vec<i64> = (0..rows).map(|r| 1_700_000_000 + i64::from(data[r * 8]) * 86_400).collect();
    let (member, kind, target) = (column(1, people.len()), column(2, kinds.len()), column(3, people.len()));
    let (domain, community, thread) =
        (column(4, domains.len()), column(5, places.len()), column(6, places.len()));
    let weight: Vec<f32> = (0..rows).map(|r| f32::from(data[r * 8 + 7]) / 16.0 - 1.0).collect();
    let events = CodedEvents {
        time: &time,
        member: KeyCodes { codes: &member, keys: &people },
        kind: KeyCodes { codes: &kind, keys: &kinds },
        target: Some(KeyCodes { codes: &target, keys: &people }),
        domain: Some(KeyCodes { codes: &domain, keys: &domains }),
        community: Some(KeyCodes { codes: &community, keys: &places }),
        artifact: None,
        weight: Some(&weight),
        thread: Some(KeyCodes { codes: &thread, keys: &places }),
    };
    let mut landscape = base();
    let before = snapshot_bytes(&landscape);
    if landscape.record_coded_batch(&events, &ImportOptions::default()).is_err() {
        assert!(snapshot_bytes(&landscape) == before, "a refused batch changed the landscape");
        return;
    }
    let bytes = snapshot_bytes(&landscape);
    Landscape::load_snapshot(bytes.as_slice()).expect("a landscape after a batch saves and loads");
    analyse(&landscape);
}

/// The options JSON of every analysis (participation, health, maturity, the report, mentor and
/// peer matching, experts, community recommendations): parsed or refused, never a panic or a
/// runaway cost.
pub fn options(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let landscape = base();
    let as_of = AsOf::given_or_last_event(&landscape, None).expect("the base has events");
    if let Ok(options) = Options::from_json(text) {
        let _ = Participation::compute(&landscape, as_of.seconds(), &options);
    }
    if let Ok(config) = serde_json::from_str::<HealthConfig>(text) {
        let _ = Analysis::new(&landscape, as_of, &config.participation).and_then(|a| a.health(&config));
    }
    if let Ok(config) = MaturityConfig::from_json(text) {
        let _ =
            Analysis::new(&landscape, as_of, &config.health.participation).and_then(|a| a.maturity(&config));
    }
    if let Ok(options) = ReportOptions::from_json(text) {
        let _ = Analysis::new(&landscape, as_of, &options.participation).and_then(|a| a.report(&options));
    }
    let Ok(analysis) = Analysis::new(&landscape, as_of, &Options::default()) else { return };
    if let Ok(options) = matching::MatchingOptions::from_json(text) {
        let _ = analysis.mentors(&options);
    }
    if let Ok(options) = matching::peers::PeerOptions::from_json(text) {
        let _ = analysis.peers(&options);
    }
    let (ada, testing) = (landscape.member_id("ada"), landscape.domain_id("testing"));
    if let (Ok(options), Some(testing)) = (matching::experts::ExpertOptions::from_json(text), testing) {
        let _ = analysis.experts(testing, 3, &options);
    }
    if let (Ok(options), Some(ada)) = (matching::communities::CommunityOptions::from_json(text), ada) {
        let _ = analysis.communities_for(ada, 3, &options);
    }
}

/// Time parsing: never a panic; a parsed time prints and parses back to itself.
pub fn time(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for parse in [cop_core::model::time::parse_time, cop_core::model::time::parse_as_of] {
        if let Ok(seconds) = parse(text) {
            let printed = cop_core::model::time::format_seconds(seconds);
            assert_eq!(
                cop_core::model::time::parse_time(&printed).ok(),
                Some(seconds),
                "{text:?} → {printed}"
            );
        }
    }
}

/// People: an identities file (the bytes after the first 16), then up to 16 operations (merge,
/// unmerge, bot and staff flags, scope) chosen by the first bytes, then forgetting a member. A
/// refused identities file leaves the landscape unchanged; after every operation the landscape
/// saves and loads back exactly; undoing every merge gives back the events by identity; a
/// forgotten member's keys are nowhere in the snapshot.
pub fn people(data: &[u8]) {
    let mut landscape = base();
    let extra =
        "member,time,kind,target\nada@work,2024-01-09,answer,bob\ndependabot[bot],2024-01-10,commit,\n";
    landscape.import_csv(extra.as_bytes(), &ImportOptions::default()).expect("the extra events import");
    let (ops, file) = data.split_at(data.len().min(16));
    let before = snapshot_bytes(&landscape);
    if landscape.import_identities(file, Some("fuzz")).is_err() {
        assert!(snapshot_bytes(&landscape) == before, "a refused identities file changed the landscape");
    }
    let n = landscape.member_ids().len() as u32;
    for &op in ops {
        let (a, b) = (MemberId::from_raw(u32::from(op >> 3) % n), MemberId::from_raw(u32::from(op) % n));
        let _ = match op % 5 {
            0 => landscape.merge(a, b, MergeRule::Api).map(|_| ()),
            1 => landscape.unmerge(a),
            2 => landscape.set_bot(a, op & 0x80 != 0),
            3 => landscape.set_staff(a, op & 0x80 != 0),
            _ => {
                landscape.set_scope(Scope::default().with_bots(op & 0x40 != 0).with_staff(op & 0x80 != 0));
                Ok(())
            }
        };
        let bytes = snapshot_bytes(&landscape);
        let again = Landscape::load_snapshot(bytes.as_slice()).expect("a landscape with people loads");
        assert!(again == landscape, "a snapshot with people did not round-trip");
    }
    analyse(&landscape);
    let mut undone = landscape.clone();
    for identity in undone.member_ids().collect::<Vec<_>>() {
        if undone.member(identity).is_some_and(|m| m.merged().is_some()) {
            undone.unmerge(identity).expect("a merged identity unmerges");
        }
    }
    undone.set_scope(Scope::EVERYONE);
    let mut plain = base();
    plain.import_csv(extra.as_bytes(), &ImportOptions::default()).unwrap();
    plain.set_scope(Scope::EVERYONE);
    assert_eq!(events_by_key(&undone), events_by_key(&plain), "undoing every merge lost events");
    let gone = MemberId::from_raw(u32::from(data.first().copied().unwrap_or(0)) % n);
    let keys: Vec<String> =
        landscape.identities(gone).expect("an id of the landscape").into_iter().map(|i| i.key).collect();
    landscape.forget(gone).expect("a member can be forgotten");
    let text = String::from_utf8(snapshot_bytes(&landscape)).expect("snapshots are UTF-8");
    for key in keys {
        let quoted = serde_json::to_string(&key).expect("a key is JSON");
        assert!(!text.contains(&quoted), "the forgotten key {quoted} is still in the snapshot");
    }
}
