//! People, not addresses: identities, merges, bots, staff and the scope of analyses.
//!
//! Every key an event names is an **identity** of the landscape (`Ada Lovelace <ada@example.com>`
//! from git, a login from GitHub, a user id from a Stack Exchange dump). A **member** is a person:
//! one identity, or several identities merged into one. A merge records the [`MergeRule`] that
//! made it — the same e-mail address, git's `.mailmap`, a GitHub noreply address, the same
//! login, an identities file, a call of the API — so that a report can say why two names are one
//! person, and each merge can be undone ([`Landscape::unmerge`](crate::Landscape::unmerge)).
//!
//! Events keep the identity they were recorded under; analyses see them under the member the
//! identity belongs to now. Merging and unmerging therefore never lose anything: the landscape
//! re-reads its recorded events (O(events)) and every analysis after it counts people.
//!
//! Members carry two flags: **bot** (an automated account: recognised by the patterns of
//! [`looks_like_bot`] on import, or set by the caller) and **staff** (a community's paid team, the
//! "teammates" of community platforms: only ever set by the caller). The landscape's [`Scope`]
//! says who analyses see: by default everyone but bots. Events of members left out are kept (and
//! written to snapshots) but no analysis reads them, and events aimed at them lose their target.
//!
//! Identity resolution on import ([`resolve`]) groups identities by the rules above; the git
//! reader and the importers of other platforms use it. Pseudonyms ([`pseudonym`]) are keyed with
//! a salt the caller gives, so two runs with the same salt give the same pseudonyms.

use serde::{Deserialize, Serialize};

use crate::error::{CopError, Result};
use crate::model::ids::{EventId, MemberId};
use crate::model::landscape::Landscape;
use crate::model::log::{EventLog, NONE, Row};
use crate::model::member::Member;

/// Why two identities are one member.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MergeRule {
    /// The same e-mail address (compared trimmed, without regard to case).
    Email,
    /// The repository's `.mailmap` maps both to the same person.
    Mailmap,
    /// A GitHub noreply address (`ID+login@users.noreply.github.com` or
    /// `login@users.noreply.github.com`) names the same login.
    Noreply,
    /// The same full name (two words or more) as an identity with a GitHub noreply address: the
    /// name GitHub shows for that login.
    NoreplyName,
    /// The same login on the same platform.
    Login,
    /// A line of an identities file.
    File,
    /// A call of the API.
    Api,
}

impl MergeRule {
    /// Every rule.
    pub const ALL: [MergeRule; 7] = [
        MergeRule::Email,
        MergeRule::Mailmap,
        MergeRule::Noreply,
        MergeRule::NoreplyName,
        MergeRule::Login,
        MergeRule::File,
        MergeRule::Api,
    ];

    /// The rule's name in snake case (`noreply_name`).
    pub fn name(self) -> &'static str {
        match self {
            MergeRule::Email => "email",
            MergeRule::Mailmap => "mailmap",
            MergeRule::Noreply => "noreply",
            MergeRule::NoreplyName => "noreply_name",
            MergeRule::Login => "login",
            MergeRule::File => "file",
            MergeRule::Api => "api",
        }
    }

    /// The rule of a name (as [`MergeRule::name`] gives it).
    pub fn from_name(name: &str) -> Option<MergeRule> {
        MergeRule::ALL.into_iter().find(|r| r.name() == name)
    }

    /// Why the rule makes two identities one person, in words.
    pub fn reason(self) -> &'static str {
        match self {
            MergeRule::Email => "the same e-mail address",
            MergeRule::Mailmap => "the repository's .mailmap",
            MergeRule::Noreply => "the same GitHub login in a noreply address",
            MergeRule::NoreplyName => "the name GitHub shows for a noreply address's login",
            MergeRule::Login => "the same login on the same platform",
            MergeRule::File => "the identities file",
            MergeRule::Api => "merged by a call of the API",
        }
    }
}

/// What is known of one identity besides its key: where it comes from and the person's name,
/// e-mail address and login there. Every field may be empty.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Identity {
    /// The platform or source: `git`, `github`, `stackexchange`, `slack`, … (empty: an event file).
    pub source: String,
    /// The name, as the source writes it.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// The e-mail address, as the source writes it.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub email: String,
    /// The login or handle on the source.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub login: String,
}

impl Identity {
    /// An identity of a git history: a name and an e-mail address (its login is the one of a
    /// GitHub noreply address, if it is one).
    pub fn git(name: &str, email: &str) -> Identity {
        Identity {
            source: "git".to_owned(),
            name: name.split_whitespace().collect::<Vec<_>>().join(" "),
            email: email.trim().to_owned(),
            login: noreply_login(email).unwrap_or_default(),
        }
    }

    /// The identity's normalised e-mail address (trimmed, lower case), unless it is empty or an
    /// address many people share (GitHub's web-flow `noreply@github.com`, `none@none`, …).
    pub fn email_key(&self) -> Option<String> {
        let email = self.email.trim().to_lowercase();
        let shared = email.is_empty()
            || !email.contains('@')
            || SHARED_ADDRESSES.contains(&email.as_str())
            || email.starts_with("none@")
            || email.starts_with("unknown@")
            || email.ends_with("@localhost")
            || email.ends_with("@localhost.localdomain")
            || email.ends_with(".(none)")
            || email.ends_with("@(none)");
        (!shared).then_some(email)
    }

    /// Whether the identity looks like a bot ([`looks_like_bot`] on its name, e-mail and login).
    pub fn looks_like_bot(&self) -> bool {
        looks_like_bot(&self.name) || looks_like_bot(&self.email) || looks_like_bot(&self.login)
    }
}

/// E-mail addresses that many people share, never a reason to merge.
const SHARED_ADDRESSES: [&str; 6] = [
    "noreply@github.com",
    "no-reply@github.com",
    "nobody@nowhere",
    "root@localhost",
    "you@example.com",
    "email@example.com",
];

