//! Health: measurable signals of how well a community is doing.
//!
//! Every metric is computed as of a date over a window (the events with
//! `as_of − window < time ≤ as_of`, see [`HealthConfig`]) and, through
//! [`Analysis::health_series`](crate::Analysis::health_series), per period. Each field's
//! documentation gives its definition and, where one exists, the CHAOSS metric it follows.
//! [`Analysis::health`](crate::Analysis::health) computes them all; levels-based metrics
//! (activation, the funnel, retention by cohort, expert access, the balance of levels) use the
//! analysis's [`Participation`].

pub mod maturity;
pub(crate) mod sweep;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::model::event::EventKind;
use crate::model::ids::DomainId;
use crate::model::ids::MemberId;
use crate::model::landscape::Landscape;
use crate::model::log::NONE;
use crate::model::member::Competence;
use crate::model::member::Role;
use crate::model::time::{DAY, Period, format_seconds};
use crate::participation::analysis::{Options, Participation};
use crate::participation::levels::{Level, Measure, ShareOfTotal};
use crate::participation::policy::PolicySpec;
use crate::participation::scores;
use crate::participation::timeline::Timeline;
#[cfg(test)]
use crate::structure::Projection;

/// How health is measured.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct HealthConfig {
    /// The window of the metrics, in days.
    pub window_days: u32,
    /// The period of series, cohorts and streaks.
    pub period: Period,
    /// A newcomer is activated when they reach the active level within this many periods.
    pub activation_periods: usize,
    /// Periods after joining over which cohort retention is reported.
    pub retention_periods: usize,
    /// A contributor with no event for this many days is inactive.
    pub inactive_days: u32,
    /// The CNCF occasional-contributor rule: quiet for this many days …
    pub occasional_quiet_days: u32,
    /// … and at most this many contributions ever.
    pub occasional_max_contributions: usize,
    /// Burnout risk: the top `burnout_organisers` organisers …
    pub burnout_organisers: usize,
    /// … ran at least this share of the organising events …
    pub burnout_share: f64,
    /// … in each of this many last periods.
    pub burnout_periods: usize,
    /// The founding leaders: the first members to act.
    pub founders: usize,
    /// The participation analysis behind the levels-based metrics.
    pub participation: Options,
}

impl Default for HealthConfig {
    fn default() -> Self {
        HealthConfig {
            window_days: 90,
            period: Period::Month,
            activation_periods: 3,
            retention_periods: 6,
            inactive_days: 90,
            occasional_quiet_days: 90,
            occasional_max_contributions: 12,
            burnout_organisers: 2,
            burnout_share: 0.8,
            burnout_periods: 6,
            founders: 3,
            participation: Options::default(),
        }
    }
}

impl HealthConfig {
    fn window(&self, as_of: i64) -> (i64, i64) {
        (as_of - i64::from(self.window_days) * DAY + 1, as_of + 1)
    }

    /// Checks the settings: a window of at least one day (a window of zero days holds no event,
    /// so every rate over it would be meaningless), period counts of at most
    /// [`MAX_OPTION_PERIODS`](crate::limits::MAX_OPTION_PERIODS) (they size tables: a count
    /// of 10¹² would ask for terabytes), and the participation options.
    pub fn check(&self) -> Result<()> {
        window_days(i64::from(self.window_days))?;
        for (field, periods) in [
            ("activation_periods", self.activation_periods),
            ("retention_periods", self.retention_periods),
            ("burnout_periods", self.burnout_periods),
        ] {
            crate::limits::check_option_periods(field, periods)?;
        }
        self.participation.check()
    }
}

/// A health window in days, checked: at least 1 (and at most `u32::MAX`). Bindings that take a
/// signed number of days pass it through here, so that 0 and negative windows are the same
/// typed error ([`CopError::InvalidValue`](crate::CopError::InvalidValue) on `window_days`)
/// in every language.
pub fn window_days(days: i64) -> Result<u32> {
    if days < 1 {
        return Err(crate::CopError::invalid(
            "window_days",
            format!("a health window must be at least 1 day, not {days}"),
        ));
    }
    u32::try_from(days)
        .map_err(|_| crate::CopError::invalid("window_days", format!("{days} days is too long a window")))
}

/// Questions, their first responses (CHAOSS: Time to First Response) and their solutions.
///
/// A question is an `ask` event in the window. Its replies are found by its thread when it has
/// one, else by who and what it is about:
/// - **first response**: with a thread, the first `answer` or `comment` in the same thread by
///   someone other than the asker, after the question and by `as_of`; without a thread (the
///   fallback), the first `answer` or `comment` targeting the asker, about the same domain (or
///   both without one), by someone else, after the question and by `as_of`;
/// - **solution**: with a thread, the first `accept` in the same thread at or after the question
///   and by `as_of` (whoever accepts); without a thread, the first `accept` by the asker about
///   the same domain at or after the question and by `as_of` that has not already solved an
///   earlier question of theirs (each such accept solves one question, the earliest waiting).
///
/// A question with a thread is paired by its thread only: replies outside the thread do not
/// count for it; and replies in a thread count only for that thread's question, never in the
/// fallback.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Responsiveness {
    /// `ask` events in the window.
    pub questions: usize,
    /// Questions with a first response by `as_of` (see above).
    pub answered: usize,
    /// Share of the window's questions never answered by `as_of`.
    pub unanswered_share: f64,
    /// Median hours from a question to its first response.
    pub median_hours: Option<f64>,
    /// Mean hours from a question to its first response.
    pub mean_hours: Option<f64>,
    /// Questions that have a thread (paired by thread; the others by asker and domain).
    pub threaded: usize,
    /// Questions with a solution (an `accept`, see above) by `as_of`.
    pub solved: usize,
    /// Share of the window's questions solved by `as_of` (0 without questions).
    pub solved_share: f64,
    /// Median hours from a question to its solution (its `accept`), over solved questions.
    pub median_solution_hours: Option<f64>,
}

/// Who carries the work.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Concentration {
    /// CHAOSS Contributor Absence Factor: the fewest members whose weighted activity is strictly
    /// more than half of the window's (0 when nobody acted).
    pub absence_factor: usize,
    /// CHAOSS Elephant Factor: the fewest affiliations whose members did at least half of the
    /// weighted activity (`None` when no active member has an affiliation).
    pub elephant_factor: Option<usize>,
    /// Whether any organising event (`organize`) was recorded up to `as_of`. When none was
    /// (a git history, say), organiser load is not measurable from these events: the fields
    /// below are then empty or 0 and say nothing about the load.
    pub organising_recorded: bool,
    /// Organising events per organiser in the window, most first.
    pub organisers: Vec<(String, u64)>,
    /// Share of the window's organising events run by the top organisers.
    pub top_organiser_share: f64,
    /// Periods in a row (ending with the last) in which the top organisers ran at least the
    /// burnout share of organising events.
    pub organiser_streak: usize,
    /// Set when few organisers carried most organising events over a long streak.
    pub burnout_risk: Option<String>,
}

/// The rhythm of gatherings and activity.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Rhythm {
    /// Days with an organising event in the window (gatherings); with none, days with `attend`
    /// or `present` events.
    pub gatherings: usize,
    /// Median days between consecutive gatherings.
    pub median_gap_days: Option<f64>,
    /// Coefficient of variation of the gaps between gatherings (0: perfectly regular).
    pub gap_cv: Option<f64>,
    /// Days from the last gathering to `as_of`.
    pub days_since_last_gathering: Option<f64>,
    /// The longest stretch without any event in the window, in days (up to `as_of`).
    pub longest_silence_days: f64,
    /// Events per weekday in the window, Monday first.
    pub weekly_pattern: [u64; 7],
    /// Burstiness of the community's activity (Goh & Barabási 2008): (σ − μ) / (σ + μ) of the
    /// gaps between events; −1 regular, 0 random, toward 1 bursty.
    pub burstiness: f64,
}

/// Give and take.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Reciprocity {
    /// Answers, reviews and mentoring given to others in the window.
    pub given: u64,
    /// Questions asked, and reviews and mentoring received, in the window.
    pub taken: u64,
    /// `given / taken` (`None` when nothing was taken).
    pub ratio: Option<f64>,
    /// Members who took the most without giving: (key, given, taken), at most 10.
    pub takers: Vec<(String, u64, u64)>,
    /// Members who gave the most: (key, given, taken), at most 10.
    pub givers: Vec<(String, u64, u64)>,
}

