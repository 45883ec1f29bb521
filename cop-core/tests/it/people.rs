//! People: merges and their undoing, bots and staff left out, erasure, snapshots.

use cop_core::model::people::{Identity, MergeRule, Scope};
use cop_core::model::value::{ValueCycle, ValueStory};
use cop_core::participation::analysis::{Options, Participation};
use cop_core::{EventId, ImportOptions, KeyedEvent, Landscape, Level};

fn landscape(csv: &str) -> Landscape {
    let mut landscape = Landscape::new();
    landscape.import_csv(csv.as_bytes(), &ImportOptions::default()).unwrap();
    landscape
}

/// Two addresses of one person, a second person, and a bot that comments on their work.
const HISTORY: &str = "member,time,kind,target\n\
    Qi <add_sp@outlook.com>,2024-01-01,commit,\n\
    ADD-SP <add_sp@outlook.com>,2024-01-02,commit,\n\
    Ada <ada@x.org>,2024-01-03,review,ADD-SP <add_sp@outlook.com>\n\
    ADD-SP <add_sp@outlook.com>,2024-01-04,answer,Ada <ada@x.org>\n\
    renovate[bot] <bot@renovateapp.com>,2024-01-05,commit,\n\
    Ada <ada@x.org>,2024-01-06,review,renovate[bot] <bot@renovateapp.com>\n";

fn per_member(l: &Landscape) -> Vec<(String, usize, usize)> {
    let mut list: Vec<_> = l
        .member_ids()
        .map(|m| {
            (l.member_key(m).unwrap().to_owned(), l.log().of_member(m).len(), l.log().targeting(m).len())
        })
        .collect();
    list.sort();
    list
}

#[test]
fn a_merge_makes_one_member_and_its_undoing_restores_every_event() {
    let mut l = landscape(HISTORY);
    let before = l.clone();
    let (qi, add_sp) = (
        l.member_id("Qi <add_sp@outlook.com>").unwrap(),
        l.member_id("ADD-SP <add_sp@outlook.com>").unwrap(),
    );
    assert_eq!(l.counts().members, 3, "the bot is left out");
    assert!(l.merge(qi, add_sp, MergeRule::Email).unwrap());
    assert!(!l.merge(add_sp, qi, MergeRule::Api).unwrap(), "already one member");
    assert_eq!(l.counts().members, 2);
    assert_eq!(l.member_id("ADD-SP <add_sp@outlook.com>"), Some(qi));
    assert_eq!(l.log().of_member(qi).len(), 3);
    assert_eq!(l.log().targeting(qi).len(), 1);
    assert_eq!(l.log().of_member(add_sp).len(), 0);
    let ids = l.identities(add_sp).unwrap();
    assert_eq!(ids.len(), 2);
    assert_eq!(ids[0].key, "Qi <add_sp@outlook.com>");
    assert_eq!(ids[1].merged.map(|m| (m.into, m.rule)), Some((qi, MergeRule::Email)));
    // The relationship graph follows: Ada's review of ADD-SP is a tie to the merged member.
    let ada = l.member_id("Ada <ada@x.org>").unwrap();
    assert_eq!(l.graph().interaction(ada, qi).map(|t| t.count), Some(1));
    // An event recorded under the merged key after the merge belongs to the member…
    let late = KeyedEvent {
        member: "ADD-SP <add_sp@outlook.com>",
        time: 1_704_672_000,
        kind: "commit",
        ..Default::default()
    };
    l.record_keyed(&late, false).unwrap();
    assert_eq!(l.log().of_member(qi).len(), 4);
    // …and follows its identity when the merge is undone.
    l.unmerge(add_sp).unwrap();
    assert_eq!(l.log().of_member(qi).len(), 1);
    assert_eq!(l.log().of_member(add_sp).len(), 3);
    assert!(l.unmerge(add_sp).unwrap_err().to_string().contains("is not merged"));
    let mut expected = before.clone();
    expected.record_keyed(&late, false).unwrap();
    assert_eq!(per_member(&l), per_member(&expected));
    assert!(l == expected);
}