/// The login of a GitHub noreply address: `ID+login@users.noreply.github.com` or
/// `login@users.noreply.github.com` (lower case), `None` for any other address.
///
/// ```
/// use cop_core::model::people::noreply_login;
///
/// assert_eq!(noreply_login("1234+Octo-Cat@users.noreply.github.com").as_deref(), Some("octo-cat"));
/// assert_eq!(noreply_login("octocat@users.noreply.github.com").as_deref(), Some("octocat"));
/// assert_eq!(noreply_login("octocat@github.com"), None);
/// ```
pub fn noreply_login(email: &str) -> Option<String> {
    let email = email.trim().to_lowercase();
    let local = email.strip_suffix("@users.noreply.github.com")?;
    let login = match local.split_once('+') {
        Some((id, login)) if id.bytes().all(|b| b.is_ascii_digit()) => login,
        _ => local,
    };
    (!login.is_empty()).then(|| login.to_owned())
}

/// Words that make a name or address a bot's when they are the whole name (or an address's
/// local part): merge bots in the style of bors and homu.
const BOT_NAMES: [&str; 8] =
    ["bors", "bors-ng", "homu", "rust-highfive", "rust-timer", "rustbot", "k8s-ci-robot", "mergify"];

/// Substrings that make a name or address a bot's anywhere they appear.
const BOT_SUBSTRINGS: [&str; 8] = [
    "[bot]",
    "dependabot",
    "renovate",
    "github-actions",
    "pre-commit-ci",
    "greenkeeper",
    "imgbot",
    "allcontributors",
];

/// Whether a name, e-mail address, login or member key is a bot's, by these documented patterns
/// (compared without regard to case):
/// - it contains `[bot]` (GitHub Apps, and their noreply addresses), `dependabot`, `renovate`,
///   `github-actions`, `pre-commit-ci`, `greenkeeper`, `imgbot` or `allcontributors`;
/// - it ends in `-bot` or `_bot` (or, for an address, its local part does);
/// - it is (or an address's local part is, after a GitHub `ID+`) a merge bot of the style of
///   bors and homu: `bors`, `bors-ng`, `homu`, `rust-highfive`, `rust-timer`, `rustbot`,
///   `k8s-ci-robot`, `mergify`.
///
/// A key of the form `Name <email>` matches when its name or its address does.
///
/// ```
/// use cop_core::model::people::looks_like_bot;
///
/// assert!(looks_like_bot("dependabot[bot]"));
/// assert!(looks_like_bot("49699333+dependabot[bot]@users.noreply.github.com"));
/// assert!(looks_like_bot("bors <bors@rust-lang.org>"));
/// assert!(looks_like_bot("release-bot"));
/// assert!(!looks_like_bot("Ada Lovelace <ada@example.com>"));
/// assert!(!looks_like_bot("Abbot"));
/// ```
pub fn looks_like_bot(text: &str) -> bool {
    let text = text.trim();
    // Lower case as it is (most keys are), else lowered: a copy only then.
    let lowered;
    let text = if text.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        text
    } else {
        lowered = text.to_lowercase();
        lowered.as_str()
    };
    if text.is_empty() {
        return false;
    }
    if contains_any(text, &BOT_SUBSTRINGS) {
        return true;
    }
    if let (Some(open), Some(close)) = (text.rfind('<'), text.rfind('>'))
        && open < close
    {
        return looks_like_bot(&text[..open]) || looks_like_bot(&text[open + 1..close]);
    }
    let local = text.split('@').next().unwrap_or_default();
    let local = match local.split_once('+') {
        Some((id, rest)) if id.bytes().all(|b| b.is_ascii_digit()) => rest,
        _ => local,
    };
    local.ends_with("-bot") || local.ends_with("_bot") || BOT_NAMES.contains(&local)
}

/// Whether `text` contains one of `patterns`: one walk over the text, each position compared with
/// the patterns (cheaper than a search per pattern for keys of a few dozen bytes).
fn contains_any(text: &str, patterns: &[&str]) -> bool {
    let bytes = text.as_bytes();
    (0..bytes.len()).any(|i| patterns.iter().any(|p| bytes[i..].starts_with(p.as_bytes())))
}

/// A merge of one identity into another, found by [`resolve`]: `merged` (an index into the
/// identities given) is the same person as `kept`, by `rule`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Found {
    /// The identity that names the person (the first of the group).
    pub kept: usize,
    /// The identity merged into it.
    pub merged: usize,
    /// Why.
    pub rule: MergeRule,
}

