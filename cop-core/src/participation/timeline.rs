//! Level timelines: each member's level period by period, and the flows between levels.
//!
//! A [`Timeline`] assesses every member as of the end of each period (week, month or quarter)
//! from the first period with events to the one containing `as_of` (the last assessment is as of
//! `as_of` itself). From it come the level counts per period, the transition matrix from one
//! period to the next (promoted, demoted, held, joined, left), turnover, and the community's
//! **gravity** as the Orbit model defines it: the change in weighted commitment
//! Σ weight(level)² × members at that level, divided by the number of participating members,
//! with the Orbit weights core group 10, active 7, occasional 4, peripheral and transactional 1
//! (outsiders 0).

use rayon::prelude::*;
use serde::Serialize;

use crate::error::Result;
use crate::model::ids::MemberId;
use crate::model::landscape::Landscape;
use crate::model::time::Period;
use crate::participation::levels::{Cuts, Level, Levels};
#[cfg(test)]
use crate::participation::policy::assess;
use crate::participation::policy::{PolicySpec, assess_from_scores, period_levels, reassess};
use crate::participation::{ParticipationConfig, ScoreSweep};

/// The Orbit model's weight of a level, for gravity.
pub fn orbit_weight(level: Level) -> f64 {
    match level {
        Level::CoreGroup => 10.0,
        Level::Active => 7.0,
        Level::Occasional => 4.0,
        Level::Peripheral | Level::Transactional => 1.0,
        Level::Outsider => 0.0,
    }
}

/// Moves between the levels of two consecutive periods.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Transitions {
    /// `matrix[from][to]`: members at level `from` (index in [`Level::ALL`]) then at level `to`.
    pub matrix: [[u32; 6]; 6],
    /// Members who moved closer to the centre (outsiders who started taking part excluded).
    pub promoted: u32,
    /// Members who moved away from the centre but still take part.
    pub demoted: u32,
    /// Participating members whose level did not change.
    pub held: u32,
    /// Outsiders who started taking part.
    pub joined: u32,
    /// Participants who became outsiders.
    pub left: u32,
    /// `left` over the participants of the earlier period (0 when there were none).
    pub turnover: f64,
}

impl Transitions {
    fn between(before: &[Level], after: &[Level]) -> Transitions {
        let mut t = Transitions::default();
        let mut participants = 0u32;
        for (a, b) in before.iter().zip(after) {
            t.matrix[a.index()][b.index()] += 1;
            match (*a == Level::Outsider, *b == Level::Outsider) {
                (true, true) => {}
                (true, false) => t.joined += 1,
                (false, true) => {
                    t.left += 1;
                    participants += 1;
                }
                (false, false) => {
                    participants += 1;
                    match b.rank().cmp(&a.rank()) {
                        std::cmp::Ordering::Greater => t.promoted += 1,
                        std::cmp::Ordering::Less => t.demoted += 1,
                        std::cmp::Ordering::Equal => t.held += 1,
                    }
                }
            }
        }
        t.turnover = if participants > 0 { f64::from(t.left) / f64::from(participants) } else { 0.0 };
        t
    }
}

/// Each member's level per period, with counts, flows and gravity.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Timeline {
    /// The period.
    pub period: Period,
    /// The date of each assessment (the end of each period; the last is `as_of`), seconds.
    pub dates: Vec<i64>,
    /// `levels[p][m]`: the level of member `m` as of `dates[p]`.
    pub levels: Vec<Vec<Level>>,
    /// Members per level per period, in the order of [`Level::ALL`].
    pub counts: Vec<[usize; 6]>,
    /// `transitions[p]`: from period `p` to period `p + 1`.
    pub transitions: Vec<Transitions>,
    /// Weighted commitment Σ weight(level)² × members per period.
    pub commitment: Vec<f64>,
    /// `gravity[p]`: the change in commitment from period `p` to `p + 1` over the participants
    /// of period `p + 1`.
    pub gravity: Vec<f64>,
    #[serde(skip)]
    cuts: Vec<Option<Cuts>>,
}

impl Timeline {
    /// Whether the last period is partial: its assessment is as of a date (`as_of`) before the
    /// period's end, so its counts and the flows into it cover only part of a period.
    pub fn last_is_partial(&self) -> bool {
        self.dates.last().is_some_and(|&d| d < self.period.end(self.period.index(d)))
    }

    /// The index of the last complete period (`None` when there is none): the last period, or
    /// the one before it when the last is partial. "The latest period" of a report is this one.
    pub fn last_complete(&self) -> Option<usize> {
        let n = self.dates.len();
        if self.last_is_partial() { n.checked_sub(2) } else { n.checked_sub(1) }
    }

