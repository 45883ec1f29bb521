//! The participation figures: the onion, the levels over time, the flows between levels, the
//! gravity sparklines, the trajectories and the top members.

use std::f64::consts::PI;
use std::fmt::Write as _;

use askama::Template;
use cop_core::Level;
use cop_core::participation::analysis::MemberParticipation;
use cop_core::participation::timeline::Transitions;
use cop_core::participation::trajectory::TrajectoryKind;

use super::{Page, PeriodView, cut, nice_step, time_ticks};
use crate::report::level_label;
use crate::sentences::{day, n, period_noun};

/// A ring of the onion (level `k`, outer radius `r`).
struct Ring {
    k: usize,
    r: f64,
}

/// A dot of the onion: one member (with a tooltip) or, for large communities, several.
struct Dot {
    x: f64,
    y: f64,
    r: f64,
    k: usize,
    title: Option<String>,
}

/// A line of the onion's legend.
struct LegendRow {
    k: usize,
    y: u32,
    label: &'static str,
    count: String,
    share: String,
}

/// Concentric rings, the core group at the centre, one dot per member.
#[derive(Template)]
#[template(path = "report/onion.html")]
pub(super) struct Onion {
    title: String,
    desc: String,
    rings: Vec<Ring>,
    window: u32,
    nobody: bool,
    dots: Vec<Dot>,
    as_of: String,
    legend: Vec<LegendRow>,
    scale: String,
    participants: String,
    total: String,
    /// The numbers: level, members, share of participants.
    rows: Vec<(&'static str, String, String)>,
}

impl Onion {
    const CX: f64 = 280.0;
    const CY: f64 = 280.0;
    /// Participants inside this radius, outsiders between `OUT_A` and `OUT_B`.
    const INNER: f64 = 212.0;
    const OUT_A: f64 = 226.0;
    const OUT_B: f64 = 272.0;
    const MAX_DOTS: usize = 3000;

    pub(super) fn new(page: &Page) -> Onion {
        let counts = page.counts;
        let total: usize = counts.iter().sum();
        let per = total.div_ceil(Self::MAX_DOTS).max(1);
        let as_of = day(&page.r.as_of).to_owned();
        let parts: Vec<String> =
            Level::ALL.iter().map(|l| format!("{} {}", level_label(*l), counts[l.index()])).collect();
        let radii = Self::radii(counts, page.participants);
        let legend = Level::ALL
            .iter()
            .enumerate()
            .map(|(k, level)| LegendRow {
                k,
                y: 96 + k as u32 * 34,
                label: level_label(*level),
                count: n(counts[k]),
                share: page.share(*level).map_or_else(
                    || "no event in the window".to_owned(),
                    |s| format!("{:.0} % of participants", s * 100.0),
                ),
            })
            .collect();
        let rows = Level::ALL
            .iter()
            .map(|&level| {
                let share =
                    page.share(level).map_or_else(|| "-".to_owned(), |s| format!("{:.1} %", s * 100.0));
                (level_label(level), n(counts[level.index()]), share)
            })
            .collect();
        Onion {
            title: format!("The onion of participation as of {as_of}"),
            desc: format!(
                "Concentric rings from the core group at the centre to outsiders at the edge; {total} members: {}.",
                parts.join(", ")
            ),
            rings: (0..5).rev().filter(|&k| counts[k] > 0).map(|k| Ring { k, r: radii[k + 1] }).collect(),
            window: page.o.window_days,
            nobody: page.participants == 0,
            dots: Self::dots(page, &radii, per),
            as_of,
            legend,
            scale: if per == 1 {
                "one dot per member".to_owned()
            } else {
                format!("one dot for about {per} members")
            },
            participants: n(page.participants),
            total: n(total),
            rows,
        }
    }