/// Growth of the shared repertoire.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Repertoire {
    /// Artifacts created in the window (their creation date, else their first event).
    pub created: usize,
    /// Artifacts used (an event on them) by members who are not their authors.
    pub reused: usize,
    /// Artifacts reviewed, shared or commented on.
    pub curated: usize,
    /// Domains that saw their first event in the window.
    pub new_domains: usize,
}

/// Newcomers' access to experts. An expert is a core member competent (proficient or better,
/// when any competence is declared) in a domain related to one of the newcomer's, or — when no
/// competence is declared anywhere — a core member who acted in such a domain; a member is not
/// their own expert.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ExpertAccess {
    /// Newcomers in the window (first event in the window) with a domain.
    pub newcomers_in_window: usize,
    /// Newcomers tied directly to a core member competent in one of their domains.
    pub within_one_hop: usize,
    /// … within one or two hops.
    pub within_two_hops: usize,
    /// `within_one_hop / newcomers`.
    pub share_one_hop: f64,
    /// `within_two_hops / newcomers`.
    pub share_two_hops: f64,
    /// Newcomers more than two hops from any such expert (keys, at most 50).
    pub without_access: Vec<String>,
    /// Newcomers not tied directly to an expert although one exists for their domains: those
    /// whom mentor matching can help. The others have no expert in the community to be matched
    /// with.
    pub could_be_mentored: usize,
}

impl ExpertAccess {
    /// Counts a newcomer: whether an expert is one hop away, two hops away, and (asked only when
    /// none is one hop away) whether the core group has one who could mentor them.
    fn count_newcomer(&mut self, one: bool, two: bool, core_expert: impl FnOnce() -> bool, key: &str) {
        self.within_one_hop += usize::from(one);
        self.within_two_hops += usize::from(two);
        if !one && core_expert() {
            self.could_be_mentored += 1;
        }
        if !two && self.without_access.len() < 50 {
            self.without_access.push(key.to_owned());
        }
    }

    /// The shares, once every newcomer is counted.
    fn finish(mut self) -> ExpertAccess {
        if self.newcomers_in_window > 0 {
            self.share_one_hop = self.within_one_hop as f64 / self.newcomers_in_window as f64;
            self.share_two_hops = self.within_two_hops as f64 / self.newcomers_in_window as f64;
        }
        self
    }
}

/// Tie-strength layers against the 5 / 15 / 50 / 150 pattern.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Layers {
    /// Members active on average at least weekly, monthly, quarterly, and at all in the window
    /// (cumulative).
    pub sizes: [usize; 4],
    /// The pattern reported for communities of practice (Webber & Dunbar 2020).
    pub expected: [usize; 4],
    /// Members who organised in the window or are declared coordinators; `None` when no
    /// organising event was ever recorded and nobody is a declared coordinator (leadership is
    /// then not measurable from these events).
    pub leaders: Option<usize>,
    /// Set when a community above about 40 members relies on one leader (only when leadership is
    /// measurable).
    pub leadership_flag: Option<String>,
}

/// The balance of levels against the theory's bands (core group 10–15 %, active 15–20 % of the
/// participants, Wenger, McDermott & Snyder 2002).
///
/// When a deviation is reported (the rule):
///
/// 1. **Whole members.** A band of `n` participants holds whole members: a count `c` is outside
///    the band `lo–hi` only when `c < ⌊lo × n⌋` or `c > ⌈hi × n⌉` (2 core members of 12 are
///    17 %, but no whole number of members is nearer the band).
/// 2. **Quantile policies set the shares themselves.** Under a quantile policy (the default)
///    the core group is the top `core` share of participants and the active level the next
///    `active` share, rounded up to whole members and widened by ties at the cuts: a share above
///    the band, or one the policy's own shares put outside it, is the policy's arithmetic, not a
///    fact about the community, and is never reported. What is reported is a band left *below*
///    what the policy's shares promise, because members whose score reaches it have too little
///    evidence (fewer events than the policy's `inner_min_events`) — and only when that also
///    puts the band below the theory's (rule 1).
/// 3. Other policies (share-of-total, ladders, custom) are compared with the bands by rule 1.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Balance {
    /// Share of participants in the core group.
    pub core_share: f64,
    /// Share of participants who are active.
    pub active_share: f64,
    /// Share of participants further out.
    pub peripheral_share: f64,
    /// Members who took part (the shares' denominator).
    pub participants: usize,
    /// Which rule decided whether a deviation is reported, in words.
    pub rule: String,
    /// Deviations from the bands (core 10–15 %, active 15–20 %) by the rule, in words.
    pub deviations: Vec<String>,
}

/// Recent newcomers reaching the active level. "Recent newcomers" are not the newcomers in the
/// window ([`HealthReport::newcomers`]): they are the members who first took part in the
/// twelve periods before the last `activation_periods` periods, so that their chance to
/// become active is over.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Activation {
    /// Recent newcomers: members whose first `activation_periods` periods are over, who joined
    /// within the last `12 + activation_periods` periods.
    pub recent_newcomers: usize,
    /// Those who reached the active level or the core group within those periods.
    pub activated: usize,
    /// `activated / recent_newcomers`.
    pub share: f64,
}

/// Retention of one join cohort: the members whose first event falls in one period.
///
/// A member of the cohort is retained `k` periods later when they **act again** in that period
/// (at least one event in it). Being still inside the level window (a 365-day window keeps a
/// member's one event in view for a year) is not acting again. Only complete periods are
/// reported: the period containing `as_of` is left out when `as_of` is before its end.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cohort {
    /// The start of the period the cohort first took part in (RFC 3339).
    pub joined: String,
    /// Members in the cohort.
    pub size: usize,
    /// Share of the cohort with an event 1, 2, … periods after the joining period (complete
    /// periods only).
    pub retained: Vec<f64>,
}

/// The health of a community as of a date.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct HealthReport {
    /// The date (RFC 3339).
    pub as_of: String,
    /// The window in days.
    pub window_days: u32,
    /// CHAOSS Active Contributors: members with at least one event in the window.
    pub active_members: usize,
    /// Engagement: mean daily active members over the last 30 days divided by the members
    /// active in those 30 days (DAU / MAU).
    pub dau_mau: f64,
    /// Newcomers in the window (CHAOSS New Contributors): members whose first event is in the
    /// window. In JSON `newcomers_in_window`; the metric's name is `newcomers`. Not the recent
    /// newcomers of [`Activation`].
    #[serde(rename = "newcomers_in_window")]
    pub newcomers: usize,
    /// Activation of the recent newcomers.
    pub activation: Activation,
    /// The conversion funnel: members who ever reached at least each level (peripheral or
    /// further in, occasional, active, core group), over members who ever took part.
    pub funnel: [usize; 4],
    /// Retention by join cohort (the last 12 cohorts): who acts again in later periods.
    pub retention: Vec<Cohort>,
    /// CHAOSS Inactive Contributors: members who took part before but not in the last
    /// `inactive_days` days.
    pub inactive_contributors: usize,
    /// Occasional contributors by the CNCF rule: nothing in the last `occasional_quiet_days`
    /// days and at most `occasional_max_contributions` events ever.
    pub occasional_contributors: usize,
    /// Time to first response and unanswered questions.
    pub responsiveness: Responsiveness,
    /// Concentration of work.
    pub concentration: Concentration,
    /// Rhythm.
    pub rhythm: Rhythm,
    /// Reciprocity.
    pub reciprocity: Reciprocity,
    /// Repertoire growth.
    pub repertoire: Repertoire,
    /// Newcomers' access to experts.
    pub expert_access: ExpertAccess,
    /// Share of the window's interactions that cross to another community: an event in one
    /// community targeting a member whose home community (where most of their events are) is
    /// another.
    pub boundary_share: f64,
    /// Tie-strength layers.
    pub layers: Layers,
    /// Balance of levels.
    pub balance: Balance,
    /// Share of the window's weighted activity carried by the founding leaders (the first
    /// `founders` members to act).
    pub founders_share: f64,
}

/// Event weights (own weight, else the kind's).
fn weight_at(landscape: &Landscape, i: usize) -> f64 {
    let c = landscape.log().columns();
    f64::from(c.weight_of(i, landscape.kinds().weights_by_code()))
}

fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    Some(if n % 2 == 1 { values[n / 2] } else { (values[n / 2 - 1] + values[n / 2]) / 2.0 })
}

fn mean_sd(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
    (mean, var.sqrt())
}

/// CHAOSS Active Contributors: members with an event in `[from, to)`.
pub fn active_members(landscape: &Landscape, from: i64, to: i64) -> usize {
    Acting::between(landscape, from, to).len()
}