/// Groups identities (in order of first appearance) into people by the rules of import:
/// the same e-mail address; the same mapped identity in a `.mailmap` (`mailmap[i]`, the key the
/// mailmap gives identity `i`, if any); the same GitHub login of a noreply address (or of a
/// `github` identity's login); the same login on any other platform; and the same full name as an
/// identity with a noreply address. Each identity that is not the first of its group is merged
/// into the first, with the rule that first joined it to the group.
///
/// ```
/// use cop_core::model::people::{Identity, MergeRule, resolve};
///
/// let ids = [
///     Identity::git("Qi", "add_sp@outlook.com"),
///     Identity::git("ADD-SP", "ADD_SP@outlook.com "),
///     Identity::git("Weihang Lo", "me@weihanglo.tw"),
///     Identity::git("Weihang Lo", "14314532+weihanglo@users.noreply.github.com"),
///     Identity::git("Ada", "ada@example.com"),
/// ];
/// let found = resolve(&ids, &[]);
/// assert_eq!(found.len(), 2);
/// assert_eq!((found[0].kept, found[0].merged, found[0].rule), (0, 1, MergeRule::Email));
/// assert_eq!((found[1].kept, found[1].merged, found[1].rule), (2, 3, MergeRule::NoreplyName));
/// ```
pub fn resolve(identities: &[Identity], mailmap: &[Option<String>]) -> Vec<Found> {
    use std::collections::HashMap;
    let n = identities.len();
    let mut groups = UnionFind::new(n);
    let mut rule_of: Vec<Option<MergeRule>> = vec![None; n];
    let mut join = |groups: &mut UnionFind, a: usize, b: usize, rule: MergeRule| {
        let (ra, rb) = (groups.find(a), groups.find(b));
        if ra != rb {
            // The later group joins the earlier; its first identity records the rule.
            let (first, later) = if ra < rb { (ra, rb) } else { (rb, ra) };
            groups.parent[later] = first;
            rule_of[later] = Some(rule);
        }
    };
    let mut seen: HashMap<(u8, String), usize> = HashMap::new();
    let mut by = |groups: &mut UnionFind, i: usize, class: u8, key: Option<String>, rule: MergeRule| {
        if let Some(key) = key {
            match seen.get(&(class, key.clone())) {
                Some(&first) => join(groups, first, i, rule),
                None => {
                    seen.insert((class, key), i);
                }
            }
        }
    };
    for (i, identity) in identities.iter().enumerate() {
        by(&mut groups, i, 0, mailmap.get(i).cloned().flatten(), MergeRule::Mailmap);
        by(&mut groups, i, 1, identity.email_key(), MergeRule::Email);
        let login = identity.login.trim().to_lowercase();
        let github = noreply_login(&identity.email).is_some() || identity.source == "github";
        let platform = if github { "github" } else { identity.source.as_str() };
        let login_key = (!login.is_empty()).then(|| format!("{platform}\u{1f}{login}"));
        let rule =
            if noreply_login(&identity.email).is_some() { MergeRule::Noreply } else { MergeRule::Login };
        by(&mut groups, i, 2, login_key, rule);
    }
    // Names last: a full name joins the group of the first noreply identity that bears it.
    let full_name = |identity: &Identity| {
        let name = identity.name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        (name.split(' ').count() >= 2 && !looks_like_bot(&name)).then_some(name)
    };
    let mut noreply_names: HashMap<String, usize> = HashMap::new();
    for (i, identity) in identities.iter().enumerate() {
        if noreply_login(&identity.email).is_some()
            && let Some(name) = full_name(identity)
        {
            noreply_names.entry(name).or_insert(i);
        }
    }
    for (i, identity) in identities.iter().enumerate() {
        if let Some(&first) = full_name(identity).and_then(|name| noreply_names.get(&name)) {
            // Two GitHub logins are two accounts, whatever their names.
            let logins = (noreply_login(&identities[first].email), noreply_login(&identity.email));
            if !matches!(logins, (Some(a), Some(b)) if a != b) {
                join(&mut groups, first, i, MergeRule::NoreplyName);
            }
        }
    }
    (0..n)
        .filter_map(|i| {
            let root = groups.find(i);
            (root != i).then(|| Found { kept: root, merged: i, rule: first_rule(&groups, &rule_of, i) })
        })
        .collect()
}

/// The rule on the path from an identity to its group's first identity, nearest first.
fn first_rule(groups: &UnionFind, rule_of: &[Option<MergeRule>], i: usize) -> MergeRule {
    let mut at = i;
    loop {
        if let Some(rule) = rule_of[at] {
            return rule;
        }
        let next = groups.parent[at];
        if next == at {
            return MergeRule::Api;
        }
        at = next;
    }
}

/// A union-find whose roots are always the smallest index of their set.
struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    fn new(n: usize) -> UnionFind {
        UnionFind { parent: (0..n).collect() }
    }

    fn find(&self, mut i: usize) -> usize {
        while self.parent[i] != i {
            i = self.parent[i];
        }
        i
    }
}

/// A pseudonym for an identity key, keyed with `salt`: `p` and 12 hexadecimal digits of the
/// HMAC-SHA-256 of the key. Two runs with the same salt give the same pseudonyms (so their
/// outputs can be joined); without the salt, a pseudonym cannot be traced back to its key by
/// trying likely names.
///
/// ```
/// use cop_core::model::people::pseudonym;
///
/// let a = pseudonym("our secret", "Ada <ada@example.com>");
/// assert_eq!(a, pseudonym("our secret", "Ada <ada@example.com>"));
/// assert_ne!(a, pseudonym("another salt", "Ada <ada@example.com>"));
/// assert_eq!(a.len(), 13);
/// ```
pub fn pseudonym(salt: &str, key: &str) -> String {
    use hmac::{Hmac, Mac};
    let mut mac =
        <Hmac<sha2::Sha256> as Mac>::new_from_slice(salt.as_bytes()).expect("HMAC takes any key length");
    mac.update(key.as_bytes());
    let digest = mac.finalize().into_bytes();
    let mut out = String::with_capacity(13);
    out.push('p');
    for byte in &digest[..6] {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

/// A flag of members.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Flag {
    /// An automated account.
    Bot,
    /// One of the community's paid team.
    Staff,
}

/// Who analyses see. By default every member but bots; staff can be left out the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct Scope {
    /// Whether analyses see bots (default: no).
    pub include_bots: bool,
    /// Whether analyses see staff (default: yes).
    pub include_staff: bool,
}

impl Default for Scope {
    fn default() -> Self {
        Scope { include_bots: false, include_staff: true }
    }
}

impl Scope {
    /// Everyone: bots and staff included.
    pub const EVERYONE: Scope = Scope { include_bots: true, include_staff: true };

    /// This scope, seeing bots or not.
    ///
    /// ```
    /// use cop_core::model::people::Scope;
    /// let scope = Scope::default().with_bots(true).with_staff(false);
    /// assert!(scope.include_bots && !scope.include_staff);
    /// ```
    pub const fn with_bots(mut self, include: bool) -> Scope {
        self.include_bots = include;
        self
    }