    /// `radii[k + 1]`: the outer radius of level `k`. Ring areas are proportional to the members,
    /// with a floor so that small levels stay visible.
    fn radii(counts: [usize; 6], participants: usize) -> [f64; 6] {
        let floor = participants as f64 * 0.05;
        let areas: Vec<f64> =
            counts[..5].iter().map(|&c| if c > 0 { (c as f64).max(floor) } else { 0.0 }).collect();
        let area_total: f64 = areas.iter().sum();
        let mut radii = [0.0f64; 6];
        let mut cumulative = 0.0;
        for k in 0..5 {
            cumulative += areas[k];
            radii[k + 1] =
                if area_total > 0.0 { Self::INNER * (cumulative / area_total).sqrt() } else { 0.0 };
        }
        radii
    }

    /// The dots, strongest nearest the centre of their ring (one in `per` members).
    fn dots(page: &Page, radii: &[f64; 6], per: usize) -> Vec<Dot> {
        let mut dots = Vec::new();
        for (k, level) in Level::ALL.iter().enumerate() {
            let members: Vec<&&MemberParticipation> =
                page.members.iter().filter(|m| m.level == *level).step_by(per).collect();
            if members.is_empty() {
                continue;
            }
            let (a, b) = if k == 5 {
                (Self::OUT_A + 3.0, Self::OUT_B - 3.0)
            } else {
                let (a, b) = (radii[k], radii[k + 1]);
                (if k == 0 { 0.0 } else { a + 2.5 }, (b - 2.5).max(a + 2.6))
            };
            let m = members.len();
            let spacing = (PI * (b * b - a * a) / m as f64).sqrt();
            let r = (spacing * 0.36).clamp(0.7, 7.0);
            let phase = k as f64 * 0.9;
            for (i, member) in members.iter().enumerate() {
                let t = (i as f64 + 0.5) / m as f64;
                let radius = (a * a + t * (b * b - a * a)).sqrt();
                let angle = i as f64 * 2.399_963_229_728_653 + phase;
                let title = (per == 1).then(|| {
                    format!("{} · {} · score {:.1}", member.member, level_label(member.level), member.score)
                });
                dots.push(Dot {
                    x: Self::CX + radius * angle.cos(),
                    y: Self::CY + radius * angle.sin(),
                    r,
                    k,
                    title,
                });
            }
        }
        dots
    }
}

/// A labelled tick of an axis at `at` (x or y).
struct Tick {
    at: f64,
    label: String,
}

/// A stacked area (or bar) of one level.
struct Area {
    k: usize,
    label: &'static str,
    shape: Shape,
}

/// How a level is drawn: an area over several periods, a bar for a single one.
enum Shape {
    Path(String),
    Bar { x: f64, y: f64, height: f64 },
}

/// Stacked areas of the participants per level, period by period.
#[derive(Template)]
#[template(path = "report/levels_over_time.html")]
pub(super) struct LevelsOverTime {
    desc: String,
    y_ticks: Vec<Tick>,
    x_ticks: Vec<Tick>,
    areas: Vec<Area>,
    /// The legend: level `k`, its label and where it sits.
    legend: Vec<(usize, &'static str, f64)>,
    period: &'static str,
    window: u32,
    labels: Vec<&'static str>,
    /// The numbers: period end and members per level.
    rows: Vec<(String, Vec<String>)>,
}

impl LevelsOverTime {
    const W: f64 = 860.0;
    const H: f64 = 320.0;
    const LEFT: f64 = 56.0;
    const RIGHT: f64 = 150.0;
    const TOP: f64 = 16.0;
    const BOTTOM: f64 = 36.0;