/// The members with an event in `[from, to)`: a bit per member.
pub(crate) struct Acting(Vec<u64>);

impl Acting {
    pub(crate) fn between(landscape: &Landscape, from: i64, to: i64) -> Acting {
        let c = landscape.log().columns();
        let mut bits = vec![0u64; landscape.member_rows().div_ceil(64)];
        for e in landscape.log().between(from, to) {
            let m = c.member[e.index()] as usize;
            bits[m / 64] |= 1 << (m % 64);
        }
        Acting(bits)
    }

    pub(crate) fn contains(&self, m: u32) -> bool {
        self.0.get(m as usize / 64).is_some_and(|w| w & (1 << (m % 64)) != 0)
    }

    pub(crate) fn len(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// How many members act in both.
    pub(crate) fn common(&self, other: &Acting) -> usize {
        self.0.iter().zip(&other.0).map(|(a, b)| (a & b).count_ones() as usize).sum()
    }
}

/// DAU / MAU over the 30 days up to `as_of`.
pub fn dau_mau(landscape: &Landscape, as_of: i64) -> f64 {
    let c = landscape.log().columns();
    let (from, to) = (as_of - 30 * DAY + 1, as_of + 1);
    // Events come in time order, so a member's days come in order: a (day, member) pair is new
    // when the day differs from the member's last.
    let mut last_day = vec![i64::MIN; landscape.member_rows()];
    let (mut daily, mut monthly) = (0usize, 0usize);
    for e in landscape.log().between(from, to) {
        let i = e.index();
        let day = (c.time[i] - from).div_euclid(DAY);
        let last = &mut last_day[c.member[i] as usize];
        if *last != day {
            monthly += usize::from(*last == i64::MIN);
            *last = day;
            daily += 1;
        }
    }
    if monthly == 0 { 0.0 } else { daily as f64 / 30.0 / monthly as f64 }
}

/// First event time of every member (`None`: never acted).
fn first_events(landscape: &Landscape) -> Vec<Option<i64>> {
    let log = landscape.log();
    landscape.member_ids().map(|m| log.of_member(m).first().and_then(|&e| log.time_of(e))).collect()
}

/// Time to first response, solved share and time to solution (see [`Responsiveness`]) of the
/// questions asked in `from..to`, with replies up to `to`.
pub fn responsiveness(landscape: &Landscape, from: i64, to: i64) -> Responsiveness {
    let log = landscape.log();
    let first_reply = |i: usize, to: i64| first_unthreaded_reply(landscape, i, to);
    let candidates = |asker: MemberId, t: i64, to: i64| log.of_member_between(asker, t, to);
    responsiveness_by(landscape, from, to, first_reply, candidates)
}

/// The first reply before `to` to the unthreaded question `i`: an answer or comment to the
/// asker after the question, in its domain and outside any thread, by someone else.
fn first_unthreaded_reply(landscape: &Landscape, i: usize, to: i64) -> Option<usize> {
    let log = landscape.log();
    let c = log.columns();
    let (answer, comment) = (EventKind::Answer.code(), EventKind::Comment.code());
    let unthreaded = |j: usize| c.thread.is_none_or(|threads| threads[j] == NONE);
    let asker = MemberId::from_raw(c.member[i]);
    log.targeting_between(asker, c.time[i] + 1, to).iter().map(|r| r.index()).find(|&j| {
        (c.kind[j] == answer || c.kind[j] == comment)
            && c.domain[j] == c.domain[i]
            && c.member[j] != c.member[i]
            && unthreaded(j)
    })
}

/// [`responsiveness`], given the first reply to an unthreaded question (event `i`) before `to`,
/// and the events of an asker with `t <= time < to` among which an accept may solve their
/// unthreaded question (every accept of theirs outside any thread in that span, in time order;
/// other events may be among them).
fn responsiveness_by<'a>(
    landscape: &Landscape,
    from: i64,
    to: i64,
    first_reply: impl Fn(usize, i64) -> Option<usize>,
    candidates: impl Fn(MemberId, i64, i64) -> &'a [crate::model::ids::EventId],
) -> Responsiveness {
    let log = landscape.log();
    let c = log.columns();
    let (ask, answer, comment, accept) = (
        EventKind::Ask.code(),
        EventKind::Answer.code(),
        EventKind::Comment.code(),
        EventKind::Accept.code(),
    );
    // The replies of each thread in the window, in time order.
    let mut in_thread: FxHashMap<u32, Vec<usize>> = FxHashMap::default();
    if let Some(threads) = c.thread {
        for e in log.between(from, to) {
            let i = e.index();
            if threads[i] != NONE && (c.kind[i] == answer || c.kind[i] == comment || c.kind[i] == accept) {
                in_thread.entry(threads[i]).or_default().push(i);
            }
        }
    }
    let mut hours = Vec::new();
    let mut solution_hours = Vec::new();
    let mut used_accepts: FxHashSet<usize> = FxHashSet::default();
    let (mut questions, mut threaded) = (0, 0);
    for e in log.between(from, to) {
        let i = e.index();
        if c.kind[i] != ask {
            continue;
        }
        questions += 1;
        let asker = MemberId::from_raw(c.member[i]);
        let (t, domain) = (c.time[i], c.domain[i]);
        let thread = c.thread.map_or(NONE, |threads| threads[i]);
        let (first, solution) = if thread != NONE {
            threaded += 1;
            let replies = in_thread.get(&thread).map_or(&[][..], Vec::as_slice);
            let first = replies.iter().copied().find(|&j| {
                (c.kind[j] == answer || c.kind[j] == comment) && c.time[j] > t && c.member[j] != c.member[i]
            });
            let solution = replies.iter().copied().find(|&j| c.kind[j] == accept && c.time[j] >= t);
            (first, solution)
        } else {
            // Replies in a thread belong to that thread's question.
            let unthreaded = |j: usize| c.thread.is_none_or(|threads| threads[j] == NONE);
            let first = first_reply(i, to);
            let solution = candidates(asker, t, to).iter().map(|r| r.index()).find(|&j| {
                c.kind[j] == accept && c.domain[j] == domain && unthreaded(j) && !used_accepts.contains(&j)
            });
            if let Some(j) = solution {
                used_accepts.insert(j);
            }
            (first, solution)
        };
        if let Some(j) = first {
            hours.push((c.time[j] - t) as f64 / 3600.0);
        }
        if let Some(j) = solution {
            solution_hours.push((c.time[j] - t) as f64 / 3600.0);
        }
    }
    let answered = hours.len();
    let solved = solution_hours.len();
    let mean = (!hours.is_empty()).then(|| hours.iter().sum::<f64>() / hours.len() as f64);
    let share = |n: usize| if questions == 0 { 0.0 } else { n as f64 / questions as f64 };
    Responsiveness {
        questions,
        answered,
        unanswered_share: share(questions - answered),
        median_hours: median(&mut hours),
        mean_hours: mean,
        threaded,
        solved,
        solved_share: share(solved),
        median_solution_hours: median(&mut solution_hours),
    }
}

/// The days of gatherings: organising events, else attend / present events.
fn gathering_days(landscape: &Landscape, from: i64, to: i64) -> Vec<i64> {
    let c = landscape.log().columns();
    let pick = |codes: &[u8]| -> Vec<i64> {
        let mut days: Vec<i64> = landscape
            .log()
            .between(from, to)
            .map(|e| e.index())
            .filter(|&i| codes.contains(&c.kind[i]))
            .map(|i| c.time[i].div_euclid(DAY))
            .collect();
        days.dedup();
        days
    };
    let organised = pick(&[EventKind::Organize.code()]);
    if organised.is_empty() {
        pick(&[EventKind::Attend.code(), EventKind::Present.code()])
    } else {
        organised
    }
}

/// Rhythm (see [`Rhythm`]).
pub fn rhythm(landscape: &Landscape, from: i64, to: i64) -> Rhythm {
    rhythm_with(landscape, from, to, landscape.log().span().map(|(first, _)| first))
}

