//! Integration tests of the `cop` binary: the bundled demo data, event files (good and bad), a
//! git repository made here with scripted commits, snapshots, every output format and the errors.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

fn cop() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cop"));
    command.env_remove("NO_COLOR").stdin(Stdio::null());
    command
}

fn run(args: &[&str]) -> Output {
    cop().args(args).output().expect("cop runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("UTF-8 errors")
}

/// Runs cop and expects success with nothing on standard error.
fn ok(args: &[&str]) -> String {
    let output = run(args);
    assert!(output.status.success(), "cop {args:?} failed: {}", stderr(&output));
    assert_eq!(stderr(&output), "", "cop {args:?} wrote to standard error");
    stdout(&output)
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&ok(args)).expect("JSON output")
}

/// Runs cop, expects exit code `code` and exactly one line `error: …` on standard error.
fn fails(args: &[&str], code: i32) -> String {
    let output = run(args);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(code), "cop {args:?}: {err}");
    assert!(err.starts_with("error: "), "{err}");
    assert!(!err.contains("panicked") && !err.contains("backtrace"), "{err}");
    err
}

fn data(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/data").join(name).display().to_string()
}

/// A fresh directory outside any git repository, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "cop-cli-test-{}-{}-{name}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn path(&self, name: &str) -> String {
        self.0.join(name).display().to_string()
    }

    fn dir(&self) -> String {
        self.0.display().to_string()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn count_of(report: &Value, list: &str, key: &str, name: &str) -> u64 {
    report[list]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x[key] == name)
        .map_or(0, |x| x["members"].as_u64().unwrap())
}

// ----- the demo ----------------------------------------------------------------------------------

#[test]
fn demo_report_as_text() {
    let text = ok(&["report", "--demo"]);
    assert!(text.starts_with("cop report · flask-commits.csv (bundled demo)"), "{text}");
    // flask-members.csv marks a0664, a0694 and a0701 as bots: they are left out by default.
    assert!(text.contains("members   838 (834 acting)"), "{text}");
    assert!(
        text.contains(
            "people    3 members left out of every analysis, with 191 events: bots a0664, a0694, a0701"
        ),
        "{text}"
    );
    assert!(text.contains("events    5,358: commit 4,185 · merge 1,155 · coauthor 18"), "{text}");
    for heading in [
        "Maturity",
        "Next steps",
        "Stage history",
        "Health",
        "Participation levels",
        "Top members",
        "Trajectories",
        "Flows",
        "Structure",
        "Gravity",
        "Mentor suggestions",
    ] {
        assert!(text.contains(heading), "no {heading} in\n{text}");
    }
    for metric in
        ["active members", "DAU/MAU", "first response", "absence factor", "founders' share", "layers"]
    {
        assert!(text.contains(metric), "no {metric} in\n{text}");
    }
    assert!(text.contains("track       potential → coalescing → maturing"), "{text}");
    assert!(text.contains(" 1. [priority "), "numbered next steps with their priority:\n{text}");
    assert!(!text.contains("Charter goals") && !text.contains("Value stories"), "the demo has neither");
    assert!(!text.contains('\x1b'), "no colour when not on a terminal");
}

#[test]
fn json_is_compact_in_a_pipe_and_indented_with_pretty() {
    let compact = ok(&["levels", "--demo", "--format", "json", "--limit", "3"]);
    assert_eq!(compact.lines().count(), 1, "one line to a pipe:\n{compact}");
    let pretty = ok(&["levels", "--demo", "--format", "json", "--limit", "3", "--pretty"]);
    assert!(pretty.lines().count() > 10 && pretty.contains("\n  \""), "indented:\n{pretty}");
    let (a, b): (Value, Value) =
        (serde_json::from_str(&compact).unwrap(), serde_json::from_str(&pretty).unwrap());
    assert_eq!(a, b, "the same document either way");
}

const STAGES: [&str; 5] = ["potential", "coalescing", "maturing", "stewardship", "transformation"];

#[test]
fn demo_report_as_json_follows_the_schema() {
    let report = json(&["report", "--demo", "--format", "json"]);
    assert_eq!(report["schema"], "cop-report/2");
    let cli = &report["cli"];
    assert_eq!(cli["generator"]["name"], "cop");
    assert_eq!(cli["inputs"][0]["kind"], "demo");
    assert_eq!(cli["inputs"][0]["events"], 5549);
    let summary = &report["summary"];
    let counts = &summary["counts"];
    assert_eq!((counts["members"].as_u64(), counts["events"].as_u64()), (Some(838), Some(5358)));
    assert_eq!(summary["acting_members"], 834);
    assert_eq!(report["people"]["bots"], serde_json::json!(["a0664", "a0694", "a0701"]));
    assert_eq!(report["people"]["counts"]["events_left_out"], 191);
    let kinds: Vec<(String, u64)> = summary["events_per_kind"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["name"].as_str().unwrap().to_owned(), t["events"].as_u64().unwrap()))
        .collect();
    assert_eq!(kinds, [("commit".into(), 4185), ("merge".into(), 1155), ("coauthor".into(), 18)]);
    assert_eq!(report["as_of"], "2026-04-09T04:04:03Z", "the last event by default");
    assert_eq!(cli["options"]["as_of"], report["as_of"]);
    assert_eq!(cli["options"]["window_days"], 365);
    assert_eq!(cli["options"]["health_window_days"], 90);
    assert_eq!(cli["options"]["period"], "month");
    assert_eq!(cli["options"]["history"], true);
    let participation = &report["participation"];
    let pairs =
        |list: &Value| -> u64 { list.as_array().unwrap().iter().map(|p| p[1].as_u64().unwrap()).sum() };
    assert_eq!(pairs(&participation["level_counts"]), 838);
    assert_eq!(pairs(&participation["trajectory_counts"]), 838);
    assert_eq!(participation["members"].as_array().unwrap().len(), 838);
    let timeline = &participation["timeline"];
    let dates = timeline["dates"].as_array().unwrap();
    assert_eq!(dates.len(), 193, "April 2010 to April 2026, monthly");
    assert_eq!(timeline["counts"].as_array().unwrap().len(), 193);
    assert_eq!(timeline["gravity"].as_array().unwrap().len(), 192);
    assert_eq!(dates.last().unwrap(), &report["as_of"]);
    // Every member with a level, a trajectory and the rules that gave them.
    let first = &participation["members"][0];
    assert!(first["level"].is_string() && first["trajectory"].is_string());
    assert!(first["rule"].is_string() && first["trajectory_rule"].is_string());
    assert!(report["structure"]["connected_members"].is_u64());

    // Maturity: a stage with evidence and next steps, and its history, one point per month.
    let maturity = &report["maturity"];
    assert!(
        STAGES.contains(&maturity["settled"]["stage"].as_str().unwrap()),
        "{}",
        maturity["settled"]["stage"]
    );
    assert!(maturity["indicated"]["share"].as_f64().unwrap() > 0.0);
    assert!(!maturity["evidence"].as_array().unwrap().is_empty());
    let steps = maturity["next_steps"].as_array().unwrap();
    assert!(!steps.is_empty(), "next steps");
    assert!(
        steps.iter().all(|s| s["advice"].is_string() && (1..=3).contains(&s["priority"].as_u64().unwrap()))
    );
    let history = report["stage_history"].as_array().unwrap();
    assert_eq!(history.len(), dates.len(), "one point per month");
    for (point, date) in history.iter().zip(dates) {
        assert_eq!(&point["date"], date);
        assert!(STAGES.contains(&point["settled"].as_str().unwrap()));
    }
    // Health, its series (one point per month), goals and value stories.
    assert_eq!(report["health"]["window_days"], 90);
    assert!(report["health"]["active_members"].is_u64());
    let series = report["health_series"].as_array().unwrap();
    assert_eq!(series.len(), dates.len());
    assert!(series.last().unwrap()["metrics"].as_array().unwrap().iter().any(|m| m[0] == "active_members"));
    assert_eq!(report["goals"], serde_json::json!([]));
    assert_eq!(report["value"]["per_cycle"], serde_json::json!([0, 0, 0, 0, 0]));
    // Mentor suggestions: the core's MentorMatching, with at least one pair on the demo.
    let mentoring = &report["mentoring"];
    assert_eq!(mentoring["mode"], "optimal");
    let pairs = mentoring["pairs"].as_array().expect("mentoring.pairs");
    assert!(!pairs.is_empty(), "the flask demo yields a pair");
    for pair in pairs {
        assert!(pair["mentee"].is_string() && pair["mentor"].is_string() && pair["score"].is_f64());
        assert!(pair["reasons"].as_array().is_some_and(|r| !r.is_empty()), "{pair}");
    }
    assert!(mentoring["unmatched"].is_array());
    assert_eq!(report["cli"]["options"]["mentoring"], true);
    // --no-mentoring leaves it out.
    let report = json(&["report", "--demo", "--format", "json", "--no-history", "--no-mentoring"]);
    assert!(report["mentoring"].is_null());
    assert_eq!(report["cli"]["options"]["mentoring"], false);
}

#[test]
fn without_history_and_with_a_health_window() {
    let report = json(&[
        "report",
        "--demo",
        "--format",
        "json",
        "--no-history",
        "--window",
        "26w",
        "--health-window",
        "60",
    ]);
    assert_eq!(report["cli"]["options"]["history"], false);
    assert_eq!(report["cli"]["options"]["window_days"], 182);
    assert_eq!(report["cli"]["options"]["health_window_days"], 60);
    assert_eq!(report["health"]["window_days"], 60, "--health-window sets the health window");
    assert_eq!(report["structure"]["window_days"], 182, "the structure follows --window");
    assert_eq!(report["stage_history"], serde_json::json!([]));
    assert_eq!(report["health_series"], serde_json::json!([]));
    assert!(STAGES.contains(&report["maturity"]["settled"]["stage"].as_str().unwrap()));
    // --window leaves the health window at its default.
    let report = json(&["report", "--demo", "--format", "json", "--no-history", "--window", "30"]);
    assert_eq!(report["health"]["window_days"], 90);
    let text = ok(&["report", "--demo", "--no-history"]);
    assert!(
        text.contains("Maturity") && text.contains("Health") && !text.contains("Stage history"),
        "{text}"
    );
}

