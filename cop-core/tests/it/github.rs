//! The GitHub importer: on the real GH Archive hour of `../shared/sources` (skipped with a message
//! when absent) and on small fixtures written from GitHub's documentation (`tests/fixtures/github`):
//! a modern GH Archive file (reviews, a bot, a bad line) and a folder of saved REST responses.

use std::path::{Path, PathBuf};

use cop_core::ingest::platform::{Platform, PlatformImport, PlatformReport};
use cop_core::model::people::Scope;
use cop_core::{CommunityId, CopError, Landscape, Visibility};

use crate::sources::sample;

fn fixture(name: &str) -> PathBuf {
    crate::sources::fixture("github", name)
}

fn import(landscape: &mut Landscape, path: &Path, options: &PlatformImport) -> PlatformReport {
    landscape.import_platform(Platform::GitHub, path, options).unwrap()
}

fn pairs(map: &std::collections::BTreeMap<String, usize>) -> Vec<(&str, usize)> {
    map.iter().map(|(k, v)| (k.as_str(), *v)).collect()
}

/// The events of a thread, as (kind, member, target) keys, in time order (bots included).
fn thread(landscape: &mut Landscape, key: &str) -> Vec<(String, String, Option<String>)> {
    landscape.set_scope(Scope::default().with_bots(true));
    let id = landscape.thread_id(key).unwrap();
    let name = |m| landscape.member_key(m).unwrap().to_owned();
    landscape
        .events()
        .filter(|e| e.thread == Some(id))
        .map(|e| (landscape.kind_name(e.kind).unwrap().to_owned(), name(e.member), e.target.map(name)))
        .collect()
}

fn owned(list: &[(&str, &str, Option<&str>)]) -> Vec<(String, String, Option<String>)> {
    list.iter().map(|(k, m, t)| ((*k).to_owned(), (*m).to_owned(), t.map(str::to_owned))).collect()
}

// The figures of the real hour were checked with a Python script of its own (json + gzip) that
// maps the same lines by the table of the module docs.
const HOUR_KINDS: [(&str, usize); 11] = [
    ("ask", 236),
    ("close", 143),
    ("comment", 665),
    ("commit", 4284),
    ("edit", 123),
    ("fork", 285),
    ("merge", 150),
    ("release", 30),
    ("reopen", 10),
    ("share", 189),
    ("star", 994),
];

#[test]
fn gh_archive_hour_gzip() {
    let Some(file) = sample("github-gharchive-2015-01-01-12/2015-01-01-12.json.gz") else { return };
    let mut landscape = Landscape::new();
    let report = import(&mut landscape, &file, &PlatformImport::default());
    assert_eq!(report.platform, "github");
    assert_eq!(pairs(&report.records), [("2015-01-01-12.json.gz", 8273)]);
    assert_eq!(pairs(&report.events), HOUR_KINDS);
    assert_eq!(report.recorded, 7109);
    // 8,273 lines = 7,109 events + 1,164 left out.
    assert_eq!(
        pairs(&report.left_out),
        [("CreateEvent", 981), ("DeleteEvent", 156), ("MemberEvent added", 17), ("PublicEvent", 10)]
    );
    assert!(report.skipped.is_empty());
    // 3,886 actors and 2 issue or pull request authors who did not act in the hour.
    assert_eq!(report.members, 3888);
    // 4,532 repository names, 4,529 once told apart without regard to case.
    assert_eq!(report.spaces.len(), 4529);
    assert!(report.spaces.iter().all(|s| s.visibility == Visibility::Public));
    let community = landscape.community(CommunityId::DEFAULT).unwrap();
    assert_eq!(community.spaces.len(), 4529);
    assert!(community.spaces.iter().any(|s| s.name == "kenansulayman/heartbeat"));
    // No `[bot]` logins in 2015: the bots are those the usual patterns name.
    assert_eq!(
        report.bots,
        [
            "gh:bors",
            "gh:csl-bot",
            "gh:felixonmars-bot",
            "gh:hoppipolla-critic-bot",
            "gh:netkan-bot",
            "gh:rust-highfive"
        ]
    );
    // The busiest thread of the hour: 31 comments on one pull request of kaltura/mwEmbed.
    let events = thread(&mut landscape, "gh:kaltura/mwembed#1312");
    assert_eq!(events.len(), 31);
    assert!(events.iter().all(|(kind, _, _)| kind == "comment"));
    // A member's identity: the login as GitHub writes it, the key in lower case.
    let id = landscape.member_id("gh:grahamcampbell").unwrap();
    let identity = landscape.member(id).unwrap().identity().unwrap();
    assert_eq!((identity.source.as_str(), identity.login.as_str()), ("github", "GrahamCampbell"));
}