/// [`rhythm`], given the time of the landscape's first event.
fn rhythm_with(landscape: &Landscape, from: i64, to: i64, first_event: Option<i64>) -> Rhythm {
    let c = landscape.log().columns();
    let as_of = to - 1;
    let days = gathering_days(landscape, from, to);
    let mut gaps: Vec<f64> = days.windows(2).map(|w| (w[1] - w[0]) as f64).collect();
    let gap_cv = (gaps.len() >= 2).then(|| {
        let (mean, sd) = mean_sd(&gaps);
        if mean > 0.0 { sd / mean } else { 0.0 }
    });
    let mut weekly_pattern = [0u64; 7];
    // Silence counts from the window's start, or from the community's first event when later.
    let mut last = first_event.map_or(from - 1, |first| first.max(from - 1));
    let mut longest = 0i64;
    let mut event_gaps = Vec::new();
    let mut previous: Option<i64> = None;
    for e in landscape.log().between(from, to) {
        let t = c.time[e.index()];
        weekly_pattern[((t.div_euclid(DAY) + 3).rem_euclid(7)) as usize] += 1;
        longest = longest.max(t - last);
        last = t;
        if let Some(p) = previous {
            event_gaps.push((t - p) as f64);
        }
        previous = Some(t);
    }
    longest = longest.max(as_of - last);
    let burstiness = if event_gaps.len() >= 2 {
        let (mean, sd) = mean_sd(&event_gaps);
        if sd + mean > 0.0 { (sd - mean) / (sd + mean) } else { 0.0 }
    } else {
        0.0
    };
    Rhythm {
        gatherings: days.len(),
        median_gap_days: median(&mut gaps),
        gap_cv,
        days_since_last_gathering: days.last().map(|&d| (as_of.div_euclid(DAY) - d) as f64),
        longest_silence_days: longest as f64 / DAY as f64,
        weekly_pattern,
        burstiness,
    }
}

/// Reciprocity (see [`Reciprocity`]).
pub fn reciprocity(landscape: &Landscape, from: i64, to: i64) -> Reciprocity {
    reciprocity_with(landscape, from, to, true)
}

/// [`reciprocity`]; the lists of takers and givers only when `lists`.
fn reciprocity_with(landscape: &Landscape, from: i64, to: i64, lists: bool) -> Reciprocity {
    let c = landscape.log().columns();
    let (ask, answer, review, mentor) =
        (EventKind::Ask.code(), EventKind::Answer.code(), EventKind::Review.code(), EventKind::Mentor.code());
    if !lists {
        // The totals alone: each event gives or takes as it does per member below.
        let (mut given, mut taken) = (0u64, 0u64);
        for e in landscape.log().between(from, to) {
            let i = e.index();
            let (m, t, k) = (c.member[i], c.target[i], c.kind[i]);
            if k == ask {
                taken += 1;
            } else if (k == answer || k == review || k == mentor) && t != NONE && t != m {
                given += 1;
                taken += u64::from(k != answer);
            }
        }
        let ratio = (taken > 0).then(|| given as f64 / taken as f64);
        return Reciprocity { given, taken, ratio, ..Reciprocity::default() };
    }
    let mut per: FxHashMap<u32, (u64, u64)> = FxHashMap::default();
    for e in landscape.log().between(from, to) {
        let i = e.index();
        let (m, t, k) = (c.member[i], c.target[i], c.kind[i]);
        let toward_other = t != NONE && t != m;
        if k == ask {
            per.entry(m).or_default().1 += 1;
        } else if (k == answer || k == review || k == mentor) && toward_other {
            per.entry(m).or_default().0 += 1;
            if k != answer {
                per.entry(t).or_default().1 += 1;
            }
        }
    }
    let given: u64 = per.values().map(|v| v.0).sum();
    let taken: u64 = per.values().map(|v| v.1).sum();
    let ratio = (taken > 0).then(|| given as f64 / taken as f64);
    let key = |m: u32| landscape.member_key(MemberId::from_raw(m)).unwrap_or_default().to_owned();
    let mut rows: Vec<(String, u64, u64)> = per.iter().map(|(&m, &(g, t))| (key(m), g, t)).collect();
    rows.sort_by(|a, b| (b.2.saturating_sub(b.1)).cmp(&a.2.saturating_sub(a.1)).then_with(|| a.0.cmp(&b.0)));
    let takers: Vec<_> = rows.iter().filter(|r| r.2 > r.1).take(10).cloned().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let givers: Vec<_> = rows.iter().filter(|r| r.1 > 0).take(10).cloned().collect();
    Reciprocity { given, taken, ratio, takers, givers }
}

/// Repertoire growth (see [`Repertoire`]).
pub fn repertoire(landscape: &Landscape, from: i64, to: i64) -> Repertoire {
    let log = landscape.log();
    let c = log.columns();
    let mut first_on: FxHashMap<u32, i64> = FxHashMap::default();
    if let Some(artifacts) = c.artifact {
        for e in log.in_time_order() {
            let a = artifacts[e.index()];
            if a != NONE {
                first_on.entry(a).or_insert(c.time[e.index()]);
            }
        }
    }
    let created = (0..landscape.counts().artifacts as u32)
        .filter(|&a| {
            let id = crate::model::ids::ArtifactId::from_raw(a);
            let created = landscape.artifact(id).and_then(|x| x.created).map(|t| t.timestamp());
            created.or(first_on.get(&a).copied()).is_some_and(|t| t >= from && t < to)
        })
        .count();
    let (reused, curated) = reused_and_curated(landscape, from, to);
    let mut first_domain: FxHashMap<u32, i64> = FxHashMap::default();
    for e in log.in_time_order() {
        let d = c.domain[e.index()];
        if d != NONE {
            first_domain.entry(d).or_insert(c.time[e.index()]);
        }
    }
    let new_domains = first_domain.values().filter(|&&t| t >= from && t < to).count();
    Repertoire { created, reused, curated, new_domains }
}

/// Artifacts reused by others than their authors, and artifacts curated (reviewed, shared,
/// commented on), in `from..to`.
fn reused_and_curated(landscape: &Landscape, from: i64, to: i64) -> (usize, usize) {
    let log = landscape.log();
    let c = log.columns();
    let (review, share, comment) =
        (EventKind::Review.code(), EventKind::Share.code(), EventKind::Comment.code());
    let mut reused = FxHashSet::default();
    let mut curated = FxHashSet::default();
    if let Some(artifacts) = c.artifact {
        for e in log.between(from, to) {
            let i = e.index();
            let a = artifacts[i];
            if a == NONE {
                continue;
            }
            let authors = landscape
                .artifact(crate::model::ids::ArtifactId::from_raw(a))
                .map(|x| x.authors())
                .unwrap_or(&[]);
            if !authors.is_empty() && !authors.contains(&MemberId::from_raw(c.member[i])) {
                reused.insert(a);
            }
            if [review, share, comment].contains(&c.kind[i]) {
                curated.insert(a);
            }
        }
    }
    (reused.len(), curated.len())
}

#[cfg(test)]
/// Whether any organising event was recorded before `to`.
fn organising_recorded(landscape: &Landscape, to: i64) -> bool {
    let c = landscape.log().columns();
    let organize = EventKind::Organize.code();
    c.kind.iter().zip(c.time.iter()).any(|(&k, &t)| k == organize && t < to)
}

#[cfg(test)]
/// Concentration of work (see [`Concentration`]).
fn concentration(
    landscape: &Landscape,
    from: i64,
    to: i64,
    config: &HealthConfig,
    organising_recorded: bool,
) -> Concentration {
    concentration_with(landscape, from, to, config, organising_recorded, true)
}

/// [`concentration`]; the organisers, their share and streak only when `organisers`.
fn concentration_with(
    landscape: &Landscape,
    from: i64,
    to: i64,
    config: &HealthConfig,
    organising_recorded: bool,
    organisers: bool,
) -> Concentration {
    let (activity, by_organiser) = activity_and_organising(landscape, from, to);
    let mut sorted: Vec<f64> = activity.iter().copied().filter(|&a| a > 0.0).collect();
    sorted.sort_by(|a, b| b.total_cmp(a));
    let total: f64 = sorted.iter().sum();
    if !organisers {
        return Concentration {
            absence_factor: absence_factor(&sorted, total),
            elephant_factor: elephant_factor(landscape, &activity, total),
            organising_recorded,
            ..Concentration::default()
        };
    }
    let organisers = by_organiser;
    let key = |m: u32| landscape.member_key(MemberId::from_raw(m)).unwrap_or_default().to_owned();
    let mut list: Vec<(String, u64)> = organisers.iter().map(|(&m, &n)| (key(m), n)).collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let all: u64 = list.iter().map(|x| x.1).sum();
    let top: u64 = list.iter().take(config.burnout_organisers).map(|x| x.1).sum();
    let top_organiser_share = if all > 0 { top as f64 / all as f64 } else { 0.0 };
    let streak = organiser_streak(landscape, to, config);
    let burnout_risk = (streak >= config.burnout_periods && !list.is_empty()).then(|| {
        format!(
            "{} organiser(s) ran {:.0} % of organising events for {streak} {:?}s in a row: share the load",
            config.burnout_organisers.min(list.len()),
            top_organiser_share * 100.0,
            config.period
        )
        .replace("Months", "months")
        .to_lowercase()
    });
    Concentration {
        absence_factor: absence_factor(&sorted, total),
        elephant_factor: elephant_factor(landscape, &activity, total),
        organising_recorded,
        organisers: list.into_iter().take(10).collect(),
        top_organiser_share,
        organiser_streak: streak,
        burnout_risk,
    }
}

