//! Analyses: participation levels and trajectories, structure, health, maturity, value stories
//! and the whole report.
//!
//! The logic is the core's; this module converts. Arguments in: `as_of` (any time value, or
//! `None` for the time of the last event), options as dicts (or JSON text) in the core's serde
//! form, policies by preset name or as dicts. Results out: the core's report types through
//! serde (`serde_json` → `json.loads`, so a result is exactly the JSON the CLI and the C ABI
//! give, dates as RFC 3339 strings), per-member columns as numpy arrays, and three small
//! classes: `cop.Participation` (holding the core's analysis, for per-member queries and the
//! incremental update), `cop.Assessment` and `cop.Trajectory`.
//!
//! Every computation runs with the interpreter released (`Landscape::read_detached`).

use cop_core::health::HealthConfig;
use cop_core::health::maturity::MaturityConfig;
use cop_core::participation::analysis::{Options, Participation as CoreParticipation};
use cop_core::report::ReportOptions;
use cop_core::structure::{EdgeWeight, Iteration, Projection};
use cop_core::{CopError, Entity, Level, MemberId, Node, PolicySpec, Relation, Score, TrajectoryKind};
use numpy::prelude::*;
use numpy::{IntoPyArray, PyArray1};
use pyo3::exceptions::{PyDeprecationWarning, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDateTime, PyDict, PyList, PyString};

use crate::columns::time_value;
use crate::convert::{
    as_of_arg, datetime, datetimes, from_json, invalid_value, json_result, json_text, level_names,
    member_key, names, options_of, pandas, period_name, period_of, resolve_as_of, result, to_json,
    trajectory_names, unknown_member,
};
use crate::errors::{invalid, to_py};
use crate::handle::Landscape;

// ----- arguments in -----------------------------------------------------------------------------

/// Health options (the core has no `from_json` of its own for them).
fn health_config_from_json(text: &str) -> Result<HealthConfig, CopError> {
    serde_json::from_str(text).map_err(|e| invalid_value("options", e.to_string()))
}

/// A level policy: a preset name (or `"quantile"`, the default policy), or a dict of the core's
/// `PolicySpec`. Presets are resolved at once, so an unknown name fails before any work.
fn policy_of(obj: &Bound<'_, PyAny>) -> PyResult<PolicySpec> {
    let spec = if let Ok(name) = obj.cast::<PyString>() {
        match name.to_str()? {
            "quantile" => PolicySpec::default(),
            name => PolicySpec::Preset { name: name.to_owned() },
        }
    } else {
        PolicySpec::from_json(&json_text(obj)?).map_err(to_py)?
    };
    spec.resolve().map_err(to_py)?;
    Ok(spec)
}

/// The options of a participation analysis: `options` (the core's `analysis::Options`), then
/// each keyword argument given overrides its field.
pub(crate) fn participation_options(
    policy: Option<&Bound<'_, PyAny>>,
    window_days: Option<u32>,
    period: Option<&str>,
    options: Option<&Bound<'_, PyAny>>,
) -> PyResult<Options> {
    let mut options = options_of(options, Options::from_json)?;
    if let Some(policy) = policy.filter(|p| !p.is_none()) {
        options.policy = policy_of(policy)?;
    } else {
        options.policy.resolve().map_err(to_py)?;
    }
    if let Some(days) = window_days {
        options.participation.window_days = days;
    }
    if let Some(period) = period {
        options.period = period_of(period)?;
    }
    Ok(options)
}

/// Health options with an optional window override.
pub(crate) fn health_options(
    window_days: Option<u32>,
    options: Option<&Bound<'_, PyAny>>,
) -> PyResult<HealthConfig> {
    let mut config = options_of(options, health_config_from_json)?;
    if let Some(days) = window_days {
        config.window_days = cop_core::health::window_days(i64::from(days)).map_err(to_py)?;
    }
    config.check().map_err(to_py)?;
    config.participation.policy.resolve().map_err(to_py)?;
    Ok(config)
}

/// Maturity options, with Webber's labels when asked for.
pub(crate) fn maturity_options(
    options: Option<&Bound<'_, PyAny>>,
    webber_labels: bool,
) -> PyResult<MaturityConfig> {
    let mut config = options_of(options, MaturityConfig::from_json)?;
    config.webber_labels |= webber_labels;
    config.health.participation.policy.resolve().map_err(to_py)?;
    Ok(config)
}

/// Report options.
pub(crate) fn report_options(options: Option<&Bound<'_, PyAny>>) -> PyResult<ReportOptions> {
    let options = options_of(options, ReportOptions::from_json)?;
    options.participation.policy.resolve().map_err(to_py)?;
    Ok(options)
}

// ----- one member's level and trajectory --------------------------------------------------------

fn score_dict<'py>(py: Python<'py>, score: &Score) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    dict.set_item("total", score.total)?;
    dict.set_item("events", score.events)?;
    dict.set_item("activity", score.activity)?;
    dict.set_item("domains", score.domains)?;
    dict.set_item("people", score.people)?;
    dict.set_item("active_days", score.active_days)?;
    dict.set_item("coordinator", score.coordinator)?;
    dict.set_item("received", score.received)?;
    dict.set_item("last_event", score.last_event.map(cop_core::model::time::format_seconds))?;
    Ok(dict)
}

/// A member's participation level with its evidence.
#[pyclass(frozen, module = "cop", name = "Assessment")]
pub(crate) struct Assessment {
    member: String,
    inner: cop_core::Assessment,
}

#[pymethods]
impl Assessment {
    /// The member's key.
    #[getter]
    fn member(&self) -> &str {
        &self.member
    }