#[test]
fn gh_archive_cachet_thread() {
    let Some(file) = sample("github-gharchive-2015-01-01-12/2015-01-01-12-first5min.json") else { return };
    let mut landscape = Landscape::new();
    let report = import(&mut landscape, &file, &PlatformImport::default().community("gh"));
    assert_eq!(report.recorded, 592);
    assert_eq!(report.members, 471);
    assert_eq!(report.bots, ["gh:felixonmars-bot", "gh:netkan-bot"]);
    // Checked by hand in the slice: GrahamCampbell comments five times on his own pull request
    // (no target), jbrooksuk once (aimed at him).
    let graham = ("comment", "gh:grahamcampbell", None);
    assert_eq!(
        thread(&mut landscape, "gh:cachethq/cachet#188"),
        owned(&[
            graham,
            graham,
            ("comment", "gh:jbrooksuk", Some("gh:grahamcampbell")),
            graham,
            graham,
            graham
        ])
    );
    let community = landscape.community_id("gh").unwrap();
    assert!(landscape.events().all(|e| e.community == community));
    assert_eq!(landscape.community(community).unwrap().spaces.len(), 533);
}

#[test]
fn the_whole_folder_reads_the_slice_as_duplicates() {
    let Some(dir) = sample("github-gharchive-2015-01-01-12") else { return };
    let mut landscape = Landscape::new();
    let report = import(&mut landscape, &dir, &PlatformImport::default());
    assert_eq!(
        pairs(&report.records),
        [("2015-01-01-12-first5min.json", 677), ("2015-01-01-12.json.gz", 8273)]
    );
    // The slice comes first (by name); its 677 events come again in the hour and are left out.
    assert_eq!(report.left_out.get("duplicate"), Some(&677));
    assert_eq!(pairs(&report.events), HOUR_KINDS);
    assert_eq!(report.recorded, 7109);
}

#[test]
fn modern_archive_with_reviews_a_bot_and_a_bad_line() {
    let file = fixture("modern.json");
    let mut landscape = Landscape::new();
    let report = import(&mut landscape, &file, &PlatformImport::default().skip_bad_records());
    assert_eq!(pairs(&report.records), [("modern.json", 11)]);
    assert_eq!(
        pairs(&report.events),
        [
            ("ask", 1),
            ("close", 1),
            ("comment", 2),
            ("commit", 1),
            ("merge", 1),
            ("review", 1),
            ("share", 1),
            ("star", 1)
        ]
    );
    assert_eq!(report.recorded, 9);
    assert_eq!(pairs(&report.left_out), [("CreateEvent", 1)]);
    // The blank line 7 is counted: the bad record is on line 8.
    assert_eq!(report.skipped.len(), 1);
    let bad = &report.skipped[0];
    assert!(bad.source.as_deref().unwrap().ends_with("modern.json"));
    assert_eq!((bad.line, bad.field.as_deref()), (8, Some("created_at")));
    assert_eq!(report.members, 4);
    assert_eq!(report.bots, ["gh:dependabot[bot]"]);
    let names: Vec<&str> = report.spaces.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["octo-org/widgets", "octo-org/gadgets"]);
    let pull = thread(&mut landscape, "gh:octo-org/widgets#42");
    assert_eq!(
        pull,
        owned(&[
            ("share", "gh:dependabot[bot]", None),
            ("review", "gh:ada-l", Some("gh:dependabot[bot]")),
            ("comment", "gh:grace", Some("gh:dependabot[bot]")),
            ("merge", "gh:ada-l", Some("gh:dependabot[bot]")),
        ])
    );
    // grace closes her own issue: no target.
    let issue = thread(&mut landscape, "gh:octo-org/widgets#43");
    assert_eq!(
        issue,
        owned(&[
            ("ask", "gh:grace", None),
            ("comment", "gh:ada-l", Some("gh:grace")),
            ("close", "gh:grace", None)
        ])
    );
    let bot = landscape.member_id("gh:dependabot[bot]").unwrap();
    assert!(landscape.is_bot(bot));
    // The domain is the repository, under its owner.
    let widgets = landscape.taxonomy().by_path("octo-org/widgets").unwrap();
    let owner = landscape.taxonomy().by_path("octo-org").unwrap();
    assert!(landscape.taxonomy().is_within(widgets, owner));
}

#[test]
fn a_bad_line_stops_the_import_and_changes_nothing() {
    let mut landscape = Landscape::new();
    import(&mut landscape, &fixture("rest"), &PlatformImport::default());
    let before = landscape.counts();
    let spaces = landscape.community(CommunityId::DEFAULT).unwrap().spaces.clone();
    let error =
        landscape.import_platform(Platform::GitHub, &fixture("modern.json"), &PlatformImport::default());
    let Err(CopError::Record(bad)) = error else { panic!("{error:?}") };
    assert!(bad.source.as_deref().unwrap().ends_with("modern.json"), "{bad:?}");
    assert_eq!((bad.line, bad.field.as_deref(), bad.message.as_str()), (8, Some("created_at"), "missing"));
    assert_eq!(landscape.counts(), before);
    assert_eq!(landscape.community(CommunityId::DEFAULT).unwrap().spaces, spaces);
    assert!(landscape.member_id("gh:dependabot[bot]").is_some()); // from the REST fixture
    assert!(landscape.thread_id("gh:octo-org/widgets#42").is_none());
}