/// Each member's weighted activity in the window, and each organiser's organising events.
fn activity_and_organising(landscape: &Landscape, from: i64, to: i64) -> (Vec<f64>, FxHashMap<u32, u64>) {
    let c = landscape.log().columns();
    let mut activity = vec![0.0f64; landscape.member_rows()];
    let organize = EventKind::Organize.code();
    let mut organisers: FxHashMap<u32, u64> = FxHashMap::default();
    for e in landscape.log().between(from, to) {
        let i = e.index();
        activity[c.member[i] as usize] += weight_at(landscape, i);
        if c.kind[i] == organize {
            *organisers.entry(c.member[i]).or_default() += 1;
        }
    }
    (activity, organisers)
}

/// Contributor absence factor: the shortest prefix of the activities (`sorted` most active
/// first, summing to `total`) strictly above half.
fn absence_factor(sorted: &[f64], total: f64) -> usize {
    let mut sum = 0.0;
    sorted
        .iter()
        .position(|&a| {
            sum += a;
            sum > total / 2.0
        })
        .map_or(0, |p| p + 1)
}

/// Elephant factor: the fewest affiliations that did at least half of the `total` activity.
fn elephant_factor(landscape: &Landscape, activity: &[f64], total: f64) -> Option<usize> {
    let mut by_affiliation: FxHashMap<&str, f64> = FxHashMap::default();
    for (m, &a) in activity.iter().enumerate() {
        if a > 0.0
            && let Some(aff) =
                landscape.member(MemberId::from_raw(m as u32)).and_then(|x| x.affiliation.as_deref())
        {
            *by_affiliation.entry(aff).or_default() += a;
        }
    }
    (!by_affiliation.is_empty()).then(|| {
        let mut shares: Vec<f64> = by_affiliation.values().copied().collect();
        shares.sort_by(|a, b| b.total_cmp(a));
        let mut sum = 0.0;
        shares
            .iter()
            .position(|&a| {
                sum += a;
                sum >= total / 2.0 - 1e-9
            })
            .map_or(shares.len(), |p| p + 1)
    })
}

/// The streak: periods (ending with the current one) where the top organisers ran most events.
fn organiser_streak(landscape: &Landscape, to: i64, config: &HealthConfig) -> usize {
    let c = landscape.log().columns();
    let organize = EventKind::Organize.code();
    let as_of = to - 1;
    let period = config.period;
    let current = period.index(as_of);
    let mut streak = 0;
    for p in (0..).map(|k| current - k) {
        let (start, end) = (period.start(p), period.end(p).min(as_of) + 1);
        let mut counts: FxHashMap<u32, u64> = FxHashMap::default();
        for e in landscape.log().between(start, end) {
            if c.kind[e.index()] == organize {
                *counts.entry(c.member[e.index()]).or_default() += 1;
            }
        }
        let mut n: Vec<u64> = counts.values().copied().collect();
        n.sort_unstable_by(|a, b| b.cmp(a));
        let all: u64 = n.iter().sum();
        let top: u64 = n.iter().take(config.burnout_organisers).sum();
        if all == 0 && p == current {
            continue; // the current period may just not have had its gathering yet
        }
        if all == 0 || (top as f64) < config.burnout_share * all as f64 {
            break;
        }
        streak += 1;
        if streak > 120 {
            break;
        }
    }
    streak
}