    /// This scope, seeing staff or not.
    pub const fn with_staff(mut self, include: bool) -> Scope {
        self.include_staff = include;
        self
    }
}

/// An identity merged into another member, with the rule that made it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Merged {
    /// The member (identity) it was merged into.
    pub into: MemberId,
    /// Why.
    pub rule: MergeRule,
}

/// One identity of a member, as [`Landscape::identities`](crate::Landscape::identities) lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IdentityOf {
    /// The identity's own id (the member it was before any merge).
    pub id: MemberId,
    /// Its key.
    pub key: String,
    /// What is known of it.
    pub identity: Identity,
    /// The member it was merged into and why; `None` for the identity that names the member.
    pub merged: Option<Merged>,
}

/// How many identities, members, bots and staff a landscape holds, and what analyses leave out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PeopleCounts {
    /// Identities: every key ever recorded.
    pub identities: usize,
    /// Members: people, after merges (bots and staff included).
    pub members: usize,
    /// Identities merged into another member, per rule.
    pub merges: Vec<(MergeRule, usize)>,
    /// Members flagged as bots.
    pub bots: usize,
    /// Members flagged as staff.
    pub staff: usize,
    /// Members analyses leave out (by the scope).
    pub left_out: usize,
    /// Events of members left out, which analyses do not read.
    pub events_left_out: usize,
}

/// One identity merged into a member, for a report: who, into whom, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MergeShown {
    /// The identity's key.
    pub identity: String,
    /// The key of the member it belongs to.
    pub member: String,
    /// The rule that merged it.
    pub rule: MergeRule,
    /// The rule in words.
    pub reason: &'static str,
}

/// Who is who in a landscape, for a report: counts, the scope, bots, staff and every merge.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PeopleReport {
    /// How many identities, members, bots and staff.
    pub counts: PeopleCounts,
    /// Who analyses see.
    pub scope: Scope,
    /// The keys of the members flagged as bots.
    pub bots: Vec<String>,
    /// The keys of the members flagged as staff.
    pub staff: Vec<String>,
    /// Every identity merged into another member, in order of creation.
    pub merges: Vec<MergeShown>,
}

// ----- the landscape's people -------------------------------------------------------------------

/// The landscape's record of who is who: the scope, the events as recorded (when analyses read
/// another log) and, per identity, the member it belongs to and whether analyses leave it out.
#[derive(Clone, Debug, Default)]
pub(crate) struct People {
    pub(crate) scope: Scope,
    /// Every event as recorded, under the identities it named — only kept once some identity is
    /// merged or some member left out; until then the log is the record.
    pub(crate) recorded: Option<Vec<Row>>,
    /// Per identity: the raw id of the member it belongs to (itself unless merged).
    canonical: Vec<u32>,
    /// Per member: whether analyses leave it out (by the scope and the member's flags).
    left_out: Vec<bool>,
    /// Per member: whether any of its identities is flagged as a bot.
    bot: Vec<bool>,
    /// Per member: whether any of its identities is flagged as staff.
    staff: Vec<bool>,
}

impl People {
    /// The member an identity belongs to.
    pub(crate) fn member_of(&self, identity: u32) -> u32 {
        self.canonical.get(identity as usize).copied().unwrap_or(identity)
    }

    /// Whether analyses leave this identity's member out.
    pub(crate) fn is_left_out(&self, identity: u32) -> bool {
        self.left_out.get(self.member_of(identity) as usize).copied().unwrap_or(false)
    }

    /// An event as analyses see it: under its members, without a target left out; `None` when
    /// its member is left out.
    pub(crate) fn analysed(&self, row: Row) -> Option<Row> {
        let member = self.member_of(row.member);
        if self.left_out[member as usize] {
            return None;
        }
        let target = match row.target {
            NONE => NONE,
            t => Some(self.member_of(t)).filter(|&t| !self.left_out[t as usize]).unwrap_or(NONE),
        };
        Some(Row { member, target, ..row })
    }

    fn excludes(&self, bot: bool, staff: bool) -> bool {
        (bot && !self.scope.include_bots) || (staff && !self.scope.include_staff)
    }

    /// Notes a new identity (a member of its own); whether analyses leave it out.
    pub(crate) fn push(&mut self, member: &Member) -> bool {
        let raw = self.canonical.len() as u32;
        let out = self.excludes(member.bot, member.staff);
        self.canonical.push(raw);
        self.left_out.push(out);
        self.bot.push(member.bot);
        self.staff.push(member.staff);
        out
    }

    /// The same people without the record (for a view whose log holds analysed events only).
    pub(crate) fn without_record(&self) -> People {
        People {
            scope: self.scope,
            recorded: None,
            canonical: self.canonical.clone(),
            left_out: self.left_out.clone(),
            bot: self.bot.clone(),
            staff: self.staff.clone(),
        }
    }

    /// Keeps the record apart from the log, if analyses read something else (before events are
    /// recorded into an empty log).
    pub(crate) fn start_record(&mut self) {
        if self.differs() {
            self.recorded = Some(Vec::new());
        }
    }

    pub(crate) fn truncate(&mut self, identities: usize, recorded: Option<usize>) {
        self.canonical.truncate(identities);
        self.left_out.truncate(identities);
        self.bot.truncate(identities);
        self.staff.truncate(identities);
        // Without a record at the checkpoint, the identities that made one are gone again.
        match (&mut self.recorded, recorded) {
            (Some(rows), Some(len)) => rows.truncate(len),
            (_, None) => self.recorded = None,
            (None, Some(_)) => {}
        }
    }