#[test]
fn levels_count_people_after_a_merge() {
    // Two identities, each active on alternate weeks: apart each is occasional, together core.
    let mut csv = String::from("member,time,kind\n");
    for week in 0..20 {
        let who = if week % 2 == 0 { "ana@home" } else { "ana@work" };
        csv += &format!("{who},{},answer\n", 1_700_000_000 + week * 7 * 86_400);
        csv += &format!("bo,{},ask\n", 1_700_000_000 + week * 7 * 86_400 + 3600);
    }
    let mut l = landscape(&csv);
    let as_of = 1_700_000_000 + 20 * 7 * 86_400;
    let home = l.member_id("ana@home").unwrap();
    let work = l.member_id("ana@work").unwrap();
    let apart = Participation::compute(&l, as_of, &Options::default()).unwrap();
    l.merge(home, work, MergeRule::Api).unwrap();
    let together = Participation::compute(&l, as_of, &Options::default()).unwrap();
    let score = |p: &Participation, m| p.level(m).unwrap().evidence.score.events;
    assert_eq!(score(&apart, home), 10);
    assert_eq!(score(&together, home), 20);
    let level = |p: &Participation, m| p.level(m).unwrap().level;
    assert_ne!(level(&apart, home), Level::CoreGroup);
    assert_eq!(level(&together, home), Level::CoreGroup);
    assert_eq!(
        together.level(work).map(|a| a.level),
        Some(Level::Outsider),
        "the merged identity has no events of its own"
    );
}

#[test]
fn bots_are_left_out_by_default_and_come_back_with_the_scope() {
    let mut l = landscape(HISTORY);
    let bot = l.member_id("renovate[bot] <bot@renovateapp.com>").unwrap();
    let ada = l.member_id("Ada <ada@x.org>").unwrap();
    assert!(l.is_bot(bot) && l.is_left_out(bot));
    assert_eq!((l.counts().events, l.recorded_len()), (5, 6));
    // Ada's review of the bot stays, without its target.
    assert_eq!(l.log().of_member(ada).len(), 2);
    assert_eq!(l.log().targeting(bot).len(), 0);
    assert_eq!(l.people_counts().events_left_out, 1);
    let left_out = KeyedEvent {
        member: "renovate[bot] <bot@renovateapp.com>",
        time: 1_704_672_000,
        kind: "commit",
        ..Default::default()
    };
    assert_eq!(l.record_keyed(&left_out, false).unwrap(), EventId::LEFT_OUT);
    l.set_scope(Scope::EVERYONE);
    assert_eq!((l.counts().events, l.counts().members), (7, 4));
    assert_eq!(l.log().targeting(bot).len(), 1);
    l.set_scope(Scope::default());
    l.set_bot(bot, false).unwrap();
    assert_eq!(l.counts().events, 7, "a bot unflagged is a member like any other");
}

#[test]
fn staff_can_be_left_out_the_same_way() {
    let mut l = landscape(HISTORY);
    let ada = l.member_id("Ada <ada@x.org>").unwrap();
    l.set_staff(ada, true).unwrap();
    assert_eq!(l.counts().members, 3, "staff are kept by default");
    l.set_scope(Scope::default().with_staff(false));
    assert_eq!((l.counts().members, l.counts().events), (2, 3));
    assert!(l.is_left_out(ada));
}

#[test]
fn an_import_that_fails_after_a_bot_appeared_changes_nothing() {
    let mut l = landscape("member,time,kind\nada,2024-01-01,ask\n");
    let before = l.clone();
    let bad = "member,time,kind\ndependabot[bot],2024-01-02,commit\nbob,not a time,ask\n";
    assert!(l.import_csv(bad.as_bytes(), &ImportOptions::default()).is_err());
    assert!(l == before);
    assert_eq!(l.recorded_len(), 1);
    l.import_csv("member,time,kind\nbob,2024-01-03,ask\n".as_bytes(), &ImportOptions::default()).unwrap();
    assert_eq!(l.counts().events, 2);
}

