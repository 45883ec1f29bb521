//! Recording a git history: commits become events, signatures become identities, identities
//! become people.
//!
//! [`Landscape::import_git`] reads a repository with [`read_history`] and records, per commit,
//! the events the [`git`](super::git) module describes (`commit`, `merge`, `coauthor`). Every
//! distinct signature (`Name <email>`, the address in lower case) is an identity, in order of
//! first appearance; identities are then grouped into people by the rules of
//! [`people::resolve`](crate::model::people::resolve) — the same address, the repository's `.mailmap`,
//! GitHub noreply addresses and the names they carry — each merge recorded with its rule, so it
//! can be shown and undone. Bots are recognised by [`looks_like_bot`](crate::model::people::looks_like_bot) and by the caller's list,
//! and left out of analyses by default; staff only by the caller's list.
//!
//! With a salt, keys are pseudonyms ([`pseudonym`]): names and addresses are then never stored,
//! and two runs with the same salt give the same keys.
//!
//! A history's identities are resolved together with those already in the landscape (as far as
//! their stored details allow: pseudonymised ones keep none), so the same person in two
//! repositories is one member. An identity split off by hand before an import may be merged
//! again by it: apply identities files after importing.
//!
//! ```no_run
//! use cop_core::Landscape;
//! use cop_core::ingest::history::GitImport;
//!
//! let mut landscape = Landscape::new();
//! let report = landscape.import_git(std::path::Path::new("."), &GitImport::default())?;
//! println!("{} identities are {} people; bots: {:?}", report.identities, report.members, report.bots);
//! # Ok::<(), cop_core::CopError>(())
//! ```

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::git::{Commit, GitOptions, Signature, read_history};
use crate::error::Result;
use crate::model::landscape::{KeyedEvent, Landscape};
use crate::model::people::{Identity, MergeRule, pseudonym};
use crate::{ImportOptions, MemberId};

/// How to record a git history (every field has a default; JSON for C and Python).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct GitImport {
    /// The commits to read (a revision or a range, as `git log` takes it); `None`: HEAD.
    pub range: Option<String>,
    /// Whether the repository's `.mailmap` merges identities (on by default).
    pub mailmap: bool,
    /// Whether pull-request merges are `merge` events (on by default); off, they are `commit`
    /// events of their author.
    pub merges: bool,
    /// Whether `Co-authored-by:` trailers give `coauthor` events (on by default).
    pub coauthors: bool,
    /// Whether identities are grouped into people on import (on by default).
    pub resolve_identities: bool,
    /// The salt of pseudonyms: `Some` replaces every key by a pseudonym and stores no name or
    /// address.
    pub pseudonymise: Option<String>,
    /// The community of the events; `None`: the default community.
    pub community: Option<String>,
    /// Names, addresses or keys of further bots.
    pub bots: Vec<String>,
    /// Names, addresses or keys of staff.
    pub staff: Vec<String>,
}

impl Default for GitImport {
    fn default() -> Self {
        GitImport {
            range: None,
            mailmap: true,
            merges: true,
            coauthors: true,
            resolve_identities: true,
            pseudonymise: None,
            community: None,
            bots: Vec::new(),
            staff: Vec::new(),
        }
    }
}

impl GitImport {
    /// Parses options from JSON (missing fields take their defaults; unknown fields are refused).
    pub fn from_json(text: &str) -> Result<GitImport> {
        serde_json::from_str(text).map_err(|e| crate::CopError::invalid("options", e.to_string()))
    }

    /// The same, reading `range`.
    pub fn range(mut self, range: impl Into<String>) -> Self {
        self.range = Some(range.into());
        self
    }

    /// The same, with keys replaced by pseudonyms keyed with `salt`.
    pub fn pseudonymise(mut self, salt: impl Into<String>) -> Self {
        self.pseudonymise = Some(salt.into());
        self
    }

    /// The same, recording into `community`.
    pub fn community(mut self, community: impl Into<String>) -> Self {
        self.community = Some(community.into());
        self
    }
}

/// What recording a history did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct GitReport {
    /// Commits read.
    pub commits: usize,
    /// Events recorded (those of bots included).
    pub events: usize,
    /// Distinct identities (signatures) seen.
    pub identities: usize,
    /// People they make after merges.
    pub members: usize,
    /// Merges made, per rule.
    pub merges: Vec<(MergeRule, usize)>,
    /// The keys of the members recognised as bots.
    pub bots: Vec<String>,
}

/// A repository's `.mailmap` (as `git log` reads it), to say whom a signature stands for.
#[derive(Default)]
struct Mailmap(Option<gix::mailmap::Snapshot>);

