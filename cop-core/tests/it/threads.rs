//! Threads: a question and its replies linked by a `thread` key — read, stored, exported,
//! snapshotted, and used by health's responsiveness (time to first response, solved share,
//! time to solution), hand-computed.

use cop_core::health::{HealthConfig, responsiveness};
use cop_core::model::time::parse_time;
use cop_core::{Event, EventKind, ImportOptions, KeyedEvent, Landscape};

fn load(csv: &str) -> Landscape {
    let mut l = Landscape::new();
    l.import_csv(csv.as_bytes(), &ImportOptions::default()).unwrap();
    l
}

/// Three questions in threads q1, q2, q3:
/// - q1 (ann, testing): bob answers 3 h later *about docs and targeting nobody* — the asker and
///   domain fallback would not pair it, the thread does; ann accepts 24 h after asking.
/// - q2 (cy): cy's own comment does not count; dan answers 24 h later *targeting ann* (a wrong
///   target); cy accepts 48 h after asking.
/// - q3 (dan, docs): ann answers 5 h later; nobody accepts.
///
/// So: 3 questions, all answered (3, 24 and 5 hours: median 5), 2 solved (24 and 48 hours:
/// median 36), solved share 2/3.
const THREADS: &str = "member,time,kind,domain,target,thread\n\
    ann,2024-03-01T10:00:00Z,ask,testing,,q1\n\
    bob,2024-03-01T13:00:00Z,answer,docs,,q1\n\
    ann,2024-03-02T10:00:00Z,accept,testing,bob,q1\n\
    cy,2024-03-05T10:00:00Z,ask,testing,,q2\n\
    cy,2024-03-05T11:00:00Z,comment,testing,,q2\n\
    dan,2024-03-06T10:00:00Z,answer,testing,ann,q2\n\
    cy,2024-03-07T10:00:00Z,accept,testing,dan,q2\n\
    dan,2024-03-10T10:00:00Z,ask,docs,,q3\n\
    ann,2024-03-10T15:00:00Z,answer,docs,dan,q3\n";

fn window() -> (i64, i64) {
    let as_of = parse_time("2024-03-31T23:59:59Z").unwrap();
    (as_of - 90 * 86_400 + 1, as_of + 1)
}

#[test]
fn threads_are_read_and_kept_on_events() {
    let l = load(THREADS);
    let events: Vec<Event> = l.events().collect();
    let q1 = l.thread_id("q1").unwrap();
    assert_eq!(l.thread_count(), 3);
    assert_eq!(l.thread_key(q1), Some("q1"));
    assert_eq!((events[0].thread, events[1].thread, events[2].thread), (Some(q1), Some(q1), Some(q1)));
    assert_eq!(events[3].thread, l.thread_id("q2"));
    // Without a thread column, no event is in a thread and no thread column is stored.
    let plain = load("member,time,kind\nada,1,ask\n");
    assert!(plain.log().columns().thread.is_none());
    assert_eq!(plain.events().next().unwrap().thread, None);
}

#[test]
fn time_to_first_response_and_solutions_pair_by_thread() {
    let l = load(THREADS);
    let (from, to) = window();
    let r = responsiveness(&l, from, to);
    assert_eq!((r.questions, r.threaded, r.answered, r.solved), (3, 3, 3, 2));
    assert_eq!(r.unanswered_share, 0.0);
    assert_eq!(r.median_hours, Some(5.0));
    assert!((r.mean_hours.unwrap() - 32.0 / 3.0).abs() < 1e-12);
    assert!((r.solved_share - 2.0 / 3.0).abs() < 1e-12);
    assert_eq!(r.median_solution_hours, Some(36.0));
    // The same numbers reach the health report.
    let as_of = parse_time("2024-03-31T23:59:59Z").unwrap();
    let config = HealthConfig::default();
    let h = cop_core::Analysis::new(&l, cop_core::AsOf::at(as_of).unwrap(), &config.participation)
        .unwrap()
        .health(&config)
        .unwrap();
    assert_eq!(h.responsiveness, r);
    let json = serde_json::to_value(&h).unwrap();
    assert_eq!(json["responsiveness"]["solved"], 2);
    assert_eq!(json["responsiveness"]["median_solution_hours"], 36.0);
}

#[test]
fn without_threads_accepts_pair_by_asker_and_domain() {
    // eve asks twice about testing; fay answers her (paired with both questions: 2 h and 1 h);
    // eve's one accept solves the earliest waiting question (24 h), not both.
    let l = load(
        "member,time,kind,domain,target\n\
         eve,2024-03-01T10:00:00Z,ask,testing,\n\
         eve,2024-03-01T11:00:00Z,ask,testing,\n\
         fay,2024-03-01T12:00:00Z,answer,testing,eve\n\
         eve,2024-03-02T10:00:00Z,accept,testing,fay\n\
         gus,2024-03-03T10:00:00Z,ask,docs,\n\
         gus,2024-03-03T11:00:00Z,accept,testing,fay\n",
    );
    let (from, to) = window();
    let r = responsiveness(&l, from, to);
    assert_eq!((r.questions, r.threaded, r.answered, r.solved), (3, 0, 2, 1));
    assert!((r.solved_share - 1.0 / 3.0).abs() < 1e-12, "gus's accept is about another domain");
    assert_eq!(r.median_hours, Some(1.5));
    assert_eq!(r.median_solution_hours, Some(24.0));
}