    pub(super) fn new(page: &Page) -> LevelsOverTime {
        let timeline = &page.timeline;
        let periods = timeline.len();
        let max = timeline.iter().map(|p| p.participants).max().unwrap_or(0);
        let (first, last) = page.span();
        let step = nice_step(max as f64, 5.0);
        let y_max = (max as f64 / step).ceil().max(1.0) * step;
        let axes = Axes { periods, y_max };
        let mut y_ticks = Vec::new();
        let mut tick = 0.0;
        while tick <= y_max + 1e-9 {
            y_ticks.push(Tick { at: axes.y(tick), label: n(tick as usize) });
            tick += step;
        }
        LevelsOverTime {
            desc: format!(
                "Stacked areas of the members at each level (outsiders left out), {periods} periods from {first} \
                 to {last}; at most {max} members took part in one period; now {}{}.",
                timeline.last().map_or(0, |p| p.participants),
                if page.last_partial { " (the last period, to the analysis date, is partial)" } else { "" }
            ),
            y_ticks,
            x_ticks: time_ticks(timeline)
                .into_iter()
                .map(|(i, label)| Tick { at: axes.x(i), label })
                .collect(),
            areas: axes.areas(timeline),
            legend: (0..5)
                .rev()
                .map(|k| (k, level_label(Level::ALL[k]), Self::TOP + 20.0 + (4 - k) as f64 * 24.0))
                .collect(),
            period: period_noun(page.o.period),
            window: page.o.window_days,
            labels: Level::ALL.iter().take(5).map(|l| level_label(*l)).collect(),
            rows: timeline
                .iter()
                .map(|p| (day(p.end).to_owned(), p.counts.iter().map(|c| n(*c)).collect()))
                .collect(),
        }
    }
}

/// The scales of the levels over time.
struct Axes {
    periods: usize,
    y_max: f64,
}

impl Axes {
    fn x(&self, i: usize) -> f64 {
        let plot_w = LevelsOverTime::W - LevelsOverTime::LEFT - LevelsOverTime::RIGHT;
        if self.periods > 1 {
            LevelsOverTime::LEFT + plot_w * i as f64 / (self.periods - 1) as f64
        } else {
            LevelsOverTime::LEFT + plot_w / 2.0
        }
    }

    fn y(&self, v: f64) -> f64 {
        LevelsOverTime::TOP
            + (LevelsOverTime::H - LevelsOverTime::TOP - LevelsOverTime::BOTTOM) * (1.0 - v / self.y_max)
    }

    /// Each level's area stacked on the ones before it; a single period is one stacked bar.
    fn areas(&self, timeline: &[PeriodView]) -> Vec<Area> {
        let label = |k: usize| level_label(Level::ALL[k]);
        if self.periods == 1 {
            let mut base = 0.0;
            return (0..5)
                .map(|k| {
                    let top = base + timeline[0].counts[k] as f64;
                    let (y, height) = (self.y(top), self.y(base) - self.y(top));
                    base = top;
                    Area { k, label: label(k), shape: Shape::Bar { x: self.x(0) - 20.0, y, height } }
                })
                .collect();
        }
        let mut areas = Vec::new();
        let mut lower = vec![0.0f64; self.periods];
        for k in 0..5 {
            let upper: Vec<f64> = timeline.iter().zip(&lower).map(|(p, l)| l + p.counts[k] as f64).collect();
            if upper.iter().zip(&lower).all(|(u, l)| u == l) {
                continue;
            }
            let mut path = String::new();
            for (i, u) in upper.iter().enumerate() {
                let _ = write!(path, "{}{:.1},{:.1}", if i == 0 { "M" } else { "L" }, self.x(i), self.y(*u));
            }
            for (i, l) in lower.iter().enumerate().rev() {
                let _ = write!(path, "L{:.1},{:.1}", self.x(i), self.y(*l));
            }
            path.push('Z');
            areas.push(Area { k, label: label(k), shape: Shape::Path(path) });
            lower = upper;
        }
        areas
    }
}

/// A band of the flows: `v` members from level `k` to level `j`, its outline `d`.
struct Band {
    d: String,
    k: usize,
    title: String,
}

/// A node of the flows: level `k` on one side.
struct Node {
    x: f64,
    y: f64,
    height: f64,
    k: usize,
    text_x: f64,
    text_y: f64,
    anchor: &'static str,
    label: String,
}

/// A Sankey-like picture of the moves between levels over the last period.
#[derive(Template)]
#[template(path = "report/flows.html")]
pub(super) struct Flows {
    heading: &'static str,
    /// The end of the partial period left out, if one is.
    partial: Option<String>,
    from: String,
    to: String,
    title: String,
    desc: String,
    bands: Vec<Band>,
    nodes: Vec<Node>,
    caption: String,
    labels: Vec<&'static str>,
    matrix: [[u32; 6]; 6],
}

impl Flows {
    const W: f64 = 860.0;
    const H: f64 = 360.0;
    const X0: f64 = 200.0;
    const X1: f64 = 646.0;
    const NODE: f64 = 14.0;
    const GAP: f64 = 10.0;
    const TOP: f64 = 30.0;

