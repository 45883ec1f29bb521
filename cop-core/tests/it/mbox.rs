//! The mailing list importer: on the real pipermail sample of `../shared/sources` (skipped with
//! a message when absent) and on small fixtures written from the mbox format's documentation
//! (`tests/fixtures/mbox`).

use std::path::PathBuf;

use cop_core::ingest::platform::{Platform, PlatformImport, PlatformReport};
use cop_core::{CopError, Landscape};

use crate::sources::{map, sample};

fn fixture(name: &str) -> PathBuf {
    crate::sources::fixture("mbox", name)
}

fn import(landscape: &mut Landscape, path: &std::path::Path, options: &PlatformImport) -> PlatformReport {
    landscape.import_platform(Platform::Mbox, path, options).unwrap()
}

/// Every event as CSV, bots included.
fn csv(landscape: &mut Landscape) -> String {
    landscape.set_scope(cop_core::model::people::Scope::default().with_bots(true));
    let mut csv = Vec::new();
    landscape.export_csv(&mut csv).unwrap();
    String::from_utf8(csv).unwrap()
}

// Figures checked with Python's mailbox.mbox and email.utils over the same two files (a script
// applying the module's mapping: ask without In-Reply-To and References; the parent is
// In-Reply-To if archived, else the last archived References id; never oneself).
#[test]
fn clearwater_two_months() {
    let Some(dir) = sample("mbox-clearwater-2015") else { return };
    let mut landscape = Landscape::new();
    let report = import(&mut landscape, &dir, &PlatformImport::default().name("clearwater"));
    assert_eq!(report.name, "clearwater");
    assert_eq!(report.records, map(&[("2015-October.txt", 59), ("2015-September.txt", 35)]));
    // 32 messages start a thread; 62 reply: 53 to an archived message of someone else, 7 to their
    // own, 2 to a message of an earlier month (no target).
    assert_eq!(report.events, map(&[("answer", 62), ("ask", 32)]));
    assert_eq!(report.recorded, 94);
    assert!(report.left_out.is_empty() && report.skipped.is_empty());
    assert_eq!(report.members, 29);
    assert!(report.bots.is_empty());
    assert_eq!(landscape.events().filter(|e| e.target.is_some()).count(), 53);
    assert_eq!(landscape.thread_count(), 34);
    assert_eq!(report.spaces.len(), 1);
    assert_eq!(report.spaces[0].name, "clearwater");
    // The longest thread: Shay Naeh's question of 29 September, 13 messages over both months,
    // most of them between Shay and Eleanor Merry.
    let thread =
        "ml:clearwater:VI1PR04MB1407ACA5737D12995C11391BC74E0@VI1PR04MB1407.eurprd04.prod.outlook.com";
    let shay = landscape.member_id("ml:clearwater:shayn@gigaspaces.com").unwrap();
    let eleanor = landscape.member_id("ml:clearwater:eleanor.merry@metaswitch.com").unwrap();
    let events: Vec<_> = landscape
        .events()
        .filter(|e| e.thread.and_then(|t| landscape.thread_key(t)) == Some(thread))
        .collect();
    assert_eq!(events.len(), 13);
    assert_eq!(events[0].member, shay);
    assert_eq!(events[0].time.timestamp(), 1_443_539_421);
    assert_eq!(events.iter().filter(|e| e.member == eleanor && e.target == Some(shay)).count(), 4);
    assert_eq!(events.iter().filter(|e| e.member == shay && e.target == Some(eleanor)).count(), 4);
    assert_eq!(events.last().unwrap().time.timestamp(), 1_444_046_723);
    // Pipermail's obfuscated From: `crbertoldo at gmail.com (Claudio Bertoldo)`.
    let claudio =
        landscape.member(landscape.member_id("ml:clearwater:crbertoldo@gmail.com").unwrap()).unwrap();
    let identity = claudio.identity().unwrap();
    assert_eq!((identity.source.as_str(), identity.name.as_str()), ("mbox", "Claudio Bertoldo"));
    assert_eq!((identity.email.as_str(), identity.login.as_str()), ("crbertoldo@gmail.com", ""));
    assert_eq!(landscape.log().of_member(eleanor).len(), 34);
    // `Mon, 28 Sep 2015 12:04:00 -0000`: an unknown zone, read as UTC.
    assert_eq!(landscape.events().filter(|e| e.time.timestamp() == 1_443_441_840).count(), 1);
    let (first, last) = (
        landscape.events().map(|e| e.time.timestamp()).min(),
        landscape.events().map(|e| e.time.timestamp()).max(),
    );
    assert_eq!((first, last), (Some(1_441_083_806), Some(1_446_233_704)));
}

