//! Reading a git history into events with the `git` command.
//!
//! One `git log` over everything reachable from HEAD, with the fields of each commit separated by
//! ASCII unit separators and the commits by record separators, so names, subjects and paths can
//! hold anything but those. From it:
//!
//! - a `commit` event per commit: member = author, time = author date, domain = the top-level
//!   directory most touched (added + deleted lines, a binary file counting 1; ties by file count,
//!   then name; files at the root and commits without files give `root`);
//! - a `merge` event instead, for a commit with two or more parents whose subject starts with
//!   `Merge pull request #`: member = the committer (or the merge commit's author when the
//!   committer is GitHub's web-flow identity), target = the author of the second parent (the pull
//!   request's head); its domain is what the merge brought in (the diff against the first parent);
//! - a `coauthor` event per distinct `Co-authored-by:` trailer other than the author: member =
//!   the author, target = the co-author, with the commit's time and domain.
//!
//! An identity is a name and an e-mail address; its key is `Name <email>`.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Command, Stdio};

use indicatif::ProgressBar;

use crate::error::{CliError, Result};

/// Substrings (lower case) of the names or e-mail addresses of bot accounts.
pub const BOT_PATTERNS: [&str; 5] = ["[bot]", "dependabot", "pre-commit-ci", "github-actions", "renovate"];

/// The domain of commits that touch no directory.
pub const ROOT_DOMAIN: &str = "root";

/// The format of one commit: record separator, then the fields separated by unit separators; the
/// numstat lines follow the last separator.
const FORMAT: &str = "--format=%x1e%H%x1f%P%x1f%an%x1f%ae%x1f%at%x1f%cn%x1f%ce%x1f%s%x1f\
                      %(trailers:key=Co-authored-by,valueonly,unfold,separator=%x1d)%x1f";

/// A person as git records them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    /// The name.
    pub name: String,
    /// The e-mail address, lower case.
    pub email: String,
}

impl Identity {
    /// An identity from a name and an e-mail address (trimmed; the address in lower case).
    pub fn new(name: &str, email: &str) -> Identity {
        Identity {
            name: name.split_whitespace().collect::<Vec<_>>().join(" "),
            email: email.trim().to_lowercase(),
        }
    }

    /// Parses `Name <email>` (a trailer's value); without angle brackets the whole text is the name.
    pub fn parse(text: &str) -> Option<Identity> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        match (text.rfind('<'), text.rfind('>')) {
            (Some(open), Some(close)) if open < close => {
                Some(Identity::new(&text[..open], &text[open + 1..close]))
            }
            _ => Some(Identity::new(text, "")),
        }
    }

    /// The member key: `Name <email>` (or whichever of the two is known).
    pub fn key(&self) -> String {
        match (self.name.is_empty(), self.email.is_empty()) {
            (false, false) => format!("{} <{}>", self.name, self.email),
            (false, true) => self.name.clone(),
            (true, false) => format!("<{}>", self.email),
            (true, true) => "unknown".to_owned(),
        }
    }

    /// Whether this is a bot account (see [`BOT_PATTERNS`]).
    pub fn is_bot(&self) -> bool {
        let name = self.name.to_lowercase();
        BOT_PATTERNS.iter().any(|p| name.contains(p) || self.email.contains(p))
    }

    /// Whether this is GitHub's web-flow identity, which commits merges made in the browser.
    fn is_web_flow(&self) -> bool {
        self.name == "GitHub" && self.email == "noreply@github.com"
    }

    /// Whether two identities are the same person: the same e-mail address, or the same key.
    fn same_person(&self, other: &Identity) -> bool {
        (!self.email.is_empty() && self.email == other.email) || self.key() == other.key()
    }
}