    /// The level: one of `cop.LEVELS` (`core_group`, `active`, `occasional`, `peripheral`,
    /// `transactional`, `outsider`).
    #[getter]
    fn level(&self) -> &'static str {
        self.inner.level.name()
    }

    /// The participation score (the weighted sum of its parts).
    #[getter]
    fn score(&self) -> f64 {
        self.inner.evidence.score.total
    }

    /// The score's parts: `total`, `events` (in the window), `activity` (decayed, weighted),
    /// `domains`, `people` (interacted with), `active_days`, `coordinator` (bool), `received`
    /// (decayed weight of what others directed at the member), `last_event` (RFC 3339 or None).
    #[getter]
    fn parts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        score_dict(py, &self.inner.evidence.score)
    }

    /// The rule that gave the level, in words.
    #[getter]
    fn rule(&self) -> &str {
        &self.inner.evidence.rule
    }

    /// The member's rank among participants by the policy's measure (1 = first), if ranked.
    #[getter]
    fn rank(&self) -> Option<u32> {
        self.inner.evidence.rank
    }

    /// The value of the policy's measure (score, events or activity), if the policy has one.
    #[getter]
    fn measure(&self) -> Option<f64> {
        self.inner.evidence.measure
    }

    /// Share-of-total policies: the cumulative share of the total up to and including the member.
    #[getter]
    fn cumulative_share(&self) -> Option<f64> {
        self.inner.evidence.cumulative_share
    }

    /// Ladders: the rung reached.
    #[getter]
    fn rung(&self) -> Option<&str> {
        self.inner.evidence.rung.as_deref()
    }

    /// Ladders: each criterion of the next rung, met or missing ("why not promoted yet"):
    /// dicts with `rung`, `criterion`, `value`, `required`, `met`.
    #[getter]
    fn criteria<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for check in &self.inner.evidence.criteria {
            let dict = PyDict::new(py);
            dict.set_item("rung", &check.rung)?;
            dict.set_item("criterion", &check.criterion)?;
            dict.set_item("value", check.value)?;
            dict.set_item("required", check.required)?;
            dict.set_item("met", check.met)?;
            list.append(dict)?;
        }
        Ok(list)
    }

    /// Everything as a dict: `member`, `level`, `score`, `rule`, `rank`, `measure`,
    /// `cumulative_share`, `rung`, `parts`, `criteria`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        dict.set_item("member", &self.member)?;
        dict.set_item("level", self.level())?;
        dict.set_item("score", self.score())?;
        dict.set_item("rule", self.rule())?;
        dict.set_item("rank", self.rank())?;
        dict.set_item("measure", self.measure())?;
        dict.set_item("cumulative_share", self.cumulative_share())?;
        dict.set_item("rung", self.rung())?;
        dict.set_item("parts", self.parts(py)?)?;
        dict.set_item("criteria", self.criteria(py)?)?;
        Ok(dict)
    }

    fn __repr__(&self) -> String {
        format!(
            "Assessment(member={:?}, level={:?}, score={}, rule={:?})",
            self.member,
            self.level(),
            self.score(),
            self.rule()
        )
    }
}

/// A member's trajectory (Wenger's, with newcomer and inactive) with its evidence.
#[pyclass(frozen, module = "cop", name = "Trajectory")]
pub(crate) struct Trajectory {
    member: String,
    inner: cop_core::Trajectory,
}

#[pymethods]
impl Trajectory {
    /// The member's key.
    #[getter]
    fn member(&self) -> &str {
        &self.member
    }

    /// The trajectory: one of `cop.TRAJECTORIES` (`peripheral`, `inbound`, `insider`,
    /// `boundary`, `outbound`, `newcomer`, `inactive`).
    #[getter]
    fn kind(&self) -> &'static str {
        self.inner.kind.name()
    }

    /// The rule that decided, in words.
    #[getter]
    fn rule(&self) -> &str {
        &self.inner.rule
    }

    /// The evidence: `levels` (the member's levels over the recent periods, oldest first),
    /// `slope` (trend of the level rank per period), `dwell` (periods at the current level),
    /// `periods_since_first` (None: never took part), `events` (the member's events up to the
    /// last date: an insider needs at least two), `active_periods` (recent periods with an
    /// event: an insider needs at least two), `communities` and `domains` (taken part in
    /// recently).
    #[getter]
    fn evidence<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let e = &self.inner.evidence;
        let dict = PyDict::new(py);
        dict.set_item("levels", e.levels.iter().map(|l| l.name()).collect::<Vec<_>>())?;
        dict.set_item("slope", e.slope)?;
        dict.set_item("dwell", e.dwell)?;
        dict.set_item("periods_since_first", e.periods_since_first)?;
        dict.set_item("events", e.events)?;
        dict.set_item("active_periods", e.active_periods)?;
        dict.set_item("communities", e.communities)?;
        dict.set_item("domains", e.domains)?;
        Ok(dict)
    }

    /// Everything as a dict: `member`, `kind`, `rule`, `evidence`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        dict.set_item("member", &self.member)?;
        dict.set_item("kind", self.kind())?;
        dict.set_item("rule", self.rule())?;
        dict.set_item("evidence", self.evidence(py)?)?;
        Ok(dict)
    }

    fn __repr__(&self) -> String {
        format!("Trajectory(member={:?}, kind={:?}, rule={:?})", self.member, self.kind(), self.rule())
    }
}

// ----- the participation analysis ---------------------------------------------------------------

/// A participation analysis of a landscape as of a date: every member's level (with evidence),
/// the level timeline per period with its flows and gravity, and every member's trajectory.
///
/// Made by `Landscape.participation()`. It keeps the thresholds of its policy, so
/// `update_member` answers "this member's level and trajectory now" after new events without
/// recomputing everyone. Immutable; safe to share between threads.
#[pyclass(frozen, module = "cop", name = "Participation")]
pub(crate) struct Participation {
    inner: CoreParticipation,
    landscape: Py<Landscape>,
}

impl Participation {
    /// Computes the analysis (detached).
    pub(crate) fn compute(
        landscape: &Bound<'_, Landscape>,
        as_of: Option<i64>,
        options: &Options,
    ) -> PyResult<Participation> {
        let inner = landscape
            .get()
            .read_detached(landscape.py(), |ls| {
                let as_of = resolve_as_of(ls, as_of)?;
                CoreParticipation::compute(ls, as_of, options)
            })?
            .map_err(to_py)?;
        Ok(Participation { inner, landscape: landscape.clone().unbind() })
    }

