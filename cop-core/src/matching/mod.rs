//! Matching: access to experienced practitioners.
pub mod assign;

pub use assign::{
    Assignment, AssignmentProblem, Candidate, Mode, assign, assign_greedy, assign_optimal, assign_stable,
    blocking_pairs,
};
