//! Who holds the community together (the structure of the interaction) and who could learn from
//! whom (the mentor suggestions).

use askama::Template;
use cop_core::matching::mentors::Unmatched;
use cop_core::matching::{MatchedPair, MentorMatching};
use cop_core::structure::StructureReport;

use super::{Page, cut};
use crate::sentences::{count_of, n, ranked_pairs, unmatched_by_reason, unmatched_reason};

/// The structure of the interaction, as a table.
#[derive(Template)]
#[template(path = "report/structure.html")]
pub(super) struct Structure<'a> {
    st: &'a StructureReport,
    members: String,
    ties: String,
    core: String,
    brokers: String,
}

impl<'a> Structure<'a> {
    pub(super) fn new(page: &Page<'a>) -> Structure<'a> {
        let st = &page.r.structure;
        Structure {
            st,
            members: count_of(st.connected_members, "member", "members"),
            ties: count_of(st.ties, "tie", "ties"),
            core: Self::list(&st.core),
            brokers: Self::list(&st.brokers),
        }
    }

    /// At most twelve keys, then how many more.
    fn list(keys: &[String]) -> String {
        if keys.is_empty() {
            return "-".to_owned();
        }
        let mut shown: Vec<String> = keys.iter().take(12).cloned().collect();
        if keys.len() > 12 {
            shown.push(format!("and {} more", keys.len() - 12));
        }
        shown.join(", ")
    }
}

/// A mentee's row in the drawing.
struct MenteeDot {
    y: f64,
    label: String,
}

/// A line from a mentee to their mentor.
struct PairLine {
    y: f64,
    ym: f64,
    width: f64,
    opacity: f64,
    title: String,
}

/// A mentor in the drawing, beside their mentees.
struct MentorDot {
    y: f64,
    label: String,
    /// Where the count of mentees starts (after the label).
    count_x: f64,
    count: String,
}

/// A mentor with their mentees and the lines between them.
struct Group {
    mentees: Vec<MenteeDot>,
    lines: Vec<PairLine>,
    mentor: MentorDot,
}

/// The bipartite drawing: mentees on the left, mentors on the right, one line per pair.
struct Drawing {
    height: f64,
    desc: String,
    /// Why nothing is drawn, when nothing is.
    empty: Option<&'static str>,
    groups: Vec<Group>,
}

/// A pair in the table.
struct PairRow<'a> {
    p: &'a MatchedPair,
    domain: &'a str,
}

/// Mentor suggestions: a bipartite drawing (mentees on the left, mentors on the right, one line
/// per pair, as wide as its score) of the best pairs, and the pairs with their reasons.
#[derive(Template)]
#[template(path = "report/mentoring.html")]
pub(super) struct Mentoring<'a> {
    /// Nothing when the report was made without mentor suggestions.
    drawing: Option<Drawing>,
    caption: String,
    pairs: Vec<PairRow<'a>>,
    unmatched: Vec<(&'a Unmatched, &'static str)>,
    unmatched_count: String,
    /// How many unmatched mentees are not listed (only in the JSON report).
    more: Option<String>,
}

impl<'a> Mentoring<'a> {
    const ROW: f64 = 26.0;
    /// The mentees' dots.
    const LEFT: f64 = 300.0;
    /// The mentors' dots.
    const RIGHT: f64 = 560.0;
    const TOP: f64 = 34.0;
    const MAX_PAIRS: usize = 30;
    const MAX_UNMATCHED: usize = 100;

