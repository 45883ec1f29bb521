//! The one way in: an `Analysis` gives the same answers as the analyses it gathers, and refuses
//! dates, landscapes and options that do not belong together.

use cop_core::analysis::{Analysis, AsOf};
use cop_core::health::HealthConfig;
use cop_core::health::maturity::MaturityConfig;
use cop_core::limits::MAX_TIME;
use cop_core::matching::MatchingOptions;
use cop_core::participation::analysis::{Options, Participation};
use cop_core::participation::policy::PolicySpec;
use cop_core::report::ReportOptions;
use cop_core::{CopError, ErrorKind, ImportOptions, Landscape};

fn flask() -> Landscape {
    let mut l = Landscape::new();
    let file = std::fs::File::open(crate::data_dir().join("flask-commits.csv")).unwrap();
    l.import_csv(file, &ImportOptions::default()).unwrap();
    l
}

fn small(members: &[&str]) -> Landscape {
    let mut csv = String::from("member,time,kind,target\n");
    for (i, m) in members.iter().enumerate() {
        csv += &format!("{m},2024-03-{:02}T10:00:00Z,answer,{}\n", i + 1, members[0]);
    }
    let mut l = Landscape::new();
    l.import_csv(csv.as_bytes(), &ImportOptions::default()).unwrap();
    l
}

fn field_of(error: &CopError) -> Option<&str> {
    match error {
        CopError::InvalidValue { field, .. } => Some(field.as_str()),
        _ => None,
    }
}

#[test]
fn as_of_is_checked_once() {
    assert_eq!(AsOf::at(0).unwrap().seconds(), 0);
    let late = AsOf::at(MAX_TIME + 1).unwrap_err();
    assert_eq!((late.kind(), field_of(&late)), (ErrorKind::InvalidValue, Some("as_of")));
    let empty = AsOf::last_event(&Landscape::new()).unwrap_err();
    assert_eq!(field_of(&empty), Some("as_of"));
    let l = small(&["ada", "bob"]);
    let last = AsOf::last_event(&l).unwrap();
    assert_eq!(last.to_string(), "2024-03-02T10:00:00Z");
    assert_eq!(AsOf::given_or_last_event(&l, None).unwrap(), last);
    assert_eq!(AsOf::given_or_last_event(&l, Some(7)).unwrap().seconds(), 7);
    assert_eq!(AsOf::parse("2024-03-02").unwrap().seconds(), last.seconds() + 14 * 3600 - 1);
    assert_eq!(field_of(&AsOf::parse("soon").unwrap_err()), Some("as_of"));
}

#[test]
fn every_method_answers_as_the_analysis_it_gathers() {
    // An analysis computed at once answers as one rebuilt from a participation computed apart
    // (what C and Python keep), and its methods agree with each other. (The methods against the
    // crate's own functions: `analysis::tests` in cop-core.)
    let l = flask();
    let as_of = AsOf::last_event(&l).unwrap();
    let options = Options::default();
    let analysis = Analysis::new(&l, as_of, &options).unwrap();
    let participation = Participation::compute(&l, as_of.seconds(), &options).unwrap();
    let kept = Analysis::of(&l, &participation).unwrap();

    let health = kept.health(&HealthConfig::default()).unwrap();
    assert_eq!(analysis.health(&HealthConfig::default()).unwrap(), health);
    let config = MaturityConfig::default();
    let whole = kept.maturity_analysis(&config).unwrap();
    assert_eq!(analysis.maturity(&config).unwrap(), whole.assessment);
    assert_eq!(analysis.stage_history(&config).unwrap(), whole.history);
    assert_eq!(whole.health, health);
    let matching = MatchingOptions::default();
    assert_eq!(analysis.mentors(&matching).unwrap(), kept.mentors(&matching).unwrap());
    let report = analysis.report(&ReportOptions::default()).unwrap();
    assert_eq!(report, kept.report(&ReportOptions::default()).unwrap());
    assert_eq!(report.participation, participation.report(&l));
}

#[test]
fn the_analysis_options_reach_health_and_maturity() {
    // A health or maturity configuration's own participation options give way to the
    // analysis's: the levels are computed once, with one policy.
    let l = flask();
    let as_of = AsOf::last_event(&l).unwrap();
    let mut coronet = Options::default();
    coronet.policy = PolicySpec::Preset { name: "coronet".into() };
    let analysis = Analysis::new(&l, as_of, &coronet).unwrap();
    let quantile_config = HealthConfig::default();
    let mut coronet_config = HealthConfig::default();
    coronet_config.participation = coronet.clone();
    let by_analysis = analysis.health(&quantile_config).unwrap();
    let direct = |config: &HealthConfig| {
        Analysis::new(&l, as_of, &config.participation).unwrap().health(config).unwrap()
    };
    assert_eq!(by_analysis, direct(&coronet_config));
    assert_ne!(by_analysis, direct(&quantile_config));
}

#[test]
fn a_participation_is_never_paired_with_another_landscape() {
    let a = small(&["ada", "bob", "cy"]);
    let b = small(&["dee", "eve"]);
    let as_of = AsOf::last_event(&a).unwrap();
    let participation = Participation::compute(&a, as_of.seconds(), &Options::default()).unwrap();
    assert!(Analysis::of(&a, &participation).is_ok());

    let other = Analysis::of(&b, &participation).unwrap_err();
    assert_eq!((other.kind(), field_of(&other)), (ErrorKind::InvalidValue, Some("analysis")));
    assert!(other.to_string().contains("3 members; this one has 2 events and 2 members"), "{other}");
    // The same counts and times, other people: still another landscape.
    let twin = small(&["ann", "ben", "cat"]);
    let twin = Analysis::of(&twin, &participation).unwrap_err();
    assert!(
        twin.to_string().contains("differs in its domains, communities, last event or members"),
        "{twin}"
    );

    // The same landscape after new events: a new analysis is needed for the whole, but one
    // member can be updated against the old thresholds.
    let mut grown = a.clone();
    grown
        .import_csv(
            "member,time,kind\ncy,2024-03-05T10:00:00Z,commit\n".as_bytes(),
            &ImportOptions::default(),
        )
        .unwrap();
    assert_eq!(field_of(&Analysis::of(&grown, &participation).unwrap_err()), Some("analysis"));
    let cy = grown.member_id("cy").unwrap();
    assert!(participation.update_member(&grown, cy).is_ok());
    let refused = participation.update_member(&b, b.member_id("dee").unwrap()).unwrap_err();
    assert_eq!(field_of(&refused), Some("analysis"));
}

#[test]
fn an_analysis_of_the_date_alone_refuses_what_needs_history() {
    let l = small(&["ada", "bob"]);
    let mut options = Options::default();
    options.current_only = true;
    let analysis = Analysis::new(&l, AsOf::last_event(&l).unwrap(), &options).unwrap();
    assert!(analysis.health(&HealthConfig::default()).is_ok());
    for error in [
        analysis.stage_history(&MaturityConfig::default()).unwrap_err(),
        analysis.health_series(&HealthConfig::default()).unwrap_err(),
        analysis.report(&ReportOptions::default()).unwrap_err(),
    ] {
        assert_eq!(field_of(&error), Some("current_only"), "{error}");
    }
    let unknown = analysis.level(cop_core::MemberId::from_raw(99)).unwrap_err();
    assert_eq!(unknown.kind(), ErrorKind::UnknownId);
}
