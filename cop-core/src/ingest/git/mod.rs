//! Reading a git history into commits, with gitoxide: no `git` command is run.
//!
//! [`read_history`] lists the commits `git log <range>` lists (everything reachable from HEAD by
//! default), oldest first, each with what a community of practice needs to know of it:
//!
//! - who wrote it and who committed it ([`Signature`]s, as written in the commit, mapped through
//!   the repository's `.mailmap` when [`GitOptions::mailmap`] is on), and when it was written;
//! - its subject, and who co-authored it: the `Co-authored-by:` trailers of its last paragraph;
//! - its domain: the top-level directory most touched (added + deleted lines, a binary file
//!   counting 1; ties by file count, then name; files at the root and commits without files give
//!   [`ROOT_DOMAIN`]). A merge is compared with its first parent (what it brought in), a root
//!   commit with the empty tree; renames are not followed (a rename deletes a file and adds
//!   another). Line counts are those of `git log --numstat`.
//!
//! A history becomes events so:
//!
//! - a `commit` event per commit: member = author, time = author date, domain = its domain;
//! - a `merge` event instead, for a commit with two or more parents whose subject starts with
//!   `Merge pull request #` ([`Commit::is_pull_request_merge`]): member = the committer (or the
//!   merge commit's author when the committer is GitHub's web-flow identity), target = the author
//!   of the second parent (the pull request's head); its domain is what the merge brought in;
//! - a `coauthor` event per distinct `Co-authored-by:` trailer other than the author: member =
//!   the author, target = the co-author, with the commit's time and domain.
//!
//! An identity is a name and an e-mail address; its key is `Name <email>` ([`Signature::key`]).
//!
//! ```no_run
//! use cop_core::ingest::git::{read_history, GitOptions};
//!
//! let commits = read_history(std::path::Path::new("."), &GitOptions::default().range("v1.0..HEAD"))?;
//! for commit in &commits {
//!     println!("{} {} {}", commit.time, commit.author.key(), commit.domain);
//! }
//! # Ok::<(), cop_core::CopError>(())
//! ```

mod domain;
mod lines;
mod message;
mod reader;
mod repo;

use std::path::Path;

use rayon::prelude::*;

pub use domain::{ROOT_DOMAIN, domain_of_numstat};

use crate::error::Result;

/// A person as a commit names them: an author, a committer or a co-author.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Signature {
    /// The name, trimmed, its runs of white space collapsed to single spaces.
    pub name: String,
    /// The e-mail address, trimmed, as written (case kept).
    pub email: String,
}

impl Signature {
    /// A signature from a name and an e-mail address as written: the name trimmed with its white
    /// space collapsed, the address trimmed.
    pub fn new(name: &str, email: &str) -> Signature {
        Signature {
            name: name.split_whitespace().collect::<Vec<_>>().join(" "),
            email: email.trim().to_owned(),
        }
    }

    /// Parses `Name <email>` (a trailer's value); without angle brackets the whole text is the
    /// name. `None` for blank text.
    ///
    /// ```
    /// use cop_core::ingest::git::Signature;
    ///
    /// let ada = Signature::parse(" Ada  Lovelace <Ada@Example.com> ").unwrap();
    /// assert_eq!(ada.key(), "Ada Lovelace <Ada@Example.com>");
    /// assert_eq!(Signature::parse("just a name").unwrap().key(), "just a name");
    /// ```
    pub fn parse(text: &str) -> Option<Signature> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        match (text.rfind('<'), text.rfind('>')) {
            (Some(open), Some(close)) if open < close => {
                Some(Signature::new(&text[..open], &text[open + 1..close]))
            }
            _ => Some(Signature::new(text, "")),
        }
    }

    /// The member key: `Name <email>` (or whichever of the two is known; `unknown` for neither).
    pub fn key(&self) -> String {
        match (self.name.is_empty(), self.email.is_empty()) {
            (false, false) => format!("{} <{}>", self.name, self.email),
            (false, true) => self.name.clone(),
            (true, false) => format!("<{}>", self.email),
            (true, true) => "unknown".to_owned(),
        }
    }
}

