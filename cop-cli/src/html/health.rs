//! The health figure (sparklines of the series, the key metrics in the words the text report
//! uses) and the charter goals and value stories.

use askama::Template;
use cop_core::health::GoalProgress;
use cop_core::health::HealthPoint;
use cop_core::model::value::ValueCycle;

use super::Page;
use super::participation::Sparkline;
use crate::sentences::{HealthRow, day, health_rows, hours, n, percent};

/// How a value is written.
type Format = fn(f64) -> String;

/// The metrics drawn, in order: the series' name, the label and how a value is written.
const METRICS: [(&str, &str, Format); 8] = [
    ("active_members", "Active members", count),
    ("newcomers_in_window", "Newcomers in the window", count),
    ("recent_newcomer_activation", "Activation of recent newcomers", percent),
    ("unanswered_share", "Unanswered questions", percent),
    ("median_response_hours", "Median first response", hours),
    ("absence_factor", "Absence factor", count),
    ("founders_share", "Founders' share", percent),
    ("dau_mau", "DAU / MAU", two_decimals),
];

fn count(v: f64) -> String {
    n(v.round().max(0.0) as usize)
}

fn two_decimals(v: f64) -> String {
    format!("{v:.2}")
}

/// A health metric's values over the series.
fn series_of(series: &[HealthPoint], metric: &str) -> Vec<f64> {
    series.iter().filter_map(|p| p.metrics.iter().find(|(m, _)| m == metric).map(|(_, v)| *v)).collect()
}

/// Sparklines of the health series, and the key metrics as a table.
#[derive(Template)]
#[template(path = "report/health.html")]
pub(super) struct Health<'a> {
    sparks: Vec<Sparkline>,
    window: u32,
    first: String,
    last: String,
    /// Why the series may be short: not computed, or its last period partial.
    note: &'static str,
    /// The labels of the metrics drawn, lower case.
    shown: String,
    rows: Vec<HealthRow>,
    /// The flags and remarks of the rows, listed after them.
    flags: Vec<String>,
    /// The series, period by period (empty without the history).
    labels: Vec<&'static str>,
    series: Vec<(&'a str, Vec<String>)>,
}

impl<'a> Health<'a> {
    pub(super) fn new(page: &Page<'a>) -> Health<'a> {
        let h = &page.r.health;
        let series = &page.r.health_series;
        let (first, last) = match (series.first(), series.last()) {
            (Some(a), Some(b)) => (day(&a.date).to_owned(), day(&b.date).to_owned()),
            _ => (day(&h.as_of).to_owned(), day(&h.as_of).to_owned()),
        };
        let current = h.point(0);
        let mut sparks = Vec::new();
        let mut shown = Vec::new();
        for (metric, label, format) in METRICS {
            // Without a history (--no-history), the current value alone.
            let values = if series.is_empty() {
                series_of(std::slice::from_ref(&current), metric)
            } else {
                series_of(series, metric)
            };
            if values.is_empty() {
                continue;
            }
            shown.push(label);
            let id = format!("health-{}", metric.replace('_', "-"));
            sparks.push(Sparkline::new(id, label, &values, &format, (&first, &last)));
        }
        let rows = health_rows(h, page.health);
        let flags = rows
            .iter()
            .flat_map(|r| r.flag.iter())
            .chain(rows.iter().flat_map(|r| &r.notes))
            .cloned()
            .collect();
        Health {
            sparks,
            window: h.window_days,
            note: if series.is_empty() {
                " (the series was not computed: only the current values)"
            } else if page.last_partial {
                " (the last period is partial: measured up to the analysis date)"
            } else {
                ""
            },
            first,
            last,
            shown: shown.join(", ").to_lowercase(),
            rows,
            flags,
            labels: METRICS.iter().map(|m| m.1).collect(),
            series: series
                .iter()
                .map(|p| {
                    let values = METRICS
                        .iter()
                        .map(|(metric, _, format)| {
                            p.metrics
                                .iter()
                                .find(|(m, _)| m == metric)
                                .map_or_else(|| "-".to_owned(), |(_, v)| format(*v))
                        })
                        .collect();
                    (day(&p.date), values)
                })
                .collect(),
        }
    }
}

/// One charter goal.
struct Goal<'a> {
    g: &'a GoalProgress,
    deadline: &'a str,
    now: String,
    progress: String,
    status: &'static str,
}

/// Charter goals and value stories, when the landscape has any.
#[derive(Template)]
#[template(path = "report/goals_value.html")]
pub(super) struct GoalsValue<'a> {
    goals: Vec<Goal<'a>>,
    stories: String,
    /// Stories per value-creation cycle.
    cycles: Vec<(&'static str, String)>,
}

impl<'a> GoalsValue<'a> {
    pub(super) fn new(page: &Page<'a>) -> GoalsValue<'a> {
        let r = page.r;
        let goals = r
            .goals
            .iter()
            .map(|g| Goal {
                g,
                deadline: day(&g.deadline),
                now: g.current.map_or_else(|| "-".to_owned(), |v| format!("{v:.2}")),
                progress: g.progress.map_or_else(|| "-".to_owned(), percent),
                status: match g.on_track {
                    Some(true) => "on track",
                    Some(false) => "off track",
                    None => "unknown",
                },
            })
            .collect();
        let stories: usize = r.value.per_cycle.iter().sum();
        GoalsValue {
            goals,
            stories: if stories > 0 { n(stories) } else { String::new() },
            cycles: ValueCycle::ALL.iter().zip(r.value.per_cycle).map(|(c, k)| (c.name(), n(k))).collect(),
        }
    }
}
