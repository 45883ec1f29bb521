//! Health per period in one sweep: what every period's report shares is computed once
//! ([`Shared`]: first events, first times of artifacts and domains, each member's domains with
//! the time they first acted in it, the ties with the time they formed, the founders), and each
//! period computes only its window's metrics, with the levels of the timeline's period.
//!
//! A period's report ([`period_reports`]) fills what its series point
//! ([`HealthReport::point`]) and the maturity indicators read; the lists that only a report as of
//! the date shows (cohort retention, layers, the funnel, organisers and their streak, takers and
//! givers) are left empty. Every figure is the one a full report as of the period's end gives,
//! computed by the same functions (the tests check both against the report per period).

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::{
    Activation, ExpertAccess, HealthConfig, HealthReport, Repertoire, Responsiveness, active_members,
    balance, boundary_share, concentration_with, dau_mau, first_unthreaded_reply, founders_share_of,
    founding, inactive_and_occasional, layers, reciprocity_with, responsiveness_by, reused_and_curated,
    rhythm_with,
};
use crate::model::event::EventKind;
use crate::model::ids::{DomainId, EventId, MemberId};
use crate::model::landscape::Landscape;
use crate::model::log::NONE;
use crate::model::time::format_seconds;
use crate::participation::levels::Level;
use crate::participation::policy::PolicySpec;
use crate::participation::timeline::Timeline;

/// What every period's health report shares, computed once per landscape and configuration.
pub(crate) struct Shared {
    /// Each member's first event (`None`: never acted).
    pub(crate) firsts: Vec<Option<i64>>,
    /// The landscape's first event.
    pub(crate) first_event: Option<i64>,
    /// The first organising event.
    first_organising: Option<i64>,
    /// The creation time (else first event) of each artifact that has one, sorted.
    artifacts_created: Vec<i64>,
    /// The first event of each domain with events, sorted.
    domains_first: Vec<i64>,
    /// The founding leaders.
    founding: FxHashSet<u32>,
    /// Whether any member declared a competence.
    any_competence: bool,
    /// Each member's domains with events, with the time of their first event in it, by domain.
    member_domains: Vec<Vec<(u32, i64)>>,
    /// The interaction ties, both ways, with the time they first formed.
    ties: TimedTies,
    /// The first reply (event) to each unthreaded question (event) that has one.
    first_replies: FxHashMap<u32, u32>,
    /// Each asker's accepts outside any thread, in time order.
    accepts: FxHashMap<u32, Vec<EventId>>,
}

/// An adjacency of the members' interaction ties (both directions merged, self-ties left out),
/// each with the first time either direction formed.
struct TimedTies {
    offsets: Vec<usize>,
    neighbours: Vec<(u32, i64)>,
}

impl TimedTies {
    fn of(landscape: &Landscape) -> TimedTies {
        let members = landscape.member_rows();
        let mut pairs: Vec<(u32, u32, i64)> = Vec::new();
        for (a, b, tie) in landscape.graph().interactions() {
            if a != b {
                pairs.push((a.raw(), b.raw(), tie.first));
                pairs.push((b.raw(), a.raw(), tie.first));
            }
        }
        pairs.par_sort_unstable();
        pairs.dedup_by_key(|&mut (a, b, _)| (a, b)); // the earliest first of each pair is kept
        let mut offsets = vec![0usize; members + 1];
        for &(a, _, _) in &pairs {
            offsets[a as usize + 1] += 1;
        }
        for i in 0..members {
            offsets[i + 1] += offsets[i];
        }
        TimedTies { offsets, neighbours: pairs.into_iter().map(|(_, b, first)| (b, first)).collect() }
    }

    /// The members tied to `m` by a tie formed before `to`.
    fn before(&self, m: u32, to: i64) -> impl Iterator<Item = u32> + '_ {
        let range = self.offsets[m as usize]..self.offsets[m as usize + 1];
        self.neighbours[range].iter().filter(move |&&(_, first)| first < to).map(|&(x, _)| x)
    }
}