    fn id_of(&self, py: Python<'_>, key: &str) -> PyResult<MemberId> {
        let id = self.landscape.get().read(py, |ls| ls.member_id(key));
        id.filter(|id| id.index() < self.inner.levels.assessments.len())
            .ok_or_else(|| to_py(unknown_member(key)))
    }

    /// The analysis of the landscape it was computed on (refused when that landscape changed
    /// since), run with the interpreter released.
    fn with_analysis<R: Send>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&cop_core::Analysis<'_>) -> Result<R, CopError> + Send,
    ) -> PyResult<R> {
        let inner = &self.inner;
        self.landscape.get().read_detached(py, |ls| f(&cop_core::Analysis::of(ls, inner)?))?.map_err(to_py)
    }

    fn member_keys(&self, py: Python<'_>) -> Vec<String> {
        let n = self.inner.levels.assessments.len();
        self.landscape
            .get()
            .read(py, |ls| (0..n as u32).map(|m| member_key(ls, MemberId::from_raw(m))).collect())
    }
}

#[pymethods]
impl Participation {
    /// A member's level with its evidence (an `Assessment`). Raises `UnknownKeyError` for a key
    /// that was not a member when the analysis was computed.
    fn level(&self, py: Python<'_>, member: &str) -> PyResult<Assessment> {
        let id = self.id_of(py, member)?;
        let inner = self.inner.level(id).cloned().ok_or_else(|| to_py(unknown_member(member)))?;
        Ok(Assessment { member: member.to_owned(), inner })
    }

    /// A member's trajectory with its evidence (a `Trajectory`). Raises `UnknownKeyError` for a
    /// key that was not a member when the analysis was computed.
    fn trajectory(&self, py: Python<'_>, member: &str) -> PyResult<Trajectory> {
        let id = self.id_of(py, member)?;
        let inner = self.inner.trajectory(id).cloned().ok_or_else(|| to_py(unknown_member(member)))?;
        Ok(Trajectory { member: member.to_owned(), inner })
    }