#[test]
fn maturity_as_text_and_json() {
    let text = ok(&["maturity", "--demo"]);
    assert!(text.starts_with("cop maturity · flask-commits.csv (bundled demo)"), "{text}");
    assert!(text.contains("next steps") && text.contains("Next steps"), "{text}");
    assert!(text.contains("indicator") && text.contains("points to"), "{text}");
    assert!(!text.contains("Stage history"), "only with --history");
    let text = ok(&["maturity", "--demo", "--history", "--period", "quarter"]);
    assert!(text.contains("Stage history") && text.contains("quarters per stage"), "{text}");

    let doc = json(&["maturity", "--demo", "--format", "json", "--history", "--as-of", "2016-12-31"]);
    assert_eq!(doc["schema"], "cop-maturity/2");
    assert_eq!(doc["maturity"]["as_of"], "2016-12-31T23:59:59Z");
    assert!(STAGES.contains(&doc["maturity"]["settled"]["stage"].as_str().unwrap()));
    let history = doc["stage_history"].as_array().unwrap();
    assert_eq!(history.len(), 81, "April 2010 to December 2016, monthly");
    // The same assessment as in the report.
    let report = json(&["report", "--demo", "--format", "json", "--as-of", "2016-12-31"]);
    assert_eq!(doc["maturity"], report["maturity"]);
    assert_eq!(doc["stage_history"], report["stage_history"]);
    let doc = json(&["maturity", "--demo", "--format", "json", "--policy", "coronet", "--window", "26w"]);
    assert_eq!(doc["stage_history"], serde_json::json!([]));
    assert_eq!(doc["cli"]["options"]["policy"], "coronet");
    assert_eq!(doc["cli"]["options"]["window_days"], 182);
}

#[test]
fn the_second_demo_and_leaving_bots_out() {
    let requests = json(&["report", "--demo=requests", "--format", "json", "--no-history"]);
    // requests-members.csv marks a0725 as a bot, with 60 events.
    assert_eq!(requests["summary"]["counts"]["members"], 778);
    assert_eq!(requests["summary"]["counts"]["events"], 6453);
    let flask = json(&["report", "--demo", "--exclude-bots", "--format", "json", "--no-history"]);
    assert_eq!(flask["cli"]["options"]["bots_excluded"], true);
    // flask-members.csv marks a0664, a0694 and a0701 as bots.
    assert_eq!(flask["summary"]["counts"]["members"], 838);
    let members = flask["participation"]["members"].as_array().unwrap();
    assert!(members.iter().all(|m| !["a0664", "a0694", "a0701"].contains(&m["member"].as_str().unwrap())));
    let everyone = json(&["report", "--demo", "--include-bots", "--format", "json", "--no-history"]);
    assert_eq!(everyone["cli"]["options"]["bots_excluded"], false);
    assert_eq!(
        (everyone["summary"]["counts"]["members"].as_u64(), everyone["summary"]["counts"]["events"].as_u64()),
        (Some(841), Some(5549))
    );
    assert!(
        fails(&["report", "--demo", "--include-bots", "--exclude-bots"], 2).contains("cannot be used with")
    );
}

#[test]
fn as_of_window_period_and_policy() {
    let report = json(&[
        "report",
        "--demo",
        "--format",
        "json",
        "--as-of",
        "2016-12-31",
        "--window",
        "52w",
        "--period",
        "quarter",
    ]);
    assert_eq!(report["as_of"], "2016-12-31T23:59:59Z", "a day means its end");
    assert_eq!(report["cli"]["options"]["window_days"], 364);
    assert_eq!(report["cli"]["options"]["period"], "quarter");
    assert_eq!(report["participation"]["timeline"]["period"], "quarter");
    assert_eq!(
        report["participation"]["timeline"]["dates"].as_array().unwrap().len(),
        27,
        "2010 Q2 to 2016 Q4"
    );
    assert_eq!(report["stage_history"].as_array().unwrap().len(), 27, "one point per quarter");
    let outsiders = report["participation"]["level_counts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p[0] == "outsider")
        .unwrap()[1]
        .as_u64()
        .unwrap();
    let participants = 841 - outsiders;
    assert!(participants > 50, "flask was busy in 2016: {participants}");

    let unix = json(&["levels", "--demo", "--format", "json", "--as-of", "1483228799", "--window", "12m"]);
    assert_eq!(unix["options"]["as_of"], "2016-12-31T23:59:59Z");
    assert_eq!(unix["options"]["window_days"], 365);

    let coronet =
        json(&["levels", "--demo", "--format", "json", "--policy", "coronet", "--as-of", "2016-12-31"]);
    assert_eq!(coronet["schema"], "cop-levels/1");
    assert_ne!(coronet["options"]["policy"], "quantile");
    assert_eq!(count_of(&coronet, "levels", "level", "active"), 0, "coronet has core and periphery only");
}

// ----- honest answers ----------------------------------------------------------------------------

#[test]
fn the_demo_s_levels_flows_and_advice_say_what_the_data_supports() {
    let report = json(&["report", "--demo", "--format", "json"]);
    let participation = &report["participation"];
    // A one-event member is never core or active, and never an insider.
    let members = participation["members"].as_array().unwrap();
    let mut one_event = 0;
    for m in members {
        if m["evidence"]["score"]["events"] == 1 {
            one_event += 1;
            let level = m["level"].as_str().unwrap();
            assert!(level != "core_group" && level != "active", "{}: {level}", m["member"]);
        }
        if m["trajectory_evidence"]["events"] == 1 {
            assert_ne!(m["trajectory"], "insider", "{}", m["member"]);
        }
    }
    assert!(one_event >= 5, "flask's last year has one-commit members: {one_event}");
    // The last month (April 2026, to the 9th) is partial.
    assert_eq!(participation["timeline"]["last_partial"], true);
    // Retention: only complete months after each cohort's, up to March 2026.
    for cohort in report["health"]["retention"].as_array().unwrap() {
        let joined = cohort["joined"].as_str().unwrap();
        let (year, month): (i64, i64) = (joined[..4].parse().unwrap(), joined[5..7].parse().unwrap());
        let complete_after = (2026 * 12 + 3) - (year * 12 + month);
        let retained = cohort["retained"].as_array().unwrap().len() as i64;
        assert_eq!(retained, complete_after.clamp(0, 6), "{cohort}");
    }
    // Named apart; not measurable rather than 0.
    let health = &report["health"];
    assert!(health["newcomers_in_window"].is_u64() && health.get("newcomers").is_none());
    assert!(health["activation"]["recent_newcomers"].is_u64());
    assert_eq!(health["concentration"]["organising_recorded"], false);
    assert!(health["layers"]["leaders"].is_null());
    // No advice the data cannot show: no organiser or leadership step; no balance step from the
    // quantile's own rounding (2 core members of 12 are 17 %).
    for step in report["maturity"]["next_steps"].as_array().unwrap() {
        let about = step["about"].as_str().unwrap();
        assert!(about != "organiser_load" && about != "leadership", "{step}");
        let advice = step["advice"].as_str().unwrap();
        assert!(!advice.starts_with("the core group is 17 %"), "{advice}");
    }
    // Mentor pairs on git data do not all score the same.
    let pairs = report["mentoring"]["pairs"].as_array().unwrap();
    let mut scores: Vec<String> =
        pairs.iter().map(|p| format!("{:.6}", p["score"].as_f64().unwrap())).collect();
    scores.dedup();
    assert!(scores.len() >= 2, "{scores:?}");

    let text = ok(&["report", "--demo"]);
    assert!(text.contains("newcomers         1 in the window (first event in it)"), "{text}");
    assert!(text.contains("activation        1 of 12 recent newcomers became active"), "{text}");
    assert!(text.contains("organiser load    not measurable from these events"), "{text}");
    assert!(text.contains("leaders not measurable from these events"), "{text}");
    assert!(
        text.contains(
            "Flows (2026-02-28 → 2026-03-31, the last complete period; the period to 2026-04-09 is partial)"
        ),
        "{text}"
    );
    assert!(text.contains("2026-04-09             12     +0.00  (partial period)"), "{text}");
    assert!(text.contains("(runs of the same stage over 193 months, the last one partial)"), "{text}");
    let maturity = ok(&["maturity", "--demo", "--history"]);
    assert!(maturity.contains("193 months, the last one partial"), "{maturity}");
    let html = ok(&["report", "--demo", "--format", "html", "--no-history"]);
    assert!(html.contains("Flows between levels over the last complete period"), "flows heading");
    assert!(html.contains("The period to 2026-04-09 is partial and not drawn."));
    assert!(html.contains("not measurable from these events"));
}

#[test]
fn a_member_who_never_came_back_is_not_retained_and_a_zero_health_window_is_refused() {
    let scratch = Scratch::new("retention");
    let file = scratch.path("events.csv");
    std::fs::write(
        &file,
        "member,time,kind\n\
         x,2024-01-10T10:00:00Z,commit\n\
         y,2024-01-11T10:00:00Z,commit\n\
         y,2024-03-11T10:00:00Z,commit\n\
         z,2024-02-01T10:00:00Z,commit\n\
         z,2024-03-01T10:00:00Z,commit\n\
         z,2024-04-01T10:00:00Z,commit\n\
         z,2024-05-01T10:00:00Z,commit\n\
         z,2024-06-01T10:00:00Z,commit\n",
    )
    .unwrap();
    let report = json(&["report", &file, "--format", "json", "--as-of", "2024-06-30"]);
    let retention = report["health"]["retention"].as_array().unwrap();
    assert_eq!(retention[0]["size"], 2);
    assert_eq!(retention[0]["retained"], serde_json::json!([0.0, 0.5, 0.0, 0.0, 0.0]), "x never came back");
    assert_eq!(retention[1]["retained"], serde_json::json!([1.0, 1.0, 1.0, 1.0]));
    assert_eq!(report["participation"]["timeline"]["last_partial"], false);
    // As of the middle of June the month is partial: said so, and left out.
    let text = ok(&["report", &file, "--as-of", "2024-06-15"]);
    assert!(
        text.contains(
            "Flows (2024-04-30 → 2024-05-31, the last complete period; the period to 2024-06-15 is partial)"
        ),
        "{text}"
    );
    let err = fails(&["report", &file, "--health-window", "0"], 2);
    assert!(err.contains("out of range"), "{err}");
}

// ----- event files -------------------------------------------------------------------------------

#[test]
fn levels_and_trajectories_of_an_event_file() {
    let file = data("flask-commits.csv");
    let csv = ok(&["levels", &file, "--format", "csv", "--as-of", "2016-12-31"]);
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().starts_with("member,level,score,rank,events"));
    let report = json(&["levels", &file, "--format", "json", "--as-of", "2016-12-31"]);
    let participants = 841 - count_of(&report, "levels", "level", "outsider");
    assert_eq!(lines.count() as u64, participants, "participants only, without --all");
    let all = ok(&["levels", &file, "--format", "csv", "--all"]);
    assert_eq!(all.lines().count(), 842);
    let limited = ok(&["levels", &file, "--limit", "3"]);
    assert!(limited.contains("core group"), "{limited}");

    let trajectories = json(&["trajectories", &file, "--format", "json", "--as-of", "2016-12-31"]);
    assert_eq!(trajectories["schema"], "cop-trajectories/1");
    let members = trajectories["members"].as_array().unwrap();
    assert!(!members.is_empty() && members.iter().all(|m| m["trajectory"] != "inactive"));
    let text = ok(&["trajectories", &file, "--as-of", "2016-12-31", "--limit", "5"]);
    assert!(text.starts_with("cop trajectories"), "{text}");
}