    pub(super) fn new(page: &Page) -> Flows {
        // The flows into the last complete period; a partial last period is named, not drawn
        // (when there is an earlier complete one).
        let all = &page.timeline;
        let skip_partial = page.last_partial && all.len() >= 3;
        let timeline = if skip_partial { &all[..all.len() - 1] } else { &all[..] };
        let (from, to, t) = Self::transitions(timeline);
        let (bands, nodes) = Self::drawing(&t);
        Flows {
            heading: if skip_partial {
                "Flows between levels over the last complete period"
            } else if page.last_partial {
                "Flows between levels over the last period (partial)"
            } else {
                "Flows between levels over the last period"
            },
            partial: all.last().filter(|_| skip_partial).map(|p| day(p.end).to_owned()),
            desc: format!(
                "Members moving between levels: {} promoted, {} demoted, {} held their level, {} joined, {} left.",
                t.promoted, t.demoted, t.held, t.joined, t.left
            ),
            caption: format!(
                "Where the members of each level went from {from} to {to}: {} promoted, {} demoted, {} held their \
                 level, {} joined, {} left (turnover {:.1} %). Outsiders who stayed outsiders are left out.",
                n(t.promoted as usize),
                n(t.demoted as usize),
                n(t.held as usize),
                n(t.joined as usize),
                n(t.left as usize),
                t.turnover * 100.0
            ),
            title: format!("Flows between levels from {from} to {to}"),
            from,
            to,
            bands,
            nodes,
            labels: Level::ALL.iter().map(|l| level_label(*l)).collect(),
            matrix: t.matrix,
        }
    }

    /// The two period ends and the moves between them; a single period: everyone taking part
    /// joined since the history began.
    fn transitions(timeline: &[PeriodView]) -> (String, String, Transitions) {
        if let ([.., a, b], Some(t)) = (timeline, timeline.last().and_then(|p| p.transitions)) {
            return (day(a.end).to_owned(), day(b.end).to_owned(), t.clone());
        }
        let counts = timeline.last().map(|p| p.counts).unwrap_or_default();
        let mut matrix = [[0u32; 6]; 6];
        for (j, &c) in counts.iter().enumerate() {
            matrix[5][j] = c as u32;
        }
        let joined = counts[..5].iter().sum::<usize>() as u32;
        let to = timeline.last().map_or_else(String::new, |p| day(p.end).to_owned());
        ("before the first event".to_owned(), to, Transitions { joined, matrix, ..Transitions::default() })
    }

