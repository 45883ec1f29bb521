//! Matching: access to experienced practitioners.
//!
//! Newcomers learn by taking part with access to experienced practitioners; this module makes
//! that access happen. Four questions, each answered with explainable scores — every score is a
//! weighted sum of parts in `0..=1`, and the parts and the reasons in words are returned:
//!
//! - **Who should mentor whom?** [`Analysis::mentors`](crate::Analysis::mentors): mentees and mentors (by default from the
//!   participation analysis: newcomers, inbound and peripheral members; competent core and
//!   active members), scored by domain fit through the taxonomy, competence gap, free capacity,
//!   availability, familiarity against novelty and stated preferences; required and excluded
//!   pairs and capacities as hard constraints; pairs chosen by an optimal, greedy or stable
//!   assignment ([`Mode`]). Unmatched mentees come with the reason.
//! - **Who can help with X?** [`Analysis::experts`](crate::Analysis::experts): the top members for a domain and its
//!   sub-domains, by evidence in events and artifacts, recency, responsiveness and load.
//! - **Who could learn together?** [`Analysis::peers`](crate::Analysis::peers): learning partners at a similar level with
//!   shared interests, by a maximum-weight matching ([`max_weight_matching`]).
//! - **Where would a member fit?** [`Analysis::communities_for`](crate::Analysis::communities_for): the communities whose domains
//!   and members fit their interests.
//!
//! The assignment solvers ([`assign_optimal`], [`assign_greedy`], [`assign_stable`]) work on a
//! plain [`AssignmentProblem`] (sparse candidate lists and capacities), so they can be used, and
//! benchmarked, on their own. Like every analysis, matching is computed *as of* a date given by
//! the caller: the date of the [`Analysis`](crate::Analysis) it is asked of.
//!
//! ```
//! use cop_core::analysis::{Analysis, AsOf};
//! use cop_core::matching::{MatchingOptions, Mode};
//! use cop_core::participation::analysis::Options;
//! use cop_core::{ImportOptions, Landscape};
//!
//! // Ada and Grace answer questions about testing; Bob and Cy are newcomers who ask.
//! let mut csv = String::from("member,time,kind,domain,target\n");
//! for day in 1..=20 {
//!     csv += &format!("ada,2024-05-{day:02}T10:00:00Z,answer,testing,grace\n");
//!     csv += &format!("grace,2024-05-{day:02}T11:00:00Z,review,testing/unit,ada\n");
//! }
//! csv += "bob,2024-05-25T09:00:00Z,ask,testing/unit,\n";
//! csv += "cy,2024-05-26T09:00:00Z,ask,testing,\n";
//! let mut landscape = Landscape::new();
//! landscape.import_csv(csv.as_bytes(), &ImportOptions::default())?;
//!
//! let analysis = Analysis::new(&landscape, AsOf::parse("2024-06-01T00:00:00Z")?, &Options::default())?;
//! let mut options = MatchingOptions::default();
//! options.mentees = Some(vec!["bob".into(), "cy".into()]);
//! options.max_mentees = Some(1);
//! let matching = analysis.mentors(&options)?;
//! assert_eq!(matching.mode, Mode::Optimal);
//! // Bob asks about unit testing: Grace reviews exactly that; Cy asks about testing: Ada.
//! let pairs: Vec<(&str, &str)> =
//!     matching.pairs.iter().map(|p| (p.mentee.as_str(), p.mentor.as_str())).collect();
//! assert_eq!(pairs, [("bob", "grace"), ("cy", "ada")]);
//! assert_eq!(matching.pairs[0].parts.domain_fit, 1.0);
//! assert!(matching.pairs[0].reasons.iter().any(|r| r.contains("testing/unit")));
//! # Ok::<(), cop_core::CopError>(())
//! ```

pub mod assign;
pub mod blossom;
pub mod communities;
pub mod experts;
pub mod mentors;
pub mod peers;
pub mod score;

pub use assign::{
    Assignment, AssignmentProblem, Candidate, Mode, assign, assign_greedy, assign_optimal, assign_stable,
    blocking_pairs,
};
pub use blossom::max_weight_matching;
pub(crate) use communities::recommend_communities_with;
pub use communities::{CommunityFit, CommunityOptions, CommunityParts, CommunityWeights};
pub(crate) use experts::find_experts;
pub use experts::{Expert, ExpertEvidence, ExpertOptions, ExpertParts, ExpertWeights};
pub(crate) use mentors::suggest_mentors;
pub use mentors::{
    MatchedPair, MatchingOptions, MentorMatching, MentorWeights, PairKeys, ScoreParts, Unmatched,
    UnmatchedReason,
};
pub(crate) use peers::suggest_peers;
pub use peers::{PeerMatching, PeerOptions, PeerPair, PeerParts, PeerWeights};
pub use score::{
    ARTIFACT_CREDIT, COMPETENCE_CREDIT, DomainCredit, competence_position, domain_fit, estimate_competence,
    gap_score, kind_credit, position_gap_score,
};
