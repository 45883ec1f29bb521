//! The model: entities, events by id and by key, the graph kept in step.

use chrono::{TimeZone, Utc};
use cop_core::{
    CommunityId, CopError, Entity, Event, EventKind, KeyedEvent, Landscape, Node, Relation, Role,
};

fn at(day: u32, hour: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 3, day, hour, 0, 0).unwrap()
}

#[test]
fn keys_and_ids_are_looked_up_both_ways() {
    let mut l = Landscape::new();
    let ada = l.ensure_member("ada").unwrap();
    assert_eq!(l.ensure_member("ada").unwrap(), ada);
    assert_eq!(l.member_key(ada), Some("ada"));
    assert_eq!(l.member_id("ada"), Some(ada));
    assert!(matches!(
        l.add_member("ada", Default::default()),
        Err(CopError::DuplicateKey { entity: Entity::Member, .. })
    ));
    assert!(l.add_member("", Default::default()).is_err());
    assert_eq!(l.community_key(CommunityId::DEFAULT), Some("default"));
    assert_eq!(l.counts().communities, 1);
}

#[test]
fn recording_keeps_the_graph_in_step() {
    let mut l = Landscape::new();
    let (ada, bob) = (l.ensure_member("ada").unwrap(), l.ensure_member("bob").unwrap());
    let guild = l.ensure_community("guild").unwrap();
    l.record(Event::new(ada, at(2, 9), EventKind::Answer).toward(bob).in_community(guild)).unwrap();
    l.record(Event::new(ada, at(1, 9), EventKind::Review).toward(bob).weighted(10.0)).unwrap();
    l.record(Event::new(bob, at(3, 9), EventKind::React).toward(ada)).unwrap();
    let tie = l.graph().interaction(ada, bob).unwrap();
    assert_eq!(tie.count, 2);
    assert_eq!(tie.weight, 3.0 + 10.0, "answer's default weight 3 plus the review's own 10");
    assert_eq!((tie.first, tie.last), (at(1, 9).timestamp(), at(2, 9).timestamp()));
    assert_eq!(l.graph().interaction(bob, ada).unwrap().count, 1);
    assert_eq!(l.graph().interaction_partners(ada), vec![bob]);
    assert_eq!(l.memberships(ada), vec![(CommunityId::DEFAULT, Role::Member), (guild, Role::Member)]);
    assert_eq!(l.memberships(bob), vec![(CommunityId::DEFAULT, Role::Member)]);
    assert_eq!(l.joined(ada), Some(at(1, 9)), "the first event in time, not in recording order");
    // Changing a kind's weight re-aggregates the ties.
    l.set_kind_weight(EventKind::Answer, 1.0).unwrap();
    assert_eq!(l.graph().interaction(ada, bob).unwrap().weight, 11.0);
    // A declared role replaces the implied one.
    l.add_membership(ada, guild, Role::Coordinator, None).unwrap();
    assert!(l.memberships(ada).contains(&(guild, Role::Coordinator)));
}

#[test]
fn refused_events_change_nothing() {
    let mut l = Landscape::new();
    let ada = l.ensure_member("ada").unwrap();
    let ghost = cop_core::MemberId::from_raw(7);
    assert!(matches!(
        l.record(Event::new(ada, at(1, 0), EventKind::Ask).toward(ghost)),
        Err(CopError::UnknownId { entity: Entity::Member, id: 7 })
    ));
    assert!(l.record(Event::new(ada, at(1, 0), EventKind::Ask).weighted(f32::INFINITY)).is_err());
    assert!(l.record(Event::new(ada, at(1, 0), EventKind::Custom(3))).is_err());
    let batch = [
        Event::new(ada, at(1, 0), EventKind::Ask),
        Event::new(ada, at(1, 1), EventKind::Ask).in_community(CommunityId::from_raw(9)),
    ];
    let err = l.record_batch(&batch).unwrap_err();
    assert_eq!(err.to_string(), "event[1]: no community with id 9");
    // The error keeps its kind: an unknown id is an unknown id, with its position.
    assert_eq!(err.kind(), cop_core::ErrorKind::UnknownId);
    assert!(matches!(err, CopError::InBatch { index: 1, .. }));
    assert!(matches!(err.innermost(), CopError::UnknownId { entity: Entity::Community, id: 9 }));
    assert_eq!(l.counts().events, 0);
    let recorded = l.record_batch(&batch[..1]).unwrap();
    assert_eq!((recorded.start.raw(), recorded.end.raw()), (0, 1));
}