#[test]
fn snapshots_keep_identities_merges_flags_and_scope_exactly() {
    let mut l = landscape(HISTORY);
    let qi = l.member_id("Qi <add_sp@outlook.com>").unwrap();
    let add_sp = l.member_id("ADD-SP <add_sp@outlook.com>").unwrap();
    let ada = l.member_id("Ada <ada@x.org>").unwrap();
    l.set_identity(qi, Identity::git("Qi", "add_sp@outlook.com")).unwrap();
    l.merge(qi, add_sp, MergeRule::Email).unwrap();
    l.set_staff(ada, true).unwrap();
    l.set_scope(Scope::default().with_bots(false).with_staff(false));
    let mut bytes = Vec::new();
    l.save_snapshot(&mut bytes).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.contains(r#""version":3"#));
    let loaded = Landscape::load_snapshot(bytes.as_slice()).unwrap();
    assert!(loaded == l);
    assert_eq!(per_member(&loaded), per_member(&l));
    assert_eq!(loaded.identities(qi).unwrap(), l.identities(qi).unwrap());
    assert_eq!(loaded.recorded_len(), 6, "events left out are written too");
    // And the merge can still be undone after the round trip.
    let mut reopened = loaded;
    reopened.unmerge(add_sp).unwrap();
    assert_eq!(reopened.log().of_member(add_sp).len(), 2);
    // A merge cycle or a dangling merge in a snapshot is refused.
    let cyclic = text.replacen(r#""merged":{"into":0"#, r#""merged":{"into":1"#, 1);
    assert_ne!(cyclic, text);
    assert!(Landscape::load_snapshot(cyclic.as_bytes()).unwrap_err().to_string().contains("merged"));
}

#[test]
fn a_landscape_without_people_is_written_as_before() {
    let l = landscape("member,time,kind\nada,2024-01-01,ask\n");
    let mut bytes = Vec::new();
    l.save_snapshot(&mut bytes).unwrap();
    assert!(String::from_utf8(bytes).unwrap().contains(r#""version":1"#));
}

#[test]
fn forgetting_a_person_leaves_no_trace_and_the_others_consistent() {
    let mut l = landscape(HISTORY);
    let qi = l.member_id("Qi <add_sp@outlook.com>").unwrap();
    let add_sp = l.member_id("ADD-SP <add_sp@outlook.com>").unwrap();
    l.set_identity(add_sp, Identity::git("ADD-SP", "add_sp@outlook.com")).unwrap();
    l.merge(qi, add_sp, MergeRule::Email).unwrap();
    let story = ValueStory {
        cycle: ValueCycle::Immediate,
        date: 1_704_500_000,
        text: "a review that helped".into(),
        members: vec![qi, l.member_id("Ada <ada@x.org>").unwrap()],
        artifacts: vec![],
        events: vec![EventId::from_raw(2), EventId::from_raw(3)],
    };
    l.add_value_story(story).unwrap();
    assert_eq!(l.forget(add_sp).unwrap(), 3, "both identities' events go");
    assert_eq!(l.member_id("Qi <add_sp@outlook.com>"), None);
    assert_eq!(l.member_id("ADD-SP <add_sp@outlook.com>"), None);
    let ada = l.member_id("Ada <ada@x.org>").unwrap();
    assert_eq!(l.log().of_member(ada).len(), 2, "Ada keeps her events");
    assert!(l.log().of_member(ada).iter().all(|&e| l.log().get(e).unwrap().target.is_none()));
    assert_eq!(l.value_stories()[0].members, vec![ada]);
    assert_eq!(l.value_stories()[0].events.len(), 1, "the review stays, ADD-SP's answer goes");
    let mut bytes = Vec::new();
    l.save_snapshot(&mut bytes).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    for trace in ["add_sp", "ADD-SP", "Qi", "outlook"] {
        assert!(!text.contains(trace), "{trace} is still in the snapshot");
    }
    let loaded = Landscape::load_snapshot(text.as_bytes()).unwrap();
    assert!(loaded == l);
    assert_eq!(loaded.counts().members, 1);
}

#[test]
fn value_stories_keep_their_events_through_merges_and_scopes() {
    let mut l = landscape(HISTORY);
    let ada = l.member_id("Ada <ada@x.org>").unwrap();
    let review = l.log().of_member(ada)[0];
    l.add_value_story(ValueStory {
        cycle: ValueCycle::Immediate,
        date: 1_704_500_000,
        text: "x".into(),
        members: vec![],
        artifacts: vec![],
        events: vec![review],
    })
    .unwrap();
    let time = |l: &Landscape| l.log().time_of(l.value_stories()[0].events[0]);
    let t = time(&l);
    l.set_scope(Scope::EVERYONE);
    assert_eq!(time(&l), t);
    let qi = l.member_id("Qi <add_sp@outlook.com>").unwrap();
    let add_sp = l.member_id("ADD-SP <add_sp@outlook.com>").unwrap();
    l.merge(add_sp, qi, MergeRule::Api).unwrap();
    assert_eq!(time(&l), t);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any merges, then undoing each of them, give back the landscape as it was.
        #[test]
        fn merges_undone_give_back_the_landscape(pairs in proptest::collection::vec((0u32..6, 0u32..6), 1..8)) {
            let mut csv = String::from("member,time,kind,target\n");
            for i in 0..30u32 {
                csv += &format!("m{},{},answer,m{}\n", i % 6, 1_700_000_000 + i * 3600, (i * 5 + 1) % 6);
            }
            let mut l = landscape(&csv);
            let before = l.clone();
            let id = |raw| l.identity_id(&format!("m{raw}")).unwrap();
            let merges: Vec<_> = pairs.iter().map(|&(a, b)| (id(a), id(b), MergeRule::Api)).collect();
            l.merge_all(&merges).unwrap();
            let events: usize = l.member_ids().filter(|&m| l.member_of(m) == m).map(|m| l.log().of_member(m).len()).sum();
            prop_assert_eq!(events, 30);
            let merged: Vec<_> = l.member_ids().filter(|&m| l.member(m).unwrap().merged().is_some()).collect();
            for m in merged {
                l.unmerge(m).unwrap();
            }
            prop_assert!(l == before);
            prop_assert_eq!(per_member(&l), per_member(&before));
        }
    }
}
