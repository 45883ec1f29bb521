use super::*;
use crate::cli::{AnalysisArgs, HealthArgs, PeriodArg, PolicyArg};
use crate::input::Loaded;
use crate::report::Resolved;

/// Text as the templates escape it.
fn escaped(text: &str) -> String {
    askama::filters::escape(text, askama::filters::Html).unwrap().to_string()
}

/// The landscape of a CSV, resolved with the command's defaults (monthly, 90-day windows).
fn load(csv: &str) -> (Loaded, Resolved) {
    let mut landscape = cop_core::Landscape::new();
    landscape.import_csv(csv.as_bytes(), &cop_core::ImportOptions::default()).unwrap();
    let mut loaded = Loaded { landscape, sources: vec![], pseudonymised: false, bots_excluded: false };
    let args = AnalysisArgs {
        as_of: None,
        window: 90,
        policy: PolicyArg::Spec(cop_core::PolicySpec::default()),
        period: PeriodArg::Month,
        community: None,
    };
    let resolved = crate::report::resolve(&mut loaded, &args).unwrap();
    (loaded, resolved)
}

fn doc(loaded: &Loaded, resolved: &Resolved, history: bool, mentoring: bool) -> ReportDoc {
    let health = HealthArgs { health_window: 90 };
    let progress = crate::progress::Progress::new(true);
    crate::report::report(loaded, resolved, &health, history, mentoring, progress).unwrap()
}

/// The element that starts with `start` (`<figure id="onion">`), up to its end tag `end`.
fn part<'h>(html: &'h str, start: &str, end: &str) -> &'h str {
    let at = html.find(start).unwrap_or_else(|| panic!("no {start}"));
    &html[at..at + html[at..].find(end).unwrap()]
}

/// A mentor (`ada`), a regular (`bob`), a later reviewer (`cy`) and a newcomer (`dan`), each key
/// as given.
fn community(ada: &str, bob: &str, dan: &str) -> String {
    let mut csv = String::from("member,time,kind,domain,target\n");
    for month in 1..=9 {
        for day in [3, 10, 17, 24] {
            csv += &format!("{ada},2024-{month:02}-{day:02}T10:00:00Z,answer,testing,{bob}\n");
        }
        csv += &format!("{bob},2024-{month:02}-04T10:00:00Z,ask,testing,\n");
        if month > 4 {
            csv += &format!("cy,2024-{month:02}-05T10:00:00Z,review,docs,{bob}\n");
        }
    }
    csv += &format!("{dan},2024-09-20T10:00:00Z,ask,testing,\n"); // for the mentoring figure
    csv
}

#[test]
fn every_figure_has_a_picture_and_user_text_is_escaped() {
    let (loaded, resolved) = load(&community("<b>ada</b>", "bob", "dan"));
    let html = report(&doc(&loaded, &resolved, true, true));
    for id in FIGURES {
        let figure = part(&html, &format!(r#"<figure id="{id}">"#), "</figure>");
        assert!(
            figure.contains("<svg") && figure.contains("<title") && figure.contains("<figcaption>"),
            "{id}"
        );
    }
    assert!(!html.contains("<b>ada</b>") && html.contains(&escaped("<b>ada</b>")));
    assert!(!html.contains("<script") && !html.contains("http"), "self-contained");
    let figure = part(&html, r#"<figure id="mentoring">"#, "</figure>");
    assert!(figure.contains("<svg") && figure.contains("<figcaption>") && figure.contains("class=\"pair\""));
    assert!(
        figure.contains(&format!("<td>dan</td><td>{}</td>", escaped("<b>ada</b>"))),
        "dan learns from ada: {figure}"
    );
    assert!(!html.contains(r#"<section id="maturity" class="later">"#));
    assert!(html.contains(r#"id="maturity-history-title""#), "the stage history strip");

    // Without the history: the figures are still there, with the current values only.
    let html = report(&doc(&loaded, &resolved, false, false));
    assert!(!html.contains(r#"<figure id="mentoring">"#) && html.contains("--no-mentoring"));
    for id in FIGURES {
        assert!(html.contains(&format!(r#"<figure id="{id}">"#)), "{id}");
    }
    assert!(html.contains("--no-history") && !html.contains(r#"id="maturity-history-title""#));
}

#[test]
fn member_keys_are_escaped_in_every_section_that_names_members() {
    // CSV fields: `"&'` is written `"""&'"`.
    let (script, quotes, tag) = ("<script>alert(1)</script>", r#""&'"#, "<i>dan</i>");
    let (loaded, resolved) = load(&community(script, r#""""&'""#, tag));
    let html = report(&doc(&loaded, &resolved, true, true));
    for raw in [script, quotes, tag] {
        assert!(!html.contains(raw), "{raw} is written as is");
    }
    // Where members are named: the onion's dots, the top members (drawing, description and
    // table), the structure (core, brokers and table), the mentoring (drawing and tables).
    let sections = [
        (r#"<figure id="onion">"#, "</figure>", vec![script, quotes, tag]),
        (r#"<figure id="top-members">"#, "</figure>", vec![script, quotes, tag]),
        (r#"<section id="structure">"#, "</section>", vec![script, quotes]),
        (r#"<figure id="mentoring">"#, "</figure>", vec![script, tag]),
    ];
    for (start, end, keys) in sections {
        let section = part(&html, start, end);
        for key in keys {
            assert!(section.contains(&escaped(key)), "{key} is not in {start}:\n{section}");
        }
    }
    let mentoring = part(&html, r#"<figure id="mentoring">"#, "</figure>");
    assert!(mentoring.contains(&format!("<td>{}</td><td>{}</td>", escaped(tag), escaped(script))));
}

#[test]
fn the_configuration_applied_shows_in_text_and_html() {
    // Two organisers share the organising; the burnout risk watches the top `burnout_organisers`.
    let mut csv = community("ada", "bob", "dan");
    for month in 1..=9 {
        csv += &format!("ada,2024-{month:02}-06T10:00:00Z,organize,testing,\n");
        csv += &format!("bob,2024-{month:02}-07T10:00:00Z,organize,testing,\n");
    }
    let (loaded, resolved) = load(&csv);
    let mut doc = doc(&loaded, &resolved, false, false);
    let paint = crate::text::Paint { enabled: false };
    let default = format!("the top {} organisers", HealthConfig::default().burnout_organisers);
    assert!(crate::text::report(&doc, 5, paint).contains(&default) && report(&doc).contains(&default));

    doc.options.maturity.health.burnout_organisers = 7;
    let as_of = cop_core::AsOf::at(cop_core::model::time::parse_time(&doc.report.as_of).unwrap()).unwrap();
    let analysis = cop_core::Analysis::new(&loaded.landscape, as_of, &doc.options.participation).unwrap();
    doc.report = analysis.report(&doc.options).unwrap();
    let text = crate::text::report(&doc, 5, paint);
    let html = report(&doc);
    for (name, out) in [("text", &text), ("html", &html)] {
        assert!(out.contains("the top 7 organisers ran"), "{name}:\n{out}");
        assert!(!out.contains(&default), "{name} states the default");
    }
}

#[test]
fn nice_steps() {
    assert_eq!(nice_step(100.0, 5.0), 20.0);
    assert_eq!(nice_step(7.0, 5.0), 2.0);
    assert_eq!(nice_step(0.0, 5.0), 1.0);
    assert_eq!(nice_step(3.0, 5.0), 1.0);
}