impl Shared {
    /// Computes what the periods share (one pass over the log for each part).
    pub(crate) fn new(landscape: &Landscape, config: &HealthConfig) -> Shared {
        let log = landscape.log();
        let c = log.columns();
        // The parts are independent passes: in pairs, on every core.
        let (
            (firsts, member_domains),
            ((ties, first_replies), (accepts, (artifacts_created, domains_first))),
        ) = rayon::join(
            || rayon::join(|| super::first_events(landscape), || member_domains(landscape)),
            || {
                rayon::join(
                    || rayon::join(|| TimedTies::of(landscape), || first_replies(landscape)),
                    || {
                        rayon::join(
                            || accepts(landscape),
                            || rayon::join(|| artifacts_created(landscape), || domains_first(landscape)),
                        )
                    },
                )
            },
        );
        let organize = EventKind::Organize.code();
        let first_organising =
            c.kind.iter().zip(c.time.iter()).filter(|&(&k, _)| k == organize).map(|(_, &t)| t).min();
        Shared {
            founding: founding(landscape, config.founders, &firsts),
            firsts,
            first_event: log.span().map(|(first, _)| first),
            first_organising,
            artifacts_created,
            domains_first,
            any_competence: landscape
                .member_ids()
                .any(|m| landscape.member(m).is_some_and(|x| !x.competence().is_empty())),
            member_domains,
            ties,
            first_replies,
            accepts,
        }
    }

    /// [`super::responsiveness`] from the shared first replies and accepts.
    fn responsiveness(&self, landscape: &Landscape, from: i64, to: i64) -> Responsiveness {
        let c = landscape.log().columns();
        let first_reply = |i: usize, to: i64| {
            self.first_replies.get(&(i as u32)).map(|&j| j as usize).filter(|&j| c.time[j] < to)
        };
        let candidates = |asker: MemberId, t: i64, to: i64| -> &[EventId] {
            self.accepts.get(&asker.raw()).map_or(&[], |list| {
                let start = list.partition_point(|e| c.time[e.index()] < t);
                let end = list.partition_point(|e| c.time[e.index()] < to).max(start);
                &list[start..end]
            })
        };
        responsiveness_by(landscape, from, to, first_reply, candidates)
    }

    /// The report as of `as_of` with the period's `levels` and `activation`: every part when
    /// `full`, else what a series point and the maturity indicators read (funnel and retention
    /// are left to the caller either way).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn report(
        &self,
        landscape: &Landscape,
        as_of: i64,
        config: &HealthConfig,
        levels: &[Level],
        policy: &PolicySpec,
        activation: Activation,
        full: bool,
    ) -> HealthReport {
        let (from, to) = config.window(as_of);
        let organising = self.first_organising.is_some_and(|t| t < to);
        let firsts = &self.firsts;
        let (inactive, occasional) = inactive_and_occasional(landscape, as_of, to, config, firsts);
        HealthReport {
            as_of: format_seconds(as_of),
            window_days: config.window_days,
            active_members: active_members(landscape, from, to),
            dau_mau: dau_mau(landscape, as_of),
            newcomers: firsts.iter().filter(|t| t.is_some_and(|t| t >= from && t < to)).count(),
            activation,
            funnel: [0; 4],
            retention: Vec::new(),
            inactive_contributors: inactive,
            occasional_contributors: occasional,
            responsiveness: self.responsiveness(landscape, from, to),
            concentration: concentration_with(landscape, from, to, config, organising, full),
            rhythm: rhythm_with(landscape, from, to, self.first_event),
            reciprocity: reciprocity_with(landscape, from, to, full),
            repertoire: self.repertoire(landscape, from, to),
            expert_access: self.expert_access(landscape, levels, from, to),
            boundary_share: boundary_share(landscape, from, to),
            layers: if full {
                layers(landscape, from, to, config.window_days, organising)
            } else {
                super::Layers::default()
            },
            balance: balance(levels, policy),
            founders_share: founders_share_of(landscape, from, to, &self.founding),
        }
    }

    /// [`super::repertoire`] from the shared first times.
    fn repertoire(&self, landscape: &Landscape, from: i64, to: i64) -> Repertoire {
        let within = |sorted: &[i64]| {
            sorted.partition_point(|&t| t < to).saturating_sub(sorted.partition_point(|&t| t < from))
        };
        let (reused, curated) = reused_and_curated(landscape, from, to);
        Repertoire {
            created: within(&self.artifacts_created),
            reused,
            curated,
            new_domains: within(&self.domains_first),
        }
    }

    /// The domains a member acted in before `to`, or declared interest / competence in.
    fn member_domains(&self, landscape: &Landscape, member: MemberId, to: i64) -> Vec<DomainId> {
        let mut domains: Vec<DomainId> = self.member_domains[member.index()]
            .iter()
            .filter(|&&(_, first)| first < to)
            .map(|&(d, _)| DomainId::from_raw(d))
            .collect();
        if let Some(m) = landscape.member(member) {
            domains.extend(m.interests());
            domains.extend(m.competence().iter().map(|(d, _)| *d));
        }
        domains.sort_unstable();
        domains.dedup();
        domains
    }

    /// Newcomers' access to experts (see [`ExpertAccess`]), from the shared domains and ties.
    fn expert_access(&self, landscape: &Landscape, levels: &[Level], from: i64, to: i64) -> ExpertAccess {
        let taxonomy = landscape.taxonomy();
        let related = |a: DomainId, b: DomainId| taxonomy.is_within(a, b) || taxonomy.is_within(b, a);
        // The domains each core member is an expert in, indexed by member id.
        let mut expert_domains: Vec<Option<Vec<DomainId>>> = vec![None; landscape.member_rows()];
        for m in landscape.member_ids().filter(|m| levels.get(m.index()) == Some(&Level::CoreGroup)) {
            let domains = if self.any_competence {
                super::proficient_domains(landscape, m)
            } else {
                self.member_domains(landscape, m, to)
            };
            expert_domains[m.index()] = Some(domains);
        }
        let core: Vec<u32> =
            (0..expert_domains.len() as u32).filter(|&x| expert_domains[x as usize].is_some()).collect();
        let mut access = ExpertAccess::default();
        for m in landscape.member_ids() {
            if !self.firsts[m.index()].is_some_and(|t| t >= from && t < to) {
                continue;
            }
            let domains = self.member_domains(landscape, m, to);
            if domains.is_empty() {
                continue;
            }
            access.newcomers_in_window += 1;
            let is_expert = |x: u32| {
                x != m.raw()
                    && expert_domains[x as usize]
                        .as_ref()
                        .is_some_and(|ds| ds.iter().any(|&d| domains.iter().any(|&n| related(d, n))))
            };
            let one = self.ties.before(m.raw(), to).any(is_expert);
            let two = one || self.ties.before(m.raw(), to).any(|x| self.ties.before(x, to).any(is_expert));
            let key = landscape.member_key(m).unwrap_or_default();
            access.count_newcomer(one, two, || core.iter().any(|&x| is_expert(x)), key);
        }
        access.finish()
    }
}