    /// The bands and the nodes; outsiders who stay outsiders are left out (they would swamp
    /// everyone else). Nothing when nobody took part.
    fn drawing(t: &Transitions) -> (Vec<Band>, Vec<Node>) {
        let mut m = t.matrix;
        m[5][5] = 0;
        let left: Vec<u32> = (0..6).map(|k| m[k].iter().sum()).collect();
        let right: Vec<u32> = (0..6).map(|j| (0..6).map(|k| m[k][j]).sum()).collect();
        let total: u32 = left.iter().sum();
        if total == 0 {
            return (vec![], vec![]);
        }
        let used = |side: &[u32]| side.iter().filter(|&&v| v > 0).count() as f64;
        let gaps = (used(&left).max(used(&right)) - 1.0).max(0.0) * Self::GAP;
        let scale = (Self::H - Self::TOP - 10.0 - gaps) / f64::from(total);
        let positions = |side: &[u32]| {
            let mut y = Self::TOP;
            side.iter()
                .map(|&v| {
                    let start = y;
                    if v > 0 {
                        y += f64::from(v) * scale + Self::GAP;
                    }
                    start
                })
                .collect::<Vec<f64>>()
        };
        let (ly, ry) = (positions(&left), positions(&right));
        let bands = Self::bands(&m, scale, ly.clone(), ry.clone());
        let mut nodes = Vec::new();
        for k in 0..6 {
            for (side, ys, x, anchor, text_x) in [
                (&left, &ly, Self::X0, "end", Self::X0 - 8.0),
                (&right, &ry, Self::X1, "start", Self::X1 + Self::NODE + 8.0),
            ] {
                if side[k] == 0 {
                    continue;
                }
                let h = f64::from(side[k]) * scale;
                let label = format!("{} · {}", level_label(Level::ALL[k]), n(side[k] as usize));
                nodes.push(Node {
                    x,
                    y: ys[k],
                    height: h.max(1.0),
                    k,
                    text_x,
                    text_y: ys[k] + h / 2.0 + 4.0,
                    anchor,
                    label,
                });
            }
        }
        (bands, nodes)
    }

    /// One band per move, stacked at both ends from the nodes' tops.
    fn bands(m: &[[u32; 6]; 6], scale: f64, mut left: Vec<f64>, mut right: Vec<f64>) -> Vec<Band> {
        let xm = (Self::X0 + Self::NODE + Self::X1) / 2.0;
        let (a, b) = (Self::X0 + Self::NODE, Self::X1);
        let mut bands = Vec::new();
        for k in 0..6 {
            for j in 0..6 {
                let v = m[k][j];
                if v == 0 {
                    continue;
                }
                let h = f64::from(v) * scale;
                let (y0, y1) = (left[k], right[j]);
                left[k] += h;
                right[j] += h;
                bands.push(Band {
                    d: format!(
                        "M{a:.1},{y0:.1}C{xm:.1},{y0:.1} {xm:.1},{y1:.1} {b:.1},{y1:.1}L{b:.1},{:.1}C{xm:.1},{:.1} {xm:.1},{:.1} {a:.1},{:.1}Z",
                        y1 + h,
                        y1 + h,
                        y0 + h,
                        y0 + h
                    ),
                    k,
                    title: format!("{v} member(s): {} → {}", level_label(Level::ALL[k]), level_label(Level::ALL[j])),
                });
            }
        }
        bands
    }
}

/// One sparkline: a line over the values, the last value marked.
#[derive(Template)]
#[template(path = "report/sparkline.html")]
pub(super) struct Sparkline {
    id: String,
    label: String,
    now: String,
    desc: String,
    /// Where zero is, when the values go below it.
    zero: Option<f64>,
    points: String,
    /// The last value's point.
    last: Option<(f64, f64)>,
}

impl Sparkline {
    const W: f64 = 260.0;
    const H: f64 = 64.0;
    const PAD: f64 = 6.0;

