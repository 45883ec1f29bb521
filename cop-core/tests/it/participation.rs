//! Participation: hand-computed policies, ladder criteria, trajectory rules, the real data and
//! properties.

use cop_core::model::time::{DAY, Period, parse_time};
use cop_core::participation::analysis::{Options, Participation};
use cop_core::participation::ladder::{Amount, Ladder, Lock, Quantity, Requirement, Rung};
use cop_core::participation::levels::{Level, Levels, Quantile, ShareOfTotal, round_half_even};
use cop_core::participation::policy::{PolicySpec, assess};
use cop_core::participation::trajectory::{TrajectoryConfig, TrajectoryKind, classify};
use cop_core::participation::{Decay, ParticipationConfig, score_of};
use cop_core::{ImportOptions, Landscape, MemberId};
use proptest::prelude::*;

const START: i64 = 1_704_067_200; // 2024-01-01T00:00:00Z

/// A landscape where member `m{i}` has `counts[i]` `commit` events, one per hour from 2024-01-01.
fn with_counts(counts: &[u32]) -> Landscape {
    let mut csv = String::from("member,time,kind\n");
    let mut t = START;
    for (i, &c) in counts.iter().enumerate() {
        for _ in 0..c {
            csv += &format!("m{i},{t},commit\n");
            t += 3600;
        }
    }
    let mut landscape = Landscape::new();
    landscape.import_csv(csv.as_bytes(), &ImportOptions::default()).unwrap();
    landscape
}

fn levels_of(counts: &[u32], spec: PolicySpec) -> Vec<Level> {
    let landscape = with_counts(counts);
    let as_of = START + 30 * DAY;
    let levels = assess(&landscape, as_of, &ParticipationConfig::default(), &spec).unwrap();
    (0..counts.len())
        .map(|i| levels.of(landscape.member_id(&format!("m{i}")).unwrap()).unwrap().level)
        .collect()
}

use Level::{Active, CoreGroup as Core, Occasional, Peripheral, Transactional};

#[test]
fn coronet_core_reaches_round_80_percent_and_does_not_extend_ties() {
    let coronet = || PolicySpec::ShareOfTotal(ShareOfTotal::coronet());
    // 10 + 6 = 16 ≥ round(0.8 × 20) = 16.
    assert_eq!(levels_of(&[10, 6, 3, 1], coronet()), [Core, Core, Peripheral, Peripheral]);
    // Five equal members: threshold 20, reached by the fourth; the fifth stays peripheral.
    assert_eq!(levels_of(&[5; 5], coronet()), [Core, Core, Core, Core, Peripheral]);
    // The member who crosses 80 % is core.
    assert_eq!(levels_of(&[60, 30, 10], coronet()), [Core, Core, Peripheral]);
    assert_eq!((round_half_even(2.5), round_half_even(3.5), round_half_even(-2.5)), (2.0, 4.0, -2.0));
}

#[test]
fn grimoirelab_onion_keeps_the_crossing_member_out_of_the_core() {
    let onion = || PolicySpec::ShareOfTotal(ShareOfTotal::grimoirelab_onion());
    // Cumulative shares 0.5, 0.8, 0.95, 1.0: core ≤ 80 %, regular ≤ 95 %, casual above.
    assert_eq!(levels_of(&[50, 30, 15, 5], onion()), [Core, Core, Active, Peripheral]);
    // 0.6 core; 0.9 crosses 80 % → regular (coronet would say core); 1.0 casual.
    assert_eq!(levels_of(&[60, 30, 10], onion()), [Core, Active, Peripheral]);
    // A single contributor has 100 % and is casual, as in GrimoireLab.
    assert_eq!(levels_of(&[7], onion()), [Peripheral]);
}

#[test]
fn absence_factor_counts_until_strictly_more_than_half() {
    let chaoss = || PolicySpec::Preset { name: "absence_factor".into() };
    assert_eq!(levels_of(&[50, 30, 20], chaoss()), [Core, Core, Peripheral]);
    assert_eq!(levels_of(&[51, 49], chaoss()), [Core, Peripheral]);
}

