//! The rollup across communities: parts computed side by side from one landscape equal the
//! parts of each community's events read alone (what a cluster's workers compute), and their
//! merge in any order equals the rollup of the whole.

use cop_core::analysis::{Analysis, AsOf};
use cop_core::health::maturity::MaturityConfig;
use cop_core::participation::analysis::Options;
use cop_core::rollup::{CommunityPart, community_parts, landscape_rollup, rollup};
use cop_core::{ImportOptions, Landscape};
use proptest::prelude::*;

const DAY: i64 = 86_400;
const START: i64 = 1_704_067_200; // 2024-01-01

fn load(csv: &str) -> Landscape {
    let mut landscape = Landscape::new();
    landscape.import_csv(csv.as_bytes(), &ImportOptions::default()).unwrap();
    landscape
}

/// Each community's part computed on a landscape of its events alone.
fn parts_apart(header: &str, rows: &[String], communities: &[&str], as_of: AsOf) -> Vec<CommunityPart> {
    let config = MaturityConfig::default();
    let mut parts = Vec::new();
    for &c in communities {
        let own: Vec<&str> =
            rows.iter().filter(|r| r.split(',').nth(3) == Some(c)).map(String::as_str).collect();
        if own.is_empty() {
            continue;
        }
        let alone = load(&format!("{header}\n{}\n", own.join("\n")));
        let analysis = Analysis::new(&alone, as_of, &Options::default()).unwrap();
        parts.push(CommunityPart::of(&analysis, c, &config).unwrap().0);
    }
    parts
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn parts_side_by_side_are_the_parts_of_each_community_alone(
        rows in proptest::collection::vec((0u8..8, 0u32..400, 0u8..3, 0u8..3, 0u8..9), 1..120),
        shuffle in any::<u64>(),
    ) {
        let kinds = ["ask", "answer", "review"];
        let communities = ["rust", "go", "zig"];
        let header = "member,time,kind,community,target";
        let lines: Vec<String> = rows
            .iter()
            .map(|&(m, d, k, c, t)| {
                let target = if t < 8 && t != m { format!("m{t}") } else { String::new() };
                format!(
                    "m{m},{},{},{},{target}",
                    START + i64::from(d) * DAY,
                    kinds[usize::from(k)],
                    communities[usize::from(c)]
                )
            })
            .collect();
        let whole = load(&format!("{header}\n{}\n", lines.join("\n")));
        let as_of = AsOf::last_event(&whole).unwrap();
        let config = MaturityConfig::default();
        let options = Options::default();

        let side_by_side = community_parts(&whole, as_of, &options, &config).unwrap();
        let mut apart = parts_apart(header, &lines, &communities, as_of);
        // The whole's communities are in id order: the order of their first event.
        let order: Vec<&str> = side_by_side.iter().map(|p| p.community.as_str()).collect();
        apart.sort_by_key(|p| order.iter().position(|&c| c == p.community));
        prop_assert_eq!(&side_by_side, &apart);

        let merged = landscape_rollup(&whole, as_of, &options, &config).unwrap();
        let analysed = Analysis::new(&whole, as_of, &options).unwrap();
        prop_assert_eq!(&analysed.rollup(&config).unwrap(), &merged);
        // Any order of the parts merges to the same rollup.
        let mut shuffled = apart.clone();
        let n = shuffled.len();
        shuffled.rotate_left((shuffle % n as u64) as usize);
        if shuffle % 2 == 1 {
            shuffled.reverse();
        }
        prop_assert_eq!(&rollup(&shuffled, 2).unwrap(), &merged);
        // Every member acting in two communities is a broker, and only they are.
        let mut spans = std::collections::BTreeMap::<&str, usize>::new();
        for part in &apart {
            for m in &part.members {
                *spans.entry(m.member.as_str()).or_default() += 1;
            }
        }
        let brokers: Vec<&str> = merged.brokers.iter().map(|b| b.member.as_str()).collect();
        let expected: Vec<&str> = spans.iter().filter(|(_, n)| **n >= 2).map(|(m, _)| *m).collect();
        prop_assert_eq!(brokers, expected);
        prop_assert_eq!(merged.acting_members, spans.len());
    }
}

/// Hand-computed: ada answers in rust and asks in go, bob only asks in rust, cy answers in go.
#[test]
fn a_hand_computed_landscape() {
    let csv = "member,time,kind,community,target\n\
               ada,2024-01-08T10:00:00Z,answer,rust,bob\n\
               bob,2024-01-08T11:00:00Z,ask,rust,\n\
               ada,2024-01-09T10:00:00Z,ask,go,\n\
               cy,2024-01-09T11:00:00Z,answer,go,ada\n\
               cy,2024-01-10T11:00:00Z,answer,go,ada\n";
    let landscape = load(csv);
    let as_of = AsOf::last_event(&landscape).unwrap();
    let r = landscape_rollup(&landscape, as_of, &Options::default(), &MaturityConfig::default()).unwrap();
    assert_eq!((r.communities, r.events, r.acting_members), (2, 5, 3));
    assert_eq!(r.brokers.len(), 1);
    let ada = &r.brokers[0];
    assert_eq!((ada.member.as_str(), ada.events), ("ada", 2));
    assert_eq!(ada.communities, ["go", "rust"]);
    assert_eq!(r.as_of, "2024-01-10T11:00:00Z");
}
