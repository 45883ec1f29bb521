//! Health, value stories, charter goals and maturity: hand-computed values, hand-built stages,
//! the real data and properties.
#![allow(clippy::single_range_in_vec_init)] // windows of member ranges are what the fixtures mean

use chrono::{TimeZone, Utc};
use cop_core::analysis::{Analysis, AsOf};
use cop_core::health::maturity::{self, MaturityConfig, Stage};
use cop_core::health::{HealthConfig, HealthReport, charter_progress};
use cop_core::model::time::{DAY, parse_time};
use cop_core::model::value::{ValueCycle, ValueStory, summary};
use cop_core::participation::analysis::{Options, Participation};
use cop_core::report::{Report, ReportOptions};
use cop_core::{Charter, Goal, ImportOptions, Landscape, Period};
use proptest::prelude::*;

/// The health report as of `as_of`, with the levels of `config.participation`.
fn health_at(l: &Landscape, as_of: i64, config: &HealthConfig) -> cop_core::Result<HealthReport> {
    Analysis::new(l, AsOf::at(as_of)?, &config.participation)?.health(config)
}

/// The maturity assessment as of `as_of`, with the levels of `config.health.participation`.
fn maturity_at(l: &Landscape, as_of: i64, config: &MaturityConfig) -> cop_core::Result<maturity::Assessment> {
    Analysis::new(l, AsOf::at(as_of)?, &config.health.participation)?.maturity(config)
}

/// The whole report as of `as_of`.
fn report_at(l: &Landscape, as_of: i64, options: &ReportOptions) -> cop_core::Result<Report> {
    Analysis::new(l, AsOf::at(as_of)?, &options.participation)?.report(options)
}

fn load(csv: &str) -> Landscape {
    let mut l = Landscape::new();
    l.import_csv(csv.as_bytes(), &ImportOptions::default()).unwrap();
    l
}

const FIXTURE: &str = "member,time,kind,domain,target\n\
    ann,2024-01-10T10:00:00Z,organize,,\n\
    ann,2024-01-24T10:00:00Z,organize,,\n\
    ann,2024-02-07T10:00:00Z,organize,,\n\
    ann,2024-03-01T10:00:00Z,ask,testing,\n\
    bob,2024-03-01T12:00:00Z,answer,testing,ann\n\
    cy,2024-03-02T10:00:00Z,ask,docs,\n\
    dan,2024-03-03T10:00:00Z,comment,docs,cy\n\
    ann,2024-03-10T10:00:00Z,ask,testing,\n\
    bob,2024-03-11T10:00:00Z,answer,docs,ann\n";

fn fixture_report() -> (Landscape, HealthReport) {
    let mut l = load(FIXTURE);
    for (key, affiliation) in [("ann", "acme"), ("bob", "acme"), ("cy", "globex")] {
        let id = l.member_id(key).unwrap();
        l.member_mut(id).unwrap().affiliation = Some(affiliation.into());
    }
    let as_of = parse_time("2024-03-31T23:59:59Z").unwrap();
    let report = health_at(&l, as_of, &HealthConfig::default()).unwrap();
    (l, report)
}

#[test]
fn every_metric_by_hand() {
    let (_, h) = fixture_report();
    assert_eq!(h.active_members, 4);
    assert_eq!(h.newcomers, 4, "everyone's first event is in the 90-day window");
    // The last 30 days: cy (Mar 2), dan (Mar 3), ann (Mar 10), bob (Mar 11): 4 member-days / 30 / 4.
    assert!((h.dau_mau - 1.0 / 30.0).abs() < 1e-12);
    // Questions: ann's first answered in 2 h, cy's in 24 h (a comment), ann's second never
    // (bob's later answer is about docs, not testing).
    let r = &h.responsiveness;
    assert_eq!((r.questions, r.answered), (3, 2));
    assert!((r.unanswered_share - 1.0 / 3.0).abs() < 1e-12);
    assert_eq!((r.median_hours, r.mean_hours), (Some(13.0), Some(13.0)));
    // Weighted activity: ann 2 asks (4) + 3 organise (18) = 22 of 32 > 16 → one member.
    assert_eq!(h.concentration.absence_factor, 1);
    assert_eq!(h.concentration.elephant_factor, Some(1), "acme has 28 of 32");
    assert_eq!(h.concentration.organisers, [("ann".to_owned(), 3)]);
    // January and February; March (the current month) has had no gathering yet and is skipped.
    assert_eq!(h.concentration.organiser_streak, 2);
    assert_eq!(h.concentration.burnout_risk, None);
    // Gatherings every 14 days, the last on Feb 7: 53 days before Mar 31.
    let rhythm = &h.rhythm;
    assert_eq!((rhythm.gatherings, rhythm.median_gap_days, rhythm.gap_cv), (3, Some(14.0), Some(0.0)));
    assert_eq!(rhythm.days_since_last_gathering, Some(53.0));
    assert!((rhythm.longest_silence_days - 23.0).abs() < 1e-9, "Feb 7 to Mar 1");
    assert_eq!(rhythm.weekly_pattern.iter().sum::<u64>(), 9);
    // Give and take: bob's two answers against three questions.
    assert_eq!((h.reciprocity.given, h.reciprocity.taken), (2, 3));
    assert_eq!(h.reciprocity.givers[0], ("bob".to_owned(), 2, 0));
    assert_eq!(h.reciprocity.takers[0], ("ann".to_owned(), 0, 2));
    assert_eq!(h.repertoire.new_domains, 2);
    assert_eq!((h.inactive_contributors, h.occasional_contributors), (0, 0));
    // Layers: ann active on 5 days (≥ 3: monthly), bob on 2, cy and dan on 1.
    assert_eq!(h.layers.sizes, [0, 1, 4, 4]);
    assert_eq!(h.boundary_share, 0.0);
    // Founders: the first three to act (ann, bob, cy) carry 30 of 32.
    assert!((h.founders_share - 30.0 / 32.0).abs() < 1e-12);
    assert_eq!(h.metric("unanswered_share"), Some(1.0 / 3.0));
    assert_eq!(h.metric("nonsense"), None);
}