    /// Every member's level and trajectory as columns, in member id order:
    /// `{"member": [keys], "level": uint8 codes, "level_names": cop.LEVELS, "score": float64,
    /// "trajectory": uint8 codes, "trajectory_names": cop.TRAJECTORIES}`; a code is the
    /// position of the name in its tuple (`cop.LEVELS[level[i]]`).
    fn levels<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let assessments = &self.inner.levels.assessments;
        let dict = PyDict::new(py);
        dict.set_item("member", self.member_keys(py))?;
        let level: Vec<u8> = assessments.iter().map(|a| a.level.index() as u8).collect();
        dict.set_item("level", level.into_pyarray(py))?;
        dict.set_item("level_names", names(py, &level_names())?)?;
        let score: Vec<f64> = assessments.iter().map(|a| a.evidence.score.total).collect();
        dict.set_item("score", score.into_pyarray(py))?;
        let trajectory: Vec<u8> = self.inner.trajectories.iter().map(|t| t.kind as u8).collect();
        dict.set_item("trajectory", trajectory.into_pyarray(py))?;
        dict.set_item("trajectory_names", names(py, &trajectory_names())?)?;
        result(py, "Levels", dict.into_any())
    }

    /// Every member as a pandas DataFrame indexed by member key: `level` and `trajectory`
    /// (Categoricals over `cop.LEVELS` and `cop.TRAJECTORIES`), `score` and its parts
    /// (`events`, `activity`, `domains`, `people`, `active_days`, `coordinator`, `received`).
    /// Needs pandas.
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let pd = pandas(py, "Participation.to_pandas")?;
        let assessments = &self.inner.levels.assessments;
        let categorical = |codes: Vec<i8>, categories: &[&str]| -> PyResult<Bound<'py, PyAny>> {
            let kwargs = PyDict::new(py);
            kwargs.set_item("categories", categories.to_vec())?;
            pd.getattr("Categorical")?.call_method("from_codes", (codes.into_pyarray(py),), Some(&kwargs))
        };
        let data = PyDict::new(py);
        let levels: Vec<i8> = assessments.iter().map(|a| a.level.index() as i8).collect();
        data.set_item("level", categorical(levels, &level_names())?)?;
        let kinds: Vec<i8> = self.inner.trajectories.iter().map(|t| t.kind as i8).collect();
        data.set_item("trajectory", categorical(kinds, &trajectory_names())?)?;
        let column = |f: &dyn Fn(&Score) -> f64| -> Vec<f64> {
            assessments.iter().map(|a| f(&a.evidence.score)).collect()
        };
        data.set_item("score", column(&|s| s.total).into_pyarray(py))?;
        let events: Vec<u32> = assessments.iter().map(|a| a.evidence.score.events).collect();
        data.set_item("events", events.into_pyarray(py))?;
        data.set_item("activity", column(&|s| s.activity).into_pyarray(py))?;
        let domains: Vec<u32> = assessments.iter().map(|a| a.evidence.score.domains).collect();
        data.set_item("domains", domains.into_pyarray(py))?;
        let people: Vec<u32> = assessments.iter().map(|a| a.evidence.score.people).collect();
        data.set_item("people", people.into_pyarray(py))?;
        let days: Vec<u32> = assessments.iter().map(|a| a.evidence.score.active_days).collect();
        data.set_item("active_days", days.into_pyarray(py))?;
        let coordinator: Vec<bool> = assessments.iter().map(|a| a.evidence.score.coordinator).collect();
        data.set_item("coordinator", coordinator.into_pyarray(py))?;
        data.set_item("received", column(&|s| s.received).into_pyarray(py))?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("name", "member")?;
        let index = pd.getattr("Index")?.call((self.member_keys(py),), Some(&kwargs))?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("index", index)?;
        pd.getattr("DataFrame")?.call((data,), Some(&kwargs))
    }

    /// Every member's level, trajectory, score and its parts as an Arrow table (`cop.ArrowTable`,
    /// through `__arrow_c_stream__`), in member id order: `member`, `level`, `trajectory` (names),
    /// `score`, `events`, `activity`, `domains`, `people`, `active_days`, `coordinator`,
    /// `received` (the columns of `to_pandas`). Needs nothing but cop.
    fn to_arrow(&self, py: Python<'_>) -> crate::arrow::ArrowTable {
        crate::arrow::participation_table(&self.member_keys(py), &self.inner)
    }

    /// The level timeline: `{"period": "month", "dates": datetime64[s] (P,), "level_names":
    /// cop.LEVELS, "counts": int64 (P, 6) members per level per period, "member": [keys],
    /// "member_levels": uint8 (P, M) each member's level code per period, "commitment": float64
    /// (P,), "gravity": float64 (P-1,), "transitions": {"matrix": uint32 (P-1, 6, 6) from level
    /// (row) to level (column), "promoted", "demoted", "held", "joined", "left": uint32 (P-1,),
    /// "turnover": float64 (P-1,)}, "last_partial": bool}`. Period p is assessed as of
    /// `dates[p]` (the end of the period; the last is `as_of`); transitions and gravity go from
    /// period p to p + 1. `last_partial`: the last period is partial (`as_of` is before its
    /// end), so its counts and the flows into it cover part of a period; the latest complete
    /// period is then the one before.
    fn timeline<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let t = &self.inner.timeline;
        let periods = t.dates.len();
        let members = self.inner.levels.assessments.len();
        let dict = PyDict::new(py);
        dict.set_item("period", period_name(t.period))?;
        dict.set_item("dates", datetimes(&t.dates).into_pyarray(py))?;
        dict.set_item("level_names", names(py, &level_names())?)?;
        let counts: Vec<i64> = t.counts.iter().flat_map(|c| c.iter().map(|&n| n as i64)).collect();
        dict.set_item("counts", PyArray1::from_vec(py, counts).reshape([periods, 6])?)?;
        dict.set_item("member", self.member_keys(py))?;
        let member_levels: Vec<u8> = t
            .levels
            .iter()
            .flat_map(|ls| {
                (0..members).map(move |m| ls.get(m).copied().unwrap_or(Level::Outsider).index() as u8)
            })
            .collect();
        dict.set_item("member_levels", PyArray1::from_vec(py, member_levels).reshape([periods, members])?)?;
        dict.set_item("commitment", t.commitment.clone().into_pyarray(py))?;
        dict.set_item("gravity", t.gravity.clone().into_pyarray(py))?;
        dict.set_item("last_partial", t.last_is_partial())?;
        let flows = &t.transitions;
        let transitions = PyDict::new(py);
        let matrix: Vec<u32> = flows.iter().flat_map(|f| f.matrix.iter().flatten().copied()).collect();
        transitions.set_item("matrix", PyArray1::from_vec(py, matrix).reshape([flows.len(), 6, 6])?)?;
        let column = |f: &dyn Fn(&cop_core::participation::timeline::Transitions) -> u32| -> Vec<u32> {
            flows.iter().map(f).collect()
        };
        transitions.set_item("promoted", column(&|f| f.promoted).into_pyarray(py))?;
        transitions.set_item("demoted", column(&|f| f.demoted).into_pyarray(py))?;
        transitions.set_item("held", column(&|f| f.held).into_pyarray(py))?;
        transitions.set_item("joined", column(&|f| f.joined).into_pyarray(py))?;
        transitions.set_item("left", column(&|f| f.left).into_pyarray(py))?;
        let turnover: Vec<f64> = flows.iter().map(|f| f.turnover).collect();
        transitions.set_item("turnover", turnover.into_pyarray(py))?;
        dict.set_item("transitions", transitions)?;
        result(py, "Timeline", dict.into_any())
    }

    /// A member's level and trajectory after new events were recorded in `landscape`, without
    /// recomputing anyone else: the member's score is recomputed from their own events and
    /// compared with the thresholds of this analysis (as of the same date). Returns
    /// `(Assessment, Trajectory)`. Raises `UnknownKeyError` for an unknown member.
    fn update_member(
        &self,
        py: Python<'_>,
        landscape: &Bound<'_, Landscape>,
        member: &str,
    ) -> PyResult<(Assessment, Trajectory)> {
        let inner = &self.inner;
        let (assessment, trajectory) = landscape
            .get()
            .read_detached(py, |ls| {
                let id = ls.member_id(member).ok_or_else(|| unknown_member(member))?;
                inner.update_member(ls, id)
            })?
            .map_err(to_py)?;
        Ok((
            Assessment { member: member.to_owned(), inner: assessment },
            Trajectory { member: member.to_owned(), inner: trajectory },
        ))
    }

    /// Suggested mentor–mentee pairs (a `cop.results.MentorSuggestions`, a dict of the core's
    /// `MentorMatching`): `mode`, `as_of`,
    /// `pairs` (each with `mentee`, `mentor`, their ids, `score`, `parts` — `domain_fit`,
    /// `competence_gap`, `capacity`, `availability`, `familiarity`, `novelty`, `preference`, each
    /// in 0..1 —, `domain` (the topic), `mentor_domain`, `required` and `reasons` in words),
    /// `unmatched` (each with `mentee`, `mentee_id`, `reason` — `no_domain`, `no_candidate`,
    /// `excluded`, `capacity_taken` — and `detail`), `total_score`, `mentees`, `mentors`,
    /// `candidates`.
    ///
    /// Levels and trajectories come from this analysis; competence and interests from the events
    /// of `landscape` up to `as_of` (default: the date of this analysis). `mode`: `optimal` (the
    /// default: maximum total score), `greedy` or `stable` (no blocking pair); it overrides the
    /// options' mode. `options`: the core's `MatchingOptions`, `{"mode": "optimal", "weights":
    /// {"domain_fit": 0.35, "competence_gap": 0.25, "capacity": 0.1, "availability": 0.05,
    /// "familiarity": 0.05, "novelty": 0.05, "preference": 0.15}, "top_k": 20, "mentees": [keys]
    /// | null, "mentors": [keys] | null, "required": [{"mentee": k, "mentor": k}], "excluded":
    /// [...], "max_mentees": null, "capacities": {mentor: n}, "default_capacity": 2,
    /// "preferences": {mentee: [mentors, best first]}, "max_gap": 2, "min_mentor_competence":
    /// "competent", "window_days": 730, "load_window_days": 90, "reference_hours": 4.0,
    /// "domain_credit": {...}}`. Bad options raise `InvalidValueError`, unknown keys
    /// `UnknownKeyError`.
    #[pyo3(signature = (landscape, *, as_of = None, mode = None, options = None))]
    fn suggest_mentors<'py>(
        &self,
        py: Python<'py>,
        landscape: &Bound<'py, Landscape>,
        as_of: Option<&Bound<'py, PyAny>>,
        mode: Option<&str>,
        options: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let as_of = as_of_arg(as_of)?;
        let options = crate::matching::matching_options(mode, options)?;
        let inner = &self.inner;
        let json = landscape
            .get()
            .read_detached(py, |ls| crate::matching::mentors_json(ls, inner, as_of, &options))?
            .map_err(to_py)?;
        json_result(py, "MentorSuggestions", &json)
    }

    /// Suggested learning partners at a similar level with shared interests (a
    /// `cop.results.PeerSuggestions`, a dict of the core's
    /// `PeerMatching`): `exact` (maximum-weight matching, or greedy beyond `exact_limit`),
    /// `pairs` (each with `a`, `b`, their ids, `score`, `parts` — `interests`, `level`,
    /// `participation`, `novelty` —, `domain`, `other_domain`, `reasons`), `unmatched` (keys),
    /// `total_score`, `members`, `candidates`.
    ///
    /// `as_of` defaults to the date of this analysis. `options`: the core's `PeerOptions`,
    /// `{"members": [keys] | null, "weights": {...}, "top_k": 10, "max_level_gap": 1,
    /// "min_score": 0.0, "window_days": 730, "exact_limit": 2000, "domain_credit": {...}}`.
    #[pyo3(signature = (landscape, *, as_of = None, options = None))]
    fn suggest_peers<'py>(
        &self,
        py: Python<'py>,
        landscape: &Bound<'py, Landscape>,
        as_of: Option<&Bound<'py, PyAny>>,
        options: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let as_of = as_of_arg(as_of)?;
        let options = crate::matching::peer_options(options)?;
        let inner = &self.inner;
        let json = landscape
            .get()
            .read_detached(py, |ls| crate::matching::peers_json(ls, inner, as_of, &options))?
            .map_err(to_py)?;
        json_result(py, "PeerSuggestions", &json)
    }

    /// The whole analysis as the core's JSON report (a `cop.results.ParticipationReport`, a
    /// dict): `as_of`, `policy`,
    /// `level_counts` and `trajectory_counts` (`[name, count]` pairs), `timeline` (`period`,
    /// `dates`, `counts`, `transitions`, `gravity`) and `members` (one dict per member with
    /// `member`, `level`, `score`, `rule`, `evidence`, `trajectory`, `trajectory_rule`,
    /// `trajectory_evidence`).
    fn report<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let inner = &self.inner;
        let json = self.landscape.get().read_detached(py, |ls| to_json(&inner.report(ls)))?.map_err(to_py)?;
        json_result(py, "ParticipationReport", &json)
    }

    /// The date of the analysis (UTC).
    #[getter]
    fn as_of<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDateTime>> {
        datetime(py, self.inner.as_of)
    }

    /// The name of the level policy (`quantile`, `share_of_total`, or a ladder's own name).
    #[getter]
    fn policy(&self) -> &str {
        &self.inner.levels.policy
    }

    /// The period of the timeline (`day`, `week`, `month` or `quarter`).
    #[getter]
    fn period(&self) -> &'static str {
        period_name(self.inner.options.period)
    }

    /// The options the analysis was computed with, presets resolved (the dict form of the
    /// `options` argument of `Landscape.participation`).
    #[getter]
    fn options<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        from_json(py, &to_json(&self.inner.options).map_err(to_py)?)
    }

    /// Members per level: `{level: count}` in the order of `cop.LEVELS`.
    #[getter]
    fn level_counts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for (level, n) in Level::ALL.iter().zip(self.inner.levels.counts()) {
            dict.set_item(level.name(), n)?;
        }
        Ok(dict)
    }

    /// Members per trajectory: `{trajectory: count}` in the order of `cop.TRAJECTORIES`.
    #[getter]
    fn trajectory_counts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for kind in TrajectoryKind::ALL {
            dict.set_item(kind.name(), self.inner.trajectories.iter().filter(|t| t.kind == kind).count())?;
        }
        Ok(dict)
    }

    /// The health report as of this analysis's date, with its levels (a
    /// `cop.results.HealthReport`). `window_days` and `options` as for `Landscape.health`; the
    /// options' `participation` gives way to this analysis's. Raises `InvalidValueError`
    /// (field `analysis`) when the landscape changed since the analysis was computed.
    #[pyo3(signature = (*, window_days = None, options = None))]
    fn health<'py>(
        &self,
        py: Python<'py>,
        #[pyo3(from_py_with = crate::convert::optional_window_days_arg)] window_days: Option<u32>,
        options: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let config = health_options(window_days, options)?;
        let json = self.with_analysis(py, |a| to_json(&a.health(&config)?))?;
        json_result(py, "HealthReport", &json)
    }

    /// The maturity assessment as of this analysis's date (a `cop.results.Maturity`); `options`
    /// and `webber_labels` as for `Landscape.maturity`.
    #[pyo3(signature = (*, options = None, webber_labels = false))]
    fn maturity<'py>(
        &self,
        py: Python<'py>,
        options: Option<&Bound<'py, PyAny>>,
        webber_labels: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let config = maturity_options(options, webber_labels)?;
        let json = self.with_analysis(py, |a| to_json(&a.maturity(&config)?))?;
        json_result(py, "Maturity", &json)
    }

    /// The stage per period of this analysis's timeline (a `cop.results.StageHistory`).
    #[pyo3(signature = (*, options = None))]
    fn stage_history<'py>(
        &self,
        py: Python<'py>,
        options: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let config = maturity_options(options, false)?;
        let json = self.with_analysis(py, |a| to_json(&a.stage_history(&config)?))?;
        json_result(py, "StageHistory", &json)
    }

    /// The `k` members best able to help with `domain` as of this analysis's date (a
    /// `cop.results.Experts`); as `Landscape.find_experts`.
    #[pyo3(signature = (domain, *, k = 5, options = None))]
    fn find_experts<'py>(
        &self,
        py: Python<'py>,
        domain: &str,
        #[pyo3(from_py_with = crate::convert::k_arg)] k: usize,
        options: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let options = crate::matching::expert_options(options)?;
        let json = self.with_analysis(py, |a| {
            let id = a.landscape().domain_id(domain).ok_or_else(|| CopError::UnknownKey {
                entity: cop_core::Entity::Domain,
                key: domain.to_owned(),
            })?;
            to_json(&a.experts(id, k, &options)?)
        })?;
        json_result(py, "Experts", &json)
    }

    /// The number of members assessed.
    fn __len__(&self) -> usize {
        self.inner.levels.assessments.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "<cop.Participation as of {}: {} members, policy {}, {} {} periods>",
            cop_core::model::time::format_seconds(self.inner.as_of),
            self.inner.levels.assessments.len(),
            self.inner.levels.policy,
            self.inner.timeline.dates.len(),
            period_name(self.inner.options.period)
        )
    }
}