impl Mailmap {
    /// The mailmap of the repository at `path` (empty if it cannot be read: the history was).
    fn of(path: &Path) -> Mailmap {
        let repository = gix::ThreadSafeRepository::discover(path).ok();
        Mailmap(repository.map(|r| r.to_thread_local().open_mailmap()))
    }

    /// The key of the person the mailmap says an identity is (the identity itself when the
    /// mailmap does not map it); `None` without a mailmap.
    fn key_of(&self, identity: &Identity) -> Option<String> {
        use gix::bstr::ByteSlice;
        let mailmap = self.0.as_ref()?;
        let signature = gix::actor::SignatureRef {
            name: identity.name.as_bytes().as_bstr(),
            email: identity.email.as_bytes().as_bstr(),
            time: "",
        };
        let (name, email) = match mailmap.try_resolve_ref(signature) {
            Some(mapped) => (
                mapped.name.map_or_else(|| identity.name.clone(), |n| n.to_str_lossy().into_owned()),
                mapped.email.map_or_else(|| identity.email.clone(), |e| e.to_str_lossy().into_owned()),
            ),
            None => (identity.name.clone(), identity.email.clone()),
        };
        Some(format!("{name} <{}>", email.to_lowercase()))
    }
}

/// An event of a history, naming identities by their index.
struct Act {
    time: i64,
    kind: &'static str,
    member: usize,
    target: Option<usize>,
    domain: usize,
}

/// The identities of a history, in order of first appearance.
#[derive(Default)]
struct Signatures {
    index: HashMap<String, usize>,
    list: Vec<Identity>,
}

impl Signatures {
    fn of(&mut self, signature: &Signature) -> usize {
        let identity = Identity::git(&signature.name, &signature.email.to_lowercase());
        let key = key_of(&identity);
        let next = self.list.len();
        *self.index.entry(key).or_insert_with(|| {
            self.list.push(identity);
            next
        })
    }
}

/// The key of a git identity: `Name <email>` (or whichever of the two is known).
fn key_of(identity: &Identity) -> String {
    match (identity.name.is_empty(), identity.email.is_empty()) {
        (false, false) => format!("{} <{}>", identity.name, identity.email),
        (false, true) => identity.name.clone(),
        (true, false) => format!("<{}>", identity.email),
        (true, true) => "unknown".to_owned(),
    }
}

fn is_web_flow(signature: &Signature) -> bool {
    signature.name == "GitHub" && signature.email.eq_ignore_ascii_case("noreply@github.com")
}

/// The events of a history (commits oldest first), in time order.
fn acts(
    commits: &[Commit],
    options: &GitImport,
    ids: &mut Signatures,
    domains: &mut Vec<String>,
) -> Vec<Act> {
    let author_of: HashMap<&str, &Signature> = commits.iter().map(|c| (c.hash.as_str(), &c.author)).collect();
    let mut domain_index: HashMap<String, usize> = HashMap::new();
    let mut acts = Vec::with_capacity(commits.len());
    for commit in commits {
        let next = domain_index.len();
        let domain = *domain_index.entry(commit.domain.clone()).or_insert_with(|| {
            domains.push(commit.domain.clone());
            next
        });
        let author = ids.of(&commit.author);
        if options.merges && commit.is_pull_request_merge() {
            let merger = if is_web_flow(&commit.committer) { &commit.author } else { &commit.committer };
            let member = ids.of(merger);
            let head = commit.parents.get(1).and_then(|p| author_of.get(p.as_str()).copied());
            let target = head.map(|h| ids.of(h));
            acts.push(Act { time: commit.time, kind: "merge", member, target, domain });
        } else {
            acts.push(Act { time: commit.time, kind: "commit", member: author, target: None, domain });
        }
        if options.coauthors {
            let mut seen = vec![author];
            for coauthor in &commit.coauthors {
                let c = ids.of(coauthor);
                let same_address = ids.list[c].email_key().is_some()
                    && ids.list[c].email_key() == ids.list[author].email_key();
                if !seen.contains(&c) && !same_address {
                    seen.push(c);
                    acts.push(Act {
                        time: commit.time,
                        kind: "coauthor",
                        member: author,
                        target: Some(c),
                        domain,
                    });
                }
            }
        }
    }
    acts.sort_by_key(|a| a.time);
    acts
}