#[test]
fn next_steps_name_the_numbers() {
    let (l, h) = fixture_report();
    let as_of = parse_time("2024-03-31T23:59:59Z").unwrap();
    let participation = Participation::compute(&l, as_of, &Options::default()).unwrap();
    let a = Analysis::of(&l, &participation).unwrap().maturity(&MaturityConfig::default()).unwrap();
    let advice: Vec<&str> = a.next_steps.iter().map(|s| s.advice.as_str()).collect();
    assert!(
        advice.iter().any(|s| s.contains("no gathering for 53 days against a 14-day rhythm")),
        "{advice:?}"
    );
    assert!(advice.iter().any(|s| s.contains("33 % of the 3 questions")) || h.responsiveness.questions < 5);
    assert!(!a.evidence.is_empty() && a.indicated.share > 0.0 && a.indicated.share <= 1.0);
    assert_eq!(a.settled.tension, a.settled.stage.tension());
}

#[test]
fn burnout_and_leadership_flags() {
    // Two organisers run every gathering, weekly, for eight months; 45 members attend.
    let mut csv = String::from("member,time,kind\n");
    let start = Utc.with_ymd_and_hms(2024, 1, 1, 18, 0, 0).unwrap().timestamp();
    for week in 0..35 {
        let t = start + week * 7 * DAY;
        csv += &format!("{},{t},organize\n", if week % 2 == 0 { "ann" } else { "bob" });
        for m in 0..45 {
            csv += &format!("m{m},{},attend\n", t + 60);
        }
    }
    let l = load(&csv);
    let as_of = start + 35 * 7 * DAY;
    let h = health_at(&l, as_of, &HealthConfig::default()).unwrap();
    assert!(h.concentration.organiser_streak >= 6, "{}", h.concentration.organiser_streak);
    let risk = h.concentration.burnout_risk.clone().unwrap();
    assert!(risk.contains("100 %") && risk.contains("share the load"), "{risk}");
    // 47 active members, two organisers: no single-leader flag.
    assert_eq!(h.layers.leaders, Some(2));
    assert_eq!(h.layers.leadership_flag, None);
    let one_leader = load(&csv.replace(",bob,", ",ann,").replace("\nbob,", "\nann,"));
    let h = health_at(&one_leader, as_of, &HealthConfig::default()).unwrap();
    assert!(h.layers.leadership_flag.unwrap().contains("needs a leadership team"));
}

#[test]
fn value_stories_and_charter_goals() {
    let mut l = load(FIXTURE);
    let ann = l.member_id("ann").unwrap();
    let day = |m: u32, d: u32| Utc.with_ymd_and_hms(2024, m, d, 0, 0, 0).unwrap().timestamp();
    for (cycle, date) in [
        (ValueCycle::Immediate, day(1, 15)),
        (ValueCycle::Applied, day(3, 5)),
        (ValueCycle::Immediate, day(3, 20)),
    ] {
        l.add_value_story(ValueStory {
            cycle,
            date,
            text: "helped".into(),
            members: vec![ann],
            artifacts: vec![],
            events: vec![],
        })
        .unwrap();
    }
    assert!(
        l.add_value_story(ValueStory {
            cycle: ValueCycle::Realised,
            date: 0,
            text: " ".into(),
            members: vec![],
            artifacts: vec![],
            events: vec![]
        })
        .is_err()
    );
    let s = summary(l.value_stories(), day(3, 31), Period::Month);
    assert_eq!(s.per_cycle, [2, 0, 1, 0, 0]);
    assert_eq!(s.per_period.len(), 2);
    assert_eq!(s.per_period[1].per_cycle, [1, 0, 1, 0, 0]);
    // Stories survive a snapshot.
    let mut bytes = Vec::new();
    l.save_snapshot(&mut bytes).unwrap();
    assert_eq!(Landscape::load_snapshot(bytes.as_slice()).unwrap().value_stories().len(), 3);

    let deadline = Utc.with_ymd_and_hms(2024, 12, 31, 0, 0, 0).unwrap();
    l.community_mut(cop_core::CommunityId::DEFAULT).unwrap().charter = Some(Charter {
        purpose: "learn testing".into(),
        audience: "everyone".into(),
        goals: vec![
            Goal { metric: "active_members".into(), target: 4.0, deadline },
            Goal { metric: "unanswered_share".into(), target: 0.1, deadline },
            Goal { metric: "happiness".into(), target: 1.0, deadline },
        ],
    });
    let as_of = parse_time("2024-03-31T23:59:59Z").unwrap();
    let config = HealthConfig::default();
    let participation = Participation::compute(&l, as_of, &config.participation).unwrap();
    let report = Analysis::of(&l, &participation).unwrap().health(&config).unwrap();
    let points = Analysis::of(&l, &participation).unwrap().health_series(&config).unwrap();
    assert_eq!(points.len(), 3, "January to March");
    let goals = charter_progress(&l, as_of, &report, &points, Period::Month);
    assert_eq!(goals.len(), 3);
    assert_eq!((goals[0].current, goals[0].progress, goals[0].on_track), (Some(4.0), Some(1.0), Some(true)));
    assert!(goals[1].lower_is_better);
    assert!((goals[1].progress.unwrap() - 0.3).abs() < 1e-9, "target 0.1 against 1/3");
    assert_eq!(goals[2].current, None);
    assert!(goals[2].note.contains("no value"));
}

/// `windows[k]` = the members (by number) active in the k-th 90-day window, oldest first; each
/// active member answers someone every week of the window; m0 organises fortnightly.
fn community(windows: &[std::ops::Range<u32>]) -> (Landscape, i64) {
    let start = Utc.with_ymd_and_hms(2020, 1, 6, 9, 0, 0).unwrap().timestamp();
    let mut csv = String::from("member,time,kind,target\n");
    for (k, members) in windows.iter().enumerate() {
        let base = start + k as i64 * 90 * DAY;
        for week in 0..12i64 {
            let t = base + week * 7 * DAY;
            if week % 2 == 0 {
                csv += &format!("m0,{t},organize,\n");
            }
            for m in members.clone() {
                let target = if m == members.start { members.end - 1 } else { m - 1 };
                csv += &format!("m{m},{},answer,m{target}\n", t + i64::from(m) * 60);
            }
        }
    }
    let as_of = start + windows.len() as i64 * 90 * DAY - 1;
    (load(&csv), as_of)
}