/// The domains a member is declared at least proficient in (an expert's domains when the
/// landscape declares competences).
pub(crate) fn proficient_domains(landscape: &Landscape, member: MemberId) -> Vec<DomainId> {
    landscape
        .member(member)
        .map(|x| {
            x.competence().iter().filter(|(_, c)| *c >= Competence::Proficient).map(|(d, _)| *d).collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
/// The domains a member acted in, or declared interest / competence in.
fn member_domains(landscape: &Landscape, member: MemberId, to: i64) -> Vec<DomainId> {
    let c = landscape.log().columns();
    let mut domains: Vec<DomainId> = landscape
        .log()
        .of_member_between(member, i64::MIN, to)
        .iter()
        .map(|e| c.domain[e.index()])
        .filter(|&d| d != NONE)
        .map(DomainId::from_raw)
        .collect();
    if let Some(m) = landscape.member(member) {
        domains.extend(m.interests());
        domains.extend(m.competence().iter().map(|(d, _)| *d));
    }
    domains.sort_unstable();
    domains.dedup();
    domains
}

#[cfg(test)]
/// Newcomers' access to experts (see [`ExpertAccess`]).
fn expert_access(
    landscape: &Landscape,
    levels: &[Level],
    from: i64,
    to: i64,
    firsts: &[Option<i64>],
) -> ExpertAccess {
    let taxonomy = landscape.taxonomy();
    let any_competence =
        landscape.member_ids().any(|m| landscape.member(m).is_some_and(|x| !x.competence().is_empty()));
    let related = |a: DomainId, b: DomainId| taxonomy.is_within(a, b) || taxonomy.is_within(b, a);
    // The domains each core member is an expert in, indexed by member id.
    let mut expert_domains: Vec<Option<Vec<DomainId>>> = vec![None; landscape.member_rows()];
    for m in landscape.member_ids().filter(|m| levels.get(m.index()) == Some(&Level::CoreGroup)) {
        let domains =
            if any_competence { proficient_domains(landscape, m) } else { member_domains(landscape, m, to) };
        expert_domains[m.index()] = Some(domains);
    }
    let core: Vec<u32> =
        (0..expert_domains.len() as u32).filter(|&x| expert_domains[x as usize].is_some()).collect();
    // Ties up to `to`, from the graph's aggregated interactions (fewer than the events).
    let ties = landscape
        .graph()
        .interactions()
        .filter(|(_, _, tie)| tie.first < to)
        .map(|(a, b, tie)| (a.raw(), b.raw(), f64::from(tie.count)));
    let projection = Projection::from_edges(landscape.member_rows(), ties);
    let mut access = ExpertAccess::default();
    for m in landscape.member_ids() {
        if !firsts[m.index()].is_some_and(|t| t >= from && t < to) {
            continue;
        }
        let domains = member_domains(landscape, m, to);
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
        let one = projection.neighbours(m.raw()).any(|(x, _)| is_expert(x));
        let two = one
            || projection
                .neighbours(m.raw())
                .any(|(x, _)| projection.neighbours(x).any(|(y, _)| is_expert(y)));
        let key = landscape.member_key(m).unwrap_or_default();
        access.count_newcomer(one, two, || core.iter().any(|&x| is_expert(x)), key);
    }
    access.finish()
}

/// Share of interactions crossing to another community.
pub fn boundary_share(landscape: &Landscape, from: i64, to: i64) -> f64 {
    let c = landscape.log().columns();
    if landscape.counts().communities < 2 {
        return 0.0;
    }
    let mut home: FxHashMap<u32, u16> = FxHashMap::default();
    let (mut interactions, mut crossing) = (0usize, 0usize);
    for e in landscape.log().between(from, to) {
        let i = e.index();
        let t = c.target[i];
        if t == NONE || t == c.member[i] {
            continue;
        }
        let target_home = *home.entry(t).or_insert_with(|| {
            let mut counts: FxHashMap<u16, usize> = FxHashMap::default();
            for x in landscape.log().of_member_between(MemberId::from_raw(t), i64::MIN, to) {
                *counts.entry(c.community[x.index()]).or_default() += 1;
            }
            counts
                .into_iter()
                .max_by_key(|&(k, n)| (n, std::cmp::Reverse(k)))
                .map_or(c.community[i], |(k, _)| k)
        });
        interactions += 1;
        crossing += usize::from(target_home != c.community[i]);
    }
    if interactions == 0 { 0.0 } else { crossing as f64 / interactions as f64 }
}

fn layers(landscape: &Landscape, from: i64, to: i64, window_days: u32, organising_recorded: bool) -> Layers {
    let c = landscape.log().columns();
    let mut days: FxHashMap<u32, FxHashSet<i64>> = FxHashMap::default();
    let organize = EventKind::Organize.code();
    let mut leaders: FxHashSet<u32> = FxHashSet::default();
    for e in landscape.log().between(from, to) {
        let i = e.index();
        days.entry(c.member[i]).or_default().insert(c.time[i].div_euclid(DAY));
        if c.kind[i] == organize {
            leaders.insert(c.member[i]);
        }
    }
    for m in landscape.member_ids() {
        if landscape.member(m).is_some_and(|x| x.memberships().iter().any(|s| s.role == Role::Coordinator)) {
            leaders.insert(m.raw());
        }
    }
    let w = f64::from(window_days.max(1));
    let thresholds = [w / 7.0, w / 30.0, w / 91.0, 1.0];
    let mut sizes = [0usize; 4];
    for d in days.values() {
        for (k, &t) in thresholds.iter().enumerate() {
            if d.len() as f64 >= t.max(1.0) {
                sizes[k] += 1;
            }
        }
    }
    let active = sizes[3];
    let measurable = organising_recorded || !leaders.is_empty();
    let leaders = measurable.then_some(leaders.len());
    let leadership_flag = leaders.filter(|&n| active > 40 && n <= 1).map(|n| {
        format!("{active} active members and {n} organiser(s): a community above about 40 members needs a leadership team, not one leader")
    });
    Layers { sizes, expected: [5, 15, 50, 150], leaders, leadership_flag }
}

fn balance(levels: &[Level], policy: &PolicySpec) -> Balance {
    let participants = levels.iter().filter(|&&l| l != Level::Outsider).count();
    let quantile = match policy.resolve() {
        Ok(PolicySpec::Quantile(q)) => Some(q),
        _ => None,
    };
    let rule = match quantile {
        Some(q) => format!(
            "quantile policy: the core group and the active level are the top {:.0} % and the next {:.0} % by score, so only a band left short by members with fewer than {} events is reported",
            q.core * 100.0,
            q.active * 100.0,
            q.inner_min_events
        ),
        None => "compared with the bands, to the nearest whole member".to_owned(),
    };
    if participants == 0 {
        return Balance { rule, ..Balance::default() };
    }
    let n = participants as f64;
    let count = |l: Level| levels.iter().filter(|&&x| x == l).count();
    let (core_n, active_n) = (count(Level::CoreGroup), count(Level::Active));
    let (core, active) = (core_n as f64 / n, active_n as f64 / n);
    let mut deviations = Vec::new();
    let say = |band: &str, v: f64, lo: f64, hi: f64, side: &str| {
        format!(
            "{band} is {:.0} % of participants, {side} the {:.0}–{:.0} % band",
            v * 100.0,
            lo * 100.0,
            hi * 100.0
        )
    };
    // Rule 1: whole members.
    let below = |c: usize, lo: f64| (c as f64) < (lo * n + 1e-9).floor();
    let above = |c: usize, hi: f64| (c as f64) > (hi * n - 1e-9).ceil();
    match quantile {
        Some(q) => {
            // What the policy's shares promise (at least; ties only add), and how many of those
            // places stayed empty for lack of evidence.
            let promised_core = (q.core * n).ceil() as usize; // as `Quantile::cuts` counts
            let promised_inner = ((q.core + q.active) * n).ceil() as usize;
            let short_core = promised_core.saturating_sub(core_n);
            let short_inner = promised_inner.saturating_sub(core_n + active_n);
            let why = |short: usize| {
                format!(
                    ": {short} member(s) whose score reaches it had fewer than {} events in the window",
                    q.inner_min_events
                )
            };
            if short_core > 0 && below(core_n, 0.10) {
                deviations.push(say("the core group", core, 0.10, 0.15, "below") + &why(short_core));
            }
            if short_inner > 0 && below(active_n, 0.15) {
                deviations.push(say("the active group", active, 0.15, 0.20, "below") + &why(short_inner));
            }
        }
        None => {
            for (band, c, v, lo, hi) in [
                ("the core group", core_n, core, 0.10, 0.15),
                ("the active group", active_n, active, 0.15, 0.20),
            ] {
                if below(c, lo) {
                    deviations.push(say(band, v, lo, hi, "below"));
                } else if above(c, hi) {
                    deviations.push(say(band, v, lo, hi, "above"));
                }
            }
        }
    }
    Balance {
        core_share: core,
        active_share: active,
        peripheral_share: 1.0 - core - active,
        participants,
        rule,
        deviations,
    }
}

/// Retention by join cohort (see [`Cohort`]): members grouped by the period of their first
/// event; a member is retained in a later period when they have an event in it. The last 12
/// cohorts, complete periods only.
fn retention(landscape: &Landscape, as_of: i64, period: Period, retention_periods: usize) -> Vec<Cohort> {
    let current = period.index(as_of);
    // The last complete period: the current one when `as_of` is its last second.
    let last_complete = if as_of >= period.end(current) { current } else { current - 1 };
    let log = landscape.log();
    let c = log.columns();
    // (joining period, size, members acting again k periods later).
    let mut cohorts: std::collections::BTreeMap<i64, (usize, Vec<usize>)> = Default::default();
    for m in landscape.member_ids() {
        let events = log.of_member_between(m, i64::MIN, as_of + 1);
        let Some(&first) = events.first() else { continue };
        let f = period.index(c.time[first.index()]);
        if f > last_complete {
            continue; // joined in the partial period: nothing complete to report yet
        }
        let cohort = cohorts.entry(f).or_insert_with(|| (0, vec![0; retention_periods]));
        cohort.0 += 1;
        // Events come in time order: only the first event of each later period counts, and
        // none past the last period reported.
        let mut until = period.end(f);
        for e in events {
            let t = c.time[e.index()];
            if t <= until {
                continue;
            }
            let k = period.index(t) - f;
            if k as usize > retention_periods {
                break;
            }
            cohort.1[k as usize - 1] += 1;
            until = period.end(f + k);
        }
    }
    cohorts
        .iter()
        .rev()
        .take(12)
        .rev()
        .map(|(&f, (size, kept))| Cohort {
            joined: format_seconds(period.start(f)),
            size: *size,
            retained: kept
                .iter()
                .take(usize::try_from(last_complete - f).unwrap_or(0))
                .map(|&n| n as f64 / *size as f64)
                .collect(),
        })
        .collect()
}

#[cfg(test)]
fn founders_share(landscape: &Landscape, from: i64, to: i64, founders: usize, firsts: &[Option<i64>]) -> f64 {
    founders_share_of(landscape, from, to, &founding(landscape, founders, firsts))
}

/// The founding leaders: the first `founders` members to act (ties by key).
fn founding(landscape: &Landscape, founders: usize, firsts: &[Option<i64>]) -> FxHashSet<u32> {
    let key = |m: u32| landscape.member_key(MemberId::from_raw(m)).unwrap_or_default();
    let mut order: Vec<(i64, u32)> =
        firsts.iter().enumerate().filter_map(|(m, t)| t.map(|t| (t, m as u32))).collect();
    order.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| key(a.1).cmp(key(b.1))));
    order.iter().take(founders).map(|&(_, m)| m).collect()
}

/// The share of the window's weighted activity carried by the `founding` members.
fn founders_share_of(landscape: &Landscape, from: i64, to: i64, founding: &FxHashSet<u32>) -> f64 {
    let c = landscape.log().columns();
    let (mut all, mut theirs) = (0.0, 0.0);
    for e in landscape.log().between(from, to) {
        let w = weight_at(landscape, e.index());
        all += w;
        if founding.contains(&c.member[e.index()]) {
            theirs += w;
        }
    }
    if all > 0.0 { theirs / all } else { 0.0 }
}

/// Activation and funnel from the level timeline, period by period (each period's levels are
/// one contiguous array): when each of `members` first participated, the highest level each
/// reached, and whether they became active within `activation_periods`.
fn activation_and_funnel(
    timeline: &Timeline,
    members: usize,
    config: &HealthConfig,
) -> (Activation, [usize; 4]) {
    let periods = timeline.dates.len();
    let mut first: Vec<Option<usize>> = vec![None; members];
    let mut best = vec![0u8; members];
    let mut reached_active = vec![false; members];
    for (p, levels_p) in timeline.levels.iter().enumerate() {
        for (m, level) in levels_p.iter().enumerate() {
            let participating = *level != Level::Outsider;
            if participating && first[m].is_none() {
                first[m] = Some(p);
            }
            let Some(f) = first[m] else { continue };
            best[m] = best[m].max(level.rank());
            if p <= f + config.activation_periods && level.rank() >= Level::Active.rank() {
                reached_active[m] = true;
            }
        }
    }
    let mut activation = Activation::default();
    let mut funnel = [0usize; 4];
    for m in 0..members {
        let Some(f) = first[m] else { continue };
        for (k, need) in [1u8, 3, 4, 5].iter().enumerate() {
            funnel[k] += usize::from(best[m] >= *need);
        }
        if f + config.activation_periods < periods && f + 12 + config.activation_periods >= periods {
            activation.recent_newcomers += 1;
            activation.activated += usize::from(reached_active[m]);
        }
    }
    if activation.recent_newcomers > 0 {
        activation.share = activation.activated as f64 / activation.recent_newcomers as f64;
    }
    (activation, funnel)
}

/// Inactive contributors (acted by `as_of` but not in the last `inactive_days` days) and
/// occasional ones. A window scan finds who acted recently; only the others are looked at one
/// by one.
fn inactive_and_occasional(
    landscape: &Landscape,
    as_of: i64,
    to: i64,
    config: &HealthConfig,
    firsts: &[Option<i64>],
) -> (usize, usize) {
    let log = landscape.log();
    let time = log.columns().time;
    let recent = |days: u32| Acting::between(landscape, as_of - i64::from(days) * DAY + 1, to);
    let (recently_active, recently_quiet) =
        (recent(config.inactive_days), recent(config.occasional_quiet_days));
    let (mut inactive, mut occasional) = (0, 0);
    for (m, first) in firsts.iter().enumerate() {
        if !first.is_some_and(|t| t < to) {
            continue;
        }
        inactive += usize::from(!recently_active.contains(m as u32));
        if !recently_quiet.contains(m as u32) {
            // At most `max` events before `to`: the member's next one (in time order), if any,
            // is at `to` or later.
            let next = log.of_member(MemberId::from_raw(m as u32)).get(config.occasional_max_contributions);
            occasional += usize::from(next.is_none_or(|&e| time[e.index()] >= to));
        }
    }
    (inactive, occasional)
}

impl HealthReport {
    /// Every metric as of `as_of` (seconds), with levels from `participation`.
    pub(crate) fn compute(
        landscape: &Landscape,
        as_of: i64,
        config: &HealthConfig,
        participation: &Participation,
    ) -> Result<HealthReport> {
        config.check()?;
        let shared = sweep::Shared::new(landscape, config);
        Ok(Self::compute_with(landscape, as_of, config, participation, &shared))
    }

    /// [`HealthReport::compute`] with what the periods share computed before (`config`
    /// checked).
    pub(crate) fn compute_with(
        landscape: &Landscape,
        as_of: i64,
        config: &HealthConfig,
        participation: &Participation,
        shared: &sweep::Shared,
    ) -> HealthReport {
        let levels = participation.levels.levels();
        let timeline = &participation.timeline;
        let (activation, funnel) = activation_and_funnel(timeline, landscape.member_rows(), config);
        let policy = &participation.options.policy;
        let mut report = shared.report(landscape, as_of, config, &levels, policy, activation, true);
        report.funnel = funnel;
        report.retention = retention(landscape, as_of, timeline.period, config.retention_periods);
        report
    }

    /// The value of a named scalar metric (for charter goals and series): `active_members`,
    /// `dau_mau`, `newcomers`, `newcomer_activation`, `inactive_contributors`,
    /// `occasional_contributors`, `questions`, `unanswered_share`, `median_response_hours`,
    /// `absence_factor`, `elephant_factor`, `gatherings`, `gap_cv`, `longest_silence_days`,
    /// `burstiness`, `reciprocity`, `artifacts_created`, `artifacts_reused`, `expert_access`,
    /// `boundary_share`, `core_share`, `active_share`, `founders_share`.
    pub fn metric(&self, name: &str) -> Option<f64> {
        Some(match name {
            "active_members" => self.active_members as f64,
            "dau_mau" => self.dau_mau,
            // `newcomers` and `newcomer_activation`: the names before they were told apart, still
            // read in charters.
            "newcomers_in_window" | "newcomers" => self.newcomers as f64,
            "recent_newcomer_activation" | "newcomer_activation" => self.activation.share,
            "inactive_contributors" => self.inactive_contributors as f64,
            "occasional_contributors" => self.occasional_contributors as f64,
            "questions" => self.responsiveness.questions as f64,
            "unanswered_share" => self.responsiveness.unanswered_share,
            "median_response_hours" => self.responsiveness.median_hours?,
            "solved_share" => self.responsiveness.solved_share,
            "median_solution_hours" => self.responsiveness.median_solution_hours?,
            "absence_factor" => self.concentration.absence_factor as f64,
            "elephant_factor" => self.concentration.elephant_factor? as f64,
            "gatherings" => self.rhythm.gatherings as f64,
            "gap_cv" => self.rhythm.gap_cv?,
            "longest_silence_days" => self.rhythm.longest_silence_days,
            "burstiness" => self.rhythm.burstiness,
            "reciprocity" => self.reciprocity.ratio?,
            "artifacts_created" => self.repertoire.created as f64,
            "artifacts_reused" => self.repertoire.reused as f64,
            "expert_access" => self.expert_access.share_two_hops,
            "boundary_share" => self.boundary_share,
            "core_share" => self.balance.core_share,
            "active_share" => self.balance.active_share,
            "founders_share" => self.founders_share,
            _ => return None,
        })
    }

    /// Names of the scalar metrics [`HealthReport::metric`] knows.
    pub const METRICS: [&'static str; 25] = [
        "active_members",
        "dau_mau",
        "newcomers_in_window",
        "recent_newcomer_activation",
        "inactive_contributors",
        "occasional_contributors",
        "questions",
        "unanswered_share",
        "median_response_hours",
        "solved_share",
        "median_solution_hours",
        "absence_factor",
        "elephant_factor",
        "gatherings",
        "gap_cv",
        "longest_silence_days",
        "burstiness",
        "reciprocity",
        "artifacts_created",
        "artifacts_reused",
        "expert_access",
        "boundary_share",
        "core_share",
        "active_share",
        "founders_share",
    ];

    /// Whether lower values of a metric are better (response times, silences, concentration of
    /// risk, inactive contributors).
    pub fn lower_is_better(name: &str) -> bool {
        matches!(
            name,
            "unanswered_share"
                | "median_response_hours"
                | "median_solution_hours"
                | "gap_cv"
                | "longest_silence_days"
                | "inactive_contributors"
                | "burstiness"
                | "founders_share"
        )
    }
}

/// One period of a health series: the scalar metrics as of the period's end.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct HealthPoint {
    /// The date (RFC 3339).
    pub date: String,
    /// `(metric, value)` for every metric of [`HealthReport::METRICS`] that has a value.
    pub metrics: Vec<(String, f64)>,
}