#[test]
fn replies_in_a_thread_count_only_for_its_question() {
    // hal's question has no thread; ivy's answer to hal is in thread t9 (another question's):
    // it does not answer hal's question, and the accept in t9 solves nothing of hal's.
    let l = load(
        "member,time,kind,domain,target,thread\n\
         hal,2024-03-01T10:00:00Z,ask,testing,,\n\
         ivy,2024-03-01T11:00:00Z,answer,testing,hal,t9\n\
         hal,2024-03-01T12:00:00Z,accept,testing,ivy,t9\n",
    );
    let (from, to) = window();
    let r = responsiveness(&l, from, to);
    assert_eq!((r.questions, r.threaded, r.answered, r.solved), (1, 0, 0, 0));
    assert_eq!(r.unanswered_share, 1.0);
}

#[test]
fn threads_survive_export_and_snapshots() {
    let l = load(THREADS);
    let mut csv = Vec::new();
    l.export_csv(&mut csv).unwrap();
    let text = String::from_utf8(csv.clone()).unwrap();
    assert!(text.starts_with("member,time,kind,domain,target,community,artifact,weight,thread\n"), "{text}");
    assert!(text.contains("ann,2024-03-01T10:00:00Z,ask,testing,,,,,q1\n"), "{text}");
    assert!(load(&text) == l);
    let mut jsonl = Vec::new();
    l.export_jsonl(&mut jsonl).unwrap();
    assert!(String::from_utf8_lossy(&jsonl).contains("\"thread\":\"q1\""));
    let mut back = Landscape::new();
    back.import_jsonl(jsonl.as_slice(), &ImportOptions::default()).unwrap();
    assert!(back == l);

    let mut bytes = Vec::new();
    l.save_snapshot(&mut bytes).unwrap();
    let snapshot: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(snapshot["version"], 2);
    assert_eq!(snapshot["threads"]["keys"], serde_json::json!(["q1", "q2", "q3"]));
    let loaded = Landscape::load_snapshot(bytes.as_slice()).unwrap();
    assert!(loaded == l);
    assert_eq!(
        loaded.events().map(|e| e.thread).collect::<Vec<_>>(),
        l.events().map(|e| e.thread).collect::<Vec<_>>()
    );

    // A landscape without threads is written as version 1, without thread fields, as before.
    let plain = load("member,time,kind\nada,1,ask\n");
    let mut bytes = Vec::new();
    plain.save_snapshot(&mut bytes).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("\"version\":1") && !text.contains("thread"), "{text}");
    assert!(Landscape::load_snapshot(text.as_bytes()).unwrap() == plain);
    let mut csv = Vec::new();
    plain.export_csv(&mut csv).unwrap();
    assert!(csv.starts_with(b"member,time,kind,domain,target,community,artifact,weight\n"));
}

#[test]
fn threads_are_recorded_through_every_way_in() {
    let mut l = Landscape::new();
    let ada = l.ensure_member("ada").unwrap();
    let t = l.ensure_thread("t1").unwrap();
    let time = chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap();
    l.record(Event::new(ada, time, EventKind::Ask).in_thread(t)).unwrap();
    let keyed = KeyedEvent {
        member: "bob",
        time: 1_700_000_100,
        kind: "answer",
        thread: Some("t1"),
        ..KeyedEvent::default()
    };
    l.record_keyed(&keyed, false).unwrap();
    let strict = KeyedEvent {
        member: "bob",
        time: 1_700_000_200,
        kind: "accept",
        thread: Some("t2"),
        ..KeyedEvent::default()
    };
    l.record_keyed(&strict, true).expect("threads are created on first sight, even when strict");
    assert_eq!(l.thread_count(), 2);
    let threads: Vec<_> = l.events().map(|e| e.thread.and_then(|t| l.thread_key(t))).collect();
    assert_eq!(threads, [Some("t1"), Some("t1"), Some("t2")]);
    // A thread id that does not exist is refused, and an empty key is refused naming the field.
    let bad = Event::new(ada, time, EventKind::Ask).in_thread(cop_core::ThreadId::from_raw(9));
    assert!(l.record(bad).unwrap_err().to_string().contains("no thread with id 9"));
    let err = l
        .import_csv(
            "member,time,kind,thread\nada,1,ask, \nada,2,ask,t1\n".as_bytes(),
            &ImportOptions::default(),
        )
        .map(|r| r.recorded);
    assert_eq!(err.unwrap(), 2, "a blank thread cell is no thread");
    // A failed import leaves no thread behind.
    let before = l.thread_count();
    let bad = "member,time,kind,thread\nada,1,ask,new-thread\nada,never,ask,other\n";
    assert!(l.import_csv(bad.as_bytes(), &ImportOptions::default()).is_err());
    assert_eq!(l.thread_count(), before);
}