    /// Derives members and who is left out from the identities' merges and flags.
    pub(crate) fn recompute(&mut self, members: &[Member]) {
        let n = members.len();
        self.canonical = (0..n as u32).map(|i| root(members, i)).collect();
        let (mut bot, mut staff) = (vec![false; n], vec![false; n]);
        for (i, m) in members.iter().enumerate() {
            let c = self.canonical[i] as usize;
            bot[c] |= m.bot;
            staff[c] |= m.staff;
        }
        self.left_out =
            (0..n).map(|i| self.canonical[i] as usize == i && self.excludes(bot[i], staff[i])).collect();
        (self.bot, self.staff) = (bot, staff);
    }

    /// Whether analyses read another log than the record (some identity merged or member out).
    fn differs(&self) -> bool {
        self.left_out.iter().any(|&out| out)
            || self.canonical.iter().enumerate().any(|(i, &c)| c as usize != i)
    }
}

/// Whether every merge points at an existing identity and no chain of merges comes back on
/// itself (O(identities)).
pub(crate) fn merges_acyclic(members: &[Member]) -> bool {
    // 0: not seen, 1: on the current chain, 2: known to end at a member.
    let mut state = vec![0u8; members.len()];
    for start in 0..members.len() {
        let mut chain = Vec::new();
        let mut at = start;
        while state[at] == 0 {
            state[at] = 1;
            chain.push(at);
            match members[at].merged {
                None => break,
                Some(m) if m.into.index() < members.len() => at = m.into.index(),
                Some(_) => return false,
            }
        }
        if state[at] == 1 && members[at].merged.is_some() {
            return false;
        }
        for i in chain {
            state[i] = 2;
        }
    }
    true
}

/// The member an identity belongs to, following its merges (checked acyclic where they are made).
fn root(members: &[Member], identity: u32) -> u32 {
    let mut at = identity;
    for _ in 0..members.len() {
        match members[at as usize].merged {
            Some(merged) => at = merged.into.raw(),
            None => return at,
        }
    }
    identity
}

impl Landscape {
    /// The member an identity belongs to: itself, or the member it was merged into.
    pub fn member_of(&self, identity: MemberId) -> MemberId {
        MemberId(self.people.member_of(identity.raw()))
    }

    /// The id of an identity key, whether or not it was merged into another member (see
    /// [`Landscape::member_id`] for the member it belongs to).
    pub fn identity_id(&self, key: &str) -> Option<MemberId> {
        self.member_keys.get(key).map(MemberId)
    }

    /// Attaches what is known of an identity besides its key (source, name, e-mail, login).
    pub fn set_identity(&mut self, identity: MemberId, details: Identity) -> Result<()> {
        self.check_member(identity)?;
        self.members[identity.index()].identity = Some(details);
        Ok(())
    }

    /// A member's identities: the one that names the member first, then those merged into it in
    /// order of creation, each with the rule that merged it.
    ///
    /// ```
    /// use cop_core::{Landscape, model::people::MergeRule};
    ///
    /// let mut landscape = Landscape::new();
    /// let qi = landscape.ensure_member("Qi <add_sp@outlook.com>")?;
    /// let add_sp = landscape.ensure_member("ADD-SP <add_sp@outlook.com>")?;
    /// landscape.merge(qi, add_sp, MergeRule::Email)?;
    /// assert_eq!(landscape.member_id("ADD-SP <add_sp@outlook.com>"), Some(qi));
    /// let keys: Vec<String> = landscape.identities(qi)?.into_iter().map(|i| i.key).collect();
    /// assert_eq!(keys, ["Qi <add_sp@outlook.com>", "ADD-SP <add_sp@outlook.com>"]);
    /// landscape.unmerge(add_sp)?;
    /// assert_eq!(landscape.member_id("ADD-SP <add_sp@outlook.com>"), Some(add_sp));
    /// # Ok::<(), cop_core::CopError>(())
    /// ```
    pub fn identities(&self, member: MemberId) -> Result<Vec<IdentityOf>> {
        self.check_member(member)?;
        let member = self.member_of(member);
        let of = |i: usize| IdentityOf {
            id: MemberId(i as u32),
            key: self.member_keys.key(i as u32).unwrap_or_default().to_owned(),
            identity: self.members[i].identity.clone().unwrap_or_default(),
            merged: self.members[i].merged,
        };
        let mut list = vec![of(member.index())];
        list.extend(
            (0..self.members.len())
                .filter(|&i| i != member.index() && self.people.member_of(i as u32) == member.raw())
                .map(of),
        );
        Ok(list)
    }

    /// Merges the member `merged` belongs to into the member `kept` belongs to, by `rule`: from
    /// now on every analysis counts them as one person, known by `kept`'s key. Returns whether
    /// anything changed (`false` when they are one member already). O(events).
    pub fn merge(&mut self, kept: MemberId, merged: MemberId, rule: MergeRule) -> Result<bool> {
        Ok(self.merge_all(&[(kept, merged, rule)])? == 1)
    }

    /// Several merges at once, all or nothing, with one pass over the events; returns how many
    /// changed something.
    pub fn merge_all(&mut self, merges: &[(MemberId, MemberId, MergeRule)]) -> Result<usize> {
        for &(kept, merged, _) in merges {
            self.check_member(kept)?;
            self.check_member(merged)?;
        }
        let mut changed = 0;
        for &(kept, merged, rule) in merges {
            let (kept, merged) = (root(&self.members, kept.raw()), root(&self.members, merged.raw()));
            if kept != merged {
                self.members[merged as usize].merged = Some(Merged { into: MemberId(kept), rule });
                changed += 1;
            }
        }
        if changed > 0 {
            self.refresh_people();
        }
        Ok(changed)
    }

    /// Undoes the merge of an identity into another member: the identity (and any identity
    /// merged into it) is a member of its own again, with its events. O(events).
    ///
    /// Errors: [`CopError::InvalidValue`] when the identity was not merged into another member.
    pub fn unmerge(&mut self, identity: MemberId) -> Result<()> {
        self.check_member(identity)?;
        if self.members[identity.index()].merged.take().is_none() {
            let key = self.member_keys.key(identity.raw()).unwrap_or_default();
            return Err(CopError::invalid("unmerge", format!("`{key}` is not merged into another member")));
        }
        self.refresh_people();
        Ok(())
    }

