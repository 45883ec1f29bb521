//! The Discourse importer: on the real samples of `../shared/sources` (skipped with a message when
//! absent) and on fixtures written from the API's documented shapes (`tests/fixtures/discourse`).

use std::path::PathBuf;

use cop_core::ingest::platform::{Platform, PlatformImport, PlatformReport};
use cop_core::{CopError, Landscape, Space, Visibility};

use crate::sources::{map, sample};

fn fixture(name: &str) -> PathBuf {
    crate::sources::fixture("discourse", name)
}

fn import(landscape: &mut Landscape, path: &std::path::Path, options: &PlatformImport) -> PlatformReport {
    landscape.import_platform(Platform::Discourse, path, options).unwrap()
}

/// The kinds of a member's events, by name, in time order.
fn kinds_of(landscape: &Landscape, key: &str) -> Vec<String> {
    let member = landscape.member_id(key).unwrap();
    let events: Vec<_> = landscape.events().collect();
    landscape
        .log()
        .of_member(member)
        .iter()
        .map(|&e| landscape.kind_name(events[e.index()].kind).unwrap().to_owned())
        .collect()
}

/// An event as (time, kind, member, target, thread, domain), keys for ids.
type Keyed = (i64, String, String, Option<String>, Option<String>, Option<String>);

/// Every event as [`Keyed`], in time order.
fn keyed(landscape: &Landscape) -> Vec<Keyed> {
    landscape
        .events()
        .map(|e| {
            (
                e.time.timestamp(),
                landscape.kind_name(e.kind).unwrap().to_owned(),
                landscape.member_key(e.member).unwrap().to_owned(),
                e.target.and_then(|t| landscape.member_key(t)).map(str::to_owned),
                e.thread.and_then(|t| landscape.thread_key(t)).map(str::to_owned),
                e.domain.and_then(|d| landscape.domain_key(d)).map(str::to_owned),
            )
        })
        .collect()
}

