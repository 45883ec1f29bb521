//! Differential tests against networkx (reference values in `tests/fixtures/structure.json`,
//! made by `tests/fixtures/gen_structure.py`).

use cop_core::structure::{Iteration, Projection};
use serde_json::Value;

fn fixtures() -> Vec<Value> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/structure.json");
    let json: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    json["graphs"].as_array().unwrap().clone()
}

fn projection(graph: &Value) -> Projection {
    let edges = graph["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e[0].as_u64().unwrap() as u32, e[1].as_u64().unwrap() as u32, e[2].as_f64().unwrap()));
    Projection::from_edges(graph["nodes"].as_u64().unwrap() as usize, edges)
}

fn floats(value: &Value) -> Vec<f64> {
    value.as_array().unwrap().iter().map(|v| v.as_f64().unwrap_or(f64::NAN)).collect()
}

#[test]
fn core_numbers_equal_networkx() {
    for graph in fixtures() {
        let expected: Vec<u32> =
            graph["core_number"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap() as u32).collect();
        assert_eq!(projection(&graph).core_numbers(), expected, "{}", graph["name"]);
    }
}

#[test]
fn pagerank_within_1e6_of_networkx() {
    for graph in fixtures() {
        let ours = projection(&graph).pagerank(0.85, Iteration::default()).unwrap();
        for (i, (a, b)) in ours.iter().zip(floats(&graph["pagerank"])).enumerate() {
            assert!((a - b).abs() < 1e-6, "{} node {i}: {a} vs {b}", graph["name"]);
        }
    }
}

#[test]
fn eigenvector_centrality_within_1e6_of_networkx() {
    for graph in fixtures() {
        let iteration = Iteration { tolerance: 1e-6, max_iterations: 1000 };
        let ours = projection(&graph).eigenvector_centrality(iteration).unwrap();
        for (i, (a, b)) in ours.iter().zip(floats(&graph["eigenvector"])).enumerate() {
            assert!((a - b).abs() < 1e-6, "{} node {i}: {a} vs {b}", graph["name"]);
        }
    }
}

#[test]
fn constraint_equals_networkx() {
    for graph in fixtures() {
        let ours = projection(&graph).constraint();
        for (i, (a, b)) in ours.iter().zip(floats(&graph["constraint"])).enumerate() {
            assert!(
                (a.is_nan() && b.is_nan()) || (a - b).abs() < 1e-9,
                "{} node {i}: {a} vs {b}",
                graph["name"]
            );
        }
    }
}