    /// Assesses everyone at the end of each period from the first event's period to `as_of`.
    pub fn compute(
        landscape: &Landscape,
        as_of: i64,
        period: Period,
        config: &ParticipationConfig,
        spec: &PolicySpec,
    ) -> Result<Timeline> {
        Self::compute_with_last(landscape, as_of, period, config, spec).map(|(timeline, _)| timeline)
    }

    /// As [`Timeline::compute`], also returning the full assessment as of `as_of` (the last period).
    pub fn compute_with_last(
        landscape: &Landscape,
        as_of: i64,
        period: Period,
        config: &ParticipationConfig,
        spec: &PolicySpec,
    ) -> Result<(Timeline, Levels)> {
        Self::compute_for_dates(landscape, Self::dates(landscape, as_of, period), period, config, spec)
    }

    /// As [`Timeline::compute_with_last`], at the given dates (in order; at least one).
    ///
    /// One sweep over the log: the distinct people of each member are kept up to date as the
    /// window moves from date to date ([`ScoreSweep`]); the batch of periods the sweep has
    /// reached is then scored and leveled on every core, only the last with its evidence.
    pub(crate) fn compute_for_dates(
        landscape: &Landscape,
        dates: Vec<i64>,
        period: Period,
        config: &ParticipationConfig,
        spec: &PolicySpec,
    ) -> Result<(Timeline, Levels)> {
        let spec = spec.resolve()?;
        let n = dates.len();
        let mut sweep = ScoreSweep::new(landscape, config);
        let mut levels = Vec::with_capacity(n);
        let mut cuts = Vec::with_capacity(n);
        let mut last = None;
        let batch = 2 * rayon::current_num_threads().max(1);
        for (b, chunk) in dates.chunks(batch).enumerate() {
            let people: Vec<Vec<u32>> = chunk.iter().map(|&date| sweep.advance(date)).collect();
            let sweep = &sweep;
            let assessed: Vec<(Option<Cuts>, Vec<Level>, Option<Levels>)> = chunk
                .par_iter()
                .zip(people)
                .enumerate()
                .map(|(k, (&date, people))| {
                    let scores = sweep.scores(date, &people);
                    if b * batch + k + 1 == n {
                        let full = assess_from_scores(landscape, date, config, &spec, scores)?;
                        Ok((full.cuts.clone(), full.levels(), Some(full)))
                    } else {
                        let (cuts, levels) = period_levels(landscape, date, config, &spec, scores)?;
                        Ok((cuts, levels, None))
                    }
                })
                .collect::<Result<_>>()?;
            for (c, l, full) in assessed {
                cuts.push(c);
                levels.push(l);
                last = full.or(last);
            }
        }
        let last = last.expect("a timeline has at least one date");
        Ok((Self::from_levels(period, dates, levels, cuts), last))
    }

    /// [`Timeline::compute_for_dates`] as it was before the sweep: a full assessment per
    /// period (the reference of the tests).
    #[cfg(test)]
    pub(crate) fn compute_for_dates_reference(
        landscape: &Landscape,
        dates: Vec<i64>,
        period: Period,
        config: &ParticipationConfig,
        spec: &PolicySpec,
    ) -> Result<(Timeline, Levels)> {
        // Periods are assessed independently, on every core; only the last keeps its evidence.
        let n = dates.len();
        let assessed: Vec<(Option<Cuts>, Vec<Level>, Option<Levels>)> = dates
            .par_iter()
            .enumerate()
            .map(|(p, &date)| {
                let assessed = assess(landscape, date, config, spec)?;
                let (cuts, levels) = (assessed.cuts.clone(), assessed.levels());
                Ok((cuts, levels, (p + 1 == n).then_some(assessed)))
            })
            .collect::<Result<_>>()?;
        let mut levels = Vec::with_capacity(n);
        let mut cuts = Vec::with_capacity(n);
        let mut last = None;
        for (c, l, full) in assessed {
            cuts.push(c);
            levels.push(l);
            last = full.or(last);
        }
        let last = last.expect("a timeline has at least one date");
        Ok((Self::from_levels(period, dates, levels, cuts), last))
    }

    /// The assessment dates: period ends from the first event's period, the last one `as_of`.
    pub fn dates(landscape: &Landscape, as_of: i64, period: Period) -> Vec<i64> {
        let Some((first, _)) = landscape.log().span() else { return vec![as_of] };
        let (start, end) = (period.index(first.min(as_of)), period.index(as_of));
        (start..=end).map(|p| period.end(p).min(as_of)).collect()
    }

