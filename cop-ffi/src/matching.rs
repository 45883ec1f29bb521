//! Matching: mentors for newcomers, experts for a domain, learning partners and communities
//! that fit, as JSON (the core's `matching` module serialised with serde).

use std::ffi::c_char;

use cop_core::analysis::{Analysis, AsOf};
use cop_core::matching::{CommunityOptions, ExpertOptions, MatchingOptions, PeerOptions};
use cop_core::{DomainId, MemberId};

use crate::args::{Out, checked_time, optional_text};
use crate::error::CopStatus;
use crate::landscape::{CopLandscape, landscape_ref};
use crate::participation::{CopParticipation, participation_ref};
use crate::report::json_out;

/// Suggests a mentor for each mentee, as JSON (the core's `MentorMatching`):
/// `{"mode":"optimal","as_of":"2024-06-01T00:00:00Z","pairs":[{"mentee":"cy","mentee_id":2,
/// "mentor":"ada","mentor_id":0,"score":…,"parts":{"domain_fit":1.0,…},"domain":"testing",
/// "mentor_domain":"testing","required":false,"reasons":["…",…]},…],
/// "unmatched":[{"mentee":…,"mentee_id":…,"reason":"no_candidate","detail":"…"},…],
/// "total_score":…,"mentees":2,"mentors":1,"candidates":2}`. By default the mentees are the
/// newcomers, inbound and peripheral members of `participation` and the mentors its competent
/// core group and active members; each scored pair comes with its parts and reasons in words.
///
/// - `participation`: not NULL; only read. Computed from `landscape` (another landscape gives
///   meaningless results).
/// - `landscape`: not NULL; only read.
/// - `as_of`: the date, in seconds since the Unix epoch (UTC); events after it are ignored.
/// - `options_json`: NULL for the defaults, or NUL-terminated UTF-8 JSON of the core's
///   `matching::MatchingOptions`, every field optional: `{"mode": "optimal"|"greedy"|"stable",
///   "weights": {…}, "top_k": 20, "mentees": ["cy"], "mentors": ["ada"], "required":
///   [{"mentee": …, "mentor": …}], "excluded": […], "max_mentees": 1, "capacities": {"ada": 3},
///   "default_capacity": 2, "preferences": {"cy": ["ada"]}, "max_gap": 2,
///   "min_mentor_competence": "competent", "window_days": 730, "load_window_days": 90,
///   "reference_hours": 4.0, "domain_credit": {…}}`. Borrowed for the call.
/// - `out_json`: not NULL; on success receives the JSON, owned by the caller and freed with
///   `cop_string_free()`.
///
/// Errors: `COP_STATUS_INVALID_VALUE` for options that are not valid JSON or do not fit
/// (`invalid matching options: …`), weights out of range or an `as_of` out of the range of
/// dates; `COP_STATUS_UNKNOWN_KEY` for a member key in the options that does not exist;
/// `COP_STATUS_INVALID_UTF8` if `options_json` is not UTF-8.
/// Thread-safety: may run concurrently with other read-only calls on `participation` and
/// `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_participation_suggest_mentors_json(
    participation: *const CopParticipation,
    landscape: *const CopLandscape,
    as_of: i64,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (participation, landscape, options_json, out_json) = unsafe {
            (
                participation_ref(participation)?,
                landscape_ref(landscape)?,
                optional_text(options_json, "options_json")?,
                Out::required(out_json, "out_json")?,
            )
        };
        let analysis = Analysis::of(landscape, participation)?;
        analysis.check_as_of(as_of)?;
        let options = options_json.map(MatchingOptions::from_json).transpose()?.unwrap_or_default();
        json_out(&analysis.mentors(&options)?, out_json)
    })
}

