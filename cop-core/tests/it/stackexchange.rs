//! The Stack Exchange dump importer: on the real samples of `../shared/sources` (skipped with a
//! message when absent) and on a small fixture written from the dump's documentation.

use std::path::{Path, PathBuf};

use cop_core::ingest::stackexchange::{StackExchangeImport, StackExchangeReport};
use cop_core::{CopError, Landscape};

use crate::sources::sample;

fn counts(report: &StackExchangeReport, map: &str) -> Vec<(String, usize)> {
    let map = match map {
        "rows" => &report.rows,
        "events" => &report.events,
        "deleted" => &report.deleted_users,
        _ => &report.missing_posts,
    };
    map.iter().map(|(k, v)| (k.clone(), *v)).collect()
}

fn pairs(list: &[(&str, usize)]) -> Vec<(String, usize)> {
    list.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
}

// Figures checked by hand with xml.etree (a script counting the same rows as the module docs).
#[test]
fn conlang_meta_whole_site() {
    let Some(dir) = sample("stackexchange-conlang-meta") else { return };
    let mut landscape = Landscape::new();
    let report =
        landscape.import_stackexchange(&dir, &StackExchangeImport::default().site("conlang-meta")).unwrap();
    assert_eq!(
        counts(&report, "rows"),
        pairs(&[
            ("Badges.xml", 612),
            ("Comments.xml", 230),
            ("PostHistory.xml", 450),
            ("Posts.xml", 177),
            ("Users.xml", 272),
            ("Votes.xml", 1119)
        ])
    );
    assert_eq!(
        counts(&report, "events"),
        pairs(&[
            ("accept", 10),
            ("answer", 109),
            ("ask", 54),
            ("badge", 612),
            ("comment", 216),
            ("edit", 123)
        ])
    );
    assert_eq!(report.recorded, 1124);
    // The Community user's 22 edits are left out of analyses (a bot), until the scope takes bots.
    assert_eq!(landscape.counts().events, 1102);
    landscape.set_scope(cop_core::model::people::Scope::default().with_bots(true));
    assert_eq!(landscape.counts().events, 1124);
    // 6 posts of deleted users, and one accept whose answerer was deleted; 14 comments; 2 edits.
    assert_eq!(
        counts(&report, "deleted"),
        pairs(&[("Comments.xml", 14), ("PostHistory.xml", 2), ("Posts.xml", 7)])
    );
    // 27 votes on deleted posts and 2 on tag wikis; 5 edits of tag wikis.
    assert_eq!(counts(&report, "missing"), pairs(&[("PostHistory.xml", 5), ("Votes.xml", 29)]));
    assert_eq!(report.bots, vec!["se:conlang-meta:-1".to_owned()]);
    let community = landscape.member_id("se:conlang-meta:-1").unwrap();
    assert!(landscape.is_bot(community));
    // User 14 asked the first question; Users.xml says when they joined and their name.
    let first = landscape.member_id("se:conlang-meta:14").unwrap();
    let member = landscape.member(first).unwrap();
    assert_eq!(member.joined.unwrap().to_rfc3339(), "2018-02-06T20:03:29+00:00");
    assert_eq!(member.identity().unwrap().source, "stackexchange");
}

#[test]
fn cardano_cut() {
    let Some(dir) = sample("stackexchange-cardano-2021-06") else { return };
    let mut landscape = Landscape::new();
    let report =
        landscape.import_stackexchange(&dir, &StackExchangeImport::default().community("cardano")).unwrap();
    assert_eq!(report.site, "stackexchange-cardano-2021-06");
    assert_eq!(
        counts(&report, "rows"),
        pairs(&[
            ("Badges.xml", 280),
            ("Comments.xml", 226),
            ("Posts.xml", 254),
            ("Users.xml", 135),
            ("Votes.xml", 1035)
        ])
    );
    assert_eq!(
        counts(&report, "events"),
        pairs(&[("accept", 59), ("answer", 151), ("ask", 103), ("badge", 280), ("comment", 226)])
    );
    assert_eq!(report.recorded, 819);
    assert!(report.deleted_users.is_empty());
    assert!(report.missing_posts.is_empty());
}