#[test]
fn json_lines_and_standard_input() {
    let scratch = Scratch::new("jsonl");
    let path = scratch.path("events.jsonl");
    std::fs::write(
        &path,
        "{\"member\":\"ada\",\"time\":\"2024-01-01T10:00:00Z\",\"kind\":\"answer\",\"target\":\"bob\"}\n\n\
         {\"member\":\"bob\",\"time\":1704200000,\"kind\":\"ask\"}\n",
    )
    .unwrap();
    let report = json(&["report", &path, "--format", "json"]);
    assert_eq!(report["cli"]["inputs"][0]["kind"], "jsonl");
    let counts = &report["summary"]["counts"];
    assert_eq!((counts["members"].as_u64(), counts["events"].as_u64()), (Some(2), Some(2)));
    assert!(
        STAGES.contains(&report["maturity"]["settled"]["stage"].as_str().unwrap()),
        "even for two events"
    );

    let mut child = cop()
        .args(["levels", "-", "--format", "json", "--all"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"member,time,kind\nada,2024-01-01T00:00:00Z,ask\n").unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let levels: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(levels["inputs"][0]["name"], "<stdin>");
    assert_eq!(levels["members"][0]["member"], "ada");
}

#[test]
fn bad_lines_are_named_by_file_line_and_column() {
    let scratch = Scratch::new("bad");
    let path = scratch.path("bad.csv");
    let mut csv = String::from("member,time,kind,domain,target\n");
    csv += "ada,2024-01-01T10:00:00Z,answer,testing,bob\n";
    csv += "bob,yesterday,ask,testing,\n";
    csv += "cy,2024-01-03T10:00:00Z,review,docs,ada\n";
    csv += ",2024-01-04T10:00:00Z,review,docs,ada\n";
    std::fs::write(&path, csv).unwrap();

    let err = fails(&["report", &path], 1);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with(&format!("error: {path}:3:2: field `time`: `yesterday` is not")), "{err}");

    let output = run(&["report", &path, "--skip-bad-lines", "--format", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let warnings = stderr(&output);
    assert_eq!(warnings.lines().count(), 2, "{warnings}");
    assert!(warnings.contains(&format!("warning: skipped {path}:3:2: field `time`")), "{warnings}");
    assert!(warnings.contains(&format!("warning: skipped {path}:5:1: field `member`")), "{warnings}");
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["summary"]["counts"]["events"], 2);
}

#[test]
fn input_errors_are_one_line_with_exit_code_1() {
    let scratch = Scratch::new("errors");
    let missing = scratch.path("missing.csv");
    let err = fails(&["report", &missing], 1);
    assert_eq!(err, format!("error: {missing}: no such file\n"));

    let err = fails(&["report", "--git", &scratch.dir()], 1);
    assert_eq!(err, format!("error: invalid repository: {} is not a git repository\n", scratch.dir()));
    let err = fails(&["report", "--git", &missing], 1);
    assert!(err.starts_with("error: ") && err.contains(&format!("{missing} does not exist")), "{err}");
    let err = fails(&["report", &scratch.dir()], 1);
    assert!(err.contains("is a directory") && err.contains("--git"), "{err}");

    let empty = scratch.path("empty.csv");
    std::fs::write(&empty, "member,time,kind\n").unwrap();
    assert_eq!(fails(&["report", &empty], 1), "error: the input holds no events\n");
    let headless = scratch.path("headless.csv");
    std::fs::write(&headless, "who,when\nada,2024\n").unwrap();
    assert!(fails(&["levels", &headless], 1).contains("lacks the required column `member`"));

    let policy = scratch.path("policy.json");
    assert!(fails(&["levels", "--demo", "--policy", &format!("@{policy}")], 1).contains("no such file"));
    std::fs::write(&policy, r#"{"policy": "quantile", "core": 0.1, "active": 0.2}"#).unwrap();
    ok(&["levels", "--demo", "--policy", &format!("@{policy}")]);

    assert!(fails(&["levels", "--demo", "--community", "nope"], 1).contains("unknown community `nope`"));
    assert!(fails(&["maturity", "--demo", "--community", "nope"], 1).contains("unknown community"));
    assert!(fails(&["maturity", &empty], 1).contains("no events"));
    assert!(fails(&["match", "--demo", "--mentees", "nobody"], 1).contains("nobody"));
    assert!(fails(&["match", "--demo", "--experts", "nowhere"], 1).contains("unknown domain `nowhere`"));
    assert!(fails(&["match", "--demo", "--options", "@/nonexistent/m.json"], 1).contains("no such file"));
}

#[test]
fn usage_errors_exit_with_code_2() {
    let err = fails(&["report", "--demo", "--as-of", "last tuesday"], 2);
    assert!(err.contains("--as-of") && err.contains("RFC 3339"), "{err}");
    let err = fails(&["report", "--demo", "--window", "3 fortnights"], 2);
    assert!(err.contains("--window"), "{err}");
    let err = fails(&["report", "--demo", "--health-window", "0"], 2);
    assert!(err.contains("--health-window"), "{err}");
    let err = fails(&["maturity", "--demo", "--format", "html"], 2);
    assert!(err.contains("--format"), "{err}");
    assert!(ok(&["maturity", "--help"]).contains("--history"));
    let err = fails(&["report", "--demo", "--policy", "bogus"], 2);
    assert!(err.contains("coronet"), "{err}");
    assert!(fails(&["report"], 2).contains("no input"));
    assert!(fails(&["report", "--demo", "--pseudonymise"], 2).contains("--git"));
    assert!(fails(&["report", "--demo", "--salt", "x"], 2).contains("--pseudonymise"));
    fails(&["report", "--demo=django"], 2);
    fails(&["frobnicate"], 2);
    assert!(ok(&["--help"]).contains("report"));
    assert!(ok(&["report", "--help"]).contains("--as-of"));
    assert!(ok(&["--version"]).starts_with("cop "));
}

// ----- a git repository made here -----------------------------------------------------------------

struct Repo {
    scratch: Scratch,
}

impl Repo {
    fn git(&self, args: &[&str], author: (&str, &str), committer: (&str, &str), date: &str) {
        let output = Command::new("git")
            .arg("-C")
            .arg(&self.scratch.0)
            .args(["-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"])
            .args(args)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", author.0)
            .env("GIT_AUTHOR_EMAIL", author.1)
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_NAME", committer.0)
            .env("GIT_COMMITTER_EMAIL", committer.1)
            .env("GIT_COMMITTER_DATE", date)
            .output()
            .expect("git runs");
        assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    }

    fn write(&self, path: &str, lines: usize) {
        let path = self.scratch.0.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "line\n".repeat(lines)).unwrap();
    }

    fn commit(&self, who: (&str, &str), date: &str, message: &str) {
        self.git(&["add", "-A"], who, who, date);
        self.git(&["commit", "-q", "--allow-empty", "-m", message], who, who, date);
    }
}

const ADA: (&str, &str) = ("Ada Lovelace", "ada@example.com");
const BOB: (&str, &str) = ("Bob", "bob@example.com");
const BOT: (&str, &str) = ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com");
const WEB_FLOW: (&str, &str) = ("GitHub", "noreply@github.com");

/// Ada starts (src), writes docs; Bob's pull request (src, co-authored by Cy and by himself) is
/// merged in the browser by Ada while dependabot bumps a root file; then an empty commit.
fn scripted_repository() -> Repo {
    let repo = Repo { scratch: Scratch::new("repo") };
    repo.git(&["init", "-q"], ADA, ADA, "2024-01-01T00:00:00Z");
    repo.write("src/lib.rs", 3);
    repo.write("README.md", 1);
    repo.commit(ADA, "2024-01-01T10:00:00Z", "Start");
    repo.write("docs/guide.md", 5);
    repo.commit(ADA, "2024-01-02T10:00:00Z", "Guide");
    repo.git(&["checkout", "-q", "-b", "feature"], ADA, ADA, "2024-01-02T10:00:00Z");
    repo.write("src/feature.rs", 4);
    repo.commit(
        BOB,
        "2024-01-03T10:00:00Z",
        "Add a feature\n\nCo-authored-by: Cy <cy@example.com>\nCo-authored-by: Bob <bob@example.com>",
    );
    repo.git(&["checkout", "-q", "main"], ADA, ADA, "2024-01-03T10:00:00Z");
    repo.write("requirements.txt", 2);
    repo.commit(BOT, "2024-01-04T10:00:00Z", "Bump something");
    repo.git(
        &["merge", "-q", "--no-ff", "feature", "-m", "Merge pull request #1 from bob/feature"],
        ADA,
        WEB_FLOW,
        "2024-01-05T10:00:00Z",
    );
    repo.commit(ADA, "2024-01-06T10:00:00Z", "Nothing");
    repo
}

#[test]
fn a_git_history_becomes_events() {
    let repo = scripted_repository();
    let dir = repo.scratch.dir();
    let scratch = Scratch::new("git-out");
    let out = scratch.path("events.csv");
    let output = run(&["import", "--git", &dir, "-o", &out]);
    assert!(output.status.success(), "{}", stderr(&output));
    // dependabot is a bot: left out of the events written, as of every analysis.
    assert_eq!(stderr(&output), format!("wrote 6 events of 3 members to {out}\n"));
    let csv = std::fs::read_to_string(&out).unwrap();
    let ada = "Ada Lovelace <ada@example.com>";
    let bob = "Bob <bob@example.com>";
    let expected = [
        "member,time,kind,domain,target,community,artifact,weight".to_owned(),
        format!("{ada},2024-01-01T10:00:00Z,commit,src,,,,"),
        format!("{ada},2024-01-02T10:00:00Z,commit,docs,,,,"),
        format!("{bob},2024-01-03T10:00:00Z,commit,src,,,,"),
        format!("{bob},2024-01-03T10:00:00Z,coauthor,src,Cy <cy@example.com>,,,"),
        format!("{ada},2024-01-05T10:00:00Z,merge,src,{bob},,,"),
        format!("{ada},2024-01-06T10:00:00Z,commit,root,,,,"),
    ];
    assert_eq!(csv.lines().collect::<Vec<_>>(), expected);
    let everyone = ok(&["import", "--git", &dir, "--include-bots", "--format", "csv"]);
    let bot = "dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>";
    assert!(everyone.contains(&format!("{bot},2024-01-04T10:00:00Z,commit,root,,,,")), "{everyone}");

    // Pseudonyms keyed with the salt: the same salt gives the same keys, and no name or address
    // is anywhere in the output.
    let pseudonymised = ok(&["import", "--git", &dir, "--pseudonymise", "--salt", "s", "--format", "csv"]);
    assert_eq!(
        pseudonymised,
        ok(&["import", "--git", &dir, "--pseudonymise", "--salt", "s", "--format", "csv"])
    );
    assert_ne!(
        pseudonymised,
        ok(&["import", "--git", &dir, "--pseudonymise", "--salt", "t", "--format", "csv"])
    );
    let members: Vec<&str> = pseudonymised.lines().skip(1).map(|l| l.split(',').next().unwrap()).collect();
    let (a, b) = (members[0], members[2]);
    assert!(a.starts_with('p') && a.len() == 13 && a != b, "{members:?}");
    assert_eq!(members, [a, a, b, b, a, a]);
    assert!(pseudonymised.contains(&format!("merge,src,{b},")));
    let report = ok(&["report", "--git", &dir, "--pseudonymise", "--format", "json"]);
    assert!(
        !report.contains("example.com") && !report.contains("Lovelace") && !report.contains("dependabot")
    );
    let html = ok(&["report", "--git", &dir, "--pseudonymise", "--format", "html"]);
    assert!(!html.contains("example.com") && !html.contains("Lovelace"));

    // Bots left out (the default, and as asked), or kept.
    for args in [
        &["report", "--git", &dir, "--format", "json"][..],
        &["report", "--git", &dir, "--exclude-bots", "--format", "json"],
    ] {
        let report = json(args);
        assert_eq!(report["summary"]["counts"]["members"], 3);
        assert_eq!(report["summary"]["counts"]["events"], 6);
    }
    let report = json(&["report", "--git", &dir, "--exclude-bots", "--format", "json"]);
    let kinds: Vec<(&str, u64)> = report["summary"]["events_per_kind"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["name"].as_str().unwrap(), t["events"].as_u64().unwrap()))
        .collect();
    assert_eq!(kinds, [("commit", 4), ("coauthor", 1), ("merge", 1)]);
    assert_eq!(report["cli"]["inputs"][0]["kind"], "git");
    assert_eq!(report["summary"]["busiest_domains"][0]["name"], "src");
    assert_eq!(report["people"]["bots"], serde_json::json!([bot]));
    let report = json(&["report", "--git", &dir, "--include-bots", "--format", "json"]);
    assert_eq!(report["summary"]["counts"]["members"], 4);

    // The text report names people as git does.
    let text = ok(&["report", "--git", &dir]);
    assert!(text.contains("members   3 (2 acting)"), "{text}");
    assert!(
        text.contains("people    1 member left out of every analysis, with 1 event: bots dependabot[bot]"),
        "{text}"
    );
    assert!(text.contains("git history of"), "{text}");
    let maturity = ok(&["maturity", "--git", &dir, "--history"]);
    assert!(maturity.contains("next step") && maturity.contains("Stage history"), "{maturity}");
}