// ----- structure --------------------------------------------------------------------------------

/// Positions in the interaction graph of every member, as columns (computed detached).
pub(crate) struct GraphMeasures {
    keys: Vec<String>,
    core_number: Vec<u32>,
    pagerank: Vec<f64>,
    degree: Vec<u32>,
    weighted_degree: Vec<f64>,
    eigenvector: Vec<f64>,
    constraint: Vec<f64>,
}

impl GraphMeasures {
    /// The measures of the interaction over `window_days` days up to `as_of`.
    pub(crate) fn compute(
        landscape: &cop_core::Landscape,
        as_of: Option<i64>,
        window_days: u32,
        weight: EdgeWeight,
    ) -> Result<GraphMeasures, CopError> {
        let as_of = resolve_as_of(landscape, as_of)?;
        let from = as_of - i64::from(window_days) * cop_core::model::time::DAY + 1;
        let projection = Projection::of_interactions(landscape, from, as_of + 1, weight);
        let n = projection.node_count();
        Ok(GraphMeasures {
            keys: (0..n as u32).map(|m| member_key(landscape, MemberId::from_raw(m))).collect(),
            core_number: projection.core_numbers(),
            pagerank: projection.pagerank(0.85, Iteration::default())?,
            degree: projection.degrees(),
            weighted_degree: projection.weighted_degrees(),
            eigenvector: projection
                .eigenvector_centrality(Iteration { tolerance: 1e-6, max_iterations: 1000 })
                .unwrap_or_else(|_| vec![f64::NAN; n]),
            constraint: projection.constraint(),
        })
    }