/// The health report as of each period's end (the last as of `as_of`), from one participation
/// analysis whose timeline gives the levels of each period.
pub(crate) fn series(
    landscape: &Landscape,
    as_of: i64,
    config: &HealthConfig,
    participation: &Participation,
) -> Result<Vec<HealthPoint>> {
    config.check()?;
    let shared = sweep::Shared::new(landscape, config);
    let timeline = &participation.timeline;
    let reports =
        sweep::period_reports(landscape, as_of, config, timeline, &participation.options.policy, &shared);
    Ok(reports.iter().zip(&timeline.dates).map(|(report, &date)| report.point(date)).collect())
}

/// [`series`] as it was computed before the sweep: one report per period from the truncated
/// participation (the reference of the tests).
#[cfg(test)]
pub(crate) fn series_reference(
    landscape: &Landscape,
    as_of: i64,
    config: &HealthConfig,
    participation: &Participation,
) -> Result<Vec<HealthPoint>> {
    let mut points = Vec::with_capacity(participation.timeline.dates.len());
    for (p, &date) in participation.timeline.dates.iter().enumerate() {
        let view = participation.truncated(p);
        let report = HealthReport::compute_reference(landscape, date.min(as_of), config, &view)?;
        points.push(report.point(date));
    }
    Ok(points)
}

impl HealthReport {
    /// The scalar metrics of this report as a point of a series.
    pub fn point(&self, date: i64) -> HealthPoint {
        HealthPoint {
            date: format_seconds(date),
            metrics: HealthReport::METRICS
                .iter()
                .filter_map(|&m| self.metric(m).map(|v| (m.to_owned(), v)))
                .collect(),
        }
    }
}