#[test]
fn this_repository() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    if !root.join(".git").exists() {
        return; // a source tarball: no history to read
    }
    let root = root.display().to_string();
    let text = ok(&["report", "--git", &root, "--pseudonymise"]);
    assert!(text.starts_with("cop report · git history of"), "{text}");
    assert!(text.contains("Maturity") && text.contains("Health"), "{text}");
    let report = json(&["report", "--git", &root, "--format", "json"]);
    assert_eq!(report["schema"], "cop-report/2");
    assert!(report["summary"]["counts"]["events"].as_u64().unwrap() > 0);
    assert!(STAGES.contains(&report["maturity"]["settled"]["stage"].as_str().unwrap()));
    assert_eq!(
        report["stage_history"].as_array().unwrap().len(),
        report["participation"]["timeline"]["dates"].as_array().unwrap().len()
    );
}

#[test]
fn several_repositories_are_communities() {
    let first = scripted_repository();
    let second = scripted_repository();
    let report =
        json(&["report", "--git", &first.scratch.dir(), "--git", &second.scratch.dir(), "--format", "json"]);
    let counts = &report["summary"]["counts"];
    assert_eq!(counts["communities"], 3, "the default one and one per repository");
    assert_eq!(counts["members"], 3, "the same people in both (and the bot left out)");
    assert_eq!(counts["events"], 12);
}

/// Ada with two addresses, Bob with a noreply address and his own, and Cy.
fn people_repository() -> Repo {
    let repo = Repo { scratch: Scratch::new("people-repo") };
    repo.git(&["init", "-q"], ADA, ADA, "2024-01-01T00:00:00Z");
    repo.write("src/a.rs", 1);
    repo.commit(ADA, "2024-01-01T10:00:00Z", "Start");
    repo.write("src/b.rs", 1);
    repo.commit(("Ada L.", "ADA@example.com"), "2024-01-02T10:00:00Z", "Again");
    repo.write("docs/a.md", 1);
    repo.commit(("Bob Stone", "12+bobstone@users.noreply.github.com"), "2024-01-03T10:00:00Z", "Docs");
    repo.write("docs/b.md", 1);
    repo.commit(("Bob Stone", "bob@stone.org"), "2024-01-04T10:00:00Z", "More docs");
    repo.write("src/c.rs", 1);
    repo.commit(("Cy", "cy@example.com"), "2024-01-05T10:00:00Z", "Cy");
    repo
}