/// A dump of two questions, written from the data dump's documentation (BOM, CRLF).
fn fixture(dir: &Path, badge_date: &str) {
    let file = |name: &str, root: &str, rows: &[&str]| {
        let mut text = format!("\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<{root}>\r\n");
        for row in rows {
            text.push_str("  ");
            text.push_str(row);
            text.push_str("\r\n");
        }
        text.push_str(&format!("</{root}>\r\n"));
        std::fs::write(dir.join(name), text).unwrap();
    };
    file(
        "Posts.xml",
        "posts",
        &[
            r#"<row Id="1" PostTypeId="1" AcceptedAnswerId="2" CreationDate="2020-01-01T10:00:00.000" OwnerUserId="10" Tags="&lt;grammar&gt;&lt;syntax&gt;" Title="Q" />"#,
            r#"<row Id="2" PostTypeId="2" ParentId="1" CreationDate="2020-01-02T10:00:00.000" OwnerUserId="11" />"#,
            r#"<row Id="3" PostTypeId="1" CreationDate="2020-01-03T10:00:00.000" OwnerDisplayName="user99" Tags="|phonology|" />"#,
            r#"<row Id="4" PostTypeId="2" ParentId="3" CreationDate="2020-01-04T10:00:00.000" OwnerUserId="10" />"#,
        ],
    );
    file(
        "Comments.xml",
        "comments",
        &[
            r#"<row Id="1" PostId="2" CreationDate="2020-01-02T11:00:00.000" UserId="10" Text="thanks" />"#,
            r#"<row Id="2" PostId="1" CreationDate="2020-01-02T12:00:00.000" UserDisplayName="user98" Text="gone" />"#,
        ],
    );
    file(
        "Users.xml",
        "users",
        &[
            r#"<row Id="-1" CreationDate="2019-12-01T00:00:00.000" DisplayName="Community" />"#,
            r#"<row Id="10" CreationDate="2019-12-24T08:00:00.000" DisplayName="Ada &amp; co" AccountId="1000" />"#,
            r#"<row Id="11" CreationDate="2019-12-25T08:00:00.000" DisplayName="Brian" />"#,
        ],
    );
    file(
        "Votes.xml",
        "votes",
        &[
            r#"<row Id="1" PostId="2" VoteTypeId="1" CreationDate="2020-01-05T00:00:00.000" />"#,
            r#"<row Id="2" PostId="77" VoteTypeId="2" CreationDate="2020-01-05T00:00:00.000" />"#,
        ],
    );
    file(
        "Badges.xml",
        "badges",
        &[&format!(
            r#"<row Id="1" UserId="11" Name="Teacher" Date="{badge_date}" Class="3" TagBased="False" />"#
        )],
    );
    file(
        "PostHistory.xml",
        "posthistory",
        &[
            r#"<row Id="1" PostHistoryTypeId="2" PostId="2" CreationDate="2020-01-02T10:00:00.000" UserId="11" Text="initial body" />"#,
            r#"<row Id="2" PostHistoryTypeId="5" PostId="2" CreationDate="2020-01-06T10:00:00.000" UserId="-1" Text="edited body" />"#,
        ],
    );
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cop-se-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn fixture_maps_every_record() {
    let dir = temp_dir("ok");
    fixture(&dir, "2020-01-07T00:00:00.000");
    let mut landscape = Landscape::new();
    let report = landscape.import_stackexchange(&dir, &StackExchangeImport::default().site("demo")).unwrap();
    assert_eq!(
        counts(&report, "events"),
        pairs(&[("accept", 1), ("answer", 2), ("ask", 1), ("badge", 1), ("comment", 1), ("edit", 1)])
    );
    assert_eq!(counts(&report, "deleted"), pairs(&[("Comments.xml", 1), ("Posts.xml", 1)]));
    assert_eq!(counts(&report, "missing"), pairs(&[("Votes.xml", 1)]));
    landscape.set_scope(cop_core::model::people::Scope::default().with_bots(true));
    let mut csv = Vec::new();
    landscape.export_csv(&mut csv).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    let expected = "member,time,kind,domain,target,community,artifact,weight,thread
se:demo:10,2020-01-01T10:00:00Z,ask,grammar,,,,,se:demo:1
se:demo:11,2020-01-02T10:00:00Z,answer,grammar,se:demo:10,,,,se:demo:1
se:demo:10,2020-01-02T11:00:00Z,comment,grammar,se:demo:11,,,,se:demo:1
se:demo:10,2020-01-04T10:00:00Z,answer,phonology,,,,,se:demo:3
se:demo:10,2020-01-05T00:00:00Z,accept,grammar,se:demo:11,,,,se:demo:1
se:demo:-1,2020-01-06T10:00:00Z,edit,grammar,se:demo:11,,,,se:demo:1
se:demo:11,2020-01-07T00:00:00Z,badge,,,,,,
";
    assert_eq!(csv, expected);
    let ada = landscape.member(landscape.member_id("se:demo:10").unwrap()).unwrap();
    assert_eq!(ada.identity().unwrap().name, "Ada & co");
    assert_eq!(ada.identity().unwrap().login, "1000");
    assert_eq!(ada.joined.unwrap().to_rfc3339(), "2019-12-24T08:00:00+00:00");
    assert_eq!(report.bots, vec!["se:demo:-1".to_owned()]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_bad_date_names_file_line_and_field_and_changes_nothing() {
    let dir = temp_dir("bad");
    fixture(&dir, "last tuesday");
    let mut landscape = Landscape::new();
    landscape
        .import_csv("member,time,kind\nse:demo:10,2019-01-01,ask\n".as_bytes(), &Default::default())
        .unwrap();
    let before = landscape.counts();
    let error =
        landscape.import_stackexchange(&dir, &StackExchangeImport::default().site("demo")).unwrap_err();
    let CopError::Record(record) = &error else { panic!("{error}") };
    assert!(record.source.as_deref().unwrap().ends_with("Badges.xml"), "{error}");
    assert_eq!(record.line, 3);
    assert_eq!(record.field.as_deref(), Some("Date"));
    assert!(error.to_string().contains("last tuesday"), "{error}");
    assert_eq!(landscape.counts(), before);
    let member = landscape.member(landscape.member_id("se:demo:10").unwrap()).unwrap();
    assert!(member.identity().is_none_or(|i| i.source != "stackexchange"));
    // Skipping: the bad badge is listed, everything else is applied (the fixture's 7 events
    // but the badge).
    let mut options = StackExchangeImport::default().site("demo");
    options.skip_bad_records = true;
    let report = landscape.import_stackexchange(&dir, &options).unwrap();
    assert_eq!(report.skipped.len(), 1);
    assert_eq!((report.skipped[0].line, report.skipped[0].field.as_deref()), (3, Some("Date")));
    assert_eq!(report.recorded, 6);
    assert_eq!(counts(&report, "events").iter().find(|(k, _)| k == "badge"), None);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn options_refuse_unknown_fields() {
    assert!(StackExchangeImport::from_json(r#"{"site": "x", "colour": 1}"#).is_err());
    assert_eq!(StackExchangeImport::from_json(r#"{"site": "x"}"#).unwrap().site.as_deref(), Some("x"));
}