// Figures checked by hand with a Python script (json module) applying the mapping of the module
// docs to the same files: 110 posts read, 79 distinct, 31 copies (11 between the two files of
// topic 2144, 20 between /posts.json and the topic files).
#[test]
fn criticalfallibilism_whole_sample() {
    let Some(dir) = sample("discourse-criticalfallibilism-2026") else { return };
    let mut landscape = Landscape::new();
    let report = import(&mut landscape, &dir, &PlatformImport::default().name("cf"));
    assert_eq!(report.platform, "discourse");
    assert_eq!(
        report.records,
        map(&[
            ("posts.json", 50),
            ("t_2108_post_452.json", 20),
            ("t_2144_posts.json", 20),
            ("t_2144_posts_pn_41.json", 20)
        ])
    );
    assert_eq!(report.left_out, map(&[("duplicate post", 31), ("like (liker unknown)", 19)]));
    assert_eq!(report.events, map(&[("answer", 17), ("ask", 3), ("comment", 59)]));
    assert_eq!(report.recorded, 79);
    assert_eq!(report.members, 11);
    assert!(report.bots.is_empty());
    assert!(report.skipped.is_empty());
    // Categories known by id only: 9, 13, 14, 18.
    let names: Vec<&str> = report.spaces.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["category-9", "category-13", "category-14", "category-18"]);
    assert!(report.spaces.iter().all(|s| s.visibility == Visibility::Public));
    let events = keyed(&landscape);
    // Topic 2144 is whole across its files and /posts.json: posts 1–31 but 7 (deleted upstream).
    let topic: Vec<_> = events.iter().filter(|e| e.4.as_deref() == Some("dc:cf:2144")).collect();
    assert_eq!(topic.len(), 30);
    let count = |kind: &str| topic.iter().filter(|e| e.1 == kind).count();
    assert_eq!((count("ask"), count("answer"), count("comment")), (1, 8, 21));
    assert!(topic.iter().all(|e| e.5.as_deref() == Some("category-13")));
    // The opening post, then Eternity's reply to the topic (an answer to its author).
    assert_eq!(topic[0].1, "ask");
    assert_eq!(topic[0].2, "dc:cf:elliot");
    assert_eq!((topic[1].1.as_str(), topic[1].3.as_deref()), ("answer", Some("dc:cf:elliot")));
    assert_eq!(topic[1].2, "dc:cf:eternity");
    // Post 8 of 2144 (anonymous105, 2026-01-13T16:36:24Z) replies to post 4, Apricus's.
    let post8 = topic.iter().find(|e| e.0 == 1_768_322_184).unwrap();
    assert_eq!((post8.1.as_str(), post8.2.as_str()), ("comment", "dc:cf:anonymous105"));
    assert_eq!(post8.3.as_deref(), Some("dc:cf:apricus"));
    // Post 443 of 2108 replies to post 149, not in the files: reply_to_user names anonymous45.
    let post443 = events.iter().find(|e| e.0 == 1_768_331_727).unwrap();
    assert_eq!(post443.3.as_deref(), Some("dc:cf:anonymous45"));
    // ActiveMind's post 25 of 2144 replies to his own post 24: no target.
    let post25 = events.iter().find(|e| e.0 == 1_768_962_369).unwrap();
    assert_eq!((post25.1.as_str(), post25.3.as_deref()), ("comment", None));
    // Elliot (staff, empty name) posted 20 times and was the target of 26 events.
    assert_eq!(kinds_of(&landscape, "dc:cf:elliot").len(), 20);
    assert_eq!(events.iter().filter(|e| e.3.as_deref() == Some("dc:cf:elliot")).count(), 26);
    let elliot = landscape.member_id("dc:cf:elliot").unwrap();
    assert!(landscape.is_staff(elliot));
    let identity = landscape.member(elliot).unwrap().identity().unwrap().clone();
    assert_eq!((identity.source.as_str(), identity.name.as_str()), ("discourse:cf", "Elliot"));
    assert_eq!((identity.login.as_str(), identity.email.as_str()), ("Elliot", ""));
    let eternity = landscape.member_id("dc:cf:eternity").unwrap();
    assert_eq!(landscape.member(eternity).unwrap().identity().unwrap().name, "Nihal Noorunnabi");
    assert!(!landscape.is_staff(eternity));
    // Anonymous shadow accounts are members of their own.
    for key in ["dc:cf:anonymous45", "dc:cf:anonymous105", "dc:cf:anonymous117"] {
        assert!(landscape.member_id(key).is_some(), "{key}");
    }
    assert_eq!(landscape.counts().events, 79);
}

#[test]
fn mozilla_single_topic_file_of_the_old_schema() {
    let Some(dir) = sample("discourse-mozilla-2016") else { return };
    let file = dir.join("discourse_topic_1148.json");
    let mut landscape = Landscape::new();
    let report = import(&mut landscape, &file, &PlatformImport::default());
    assert_eq!(report.name, "discourse_topic_1148");
    assert_eq!(report.records, map(&[("discourse_topic_1148.json", 20)]));
    assert_eq!(report.events, map(&[("answer", 10), ("ask", 1), ("comment", 9)]));
    assert_eq!(report.left_out, map(&[("like (liker unknown)", 7)]));
    assert_eq!(report.members, 10);
    // The category is only in the old `_category_id` of the posts (and the topic's `category_id`).
    assert_eq!(report.spaces, vec![Space { name: "category-111".into(), visibility: Visibility::Public }]);
    let events = keyed(&landscape);
    assert!(events.iter().all(|e| e.4.as_deref() == Some("dc:discourse_topic_1148:1148")));
    // gorhill opened the topic, then answered himself (no target); post 8 replies to post 7.
    assert_eq!(
        kinds_of(&landscape, "dc:discourse_topic_1148:gorhill"),
        ["ask", "answer", "comment", "comment", "comment", "comment"]
    );
    assert_eq!(events[1].3, None);
    let post8 = &events[7];
    assert_eq!(post8.1, "comment");
    assert_eq!(post8.3.as_deref(), Some("dc:discourse_topic_1148:asukalangleyfag"));
    // The same folder gives the same figures, named after the folder.
    let report = import(&mut Landscape::new(), &dir, &PlatformImport::default());
    assert_eq!((report.name.as_str(), report.recorded), ("discourse-mozilla-2016", 20));
}