fn stage_of(windows: &[std::ops::Range<u32>]) -> (Stage, maturity::Assessment) {
    let (l, as_of) = community(windows);
    let participation = Participation::compute(&l, as_of, &Options::default()).unwrap();
    let a = Analysis::of(&l, &participation).unwrap().maturity(&MaturityConfig::default()).unwrap();
    (a.settled.stage, a)
}

#[test]
fn hand_built_communities_are_assessed_at_their_stage() {
    assert_eq!(stage_of(&[0..3]).0, Stage::Potential, "three people, six weeks old");
    assert_eq!(stage_of(&[0..4, 0..10]).0, Stage::Coalescing, "ten members, six months, growing");
    assert_eq!(stage_of(&[0..12, 0..20, 0..30, 0..45, 0..60]).0, Stage::Maturing, "growing past 15");
    let steady: Vec<_> = (0..16).map(|_| 0..30).collect();
    assert_eq!(stage_of(&steady).0, Stage::Stewardship, "30 members for four years");
    // Fading: the indicators point to transformation at once; the settled stage follows once
    // they have for `persistence` periods in a row.
    let mut fading = steady.clone();
    fading.push(0..4);
    let (stage, a) = stage_of(&fading);
    assert_eq!(a.indicated.stage, Stage::Transformation, "{:?}", a.evidence);
    assert_eq!(stage, Stage::Stewardship);
    assert!(
        a.settled.rule.starts_with("the indicators point to transformation for 1 of the 4 periods"),
        "{}",
        a.settled.rule
    );
    fading.push(0..2);
    let (stage, a) = stage_of(&fading);
    assert_eq!((stage, a.indicated.stage), (Stage::Transformation, Stage::Transformation), "{a:#?}");
}

#[test]
fn small_changes_in_evidence_move_the_stage_as_the_rules_say() {
    let steady: Vec<_> = (0..16).map(|_| 0..30).collect();
    let (_, before) = stage_of(&steady);
    let growth = before.evidence.iter().find(|i| i.name == "growth").unwrap();
    assert_eq!(growth.points_to, Stage::Stewardship);
    // A wave of newcomers: growth and inflow now point to maturing.
    let mut grown = steady.clone();
    grown.push(0..45);
    let (_, after) = stage_of(&grown);
    let point =
        |a: &maturity::Assessment, name: &str| a.evidence.iter().find(|i| i.name == name).unwrap().points_to;
    assert_eq!(point(&after, "growth"), Stage::Maturing);
    assert_eq!(point(&after, "newcomer_inflow"), Stage::Maturing);
    // One member fewer in a tiny group changes nothing; crossing the size threshold does.
    assert_eq!(point(&stage_of(&[0..4]).1, "size"), Stage::Potential);
    assert_eq!(point(&stage_of(&[0..5]).1, "size"), Stage::Coalescing);
    // Webber's labels.
    let (l, as_of) = community(&steady);
    let participation = Participation::compute(&l, as_of, &Options::default()).unwrap();
    let mut config = MaturityConfig::default();
    config.webber_labels = true;
    let a = Analysis::of(&l, &participation).unwrap().maturity(&config).unwrap();
    assert_eq!(
        (a.settled.label.as_str(), a.indicated.label.as_str()),
        ("self-sustaining", "self-sustaining")
    );
}

#[test]
fn stage_history_of_the_real_histories_moves_between_neighbours() {
    for file in ["flask-commits.csv", "requests-commits.csv"] {
        let mut l = Landscape::new();
        l.import_csv(std::fs::File::open(crate::data_dir().join(file)).unwrap(), &ImportOptions::default())
            .unwrap();
        let (first, last) = l.log().span().unwrap();
        let participation = Participation::compute(&l, last, &Options::default()).unwrap();
        let history =
            Analysis::of(&l, &participation).unwrap().stage_history(&MaturityConfig::default()).unwrap();
        assert_eq!(history.len(), participation.timeline.dates.len(), "{file}: one stage per period");
        assert!(history.len() > 150);
        for w in history.windows(2) {
            let step = (w[0].settled as i32 - w[1].settled as i32).abs();
            assert!(
                step <= 1 || w[1].settled == Stage::Transformation,
                "{file}: only neighbours, or straight into transformation: {:?} → {:?}",
                w[0],
                w[1]
            );
        }
        assert!(history.iter().all(|p| p.indicated_share > 0.0 && p.indicated_share <= 1.0));
        // Persistence keeps the stage from flickering: few changes over 16 years of months.
        let changes = history.windows(2).filter(|w| w[0].settled != w[1].settled).count();
        assert!(changes < 40, "{file}: {changes} changes");
        // Old projects with a handful of maintainers are stewarded, not potential communities.
        assert_eq!(history.last().unwrap().settled, Stage::Stewardship, "{file}");
        // Both projects grew past the potential stage …
        assert!(history.iter().any(|p| p.settled >= Stage::Maturing), "{file}");
        // … but not in their first three months, and neither was stewarded before two years.
        let age = |p: &maturity::StagePoint| (parse_time(&p.date).unwrap() - first) / DAY;
        for p in &history {
            if age(p) < 90 {
                assert!(p.settled <= Stage::Coalescing, "{file}: {p:?} in the first three months");
            }
            if age(p) < 730 {
                assert!(p.settled != Stage::Stewardship, "{file}: {p:?} before two years");
            }
        }
        assert!(history.iter().all(|p| p.settled <= p.ceiling || p.settled == Stage::Transformation));
    }
}