#[test]
fn keyed_events_create_on_first_sight_unless_strict() {
    let mut l = Landscape::new();
    let event = KeyedEvent {
        member: "ada",
        time: 1_700_000_000,
        kind: "pair",
        domain: Some("rust/async"),
        target: Some("bob"),
        community: Some("rustaceans"),
        artifact: Some("notes"),
        weight: None,
        thread: Some("q1"),
    };
    assert!(matches!(l.record_keyed(&event, true), Err(CopError::UnknownKey { entity: Entity::Kind, .. })));
    assert_eq!(l.counts().members, 0);
    l.record_keyed(&event, false).unwrap();
    assert_eq!(l.counts().members, 2);
    assert_eq!(l.counts().domains, 2);
    assert_eq!(l.kind_name(l.kind("pair").unwrap()), Some("pair"));
    l.record_keyed(&event, true).unwrap();
    let bad = KeyedEvent { domain: Some("rust//x"), member: "zed", ..event };
    assert!(l.record_keyed(&bad, false).is_err());
    assert_eq!(l.member_id("zed"), None, "nothing was created for the refused event");
}

#[test]
fn the_graph_holds_every_relation() {
    let mut l = Landscape::new();
    let ada = l.ensure_member("ada").unwrap();
    let bob = l.ensure_member("bob").unwrap();
    let testing = l.ensure_domain("testing/unit").unwrap();
    l.set_competence(ada, testing, cop_core::Competence::Expert).unwrap();
    l.set_competence(ada, testing, cop_core::Competence::Proficient).unwrap();
    l.add_interest(bob, testing).unwrap();
    let faq = l.ensure_artifact("faq").unwrap();
    l.add_artifact_author(faq, ada).unwrap();
    l.add_artifact_domain(faq, testing).unwrap();
    l.record(Event::new(ada, at(1, 0), EventKind::Mentor).toward(bob)).unwrap();
    let counts: std::collections::BTreeMap<_, _> = l.graph().relation_counts().into_iter().collect();
    assert_eq!(counts["competence"], 1, "setting competence again replaces it");
    assert_eq!(counts["interest"], 1);
    assert_eq!(counts["sub_domain_of"], 1);
    assert_eq!(counts["authored"], 1);
    assert_eq!(counts["about"], 1);
    assert_eq!(counts["mentoring"], 1);
    assert_eq!(counts["interaction"], 1);
    assert_eq!(counts["membership"], 1);
    let competence: Vec<_> = l
        .graph()
        .outgoing(Node::Member(ada))
        .filter_map(|(n, r)| matches!(r, Relation::Competence { .. }).then_some((n, r)))
        .collect();
    assert_eq!(
        competence,
        [(Node::Domain(testing), Relation::Competence { level: cop_core::Competence::Proficient })]
    );
}

#[test]
fn a_copy_keeps_only_the_events_of_a_time_range() {
    let mut l = Landscape::new();
    let (ada, bob) = (l.ensure_member("ada").unwrap(), l.ensure_member("bob").unwrap());
    for day in 1..=5 {
        l.record(Event::new(ada, at(day, 9), EventKind::Answer).toward(bob)).unwrap();
    }
    let part = l.events_between(at(2, 0).timestamp(), at(4, 0).timestamp());
    assert_eq!(part.counts().events, 2, "days 2 and 3");
    assert_eq!(part.counts().members, 2, "members are kept");
    assert_eq!(part.graph().interaction(ada, bob).unwrap().count, 2, "the graph follows the events");
    assert_eq!(part.log().of_member(ada).len(), 2);
    assert_eq!(l.events_between(i64::MIN, i64::MAX), l);
}
