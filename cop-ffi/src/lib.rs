//! # cop-ffi: the C ABI of cop
//!
//! This crate builds `libcop` (a shared and a static library) and is described by the header
//! `include/cop.h`, which cbindgen generates from the `///` comments of this crate
//! (`bash cop-ffi/generate-header.sh`; `cop-ffi/ctest/run.sh` fails when the committed header is
//! stale). It is a thin layer over [`cop_core`]: it converts types, maps errors and manages
//! ownership; every piece of logic lives in the core.
//!
//! ```c
//! #include <stdio.h>
//! #include "cop.h"
//!
//! int main(void) {
//!     CopLandscape *landscape = NULL;
//!     CopCounts counts;
//!     if (cop_landscape_new(&landscape) != COP_STATUS_OK ||
//!         cop_landscape_import_csv_path(landscape, "examples/data/requests-commits.csv",
//!                                       NULL, NULL, NULL) != COP_STATUS_OK ||
//!         cop_landscape_counts(landscape, &counts) != COP_STATUS_OK) {
//!         fprintf(stderr, "error: %s\n", cop_last_error_message());
//!         cop_landscape_free(landscape);
//!         return 1;
//!     }
//!     printf("members: %zu\n", counts.members); /* members: 779 */
//!     cop_landscape_free(landscape);
//!     return 0;
//! }
//! ```
//!
//! ## Conventions of the C API
//! - **Names**: functions are `cop_<noun>_<verb>`, types `CopNoun`, constants `COP_…`.
//! - **Statuses**: every function that can fail returns a [`CopStatus`] (`COP_STATUS_OK` is 0).
//!   The message of the last failure on the calling thread is [`cop_last_error_message`].
//! - **Out-params** are written only on success; on failure they are left untouched.
//! - **Strings** passed in are NUL-terminated UTF-8 (validated: invalid UTF-8 is
//!   `COP_STATUS_INVALID_UTF8`). Strings handed out (`char **out_…`) are owned by the caller and
//!   freed with [`cop_string_free`]. NULL where a value is required is `COP_STATUS_NULL_ARGUMENT`.
//! - **Handles**: a [`CopLandscape`] is created by [`cop_landscape_new`] or a snapshot loader and
//!   freed by [`cop_landscape_free`]. It may be moved between threads; calls taking a
//!   `const CopLandscape *` only read and may run concurrently with each other, calls taking a
//!   `CopLandscape *` change it and must not run concurrently with any other call on it.
//! - **Analyses**: a [`CopParticipation`] (levels and trajectories as of a date) is computed by
//!   [`cop_participation_compute`] from a landscape and freed by [`cop_participation_free`]; it
//!   is never changed afterwards, so any number of threads may query it at once.
//! - **Matching**: mentors for newcomers ([`cop_participation_suggest_mentors_json`]),
//!   experts for a domain ([`cop_landscape_find_experts_json`]), learning partners
//!   ([`cop_participation_suggest_peers_json`]) and communities that fit a member
//!   ([`cop_landscape_recommend_communities_json`]) leave as JSON, with every score's parts
//!   and reasons; they only read their handles.
//! - **Enums** ([`CopStatus`], [`CopLevel`], [`CopTrajectory`], [`CopEdgeWeight`], [`CopStage`],
//!   [`CopValueCycle`]) have explicit values, never renumbered, only appended. An enum passed *in* by value is received as its
//!   raw value: one that is not a value of the enum is refused (`COP_STATUS_INVALID_VALUE`, or
//!   NULL from the `_name` functions), never undefined behaviour.
//! - **Panics** never unwind into C: each export runs behind one panic boundary
//!   (`ffi_boundary!`) that turns a panic into `COP_STATUS_PANIC`.
//! - **People**: events name identities (keys); a member is one identity or several merged
//!   into one ([`cop_landscape_merge`], undone by [`cop_landscape_unmerge`]). Members flagged as
//!   bots (recognised by their keys on import, or [`cop_landscape_set_bot`]) are left out of
//!   every analysis and count by default, staff ([`cop_landscape_set_staff`]) can be
//!   ([`cop_landscape_set_scope`]); [`cop_landscape_forget`] erases a member. These functions
//!   name members by key, like the lookups. [`cop_landscape_import_git`] records a git history,
//!   its identities merged into members by rule (e-mail, `.mailmap`, GitHub noreply logins);
//!   [`cop_landscape_import_platform`] the export of a place communities live (a Stack Exchange
//!   dump, GitHub activity, a Discourse forum, a Slack or Discord export, a mailing list), and
//!   [`cop_landscape_import_stackexchange`] a Stack Exchange data dump with its own options.
//! - **The model** is built and read back by key: a community's kind, orientation and spaces
//!   ([`cop_landscape_set_community_kind`], [`cop_landscape_set_community_orientation`],
//!   [`cop_landscape_add_space`]); a member's competence, interests, mentoring capacity,
//!   availability and affiliation ([`cop_landscape_set_competence`],
//!   [`cop_landscape_add_interest`], [`cop_landscape_set_mentoring_capacity`],
//!   [`cop_landscape_set_availability`], [`cop_landscape_set_affiliation`]); artifacts with their
//!   authors, domains and date ([`cop_landscape_add_artifact`], …); each entity as JSON
//!   ([`cop_landscape_member_json`], …) and the relationship graph's ties
//!   ([`cop_landscape_ties_json`]). A member's level with its evidence — why this level — is
//!   [`cop_participation_member_json`].
//! - **Reports** leave as JSON: `cop_landscape_<report>_json(landscape, arguments…, char **out_json)`;
//!   [`cop_landscape_report_json`] gives the whole picture (participation, structure, health,
//!   charter goals, value stories, maturity) in one document. **Options** and configurations
//!   come in as JSON in the core's serde form (`const char *…_json`, NULL for the defaults;
//!   unknown fields are refused with `COP_STATUS_INVALID_VALUE`).
//! - **Times** are `int64_t` seconds since the Unix epoch (UTC). Text becomes such a time through
//!   the core's one parser: [`cop_parse_time`] (event times) and [`cop_parse_as_of`] (analysis
//!   dates: a date alone is the end of that day), as event files and the command read them.
//! - **Limits** (the core's `cop_core::limits`, the same in every language): times from
//!   0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z, for events and `as_of`; an analysis spans at
//!   most 10,000 periods from the first event to `as_of`; domain paths at most 32 segments deep;
//!   keys at most 1,024 bytes. Beyond them a call returns `COP_STATUS_INVALID_VALUE` (a bad
//!   record of a batch or file: `COP_STATUS_RECORD`) and changes nothing.
//! - **Versions**: `COP_VERSION*` macros (generated from Cargo.toml), [`cop_version`],
//!   [`COP_ABI_VERSION`] and [`cop_abi_version`]. The ABI only grows; statuses are only appended.