#[test]
fn one_month_alone_keeps_replies_to_the_other_without_target() {
    let Some(dir) = sample("mbox-clearwater-2015") else { return };
    let mut landscape = Landscape::new();
    let report = import(&mut landscape, &dir.join("2015-October.txt"), &PlatformImport::default());
    assert_eq!(report.name, "2015-October");
    assert_eq!(report.records, map(&[("2015-October.txt", 59)]));
    assert_eq!(report.events, map(&[("answer", 43), ("ask", 16)]));
    assert_eq!(landscape.events().filter(|e| e.target.is_some()).count(), 33);
}

#[test]
fn fixture_maps_every_message() {
    let mut landscape = Landscape::new();
    let report = import(&mut landscape, &fixture("list"), &PlatformImport::default());
    assert_eq!(report.name, "list");
    assert_eq!(report.records, map(&[("2024-01.mbox", 6), ("2024-02.mbox", 3)]));
    assert_eq!(report.events, map(&[("answer", 5), ("ask", 3)]));
    assert_eq!(report.left_out, map(&[("duplicate", 1)]));
    assert_eq!(report.members, 5);
    assert_eq!(report.bots, ["ml:list:mailman-owner@lists.example.org"]);
    let expected = "member,time,kind,domain,target,community,artifact,weight,thread
ml:list:ada@example.org,2024-01-01T10:00:00Z,ask,,,,,,ml:list:m1@example.org
ml:list:rene@example.fr,2024-01-01T12:00:00Z,answer,,ml:list:ada@example.org,,,,ml:list:m1@example.org
ml:list:grace@example.com,2024-01-02T14:00:00Z,answer,,ml:list:rene@example.fr,,,,ml:list:m1@example.org
ml:list:mailman-owner@lists.example.org,2024-01-03T00:00:00Z,ask,,,,,,ml:list:reminder-1@lists.example.org
ml:list:ada@example.org,2024-01-03T08:00:00Z,answer,,,,,,ml:list:m1@example.org
ml:list:linus@example.org,2024-02-01T11:00:00Z,answer,,,,,,ml:list:root-gone@example.net
ml:list:linus@example.org,2024-02-01T18:00:00Z,answer,,ml:list:grace@example.com,,,,ml:list:m1@example.org
ml:list:ada@example.org,2024-02-02T10:00:00Z,ask,,,,,,ml:list:m7@example.org
";
    assert_eq!(csv(&mut landscape), expected);
    let name = |key: &str| {
        let member = landscape.member(landscape.member_id(key).unwrap()).unwrap();
        let identity = member.identity().unwrap();
        (identity.name.clone(), identity.email.clone())
    };
    assert_eq!(name("ml:list:rene@example.fr"), ("René Descartes".to_owned(), "rene@example.fr".to_owned()));
    assert_eq!(
        name("ml:list:grace@example.com"),
        ("Hopper, Grace".to_owned(), "grace@example.com".to_owned())
    );
    assert_eq!(name("ml:list:ada@example.org"), ("Ada Lovelace".to_owned(), "ada@example.org".to_owned()));
    assert_eq!(name("ml:list:mailman-owner@lists.example.org").0, "");
}