/// The `k` members who can best help with a domain (and its sub-domains), best first, as JSON
/// (an array of the core's `Expert`): `[{"member":"ada","member_id":0,"score":…,
/// "parts":{"evidence":…,"recency":…,"responsiveness":…,"capacity":…,"declared":…},
/// "competence":"proficient","competence_declared":false,"evidence":{"answers":12,…,
/// "median_response_hours":1.0,…},"reasons":["…",…]},…]` (empty when nobody has evidence).
///
/// - `landscape`: not NULL; only read.
/// - `domain`: a domain id of `landscape`.
/// - `as_of`: the date, in seconds since the Unix epoch (UTC); events after it are ignored.
/// - `k`: at most this many experts.
/// - `options_json`: NULL for the defaults, or NUL-terminated UTF-8 JSON of the core's
///   `matching::ExpertOptions`, every field optional: `{"weights": {…}, "window_days": 730,
///   "half_life_days": 90.0, "response_window_days": 14, "load_window_days": 90,
///   "default_capacity": 2, "exclude": ["cy"]}`. Borrowed for the call.
/// - `out_json`: not NULL; on success receives the JSON, owned by the caller and freed with
///   `cop_string_free()`.
///
/// Errors: `COP_STATUS_UNKNOWN_ID` for a domain that does not exist; `COP_STATUS_UNKNOWN_KEY`
/// for an unknown member key in `exclude`; `COP_STATUS_INVALID_VALUE` for options that are not
/// valid JSON or do not fit, or an `as_of` out of the range of dates; `COP_STATUS_INVALID_UTF8`
/// if `options_json` is not UTF-8.
/// Thread-safety: may run concurrently with other read-only calls on `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_find_experts_json(
    landscape: *const CopLandscape,
    domain: u32,
    as_of: i64,
    k: usize,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, options_json, out_json) = unsafe {
            (
                landscape_ref(landscape)?,
                optional_text(options_json, "options_json")?,
                Out::required(out_json, "out_json")?,
            )
        };
        let as_of = checked_time(as_of, "as_of")?;
        let options = options_json.map(ExpertOptions::from_json).transpose()?.unwrap_or_default();
        let analysis = Analysis::of_the_date(landscape, AsOf::at(as_of)?)?;
        json_out(&analysis.experts(DomainId::from_raw(domain), k, &options)?, out_json)
    })
}

/// Suggests learning partners: members at a similar level with shared interests, paired by a
/// maximum-weight matching, as JSON (the core's `PeerMatching`): `{"exact":true,
/// "pairs":[{"a":"cy","a_id":2,"b":"dan","b_id":3,"score":…,"parts":{…},"domain":"testing",
/// "other_domain":"testing","reasons":["…",…]},…],"unmatched":["…",…],"total_score":…,
/// "members":2,"candidates":1}`. By default the members paired are the newcomers, inbound and
/// peripheral members of `participation`.
///
/// - `participation`: not NULL; only read. Computed from `landscape`.
/// - `landscape`: not NULL; only read.
/// - `as_of`: the date, in seconds since the Unix epoch (UTC); events after it are ignored.
/// - `options_json`: NULL for the defaults, or NUL-terminated UTF-8 JSON of the core's
///   `matching::PeerOptions`, every field optional: `{"members": ["cy", "dan"], "weights": {…},
///   "top_k": 10, "max_level_gap": 1, "min_score": 0.0, "window_days": 730,
///   "exact_limit": 2000, "domain_credit": {…}}`. Borrowed for the call.
/// - `out_json`: not NULL; on success receives the JSON, owned by the caller and freed with
///   `cop_string_free()`.
///
/// Errors: `COP_STATUS_INVALID_VALUE` for options that are not valid JSON or do not fit, or an
/// `as_of` out of the range of dates; `COP_STATUS_UNKNOWN_KEY` for an unknown member key in
/// `members`; `COP_STATUS_INVALID_UTF8` if `options_json` is not UTF-8.
/// Thread-safety: may run concurrently with other read-only calls on `participation` and
/// `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_participation_suggest_peers_json(
    participation: *const CopParticipation,
    landscape: *const CopLandscape,
    as_of: i64,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (participation, landscape, options_json, out_json) = unsafe {
            (
                participation_ref(participation)?,
                landscape_ref(landscape)?,
                optional_text(options_json, "options_json")?,
                Out::required(out_json, "out_json")?,
            )
        };
        let analysis = Analysis::of(landscape, participation)?;
        analysis.check_as_of(as_of)?;
        let options = options_json.map(PeerOptions::from_json).transpose()?.unwrap_or_default();
        json_out(&analysis.peers(&options)?, out_json)
    })
}