/// One commit of a history: who made it, when, and which part of the project it touched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Commit {
    /// The commit's hash, in hexadecimal.
    pub hash: String,
    /// The parents' hashes, the first parent first.
    pub parents: Vec<String>,
    /// Who wrote the change.
    pub author: Signature,
    /// Who committed it.
    pub committer: Signature,
    /// When the author wrote it: seconds since the Unix epoch.
    pub time: i64,
    /// The subject line (the first paragraph of the message, on one line).
    pub subject: String,
    /// The `Co-authored-by:` trailers, in order.
    pub coauthors: Vec<Signature>,
    /// The top-level directory most touched (see the [module docs](self)).
    pub domain: String,
}

impl Commit {
    /// Whether the commit merges a pull request: two or more parents, and a subject starting
    /// with `Merge pull request #`.
    pub fn is_pull_request_merge(&self) -> bool {
        self.parents.len() >= 2 && self.subject.starts_with("Merge pull request #")
    }
}

/// How to read a history.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GitOptions {
    /// The commits to read, as `git log` takes them: a revision (`main`, `v1.0`, a hash), a range
    /// (`v1.0..HEAD`, `a...b`) or `rev^!`, `rev^@`. `None` reads everything reachable from HEAD.
    pub range: Option<String>,
    /// Whether to map authors, committers and co-authors through the repository's `.mailmap`
    /// (the working tree's file, or HEAD's in a bare repository, and `mailmap.file` /
    /// `mailmap.blob`), as `git log`'s `%aN`/`%aE` do. On by default.
    pub mailmap: bool,
}

impl Default for GitOptions {
    fn default() -> Self {
        GitOptions { range: None, mailmap: true }
    }
}

impl GitOptions {
    /// The same options, reading `range` (see [`GitOptions::range`]).
    pub fn range(mut self, range: impl Into<String>) -> Self {
        self.range = Some(range.into());
        self
    }

    /// The same options, with the `.mailmap` applied or not.
    pub fn mailmap(mut self, apply: bool) -> Self {
        self.mailmap = apply;
        self
    }
}

/// How many commits one worker reads at a time: neighbours share trees and files, which the
/// worker's object cache then holds.
const CHUNK: usize = 128;

/// Reads the history of the git repository at `path` (its working tree, any directory in it, or
/// a bare repository), oldest commit first: the commits `git log` lists for
/// [`GitOptions::range`], everything reachable from HEAD by default.
///
/// # Errors
///
/// [`CopError::Io`](crate::CopError::Io) when `path` does not exist or an object of the
/// repository cannot be read (a corrupt or incomplete repository);
/// [`CopError::InvalidValue`](crate::CopError::InvalidValue) for `repository` when `path` is not
/// in a git repository or the repository has no commits, and for `range` when a revision is
/// unknown. Every message names the path.
pub fn read_history(path: &Path, options: &GitOptions) -> Result<Vec<Commit>> {
    let repository = repo::open(path)?;
    let local = repo::local(&repository);
    let (tips, hidden) = repo::resolve(&local, path, options.range.as_deref())?;
    let ids = repo::walk(&local, path, tips, hidden)?;
    let mailmap = options.mailmap.then(|| local.open_mailmap());
    let shallow = repo::shallow(&local, path)?;
    let chunks: Vec<Vec<Commit>> = ids
        .par_chunks(CHUNK)
        .map_init(
            || reader::Reader::new(repo::local(&repository), mailmap.as_ref(), &shallow),
            |reader, chunk| {
                chunk.iter().map(|id| reader.commit(*id).map_err(|e| repo::unreadable(path, e))).collect()
            },
        )
        .collect::<Result<_>>()?;
    let mut commits: Vec<Commit> = chunks.into_iter().flatten().collect();
    commits.reverse();
    Ok(commits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures() {
        let ada = Signature::parse(" Ada  Lovelace <Ada@Example.COM> ").unwrap();
        assert_eq!(ada, Signature::new("Ada Lovelace", "Ada@Example.COM"));
        assert_eq!(ada.key(), "Ada Lovelace <Ada@Example.COM>");
        assert_eq!(Signature::parse("just a name").unwrap().key(), "just a name");
        assert_eq!(Signature::parse("<a@x>").unwrap().key(), "<a@x>");
        assert_eq!(Signature::default().key(), "unknown");
        assert!(Signature::parse("  ").is_none());
    }

    #[test]
    fn options() {
        let options = GitOptions::default();
        assert_eq!((options.range.as_deref(), options.mailmap), (None, true));
        let options = options.range("v1..HEAD").mailmap(false);
        assert_eq!((options.range.as_deref(), options.mailmap), (Some("v1..HEAD"), false));
    }
}
