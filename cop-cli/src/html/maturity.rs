//! The maturity figure (the five-step track, the indicators' votes, the stage history as a
//! strip, the evidence and the next steps) and each community's own stage.

use askama::Template;
use cop_core::Period;
use cop_core::health::maturity::{Assessment, Indicator, Stage, StagePoint};

use super::{Page, year_ticks};
use crate::sentences::{day, indicator_value, n, percent, period_label, period_noun, stage_runs};

/// A stage on the track.
struct TrackStage {
    k: usize,
    cx: f64,
    r: f64,
    opacity: f64,
    /// The settled stage: ringed and in bold.
    here: bool,
    name: &'static str,
    /// `(settled)`, `(indicated)` … after the name in the tooltip.
    role: &'static str,
    tension: &'static str,
}

/// A stage's bar among the indicators' votes.
struct VoteBar {
    k: usize,
    y: f64,
    name: &'static str,
    width: f64,
    /// The bar as drawn: at least 2 wide when the stage has a vote.
    drawn: f64,
    voters: String,
    label: String,
}

/// A run of the same stage on the history strip.
struct Run {
    x: f64,
    width: f64,
    k: usize,
    name: &'static str,
    from: String,
    to: String,
}

/// A year (or period) label under the strip.
struct StripTick {
    x: f64,
    anchor: &'static str,
    label: String,
}

/// The stage history as a strip of runs.
struct Strip {
    desc: String,
    runs: Vec<Run>,
    ticks: Vec<StripTick>,
}

/// Where the community is in its life.
#[derive(Template)]
#[template(path = "report/maturity.html")]
pub(super) struct Maturity<'a> {
    assessment: &'a Assessment,
    track_title: String,
    track_desc: String,
    track: Vec<TrackStage>,
    votes_desc: String,
    votes: Vec<VoteBar>,
    period: &'static str,
    strip: Option<Strip>,
    stages: Vec<(usize, &'static str)>,
    health_window: u32,
    /// The evidence: each indicator with its value in its unit and the index of its stage.
    evidence: Vec<(&'a Indicator, String, usize)>,
    history: Vec<HistoryRow<'a>>,
}

/// A period of the stage history, in the table.
struct HistoryRow<'a> {
    end: &'a str,
    settled: &'static str,
    indicated: &'static str,
    share: String,
    ceiling: &'static str,
    active: usize,
}

impl<'a> Maturity<'a> {
    const W: f64 = 860.0;
    const STRIP: f64 = 28.0;
    const LABEL: f64 = 130.0;
    const BAR: f64 = 520.0;