#[test]
fn every_way_to_the_stage_gives_the_same_settled_and_indicated_stage() {
    let mut l = Landscape::new();
    l.import_csv(
        std::fs::File::open(crate::data_dir().join("requests-commits.csv")).unwrap(),
        &ImportOptions::default(),
    )
    .unwrap();
    let as_of = l.log().span().unwrap().1;
    let config = MaturityConfig::default();
    let alone = maturity_at(&l, as_of, &config).unwrap();
    let report = report_at(&l, as_of, &ReportOptions::default()).unwrap();
    assert_eq!(report.maturity, alone, "the report's assessment is the maturity call's");
    let last = report.stage_history.last().unwrap();
    assert_eq!((last.settled, last.indicated), (alone.settled.stage, alone.indicated.stage));
    // Every share names its stage: the votes' shares add up to one, and each of the two
    // answers carries its own stage's share.
    assert!((alone.votes.iter().map(|v| v.share).sum::<f64>() - 1.0).abs() < 1e-9);
    let share = |stage: Stage| alone.votes.iter().find(|v| v.stage == stage).unwrap().share;
    assert_eq!(alone.indicated.share, share(alone.indicated.stage));
    assert_eq!(alone.settled.share, share(alone.settled.stage));
    assert!(alone.votes.iter().all(|v| v.share <= alone.indicated.share), "the indicated stage has the most");
    assert!(!alone.settled.rule.is_empty() && alone.settled.since.is_some() && alone.settled.periods >= 1);
}

#[test]
fn before_the_first_event_a_community_is_potential_with_no_evidence() {
    let (l, as_of) = community(&[0..10, 0..10, 0..10, 0..10, 0..10, 0..10, 0..10, 0..10, 0..10]);
    let config = MaturityConfig::default();
    let empty = maturity_at(&Landscape::new(), as_of, &config).unwrap();
    let before = maturity_at(&l, parse_time("2019-06-01T00:00:00Z").unwrap(), &config).unwrap();
    for a in [&empty, &before] {
        assert_eq!((a.settled.stage, a.indicated.stage), (Stage::Potential, Stage::Potential));
        assert!(a.evidence.is_empty() && a.next_steps.is_empty(), "{a:?}");
        assert_eq!((a.indicated.share, a.settled.share), (0.0, 0.0));
        assert_eq!(a.settled.rule, "no event by this date");
    }
}

#[test]
fn a_young_steady_community_is_held_in_the_early_stages() {
    // Ten members active every week for 200 days: coalescing, not stewardship.
    let (l, _) = community(&[0..10, 0..10, 0..10]);
    let first = l.log().span().unwrap().0;
    let as_of = first + 200 * DAY;
    let a = maturity_at(&l, as_of, &MaturityConfig::default()).unwrap();
    assert_eq!(a.settled.stage, Stage::Coalescing, "{a:#?}");
    assert_eq!(a.indicated.stage, Stage::Coalescing);
    assert!(a.evidence.iter().all(|i| i.points_to <= Stage::Coalescing), "{:?}", a.evidence);
    let growth = a.evidence.iter().find(|i| i.name == "growth").unwrap();
    assert!(growth.rule.contains("at most coalescing"), "{}", growth.rule);
    assert!(a.settled.rule.contains("the most that age and size allow"), "{}", a.settled.rule);
    // The same ten people after three years are stewarding their practice.
    let (l, as_of) = community(&vec![0..10; 12]);
    let a = maturity_at(&l, as_of, &MaturityConfig::default()).unwrap();
    assert_eq!(a.settled.stage, Stage::Stewardship, "{a:#?}");
    // Forty members after eighteen months: at most maturing.
    let (l, as_of) = community(&[0..20, 0..25, 0..30, 0..34, 0..40, 0..40]);
    let a = maturity_at(&l, as_of, &MaturityConfig::default()).unwrap();
    assert_eq!(a.settled.stage, Stage::Maturing, "{a:#?}");
}

#[test]
fn a_settled_stage_moves_only_after_the_indicators_persist() {
    // Thirty members for four years, then one quiet month: the indicators turn, the stage holds.
    let steady: Vec<_> = (0..16).map(|_| 0..30).collect();
    let (l, as_of) = community(&steady);
    let a = maturity_at(&l, as_of + 40 * DAY, &MaturityConfig::default()).unwrap();
    let history = Analysis::new(&l, AsOf::at(as_of + 40 * DAY).unwrap(), &Options::default())
        .unwrap()
        .stage_history(&MaturityConfig::default())
        .unwrap();
    let last = history.last().unwrap();
    assert_eq!(a.settled.stage, last.settled);
    if a.indicated.stage != a.settled.stage {
        assert!(a.settled.rule.contains("periods in a row it takes to move"), "{}", a.settled.rule);
        assert!(a.settled.share < a.indicated.share);
    }
}