    pub(crate) fn into_dict(self, py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
        let dict = PyDict::new(py);
        dict.set_item("member", self.keys)?;
        dict.set_item("core_number", self.core_number.into_pyarray(py))?;
        dict.set_item("pagerank", self.pagerank.into_pyarray(py))?;
        dict.set_item("degree", self.degree.into_pyarray(py))?;
        dict.set_item("weighted_degree", self.weighted_degree.into_pyarray(py))?;
        dict.set_item("eigenvector", self.eigenvector.into_pyarray(py))?;
        dict.set_item("constraint", self.constraint.into_pyarray(py))?;
        Ok(dict)
    }
}

/// The ties between members as columns (computed detached): the relationship graph's, or the
/// interaction over a window.
pub(crate) struct Ties {
    nodes: Vec<String>,
    source: Vec<String>,
    target: Vec<String>,
    relation: Vec<&'static str>,
    weight: Vec<f64>,
    directed: bool,
}

impl Ties {
    fn new(
        landscape: &cop_core::Landscape,
        edges: Vec<(MemberId, MemberId, &'static str, f64)>,
        directed: bool,
    ) -> Ties {
        let key = |m: MemberId| member_key(landscape, m);
        let nodes = landscape.member_ids().filter(|&m| listed(landscape, m)).map(key).collect();
        let mut ties = Ties {
            nodes,
            source: Vec::with_capacity(edges.len()),
            target: Vec::with_capacity(edges.len()),
            relation: Vec::with_capacity(edges.len()),
            weight: Vec::with_capacity(edges.len()),
            directed,
        };
        for (a, b, relation, weight) in edges {
            ties.source.push(key(a));
            ties.target.push(key(b));
            ties.relation.push(relation);
            ties.weight.push(weight);
        }
        ties
    }

    /// Every tie between members of the relationship graph (the whole history, directed):
    /// `interaction` from every event with a target, `mentoring` from mentoring events and
    /// declared ties; weighed by their number of events or the sum of their weights. Members
    /// analyses leave out are left out.
    pub(crate) fn of_graph(landscape: &cop_core::Landscape, weight: EdgeWeight) -> Ties {
        let mut edges = Vec::new();
        for m in landscape.member_ids().filter(|&m| listed(landscape, m)) {
            for (node, relation) in landscape.graph().outgoing(Node::Member(m)) {
                let (Node::Member(t), Relation::Interaction(tie) | Relation::Mentoring(tie)) =
                    (node, relation)
                else {
                    continue;
                };
                if !listed(landscape, t) {
                    continue;
                }
                let kind =
                    if matches!(relation, Relation::Mentoring(_)) { "mentoring" } else { "interaction" };
                let w = match weight {
                    EdgeWeight::Count => f64::from(tie.count),
                    EdgeWeight::Weight => tie.weight,
                };
                edges.push((m, t, kind, w));
            }
        }
        edges.sort_by_key(|&(a, b, kind, _)| (a.raw(), b.raw(), kind));
        Ties::new(landscape, edges, true)
    }

    /// The interaction among members over `window_days` days up to `as_of` (undirected), as
    /// `Landscape.structure` and `graph_measures` measure it.
    pub(crate) fn of_window(
        landscape: &cop_core::Landscape,
        as_of: Option<i64>,
        window_days: u32,
        weight: EdgeWeight,
    ) -> Result<Ties, CopError> {
        let as_of = resolve_as_of(landscape, as_of)?;
        let from = as_of - i64::from(window_days) * cop_core::model::time::DAY + 1;
        let projection = Projection::of_interactions(landscape, from, as_of + 1, weight);
        let mut edges = Vec::with_capacity(projection.edge_count());
        for a in 0..projection.node_count() as u32 {
            for (b, w) in projection.neighbours(a).filter(|&(b, _)| b > a) {
                edges.push((MemberId::from_raw(a), MemberId::from_raw(b), "interaction", w));
            }
        }
        Ok(Ties::new(landscape, edges, false))
    }

    pub(crate) fn into_result(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        let dict = PyDict::new(py);
        dict.set_item("nodes", self.nodes)?;
        dict.set_item("source", self.source)?;
        dict.set_item("target", self.target)?;
        dict.set_item("relation", self.relation)?;
        dict.set_item("weight", self.weight.into_pyarray(py))?;
        dict.set_item("directed", self.directed)?;
        result(py, "Ties", dict.into_any())
    }
}

/// Whether analyses see a member: not an identity merged into another, not left out.
fn listed(landscape: &cop_core::Landscape, member: MemberId) -> bool {
    landscape.member_of(member) == member && !landscape.is_left_out(member)
}

// ----- health, maturity, report -----------------------------------------------------------------

/// The core's analysis as of the date given (default: the last event).
pub(crate) fn analysis_of<'a>(
    landscape: &'a cop_core::Landscape,
    as_of: Option<i64>,
    options: &cop_core::participation::analysis::Options,
) -> Result<cop_core::Analysis<'a>, CopError> {
    cop_core::Analysis::new(landscape, cop_core::AsOf::given_or_last_event(landscape, as_of)?, options)
}