    pub(super) fn new(page: &Page<'a>) -> Maturity<'a> {
        let m = &page.r.maturity;
        let history = page.r.stage_history.as_slice();
        let parts: Vec<String> = Stage::ALL
            .iter()
            .zip(&m.votes)
            .filter(|(_, v)| v.weight > 0.0)
            .map(|(s, v)| format!("{} {:.1}", s.name(), v.weight))
            .collect();
        Maturity {
            assessment: m,
            track_title: format!("Maturity stage: {}", m.settled.label),
            track_desc: format!("Five stages from potential to transformation: {}.", m.summary),
            track: Self::track(m),
            votes_desc: format!("Weighted votes of {} indicators: {}.", m.evidence.len(), parts.join(", ")),
            votes: Self::votes(m),
            period: period_noun(page.o.period),
            strip: (!history.is_empty()).then(|| Self::strip(history, page.o.period)),
            stages: Stage::ALL.iter().enumerate().map(|(k, s)| (k, s.name())).collect(),
            health_window: page.o.health_window_days,
            evidence: m
                .evidence
                .iter()
                .map(|i| (i, indicator_value(&i.name, i.value), i.points_to as usize))
                .collect(),
            history: history
                .iter()
                .map(|p| HistoryRow {
                    end: day(&p.date),
                    settled: p.settled.name(),
                    indicated: p.indicated.name(),
                    share: percent(p.indicated_share),
                    ceiling: p.ceiling.name(),
                    active: p.active_members,
                })
                .collect(),
        }
    }

    /// The five stages, the settled one ringed, the indicated one half lit.
    fn track(m: &Assessment) -> Vec<TrackStage> {
        let (current, indicated) = (m.settled.stage as usize, m.indicated.stage as usize);
        let step = Self::W / 5.0;
        Stage::ALL
            .iter()
            .enumerate()
            .map(|(k, stage)| {
                let here = k == current;
                let (r, opacity) = if here {
                    (22.0, 1.0)
                } else if k == indicated {
                    (17.0, 0.7)
                } else {
                    (13.0, 0.35)
                };
                TrackStage {
                    k,
                    cx: step * (k as f64 + 0.5),
                    r,
                    opacity,
                    here,
                    name: stage.name(),
                    role: match (here, k == indicated) {
                        (true, true) => " (settled and indicated)",
                        (true, false) => " (settled)",
                        (false, true) => " (indicated)",
                        _ => "",
                    },
                    tension: stage.tension(),
                }
            })
            .collect()
    }

    /// The indicators' votes per stage (the core's tally).
    fn votes(m: &Assessment) -> Vec<VoteBar> {
        Stage::ALL
            .iter()
            .zip(&m.votes)
            .enumerate()
            .map(|(k, (stage, v))| {
                let voters: Vec<&str> =
                    m.evidence.iter().filter(|i| i.points_to == *stage).map(|i| i.name.as_str()).collect();
                let width = Self::BAR * v.share;
                VoteBar {
                    k,
                    y: 4.0 + k as f64 * 24.0,
                    name: stage.name(),
                    width,
                    drawn: width.max(if v.weight > 0.0 { 2.0 } else { 0.0 }),
                    voters: voters.join(", "),
                    label: match voters.len() {
                        0 => String::new(),
                        1 => format!("{:.1} ({}) · {}", v.weight, percent(v.share), voters[0]),
                        many => format!("{:.1} ({}) · {many} indicators", v.weight, percent(v.share)),
                    },
                }
            })
            .collect()
    }

    /// The stage history as runs of the same stage, with the years (or periods) marked.
    fn strip(history: &[StagePoint], period: Period) -> Strip {
        let runs = stage_runs(history);
        let parts: Vec<String> = runs
            .iter()
            .map(|(s, a, b, k)| {
                format!(
                    "{} from {} to {} ({k})",
                    s.name(),
                    period_label(&a.date, period),
                    period_label(&b.date, period)
                )
            })
            .collect();
        let width = Self::W / history.len() as f64;
        let mut x = 0.0;
        let runs = runs
            .iter()
            .map(|(stage, first, last, points)| {
                let w = width * *points as f64;
                x += w;
                Run {
                    x: x - w,
                    width: w,
                    k: *stage as usize,
                    name: stage.name(),
                    from: period_label(&first.date, period),
                    to: period_label(&last.date, period),
                }
            })
            .collect();
        let dates: Vec<&str> = history.iter().map(|p| p.date.as_str()).collect();
        let ticks = year_ticks(&dates, period)
            .into_iter()
            .map(|(at, label)| {
                let x = width * at;
                let anchor = if x < 30.0 {
                    "start"
                } else if x > Self::W - 30.0 {
                    "end"
                } else {
                    "middle"
                };
                StripTick { x, anchor, label }
            })
            .collect();
        Strip {
            desc: format!("The stage at the end of each of {} periods: {}.", history.len(), parts.join("; ")),
            runs,
            ticks,
        }
    }
}

/// A community's row (or the landscape's).
struct CommunityRow<'a> {
    name: &'a str,
    events: String,
    acting: String,
    active: String,
    /// The settled stage's index, for its colour.
    k: usize,
    m: &'a Assessment,
    indicated_share: String,
}

/// Each community's own stage and health beside the landscape's, when several have events.
#[derive(Template)]
#[template(path = "report/communities.html")]
pub(super) struct Communities<'a> {
    rows: Vec<CommunityRow<'a>>,
}

impl<'a> Communities<'a> {
    pub(super) fn new(page: &Page<'a>) -> Option<Communities<'a>> {
        let r = page.r;
        if r.communities.is_empty() {
            return None;
        }
        let s = &r.summary;
        let row =
            |name: &'a str, events: usize, acting: usize, active: usize, m: &'a Assessment| CommunityRow {
                name,
                events: n(events),
                acting: n(acting),
                active: n(active),
                k: m.settled.stage as usize,
                m,
                indicated_share: percent(m.indicated.share),
            };
        let mut rows = vec![row(
            "(the landscape)",
            s.counts.events,
            s.acting_members,
            r.health.active_members,
            &r.maturity,
        )];
        for c in &r.communities {
            rows.push(row(&c.community, c.events, c.acting_members, c.health.active_members, &c.maturity));
        }
        Some(Communities { rows })
    }
}