    /// Flags or unflags a member as a bot. Unflagging clears the flag of every identity of the
    /// member; flagging sets it on the member. O(events) when it changes who analyses see.
    pub fn set_bot(&mut self, member: MemberId, bot: bool) -> Result<()> {
        self.set_flag(&[member], Flag::Bot, bot)
    }

    /// Flags or unflags a member as staff (one of the community's paid team), as
    /// [`Landscape::set_bot`] does for bots.
    pub fn set_staff(&mut self, member: MemberId, staff: bool) -> Result<()> {
        self.set_flag(&[member], Flag::Staff, staff)
    }

    /// Flags or unflags several members at once, all or nothing, with one pass over the events.
    pub fn set_flag(&mut self, members: &[MemberId], flag: Flag, on: bool) -> Result<()> {
        for &member in members {
            self.check_member(member)?;
        }
        for &member in members {
            let member = self.member_of(member).raw();
            for i in 0..self.members.len() {
                if i as u32 == member || (!on && self.people.member_of(i as u32) == member) {
                    let m = &mut self.members[i];
                    *match flag {
                        Flag::Bot => &mut m.bot,
                        Flag::Staff => &mut m.staff,
                    } = on;
                }
            }
        }
        self.refresh_people();
        Ok(())
    }

    /// The members with an identity named by `text`: its key, or (without regard to case) the
    /// name, e-mail address or login recorded for it. What lists of bots and staff name.
    pub fn members_named(&self, text: &str) -> Vec<MemberId> {
        let text = text.trim();
        let same = |field: &str| !field.is_empty() && field.eq_ignore_ascii_case(text);
        let mut found: Vec<MemberId> = (0..self.members.len())
            .filter(|&i| {
                self.member_keys.key(i as u32) == Some(text)
                    || self.members[i]
                        .identity
                        .as_ref()
                        .is_some_and(|d| same(&d.name) || same(&d.email) || same(&d.login))
            })
            .map(|i| self.member_of(MemberId(i as u32)))
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    /// Whether a member is flagged as a bot (on any of its identities). O(1).
    pub fn is_bot(&self, member: MemberId) -> bool {
        self.people.bot.get(self.member_of(member).index()).copied().unwrap_or(false)
    }

    /// Whether a member is flagged as staff (on any of its identities). O(1).
    pub fn is_staff(&self, member: MemberId) -> bool {
        self.people.staff.get(self.member_of(member).index()).copied().unwrap_or(false)
    }

    /// Whether analyses leave a member out (a bot, or staff, by the [`Scope`]).
    pub fn is_left_out(&self, member: MemberId) -> bool {
        self.people.is_left_out(member.raw())
    }

    /// Who analyses see.
    pub fn scope(&self) -> Scope {
        self.people.scope
    }

    /// Sets who analyses see (by default everyone but bots). O(events) when it changes anything.
    ///
    /// ```
    /// use cop_core::{ImportOptions, Landscape, model::people::Scope};
    ///
    /// let csv = "member,time,kind,target\n\
    ///            ada,2024-01-08T10:00:00Z,ask,\n\
    ///            dependabot[bot],2024-01-08T11:00:00Z,commit,\n\
    ///            ada,2024-01-09T10:00:00Z,review,dependabot[bot]\n";
    /// let mut landscape = Landscape::new();
    /// landscape.import_csv(csv.as_bytes(), &ImportOptions::default())?;
    /// // The bot was recognised on import and is left out: its event, and the target of ada's review.
    /// assert_eq!((landscape.counts().members, landscape.counts().events), (1, 2));
    /// landscape.set_scope(Scope::default().with_bots(true));
    /// assert_eq!((landscape.counts().members, landscape.counts().events), (2, 3));
    /// # Ok::<(), cop_core::CopError>(())
    /// ```
    pub fn set_scope(&mut self, scope: Scope) {
        if scope != self.people.scope {
            self.people.scope = scope;
            self.refresh_people();
        }
    }

    /// How many identities, members, bots and staff the landscape holds.
    pub fn people_counts(&self) -> PeopleCounts {
        let n = self.members.len();
        let is_member = |i: usize| self.people.member_of(i as u32) as usize == i;
        let mut merges: Vec<(MergeRule, usize)> = MergeRule::ALL
            .into_iter()
            .map(|rule| {
                (rule, self.members.iter().filter(|m| m.merged.is_some_and(|x| x.rule == rule)).count())
            })
            .collect();
        merges.retain(|&(_, count)| count > 0);
        let members: Vec<usize> = (0..n).filter(|&i| is_member(i)).collect();
        let left_out = members.iter().filter(|&&i| self.people.is_left_out(i as u32)).count();
        PeopleCounts {
            identities: n,
            members: members.len(),
            merges,
            bots: members.iter().filter(|&&i| self.is_bot(MemberId(i as u32))).count(),
            staff: members.iter().filter(|&&i| self.is_staff(MemberId(i as u32))).count(),
            left_out,
            events_left_out: self.recorded_len() - self.log.len(),
        }
    }

    /// Who is who, for a report: counts, the scope, the bots and staff by key, and every merge
    /// with its rule.
    pub fn people_report(&self) -> PeopleReport {
        let key = |m: MemberId| self.member_keys.key(m.raw()).unwrap_or_default().to_owned();
        let members = (0..self.members.len() as u32).map(MemberId).filter(|&m| self.member_of(m) == m);
        let flagged = |flag: fn(&Landscape, MemberId) -> bool| {
            members.clone().filter(|&m| flag(self, m)).map(key).collect()
        };
        PeopleReport {
            counts: self.people_counts(),
            scope: self.people.scope,
            bots: flagged(Landscape::is_bot),
            staff: flagged(Landscape::is_staff),
            merges: (0..self.members.len() as u32)
                .map(MemberId)
                .filter_map(|m| {
                    let merged = self.members[m.index()].merged?;
                    Some(MergeShown {
                        identity: key(m),
                        member: key(self.member_of(m)),
                        rule: merged.rule,
                        reason: merged.rule.reason(),
                    })
                })
                .collect(),
        }
    }

    /// The number of events recorded, those of members left out included.
    pub fn recorded_len(&self) -> usize {
        self.people.recorded.as_ref().map_or(self.log.len(), Vec::len)
    }

    /// Every event as recorded (under the identities it named, those left out included).
    pub(crate) fn recorded_rows(&self) -> Vec<Row> {
        match &self.people.recorded {
            Some(rows) => rows.clone(),
            None => (0..self.log.len()).map(|i| self.log.row(i)).collect(),
        }
    }

    /// Notes a new identity; from now on the record is kept apart if it is left out.
    pub(crate) fn note_new_identity(&mut self) {
        let member = self.members.last().expect("called after a member was added");
        if self.people.push(member) && self.people.recorded.is_none() {
            self.people.recorded = Some(self.recorded_rows());
        }
    }

    /// Reads the recorded events again after merges, flags or the scope changed.
    pub(crate) fn refresh_people(&mut self) {
        self.stories_to_recorded();
        self.people.recompute(&self.members);
        let rows = match self.people.recorded.take() {
            Some(rows) => rows,
            None => self.recorded_rows(),
        };
        self.relog(rows);
    }

    /// Replaces the log by the analysed view of `rows` (the record), keeping the record only if
    /// analyses read something else. Value stories must hold record positions (see
    /// [`Landscape::stories_to_recorded`]); they hold event ids again after.
    fn relog(&mut self, rows: Vec<Row>) {
        self.log = EventLog::new();
        self.log.reserve(rows.len());
        self.rebuild_graph();
        let people = std::mem::take(&mut self.people);
        let done = self.bulk(|landscape| {
            for &row in &rows {
                if let Some(row) = people.analysed(row) {
                    landscape.apply_analysed(row);
                }
            }
            Ok(())
        });
        debug_assert!(done.is_ok(), "recorded events were checked");
        self.people = people;
        self.people.recorded = self.people.differs().then_some(rows);
        self.stories_to_events();
    }

    /// For each event of the log, its position in the record.
    fn record_positions(&self) -> Vec<u32> {
        match &self.people.recorded {
            None => (0..self.log.len() as u32).collect(),
            Some(rows) => {
                (0..rows.len() as u32).filter(|&i| self.people.analysed(rows[i as usize]).is_some()).collect()
            }
        }
    }

    /// Value stories name events by their position in the record (before the log is rebuilt).
    fn stories_to_recorded(&mut self) {
        if self.value_stories.is_empty() {
            return;
        }
        let positions = self.record_positions();
        for story in &mut self.value_stories {
            story.events =
                story.events.iter().filter_map(|e| positions.get(e.index()).map(|&p| EventId(p))).collect();
        }
    }

    /// Value stories name events by id again (after the log was rebuilt); events left out drop.
    fn stories_to_events(&mut self) {
        if self.value_stories.is_empty() {
            return;
        }
        let mut id_of = vec![None; self.recorded_len()];
        for (id, p) in self.record_positions().into_iter().enumerate() {
            id_of[p as usize] = Some(EventId(id as u32));
        }
        for story in &mut self.value_stories {
            story.events =
                story.events.iter().filter_map(|e| id_of.get(e.index()).copied().flatten()).collect();
        }
    }

    /// Forgets a member — the right to erasure of data-protection law: their events, every one of
    /// their identities (keys, names, e-mail addresses), their competences, interests,
    /// memberships, declared mentoring ties, authorships and mentions in value stories. Events of
    /// others aimed at them lose their target; everything else stays, so the other members'
    /// analyses stay consistent. Member ids after theirs move down. Returns how many events were
    /// removed.
    ///
    /// ```
    /// use cop_core::{ImportOptions, Landscape};
    ///
    /// let csv = "member,time,kind,target\n\
    ///            ada,2024-01-08T10:00:00Z,ask,\n\
    ///            bob,2024-01-08T11:00:00Z,answer,ada\n";
    /// let mut landscape = Landscape::new();
    /// landscape.import_csv(csv.as_bytes(), &ImportOptions::default())?;
    /// let ada = landscape.member_id("ada").unwrap();
    /// assert_eq!(landscape.forget(ada)?, 1);
    /// assert_eq!(landscape.member_id("ada"), None);
    /// let mut bytes = Vec::new();
    /// landscape.save_snapshot(&mut bytes)?;
    /// assert!(!String::from_utf8(bytes).unwrap().contains("ada"));
    /// # Ok::<(), cop_core::CopError>(())
    /// ```
    pub fn forget(&mut self, member: MemberId) -> Result<usize> {
        self.check_member(member)?;
        let member = self.member_of(member).raw();
        let gone: Vec<bool> =
            (0..self.members.len() as u32).map(|i| self.people.member_of(i) == member).collect();
        let mut new_id = vec![NONE; gone.len()];
        let mut next = 0;
        for (i, &g) in gone.iter().enumerate() {
            if !g {
                new_id[i] = next;
                next += 1;
            }
        }
        let id = |m: MemberId| Some(new_id[m.index()]).filter(|&n| n != NONE).map(MemberId);
        self.stories_to_recorded();
        let rows = self.recorded_rows();
        let mut kept_rows = Vec::with_capacity(rows.len());
        let mut position = vec![None; rows.len()];
        for (i, row) in rows.into_iter().enumerate() {
            if gone[row.member as usize] {
                continue;
            }
            let target = if row.target == NONE { NONE } else { new_id[row.target as usize] };
            position[i] = Some(EventId(kept_rows.len() as u32));
            kept_rows.push(Row { member: new_id[row.member as usize], target, ..row });
        }
        let removed = position.iter().filter(|p| p.is_none()).count();
        self.member_keys = (0..gone.len())
            .filter(|&i| !gone[i])
            .map(|i| self.member_keys.key(i as u32).unwrap_or_default().to_owned())
            .collect();
        let members = std::mem::take(&mut self.members);
        self.members = members
            .into_iter()
            .zip(&gone)
            .filter(|(_, g)| !**g)
            .map(|(mut m, _)| {
                m.merged = m.merged.map(|x| Merged { into: id(x.into).unwrap_or(x.into), ..x });
                m
            })
            .collect();
        self.mentoring.retain(|t| !gone[t.mentor.index()] && !gone[t.mentee.index()]);
        for tie in &mut self.mentoring {
            (tie.mentor, tie.mentee) =
                (MemberId(new_id[tie.mentor.index()]), MemberId(new_id[tie.mentee.index()]));
        }
        for artifact in &mut self.artifacts {
            artifact.authors = artifact.authors.iter().filter_map(|&a| id(a)).collect();
        }
        for story in &mut self.value_stories {
            story.members = story.members.iter().filter_map(|&m| id(m)).collect();
            story.events =
                story.events.iter().filter_map(|e| position.get(e.index()).copied().flatten()).collect();
        }
        self.people.recompute(&self.members);
        self.relog(kept_rows);
        Ok(removed)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// One walk finds a pattern wherever a search for each pattern finds it.
        #[test]
        fn contains_any_is_a_search_for_each_pattern(
            pieces in proptest::collection::vec(prop_oneof![
                Just("dependa"), Just("bot"), Just("[bot"), Just("]"), Just("renovate"), Just("imgbo"),
                Just("github-"), Just("actions"), Just("x"), Just("é"), Just("-"),
            ], 0..8),
        ) {
            let text = pieces.concat();
            let each = BOT_SUBSTRINGS.iter().any(|p| text.contains(p));
            prop_assert_eq!(contains_any(&text, &BOT_SUBSTRINGS), each, "{}", text);
        }
    }

    #[test]
    fn bots_by_pattern() {
        for bot in [
            "renovate[bot]",
            "Renovate Bot <bot@renovateapp.com>",
            "github-actions",
            "41898282+github-actions[bot]@users.noreply.github.com",
            "homu",
            "bors@rust-lang.org",
            "pre-commit-ci[bot]",
            "docs_bot",
            "12+release-bot@users.noreply.github.com",
        ] {
            assert!(looks_like_bot(bot), "{bot}");
        }
        for human in ["Ada", "Bors Johnson <bj@x.org>", "robot-lover <r@x>", "Talbot <t@x>", ""] {
            assert!(!looks_like_bot(human), "{human}");
        }
    }

    #[test]
    fn shared_addresses_never_merge() {
        let ids = [Identity::git("GitHub", "noreply@github.com"), Identity::git("Web", "NoReply@github.com")];
        assert!(resolve(&ids, &[]).is_empty());
        assert_eq!(Identity::git("x", "none@none").email_key(), None);
        assert_eq!(Identity::git("x", " A@B.org ").email_key().as_deref(), Some("a@b.org"));
    }

    #[test]
    fn rules_chain_and_the_first_identity_is_kept() {
        let ids = [
            Identity::git("Ada", "ada@home.org"),
            Identity::git("Ada L", "ada@work.org"),
            Identity::git("Ada", "1+ada@users.noreply.github.com"),
            Identity::git("Ada", "ada@users.noreply.github.com"),
            Identity::git("Ada", "ADA@home.org"),
        ];
        // The mailmap maps the work address to the home one.
        let mailmap = [Some("ada@home.org".to_owned()), Some("ada@home.org".to_owned()), None, None, None];
        let found = resolve(&ids, &mailmap);
        let rules: Vec<_> = found.iter().map(|f| (f.kept, f.merged, f.rule)).collect();
        assert_eq!(
            rules,
            [(0, 1, MergeRule::Mailmap), (2, 3, MergeRule::Noreply), (0, 4, MergeRule::Email)],
            "a one-word name is not enough to join the noreply identities to the others"
        );
    }

    #[test]
    fn a_shared_name_does_not_join_two_github_logins() {
        // tokio's history has two accounts of people named Joe Thomas.
        let ids = [
            Identity::git("Joe Thomas", "80063237+joe-amzn@users.noreply.github.com"),
            Identity::git("joe thomas", "7436560+shade@users.noreply.github.com"),
            Identity::git("Joe Thomas", "joe@example.com"),
        ];
        let found = resolve(&ids, &[]);
        assert_eq!(found, [Found { kept: 0, merged: 2, rule: MergeRule::NoreplyName }]);
    }

    #[test]
    fn logins_merge_per_platform() {
        let login = |source: &str, login: &str| Identity {
            source: source.into(),
            login: login.into(),
            ..Default::default()
        };
        let ids = [
            login("github", "Octo"),
            login("slack", "octo"),
            login("github", "octo"),
            Identity::git("O", "9+octo@users.noreply.github.com"),
        ];
        let found = resolve(&ids, &[]);
        let rules: Vec<_> = found.iter().map(|f| (f.kept, f.merged, f.rule)).collect();
        assert_eq!(rules, [(0, 2, MergeRule::Login), (0, 3, MergeRule::Noreply)]);
    }

    #[test]
    fn rules_have_names_and_reasons() {
        for rule in MergeRule::ALL {
            assert_eq!(MergeRule::from_name(rule.name()), Some(rule));
            assert!(!rule.reason().is_empty());
        }
    }
}