/// The `k` communities whose domains and members fit a member best, best first, as JSON (an
/// array of the core's `CommunityFit`, with the default options): `[{"community":"qa-guild",
/// "community_id":1,"score":…,"parts":{"domain_fit":1.0,…},"domain":"testing","joined":false,
/// "reasons":["…",…]},…]` (communities scoring 0 are left out, so it may be empty).
///
/// - `landscape`: not NULL; only read.
/// - `member`: a member id of `landscape`.
/// - `as_of`: the date, in seconds since the Unix epoch (UTC); events after it are ignored.
/// - `k`: at most this many communities.
/// - `out_json`: not NULL; on success receives the JSON, owned by the caller and freed with
///   `cop_string_free()`.
///
/// Errors: `COP_STATUS_UNKNOWN_ID` for a member that does not exist; `COP_STATUS_INVALID_VALUE`
/// for an `as_of` out of the range of dates.
/// Thread-safety: may run concurrently with other read-only calls on `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_recommend_communities_json(
    landscape: *const CopLandscape,
    member: u32,
    as_of: i64,
    k: usize,
    out_json: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, out_json) =
            unsafe { (landscape_ref(landscape)?, Out::required(out_json, "out_json")?) };
        let as_of = checked_time(as_of, "as_of")?;
        let analysis = Analysis::of_the_date(landscape, AsOf::at(as_of)?)?;
        json_out(&analysis.communities_for(MemberId::from_raw(member), k, &CommunityOptions::default())?, out_json)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::landscape::{cop_landscape_free, cop_landscape_new};
    use crate::participation::{cop_participation_compute, cop_participation_free};
    use crate::{cop_string_free, import::cop_landscape_import_csv_buffer};
    use std::ffi::CStr;

    #[test]
    fn mentors_experts_peers_and_communities_leave_as_json() {
        let mut csv = String::from("member,time,kind,domain,target\n");
        for day in 1..=20 {
            csv += &format!("ada,2024-05-{day:02}T10:00:00Z,answer,testing,grace\n");
        }
        csv += "cy,2024-05-26T09:00:00Z,ask,testing,\n";
        let as_of = cop_core::model::time::parse_time("2024-06-01T00:00:00Z").unwrap();
        let mut landscape = std::ptr::null_mut();
        let mut participation = std::ptr::null_mut();
        let mut json = std::ptr::null_mut();
        // SAFETY: valid pointers throughout; every handle and string is freed once.
        unsafe {
            assert_eq!(cop_landscape_new(&mut landscape), CopStatus::Ok);
            let status = cop_landscape_import_csv_buffer(
                landscape,
                csv.as_ptr(),
                csv.len(),
                std::ptr::null(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            );
            assert_eq!(status, CopStatus::Ok);
            assert_eq!(
                cop_participation_compute(landscape, as_of, std::ptr::null(), &mut participation),
                CopStatus::Ok
            );
            let take = |json: *mut c_char| {
                let text = CStr::from_ptr(json).to_str().unwrap().to_owned();
                cop_string_free(json);
                text
            };

            let options = c"{\"mentees\":[\"cy\"]}";
            let status = cop_participation_suggest_mentors_json(
                participation,
                landscape,
                as_of,
                options.as_ptr(),
                &mut json,
            );
            assert_eq!(status, CopStatus::Ok);
            let text = take(json);
            assert!(text.contains("\"mentee\":\"cy\",\"mentee_id\":2,\"mentor\":\"ada\""), "{text}");

            assert_eq!(
                cop_landscape_find_experts_json(landscape, 0, as_of, 3, std::ptr::null(), &mut json),
                CopStatus::Ok
            );
            assert!(take(json).starts_with("[{\"member\":\"ada\""));
            let missing =
                cop_landscape_find_experts_json(landscape, 9, as_of, 3, std::ptr::null(), &mut json);
            assert_eq!(missing, CopStatus::UnknownId);

            let status = cop_participation_suggest_peers_json(
                participation,
                landscape,
                as_of,
                std::ptr::null(),
                &mut json,
            );
            assert_eq!(status, CopStatus::Ok);
            assert!(take(json).starts_with("{\"exact\":"));

            assert_eq!(
                cop_landscape_recommend_communities_json(landscape, 2, as_of, 3, &mut json),
                CopStatus::Ok
            );
            assert!(take(json).starts_with('['));
            assert_eq!(
                cop_landscape_recommend_communities_json(landscape, 99, as_of, 3, &mut json),
                CopStatus::UnknownId
            );

            let bad = c"{\"top_k\":";
            let status = cop_participation_suggest_mentors_json(
                participation,
                landscape,
                as_of,
                bad.as_ptr(),
                &mut json,
            );
            assert_eq!(status, CopStatus::InvalidValue);
            cop_participation_free(participation);
            cop_landscape_free(landscape);
        }
    }
}