#[test]
fn identities_are_merged_by_rule_and_by_file() {
    let repo = people_repository();
    let dir = repo.scratch.dir();
    let report = json(&["report", "--git", &dir, "--format", "json", "--no-history"]);
    assert_eq!(report["people"]["counts"]["identities"], 5);
    assert_eq!(report["summary"]["counts"]["members"], 3);
    let merges: Vec<(String, String)> = report["people"]["merges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["identity"].as_str().unwrap().to_owned(), m["rule"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(
        merges,
        [
            ("Ada L. <ada@example.com>".to_owned(), "email".to_owned()),
            ("Bob Stone <bob@stone.org>".to_owned(), "noreply_name".to_owned())
        ]
    );
    let text = ok(&["report", "--git", &dir, "--no-history"]);
    assert!(
        text.contains("5 identities are 3 people (1 by the same e-mail address, 1 by the name GitHub shows"),
        "{text}"
    );
    let apart = json(&["report", "--git", &dir, "--no-identity-merging", "--format", "json", "--no-history"]);
    assert_eq!(apart["summary"]["counts"]["members"], 5);

    // An identities file merges Cy into Ada and splits Bob's second address off again.
    let scratch = Scratch::new("identities");
    let file = scratch.path("people.csv");
    std::fs::write(&file, "identity,member\nCy <cy@example.com>,Ada Lovelace <ada@example.com>\nBob Stone <bob@stone.org>,Bob Stone <bob@stone.org>\n").unwrap();
    let report = json(&["report", "--git", &dir, "--identities", &file, "--format", "json", "--no-history"]);
    assert_eq!(report["summary"]["counts"]["members"], 3);
    let rules: Vec<&str> =
        report["people"]["merges"].as_array().unwrap().iter().map(|m| m["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["email", "file"]);
    std::fs::write(&file, "identity,member\nCy <cy@example.com>,Nobody <no@where>\n").unwrap();
    let err = fails(&["report", "--git", &dir, "--identities", &file], 1);
    assert!(
        err.contains(&format!("{file}:2:2: field `member`: unknown member `Nobody <no@where>`")),
        "{err}"
    );
}

#[test]
fn bots_and_staff_from_lists_and_event_files() {
    let scratch = Scratch::new("lists");
    let events = scratch.path("events.csv");
    std::fs::write(
        &events,
        "member,time,kind,target\nada,2024-01-01,ask,\nrelease-bot,2024-01-02,commit,\nbob,2024-01-03,answer,ada\nsam,2024-01-04,answer,ada\n",
    )
    .unwrap();
    // release-bot is recognised by its name, in an event file too.
    let report = json(&["report", &events, "--format", "json", "--no-history"]);
    assert_eq!(report["summary"]["counts"]["members"], 3);
    assert_eq!(report["people"]["bots"], serde_json::json!(["release-bot"]));
    let bots = scratch.path("bots.txt");
    let staff = scratch.path("staff.txt");
    std::fs::write(&bots, "# our automation\nsam\n").unwrap();
    std::fs::write(&staff, "bob\n").unwrap();
    let report =
        json(&["report", &events, "--bots", &bots, "--staff", &staff, "--format", "json", "--no-history"]);
    assert_eq!(report["summary"]["counts"]["members"], 2, "ada and bob (staff are kept by default)");
    assert_eq!(report["people"]["staff"], serde_json::json!(["bob"]));
    let report = json(&[
        "report",
        &events,
        "--bots",
        &bots,
        "--staff",
        &staff,
        "--exclude-staff",
        "--format",
        "json",
        "--no-history",
    ]);
    assert_eq!(
        (report["summary"]["counts"]["members"].as_u64(), report["summary"]["counts"]["events"].as_u64()),
        (Some(1), Some(1))
    );
}

#[test]
fn forget_leaves_no_trace_in_the_snapshot() {
    let repo = people_repository();
    let scratch = Scratch::new("forget");
    let snapshot = scratch.path("landscape.json");
    assert!(run(&["import", "--git", &repo.scratch.dir(), "-o", &snapshot]).status.success());
    let before = std::fs::read_to_string(&snapshot).unwrap();
    assert!(before.contains("ada@example.com") && before.contains("Ada L."));
    let output = run(&["forget", "Ada L. <ada@example.com>", "--snapshot", &snapshot, "-o", &snapshot]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stderr(&output), "forgot 1 member(s) and 2 of their events\n");
    let after = std::fs::read_to_string(&snapshot).unwrap();
    for trace in ["ada@example.com", "ADA@example.com", "Ada L.", "Lovelace"] {
        assert!(!after.contains(trace), "{trace} is still in the snapshot");
    }
    let report = json(&["report", &snapshot, "--format", "json", "--no-history"]);
    assert_eq!(report["summary"]["counts"]["members"], 2);
    let err = fails(&["forget", "nobody", "--snapshot", &snapshot, "-o", &snapshot], 1);
    assert!(err.contains("no member `nobody`"), "{err}");
}

#[test]
fn a_repository_without_commits() {
    let repo = Repo { scratch: Scratch::new("empty-repo") };
    repo.git(&["init", "-q"], ADA, ADA, "2024-01-01T00:00:00Z");
    let err = fails(&["report", "--git", &repo.scratch.dir()], 1);
    assert!(err.contains("has no commits"), "{err}");
}

// ----- snapshots, formats, output ----------------------------------------------------------------

#[test]
fn snapshots_round_trip_through_import() {
    let scratch = Scratch::new("snapshot");
    let snapshot = scratch.path("flask.json");
    let output = run(&["import", "--demo", "-o", &snapshot]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(std::fs::read_to_string(&snapshot).unwrap().starts_with("{\"format\":\"cop-landscape\""));
    let from_snapshot = json(&["report", &snapshot, "--format", "json"]);
    let from_demo = json(&["report", "--demo", "--format", "json"]);
    assert_eq!(from_snapshot["cli"]["inputs"][0]["kind"], "snapshot");
    for part in ["summary", "participation", "structure", "health", "maturity", "stage_history"] {
        assert_eq!(from_snapshot[part], from_demo[part], "{part}");
    }

    // Event files add to a snapshot; two snapshots cannot be read together.
    let extra = scratch.path("extra.csv");
    std::fs::write(&extra, "member,time,kind\nnewcomer,2026-04-10T00:00:00Z,ask\n").unwrap();
    let both = json(&["report", &extra, &snapshot, "--format", "json", "--no-history"]);
    assert_eq!(both["summary"]["counts"]["events"], 5359);
    assert_eq!(both["cli"]["inputs"][0]["kind"], "snapshot");
    assert!(fails(&["report", &snapshot, &snapshot], 2).contains("one snapshot"));

    // Event files hold the events as analyses see them: bots left out unless --include-bots.
    let jsonl = ok(&["import", "--demo", "--format", "jsonl"]);
    assert_eq!(jsonl.lines().count(), 5358);
    assert_eq!(ok(&["import", "--demo", "--include-bots", "--format", "jsonl"]).lines().count(), 5549);

    // --as-of and --window keep the events of a time range (flask in 2010: 556; its December: 6;
    // no bot then).
    let upto = ok(&["import", "--demo", "--format", "csv", "--as-of", "2010-12-31"]);
    assert_eq!(upto.lines().count(), 1 + 556);
    let december = ok(&["import", "--demo", "--format", "csv", "--as-of", "2010-12-31", "--window", "30d"]);
    assert_eq!(december.lines().count(), 1 + 6);
}

#[test]
fn html_is_one_self_contained_file_with_every_figure() {
    let scratch = Scratch::new("html");
    let path = scratch.path("report.html");
    ok(&["report", "--demo", "-o", &path]);
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.starts_with("<!doctype html>"));
    for id in
        ["maturity", "health", "onion", "levels-over-time", "flows", "gravity", "trajectories", "top-members"]
    {
        let start = html.find(&format!("<figure id=\"{id}\">")).unwrap_or_else(|| panic!("no figure {id}"));
        let figure = &html[start..start + html[start..].find("</figure>").unwrap()];
        assert!(figure.contains("<svg") && figure.contains("role=\"img\""), "{id}");
        assert!(
            figure.contains("<title") && figure.contains("<desc") && figure.contains("<figcaption>"),
            "{id}"
        );
    }
    assert!(html.matches("<circle").count() >= 841, "one dot per member in the onion");
    // The maturity figure: the five stages on a track, the indicators, the next steps, the history.
    let start = html.find("<figure id=\"maturity\">").unwrap();
    let maturity = &html[start..start + html[start..].find("</figure>").unwrap()];
    for part in
        ["maturity-track", "maturity-votes", "maturity-history", "<ol class=\"steps\">", "<th>indicator</th>"]
    {
        assert!(maturity.contains(part), "no {part} in the maturity figure");
    }
    for stage in STAGES {
        assert!(maturity.contains(stage), "{stage}");
    }
    assert!(maturity.contains("(settled"), "the settled stage is marked");
    let start = html.find("<figure id=\"health\">").unwrap();
    let health = &html[start..start + html[start..].find("</figure>").unwrap()];
    assert!(health.matches("class=\"spark\"").count() >= 5, "sparklines of the health series");
    assert!(health.contains("Active members") && health.contains("founders"));
    let start = html.find("<figure id=\"mentoring\">").expect("the mentoring figure");
    let mentoring = &html[start..start + html[start..].find("</figure>").unwrap()];
    assert!(mentoring.contains("<svg") && mentoring.contains("<title") && mentoring.contains("<figcaption>"));
    assert!(mentoring.contains("class=\"pair\"") && mentoring.contains("<table class=\"pairs\">"));
    assert!(!html.contains("not available yet"));
    for external in ["<script", "<link", "<img", "http:", "https:", "url("] {
        assert!(!html.contains(external), "the page loads {external}");
    }
}

// ----- mentor matching ---------------------------------------------------------------------------

/// Ada answers questions about testing every day for five months (the core group); Bea asks
/// weekly (active); Eve reviews docs once a month; Cy and Dan are newcomers asking about testing.
fn matching_fixture(scratch: &Scratch) -> String {
    let mut csv = String::from("member,time,kind,domain,target\n");
    for month in 1..=5 {
        for day in 1..=28 {
            csv += &format!("ada,2024-{month:02}-{day:02}T10:00:00Z,answer,testing,bea\n");
            if day % 7 == 1 {
                csv += &format!("bea,2024-{month:02}-{day:02}T09:00:00Z,ask,testing,\n");
            }
        }
        csv += &format!("eve,2024-{month:02}-15T13:00:00Z,review,docs,ada\n");
    }
    csv += "cy,2024-05-29T09:00:00Z,ask,testing,\n";
    csv += "dan,2024-05-30T09:00:00Z,ask,testing,\n";
    let path = scratch.path("testing.csv");
    std::fs::write(&path, csv).unwrap();
    path
}

#[test]
fn match_suggests_mentors_with_reasons() {
    let scratch = Scratch::new("match");
    let file = matching_fixture(&scratch);
    let text = ok(&["match", &file]);
    assert!(text.starts_with("cop match · "), "{text}");
    assert!(text.contains("optimal assignment"), "{text}");
    let row = |mentee: &str| {
        text.lines().find(|l| l.split_whitespace().nth(1) == Some(mentee)).unwrap_or_else(|| panic!("{text}"))
    };
    for mentee in ["cy", "dan"] {
        let cols: Vec<&str> = row(mentee).split_whitespace().collect();
        assert_eq!(cols[2], "ada", "{mentee} learns from ada:\n{text}");
        assert_eq!(cols[4], "testing", "{text}");
    }
    assert!(text.contains("domain fit 1.00: the mentee needs `testing`"), "{text}");
    assert!(text.contains("Unmatched mentees") && text.contains("eve"), "eve's docs have no mentor:\n{text}");

    // JSON: cop-match/1, the core's MentorMatching plus `cli`.
    let doc = json(&["match", &file, "--format", "json"]);
    assert_eq!(doc["schema"], "cop-match/1");
    assert_eq!(doc["mode"], "optimal");
    let pairs: Vec<(&str, &str)> = doc["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["mentee"].as_str().unwrap(), p["mentor"].as_str().unwrap()))
        .collect();
    assert_eq!(pairs, [("cy", "ada"), ("dan", "ada")]);
    assert!(doc["pairs"][0]["parts"]["domain_fit"].is_f64());
    assert_eq!(doc["unmatched"][0]["mentee"], "eve");
    assert_eq!(doc["unmatched"][0]["reason"], "no_candidate");
    assert_eq!(doc["cli"]["generator"]["name"], "cop");
    assert_eq!(doc["cli"]["matching"]["default_capacity"], 2);

    // The flags: capacity 1 leaves one of the two without a place; --mentees, --mode, --options.
    let doc = json(&["match", &file, "--format", "json", "--capacity", "1", "--mentees", "cy,dan"]);
    assert_eq!(doc["pairs"].as_array().unwrap().len(), 1);
    assert_eq!(doc["unmatched"][0]["reason"], "capacity_taken");
    let doc = json(&["match", &file, "-f", "json", "--mode", "stable", "--options", r#"{"mode": "greedy"}"#]);
    assert_eq!(doc["mode"], "stable", "--mode wins over --options");
    let options = scratch.path("options.json");
    std::fs::write(&options, r#"{"mode": "greedy", "mentees": ["dan"]}"#).unwrap();
    let doc = json(&["match", &file, "-f", "json", "--options", &format!("@{options}")]);
    assert_eq!((doc["mode"].as_str(), doc["mentees"].as_u64()), (Some("greedy"), Some(1)));
    assert_eq!(doc["pairs"][0]["mentee"], "dan");
    assert!(fails(&["match", &file, "--options", "{nope"], 2).contains("--options"));
    assert!(fails(&["match", &file, "--mode", "random"], 2).contains("random"));
    assert!(
        fails(&["match", &file, "--experts", "testing", "--mode", "greedy"], 2).contains("cannot be used")
    );
}

#[test]
fn match_experts_lists_ada_first() {
    let scratch = Scratch::new("experts");
    let file = matching_fixture(&scratch);
    let text = ok(&["match", &file, "--experts", "testing"]);
    let first = text.lines().find(|l| l.trim_start().starts_with("1 ")).unwrap_or_else(|| panic!("{text}"));
    assert_eq!(first.split_whitespace().nth(1), Some("ada"), "{text}");
    assert!(text.contains("answers in `testing`"), "{text}");
    let doc = json(&["match", &file, "--experts", "testing", "--k", "2", "--format", "json"]);
    assert_eq!(doc["schema"], "cop-experts/1");
    assert_eq!(doc["domain"], "testing");
    assert_eq!(doc["experts"][0]["member"], "ada");
    assert!(doc["experts"].as_array().unwrap().len() <= 2);
}

#[test]
fn match_on_the_demo() {
    let text = ok(&["match", "--demo"]);
    assert!(text.starts_with("cop match · flask-commits.csv (bundled demo)"), "{text}");
    assert!(
        text.contains("main reasons") && text.contains("domain fit"),
        "a pair on the flask demo:\n{text}"
    );
    let doc = json(&["match", "--demo=requests", "--mode", "greedy", "--format", "json"]);
    assert_eq!(doc["mode"], "greedy");
    assert!(!doc["pairs"].as_array().unwrap().is_empty());
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    assert!(ok(&["report", "--demo", "--color", "always"]).contains("\x1b["));
    assert!(!ok(&["report", "--demo"]).contains('\x1b'));
    let output = cop().args(["report", "--demo", "--color", "never"]).env("NO_COLOR", "1").output().unwrap();
    assert!(!stdout(&output).contains('\x1b'));
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let mut child = cop()
        .args(["report", "--demo", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    use std::io::Read;
    out.read_exact(&mut first).unwrap();
    drop(out);
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stderr(&output), "");
}

/// Two communities in one file: `big`, eleven members answering weekly for 120 weeks, and
/// `small`, one member sharing weekly.
fn two_communities(scratch: &Scratch) -> String {
    let mut csv = String::from("member,time,kind,target,community\n");
    let start = 1_641_200_400i64; // 2022-01-03T09:00:00Z
    for week in 0..120i64 {
        let t = start + week * 7 * 86_400;
        for m in 0..11 {
            csv += &format!("m{m},{},answer,m{},big\n", t + m * 60, (m + 1) % 11);
        }
        csv += &format!("solo,{},share,,small\n", t + 3600);
    }
    let path = scratch.path("two.csv");
    std::fs::write(&path, csv).unwrap();
    path
}

#[test]
fn maturity_shows_the_settled_and_the_indicated_stage() {
    let doc = json(&["maturity", "--demo", "--format", "json", "--history"]);
    let m = &doc["maturity"];
    let last = doc["stage_history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["settled"], m["settled"]["stage"]);
    assert_eq!(last["indicated"], m["indicated"]["stage"]);
    let share_of = |stage: &Value| {
        m["votes"].as_array().unwrap().iter().find(|v| &v["stage"] == stage).unwrap()["share"].clone()
    };
    assert_eq!(m["settled"]["share"], share_of(&m["settled"]["stage"]), "each share names its stage");
    assert_eq!(m["indicated"]["share"], share_of(&m["indicated"]["stage"]));
    let text = ok(&["maturity", "--demo"]);
    let settled = m["settled"]["stage"].as_str().unwrap();
    assert!(text.contains(&format!("  settled     {settled} ·")), "{text}");
    assert!(text.contains("  indicated   "), "{text}");
    assert!(text.contains(m["settled"]["rule"].as_str().unwrap()), "the rule that holds it: {text}");
    let html = ok(&["report", "--demo", "--format", "html"]);
    assert!(html.contains(&esc_html(m["summary"].as_str().unwrap())), "the HTML says the same sentence");
    // Before the first event: potential, no evidence.
    let early = json(&["maturity", "--demo", "--format", "json", "--as-of", "2009-01-01"]);
    assert_eq!(early["maturity"]["settled"]["stage"], "potential");
    assert_eq!(early["maturity"]["evidence"], serde_json::json!([]));
}

fn esc_html(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('\'', "&#39;")
}

#[test]
fn one_community_on_its_own_and_each_beside_the_landscape() {
    let scratch = Scratch::new("two-communities");
    let path = two_communities(&scratch);
    let small = json(&["maturity", &path, "--community", "small", "--format", "json"]);
    assert_eq!(small["maturity"]["settled"]["stage"], "potential", "one person is not a community");
    assert_eq!(small["cli"]["options"]["community"], "small");
    let big = json(&["maturity", &path, "--community", "big", "--format", "json"]);
    assert_eq!(big["maturity"]["settled"]["stage"], "stewardship");
    let report = json(&["report", &path, "--community", "small", "--format", "json", "--no-history"]);
    assert_eq!(report["health"]["active_members"], 1);
    assert_eq!(report["summary"]["counts"]["events"], 120);
    // The whole landscape: each community's stage and health beside it.
    let whole = json(&["report", &path, "--format", "json", "--no-history"]);
    assert_eq!(whole["health"]["active_members"], 12);
    let communities = whole["communities"].as_array().unwrap();
    assert_eq!(communities.len(), 2);
    assert_eq!(communities[1]["community"], "small");
    assert_eq!(communities[1]["health"]["active_members"], 1);
    assert_eq!(communities[1]["maturity"], small["maturity"]);
    let text = ok(&["report", &path, "--no-history"]);
    assert!(text.contains("Communities") && text.contains("(the landscape)"), "{text}");
    let html = ok(&["report", &path, "--format", "html"]);
    assert!(html.contains("<figure id=\"communities\">"));
    let err = fails(&["report", &path, "--community", "nope"], 1);
    assert!(err.contains("unknown community `nope` (known: default, big, small)"), "{err}");
}
/// Three questions in threads, the hand-computed case of cop-core's tests/it/threads.rs, with
/// times in milliseconds, as UTC date-times without an offset, and kinds in capitals: all
/// answered (after 3, 24 and 5 hours: median 5), two accepted (after 24 and 48 hours: median
/// 36), a solved share of 2/3.
fn threads_fixture(scratch: &Scratch) -> String {
    let path = scratch.path("threads.csv");
    std::fs::write(
        &path,
        "member,time,kind,domain,target,thread\n\
         ann,1709287200000,ask,testing,,q1\n\
         bob,2024-03-01 13:00:00,ANSWER,docs,,q1\n\
         ann,2024-03-02T10:00:00Z,Accept,testing,bob,q1\n\
         cy,2024-03-05T10:00:00Z,ask,testing,,q2\n\
         cy,2024-03-05T11:00:00Z,comment,testing,,q2\n\
         dan,2024-03-06T10:00:00Z,answer,testing,ann,q2\n\
         cy,2024-03-07T10:00:00Z,accept,testing,dan,q2\n\
         dan,2024-03-10T10:00:00Z,ask,docs,,q3\n\
         ann,2024-03-10T15:00:00Z,answer,docs,dan,q3\n",
    )
    .unwrap();
    path
}

#[test]
fn times_kinds_and_threads_in_health() {
    let scratch = Scratch::new("threads");
    let path = threads_fixture(&scratch);
    let report = json(&["report", &path, "--format", "json", "--as-of", "2024-03-31", "--no-history"]);
    assert_eq!(report["health"]["as_of"], "2024-03-31T23:59:59Z", "a date is the end of that day");
    assert_eq!(report["summary"]["first_event"], "2024-03-01T10:00:00Z", "milliseconds read as such");
    let r = &report["health"]["responsiveness"];
    assert_eq!((r["questions"].as_u64(), r["answered"].as_u64()), (Some(3), Some(3)));
    assert_eq!((r["threaded"].as_u64(), r["solved"].as_u64()), (Some(3), Some(2)));
    assert!((r["solved_share"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-12);
    assert_eq!(r["median_hours"], 5.0);
    assert_eq!(r["median_solution_hours"], 36.0);
    let kinds = report["summary"]["events_per_kind"].as_array().unwrap();
    let answers = kinds.iter().find(|k| k["name"] == "answer").map(|k| k["events"].as_u64());
    assert_eq!(answers, Some(Some(3)), "`ANSWER` is an answer: {kinds:?}");

    let text = ok(&["report", &path, "--as-of", "2024-03-31", "--no-history"]);
    assert!(
        text.contains("67 % of 3 questions solved (an accept) · median time to solution 36.0 h · 3 of 3 questions paired by thread"),
        "{text}"
    );
    let html_path = scratch.path("threads.html");
    ok(&["report", &path, "--as-of", "2024-03-31", "--no-history", "--format", "html", "-o", &html_path]);
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(
        html.contains("67 % of 3 questions solved (an accept) · median time to solution 36.0 h"),
        "no solutions row"
    );

    // The event-file export keeps the threads.
    let csv = ok(&["import", &path, "--format", "csv"]);
    assert!(csv.starts_with("member,time,kind,domain,target,community,artifact,weight,thread\n"), "{csv}");
    assert!(csv.contains("bob,2024-03-01T13:00:00Z,answer,docs,,,,,q1\n"), "{csv}");
}

#[test]
fn an_epoch_number_out_of_range_is_refused_with_line_and_column() {
    let scratch = Scratch::new("epoch");
    let path = scratch.path("epoch.csv");
    std::fs::write(&path, "member,kind,time\nada,ask,1704067200000\nbob,ask,100000000000000000000\n")
        .unwrap();
    let err = fails(&["report", &path], 1);
    assert!(
        err.starts_with(&format!(
            "error: {path}:3:3: field `time`: 100000000000000000000 is out of the range"
        )),
        "{err}"
    );
    assert!(fails(&["report", "--demo", "--as-of", "1e20"], 2).contains("out of the range"));
}

#[test]
fn a_failed_write_leaves_the_previous_file() {
    let scratch = Scratch::new("durable");
    let out = scratch.path("landscape.json");
    std::fs::write(&out, "the previous file").unwrap();
    // A file size limit of 1 KiB (the snapshot of the demo is larger); SIGXFSZ ignored, so that
    // the write fails with an error rather than killing the process.
    let status = Command::new("bash")
        .arg("-c")
        .arg(r#"trap '' XFSZ; ulimit -f 1; exec "$0" import --demo -o "$1""#)
        .arg(env!("CARGO_BIN_EXE_cop"))
        .arg(&out)
        .stdin(Stdio::null())
        .output()
        .expect("bash runs");
    let err = stderr(&status);
    assert_eq!(status.status.code(), Some(1), "{err}");
    assert!(err.starts_with("error: cannot write ") && err.contains(&out), "{err}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "the previous file");
    assert_eq!(std::fs::read_dir(&scratch.0).unwrap().count(), 1, "no temporary file is left");
    // A directory is named.
    let err = fails(&["import", "--demo", "-o", &scratch.dir()], 1);
    assert!(err.contains(&scratch.dir()), "{err}");
}

#[test]
fn times_out_of_range_and_spans_too_long_are_refused() {
    let scratch = Scratch::new("span");
    let path = scratch.path("far.csv");
    std::fs::write(&path, "member,time,kind\nada,2024-01-01T00:00:00Z,ask\nbob,9999-12-31T00:00:00Z,ask\n")
        .unwrap();
    let started = std::time::Instant::now();
    let err = fails(&["report", &path], 1);
    assert!(err.contains("as_of") && err.contains("at most 10000"), "{err}");
    let err = fails(&["report", "--demo", "--as-of", "9999-12-31"], 1);
    assert!(err.contains("as_of") && err.contains("at most 10000"), "{err}");
    assert!(started.elapsed().as_secs() < 30, "refused at once");
    // A year past 9999 is not a time at all.
    let err = fails(&["report", "--demo", "--as-of", "+10000-01-01T00:00:00Z"], 2);
    assert!(err.contains("as-of") || err.contains("time"), "{err}");
}

#[test]
fn line_numbers_of_spreadsheet_and_old_mac_files() {
    let scratch = Scratch::new("lines");
    for (name, text) in [
        ("crlf.csv", "member,time,kind\r\n\"ada\",2024-01-01,ask\r\nbob,never,ask\r\n"),
        ("cr.csv", "member,time,kind\rada,2024-01-01,ask\rbob,never,ask\r"),
    ] {
        let path = scratch.path(name);
        std::fs::write(&path, text).unwrap();
        let err = fails(&["report", &path], 1);
        assert!(err.starts_with(&format!("error: {path}:3:2: field `time`")), "{err}");
    }
    // A time a zone offset puts out of the range of times.
    let err = fails(&["report", "--demo", "--as-of", "0000-01-01T00:00:00+01:00"], 2);
    assert!(err.contains("out of the supported range"), "{err}");
}

/// A Stack Exchange dump of one question, one answer accepted, one comment (BOM, CRLF).
fn stackexchange_dump(scratch: &Scratch, answer_date: &str) {
    let file = |name: &str, root: &str, rows: &[&str]| {
        let mut text = format!("\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<{root}>\r\n");
        for row in rows {
            text.push_str(&format!("  {row}\r\n"));
        }
        text.push_str(&format!("</{root}>\r\n"));
        std::fs::write(scratch.path(name), text).unwrap();
    };
    file(
        "Posts.xml",
        "posts",
        &[
            r#"<row Id="1" PostTypeId="1" AcceptedAnswerId="2" CreationDate="2020-01-01T10:00:00.000" OwnerUserId="10" Tags="&lt;grammar&gt;" />"#,
            &format!(
                r#"<row Id="2" PostTypeId="2" ParentId="1" CreationDate="{answer_date}" OwnerUserId="11" />"#
            ),
        ],
    );
    file(
        "Comments.xml",
        "comments",
        &[r#"<row Id="1" PostId="2" CreationDate="2020-01-02T11:00:00.000" UserId="10" />"#],
    );
    file(
        "Users.xml",
        "users",
        &[r#"<row Id="10" CreationDate="2019-12-24T08:00:00.000" DisplayName="Ada" />"#],
    );
}

#[test]
fn a_stackexchange_dump_becomes_events() {
    let scratch = Scratch::new("se");
    stackexchange_dump(&scratch, "2020-01-02T10:00:00.000");
    let dir = scratch.dir();
    let csv = ok(&["import", "--from", "stackexchange", &dir, "--format", "csv"]);
    let site = Path::new(&dir).file_name().unwrap().to_str().unwrap().to_owned();
    let key = |id: u32| format!("se:{site}:{id}");
    let thread = key(1);
    let expected = [
        "member,time,kind,domain,target,community,artifact,weight,thread".to_owned(),
        format!("{},2020-01-01T10:00:00Z,ask,grammar,,,,,{thread}", key(10)),
        format!("{},2020-01-02T10:00:00Z,answer,grammar,{},,,,{thread}", key(11), key(10)),
        format!("{},2020-01-02T10:00:00Z,accept,grammar,{},,,,{thread}", key(10), key(11)),
        format!("{},2020-01-02T11:00:00Z,comment,grammar,{},,,,{thread}", key(10), key(11)),
    ];
    assert_eq!(csv.lines().collect::<Vec<_>>(), expected);
    let report = ok(&["report", "--from", "stackexchange", &dir]);
    assert!(
        report.contains("4: answer 1 · ask 1 · accept 1 · comment 1") || report.contains("events    4"),
        "{report}"
    );
    let err = fails(&["report", "--from", "myspace", &dir], 2);
    assert!(err.contains("unknown kind of export") && err.contains("discourse, slack"), "{err}");
}

#[test]
fn a_bad_stackexchange_row_names_file_line_and_field() {
    let scratch = Scratch::new("se-bad");
    stackexchange_dump(&scratch, "soon");
    let output = run(&["import", "--from", "stackexchange", &scratch.dir(), "--format", "csv"]);
    assert!(!output.status.success());
    let err = stderr(&output);
    assert!(err.contains("Posts.xml:4") && err.contains("CreationDate") && err.contains("soon"), "{err}");
}

#[test]
fn the_stackexchange_samples_are_read_when_present() {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/sources/stackexchange-conlang-meta");
    if !dir.is_dir() {
        eprintln!("skipped: {} is absent", dir.display());
        return;
    }
    let csv = ok(&[
        "import",
        "--from",
        "stackexchange",
        dir.to_str().unwrap(),
        "--include-bots",
        "--format",
        "csv",
    ]);
    assert_eq!(csv.lines().count(), 1 + 1124);
}

/// A fixture of the core's importer tests (written from each format's documentation).
fn fixture(path: &str) -> String {
    format!("{}/../cop-core/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_platform_is_read_with_from() {
    // (platform, fixture, events written with the bots' events: the Rust tests' figures)
    for (platform, path, events) in
        [("github", "github/rest", 11), ("discourse", "discourse/solved", 10), ("mbox", "mbox/list", 8)]
    {
        let csv = ok(&["import", "--from", platform, &fixture(path), "--include-bots", "--format", "csv"]);
        assert_eq!(csv.lines().count(), 1 + events, "{platform}: {csv}");
    }
}

#[test]
fn a_bad_platform_record_names_file_line_and_field_or_is_skipped() {
    for (platform, path, place, field) in [
        ("github", "github/modern.json", "modern.json:8", "created_at"),
        ("discourse", "discourse/bad", "3.json:7", "created_at"),
        ("slack", "chat/slack-demo", "2020-01-05.json:12", "ts"),
        ("discord", "chat/discord-demo", "[200].json:262", "timestamp"),
        ("mbox", "mbox/bad", "bad-date.mbox:8", "Date"),
    ] {
        let err = fails(&["import", "--from", platform, &fixture(path), "--format", "csv"], 1);
        assert!(err.contains(place) && err.contains(field), "{platform}: {err}");
        let output =
            run(&["import", "--from", platform, &fixture(path), "--skip-bad-lines", "--format", "csv"]);
        assert!(output.status.success(), "{platform}: {}", stderr(&output));
        assert!(stderr(&output).contains("warning: skipped"), "{platform}: {}", stderr(&output));
    }
}

#[test]
fn one_community_in_three_places_is_reported_as_people() {
    let places = format!("{}/../examples/data/three-places", env!("CARGO_MANIFEST_DIR"));
    let at = |folder: &str| format!("{places}/{folder}");
    let (forum, chat, github, people) = (at("forum"), at("chat"), at("github"), at("people.csv"));
    let args = [
        "report",
        "--from",
        "discourse",
        &forum,
        "--from",
        "slack",
        &chat,
        "--from",
        "github",
        &github,
        "--identities",
        &people,
    ];
    let text = ok(&args);
    assert!(text.contains("14 identities are 8 people (6 by the identities file)"), "{text}");
    assert!(
        text.contains(
            "spaces    4 public (help, show-and-tell, general, tidewater/tidewater), 1 private (maintainers)"
        ),
        "{text}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(&[&args[..], &["--format", "json"]].concat())).unwrap();
    let kinds: Vec<&str> =
        json["cli"]["inputs"].as_array().unwrap().iter().map(|i| i["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["discourse", "slack", "github"]);
    assert_eq!(json["spaces"][0]["private"], serde_json::json!(["maintainers"]));
}

/// Ada acts in rust and go (above outsider in both: a boundary member), Bob only in rust, Cy only
/// in go.
const BROKER_EVENTS: &str = "member,time,kind,community,target\n\
    ada,2024-01-08T10:00:00Z,answer,rust,bob\n\
    bob,2024-01-08T11:00:00Z,ask,rust,\n\
    ada,2024-01-09T10:00:00Z,ask,go,\n\
    cy,2024-01-09T11:00:00Z,answer,go,ada\n";

/// The whole file, and each community's lines alone, in `scratch`.
fn broker_files(scratch: &Scratch) -> (String, String, String) {
    let write = |name: &str, community: Option<&str>| {
        let lines: Vec<&str> = BROKER_EVENTS
            .lines()
            .enumerate()
            .filter(|(i, l)| *i == 0 || community.is_none_or(|c| l.split(',').nth(3) == Some(c)))
            .map(|(_, l)| l)
            .collect();
        std::fs::write(scratch.path(name), lines.join("\n") + "\n").unwrap();
        scratch.path(name)
    };
    (write("all.csv", None), write("rust.csv", Some("rust")), write("go.csv", Some("go")))
}

#[test]
fn rollup_finds_the_member_acting_in_both_communities() {
    let scratch = Scratch::new("rollup");
    let (all, _, _) = broker_files(&scratch);
    let doc = json(&["rollup", &all, "--format", "json"]);
    assert_eq!(doc["schema"], "cop-rollup/1");
    assert_eq!(doc["as_of"], "2024-01-09T11:00:00Z");
    assert_eq!((doc["communities"].as_u64(), doc["events"].as_u64()), (Some(2), Some(4)));
    assert_eq!(doc["acting_members"], 3);
    let brokers = doc["brokers"].as_array().unwrap();
    assert_eq!(brokers.len(), 1);
    assert_eq!(brokers[0]["member"], "ada");
    assert_eq!(brokers[0]["communities"], serde_json::json!(["go", "rust"]));
    assert_eq!((brokers[0]["events"].as_u64(), brokers[0]["boundary"].as_bool()), (Some(2), Some(true)));
    assert_eq!(doc["boundary_members"], 1);
    let summary: Vec<(&str, u64, u64)> = doc["summary"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["community"].as_str().unwrap(),
                c["events"].as_u64().unwrap(),
                c["acting_members"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(summary, [("go", 2, 2), ("rust", 2, 2)]);
    assert_eq!(doc["cli"]["boundary_communities"], 2);
    assert_eq!(doc["cli"]["options"]["window_days"], 365);

    let text = ok(&["rollup", &all]);
    assert!(text.starts_with("cop rollup · "), "{text}");
    assert!(text.contains("2 communities · 4 events · 3 members acting"), "{text}");
    let ada = text.lines().find(|l| l.trim_start().starts_with("ada ")).expect("ada is listed");
    assert!(ada.contains("boundary") && ada.contains("go (") && ada.contains("rust ("), "{ada}");
    // A threshold of three communities: Ada is a broker but not a boundary member.
    let doc = json(&["rollup", &all, "--format", "json", "--boundary-communities", "3"]);
    assert_eq!(
        (doc["brokers"][0]["boundary"].as_bool(), doc["boundary_members"].as_u64()),
        (Some(false), Some(0))
    );
}

#[test]
fn rollup_parts_computed_apart_merge_to_the_whole() {
    let scratch = Scratch::new("rollup-parts");
    let (all, rust, go) = broker_files(&scratch);
    let whole = json(&["rollup", &all, "--format", "json"]);
    let as_of = "2024-01-09T11:00:00Z";
    let (rust_parts, go_parts) = (scratch.path("rust.parts.json"), scratch.path("go.parts.json"));
    ok(&["rollup", &rust, "--as-of", as_of, "--parts", "-o", &rust_parts]);
    ok(&["rollup", &go, "--as-of", as_of, "--parts", "-o", &go_parts]);
    let parts: Value = serde_json::from_str(&std::fs::read_to_string(&rust_parts).unwrap()).unwrap();
    assert_eq!(parts["schema"], "cop-rollup-parts/1");
    assert_eq!(parts["parts"][0]["community"], "rust");
    let members: Vec<&str> = parts["parts"][0]["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["member"].as_str().unwrap())
        .collect();
    assert_eq!(members, ["ada", "bob"]);

    for order in [[&go_parts, &rust_parts], [&rust_parts, &go_parts]] {
        let merged = json(&["rollup", "--merge", order[0], order[1], "--format", "json"]);
        for (key, value) in whole.as_object().unwrap() {
            if key != "cli" {
                assert_eq!(&merged[key], value, "{key}");
            }
        }
        assert_eq!(merged["cli"]["options"], Value::Null);
        assert_eq!(merged["cli"]["inputs"][0]["kind"], "parts");
    }
    // A bare JSON array of parts, as the C and Python libraries give them, merges too.
    let bare = scratch.path("bare.json");
    std::fs::write(&bare, parts["parts"].to_string()).unwrap();
    let merged = json(&["rollup", "--merge", &bare, &go_parts, "--format", "json"]);
    assert_eq!(merged["brokers"], whole["brokers"]);
    let text = ok(&["rollup", "--merge", &rust_parts, &go_parts]);
    assert!(text.contains("merged from parts computed apart") && text.contains("parts in "), "{text}");
}

#[test]
fn rollup_refuses_parts_that_do_not_belong_together() {
    let scratch = Scratch::new("rollup-refusals");
    let (all, rust, go) = broker_files(&scratch);
    let (rust_parts, go_parts) = (scratch.path("rust.parts.json"), scratch.path("go.parts.json"));
    ok(&["rollup", &rust, "--as-of", "2024-01-09T11:00:00Z", "--parts", "-o", &rust_parts]);
    ok(&["rollup", &go, "--as-of", "2024-02-01", "--parts", "-o", &go_parts]);
    let err = fails(&["rollup", "--merge", &rust_parts, &go_parts], 1);
    assert!(
        err.contains("rust.parts.json and ") && err.contains("as_of") && err.contains("different options"),
        "{err}"
    );
    let err = fails(&["rollup", "--merge", &rust_parts, &rust_parts], 1);
    assert!(err.contains("cannot merge the parts") && err.contains("`rust` is given twice"), "{err}");
    let report = scratch.path("report.json");
    ok(&["report", &all, "--format", "json", "-o", &report]);
    let err = fails(&["rollup", "--merge", &report], 1);
    assert!(err.contains("report.json: not a `cop-rollup-parts/1` document but `cop-report/2`"), "{err}");
    let broken = scratch.path("broken.json");
    std::fs::write(&broken, "[{\"community\": 3}]").unwrap();
    let err = fails(&["rollup", "--merge", &broken], 1);
    assert!(err.contains("broken.json: not the parts of a rollup") && err.contains("line 1"), "{err}");
    assert!(fails(&["rollup", "--merge", &scratch.path("none.json")], 1).contains("none.json: no such file"));
    // Arguments that do not go together.
    fails(&["rollup", "--merge", &rust_parts, "--git", "."], 2);
    fails(&["rollup", "--merge", &rust_parts, "--as-of", "2024-01-01"], 2);
    assert!(fails(&["rollup", &all, "--parts", "--format", "text"], 2).contains("writes JSON"));
    assert!(fails(&["rollup", &all, "--community", "rust"], 2).contains("every community"));
    fails(&["rollup", &all, "--boundary-communities", "0"], 2);
}

#[test]
fn rollup_names_a_lone_repository_s_community_after_its_directory() {
    let repo = scripted_repository();
    let dir = repo.scratch.dir();
    let doc = json(&["rollup", "--git", &dir, "--parts"]);
    let name = std::path::Path::new(&dir).file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(doc["parts"].as_array().unwrap().len(), 1);
    assert_eq!(doc["parts"][0]["community"], name.as_str());
}