/// The health report as JSON.
pub(crate) fn health_json(
    landscape: &cop_core::Landscape,
    as_of: Option<i64>,
    config: &HealthConfig,
) -> Result<String, CopError> {
    to_json(&analysis_of(landscape, as_of, &config.participation)?.health(config)?)
}

/// The health series: for each period, its end and `(metric, value)` pairs.
pub(crate) fn health_series(
    landscape: &cop_core::Landscape,
    as_of: Option<i64>,
    config: &HealthConfig,
) -> Result<Vec<cop_core::health::HealthPoint>, CopError> {
    analysis_of(landscape, as_of, &config.participation)?.health_series(config)
}

/// The health series as a list of flat dicts (`date` and one key per metric with a value) or,
/// with `to_pandas`, a DataFrame indexed by date with a column per metric (NaN: no value).
pub(crate) fn series_to_python<'py>(
    py: Python<'py>,
    points: Vec<cop_core::health::HealthPoint>,
    to_pandas: bool,
) -> PyResult<Bound<'py, PyAny>> {
    if !to_pandas {
        let list = PyList::empty(py);
        for point in points {
            let dict = PyDict::new(py);
            dict.set_item("date", point.date)?;
            for (metric, value) in point.metrics {
                dict.set_item(metric, value)?;
            }
            list.append(dict)?;
        }
        return result(py, "HealthSeries", list.into_any());
    }
    PyErr::warn(
        py,
        &py.get_type::<PyDeprecationWarning>(),
        c"health_series(to_pandas=True) is deprecated: use health_series().to_pandas()",
        2,
    )?;
    let pd = pandas(py, "Landscape.health_series(to_pandas=True)")?;
    let metrics = cop_core::health::HealthReport::METRICS;
    let mut columns: Vec<Vec<f64>> = vec![Vec::with_capacity(points.len()); metrics.len()];
    let mut dates = Vec::with_capacity(points.len());
    for point in &points {
        dates.push(
            cop_core::model::time::parse_time(&point.date).map_err(|e| invalid("date", e.to_string()))?,
        );
        for (m, column) in metrics.iter().zip(&mut columns) {
            column.push(point.metrics.iter().find(|(name, _)| name == m).map_or(f64::NAN, |(_, v)| *v));
        }
    }
    let data = PyDict::new(py);
    for (m, column) in metrics.iter().zip(columns) {
        data.set_item(*m, column.into_pyarray(py))?;
    }
    let kwargs = PyDict::new(py);
    kwargs.set_item("name", "date")?;
    let index = pd.getattr("Index")?.call((datetimes(&dates).into_pyarray(py),), Some(&kwargs))?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("index", index)?;
    pd.getattr("DataFrame")?.call((data,), Some(&kwargs))
}

/// The maturity assessment as JSON.
pub(crate) fn maturity_json(
    landscape: &cop_core::Landscape,
    as_of: Option<i64>,
    config: &MaturityConfig,
) -> Result<String, CopError> {
    to_json(&analysis_of(landscape, as_of, &config.health.participation)?.maturity(config)?)
}

/// The stage history as JSON.
pub(crate) fn stage_history_json(
    landscape: &cop_core::Landscape,
    as_of: Option<i64>,
    config: &MaturityConfig,
) -> Result<String, CopError> {
    to_json(&analysis_of(landscape, as_of, &config.health.participation)?.stage_history(config)?)
}

/// The whole report as JSON.
pub(crate) fn report_json(
    landscape: &cop_core::Landscape,
    as_of: Option<i64>,
    options: &ReportOptions,
) -> Result<String, CopError> {
    to_json(&analysis_of(landscape, as_of, &options.participation)?.report(options)?)
}

// ----- agreement --------------------------------------------------------------------------------

/// A label of a classification: a str or an int.
#[derive(PartialEq, Eq, Hash)]
enum Label {
    Int(i64),
    Text(String),
}

fn labels(argument: &str, sequence: &Bound<'_, PyAny>) -> PyResult<Vec<Label>> {
    if sequence.is_instance_of::<PyString>() || sequence.is_instance_of::<PyBytes>() {
        return Err(PyTypeError::new_err(format!(
            "`{argument}` must be a sequence of labels, not a single str"
        )));
    }
    let mut out = Vec::new();
    for (i, item) in sequence.try_iter()?.enumerate() {
        let item = item?;
        if let Ok(text) = item.cast::<PyString>() {
            out.push(Label::Text(text.to_str()?.to_owned()));
        } else if let Ok(int) = item.extract::<i64>() {
            out.push(Label::Int(int));
        } else {
            return Err(PyTypeError::new_err(format!(
                "`{argument}`[{i}]: a label is a str or an int, not {}",
                item.get_type().name().map_or_else(|_| "?".to_owned(), |n| n.to_string())
            )));
        }
    }
    Ok(out)
}