#[test]
fn the_whole_report_serialises() {
    let (l, _) = fixture_report();
    let as_of = parse_time("2024-03-31T23:59:59Z").unwrap();
    let report = report_at(&l, as_of, &ReportOptions::default()).unwrap();
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["schema"], "cop-report/2");
    assert_eq!(json["health"]["active_members"], 4);
    assert_eq!(json["stage_history"].as_array().unwrap().len(), 3);
    // The report's stage is the history's settled stage; the indicated one is kept beside it.
    assert_eq!(json["maturity"]["settled"]["stage"], json["stage_history"][2]["settled"]);
    assert_eq!(json["maturity"]["indicated"]["stage"], json["stage_history"][2]["indicated"]);
    assert_eq!(json["communities"].as_array().unwrap().len(), 0, "one community: no per-community part");
    // Mentor suggestions for the report's mentees (the three newcomers), each pair explained.
    let mentoring = &json["mentoring"];
    assert!(mentoring["mentees"].as_u64().unwrap() <= 3);
    assert!(ReportOptions::from_json(r#"{"mentoring": false}"#).is_ok());
    assert!(ReportOptions::from_json(r#"{"histroy": false}"#).is_err(), "unknown fields are refused");
    assert!(!ReportOptions::from_json(r#"{"history": false}"#).unwrap().history);
}

proptest! {
    #[test]
    fn absence_factor_is_between_one_and_the_active_members(
        rows in proptest::collection::vec((0u8..10, 0u32..80, 0u8..4), 1..80)
    ) {
        let kinds = ["ask", "answer", "organize", "read"];
        let mut csv = String::from("member,time,kind\n");
        for (m, d, k) in &rows {
            csv += &format!("m{m},{},{}\n", 1_704_067_200 + i64::from(*d) * DAY, kinds[usize::from(*k)]);
        }
        let l = load(&csv);
        let as_of = 1_704_067_200 + 85 * DAY;
        let h = health_at(&l, as_of, &HealthConfig::default()).unwrap();
        prop_assert!(h.concentration.absence_factor >= 1);
        prop_assert!(h.concentration.absence_factor <= h.active_members);
        prop_assert_eq!(h.concentration.absence_factor, cop_core::health::absence_factor_by_policy(&l, as_of, 90));
        // Recording order does not matter.
        let mut lines: Vec<&str> = csv.lines().skip(1).collect();
        lines.reverse();
        let reversed = load(&format!("member,time,kind\n{}\n", lines.join("\n")));
        let r = health_at(&reversed, as_of, &HealthConfig::default()).unwrap();
        let mut a = serde_json::to_value(&h).unwrap();
        let mut b = serde_json::to_value(&r).unwrap();
        // Lists ordered by member key are equal too; only member ids differ, never shown.
        a["retention"] = serde_json::Value::Null;
        b["retention"] = serde_json::Value::Null;
        prop_assert_eq!(a, b);
    }
}

#[test]
fn levels_based_metrics_by_hand() {
    // Monthly levels from 30-day windows, quantile with a 50 % core and nothing between:
    // January: a (4 answers) core, b (1 ask) transactional; February: a core, c (1 read)
    // transactional; March: c (4 events) core, a (1 ask) transactional.
    let csv = "member,time,kind,domain,target,community,artifact\n\
        a,2024-01-05T10:00:00Z,answer,testing,b,,faq\n\
        a,2024-01-06T10:00:00Z,answer,testing,b,,\n\
        a,2024-01-07T10:00:00Z,answer,testing,b,,\n\
        a,2024-01-08T10:00:00Z,answer,testing,b,,\n\
        b,2024-01-09T10:00:00Z,ask,testing,,,\n\
        a,2024-02-05T10:00:00Z,answer,testing,b,guild,\n\
        a,2024-02-06T10:00:00Z,answer,testing,b,,\n\
        c,2024-02-07T10:00:00Z,read,testing,,,faq\n\
        c,2024-03-05T10:00:00Z,review,testing,a,,faq\n\
        c,2024-03-06T10:00:00Z,answer,testing,a,,\n\
        c,2024-03-07T10:00:00Z,answer,testing,a,,\n\
        c,2024-03-08T10:00:00Z,answer,testing,a,,\n\
        a,2024-03-09T10:00:00Z,ask,testing,,,\n";
    let mut l = load(csv);
    let faq = l.artifact_id("faq").unwrap();
    let a = l.member_id("a").unwrap();
    l.add_artifact_author(faq, a).unwrap();
    l.artifact_mut(faq).unwrap().created = Some(Utc.with_ymd_and_hms(2024, 1, 5, 10, 0, 0).unwrap());
    let mut options = Options::default();
    options.participation.window_days = 30;
    options.participation.decay = cop_core::participation::Decay::None;
    options.policy = cop_core::PolicySpec::Quantile(cop_core::participation::levels::Quantile {
        core: 0.5,
        active: 0.0,
        occasional: 0.0,
        transactional_max_days: 1,
        ..cop_core::participation::levels::Quantile::default()
    });
    let as_of = parse_time("2024-03-31T23:59:59Z").unwrap();
    let participation = Participation::compute(&l, as_of, &options).unwrap();
    let mut config = HealthConfig::default();
    config.activation_periods = 1;
    config.retention_periods = 2;
    let h = Analysis::of(&l, &participation).unwrap().health(&config).unwrap();
    let levels: Vec<Vec<cop_core::Level>> = participation.timeline.levels.clone();
    use cop_core::Level::{CoreGroup as C, Outsider as O, Transactional as T};
    // Members in order of first sight: a, b, c.
    assert_eq!(levels, [vec![C, T, O], vec![C, O, T], vec![T, O, C]]);
    // Funnel: three took part; a and c reached occasional, active and the core; b stayed
    // transactional.
    assert_eq!(h.funnel, [3, 2, 2, 2]);
    // Activation within one period, for members whose period is over (a and b from January,
    // c from February): a core at once, b never active, c core in March → 2 of 3.
    assert_eq!((h.activation.recent_newcomers, h.activation.activated), (3, 2));
    // Cohorts: January (a, b): a takes part in February and March (1/2, 1/2); February (c):
    // March 1/1, and no later period yet.
    assert_eq!(h.retention.len(), 2);
    assert_eq!((h.retention[0].size, h.retention[0].retained.clone()), (2, vec![0.5, 0.5]));
    assert_eq!((h.retention[1].size, h.retention[1].retained.clone()), (1, vec![1.0]));
    // Inactive: b's last event (Jan 9) is 82 days before as_of, within 90: nobody is inactive.
    assert_eq!(h.inactive_contributors, 0);
    // Repertoire in the 90-day window (Jan 2 – Mar 31): faq created Jan 5; reused by c (not an
    // author) on Feb 7 and Mar 5; curated by c's review.
    assert_eq!((h.repertoire.created, h.repertoire.reused, h.repertoire.curated), (1, 1, 1));
    // Boundary: a's answer in the guild targets b, whose home community is the default → 1 of the
    // window's 10 targeted events crosses.
    assert!((h.boundary_share - 0.1).abs() < 1e-12, "{}", h.boundary_share);
    // Newcomers (all three joined in the window) with a domain: the only core member as of March
    // is c, tied to a directly (c answered a) and to b in two hops (c–a–b).
    assert_eq!(h.expert_access.newcomers_in_window, 3);
    assert_eq!((h.expert_access.within_one_hop, h.expert_access.within_two_hops), (1, 2));
    assert_eq!(h.expert_access.without_access, ["c"], "an expert is not their own expert");
    // Balance: one core of two participants in March — the 50 % the policy itself asks for, so
    // no deviation is reported (the quantile policy's own shares are not advice).
    assert_eq!(h.balance.core_share, 0.5);
    assert_eq!(h.balance.participants, 2);
    assert!(h.balance.deviations.is_empty(), "{:?}", h.balance.deviations);
    assert!(h.balance.rule.starts_with("quantile policy"), "{}", h.balance.rule);
}

#[test]
fn a_health_window_of_zero_days_is_a_typed_error() {
    let (l, _) = fixture_report();
    let as_of = parse_time("2024-03-31T23:59:59Z").unwrap();
    let mut config = HealthConfig::default();
    config.window_days = 0;
    let error = health_at(&l, as_of, &config).unwrap_err();
    assert_eq!(error.kind(), cop_core::ErrorKind::InvalidValue);
    assert!(error.to_string().contains("window_days"), "{error}");
    // Signed windows (from the bindings) go through the same check.
    assert!(cop_core::health::window_days(0).is_err());
    assert!(cop_core::health::window_days(-7).is_err());
    assert_eq!(cop_core::health::window_days(1).unwrap(), 1);
    assert!(cop_core::health::window_days(i64::from(u32::MAX) + 1).is_err());
    // So does a maturity assessment, whose indicators use the health window.
    let mut maturity = MaturityConfig::default();
    maturity.health = config;
    let participation = Participation::compute(&l, as_of, &Options::default()).unwrap();
    assert!(Analysis::of(&l, &participation).unwrap().maturity(&maturity).is_err());
}

#[test]
fn a_member_who_never_came_back_is_not_retained() {
    // x acts once, in January; y in January and again in March; z joins in February and acts
    // every month. With the default 365-day level window x stays "participating" all year, but
    // x never acts again: not retained. As of the end of June, July is not there yet.
    let csv = "member,time,kind\n\
        x,2024-01-10T10:00:00Z,commit\n\
        y,2024-01-11T10:00:00Z,commit\n\
        y,2024-03-11T10:00:00Z,commit\n\
        z,2024-02-01T10:00:00Z,commit\n\
        z,2024-03-01T10:00:00Z,commit\n\
        z,2024-04-01T10:00:00Z,commit\n\
        z,2024-05-01T10:00:00Z,commit\n\
        z,2024-06-01T10:00:00Z,commit\n";
    let l = load(csv);
    let as_of = parse_time("2024-06-30T23:59:59Z").unwrap();
    let h = health_at(&l, as_of, &HealthConfig::default()).unwrap();
    assert_eq!(h.retention.len(), 2);
    let (january, february) = (&h.retention[0], &h.retention[1]);
    assert!(january.joined.starts_with("2024-01-01"));
    // January (x, y): February nobody, March y, April–June nobody.
    assert_eq!((january.size, january.retained.clone()), (2, vec![0.0, 0.5, 0.0, 0.0, 0.0]));
    // February (z): March to June.
    assert_eq!((february.size, february.retained.clone()), (1, vec![1.0; 4]));
    // As of the middle of June, June is partial: not reported, so January has four values.
    let mid_june = parse_time("2024-06-15T00:00:00Z").unwrap();
    let h = health_at(&l, mid_june, &HealthConfig::default()).unwrap();
    assert_eq!(h.retention[0].retained, vec![0.0, 0.5, 0.0, 0.0]);
    assert_eq!(h.retention[1].retained, vec![1.0; 3]);
}

#[test]
fn a_partial_last_period_is_labelled_partial() {
    let (l, _) = fixture_report();
    let end_of_march = parse_time("2024-03-31T23:59:59Z").unwrap();
    let mid_march = parse_time("2024-03-12T00:00:00Z").unwrap();
    let full = Participation::compute(&l, end_of_march, &Options::default()).unwrap();
    assert!(!full.timeline.last_is_partial());
    assert_eq!(full.timeline.last_complete(), Some(2), "January, February, March");
    assert!(!full.report(&l).timeline.last_partial);
    let part = Participation::compute(&l, mid_march, &Options::default()).unwrap();
    assert!(part.timeline.last_is_partial());
    assert_eq!(part.timeline.last_complete(), Some(1), "February is the latest complete month");
    assert!(part.report(&l).timeline.last_partial);
}

/// `n` members who each commit once a week in `domain` for ten weeks up to 2024-03-10, plus the
/// extra rows.
fn busy(n: usize, domain: &str, extra: &str) -> Landscape {
    let mut csv = String::from("member,time,kind,domain,target\n");
    let start = Utc.with_ymd_and_hms(2024, 1, 1, 10, 0, 0).unwrap().timestamp();
    for week in 0..10 {
        for m in 0..n {
            csv += &format!("m{m},{},commit,{domain},\n", start + week * 7 * DAY + m as i64 * 60);
        }
    }
    csv += extra;
    load(&csv)
}

#[test]
fn no_organiser_or_leadership_advice_without_organising_events() {
    // 45 members committing (a git history): nobody ever organised anything.
    let l = busy(45, "src", "");
    let as_of = parse_time("2024-03-31T23:59:59Z").unwrap();
    let h = health_at(&l, as_of, &HealthConfig::default()).unwrap();
    assert!(!h.concentration.organising_recorded);
    assert_eq!(h.layers.leaders, None, "not measurable, not 0");
    assert_eq!(h.layers.leadership_flag, None);
    let participation = Participation::compute(&l, as_of, &Options::default()).unwrap();
    let a = Analysis::of(&l, &participation).unwrap().maturity(&MaturityConfig::default()).unwrap();
    assert!(
        a.next_steps.iter().all(|s| s.about != "organiser_load" && s.about != "leadership"),
        "{:?}",
        a.next_steps
    );
    // One organising event by one member: now leadership is measurable, and one leader for 46
    // active members calls for a leadership team.
    let l = busy(45, "src", "ann,2024-03-20T10:00:00Z,organize,,\n");
    let h = health_at(&l, as_of, &HealthConfig::default()).unwrap();
    assert!(h.concentration.organising_recorded);
    assert_eq!(h.layers.leaders, Some(1));
    let participation = Participation::compute(&l, as_of, &Options::default()).unwrap();
    let a = Analysis::of(&l, &participation).unwrap().maturity(&MaturityConfig::default()).unwrap();
    assert!(a.next_steps.iter().any(|s| s.about == "leadership"), "{:?}", a.next_steps);
}

#[test]
fn no_mentor_matching_advice_when_nobody_else_could_mentor() {
    // Ten regulars work on `src`; two newcomers arrive in `design`, where nobody in the core
    // group has worked: there is nobody to match them with.
    let newcomers = "n1,2024-03-20T10:00:00Z,commit,design,\nn2,2024-03-21T10:00:00Z,commit,design,\n";
    let l = busy(10, "src", newcomers);
    let as_of = parse_time("2024-03-31T23:59:59Z").unwrap();
    let participation = Participation::compute(&l, as_of, &Options::default()).unwrap();
    let a = Analysis::of(&l, &participation).unwrap().maturity(&MaturityConfig::default()).unwrap();
    let h = Analysis::of(&l, &participation).unwrap().health(&HealthConfig::default()).unwrap();
    assert_eq!(h.expert_access.newcomers_in_window, 2);
    assert_eq!((h.expert_access.within_one_hop, h.expert_access.could_be_mentored), (0, 0));
    assert!(a.next_steps.iter().all(|s| s.about != "expert_access"), "{:?}", a.next_steps);
    // Newcomers in `src`, where the core group works: matching can help both.
    let newcomers = "n1,2024-03-20T10:00:00Z,commit,src,\nn2,2024-03-21T10:00:00Z,commit,src,\n";
    let l = busy(10, "src", newcomers);
    let participation = Participation::compute(&l, as_of, &Options::default()).unwrap();
    let a = Analysis::of(&l, &participation).unwrap().maturity(&MaturityConfig::default()).unwrap();
    let step = a.next_steps.iter().find(|s| s.about == "expert_access").expect("mentor matching advised");
    assert!(
        step.advice.starts_with("2 newcomer(s)") && step.advice.contains("run mentor matching"),
        "{}",
        step.advice
    );
}

#[test]
fn balance_advice_follows_its_rule() {
    use cop_core::participation::policy::PolicySpec;
    // 12 members with 12, 11, … 1 events (one per day of their own, no decay): the quantile's
    // 2 core members of 12 are 17 %, above 15 % by rounding only: no advice.
    let mut csv = String::from("member,time,kind\n");
    let start = Utc.with_ymd_and_hms(2024, 3, 1, 10, 0, 0).unwrap().timestamp();
    for m in 0..12i64 {
        for k in 0..(12 - m) {
            csv += &format!("m{m},{},commit\n", start + m * DAY + k * 60);
        }
    }
    let l = load(&csv);
    let as_of = parse_time("2024-03-31T23:59:59Z").unwrap();
    let mut options = Options::default();
    options.participation.decay = cop_core::participation::Decay::None;
    let mut config = HealthConfig::default();
    config.participation = options.clone();
    let h = health_at(&l, as_of, &config).unwrap();
    assert_eq!((h.balance.participants, (h.balance.core_share * 12.0).round()), (12, 2.0));
    assert!(h.balance.deviations.is_empty(), "{:?}", h.balance.deviations);
    // 20 participants: three regulars (30 events each), four members with one heavy event each
    // (weight 20: scores just below the regulars'), thirteen with two light events. The policy
    // promises ceil(0.35 × 20) = 7 core or active places; the four one-event members take four
    // of them and are kept out by the evidence floor, leaving the active level empty (0 <
    // ⌊0.15 × 20⌋ = 3): reported, with the reason. The core (3 ≥ ⌊0.10 × 20⌋) is not.
    let mut csv = String::from("member,time,kind,weight\n");
    for m in 0..3i64 {
        for k in 0..30 {
            csv += &format!("r{m},{},commit,1\n", start + m * DAY + k * 60);
        }
    }
    for m in 0..4i64 {
        csv += &format!("h{m},{},commit,20\n", start + (3 + m) * DAY);
    }
    for m in 0..13i64 {
        csv += &format!(
            "t{m},{},commit,1\nt{m},{},commit,1\n",
            start + (7 + m) * DAY,
            start + (7 + m) * DAY + 60
        );
    }
    let floor = load(&csv);
    let h = health_at(&floor, as_of, &config).unwrap();
    assert_eq!((h.balance.participants, h.balance.active_share), (20, 0.0));
    assert_eq!(h.balance.deviations.len(), 1, "{:?}", h.balance.deviations);
    let d = &h.balance.deviations[0];
    assert!(d.starts_with("the active group is 0 % of participants, below the 15–20 % band"), "{d}");
    assert!(d.contains("4 member(s) whose score reaches it had fewer than 2 events"), "{d}");
    // A share-of-total policy is compared with the bands to the nearest whole member: coronet
    // puts 7 of 12 in the core (62 of 78 events: 58 %, above ⌈0.15 × 12⌉ = 2).
    let mut coronet = HealthConfig::default();
    coronet.participation = options;
    coronet.participation.policy = PolicySpec::Preset { name: "coronet".into() };
    let h = health_at(&l, as_of, &coronet).unwrap();
    assert!(
        h.balance.deviations.iter().any(|d| d.starts_with("the core group") && d.contains("above")),
        "{:?}",
        h.balance
    );
    assert!(h.balance.rule.contains("whole member"), "{}", h.balance.rule);
}

#[test]
fn inactive_occasional_and_burstiness_by_hand() {
    // x acted twice long ago; y acted 13 times long ago; z is active now.
    let mut csv = String::from("member,time,kind\n");
    csv += "x,2023-01-01T00:00:00Z,ask\nx,2023-01-02T00:00:00Z,ask\n";
    for d in 1..=13 {
        csv += &format!("y,2023-02-{d:02}T00:00:00Z,ask\n");
    }
    // z: three events at equal gaps (σ = 0 → burstiness −1).
    csv += "z,2024-03-01T00:00:00Z,ask\nz,2024-03-02T00:00:00Z,ask\nz,2024-03-03T00:00:00Z,ask\n";
    let l = load(&csv);
    let as_of = parse_time("2024-03-31T00:00:00Z").unwrap();
    let h = health_at(&l, as_of, &HealthConfig::default()).unwrap();
    assert_eq!(h.inactive_contributors, 2, "x and y");
    assert_eq!(h.occasional_contributors, 1, "x: quiet and at most 12 contributions; y has 13");
    assert_eq!(h.rhythm.burstiness, -1.0);
    assert_eq!(h.active_members, 1);
}

#[test]
fn occasional_contributors_count_only_what_came_before_the_date() {
    // w acted 12 times long ago and once more one second after the date: as of the date, w has
    // 12 contributions and is occasional. v acted 13 times long ago and is not.
    let mut csv = String::from("member,time,kind\n");
    for d in 1..=12 {
        csv += &format!("w,2023-01-{d:02}T00:00:00Z,ask\nv,2023-02-{d:02}T00:00:00Z,ask\n");
    }
    csv += "v,2023-02-13T00:00:00Z,ask\nw,2024-03-31T00:00:01Z,ask\n";
    let l = load(&csv);
    let as_of = parse_time("2024-03-31T00:00:00Z").unwrap();
    let h = health_at(&l, as_of, &HealthConfig::default()).unwrap();
    assert_eq!(h.inactive_contributors, 2, "w and v");
    assert_eq!(h.occasional_contributors, 1, "w: 12 contributions by the date; v has 13");
}

/// Two communities: `big` with eleven members answering weekly for 120 weeks, `small` with one.
fn two_communities() -> (Landscape, i64) {
    let start = parse_time("2022-01-03T09:00:00Z").unwrap();
    let mut csv = String::from("member,time,kind,target,community\n");
    for week in 0..120i64 {
        let t = start + week * 7 * DAY;
        for m in 0..11 {
            csv += &format!("m{m},{},answer,m{},big\n", t + m * 60, (m + 1) % 11);
        }
        csv += &format!("solo,{},share,,small\n", t + 3600);
    }
    let as_of = start + 120 * 7 * DAY;
    (load(&csv), as_of)
}

#[test]
fn one_community_is_measured_on_its_own_events() {
    let (mut l, as_of) = two_communities();
    let deadline = Utc.with_ymd_and_hms(2024, 1, 31, 0, 0, 0).unwrap();
    let small = l.community_id("small").unwrap();
    l.community_mut(small).unwrap().charter = Some(Charter {
        purpose: "a small circle".into(),
        audience: "anyone".into(),
        goals: vec![Goal { metric: "active_members".into(), target: 5.0, deadline }],
    });
    // The view holds the community's events only; every member keeps its id.
    let view = l.community_view("small").unwrap();
    assert_eq!(view.counts().events, 120);
    assert_eq!(view.member_id("m3"), l.member_id("m3"));
    assert!(matches!(l.community_view("nope"), Err(cop_core::CopError::UnknownKey { .. })));
    let config = HealthConfig::default();
    let participation = Participation::compute(&view, as_of, &config.participation).unwrap();
    let health = Analysis::of(&view, &participation).unwrap().health(&config).unwrap();
    assert_eq!(health.active_members, 1);
    // Structure on the view: `big`'s eleven members answer each other in a ring; `small` has no tie.
    let edge = cop_core::structure::EdgeWeight::Count;
    let structure = |l: &Landscape| {
        Analysis::new(l, AsOf::at(as_of).unwrap(), &Options::default()).unwrap().structure(365, edge).unwrap()
    };
    let whole = structure(&l);
    let big = structure(&l.community_view("big").unwrap());
    let alone = structure(&view);
    assert_eq!((whole.connected_members, big.connected_members, alone.connected_members), (11, 11, 0));
    assert_eq!((big.ties, alone.ties), (11, 0));

    // The report: the charter's goal is measured on `small` (1 active member), not on the 12 of
    // the landscape, and each community shows its own stage and health beside the landscape's.
    let report = report_at(&l, as_of, &ReportOptions::default()).unwrap();
    assert_eq!(report.health.active_members, 12);
    assert_eq!(report.goals.len(), 1);
    assert_eq!(report.goals[0].current, Some(1.0));
    assert!(report.goals[0].note.starts_with("missed: active_members is 1.00"), "{}", report.goals[0].note);
    let keys: Vec<&str> = report.communities.iter().map(|c| c.community.as_str()).collect();
    assert_eq!(keys, ["big", "small"]);
    let (big, small) = (&report.communities[0], &report.communities[1]);
    assert_eq!((big.health.active_members, small.health.active_members), (11, 1));
    assert_eq!((big.events, small.events, big.acting_members, small.acting_members), (1320, 120, 11, 1));
    assert_eq!(small.goals, report.goals);
    // One person sharing alone for two years is not a stewarded community; eleven are.
    assert_eq!(big.maturity.settled.stage, Stage::Stewardship, "{:?}", big.maturity.settled);
    assert!(small.maturity.settled.stage < Stage::Stewardship, "{:?}", small.maturity.settled);
    assert_eq!(small.maturity, maturity_at(&view, as_of, &MaturityConfig::default()).unwrap());
}

#[test]
fn options_that_would_panic_or_exhaust_memory_are_typed_errors() {
    let (l, as_of) = community(&[0..6, 0..6]);
    let invalid_field = |result: cop_core::Result<()>| match result {
        Err(cop_core::CopError::InvalidValue { field, .. }) => field,
        other => panic!("{other:?}"),
    };
    let participation =
        |json: &str| Participation::compute(&l, as_of, &Options::from_json(json).unwrap()).map(|_| ());
    assert_eq!(
        invalid_field(participation(r#"{"trajectory": {"recent_periods": 0, "trend_threshold": 0.0}}"#)),
        "recent_periods"
    );
    assert_eq!(
        invalid_field(participation(r#"{"trajectory": {"trend_threshold": 0.0}}"#)),
        "trend_threshold"
    );
    assert_eq!(
        invalid_field(participation(r#"{"trajectory": {"inactive_periods": 1000000000000}}"#)),
        "inactive_periods"
    );
    assert!(
        participation(r#"{"trajectory": {"recent_periods": 10000}}"#).is_ok(),
        "the limit itself is allowed"
    );
    let health = |json: &str| {
        let config: HealthConfig = serde_json::from_str(json).unwrap();
        health_at(&l, as_of, &config).map(|_| ())
    };
    assert_eq!(invalid_field(health(r#"{"retention_periods": 1000000000000}"#)), "retention_periods");
    assert_eq!(invalid_field(health(r#"{"activation_periods": 10001}"#)), "activation_periods");
    assert_eq!(
        invalid_field(health(r#"{"participation": {"trajectory": {"recent_periods": 0}}}"#)),
        "recent_periods"
    );
    let maturity = maturity_at(
        &l,
        as_of,
        &MaturityConfig::from_json(r#"{"health": {"burnout_periods": 99999999}}"#).unwrap(),
    );
    assert_eq!(invalid_field(maturity.map(|_| ())), "burnout_periods");
}