    fn from_levels(
        period: Period,
        dates: Vec<i64>,
        levels: Vec<Vec<Level>>,
        cuts: Vec<Option<Cuts>>,
    ) -> Timeline {
        let counts: Vec<[usize; 6]> = levels
            .iter()
            .map(|ls| {
                let mut c = [0; 6];
                for l in ls {
                    c[l.index()] += 1;
                }
                c
            })
            .collect();
        let commitment: Vec<f64> = counts
            .iter()
            .map(|c| Level::ALL.iter().map(|&l| orbit_weight(l).powi(2) * c[l.index()] as f64).sum())
            .collect();
        let transitions = levels.windows(2).map(|w| Transitions::between(&w[0], &w[1])).collect();
        let gravity = (1..counts.len())
            .map(|p| {
                let participants = counts[p].iter().sum::<usize>() - counts[p][Level::Outsider.index()];
                if participants == 0 {
                    0.0
                } else {
                    (commitment[p] - commitment[p - 1]) / participants as f64
                }
            })
            .collect();
        Timeline { period, dates, levels, counts, transitions, commitment, gravity, cuts }
    }

    /// The timeline up to and including period `last`.
    pub fn prefix(&self, last: usize) -> Timeline {
        let end = (last + 1).min(self.dates.len());
        Timeline {
            period: self.period,
            dates: self.dates[..end].to_vec(),
            levels: self.levels[..end].to_vec(),
            counts: self.counts[..end].to_vec(),
            transitions: self.transitions[..end.saturating_sub(1)].to_vec(),
            commitment: self.commitment[..end].to_vec(),
            gravity: self.gravity[..end.saturating_sub(1)].to_vec(),
            cuts: self.cuts[..end].to_vec(),
        }
    }

    /// A member's level in each period.
    pub fn of(&self, member: MemberId) -> Vec<Level> {
        self.levels.iter().map(|ls| ls.get(member.index()).copied().unwrap_or(Level::Outsider)).collect()
    }

    /// A member's level in each period recomputed from their own events after new events were
    /// recorded, against the thresholds of this timeline: O(periods × k log k) in the member's
    /// events, without assessing anyone else.
    pub fn reassess_member(
        &self,
        landscape: &Landscape,
        member: MemberId,
        config: &ParticipationConfig,
        spec: &PolicySpec,
    ) -> Result<Vec<Level>> {
        self.dates
            .iter()
            .zip(&self.cuts)
            .map(|(&date, cuts)| {
                let previous =
                    Levels { as_of: date, policy: String::new(), assessments: vec![], cuts: cuts.clone() };
                reassess(landscape, member, config, spec, &previous).map(|a| a.level)
            })
            .collect()
    }
}

/// Random logs for the properties that check a sweep over the periods against the computation
/// per period: several members, kinds, weights, domains (nested), communities, threads and
/// artifacts, coordinators, affiliations, interests and competences.
#[cfg(test)]
pub(crate) mod random {
    use proptest::prelude::*;

    use crate::model::ids::CommunityId;
    use crate::model::landscape::Landscape;
    use crate::model::member::{Competence, Role};
    use crate::model::time::Period;
    use crate::participation::analysis::Options;
    use crate::participation::policy::PolicySpec;
    use crate::participation::{Decay, ParticipationConfig, ScoreWeights};

    const KINDS: [&str; 10] =
        ["read", "react", "ask", "answer", "comment", "review", "organize", "attend", "accept", "share"];
    const DOMAINS: [&str; 5] = ["a", "a/b", "c", "c/d", "e"];

    /// One event: member, minutes after the start, kind, domain, target, community, artifact,
    /// weight, thread (each optional part `None` when its index is past the list).
    type Row = (u8, u32, u8, u8, u8, u8, u8, u8, u8);

    fn row() -> impl Strategy<Value = Row> {
        (0u8..12, 0u32..(2 * 365 * 24 * 60), 0u8..10, 0u8..7, 0u8..20, 0u8..3, 0u8..8, 0u8..8, 0u8..6)
    }

    fn csv(rows: &[Row]) -> String {
        let mut out = String::from("member,time,kind,domain,target,community,artifact,weight,thread\n");
        for &(m, minutes, kind, domain, target, community, artifact, weight, thread) in rows {
            let time = 1_672_531_200 + i64::from(minutes) * 60;
            let domain = DOMAINS.get(domain as usize).copied().unwrap_or("");
            let target = if target < 12 { format!("m{target}") } else { String::new() };
            let artifact = if artifact < 5 { format!("x{artifact}") } else { String::new() };
            let weight =
                if weight < 4 { format!("{}", f32::from(weight) * 0.75 + 0.1) } else { String::new() };
            let thread = if thread < 3 { format!("t{thread}") } else { String::new() };
            out += &format!(
                "m{m},{time},{},{domain},{target},{},{artifact},{weight},{thread}\n",
                KINDS[kind as usize],
                ["main", "main", "side"][community as usize]
            );
        }
        out
    }