#[test]
fn accepted_answer_categories_bots_and_what_is_left_out() {
    let mut landscape = Landscape::new();
    let report = import(&mut landscape, &fixture("solved"), &PlatformImport::default().community("help"));
    assert_eq!(report.name, "solved");
    assert_eq!(report.records, map(&[("categories.json", 3), ("posts.json", 6), ("t/7.json", 7)]));
    assert_eq!(report.events, map(&[("accept", 1), ("answer", 4), ("ask", 2), ("comment", 3)]));
    assert_eq!(
        report.left_out,
        map(&[
            ("action post", 1),
            ("deleted post", 1),
            ("deleted user", 1),
            ("duplicate post", 1),
            ("like (liker unknown)", 5),
            ("unrecognised file", 1)
        ])
    );
    assert_eq!(report.members, 7);
    let mut bots = report.bots.clone();
    bots.sort();
    assert_eq!(bots, ["dc:solved:discobot", "dc:solved:system"]);
    let space = |name: &str, visibility| Space { name: name.to_owned(), visibility };
    let spaces = vec![
        space("support", Visibility::Public),
        space("support/billing", Visibility::Private),
        space("staff", Visibility::Private),
        space("category-42", Visibility::Public),
    ];
    assert_eq!(report.spaces, spaces);
    let help = landscape.community_id("help").unwrap();
    assert_eq!(landscape.community(help).unwrap().spaces, spaces);
    let key = |k: &str| Some(format!("dc:solved:{k}"));
    // The bots' two events are left out of analyses until the scope takes bots.
    assert_eq!(landscape.counts().events, 8);
    landscape.set_scope(cop_core::model::people::Scope::default().with_bots(true));
    assert_eq!(landscape.counts().events, 10);
    let events = keyed(&landscape);
    let t7 = key("7");
    let billing = Some("support/billing".to_owned());
    // 2024-03-01T10:00Z: Ada asks; 11:00 Bob answers and Ada accepts it; 12:00 Carol comments.
    assert_eq!(
        events[0],
        (1_709_287_200, "ask".into(), "dc:solved:ada".into(), None, t7.clone(), billing.clone())
    );
    assert_eq!(
        events[1],
        (1_709_290_800, "answer".into(), "dc:solved:bob".into(), key("ada"), t7.clone(), billing.clone())
    );
    assert_eq!(
        events[2],
        (1_709_290_800, "accept".into(), "dc:solved:ada".into(), key("bob"), t7.clone(), billing.clone())
    );
    assert_eq!(
        events[3],
        (1_709_294_400, "comment".into(), "dc:solved:carol".into(), key("bob"), t7.clone(), billing.clone())
    );
    // The system user's post answers the topic; Carol's reply to herself has no target.
    assert_eq!(events[4].2, "dc:solved:system");
    assert_eq!((events[5].1.as_str(), events[5].3.as_deref()), ("comment", None));
    // Topic 10: the opening post is absent, so Bob's answer has no target; discobot replies to Bob.
    let t10: Vec<_> = events.iter().filter(|e| e.4 == key("10")).collect();
    assert_eq!(t10.len(), 2);
    assert_eq!((t10[0].1.as_str(), t10[0].3.as_deref()), ("answer", None));
    assert_eq!((t10[1].2.as_str(), t10[1].3.clone()), ("dc:solved:discobot", key("bob")));
    assert!(t10.iter().all(|e| e.5.as_deref() == Some("category-42")));
    assert!(events.iter().filter(|e| e.4 == key("9")).all(|e| e.5.as_deref() == Some("support")));
    // Identities: names, or the username when the name is empty; usernames keyed in lower case.
    let identity = |k: &str| {
        let id = landscape.member_id(&format!("dc:solved:{k}")).unwrap();
        let identity = landscape.member(id).unwrap().identity().unwrap();
        (identity.name.clone(), identity.login.clone(), landscape.is_staff(id), landscape.is_bot(id))
    };
    assert_eq!(identity("ada"), ("Ada Lovelace".into(), "Ada".into(), true, false));
    assert_eq!(identity("bob"), ("bob".into(), "bob".into(), false, false));
    assert_eq!(identity("dave"), ("Dave".into(), "Dave".into(), false, false));
    assert_eq!(identity("system"), ("system".into(), "system".into(), true, true));
    assert_eq!(identity("anonymous12"), ("anonymous12".into(), "anonymous12".into(), false, false));
}