    pub(super) fn new(page: &Page<'a>) -> Mentoring<'a> {
        let Some(m) = &page.r.mentoring else {
            return Mentoring {
                drawing: None,
                caption: String::new(),
                pairs: vec![],
                unmatched: vec![],
                unmatched_count: String::new(),
                more: None,
            };
        };
        let ranked = ranked_pairs(m);
        let shown = &ranked[..ranked.len().min(Self::MAX_PAIRS)];
        let unmatched = m.unmatched.iter().take(Self::MAX_UNMATCHED).map(|u| (u, unmatched_reason(u.reason)));
        Mentoring {
            drawing: Some(Self::drawing(m, ranked.len(), shown)),
            caption: Self::caption(m, ranked.len(), shown.len()),
            pairs: shown.iter().map(|p| PairRow { p, domain: p.domain.as_deref().unwrap_or("-") }).collect(),
            unmatched: unmatched.collect(),
            unmatched_count: n(m.unmatched.len()),
            more: (m.unmatched.len() > Self::MAX_UNMATCHED)
                .then(|| n(m.unmatched.len() - Self::MAX_UNMATCHED)),
        }
    }

    fn caption(m: &MentorMatching, ranked: usize, shown: usize) -> String {
        let counts = unmatched_by_reason(m);
        let unmatched = if counts.is_empty() {
            String::new()
        } else {
            let parts: Vec<String> =
                counts.iter().map(|(r, k)| format!("{} {}", unmatched_reason(*r), n(*k))).collect();
            format!(
                " {} left without a mentor: {}.",
                count_of(m.unmatched.len(), "mentee is", "mentees are"),
                parts.join(", ")
            )
        };
        format!(
            "{} among {} and {}, chosen by the {} assignment{}; a line's width is the pair's score (0..1: \
             domain fit, competence gap, the mentor's free places and availability, an existing tie or a new one, \
             stated preferences).{unmatched}",
            count_of(ranked, "suggested pair", "suggested pairs"),
            count_of(m.mentees, "mentee", "mentees"),
            count_of(m.mentors, "mentor", "mentors"),
            m.mode.name(),
            if ranked > shown { format!(" (the best {shown} drawn)") } else { String::new() },
        )
    }

    /// Mentors in order of their best pair, their mentees under them: no lines cross.
    fn drawing(m: &MentorMatching, ranked: usize, shown: &[&MatchedPair]) -> Drawing {
        let mut mentors: Vec<(&str, Vec<&MatchedPair>)> = Vec::new();
        for p in shown {
            match mentors.iter_mut().find(|(k, _)| *k == p.mentor) {
                Some((_, list)) => list.push(p),
                None => mentors.push((&p.mentor, vec![p])),
            }
        }
        let row_y = |row: usize| Self::TOP + Self::ROW * row as f64 + Self::ROW / 2.0;
        let mut drawing = Drawing {
            height: Self::TOP + Self::ROW * shown.len().max(1) as f64 + 10.0,
            desc: Self::desc(m, ranked, shown),
            empty: shown.is_empty().then_some(if m.mentees == 0 {
                "no mentee"
            } else if m.mentors == 0 {
                "no mentor"
            } else {
                "no mentor fits a mentee"
            }),
            groups: vec![],
        };
        let mut row = 0usize;
        for (mentor, pairs) in &mentors {
            let first = row;
            let ym = Self::TOP + Self::ROW * (first + row + pairs.len() - 1) as f64 / 2.0 + Self::ROW / 2.0;
            let (mut mentees, mut lines) = (vec![], vec![]);
            for p in pairs {
                let y = row_y(row);
                mentees.push(MenteeDot { y, label: cut(&p.mentee, 34) });
                let score = p.score.clamp(0.0, 1.0);
                let domain = p.domain.as_deref().map(|d| format!(" · {d}")).unwrap_or_default();
                lines.push(PairLine {
                    y,
                    ym,
                    width: 1.0 + 7.0 * score,
                    opacity: 0.35 + 0.6 * score,
                    title: format!("{} → {mentor} · score {:.2}{domain}", p.mentee, p.score),
                });
                row += 1;
            }
            let label = cut(mentor, 30);
            let mentor = MentorDot {
                y: ym,
                count_x: Self::RIGHT + 14.0 + 7.0 * label.chars().count() as f64 + 8.0,
                label,
                count: count_of(pairs.len(), "mentee", "mentees"),
            };
            drawing.groups.push(Group { mentees, lines, mentor });
        }
        drawing
    }

    fn desc(m: &MentorMatching, ranked: usize, shown: &[&MatchedPair]) -> String {
        if shown.is_empty() {
            return format!("No pair: {} mentees, {} mentors.", m.mentees, m.mentors);
        }
        let parts: Vec<String> = shown
            .iter()
            .take(8)
            .map(|p| format!("{} with {} ({:.2})", p.mentee, p.mentor, p.score))
            .collect();
        format!(
            "{ranked} suggested pairs, best first: {}{}.",
            parts.join(", "),
            if shown.len() > 8 { ", …" } else { "" }
        )
    }
}