    /// A landscape of random events, with some members declared coordinators, affiliated, or
    /// with interests and competences (`extras` picks which).
    pub(crate) fn landscape() -> impl Strategy<Value = Landscape> {
        (proptest::collection::vec(row(), 1..120), proptest::collection::vec((0u8..12, 0u8..6), 0..6))
            .prop_map(|(rows, extras)| {
                let mut l = Landscape::new();
                l.import_csv(csv(&rows).as_bytes(), &crate::ImportOptions::default()).unwrap();
                for (m, what) in extras {
                    let Some(member) = l.member_id(&format!("m{m}")) else { continue };
                    let domain = l.domain_id("a").or_else(|| l.domain_id("c"));
                    match (what, domain) {
                        (0, _) => {
                            l.add_membership(member, CommunityId::DEFAULT, Role::Coordinator, None).unwrap();
                        }
                        (1 | 2, _) => {
                            l.member_mut(member).unwrap().affiliation = Some(format!("org{}", what));
                        }
                        (3, Some(d)) => l.add_interest(member, d).unwrap(),
                        (4, Some(d)) => l.set_competence(member, d, Competence::Proficient).unwrap(),
                        _ => {}
                    }
                }
                l
            })
    }

    /// Participation options: period week, month or quarter; window; decay none, half-life or
    /// monthly; weights; the quantile policy, a share-of-total preset or a ladder.
    pub(crate) fn options() -> impl Strategy<Value = Options> {
        (0u8..3, 20u32..400, 0u8..3, 0.5f64..3.0, 0u8..5, any::<bool>()).prop_map(
            |(period, window_days, decay, people, policy, inner)| {
                let decay = match decay {
                    0 => Decay::None,
                    1 => Decay::HalfLife { half_life_days: 30.0 },
                    _ => Decay::Monthly { factor: 0.9 },
                };
                let weights = ScoreWeights { people, ..ScoreWeights::default() };
                let policy = match policy {
                    0 | 1 => {
                        let mut q = crate::participation::levels::Quantile::default();
                        if inner {
                            q.inner_min_events = 0;
                        }
                        PolicySpec::Quantile(q)
                    }
                    2 => PolicySpec::Preset { name: "coronet".into() },
                    3 => PolicySpec::Preset { name: "grimoirelab_onion".into() },
                    _ => PolicySpec::Preset { name: "orbit".into() },
                };
                Options {
                    participation: ParticipationConfig { window_days, decay, weights, community: None },
                    policy,
                    period: [Period::Week, Period::Month, Period::Quarter][period as usize],
                    ..Options::default()
                }
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{Timeline, random};
    use crate::participation::analysis::Participation;
    use crate::participation::trajectory::trajectories;
    use crate::participation::{ScoreSweep, scores};

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        /// The timeline of one sweep is the one of a full assessment per period: scores of
        /// every period, levels, cuts, counts, flows, the last period's assessment with its
        /// evidence, and the trajectories read off it.
        #[test]
        fn the_sweep_is_the_assessment_per_period(
            landscape in random::landscape(),
            mut options in random::options(),
            side in any::<bool>(),
            before_end in 0i64..(40 * 86_400),
        ) {
            if side {
                options.participation.community = landscape.community_id("side");
            }
            let (_, last) = landscape.log().span().unwrap();
            let as_of = last - before_end;
            let dates = Timeline::dates(&landscape, as_of, options.period);
            let config = &options.participation;
            let mut sweep = ScoreSweep::new(&landscape, config);
            for &date in &dates {
                let people = sweep.advance(date);
                let swept = sweep.scores(date, &people);
                prop_assert_eq!(format!("{swept:?}"), format!("{:?}", scores(&landscape, date, config)));
            }
            let (timeline, levels) =
                Timeline::compute_for_dates(&landscape, dates.clone(), options.period, config, &options.policy)
                    .unwrap();
            let (expected, expected_levels) = Timeline::compute_for_dates_reference(
                &landscape, dates, options.period, config, &options.policy,
            )
            .unwrap();
            prop_assert_eq!(format!("{timeline:?}"), format!("{expected:?}"));
            prop_assert_eq!(format!("{levels:?}"), format!("{expected_levels:?}"));
            let participation = Participation::compute(&landscape, as_of, &options).unwrap();
            let expected = trajectories(&landscape, &expected, &options.trajectory);
            prop_assert_eq!(format!("{:?}", participation.trajectories), format!("{expected:?}"));
        }
    }
}