/// The creation time of each artifact (else its first event), sorted; artifacts with neither
/// are left out.
fn artifacts_created(landscape: &Landscape) -> Vec<i64> {
    let log = landscape.log();
    let c = log.columns();
    let artifacts = landscape.counts().artifacts;
    let mut first_on: Vec<Option<i64>> = vec![None; artifacts];
    if let Some(column) = c.artifact {
        for (i, &a) in column.iter().enumerate() {
            if a != NONE && (a as usize) < artifacts {
                let slot = &mut first_on[a as usize];
                *slot = Some(slot.map_or(c.time[i], |t| t.min(c.time[i])));
            }
        }
    }
    let mut created: Vec<i64> = (0..artifacts)
        .filter_map(|a| {
            let id = crate::model::ids::ArtifactId::from_raw(a as u32);
            let created = landscape.artifact(id).and_then(|x| x.created).map(|t| t.timestamp());
            created.or(first_on[a])
        })
        .collect();
    created.sort_unstable();
    created
}

/// Each member's domains with events, with the time of their first event in it, by domain.
fn member_domains(landscape: &Landscape) -> Vec<Vec<(u32, i64)>> {
    let log = landscape.log();
    let c = log.columns();
    (0..landscape.member_rows() as u32)
        .into_par_iter()
        .map(|m| {
            let mut domains: Vec<(u32, i64)> = log
                .of_member(MemberId::from_raw(m))
                .iter()
                .map(|e| (c.domain[e.index()], c.time[e.index()]))
                .filter(|&(d, _)| d != NONE)
                .collect();
            domains.sort_unstable();
            domains.dedup_by_key(|&mut (d, _)| d);
            domains
        })
        .collect()
}

/// The first reply to each unthreaded question that has one (see
/// [`first_unthreaded_reply`]), whenever it came.
fn first_replies(landscape: &Landscape) -> FxHashMap<u32, u32> {
    let c = landscape.log().columns();
    let ask = EventKind::Ask.code();
    let questions: Vec<usize> = (0..c.kind.len())
        .filter(|&i| c.kind[i] == ask && c.thread.is_none_or(|threads| threads[i] == NONE))
        .collect();
    questions
        .par_iter()
        .filter_map(|&i| first_unthreaded_reply(landscape, i, i64::MAX).map(|j| (i as u32, j as u32)))
        .collect()
}

/// Each member's accepts outside any thread, in time order (members without any left out).
fn accepts(landscape: &Landscape) -> FxHashMap<u32, Vec<EventId>> {
    let log = landscape.log();
    let c = log.columns();
    let accept = EventKind::Accept.code();
    if !c.kind.contains(&accept) {
        return FxHashMap::default();
    }
    landscape
        .member_ids()
        .filter_map(|m| {
            let list: Vec<EventId> = log
                .of_member(m)
                .iter()
                .copied()
                .filter(|e| {
                    c.kind[e.index()] == accept && c.thread.is_none_or(|threads| threads[e.index()] == NONE)
                })
                .collect();
            (!list.is_empty()).then_some((m.raw(), list))
        })
        .collect()
}