    pub(super) fn new(
        id: String,
        label: &str,
        values: &[f64],
        format: &dyn Fn(f64) -> String,
        (first, last): (&str, &str),
    ) -> Sparkline {
        let (lo, hi) =
            values.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| (lo.min(v), hi.max(v)));
        let (lo, hi) = if lo.is_finite() { (lo.min(0.0), hi.max(lo + 1e-9)) } else { (0.0, 1.0) };
        let now = values.last().copied().unwrap_or(0.0);
        let x = |i: usize| {
            if values.len() > 1 {
                Self::PAD + (Self::W - 2.0 * Self::PAD) * i as f64 / (values.len() - 1) as f64
            } else {
                Self::W / 2.0
            }
        };
        let y = |v: f64| Self::PAD + (Self::H - 2.0 * Self::PAD) * (1.0 - (v - lo) / (hi - lo));
        let points: Vec<String> =
            values.iter().enumerate().map(|(i, &v)| format!("{:.1},{:.1}", x(i), y(v))).collect();
        Sparkline {
            desc: format!(
                "{label} per period from {first} to {last}: lowest {}, highest {}, now {}.",
                format(lo.min(values.iter().copied().fold(f64::INFINITY, f64::min))),
                format(hi),
                format(now)
            ),
            id,
            label: label.to_owned(),
            now: format(now),
            zero: (lo < 0.0).then(|| y(0.0)),
            points: points.join(" "),
            last: (!values.is_empty()).then(|| (x(values.len() - 1), y(now))),
        }
    }
}

/// One period in the gravity's table.
struct GravityRow {
    end: String,
    partial: bool,
    participants: String,
    inner: String,
    joined: String,
    gravity: String,
}

/// Sparklines of participation per period.
#[derive(Template)]
#[template(path = "report/gravity.html")]
pub(super) struct Gravity {
    sparks: Vec<Sparkline>,
    first: String,
    last: String,
    rows: Vec<GravityRow>,
}

impl Gravity {
    pub(super) fn new(page: &Page) -> Gravity {
        let timeline = &page.timeline;
        let span = page.span();
        let participants: Vec<f64> = timeline.iter().map(|p| p.participants as f64).collect();
        let inner: Vec<f64> = timeline.iter().map(|p| (p.counts[0] + p.counts[1]) as f64).collect();
        let gravity: Vec<f64> = timeline.iter().skip(1).map(|p| p.gravity.unwrap_or(0.0)).collect();
        let joined: Vec<f64> =
            timeline.iter().skip(1).map(|p| p.transitions.map_or(0.0, |t| f64::from(t.joined))).collect();
        let count = |v: f64| n(v.round() as usize);
        let spark = |id: &str, label: &str, values: &[f64], format: &dyn Fn(f64) -> String| {
            Sparkline::new(format!("gravity-{id}"), label, values, format, span)
        };
        Gravity {
            sparks: vec![
                spark("participants", "Members taking part", &participants, &count),
                spark("inner", "Core group and active members", &inner, &count),
                spark("joined", "Members who joined", &joined, &count),
                spark("gravity", "Gravity", &gravity, &|v| format!("{v:+.2}")),
            ],
            first: span.0.to_owned(),
            last: span.1.to_owned(),
            rows: timeline
                .iter()
                .enumerate()
                .map(|(i, p)| GravityRow {
                    end: day(p.end).to_owned(),
                    partial: page.last_partial && i + 1 == timeline.len(),
                    participants: n(p.participants),
                    inner: n(p.counts[0] + p.counts[1]),
                    joined: p.transitions.map_or_else(|| "-".to_owned(), |t| t.joined.to_string()),
                    gravity: p.gravity.map_or_else(|| "-".to_owned(), |g| format!("{g:+.3}")),
                })
                .collect(),
        }
    }
}

/// What a trajectory means, in a few words.
fn trajectory_words(kind: TrajectoryKind) -> &'static str {
    match kind {
        TrajectoryKind::Peripheral => "stays at the edge",
        TrajectoryKind::Inbound => "moving toward the centre",
        TrajectoryKind::Insider => "a stable full participant",
        TrajectoryKind::Boundary => "links communities",
        TrajectoryKind::Outbound => "moving out",
        TrajectoryKind::Newcomer => "too new to tell",
        TrajectoryKind::Inactive => "no longer takes part",
    }
}

