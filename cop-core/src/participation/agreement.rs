//! Agreement between two classifications of the same members: Cohen's kappa.
//!
//! κ = (p_o − p_e) / (1 − p_e), where p_o is the share of members both classifications put in
//! the same class and p_e the share expected by chance from each classification's class
//! frequencies. 1 is perfect agreement, 0 no better than chance. Use it to compare two level
//! policies, or a policy with a ground truth.

use std::collections::HashMap;
use std::hash::Hash;

use crate::error::{CopError, Result};

/// Cohen's kappa between two labelings of the same items (in the same order).
///
/// ```
/// use cop_core::participation::agreement::cohen_kappa;
/// // 50 items: both say "yes" 20 times, both "no" 15 times, they disagree on 15.
/// let a: Vec<&str> = [vec!["yes"; 20], vec!["no"; 15], vec!["yes"; 5], vec!["no"; 10]].concat();
/// let b: Vec<&str> = [vec!["yes"; 20], vec!["no"; 15], vec!["no"; 5], vec!["yes"; 10]].concat();
/// assert!((cohen_kappa(&a, &b)? - 0.4).abs() < 1e-12);
/// # Ok::<(), cop_core::CopError>(())
/// ```
pub fn cohen_kappa<T: Eq + Hash>(a: &[T], b: &[T]) -> Result<f64> {
    if a.len() != b.len() {
        return Err(CopError::invalid("labels", format!("{} labels against {}", a.len(), b.len())));
    }
    if a.is_empty() {
        return Err(CopError::invalid("labels", "no item to compare"));
    }
    let n = a.len() as f64;
    let observed = a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / n;
    let mut count_a: HashMap<&T, f64> = HashMap::new();
    let mut count_b: HashMap<&T, f64> = HashMap::new();
    for (x, y) in a.iter().zip(b) {
        *count_a.entry(x).or_default() += 1.0;
        *count_b.entry(y).or_default() += 1.0;
    }
    let expected: f64 =
        count_a.iter().map(|(k, ca)| ca * count_b.get(k).copied().unwrap_or(0.0)).sum::<f64>() / (n * n);
    if (1.0 - expected).abs() < 1e-15 {
        // Both put everything in one and the same class: perfect agreement.
        return Ok(if observed == 1.0 { 1.0 } else { 0.0 });
    }
    Ok((observed - expected) / (1.0 - expected))
}