#[test]
fn quantile_bands_by_hand() {
    // 20 members with 20, 19, …, 1 events (on distinct hours of the first days).
    let counts: Vec<u32> = (1..=20).rev().collect();
    let levels = levels_of(&counts, PolicySpec::default());
    // ceil(0.15 × 20) = 3 core, ceil(0.35 × 20) = 7 → 4 active, ceil(0.65 × 20) = 13 → 6 occasional.
    assert_eq!(&levels[..3], [Core; 3]);
    assert_eq!(&levels[3..7], [Active; 4]);
    assert_eq!(&levels[7..13], [Occasional; 6]);
    // The rest: everyone's events fall on one or two days; 1-day members are transactional.
    assert!(levels[13..].iter().all(|l| matches!(l, Peripheral | Transactional)));
    assert_eq!(levels[19], Transactional, "one event, one day");
    let custom = Quantile {
        core: 0.5,
        active: 0.0,
        occasional: 0.0,
        transactional_max_days: 0,
        ..Quantile::default()
    };
    let halves = levels_of(&counts, PolicySpec::Quantile(custom));
    assert_eq!(halves.iter().filter(|&&l| l == Core).count(), 10);
    assert!(halves[10..].iter().all(|&l| l == Peripheral));
    let bad = Quantile { core: 0.8, active: 0.5, ..Quantile::default() };
    let landscape = with_counts(&counts);
    assert!(assess(&landscape, START, &ParticipationConfig::default(), &PolicySpec::Quantile(bad)).is_err());
}

/// A ladder with one rung above the entry: `events` events in 30 days.
fn ladder(low_water: f64, grace_days: u32) -> Ladder {
    Ladder {
        name: "test".into(),
        rungs: vec![
            Rung {
                name: "new".into(),
                level: Peripheral,
                requires: Requirement::All(vec![]),
                manual_only: false,
                low_water: 1.0,
                grace_days: 0,
            },
            Rung {
                name: "regular".into(),
                level: Active,
                requires: Requirement::AtLeast {
                    quantity: Quantity::Events { kinds: vec![] },
                    amount: Amount::Absolute(10.0),
                    window_days: Some(30),
                },
                manual_only: false,
                low_water,
                grace_days,
            },
        ],
        review_every_days: 1,
        locks: vec![],
    }
}

/// One event a day for `days` days from 2024-01-01, then nothing.
fn daily(days: i64) -> Landscape {
    let mut csv = String::from("member,time,kind\n");
    for d in 0..days {
        csv += &format!("ada,{},commit\n", START + d * DAY + 3600);
    }
    let mut l = Landscape::new();
    l.import_csv(csv.as_bytes(), &ImportOptions::default()).unwrap();
    l
}

fn ladder_level(l: &Landscape, ladder: Ladder, as_of: i64) -> cop_core::Assessment {
    let mut config = ParticipationConfig::default();
    config.window_days = 90;
    let levels = assess(l, as_of, &config, &PolicySpec::Ladder(ladder)).unwrap();
    levels.of(l.member_id("ada").unwrap()).unwrap().clone()
}

#[test]
fn ladder_hysteresis_grace_and_why_not() {
    let l = daily(12); // events on days 0..=11
    // An event is at 01:00 of its day; as of day D the 30-day window holds days D-30..=D-1.
    // Day 38: days 8..=11 → 4 events: under 10 and under 0.8 × 10.
    assert_eq!(ladder_level(&l, ladder(0.8, 0), START + 38 * DAY).level, Peripheral);
    // Day 31: days 1..=11 → 11 events: promoted.
    assert_eq!(ladder_level(&l, ladder(0.8, 0), START + 31 * DAY).level, Active);
    // Day 33: the window (day 3, day 33] holds days 3..=11 → 9 events: below 10 but above the
    // low-water mark 8 → kept.
    assert_eq!(ladder_level(&l, ladder(0.8, 0), START + 33 * DAY).level, Active);
    // Without hysteresis the same day demotes.
    assert_eq!(ladder_level(&l, ladder(1.0, 0), START + 33 * DAY).level, Peripheral);
    // Day 36: 6 events, under the low-water mark: demoted — unless within the grace period
    // (promoted on day 10 with 10 events; 30 days of grace last until day 40).
    assert_eq!(ladder_level(&l, ladder(0.8, 0), START + 36 * DAY).level, Peripheral);
    assert_eq!(ladder_level(&l, ladder(0.8, 10), START + 36 * DAY).level, Peripheral);
    assert_eq!(ladder_level(&l, ladder(0.8, 30), START + 36 * DAY).level, Active);
    // Why not promoted yet: on day 5 the member has 5 of the 10 events (days 0..=4).
    let early = ladder_level(&l, ladder(0.8, 0), START + 5 * DAY);
    assert_eq!(early.level, Peripheral);
    let check = &early.evidence.criteria[0];
    assert_eq!((check.rung.as_str(), check.value, check.required, check.met), ("regular", 5.0, 10.0, false));
}