/// Cohen's kappa between two labelings of the same items, in the same order: labels are str or
/// int (lists, tuples, numpy arrays, pandas Series). 1 is perfect agreement, 0 no better than
/// chance. Raises `InvalidValueError` when the lengths differ or there is no item.
#[pyfunction]
pub(crate) fn cohen_kappa(py: Python<'_>, a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>) -> PyResult<f64> {
    let (a, b) = (labels("a", a)?, labels("b", b)?);
    py.detach(|| cop_core::participation::agreement::cohen_kappa(&a, &b)).map_err(to_py)
}

// ----- value stories and charters ---------------------------------------------------------------

/// A value cycle by name.
pub(crate) fn value_cycle_of(name: &str) -> PyResult<cop_core::model::value::ValueCycle> {
    cop_core::model::value::ValueCycle::ALL.into_iter().find(|c| c.name() == name).ok_or_else(|| {
        let known: Vec<&str> = cop_core::model::value::ValueCycle::ALL.iter().map(|c| c.name()).collect();
        invalid("cycle", format!("`{name}` is not a value cycle ({})", known.join(", ")))
    })
}

/// The names of the value cycles (`cop.VALUE_CYCLES`).
pub(crate) fn value_cycle_names() -> [&'static str; 5] {
    cop_core::model::value::ValueCycle::ALL.map(cop_core::model::value::ValueCycle::name)
}

/// A value story named by keys, converted to ids (run attached: quick).
pub(crate) fn value_story(
    landscape: &cop_core::Landscape,
    cycle: cop_core::model::value::ValueCycle,
    date: i64,
    text: String,
    members: &[String],
    artifacts: &[String],
    events: &[u32],
) -> Result<cop_core::model::value::ValueStory, CopError> {
    let members = members
        .iter()
        .map(|k| landscape.member_id(k).ok_or_else(|| unknown_member(k)))
        .collect::<Result<Vec<_>, _>>()?;
    let artifacts = artifacts
        .iter()
        .map(|k| {
            landscape
                .artifact_id(k)
                .ok_or_else(|| CopError::UnknownKey { entity: Entity::Artifact, key: k.clone() })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let events = events.iter().map(|&e| cop_core::EventId::from_raw(e)).collect();
    Ok(cop_core::model::value::ValueStory { cycle, date, text, members, artifacts, events })
}

/// A value story with keys instead of ids (copied out under the lock, converted after).
pub(crate) struct StoryKeys {
    cycle: &'static str,
    date: i64,
    text: String,
    members: Vec<String>,
    artifacts: Vec<String>,
    events: Vec<u32>,
}

impl StoryKeys {
    pub(crate) fn of(
        landscape: &cop_core::Landscape,
        story: &cop_core::model::value::ValueStory,
    ) -> StoryKeys {
        StoryKeys {
            cycle: story.cycle.name(),
            date: story.date,
            text: story.text.clone(),
            members: story.members.iter().map(|&m| member_key(landscape, m)).collect(),
            artifacts: story
                .artifacts
                .iter()
                .map(|&a| landscape.artifact_key(a).unwrap_or_default().to_owned())
                .collect(),
            events: story.events.iter().map(|e| e.raw()).collect(),
        }
    }

    /// The story as a dict: `cycle`, `date` (RFC 3339), `text`, `members` and `artifacts`
    /// (keys), `events` (ids).
    pub(crate) fn into_dict(self, py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
        let dict = PyDict::new(py);
        dict.set_item("cycle", self.cycle)?;
        dict.set_item("date", cop_core::model::time::format_seconds(self.date))?;
        dict.set_item("text", self.text)?;
        dict.set_item("members", self.members)?;
        dict.set_item("artifacts", self.artifacts)?;
        dict.set_item("events", self.events)?;
        Ok(dict)
    }
}

/// A charter goal from a mapping with `metric` (a name of `cop.HEALTH_METRICS`), `target` (a
/// number) and `deadline` (a time value).
pub(crate) fn goal_of(goal: &Bound<'_, PyAny>) -> PyResult<cop_core::Goal> {
    let field = |name: &str| -> PyResult<Bound<'_, PyAny>> {
        goal.get_item(name).map_err(|_| {
            invalid(
                "goals",
                format!("a goal is a dict with `metric`, `target` and `deadline`; `{name}` is missing"),
            )
        })
    };
    let metric: String = field("metric")?.extract()?;
    if !cop_core::health::HealthReport::METRICS.contains(&metric.as_str()) {
        return Err(invalid(
            "metric",
            format!(
                "`{metric}` is not a health metric (known: {})",
                cop_core::health::HealthReport::METRICS.join(", ")
            ),
        ));
    }
    let target: f64 = field("target")?.extract()?;
    if !target.is_finite() {
        return Err(invalid("target", format!("{target} is not a finite number")));
    }
    let deadline = time_value("deadline", &field("deadline")?)?;
    Ok(cop_core::Goal { metric, target, deadline: cop_core::model::time::from_seconds(deadline) })
}

/// A charter as a dict: `purpose`, `audience`, `goals` (`metric`, `target`, `deadline` as RFC
/// 3339).
pub(crate) fn charter_dict<'py>(
    py: Python<'py>,
    charter: &cop_core::Charter,
) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    dict.set_item("purpose", &charter.purpose)?;
    dict.set_item("audience", &charter.audience)?;
    let goals = PyList::empty(py);
    for goal in &charter.goals {
        let g = PyDict::new(py);
        g.set_item("metric", &goal.metric)?;
        g.set_item("target", goal.target)?;
        g.set_item("deadline", cop_core::model::time::format_seconds(goal.deadline.timestamp()))?;
        goals.append(g)?;
    }
    dict.set_item("goals", goals)?;
    Ok(dict)
}