/// The first event of each domain with events, sorted.
fn domains_first(landscape: &Landscape) -> Vec<i64> {
    let c = landscape.log().columns();
    let mut first: Vec<Option<i64>> = vec![None; landscape.taxonomy().len()];
    for (&d, &t) in c.domain.iter().zip(c.time.iter()) {
        if d != NONE {
            if d as usize >= first.len() {
                first.resize(d as usize + 1, None);
            }
            let slot = &mut first[d as usize];
            *slot = Some(slot.map_or(t, |x: i64| x.min(t)));
        }
    }
    let mut times: Vec<i64> = first.into_iter().flatten().collect();
    times.sort_unstable();
    times
}

/// Recent newcomers' activation as of each period of a timeline, in one pass over its periods:
/// the same figures as the activation of each period's prefix of the timeline.
pub(crate) fn activations(timeline: &Timeline, members: usize, config: &HealthConfig) -> Vec<Activation> {
    let mut first: Vec<Option<usize>> = vec![None; members];
    let mut reached_active = vec![false; members];
    let mut out = Vec::with_capacity(timeline.levels.len());
    for (p, levels_p) in timeline.levels.iter().enumerate() {
        for (m, level) in levels_p.iter().enumerate() {
            if *level != Level::Outsider && first[m].is_none() {
                first[m] = Some(p);
            }
            let Some(f) = first[m] else { continue };
            if p <= f + config.activation_periods && level.rank() >= Level::Active.rank() {
                reached_active[m] = true;
            }
        }
        let periods = p + 1;
        let mut activation = Activation::default();
        for (f, reached) in first.iter().zip(&reached_active) {
            let Some(f) = *f else { continue };
            if f + config.activation_periods < periods && f + 12 + config.activation_periods >= periods {
                activation.recent_newcomers += 1;
                activation.activated += usize::from(*reached);
            }
        }
        if activation.recent_newcomers > 0 {
            activation.share = activation.activated as f64 / activation.recent_newcomers as f64;
        }
        out.push(activation);
    }
    out
}

/// The health report as of each period's end of `timeline` (capped at `as_of`), with that
/// period's levels: what its series point and the maturity indicators read (see the
/// [module documentation](self)). Periods are computed on every core.
pub(crate) fn period_reports(
    landscape: &Landscape,
    as_of: i64,
    config: &HealthConfig,
    timeline: &Timeline,
    policy: &PolicySpec,
    shared: &Shared,
) -> Vec<HealthReport> {
    let activations = activations(timeline, landscape.member_rows(), config);
    timeline
        .dates
        .par_iter()
        .zip(activations)
        .enumerate()
        .map(|(p, (&date, activation))| {
            shared.report(landscape, date.min(as_of), config, &timeline.levels[p], policy, activation, false)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use crate::health::maturity::{MaturityConfig, history_and_series, history_and_series_reference};
    use crate::health::{HealthConfig, HealthReport, series, series_reference};
    use crate::participation::analysis::Participation;
    use crate::participation::timeline::random;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// The health of every period in one sweep is the full report of each period's end;
        /// the report as of the date is the one computed part by part from the log.
        #[test]
        fn health_series_and_stage_history_match_the_reports_per_period(
            landscape in random::landscape(),
            options in random::options(),
            window_days in 20u32..120,
            before_end in 0i64..(40 * 86_400),
        ) {
            let (_, last) = landscape.log().span().unwrap();
            let as_of = last - before_end;
            let participation = Participation::compute(&landscape, as_of, &options).unwrap();
            let health = HealthConfig { window_days, period: options.period, ..HealthConfig::default() };
            let sweep = series(&landscape, as_of, &health, &participation).unwrap();
            let reference = series_reference(&landscape, as_of, &health, &participation).unwrap();
            prop_assert_eq!(format!("{sweep:?}"), format!("{reference:?}"));
            let report = HealthReport::compute(&landscape, as_of, &health, &participation).unwrap();
            let expected = HealthReport::compute_reference(&landscape, as_of, &health, &participation).unwrap();
            prop_assert_eq!(format!("{report:?}"), format!("{expected:?}"));
            let maturity = MaturityConfig { health, ..MaturityConfig::default() };
            let sweep = history_and_series(&landscape, &maturity, &participation).unwrap();
            let reference = history_and_series_reference(&landscape, &maturity, &participation).unwrap();
            prop_assert_eq!(format!("{sweep:?}"), format!("{reference:?}"));
        }
    }
}
