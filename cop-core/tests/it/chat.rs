//! The chat importers (Slack, Discord): on the real Slack sample of `../shared/sources` (skipped
//! with a message when absent) and on the fixtures of `tests/fixtures/chat`, written from the
//! formats' documentation (Slack's export help page; DiscordChatExporter's `JsonMessageWriter`).

use std::path::PathBuf;

use cop_core::ingest::platform::{Platform, PlatformImport, PlatformReport};
use cop_core::{CopError, Landscape, Visibility};

use crate::sources::{map, sample};

fn fixture(name: &str) -> PathBuf {
    crate::sources::fixture("chat", name)
}

fn csv(landscape: &mut Landscape) -> String {
    landscape.set_scope(cop_core::model::people::Scope::EVERYONE);
    let mut out = Vec::new();
    landscape.export_csv(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn spaces(report: &PlatformReport) -> Vec<(String, Visibility)> {
    report.spaces.iter().map(|s| (s.name.clone(), s.visibility)).collect()
}

// Figures checked with a Python script over the same files (json module), counting as the
// module docs map: 964 plain messages + 61 file_share + 6 file_comment make 886 shares and 145
// comments (139 with a mention of someone else, 6 file comments); reactions list 199 users.
#[test]
fn slack_houstondatavis_sample() {
    let Some(dir) = sample("slack-houstondatavis-2016") else { return };
    let mut landscape = Landscape::new();
    let report = landscape.import_platform(Platform::Slack, &dir, &PlatformImport::default()).unwrap();
    assert_eq!(report.name, "slack-houstondatavis-2016");
    assert_eq!(report.records, map(&[("channels.json", 16), ("messages", 1382), ("users.json", 71)]));
    assert_eq!(report.events, map(&[("comment", 145), ("react", 199), ("share", 886)]));
    assert_eq!(report.recorded, 1230);
    assert_eq!(
        report.left_out,
        map(&[
            ("bot_add", 1),
            ("channel_archive", 9),
            ("channel_join", 320),
            ("channel_leave", 3),
            ("channel_name", 2),
            ("channel_purpose", 13),
            ("channel_topic", 2),
            ("pinned_item", 1),
        ])
    );
    assert!(report.skipped.is_empty() && report.bots.is_empty());
    assert_eq!(report.members, 37);
    assert_eq!(report.spaces.len(), 16);
    assert!(report.spaces.iter().all(|s| s.visibility == Visibility::Public));
    assert!(
        report.spaces.iter().any(|s| s.name == "meetup-") && report.spaces.iter().any(|s| s.name == "meetup")
    );
    assert_eq!(landscape.counts().events, 1230);
    // The organiser: users.json's names, an admin, joined at his first channel_join.
    let micah = landscape.member_id("sl:slack-houstondatavis-2016:U061A1R2R").unwrap();
    let member = landscape.member(micah).unwrap();
    let identity = member.identity().unwrap();
    assert_eq!(
        (identity.source.as_str(), identity.name.as_str()),
        ("slack:slack-houstondatavis-2016", "Micah Stubbs")
    );
    assert_eq!(identity.login, "micahstubbs");
    assert!(member.is_staff());
    assert_eq!(member.joined.unwrap().to_rfc3339(), "2015-06-06T02:38:19+00:00");
    // The deleted user is a member like the others.
    assert!(landscape.member_id("sl:slack-houstondatavis-2016:U0DS03NHG").is_some());
    // Times come from `ts`, not from the (Pacific time) day file: the first event is
    // general/2015-06-05.json's message at 1433558696 = 2015-06-06T02:44:56Z.
    let text = csv(&mut landscape);
    let first = text.lines().nth(1).unwrap();
    // No thread in the whole sample: the export has no `thread` column.
    assert!(text.starts_with("member,time,kind,domain,target,community,artifact,weight\n"));
    assert_eq!(first, "sl:slack-houstondatavis-2016:U061A5N1G,2015-06-06T02:44:56Z,share,general,,,,");
    let in_general = text.lines().filter(|l| l.split(',').nth(3) == Some("general")).count();
    assert_eq!(in_general, 479);
    // The first file comment: neerajt on timabram's file.
    assert!(text.contains(
        "sl:slack-houstondatavis-2016:U061A5N1G,2015-06-20T03:59:12Z,comment,datajam,sl:slack-houstondatavis-2016:U064KUGRJ,,,\n"
    ));
}

const SLACK_FIXTURE: &str = "member,time,kind,domain,target,community,artifact,weight,thread
sl:demo:U1,2020-01-01T00:01:00Z,share,general,,,,,
sl:demo:U2,2020-01-01T00:01:00Z,react,general,sl:demo:U1,,,,
sl:demo:U1,2020-01-01T00:01:00Z,react,general,,,,,
sl:demo:U2,2020-01-01T00:02:00Z,comment,general,sl:demo:U1,,,,
sl:demo:B1,2020-01-01T00:03:00Z,share,general,,,,,
sl:demo:U2,2020-01-02T00:00:00Z,ask,help,,,,,sl:demo:C2:1577923200.000100
sl:demo:U1,2020-01-02T00:01:00Z,answer,help,sl:demo:U2,,,,sl:demo:C2:1577923200.000100
sl:demo:U2,2020-01-02T00:03:00Z,answer,help,,,,,sl:demo:C2:1577923200.000100
sl:demo:U3,2020-01-03T00:00:00Z,answer,help,sl:demo:U2,,,,sl:demo:C2:1577923200.000100
sl:demo:U1,2020-01-03T00:01:00Z,comment,help,sl:demo:U2,,,,
sl:demo:U1,2020-01-04T00:00:00Z,share,secret-plans,,,,,
sl:demo:U3,2020-01-05T00:00:00Z,share,help,,,,,
sl:demo:U2,2020-01-05T00:01:00Z,comment,help,sl:demo:U3,,,,
";

#[test]
fn slack_fixture_maps_every_record_and_skips_the_bad_one() {
    let mut landscape = Landscape::new();
    let options = PlatformImport::default().name("demo").skip_bad_records();
    let report = landscape.import_platform(Platform::Slack, &fixture("slack-demo"), &options).unwrap();
    assert_eq!(csv(&mut landscape), SLACK_FIXTURE);
    assert_eq!(
        report.records,
        map(&[("channels.json", 2), ("groups.json", 1), ("messages", 15), ("users.json", 5)])
    );
    assert_eq!(report.events, map(&[("answer", 3), ("ask", 1), ("comment", 3), ("react", 2), ("share", 4)]));
    assert_eq!(report.left_out, map(&[("channel_join", 2), ("channel_topic", 1)]));
    assert_eq!((report.recorded, report.members), (13, 4));
    assert_eq!(report.bots, ["sl:demo:B1"]);
    assert_eq!(
        spaces(&report),
        [
            ("general".to_owned(), Visibility::Public),
            ("help".to_owned(), Visibility::Public),
            ("secret-plans".to_owned(), Visibility::Private)
        ]
    );
    let community = landscape.community(cop_core::CommunityId::DEFAULT).unwrap();
    assert_eq!(community.spaces, report.spaces);
    // The bad record is listed: its file, line and field.
    assert_eq!(report.skipped.len(), 1);
    let skipped = &report.skipped[0];
    assert!(skipped.source.as_deref().unwrap().ends_with("help/2020-01-05.json"), "{skipped:?}");
    assert_eq!((skipped.line, skipped.field.as_deref()), (12, Some("ts")));
    // Identities from users.json, join dates from channel_join.
    let member = |key: &str| landscape.member(landscape.member_id(key).unwrap()).unwrap().clone();
    let ada = member("sl:demo:U1");
    let identity = ada.identity().unwrap();
    assert_eq!(
        (identity.name.as_str(), identity.login.as_str(), identity.email.as_str()),
        ("Ada Lovelace", "ada", "ada@example.com")
    );
    assert!(ada.is_staff() && !ada.is_bot());
    assert_eq!(ada.joined.unwrap().to_rfc3339(), "2020-01-01T00:00:00+00:00");
    assert_eq!(member("sl:demo:U2").identity().unwrap().name, "Brian Kernighan");
    let cy = member("sl:demo:U3");
    assert_eq!(cy.identity().unwrap().name, "Cy");
    assert_eq!(cy.joined.unwrap().to_rfc3339(), "2020-01-01T00:04:00+00:00");
    let bot = member("sl:demo:B1");
    assert!(bot.is_bot());
    assert_eq!(bot.identity().unwrap().name, "deploybot");
}

#[test]
fn slack_bad_ts_names_file_line_and_field_and_changes_nothing() {
    let mut landscape = Landscape::new();
    landscape
        .import_csv("member,time,kind\nsl:demo:U1,2019-01-01,ask\n".as_bytes(), &Default::default())
        .unwrap();
    let before = landscape.counts();
    let options = PlatformImport::default().name("demo");
    let error = landscape.import_platform(Platform::Slack, &fixture("slack-demo"), &options).unwrap_err();
    let CopError::Record(record) = &error else { panic!("{error}") };
    assert!(record.source.as_deref().unwrap().ends_with("help/2020-01-05.json"), "{error}");
    assert_eq!((record.line, record.field.as_deref()), (12, Some("ts")));
    assert!(error.to_string().contains("`soon` is not a Slack timestamp"), "{error}");
    assert_eq!(landscape.counts(), before);
    let ada = landscape.member(landscape.member_id("sl:demo:U1").unwrap()).unwrap();
    assert!(ada.identity().is_none_or(|i| !i.source.starts_with("slack")));
    assert!(landscape.member_id("sl:demo:U2").is_none());
    assert!(landscape.community(cop_core::CommunityId::DEFAULT).unwrap().spaces.is_empty());
}

#[test]
fn slack_all_users_and_a_community() {
    let mut landscape = Landscape::new();
    let mut options = PlatformImport::default().name("demo").community("demo").skip_bad_records();
    options.all_users = true;
    let report = landscape.import_platform(Platform::Slack, &fixture("slack-demo"), &options).unwrap();
    // Five users of users.json and the bot of a bot_message; standup and slackbot are bots.
    assert_eq!(report.members, 6);
    assert_eq!(report.bots, ["sl:demo:B1", "sl:demo:U9", "sl:demo:USLACKBOT"]);
    let id = landscape.community_id("demo").unwrap();
    assert_eq!(landscape.community(id).unwrap().spaces.len(), 3);
}

const DISCORD_FIXTURE: &str = "member,time,kind,domain,target,community,artifact,weight,thread
dd:100:1,2020-01-01T10:00:00Z,ask,general,,,,,dd:100:1001
dd:100:2,2020-01-01T10:00:00Z,react,general,dd:100:1,,,,dd:100:1001
dd:100:1,2020-01-01T10:00:00Z,react,general,,,,,dd:100:1001
dd:100:2,2020-01-01T10:05:00Z,answer,general,dd:100:1,,,,dd:100:1001
dd:100:9,2020-01-01T10:10:00Z,answer,general,dd:100:2,,,,dd:100:1001
dd:100:2,2020-01-01T10:30:00Z,ask,general,dd:100:1,,,,dd:100:1004
dd:100:3,2020-01-01T10:45:00Z,answer,general,dd:100:2,,,,dd:100:1004
dd:100:2,2020-01-01T10:46:00Z,answer,general,dd:100:3,,,,dd:100:1004
dd:100:1,2020-01-01T10:50:00Z,share,general,,,,,
";

#[test]
fn discord_fixture_maps_replies_threads_and_reactions() {
    let mut landscape = Landscape::new();
    let options = PlatformImport::default().skip_bad_records();
    let report = landscape.import_platform(Platform::Discord, &fixture("discord-demo"), &options).unwrap();
    assert_eq!(csv(&mut landscape), DISCORD_FIXTURE);
    assert_eq!(report.name, "100");
    assert_eq!(report.records, map(&[("messages", 10)]));
    assert_eq!(report.events, map(&[("answer", 4), ("ask", 2), ("react", 2), ("share", 1)]));
    assert_eq!(
        report.left_out,
        map(&[("GuildMemberJoin", 1), ("ThreadCreated", 1), ("reaction without users", 1)])
    );
    assert_eq!((report.recorded, report.members), (9, 4));
    assert_eq!(report.bots, ["dd:100:9"]);
    assert_eq!(spaces(&report), [("general".to_owned(), Visibility::Public)]);
    assert_eq!(report.skipped.len(), 1);
    let skipped = &report.skipped[0];
    assert!(skipped.source.as_deref().unwrap().ends_with("general [200].json"), "{skipped:?}");
    assert_eq!((skipped.line, skipped.field.as_deref()), (262, Some("timestamp")));
    let member = |key: &str| landscape.member(landscape.member_id(key).unwrap()).unwrap().clone();
    let ada = member("dd:100:1");
    let identity = ada.identity().unwrap();
    assert_eq!(
        (identity.source.as_str(), identity.name.as_str(), identity.login.as_str()),
        ("discord", "Ada L.", "ada")
    );
    assert_eq!(member("dd:100:2").identity().unwrap().name, "grace");
    assert_eq!(member("dd:100:3").joined.unwrap().to_rfc3339(), "2020-01-01T10:40:00+00:00");
}

#[test]
fn discord_bad_timestamp_names_file_line_and_field_and_changes_nothing() {
    let mut landscape = Landscape::new();
    let file = fixture("discord-demo").join("Demo Guild - Text Channels - general [200].json");
    let options = PlatformImport::default().name("demo");
    let error = landscape.import_platform(Platform::Discord, &file, &options).unwrap_err();
    let CopError::Record(record) = &error else { panic!("{error}") };
    assert!(record.source.as_deref().unwrap().ends_with("general [200].json"), "{error}");
    assert_eq!((record.line, record.field.as_deref()), (262, Some("timestamp")));
    assert!(error.to_string().contains("`yesterday` is not an RFC 3339 time"), "{error}");
    assert_eq!(landscape.counts().events, 0);
    assert_eq!(landscape.counts().members, 0);
    // One file alone, named: the thread's file is not read, so 1004 has no replies.
    let report = landscape.import_platform(Platform::Discord, &file, &options.skip_bad_records()).unwrap();
    assert_eq!(report.name, "demo");
    assert_eq!(report.events, map(&[("answer", 2), ("ask", 1), ("comment", 1), ("react", 2), ("share", 1)]));
    assert!(landscape.member_id("dd:demo:1").is_some());
}

#[test]
fn not_an_export() {
    let mut landscape = Landscape::new();
    let empty = std::env::temp_dir().join(format!("cop-chat-empty-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let error = landscape.import_platform(Platform::Slack, &empty, &PlatformImport::default()).unwrap_err();
    assert!(error.to_string().contains("not a Slack export"), "{error}");
    let not_json = empty.join("x.json");
    std::fs::write(&not_json, "{\"guild\": {\"id\": \"1\"}, \"channel\": {\"id\": \"2\"}, \"messages\": [\n{\"id\": \"5\", \"timestamp\": \"2020-01-01T00:00:00Z\"},\n").unwrap();
    let error =
        landscape.import_platform(Platform::Discord, &not_json, &PlatformImport::default()).unwrap_err();
    let CopError::Record(record) = &error else { panic!("{error}") };
    assert_eq!(record.line, 3, "{error}");
    let missing =
        landscape.import_platform(Platform::Discord, &empty.join("nope"), &PlatformImport::default());
    assert!(missing.is_err());
    std::fs::remove_dir_all(&empty).unwrap();
}

#[test]
fn discord_duplicates_and_bad_ids_make_whole_records() {
    let dir = std::env::temp_dir().join(format!("cop-chat-dup-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let thread = fixture("discord-demo").join("Demo Guild - general - look at this [1004].json");
    for copy in ["a.json", "b.json"] {
        std::fs::copy(&thread, dir.join(copy)).unwrap();
    }
    let mut landscape = Landscape::new();
    let report = landscape.import_platform(Platform::Discord, &dir, &PlatformImport::default()).unwrap();
    assert_eq!(report.left_out, map(&[("duplicate", 2)]));
    // The thread's starter message (1004) is not exported here: linus's message has no target.
    assert_eq!(report.events, map(&[("answer", 2)]));
    assert_eq!(
        csv(&mut landscape).lines().skip(1).collect::<Vec<_>>(),
        [
            "dd:100:3,2020-01-01T10:45:00Z,answer,general,,,,,dd:100:1004",
            "dd:100:2,2020-01-01T10:46:00Z,answer,general,dd:100:3,,,,dd:100:1004"
        ]
    );
    // A mention whose id is no Discord id: the whole message is the bad record (and the
    // channel may come before the guild).
    let bad = dir.join("c.json");
    std::fs::write(
        &bad,
        r#"{"channel": {"id": "2", "type": "GuildTextChat", "name": "x"}, "guild": {"id": "1"}, "messages": [
  {"id": "5", "type": "Default", "timestamp": "2020-01-01T00:00:00+00:00", "author": {"id": "7", "name": "a"},
   "mentions": [{"id": " 8", "name": "b"}]}
]}"#,
    )
    .unwrap();
    let mut landscape = Landscape::new();
    let options = PlatformImport::default().skip_bad_records();
    let report = landscape.import_platform(Platform::Discord, &bad, &options).unwrap();
    assert_eq!((report.recorded, report.skipped.len()), (0, 1));
    assert_eq!((report.skipped[0].line, report.skipped[0].field.as_deref()), (3, Some("mentions")));
    std::fs::remove_dir_all(&dir).unwrap();
}