impl Landscape {
    /// Records the history of the git repository at `path` (its working tree, a directory in it,
    /// or a bare repository), read with gitoxide — no `git` command is needed. See the
    /// [module docs](self) for what becomes what. All or nothing: on an error nothing changes.
    ///
    /// Errors: those of [`read_history`] (the path, the repository, the range), and
    /// [`CopError::InvalidValue`](crate::CopError::InvalidValue) when a signature makes no
    /// acceptable key (longer than [`MAX_KEY_BYTES`](crate::limits::MAX_KEY_BYTES)).
    pub fn import_git(&mut self, path: &Path, options: &GitImport) -> Result<GitReport> {
        let read = GitOptions::default().mailmap(false);
        let read = match &options.range {
            Some(range) => read.range(range.clone()),
            None => read,
        };
        let commits = read_history(path, &read)?;
        let mailmap = if options.mailmap { Mailmap::of(path) } else { Mailmap::default() };
        let mut ids = Signatures::default();
        let mut domains = Vec::new();
        let acts = acts(&commits, options, &mut ids, &mut domains);
        let checkpoint = self.checkpoint();
        // Flags, details and merges of members that exist already are restored on an error too.
        let members = self.members.clone();
        let report = self.record_history(&acts, &ids.list, &domains, &mailmap, options);
        match report {
            Ok(mut report) => {
                report.commits = commits.len();
                Ok(report)
            }
            Err(error) => {
                self.rollback(checkpoint);
                self.members = members;
                self.refresh_people();
                Err(error)
            }
        }
    }

    /// The merges that make people of this history's identities (`rows`, as `identities` say)
    /// together with every identity already in the landscape (as their stored details say: the
    /// same person in two repositories is one member), by the rules of
    /// [`people::resolve`](crate::model::people::resolve); the earliest identity names the member.
    fn resolve_with(
        &self,
        identities: &[Identity],
        rows: &[MemberId],
        mailmap: &Mailmap,
    ) -> Vec<(MemberId, MemberId, MergeRule)> {
        let mut all: Vec<Identity> =
            self.members.iter().map(|m| m.identity.clone().unwrap_or_default()).collect();
        let mut mapped: Vec<Option<String>> = vec![None; all.len()];
        for (identity, row) in identities.iter().zip(rows) {
            mapped[row.index()] = mailmap.key_of(identity);
            all[row.index()] = identity.clone();
        }
        crate::model::people::resolve(&all, &mapped)
            .into_iter()
            .map(|f| (MemberId::from_raw(f.kept as u32), MemberId::from_raw(f.merged as u32), f.rule))
            .collect()
    }

    fn record_history(
        &mut self,
        acts: &[Act],
        identities: &[Identity],
        domains: &[String],
        mailmap: &Mailmap,
        options: &GitImport,
    ) -> Result<GitReport> {
        let keys: Vec<String> = identities
            .iter()
            .map(|identity| match &options.pseudonymise {
                Some(salt) => pseudonym(salt, &key_of(identity)),
                None => key_of(identity),
            })
            .collect();
        let listed = |list: &[String], identity: &Identity, key: &str| {
            list.iter().any(|x| {
                let x = x.trim();
                x.eq_ignore_ascii_case(&identity.name)
                    || x.eq_ignore_ascii_case(&identity.email)
                    || x == key
                    || x == key_of(identity)
            })
        };
        let mut rows = Vec::with_capacity(identities.len());
        for (identity, key) in identities.iter().zip(&keys) {
            let id = self.ensure_member(key)?;
            let id = self.identity_id(key).unwrap_or(id);
            let member = &mut self.members[id.index()];
            member.bot |= identity.looks_like_bot() || listed(&options.bots, identity, key);
            member.staff |= listed(&options.staff, identity, key);
            member.identity = Some(match options.pseudonymise {
                Some(_) => Identity { source: "git".into(), ..Identity::default() },
                None => identity.clone(),
            });
            rows.push(id);
        }
        let events = acts.iter().map(|a| KeyedEvent {
            member: &keys[a.member],
            time: a.time,
            kind: a.kind,
            community: options.community.as_deref(),
            domain: Some(domains[a.domain].as_str()),
            target: a.target.map(|t| keys[t].as_str()),
            ..Default::default()
        });
        let recorded = self.record_keyed_batch(events, &ImportOptions::default().source("git"))?.recorded;
        let merges = if options.resolve_identities {
            self.resolve_with(identities, &rows, mailmap)
        } else {
            Vec::new()
        };
        self.merge_all(&merges)?;
        self.refresh_people();
        let mut report = GitReport { events: recorded, identities: identities.len(), ..Default::default() };
        (report.members, report.bots) = self.people_of(&rows);
        for rule in MergeRule::ALL {
            let n = merges.iter().filter(|m| m.2 == rule && rows.contains(&m.1)).count();
            if n > 0 {
                report.merges.push((rule, n));
            }
        }
        Ok(report)
    }
}