/// One commit of a history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Commit {
    /// The commit's hash.
    pub hash: String,
    /// The parents' hashes.
    pub parents: Vec<String>,
    /// The author.
    pub author: Identity,
    /// The committer.
    pub committer: Identity,
    /// The author date, seconds since the epoch.
    pub time: i64,
    /// The subject line.
    pub subject: String,
    /// The `Co-authored-by:` trailers.
    pub coauthors: Vec<Identity>,
    /// The top-level directory most touched (see the module docs).
    pub domain: String,
}

impl Commit {
    /// Whether the commit merges a pull request.
    pub fn is_pull_request_merge(&self) -> bool {
        self.parents.len() >= 2 && self.subject.starts_with("Merge pull request #")
    }
}

/// An event of a history, before keys are given to identities.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GitEvent {
    /// Seconds since the epoch.
    pub time: i64,
    /// `commit`, `merge` or `coauthor`.
    pub kind: &'static str,
    /// Who acted.
    pub member: Identity,
    /// Toward whom, if anyone.
    pub target: Option<Identity>,
    /// The top-level directory.
    pub domain: String,
}

/// Reads the history reachable from HEAD of the repository at `path`, oldest commit first.
pub fn read_history(path: &Path, bar: &ProgressBar) -> Result<Vec<Commit>> {
    let shown = path.display();
    if !path.exists() {
        return Err(CliError::input(format!("{shown} does not exist")));
    }
    if !path.is_dir() {
        return Err(CliError::input(format!("{shown} is not a git repository")));
    }
    let check = git(path).args(["rev-parse", "--git-dir"]).output().map_err(cannot_run)?;
    if !check.status.success() {
        return Err(CliError::input(format!("{shown} is not a git repository")));
    }
    let head = git(path).args(["rev-parse", "--verify", "--quiet", "HEAD"]).output().map_err(cannot_run)?;
    if !head.status.success() {
        return Err(CliError::input(format!("{shown} is a git repository without commits")));
    }
    let mut child = git(path)
        .args([
            "log",
            "--no-renames",
            "--diff-merges=first-parent",
            "--numstat",
            "--no-color",
            FORMAT,
            "HEAD",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(cannot_run)?;
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let errors = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let mut reader = BufReader::new(child.stdout.take().expect("stdout is piped"));
    let mut commits = Vec::new();
    let mut buffer = Vec::new();
    loop {
        buffer.clear();
        let n = reader
            .read_until(0x1e, &mut buffer)
            .map_err(|e| CliError::input(format!("cannot read the history of {shown}: {e}")))?;
        if n == 0 {
            break;
        }
        if buffer.last() == Some(&0x1e) {
            buffer.pop();
        }
        if buffer.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let record = String::from_utf8_lossy(&buffer);
        match parse_record(&record) {
            Some(commit) => commits.push(commit),
            None => {
                return Err(CliError::input(format!(
                    "cannot read the history of {shown}: unexpected output of `git log`"
                )));
            }
        }
        bar.inc(1);
    }
    let status = child.wait().map_err(cannot_run)?;
    let errors = errors.join().unwrap_or_default();
    if !status.success() {
        let why = errors.lines().find(|l| !l.trim().is_empty()).unwrap_or("git log failed").trim();
        return Err(CliError::input(format!("cannot read the history of {shown}: {why}")));
    }
    commits.reverse();
    Ok(commits)
}

fn git(path: &Path) -> Command {
    let mut command = Command::new("git");
    command
        .arg("-C")
        .arg(path)
        .args(["-c", "core.quotePath=false", "-c", "log.showSignature=false"])
        .args(["-c", "i18n.logOutputEncoding=UTF-8"])
        .env("GIT_TERMINAL_PROMPT", "0")
        // The repository is the one named by -C, whatever a calling hook or script set.
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .stdin(Stdio::null());
    command
}

fn cannot_run(error: std::io::Error) -> CliError {
    if error.kind() == std::io::ErrorKind::NotFound {
        CliError::input("cannot run `git`: it is not installed (or not on PATH)")
    } else {
        CliError::input(format!("cannot run `git`: {error}"))
    }
}

/// Parses one record of the `git log` output (without its record separator).
pub fn parse_record(record: &str) -> Option<Commit> {
    let mut fields = record.splitn(10, '\u{1f}');
    let mut next = || fields.next();
    let hash = next()?.trim().to_owned();
    let parents = next()?.split_whitespace().map(str::to_owned).collect();
    let author = Identity::new(next()?, next()?);
    let time = next()?.trim().parse().ok()?;
    let committer = Identity::new(next()?, next()?);
    let subject = next()?.to_owned();
    let coauthors = next()?.split('\u{1d}').filter_map(Identity::parse).collect();
    let numstat = next()?;
    if hash.is_empty() {
        return None;
    }
    Some(Commit { hash, parents, author, committer, time, subject, coauthors, domain: domain_of(numstat) })
}

/// The domain of a commit from its numstat lines (`added<TAB>deleted<TAB>path`).
pub fn domain_of(numstat: &str) -> String {
    // (lines, files) per top-level component.
    let mut touched: HashMap<&str, (u64, u64)> = HashMap::new();
    for line in numstat.lines() {
        let mut parts = line.splitn(3, '\t');
        let (Some(added), Some(deleted), Some(path)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let lines = match (added.parse::<u64>(), deleted.parse::<u64>()) {
            (Ok(a), Ok(d)) => a + d,
            _ if added == "-" && deleted == "-" => 1,
            _ => continue,
        };
        let path = path.strip_prefix('"').unwrap_or(path);
        let top = match path.split_once('/') {
            Some((top, _)) if !top.is_empty() => top,
            _ => ROOT_DOMAIN,
        };
        let entry = touched.entry(top).or_default();
        entry.0 += lines;
        entry.1 += 1;
    }
    touched
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
        .map_or_else(|| ROOT_DOMAIN.to_owned(), |(top, _)| top.to_owned())
}

/// The events of a history (commits oldest first), in time order; bots are left out when asked:
/// their own events are dropped, and a merge of a bot's pull request loses its target.
pub fn events(commits: &[Commit], exclude_bots: bool) -> Vec<GitEvent> {
    let author_of: HashMap<&str, &Identity> = commits.iter().map(|c| (c.hash.as_str(), &c.author)).collect();
    let excluded = |who: &Identity| exclude_bots && who.is_bot();
    let mut events = Vec::with_capacity(commits.len());
    for commit in commits {
        let event = |kind, member: &Identity, target: Option<&Identity>| GitEvent {
            time: commit.time,
            kind,
            member: member.clone(),
            target: target.cloned(),
            domain: commit.domain.clone(),
        };
        if commit.is_pull_request_merge() {
            let merger = if commit.committer.is_web_flow() { &commit.author } else { &commit.committer };
            if !excluded(merger) {
                let head_author = commit.parents.get(1).and_then(|p| author_of.get(p.as_str()).copied());
                events.push(event("merge", merger, head_author.filter(|a| !excluded(a))));
            }
        } else if !excluded(&commit.author) {
            events.push(event("commit", &commit.author, None));
        }
        if excluded(&commit.author) {
            continue;
        }
        let mut seen: Vec<&Identity> = Vec::new();
        for coauthor in &commit.coauthors {
            if coauthor.same_person(&commit.author)
                || excluded(coauthor)
                || seen.iter().any(|s| s.same_person(coauthor))
            {
                continue;
            }
            seen.push(coauthor);
            events.push(event("coauthor", &commit.author, Some(coauthor)));
        }
    }
    events.sort_by_key(|e| e.time);
    events
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identities() {
        let ada = Identity::parse(" Ada  Lovelace <Ada@Example.COM> ").unwrap();
        assert_eq!(ada.key(), "Ada Lovelace <ada@example.com>");
        assert_eq!(Identity::parse("just a name").unwrap().key(), "just a name");
        assert!(Identity::parse("  ").is_none());
        assert!(
            Identity::new("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com").is_bot()
        );
        assert!(Identity::new("pre-commit-ci", "x@y").is_bot());
        assert!(!ada.is_bot());
        assert!(ada.same_person(&Identity::new("Ada", "ada@example.com")));
    }

    #[test]
    fn domains_by_lines_then_files_then_name() {
        assert_eq!(domain_of(""), "root");
        assert_eq!(domain_of("\n3\t1\tREADME.md\n"), "root");
        assert_eq!(domain_of("1\t0\tsrc/a.rs\n10\t0\tdocs/x.md\n2\t2\tsrc/b.rs\n"), "docs");
        // 4 lines each: src has two files.
        assert_eq!(domain_of("2\t0\tsrc/a.rs\n2\t0\tsrc/b.rs\n4\t0\tdocs/x.md\n"), "src");
        // A tie on both: the first name.
        assert_eq!(domain_of("1\t0\tzeta/a\n1\t0\talpha/b\n"), "alpha");
        // Binary files count one line.
        assert_eq!(domain_of("-\t-\timg/logo.png\n0\t0\tsrc/empty\n"), "img");
        assert_eq!(domain_of("1\t1\t\"odd dir/na\\\"me\"\n"), "odd dir");
    }

    fn record(fields: [&str; 9], numstat: &str) -> String {
        format!("{}\u{1f}{numstat}", fields.join("\u{1f}"))
    }

    #[test]
    fn records() {
        let text = record(
            [
                "abc",
                "p1 p2",
                "Ada",
                "ada@x",
                "100",
                "GitHub",
                "noreply@github.com",
                "Merge pull request #1 from b/f",
                "Bob <bob@x>\u{1d}Ada <ADA@x>",
            ],
            "\n\n5\t0\tsrc/a.rs\n",
        );
        let commit = parse_record(&text).unwrap();
        assert_eq!(commit.parents, ["p1", "p2"]);
        assert_eq!(commit.time, 100);
        assert_eq!(commit.domain, "src");
        assert_eq!(commit.coauthors.len(), 2);
        assert!(commit.is_pull_request_merge());
        assert!(parse_record("abc\u{1f}only").is_none());
    }

    #[test]
    fn merges_point_at_the_head_author_and_bots_can_be_left_out() {
        let id = |n: &str| Identity::new(n, &format!("{n}@x"));
        let bot = Identity::new("dependabot[bot]", "bot@x");
        let commit = |hash: &str, parents: &[&str], author: &Identity, time, subject: &str| Commit {
            hash: hash.into(),
            parents: parents.iter().map(|p| p.to_string()).collect(),
            author: author.clone(),
            committer: author.clone(),
            time,
            subject: subject.into(),
            coauthors: vec![],
            domain: "root".into(),
        };
        let mut head = commit("h", &["a"], &id("bob"), 2, "feature");
        head.coauthors = vec![id("cy"), id("bob"), id("cy")];
        let mut merge = commit("m", &["a", "h"], &id("ada"), 3, "Merge pull request #1 from bob/feature");
        merge.committer = Identity::new("GitHub", "noreply@github.com");
        let bumped = commit("d", &["a"], &bot, 4, "Bump");
        let merge_bot = commit("n", &["m", "d"], &id("ada"), 5, "Merge pull request #2 from x/dependabot");
        let commits = vec![commit("a", &[], &id("ada"), 1, "start"), head, merge, bumped, merge_bot];
        let all = events(&commits, false);
        let kinds: Vec<_> = all.iter().map(|e| e.kind).collect();
        assert_eq!(kinds, ["commit", "commit", "coauthor", "merge", "commit", "merge"]);
        assert_eq!(all[2].target, Some(id("cy")));
        assert_eq!((&all[3].member, all[3].target.as_ref()), (&id("ada"), Some(&id("bob"))));
        assert_eq!(all[5].target, Some(bot.clone()));
        let humans = events(&commits, true);
        assert_eq!(humans.len(), 5);
        assert!(humans.iter().all(|e| !e.member.is_bot()));
        assert_eq!(humans.last().unwrap().target, None);
    }
}