#[test]
fn a_bad_record_changes_nothing_and_is_listed_when_skipping() {
    let mut landscape = Landscape::new();
    import(&mut landscape, &fixture("solved"), &PlatformImport::default());
    let (counts, events) = (landscape.counts(), keyed(&landscape));
    let error = landscape.import_platform(Platform::Discourse, &fixture("bad"), &PlatformImport::default());
    let Err(CopError::Record(record)) = error else { panic!("{error:?}") };
    assert!(record.source.as_deref().unwrap().ends_with("t/3.json"), "{record:?}");
    assert_eq!((record.line, record.column, record.field.as_deref()), (7, Some(84), Some("created_at")));
    assert!(record.message.starts_with("not an RFC 3339 date: `yesterday`"), "{}", record.message);
    assert_eq!(landscape.counts(), counts);
    assert_eq!(keyed(&landscape), events);
    // `dave` of this forum and `Dave` of the first share a login, but a login is one forum's:
    // they stay two people.
    let options = PlatformImport::default().skip_bad_records().name("bad");
    let report = import(&mut landscape, &fixture("bad"), &options);
    let skipped: Vec<_> =
        report.skipped.iter().map(|r| (r.line, r.column, r.field.clone().unwrap_or_default())).collect();
    assert_eq!(skipped, [(7, Some(84), "created_at".to_owned()), (8, Some(7), "created_at".to_owned())]);
    assert!(report.skipped[1].message.starts_with("missing"), "{:?}", report.skipped[1]);
    assert_eq!(report.records, map(&[("t/3.json", 4)]));
    assert_eq!(report.events, map(&[("ask", 1), ("comment", 1)]));
    // Post 4 replies to the skipped post 2: the topic's author is the target.
    let after = keyed(&landscape);
    assert_eq!(after.len(), events.len() + 2);
    let dave = after.iter().find(|e| e.2 == "dc:bad:dave").unwrap();
    assert_eq!((dave.3.as_deref(), dave.5.as_deref()), (Some("dc:bad:ada"), Some("category-2")));
    assert!(report.merges.is_empty(), "{:?}", report.merges);
    let daves = ["dc:bad:dave", "dc:solved:dave"].map(|k| landscape.member_id(k).unwrap());
    assert_ne!(daves[0], daves[1]);
}

#[test]
fn paths_without_discourse_responses_are_refused() {
    let mut landscape = Landscape::new();
    let missing =
        landscape.import_platform(Platform::Discourse, &fixture("absent"), &PlatformImport::default());
    assert!(matches!(missing, Err(CopError::Io(_))), "{missing:?}");
    let other = fixture("solved/latest.json");
    let error =
        landscape.import_platform(Platform::Discourse, &other, &PlatformImport::default()).unwrap_err();
    assert!(error.to_string().contains("no Discourse API response"), "{error}");
    assert_eq!(landscape.counts().events, 0);
}