/// One bar of the trajectories.
struct TrajectoryBar {
    y: f64,
    name: &'static str,
    words: &'static str,
    width: f64,
    /// The bar as drawn: at least 2 wide unless nobody has the trajectory.
    drawn: f64,
    members: String,
    /// The inactive members' bar may be longer than the longest of the others: it is cut.
    clipped: bool,
}

/// Horizontal bars of the members per trajectory.
#[derive(Template)]
#[template(path = "report/trajectories.html")]
pub(super) struct Trajectories {
    height: u32,
    desc: String,
    bars: Vec<TrajectoryBar>,
}

impl Trajectories {
    const ROW: f64 = 36.0;
    const LABEL: f64 = 250.0;
    const BAR: f64 = 470.0;

    pub(super) fn new(page: &Page) -> Trajectories {
        let counts = &page.trajectories;
        let active_max =
            counts.iter().filter(|t| t.0 != TrajectoryKind::Inactive).map(|t| t.1).max().unwrap_or(0);
        let max =
            if active_max == 0 { counts.iter().map(|t| t.1).max().unwrap_or(1).max(1) } else { active_max };
        let parts: Vec<String> = counts.iter().map(|t| format!("{} {}", t.0.name(), t.1)).collect();
        let bars = counts
            .iter()
            .enumerate()
            .map(|(i, &(trajectory, members))| {
                let width = Self::BAR * members as f64 / max as f64;
                TrajectoryBar {
                    y: 10.0 + i as f64 * Self::ROW,
                    name: trajectory.name(),
                    words: trajectory_words(trajectory),
                    width: width.min(Self::BAR),
                    drawn: width.min(Self::BAR).max(if members > 0 { 2.0 } else { 0.0 }),
                    members: n(members),
                    clipped: width > Self::BAR,
                }
            })
            .collect();
        Trajectories {
            height: (Self::ROW * counts.len() as f64 + 20.0) as u32,
            desc: format!("Trajectories: {}.", parts.join(", ")),
            bars,
        }
    }
}

/// One of the top members.
struct TopMember<'a> {
    y: f64,
    key: &'a str,
    /// The key cut to fit beside the bar.
    short: String,
    k: usize,
    level: &'static str,
    width: f64,
    score: f64,
    events: String,
    trajectory: &'static str,
    rule: &'a str,
}

/// Bars of the scores of the top members.
#[derive(Template)]
#[template(path = "report/top_members.html")]
pub(super) struct TopMembers<'a> {
    height: u32,
    desc: String,
    members: Vec<TopMember<'a>>,
    window: u32,
}

impl<'a> TopMembers<'a> {
    const ROW: f64 = 24.0;
    const LABEL: f64 = 260.0;
    const BAR: f64 = 420.0;

    pub(super) fn new(page: &Page<'a>) -> TopMembers<'a> {
        let mut ranked: Vec<&MemberParticipation> =
            page.members.iter().copied().filter(|m| m.level != Level::Outsider).take(15).collect();
        ranked.sort_by(|a, b| b.score.total_cmp(&a.score));
        let max = ranked.first().map_or(1.0, |m| m.score.max(1e-9));
        let desc: Vec<String> = ranked
            .iter()
            .take(5)
            .map(|m| format!("{} ({}, {:.1})", m.member, level_label(m.level), m.score))
            .collect();
        let members = ranked
            .iter()
            .enumerate()
            .map(|(i, m)| TopMember {
                y: 8.0 + i as f64 * Self::ROW,
                key: &m.member,
                short: cut(&m.member, 34),
                k: m.level.index(),
                level: level_label(m.level),
                width: (Self::BAR * m.score / max).max(2.0),
                score: m.score,
                events: n(m.evidence.score.events as usize),
                trajectory: m.trajectory.name(),
                rule: &m.rule,
            })
            .collect();
        TopMembers {
            height: (Self::ROW * ranked.len().max(1) as f64 + 16.0) as u32,
            desc: format!("Top members by score: {}.", desc.join(", ")),
            members,
            window: page.o.window_days,
        }
    }
}