#[cfg(test)]
impl HealthReport {
    /// Today's report, each part from the log alone: the reference of the tests.
    pub(crate) fn compute_reference(
        landscape: &Landscape,
        as_of: i64,
        config: &HealthConfig,
        participation: &Participation,
    ) -> Result<HealthReport> {
        config.check()?;
        let (from, to) = config.window(as_of);
        let firsts = first_events(landscape);
        let organising = organising_recorded(landscape, to);
        let levels = participation.levels.levels();
        let timeline = &participation.timeline;
        let (activation, funnel) = activation_and_funnel(timeline, landscape.member_rows(), config);
        let retention = reference::retention(landscape, as_of, timeline.period, config.retention_periods);
        let (inactive, occasional) = inactive_and_occasional(landscape, as_of, to, config, &firsts);
        Ok(HealthReport {
            as_of: format_seconds(as_of),
            window_days: config.window_days,
            active_members: reference::active_members(landscape, from, to),
            dau_mau: reference::dau_mau(landscape, as_of),
            newcomers: firsts.iter().filter(|t| t.is_some_and(|t| t >= from && t < to)).count(),
            activation,
            funnel,
            retention,
            inactive_contributors: inactive,
            occasional_contributors: occasional,
            responsiveness: responsiveness(landscape, from, to),
            concentration: concentration(landscape, from, to, config, organising),
            rhythm: rhythm(landscape, from, to),
            reciprocity: reciprocity(landscape, from, to),
            repertoire: repertoire(landscape, from, to),
            expert_access: expert_access(landscape, &levels, from, to, &firsts),
            boundary_share: boundary_share(landscape, from, to),
            layers: layers(landscape, from, to, config.window_days, organising),
            balance: balance(&levels, &participation.options.policy),
            founders_share: founders_share(landscape, from, to, config.founders, &firsts),
        })
    }
}

/// The tests' references for the parts rewritten for the sweep: as they were computed before.
#[cfg(test)]
mod reference {
    use super::*;

    pub(super) fn active_members(landscape: &Landscape, from: i64, to: i64) -> usize {
        let c = landscape.log().columns();
        let set: FxHashSet<u32> = landscape.log().between(from, to).map(|e| c.member[e.index()]).collect();
        set.len()
    }

    pub(super) fn dau_mau(landscape: &Landscape, as_of: i64) -> f64 {
        let c = landscape.log().columns();
        let (from, to) = (as_of - 30 * DAY + 1, as_of + 1);
        let mut daily: FxHashSet<(i64, u32)> = FxHashSet::default();
        let mut monthly: FxHashSet<u32> = FxHashSet::default();
        for e in landscape.log().between(from, to) {
            let i = e.index();
            daily.insert(((c.time[i] - from).div_euclid(DAY), c.member[i]));
            monthly.insert(c.member[i]);
        }
        if monthly.is_empty() { 0.0 } else { daily.len() as f64 / 30.0 / monthly.len() as f64 }
    }

    pub(super) fn retention(
        landscape: &Landscape,
        as_of: i64,
        period: Period,
        retention_periods: usize,
    ) -> Vec<Cohort> {
        let current = period.index(as_of);
        let last_complete = if as_of >= period.end(current) { current } else { current - 1 };
        let log = landscape.log();
        let c = log.columns();
        let mut cohorts: std::collections::BTreeMap<i64, (usize, Vec<usize>)> = Default::default();
        for m in landscape.member_ids() {
            let events = log.of_member_between(m, i64::MIN, as_of + 1);
            let Some(&first) = events.first() else { continue };
            let f = period.index(c.time[first.index()]);
            if f > last_complete {
                continue;
            }
            let cohort = cohorts.entry(f).or_insert_with(|| (0, vec![0; retention_periods]));
            cohort.0 += 1;
            let mut last_k = 0;
            for e in events {
                let k = period.index(c.time[e.index()]) - f;
                if k > last_k && k as usize <= retention_periods {
                    cohort.1[k as usize - 1] += 1;
                    last_k = k;
                }
            }
        }
        cohorts
            .iter()
            .rev()
            .take(12)
            .rev()
            .map(|(&f, (size, kept))| Cohort {
                joined: format_seconds(period.start(f)),
                size: *size,
                retained: kept
                    .iter()
                    .take(usize::try_from(last_complete - f).unwrap_or(0))
                    .map(|&n| n as f64 / *size as f64)
                    .collect(),
            })
            .collect()
    }
}

/// Scores by the absence-factor policy: used by tests to check the factor against the policy.
pub fn absence_factor_by_policy(landscape: &Landscape, as_of: i64, window_days: u32) -> usize {
    let config = crate::participation::ParticipationConfig {
        window_days,
        decay: crate::participation::Decay::None,
        ..Default::default()
    };
    let all = scores(landscape, as_of, &config);
    let context = crate::participation::levels::Context { landscape, as_of, config: &config };
    let policy = ShareOfTotal::absence_factor(Measure::Activity);
    crate::participation::levels::LevelPolicy::assess(&policy, &context, &all)
        .map(|a| a.iter().filter(|x| x.level == Level::CoreGroup).count())
        .unwrap_or(0)
}

/// Progress toward one goal of a community's charter.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct GoalProgress {
    /// The community's key.
    pub community: String,
    /// The metric the goal names.
    pub metric: String,
    /// The target.
    pub target: f64,
    /// The deadline (RFC 3339).
    pub deadline: String,
    /// The metric's value as of the report (`None`: unknown metric, or no value yet).
    pub current: Option<f64>,
    /// Whether lower values are better for this metric.
    pub lower_is_better: bool,
    /// How far along: current / target (target / current when lower is better), capped at 1.
    pub progress: Option<f64>,
    /// Whether the goal is met, or on its way to be met by the deadline when the metric's recent
    /// trend (least-squares over the last six periods) is projected forward.
    pub on_track: Option<bool>,
    /// In words.
    pub note: String,
}

/// Progress toward every goal of every charter, from a health report and its series.
pub fn charter_progress(
    landscape: &Landscape,
    as_of: i64,
    report: &HealthReport,
    series: &[HealthPoint],
    period: Period,
) -> Vec<GoalProgress> {
    let mut out = Vec::new();
    for c in landscape.community_ids() {
        let Some(charter) = landscape.community(c).and_then(|x| x.charter.as_ref()) else { continue };
        for goal in &charter.goals {
            let name = goal.metric.as_str();
            let lower = HealthReport::lower_is_better(name);
            let current = report.metric(name);
            let met = |v: f64| if lower { v <= goal.target } else { v >= goal.target };
            let progress = current.map(|v| {
                let p = if lower {
                    if v <= 0.0 { 1.0 } else { goal.target / v }
                } else if goal.target == 0.0 {
                    1.0
                } else {
                    v / goal.target
                };
                p.clamp(0.0, 1.0)
            });
            let deadline = goal.deadline.timestamp();
            let values: Vec<f64> = series
                .iter()
                .filter_map(|p| p.metrics.iter().find(|(m, _)| m == name).map(|(_, v)| *v))
                .collect();
            let recent = &values[values.len().saturating_sub(6)..];
            let on_track = current.map(|v| {
                if met(v) {
                    return true;
                }
                if deadline <= as_of {
                    return false;
                }
                let remaining = (period.index(deadline) - period.index(as_of)) as f64;
                met(v + crate::participation::trajectory::slope(recent) * remaining)
            });
            let note = match (current, on_track) {
                (None, _) => format!("no value for `{name}` yet (known metrics: see HealthReport::METRICS)"),
                (Some(v), Some(true)) if met(v) => format!("met: {name} is {v:.2} against {}", goal.target),
                (Some(v), Some(true)) => {
                    format!("on track: {name} is {v:.2}, heading for {} by the deadline", goal.target)
                }
                (Some(v), _) if deadline <= as_of => {
                    format!("missed: {name} is {v:.2} against {}", goal.target)
                }
                (Some(v), _) => format!(
                    "behind: {name} is {v:.2}; at the recent trend it will not reach {} by the deadline",
                    goal.target
                ),
            };
            out.push(GoalProgress {
                community: landscape.community_key(c).unwrap_or_default().to_owned(),
                metric: goal.metric.clone(),
                target: goal.target,
                deadline: format_seconds(deadline),
                current,
                lower_is_better: lower,
                progress,
                on_track,
                note,
            });
        }
    }
    out
}