#[test]
fn the_same_address_on_two_lists_is_one_person() {
    let mut landscape = Landscape::new();
    import(&mut landscape, &fixture("list"), &PlatformImport::default().name("one"));
    let report = import(&mut landscape, &fixture("list"), &PlatformImport::default().name("two"));
    assert_eq!(report.merges, map(&[("email", 5)]));
    assert_eq!(report.members, 5);
    assert_eq!(landscape.people_counts().members, 5);
}

#[test]
fn a_bad_date_names_file_line_and_field_and_changes_nothing() {
    let mut landscape = Landscape::new();
    import(&mut landscape, &fixture("list"), &PlatformImport::default());
    let (before, events) = (landscape.counts(), landscape.events().count());
    let error =
        landscape.import_platform(Platform::Mbox, &fixture("bad"), &PlatformImport::default()).unwrap_err();
    let CopError::Record(record) = &error else { panic!("{error}") };
    assert!(record.source.as_deref().unwrap().ends_with("bad-date.mbox"), "{error}");
    assert_eq!(record.line, 8);
    assert_eq!(record.field.as_deref(), Some("Date"));
    assert!(error.to_string().contains("the day after tomorrow"), "{error}");
    assert_eq!(landscape.counts(), before);
    assert_eq!(landscape.events().count(), events);
    assert!(landscape.member_id("ml:bad:a@example.org").is_none());
}

#[test]
fn skipping_bad_records_applies_the_rest() {
    let mut landscape = Landscape::new();
    let report = import(&mut landscape, &fixture("bad"), &PlatformImport::default().skip_bad_records());
    assert_eq!(report.records, map(&[("bad-date.mbox", 3)]));
    assert_eq!(report.skipped.len(), 1);
    assert_eq!((report.skipped[0].line, report.skipped[0].field.as_deref()), (8, Some("Date")));
    assert_eq!(report.events, map(&[("answer", 1), ("ask", 1)]));
    // C replied to the skipped message: a reply without a target, in the thread it names.
    let expected = "member,time,kind,domain,target,community,artifact,weight,thread
ml:bad:a@example.org,2024-01-01T10:00:00Z,ask,,,,,,ml:bad:b1@example.org
ml:bad:c@example.org,2024-01-01T12:00:00Z,answer,,,,,,ml:bad:b2@example.org
";
    assert_eq!(csv(&mut landscape), expected);
}

#[test]
fn text_that_is_not_an_mbox_is_a_bad_record() {
    let dir = std::env::temp_dir().join(format!("cop-mbox-stray-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("notes.txt");
    std::fs::write(&file, "\nJust some notes.\nFrom: nobody\n").unwrap();
    let error =
        Landscape::new().import_platform(Platform::Mbox, &file, &PlatformImport::default()).unwrap_err();
    let CopError::Record(record) = &error else { panic!("{error}") };
    assert_eq!((record.line, record.field.as_deref()), (2, None));
    let report = Landscape::new()
        .import_platform(Platform::Mbox, &file, &PlatformImport::default().skip_bad_records())
        .unwrap();
    assert_eq!((report.recorded, report.skipped.len()), (0, 1));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_missing_path_is_an_io_error() {
    let error = Landscape::new()
        .import_platform(Platform::Mbox, &fixture("no-such-list"), &PlatformImport::default())
        .unwrap_err();
    assert!(matches!(error, CopError::Io(_)), "{error}");
    assert!(error.to_string().contains("no-such-list"), "{error}");
}

#[test]
fn gzipped_files_are_read_as_they_are_gunzipped() {
    let mut landscape = Landscape::new();
    let report = import(&mut landscape, &fixture("gz"), &PlatformImport::default().name("list"));
    assert_eq!(report.records, map(&[("2024-01.mbox.gz", 6)]));
    assert_eq!(report.events, map(&[("answer", 3), ("ask", 2)]));
    assert_eq!(report.left_out, map(&[("duplicate", 1)]));
    let mut plain = Landscape::new();
    import(&mut plain, &fixture("list/2024-01.mbox"), &PlatformImport::default().name("list"));
    assert_eq!(csv(&mut landscape), csv(&mut plain));
}