#[test]
fn ladder_distinctness_locks_and_manual_rungs() {
    // Likes from at least 3 distinct people on at least 2 distinct days.
    let mut l = Landscape::new();
    let csv = "member,time,kind,target\n\
        b,2024-01-01T10:00:00Z,react,ada\n\
        c,2024-01-01T11:00:00Z,react,ada\n\
        c,2024-01-02T11:00:00Z,react,ada\n\
        ada,2024-01-02T12:00:00Z,read,\n";
    l.import_csv(csv.as_bytes(), &ImportOptions::default()).unwrap();
    let mut liked = ladder(1.0, 0);
    liked.rungs[1].requires = Requirement::All(vec![
        Requirement::AtLeast {
            quantity: Quantity::ReceivedFromPeople { kinds: vec!["react".into()] },
            amount: Amount::Absolute(3.0),
            window_days: None,
        },
        Requirement::AtLeast {
            quantity: Quantity::ReceivedOnDays { kinds: vec!["react".into()] },
            amount: Amount::Absolute(2.0),
            window_days: None,
        },
    ]);
    let as_of = parse_time("2024-01-03T00:00:00Z").unwrap();
    let before = ladder_level(&l, liked.clone(), as_of);
    assert_eq!(before.level, Peripheral, "two people only");
    let values: Vec<(f64, bool)> = before.evidence.criteria.iter().map(|c| (c.value, c.met)).collect();
    assert_eq!(values, [(2.0, false), (2.0, true)]);
    l.import_csv(
        "member,time,kind,target\nd,2024-01-02T13:00:00Z,react,ada\n".as_bytes(),
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(ladder_level(&l, liked.clone(), as_of).level, Active);
    // A manual-only rung is reached only by a lock; a lock holds whatever the activity.
    let mut manual = liked.clone();
    manual.rungs.push(Rung {
        name: "leader".into(),
        level: Core,
        manual_only: true,
        ..manual.rungs[0].clone()
    });
    assert_eq!(ladder_level(&l, manual.clone(), as_of).level, Active);
    manual.locks.push(Lock { member: "ada".into(), rung: "leader".into() });
    assert_eq!(ladder_level(&l, manual, as_of).level, Core);
}

#[test]
fn discourse_and_orbit_presets() {
    let mut csv = String::from("member,time,kind,artifact\n");
    // A reader: 30 reads over 6 topics on 3 days → TL1 (5 topics, 30 posts, 10 minutes).
    for i in 0..30 {
        csv += &format!("reader,{},read,topic{}\n", START + (i % 3) * DAY + i * 60, i % 6);
    }
    csv += &format!("organiser,{},organize,\n", START + DAY);
    // Two active days in one week → Participating; the reader's reads are on 3 days in a week too.
    csv += &format!("visitor,{},read,\nvisitor,{},read,\n", START + DAY, START + 2 * DAY);
    let mut l = Landscape::new();
    l.import_csv(csv.as_bytes(), &ImportOptions::default()).unwrap();
    let as_of = START + 10 * DAY;
    let config = ParticipationConfig::default();
    let discourse =
        assess(&l, as_of, &config, &PolicySpec::Preset { name: "discourse_trust_levels".into() }).unwrap();
    let reader = discourse.of(l.member_id("reader").unwrap()).unwrap();
    assert_eq!(reader.evidence.rung.as_deref(), Some("TL1"));
    assert_eq!(reader.level, Occasional);
    // Why not TL2: the checks of TL2 name what is missing.
    let missing: Vec<&str> =
        reader.evidence.criteria.iter().filter(|c| !c.met).map(|c| c.criterion.as_str()).collect();
    assert!(missing.contains(&"read events ever"), "{missing:?}");
    let orbit = assess(&l, as_of, &config, &PolicySpec::Preset { name: "orbit".into() }).unwrap();
    let rung = |key: &str| orbit.of(l.member_id(key).unwrap()).unwrap().evidence.rung.clone().unwrap();
    assert_eq!(rung("organiser"), "Leading", "an activity of weight 10");
    assert_eq!(rung("visitor"), "Participating", "2 days in a week");
    assert!(PolicySpec::Preset { name: "nope".into() }.resolve().is_err());
}

fn levels(seq: &str) -> Vec<Level> {
    seq.chars()
        .map(|c| match c {
            'C' => Core,
            'A' => Active,
            'O' => Occasional,
            'P' => Peripheral,
            'T' => Transactional,
            _ => Level::Outsider,
        })
        .collect()
}

/// A landscape where `m0` commits once at each of `times`.
fn at_times(times: &[i64]) -> Landscape {
    let mut csv = String::from("member,time,kind\n");
    for t in times {
        csv += &format!("m0,{t},commit\n");
    }
    let mut landscape = Landscape::new();
    landscape.import_csv(csv.as_bytes(), &ImportOptions::default()).unwrap();
    landscape
}

#[test]
fn trajectory_rules_by_hand() {
    let dates: Vec<i64> = (0..12).map(|p| START + p * 30 * DAY).collect();
    let l = at_times(&dates); // an event in every period
    let m = MemberId::from_raw(0);
    let config = TrajectoryConfig::default();
    let kind = |seq: &str| classify(&l, m, &levels(seq), &dates[..seq.len()], &config).kind;
    assert_eq!(kind("------------"), TrajectoryKind::Inactive, "never took part");
    assert_eq!(kind("PPOAAAC---"), TrajectoryKind::Inactive, "three empty periods at the end");
    assert_eq!(kind("--------P"), TrajectoryKind::Newcomer);
    assert_eq!(kind("-------PO"), TrajectoryKind::Newcomer);
    assert_eq!(kind("---PPOOAAC"), TrajectoryKind::Inbound);
    assert_eq!(kind("CCCCAAOPP"), TrajectoryKind::Outbound);
    assert_eq!(kind("PPCCCCCCC"), TrajectoryKind::Insider);
    assert_eq!(kind("PPPPPPPPP"), TrajectoryKind::Peripheral);
    assert_eq!(kind("PPOPPOPPO"), TrajectoryKind::Peripheral, "ups and downs without a trend");
    let t = classify(&l, m, &levels("---PPOOAAC"), &dates[..10], &config);
    assert!(t.evidence.slope > 0.2 && t.rule.contains("rising"), "{}", t.rule);
}

#[test]
fn a_member_whose_evidence_is_one_event_is_never_an_insider() {
    // The same level history as an insider's above, but the member has one event in all: under
    // any policy that put them in the core group, one event is not a stable full participant.
    let l = with_counts(&[1]);
    let m = MemberId::from_raw(0);
    let dates: Vec<i64> = (0..9).map(|p| START + p * 30 * DAY).collect();
    let t = classify(&l, m, &levels("PPCCCCCCC"), &dates, &TrajectoryConfig::default());
    assert_eq!(t.kind, TrajectoryKind::Peripheral, "{}", t.rule);
    assert_eq!(t.evidence.events, 1);
    assert!(t.rule.contains("1 event(s) in all"), "{}", t.rule);
    // Two events in two of the recent periods (ending at dates[7] and dates[8]) are enough.
    let two = at_times(&[dates[7], dates[8]]);
    let t = classify(&two, m, &levels("PPCCCCCCC"), &dates, &TrajectoryConfig::default());
    assert_eq!((t.kind, t.evidence.active_periods), (TrajectoryKind::Insider, 2));
    // Two events in one period are not: a burst that the level window keeps in view is not a
    // stable participation (the recent periods are the last six: dates[3] … dates[8]).
    let burst = at_times(&[dates[8] - 3600, dates[8]]);
    let t = classify(&burst, m, &levels("PPCCCCCCC"), &dates, &TrajectoryConfig::default());
    assert_eq!((t.kind, t.evidence.events, t.evidence.active_periods), (TrajectoryKind::Peripheral, 2, 1));
    assert!(t.rule.contains("acting in 1 of the recent periods"), "{}", t.rule);
}

#[test]
fn a_one_event_member_in_a_busy_community_is_occasional_or_lower() {
    // 19 members with 2 … 20 commits (weight 3 each, on distinct hours of the first days) and
    // `solo`, whose single event weighs 100: the highest score of all, one event.
    let mut csv = String::from("member,time,kind,weight\n");
    let mut t = START;
    for i in 0..19u32 {
        for _ in 0..(i + 2) {
            csv += &format!("m{i},{t},commit,\n");
            t += 3600;
        }
    }
    csv += &format!("solo,{t},commit,100\n");
    let mut l = Landscape::new();
    l.import_csv(csv.as_bytes(), &ImportOptions::default()).unwrap();
    let levels =
        assess(&l, START + 30 * DAY, &ParticipationConfig::default(), &PolicySpec::default()).unwrap();
    let solo = levels.of(l.member_id("solo").unwrap()).unwrap();
    assert_eq!(solo.evidence.rank, Some(1), "the top score");
    assert_eq!(solo.level, Occasional, "{}", solo.evidence.rule);
    assert!(solo.evidence.rule.contains("1 event(s)"), "{}", solo.evidence.rule);
    // The cuts do not move: ceil(0.15 × 20) = 3 places in the core, solo's stays empty.
    let counts = levels.counts();
    assert_eq!((counts[Core.index()], counts[Active.index()]), (2, 4), "core m18, m17; active m16 … m13");
    // Every one-event member of the busy community is occasional or further out.
    for a in &levels.assessments {
        if a.evidence.score.events == 1 {
            assert!(a.level.rank() <= Occasional.rank(), "{:?}", a);
        }
    }
    // The floor can be turned off: then solo is core.
    let off = PolicySpec::Quantile(Quantile { inner_min_events: 1, ..Quantile::default() });
    let levels = assess(&l, START + 30 * DAY, &ParticipationConfig::default(), &off).unwrap();
    assert_eq!(levels.of(l.member_id("solo").unwrap()).unwrap().level, Core);
}

#[test]
fn members_tied_at_the_cut_share_a_level() {
    // 10 members, each with their commits on a day of their own (no decay): equal counts give
    // equal scores. ceil(0.15 × 10) = 2 core places, but m1, m2 and m3 have the same 5 events as
    // the second: all three are core with m0. ceil(0.35 × 10) = 4: the active cut is the fourth
    // score (m3's again), so nobody is active; ceil(0.65 × 10) = 7: m4 … m6 (3 events each) are
    // occasional together; m7 … m9 (2 events, one day) are transactional together.
    let counts = [9, 5, 5, 5, 3, 3, 3, 2, 2, 2];
    let mut csv = String::from("member,time,kind\n");
    for (i, &n) in counts.iter().enumerate() {
        for k in 0..n {
            csv += &format!("m{i},{},commit\n", START + i as i64 * DAY + k * 60);
        }
    }
    let mut l = Landscape::new();
    l.import_csv(csv.as_bytes(), &ImportOptions::default()).unwrap();
    let mut config = ParticipationConfig::default();
    config.decay = Decay::None;
    let levels = assess(&l, START + 30 * DAY, &config, &PolicySpec::default()).unwrap();
    let level = |i: usize| levels.of(l.member_id(&format!("m{i}")).unwrap()).unwrap().level;
    let all: Vec<Level> = (0..10).map(level).collect();
    assert_eq!(&all[..4], [Core; 4]);
    assert_eq!(&all[4..7], [Occasional; 3]);
    assert_eq!(&all[7..], [Transactional; 3]);
}

#[test]
fn boundary_members_span_communities() {
    let mut l = Landscape::new();
    let mut csv = String::from("member,time,kind,community\n");
    for d in 0..120 {
        csv += &format!("ada,{},answer,{}\n", START + d * DAY, if d % 2 == 0 { "rust" } else { "python" });
        csv += &format!("bob,{},answer,rust\n", START + d * DAY);
    }
    l.import_csv(csv.as_bytes(), &ImportOptions::default()).unwrap();
    let analysis = Participation::compute(&l, START + 119 * DAY, &Options::default()).unwrap();
    let kind = |k: &str| analysis.trajectory(l.member_id(k).unwrap()).unwrap().kind;
    assert_eq!(kind("ada"), TrajectoryKind::Boundary);
    assert_eq!(kind("bob"), TrajectoryKind::Insider);
}

#[test]
fn timeline_flows_and_gravity_by_hand() {
    // Month 1: a and b take part; month 2: a, c. Quantile with core 50 %: the busier is core.
    let mut csv = String::from("member,time,kind\n");
    for (member, day, n) in [("a", 2, 5), ("b", 3, 1), ("a", 33, 5), ("c", 34, 1)] {
        for i in 0..n {
            csv += &format!("{member},{},commit\n", START + day * DAY + i * 60);
        }
    }
    let mut l = Landscape::new();
    l.import_csv(csv.as_bytes(), &ImportOptions::default()).unwrap();
    let mut options = Options::default();
    options.participation.window_days = 31;
    options.participation.decay = Decay::None;
    options.policy = PolicySpec::Quantile(Quantile {
        core: 0.5,
        active: 0.0,
        occasional: 0.0,
        transactional_max_days: 1,
        ..Quantile::default()
    });
    options.period = Period::Month;
    options.trajectory = TrajectoryConfig::default();
    options.current_only = false;
    let as_of = parse_time("2024-02-20T00:00:00Z").unwrap();
    let analysis = Participation::compute(&l, as_of, &options).unwrap();
    let t = &analysis.timeline;
    assert_eq!(t.dates.len(), 2);
    // January: a core, b transactional, c outsider. February: a core, b outsider, c transactional.
    let (core, trans, out) = (Core.index(), Transactional.index(), Level::Outsider.index());
    assert_eq!((t.counts[0][core], t.counts[0][trans], t.counts[0][out]), (1, 1, 1));
    assert_eq!((t.counts[1][core], t.counts[1][trans], t.counts[1][out]), (1, 1, 1));
    let flow = &t.transitions[0];
    assert_eq!((flow.held, flow.joined, flow.left, flow.promoted, flow.demoted), (1, 1, 1, 0, 0));
    assert_eq!(flow.matrix[trans][out], 1);
    assert!((flow.turnover - 0.5).abs() < 1e-12);
    // Commitment 10² + 1² in both months: gravity 0.
    assert_eq!(t.commitment, [101.0, 101.0]);
    assert_eq!(t.gravity, [0.0]);
    let report = analysis.report(&l);
    assert_eq!(report.members.len(), 3);
    assert!(serde_json::to_string(&report).unwrap().contains("\"trajectory\""));
}

fn flask() -> Landscape {
    let mut l = Landscape::new();
    let file = std::fs::File::open(crate::data_dir().join("flask-commits.csv")).unwrap();
    l.import_csv(file, &ImportOptions::default()).unwrap();
    l
}

#[test]
fn flask_top_authors_of_the_last_year_are_core_and_one_event_members_never() {
    let l = flask();
    let (_, last) = l.log().span().unwrap();
    let year_ago = last - 365 * DAY;
    let mut counts: Vec<(usize, MemberId)> =
        l.member_ids().map(|m| (l.log().of_member_between(m, year_ago + 1, last + 1).len(), m)).collect();
    counts.sort_by_key(|c| std::cmp::Reverse(c.0));
    let config = ParticipationConfig::default();
    for spec in [PolicySpec::default(), PolicySpec::Preset { name: "coronet".into() }] {
        let levels = assess(&l, last, &config, &spec).unwrap();
        // The last year of flask is one maintainer's (107 events; the next has 2): the members
        // with at least half the top count are the leaders.
        let top = counts[0].0;
        assert_eq!(top, 107);
        for &(n, m) in counts.iter().take_while(|(n, _)| 2 * n >= top) {
            assert_eq!(
                levels.of(m).unwrap().level,
                Core,
                "{} with {n} events ({spec:?})",
                l.member_key(m).unwrap()
            );
        }
        for m in l.member_ids().filter(|&m| l.log().of_member(m).len() == 1) {
            assert_ne!(levels.of(m).unwrap().level, Core, "{}", l.member_key(m).unwrap());
        }
    }
    // Under the default policy, a member with one event in the window is neither core nor active.
    let levels = assess(&l, last, &config, &PolicySpec::default()).unwrap();
    for a in levels.assessments.iter().filter(|a| a.evidence.score.events == 1) {
        assert!(a.level.rank() <= Occasional.rank(), "{} is {:?}", l.member_key(a.member).unwrap(), a.level);
    }
    let analysis = Participation::compute(&l, last, &Options::default()).unwrap();
    assert_eq!(analysis.timeline.dates.len(), 193, "monthly from 2010-04 to 2026-04");
    // Nobody whose evidence is one event is an insider, at any date of the history.
    for m in l.member_ids().filter(|&m| l.log().of_member(m).len() == 1) {
        let t = analysis.trajectory(m).unwrap();
        assert_ne!(t.kind, TrajectoryKind::Insider, "{}: {}", l.member_key(m).unwrap(), t.rule);
    }
    // Incremental queries agree with the full analysis when nothing changed.
    for m in l.member_ids() {
        let (assessment, trajectory) = analysis.update_member(&l, m).unwrap();
        assert_eq!(assessment.level, analysis.level(m).unwrap().level);
        assert_eq!(trajectory.kind, analysis.trajectory(m).unwrap().kind, "{}", l.member_key(m).unwrap());
    }
}

#[test]
fn incremental_update_sees_new_events() {
    let mut l = flask();
    let (_, last) = l.log().span().unwrap();
    let analysis = Participation::compute(&l, last, &Options::default()).unwrap();
    let quiet = l.member_ids().find(|&m| analysis.level(m).unwrap().level == Level::Outsider).unwrap();
    let key = l.member_key(quiet).unwrap().to_owned();
    let mut csv = String::from("member,time,kind,domain\n");
    for d in 0..40 {
        csv += &format!("{key},{},merge,docs\n", last - d * DAY);
    }
    l.import_csv(csv.as_bytes(), &ImportOptions::default()).unwrap();
    let (assessment, _) = analysis.update_member(&l, quiet).unwrap();
    assert_eq!(assessment.level, Core, "40 merges in the last 40 days");
}

#[test]
fn kappa_compares_policies() {
    let l = flask();
    let (_, last) = l.log().span().unwrap();
    let config = ParticipationConfig::default();
    let a = assess(&l, last, &config, &PolicySpec::default()).unwrap().levels();
    let b = assess(&l, last, &config, &PolicySpec::Preset { name: "coronet".into() }).unwrap().levels();
    let same = cop_core::participation::agreement::cohen_kappa(&a, &a).unwrap();
    assert_eq!(same, 1.0);
    let k = cop_core::participation::agreement::cohen_kappa(&a, &b).unwrap();
    assert!(k > 0.0 && k < 1.0, "{k}");
}

fn small_landscape(rows: &[(u8, u16, u8, Option<u8>)]) -> Landscape {
    let kinds = ["ask", "answer", "review", "react"];
    let mut csv = String::from("member,time,kind,target\n");
    for &(m, minute, k, t) in rows {
        csv += &format!(
            "m{m},{},{},{}\n",
            START + i64::from(minute) * 3600,
            kinds[usize::from(k)],
            t.map(|t| format!("m{t}")).unwrap_or_default()
        );
    }
    let mut l = Landscape::new();
    l.import_csv(csv.as_bytes(), &ImportOptions::default()).unwrap();
    l
}

fn rows() -> impl Strategy<Value = Vec<(u8, u16, u8, Option<u8>)>> {
    proptest::collection::vec((0u8..8, 0u16..2000, 0u8..4, proptest::option::of(0u8..8)), 1..60)
}

fn by_key(l: &Landscape, levels: &Levels) -> Vec<(String, Level)> {
    let mut out: Vec<(String, Level)> =
        l.member_ids().map(|m| (l.member_key(m).unwrap().to_owned(), levels.of(m).unwrap().level)).collect();
    out.sort();
    out
}

proptest! {
    #[test]
    fn levels_partition_the_members(rows in rows(), preset in 0usize..5) {
        let l = small_landscape(&rows);
        let spec = PolicySpec::Preset { name: PolicySpec::PRESETS[preset].into() };
        let levels = assess(&l, START + 100 * DAY, &ParticipationConfig::default(), &spec).unwrap();
        prop_assert_eq!(levels.assessments.len(), l.counts().members);
        prop_assert_eq!(levels.counts().iter().sum::<usize>(), l.counts().members);
        for (i, a) in levels.assessments.iter().enumerate() {
            prop_assert_eq!(a.member.index(), i);
        }
    }

    #[test]
    fn more_activity_never_lowers_a_score(rows in rows(), extra in (0u8..8, 0u16..2000, 0u8..4, proptest::option::of(0u8..8))) {
        let before = small_landscape(&rows);
        let mut more = rows.clone();
        more.push(extra);
        let after = small_landscape(&more);
        let as_of = START + 90 * DAY;
        let config = ParticipationConfig::default();
        for m in before.member_ids() {
            let key = before.member_key(m).unwrap();
            let a = score_of(&before, m, as_of, &config).total;
            let b = score_of(&after, after.member_id(key).unwrap(), as_of, &config).total;
            prop_assert!(b >= a, "{key}: {a} → {b}");
        }
    }

    #[test]
    fn levels_do_not_depend_on_recording_order(rows in rows(), preset in 0usize..5) {
        let mut reversed = rows.clone();
        reversed.reverse();
        let (a, b) = (small_landscape(&rows), small_landscape(&reversed));
        let spec = PolicySpec::Preset { name: PolicySpec::PRESETS[preset].into() };
        let as_of = START + 90 * DAY;
        let config = ParticipationConfig::default();
        let la = assess(&a, as_of, &config, &spec).unwrap();
        let lb = assess(&b, as_of, &config, &spec).unwrap();
        prop_assert_eq!(by_key(&a, &la), by_key(&b, &lb));
        let default = PolicySpec::default();
        prop_assert_eq!(by_key(&a, &assess(&a, as_of, &config, &default).unwrap()), by_key(&b, &assess(&b, as_of, &config, &default).unwrap()));
    }
}

#[test]
fn assessing_the_current_date_only_gives_the_same_levels_and_one_period() {
    let landscape = flask();
    let (_, last) = landscape.log().span().unwrap();
    let full = Participation::compute(&landscape, last, &Options::default()).unwrap();
    let mut of_the_date = Options::default();
    of_the_date.current_only = true;
    let current = Participation::compute(&landscape, last, &of_the_date).unwrap();
    assert!(full.timeline.dates.len() > 100, "{}", full.timeline.dates.len());
    assert_eq!(current.timeline.dates, [last]);
    for m in landscape.member_ids() {
        assert_eq!(current.level(m), full.level(m), "member {m}");
        assert!(current.trajectory(m).is_some());
    }
    // One period: nobody has a past to move in from, so no one is inbound.
    assert!(landscape.member_ids().all(|m| current.trajectory(m).unwrap().kind != TrajectoryKind::Inbound));
}

/// Members acting over about a year in up to three communities and four domains (day, member,
/// community, domain).
fn spread_landscape(rows: &[(u16, u8, u8, Option<u8>)]) -> Landscape {
    let mut csv = String::from("member,time,kind,community,domain\n");
    for &(day, m, c, d) in rows {
        let domain = d.map(|d| format!("d{d}")).unwrap_or_default();
        csv += &format!("m{m},{},answer,c{c},{domain}\n", START + i64::from(day) * DAY);
    }
    let mut l = Landscape::new();
    l.import_csv(csv.as_bytes(), &ImportOptions::default()).unwrap();
    l
}

proptest! {
    #[test]
    fn everyone_s_trajectories_match_each_member_classified_alone(
        rows in proptest::collection::vec(
            (0u16..400, 0u8..12, 0u8..3, proptest::option::of(0u8..4)), 1..120),
        current_only in any::<bool>(),
    ) {
        let l = spread_landscape(&rows);
        let mut config = TrajectoryConfig::default();
        config.boundary_communities = 2;
        config.boundary_domains = Some(3);
        let mut options = Options::default();
        options.current_only = current_only;
        options.trajectory = config;
        let as_of = START + 400 * DAY;
        let analysis = Participation::compute(&l, as_of, &options).unwrap();
        for m in l.member_ids() {
            let alone = classify(&l, m, &analysis.timeline.of(m), &analysis.timeline.dates, &config);
            prop_assert_eq!(analysis.trajectory(m).unwrap(), &alone);
        }
    }
}

#[test]
fn one_members_evidence_is_the_reports_entry() {
    let landscape = with_counts(&[5, 3, 1]);
    let participation = Participation::compute(&landscape, START + 30 * DAY, &Options::default()).unwrap();
    let report = participation.report(&landscape);
    for entry in &report.members {
        let id = landscape.member_id(&entry.member).unwrap();
        assert_eq!(participation.member(&landscape, id).as_ref(), Some(entry));
    }
    assert!(participation.member(&landscape, MemberId::from_raw(3)).is_none());
}