#[macro_use]
mod boundary;
mod args;

// The API, in the order of the header (the blank lines keep rustfmt from sorting them).
mod error;

mod landscape;

mod edit;

mod event;

mod time;

mod import;

mod git;

mod stackexchange;

mod platform;

mod people;

mod snapshot;

mod report;

mod participation;

mod analysis;

mod agreement;

mod health;

mod maturity;

mod value;

mod matching;

use std::ffi::{CString, c_char};

pub use agreement::*;
pub use analysis::*;
pub use edit::*;
pub use error::*;
pub use event::*;
pub use git::*;
pub use health::*;
pub use import::*;
pub use landscape::*;
pub use matching::*;
pub use maturity::*;
pub use participation::*;
pub use people::*;
pub use platform::*;
pub use report::*;
pub use snapshot::*;
pub use stackexchange::*;
pub use time::*;
pub use value::*;

/// The version of the C ABI described by this header. It grows by one whenever a function, type
/// or status is added or changed; compare it with `cop_abi_version()` to detect a mismatch
/// between the header a program was compiled with and the library it runs with.
pub const COP_ABI_VERSION: u32 = 14;

/// The id meaning "none" in optional id fields and arguments (`UINT32_MAX`).
pub const COP_NONE: u32 = u32::MAX;

/// The id of the default community, which every landscape has.
pub const COP_DEFAULT_COMMUNITY: u32 = 0;

/// The library version (`"0.1.0"`): a NUL-terminated UTF-8 string with static lifetime.
///
/// Ownership: borrowed from the library, never free it. Never NULL.
/// Thread-safety: may be called from any thread at any time.
#[unsafe(no_mangle)]
pub extern "C" fn cop_version() -> *const c_char {
    ffi_boundary!(or std::ptr::null(), {
        concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
    })
}

/// The ABI version of the library (`COP_ABI_VERSION` of the header it was built with).
///
/// Thread-safety: may be called from any thread at any time.
#[unsafe(no_mangle)]
pub extern "C" fn cop_abi_version() -> u32 {
    ffi_boundary!(or 0, { COP_ABI_VERSION })
}

/// Frees a string handed out by this library (keys, JSON reports, snapshots). NULL is ignored.
///
/// Ownership: takes ownership of `string`; it must not be used afterwards.
/// Thread-safety: may be called from any thread.
///
/// # Safety
/// `string` must be NULL or a string returned by this library through a `char **` out-param,
/// not freed before, and not freed with `free()`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_string_free(string: *mut c_char) {
    ffi_boundary!(or(), {
        if !string.is_null() {
            // SAFETY: the caller passes a pointer from `CString::into_raw`, freed once.
            drop(unsafe { CString::from_raw(string) });
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    #[test]
    fn versions_match_the_package_and_the_header() {
        // SAFETY: `cop_version` returns a static NUL-terminated string.
        let version = unsafe { CStr::from_ptr(cop_version()) };
        assert_eq!(version.to_str().unwrap(), env!("CARGO_PKG_VERSION"));
        assert_eq!(cop_abi_version(), COP_ABI_VERSION);
        let header = include_str!("../include/cop.h");
        let expected = [
            format!("#define COP_VERSION \"{}\"", env!("CARGO_PKG_VERSION")),
            format!("#define COP_VERSION_MAJOR {}", env!("CARGO_PKG_VERSION_MAJOR")),
            format!("#define COP_VERSION_MINOR {}", env!("CARGO_PKG_VERSION_MINOR")),
            format!("#define COP_VERSION_PATCH {}", env!("CARGO_PKG_VERSION_PATCH")),
            format!("#define COP_ABI_VERSION {COP_ABI_VERSION}"),
        ];
        for line in expected {
            assert!(header.contains(&line), "the header lacks `{line}`: regenerate it");
        }
    }

    #[test]
    fn freeing_null_is_a_no_op() {
        // SAFETY: NULL is allowed.
        unsafe { cop_string_free(std::ptr::null_mut()) };
    }
}