#[test]
fn rest_responses_of_one_repository() {
    let mut landscape = Landscape::new();
    let report = import(&mut landscape, &fixture("rest"), &PlatformImport::default());
    assert_eq!(report.name, "rest");
    assert_eq!(
        pairs(&report.records),
        [
            ("comments.json", 3),
            ("issues.json", 3),
            ("pulls.json", 2),
            ("review_comments.json", 1),
            ("reviews.json", 3)
        ]
    );
    assert_eq!(
        pairs(&report.events),
        [("ask", 2), ("comment", 4), ("merge", 1), ("review", 2), ("share", 2)]
    );
    assert_eq!(report.recorded, 11);
    // Pull request 2 is in issues.json and in pulls.json; octocat's review is still pending.
    assert_eq!(pairs(&report.left_out), [("duplicate", 1), ("pending review", 1)]);
    assert_eq!(report.members, 4);
    assert_eq!(report.bots, ["gh:dependabot[bot]"]);
    assert_eq!(report.spaces.len(), 1);
    // comments.json is read before issues.json: the targets are found once every file is read.
    assert_eq!(
        thread(&mut landscape, "gh:octo-org/widgets#1"),
        owned(&[("ask", "gh:ada-l", None), ("comment", "gh:grace", Some("gh:ada-l"))])
    );
    assert_eq!(
        thread(&mut landscape, "gh:octo-org/widgets#2"),
        owned(&[
            ("share", "gh:grace", None),
            ("comment", "gh:ada-l", Some("gh:grace")),
            ("comment", "gh:ada-l", Some("gh:grace")),
            ("review", "gh:ada-l", Some("gh:grace")),
            ("merge", "gh:ada-l", Some("gh:grace")),
        ])
    );
    assert_eq!(
        thread(&mut landscape, "gh:octo-org/widgets#4"),
        owned(&[("share", "gh:dependabot[bot]", None), ("review", "gh:grace", Some("gh:dependabot[bot]"))])
    );
    // octocat comments on his own issue: no target.
    assert_eq!(
        thread(&mut landscape, "gh:octo-org/widgets#3"),
        owned(&[("ask", "gh:octocat", None), ("comment", "gh:octocat", None)])
    );
}

#[test]
fn gh_archive_and_rest_resolve_to_the_same_members() {
    let mut landscape = Landscape::new();
    import(&mut landscape, &fixture("rest"), &PlatformImport::default());
    let members = landscape.counts().members;
    import(&mut landscape, &fixture("modern.json"), &PlatformImport::default().skip_bad_records());
    // The same four logins: no new member.
    assert_eq!(landscape.counts().members, members);
}

#[test]
fn a_bad_rest_item_names_its_line_and_field() {
    let dir = std::env::temp_dir().join(format!("cop-it-github-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("comments.json");
    let good = r#"{"id": 1, "issue_url": "https://api.github.com/repos/o/r/issues/1", "user": {"login": "a"}, "created_at": "2024-01-01T00:00:00Z"}"#;
    let bad = r#"{"id": 2, "issue_url": "https://api.github.com/repos/o/r/issues/1", "user": {"login": "b"}, "created_at": "yesterday"}"#;
    std::fs::write(&file, format!("[\n  {good},\n\n  {bad},\n  {good}\n]\n")).unwrap();
    let mut landscape = Landscape::new();
    let error = landscape.import_platform(Platform::GitHub, &dir, &PlatformImport::default()).unwrap_err();
    let CopError::Record(bad) = error else { panic!("{error}") };
    assert_eq!((bad.line, bad.field.as_deref()), (4, Some("created_at")));
    assert_eq!(landscape.counts().events, 0);
    let report = import(&mut landscape, &dir, &PlatformImport::default().skip_bad_records());
    // The third item repeats the first (the same id).
    assert_eq!((report.recorded, report.skipped.len()), (1, 1));
    assert_eq!(pairs(&report.left_out), [("duplicate", 1)]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn missing_paths_are_refused() {
    let mut landscape = Landscape::new();
    let options = PlatformImport::default();
    let missing = landscape.import_platform(Platform::GitHub, Path::new("no/such/hour.json.gz"), &options);
    assert!(matches!(missing, Err(CopError::Io(_))), "{missing:?}");
}
