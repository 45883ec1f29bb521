//! Snapshots round-trip exactly.

use chrono::{TimeZone, Utc};
use cop_core::{
    Artifact, Charter, Community, CommunityKind, Competence, Event, EventKind, Goal, ImportOptions,
    Landscape, Member, Orientation, Role, Space, Visibility,
};
use proptest::prelude::*;

fn save(landscape: &Landscape) -> Vec<u8> {
    let mut bytes = Vec::new();
    landscape.save_snapshot(&mut bytes).unwrap();
    bytes
}

/// A landscape using every part of the model.
fn rich() -> Landscape {
    let mut l = Landscape::new();
    let day = |d: u32| Utc.with_ymd_and_hms(2024, 1, d, 12, 0, 0).unwrap();
    let perf = l.add_domain("testing/performance").unwrap();
    let testing = l.domain_id("testing").unwrap();
    let docs = l.add_domain("docs").unwrap();
    l.set_parent_domain(docs, Some(testing)).unwrap();
    let mut community = Community::named("Testing guild");
    community.kind = CommunityKind::Internal;
    community.orientation = Orientation::Practice;
    community.spaces = vec![Space { name: "#testing".into(), visibility: Visibility::Private }];
    community.charter = Some(Charter {
        purpose: "Faster feedback".into(),
        audience: "Everyone who writes tests".into(),
        goals: vec![Goal { metric: "active_members".into(), target: 40.0, deadline: day(31) }],
    });
    community.created = Some(day(1));
    let guild = l.add_community("guild", community).unwrap();
    l.add_community_domain(guild, testing).unwrap();
    let mut member = Member::default();
    member.joined = Some(day(2));
    member.mentoring_capacity = 3;
    member.availability = Some(2.5);
    member.affiliation = Some("ACME".into());
    let ada = l.add_member("ada", member).unwrap();
    let bob = l.ensure_member("bob").unwrap();
    l.set_competence(ada, perf, Competence::Expert).unwrap();
    l.set_competence(bob, perf, Competence::Novice).unwrap();
    l.add_interest(bob, perf).unwrap();
    l.add_membership(ada, guild, Role::Coordinator, Some(day(2))).unwrap();
    l.declare_mentoring(ada, bob, day(3)).unwrap();
    let mut artifact = Artifact::default();
    artifact.kind = "doc".into();
    artifact.created = Some(day(4));
    let faq = l.add_artifact("faq", artifact).unwrap();
    l.add_artifact_author(faq, ada).unwrap();
    l.add_artifact_domain(faq, perf).unwrap();
    let kudos = l.intern_kind("kudos").unwrap();
    l.set_kind_weight(kudos, 0.3).unwrap();
    l.set_kind_weight(EventKind::Read, 0.1).unwrap();
    l.record(Event::new(bob, day(5), EventKind::Ask).about(perf).in_community(guild)).unwrap();
    l.record(Event::new(ada, day(5), EventKind::Mentor).toward(bob).on(faq).weighted(1.1)).unwrap();
    l.record(Event::new(bob, day(4), kudos).toward(ada)).unwrap();
    l
}

#[test]
fn a_rich_landscape_round_trips_exactly() {
    let original = rich();
    let bytes = save(&original);
    let loaded = Landscape::load_snapshot(bytes.as_slice()).unwrap();
    assert_eq!(loaded, original);
    assert_eq!(save(&loaded), bytes, "saving again gives the same bytes");
    // The derived graph is rebuilt the same way.
    assert_eq!(loaded.graph().relation_counts(), original.graph().relation_counts());
    let (ada, bob) = (loaded.member_id("ada").unwrap(), loaded.member_id("bob").unwrap());
    let tie = loaded.graph().mentoring(ada, bob).unwrap();
    assert_eq!(tie.count, 1);
    assert!((tie.weight - f64::from(1.1f32)).abs() < 1e-12);
    assert_eq!(loaded.memberships(ada).len(), 2, "guild (declared) and default (acted)");
}

#[test]
fn the_real_data_round_trips() {
    let mut landscape = Landscape::new();
    let file = std::fs::File::open(crate::data_dir().join("stackexchange-history-meta-events.csv")).unwrap();
    landscape.import_csv(file, &ImportOptions::default()).unwrap();
    let bytes = save(&landscape);
    let loaded = Landscape::load_snapshot(bytes.as_slice()).unwrap();
    assert_eq!(loaded, landscape);
    assert_eq!(loaded.graph().interaction_count(), landscape.graph().interaction_count());
}

proptest! {
    #[test]
    fn random_landscapes_round_trip(
        rows in proptest::collection::vec((0u8..6, -5_000_000i64..5_000_000, 0u8..5, proptest::option::of(0u8..6), proptest::option::of(any::<f32>().prop_filter("finite ≥ 0", |w| w.is_finite() && *w >= 0.0))), 0..50)
    ) {
        let mut l = Landscape::new();
        let kinds = ["ask", "answer", "mentor", "cheer", "read"];
        for (m, t, k, target, weight) in rows {
            let member = l.ensure_member(&format!("m{m}")).unwrap();
            let kind = l.intern_kind(kinds[usize::from(k)]).unwrap();
            let mut event = Event::new(member, chrono::DateTime::from_timestamp(1_600_000_000 + t, 0).unwrap(), kind);
            if let Some(t) = target {
                event = event.toward(l.ensure_member(&format!("m{t}")).unwrap());
            }
            if let Some(w) = weight {
                event = event.weighted(w);
            }
            l.record(event).unwrap();
        }
        let bytes = save(&l);
        let loaded = Landscape::load_snapshot(bytes.as_slice()).unwrap();
        prop_assert!(loaded == l);
        prop_assert_eq!(save(&loaded), bytes);
    }
}
