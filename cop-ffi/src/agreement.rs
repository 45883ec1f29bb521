//! Agreement between two classifications: Cohen's kappa.

use crate::args::{Out, array};
use crate::error::CopStatus;

/// Cohen's kappa between two labelings of the same `n` items (in the same order): 1 is perfect
/// agreement, 0 no better than chance, below 0 worse. Labels are any integers, for example
/// `CopLevel` values from two level policies, or a policy and a ground truth.
///
/// - `a`, `b`: `n` labels each, read during the call; may be NULL when `n` is 0.
/// - `out_kappa`: not NULL; written on success.
///
/// Errors: `COP_STATUS_INVALID_VALUE` when `n` is 0 (no item to compare).
/// Thread-safety: may be called from any thread.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_agreement_kappa(
    a: *const u32,
    b: *const u32,
    n: usize,
    out_kappa: *mut f64,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (a, b, out_kappa) =
            unsafe { (array(a, n, "a")?, array(b, n, "b")?, Out::required(out_kappa, "out_kappa")?) };
        out_kappa.write(cop_core::participation::agreement::cohen_kappa(a, b)?);
        Ok(())
    })
}
