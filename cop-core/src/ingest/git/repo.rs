//! Finding the repository and the commits to read.

use std::fmt::Display;
use std::io;
use std::path::Path;

use gix::ObjectId;
use gix::revision::walk::Sorting;
use gix::traverse::commit::simple::CommitTimeOrder;

use crate::error::{CopError, Result};

/// How much memory each reader may keep of recently decoded objects (trees shared by neighbouring
/// commits, mostly).
const OBJECT_CACHE_BYTES: usize = 32 * 1024 * 1024;

/// An error naming `path` for a repository that cannot be found or used.
fn not_usable(path: &Path, what: &str) -> CopError {
    CopError::invalid("repository", format!("{} {what}", path.display()))
}

/// An error for an object of the repository at `path` that cannot be read.
pub(super) fn unreadable(path: &Path, error: impl Display) -> CopError {
    let message = format!("cannot read the history of {}: {error}", path.display());
    CopError::Io(io::Error::new(io::ErrorKind::InvalidData, message))
}

/// Opens the repository `path` is in: a working tree, a directory in one, or a bare repository.
pub(super) fn open(path: &Path) -> Result<gix::ThreadSafeRepository> {
    match path.try_exists() {
        Ok(true) => {}
        Ok(false) => {
            let message = format!("{} does not exist", path.display());
            return Err(CopError::Io(io::Error::new(io::ErrorKind::NotFound, message)));
        }
        Err(e) => return Err(CopError::Io(io::Error::new(e.kind(), format!("{}: {e}", path.display())))),
    }
    gix::ThreadSafeRepository::discover(path).map_err(|e| match e {
        gix::discover::Error::Discover(_) => not_usable(path, "is not a git repository"),
        // A repository was found but cannot be opened (its configuration, say).
        e @ gix::discover::Error::Open(_) => unreadable(path, e),
    })
}

/// A handle on the repository for one thread, with an object cache.
pub(super) fn local(repository: &gix::ThreadSafeRepository) -> gix::Repository {
    let mut repo = repository.to_thread_local();
    repo.object_cache_size_if_unset(OBJECT_CACHE_BYTES);
    repo
}

/// The commit `id` names (peeling tags), or an error naming `spec`.
fn commit_of(repo: &gix::Repository, path: &Path, spec: &str, id: ObjectId) -> Result<ObjectId> {
    let object = repo.find_object(id).map_err(|e| unreadable(path, e))?;
    match object.peel_to_commit() {
        Ok(commit) => Ok(commit.id),
        Err(_) => {
            Err(CopError::invalid("range", format!("`{spec}` does not name a commit in {}", path.display())))
        }
    }
}

/// The parents of commit `id`.
fn parents_of(repo: &gix::Repository, path: &Path, id: ObjectId) -> Result<Vec<ObjectId>> {
    let commit = repo.find_commit(id).map_err(|e| unreadable(path, e))?;
    Ok(commit.parent_ids().map(|p| p.detach()).collect())
}

/// The commits to start from and the commits whose history is left out, for `range` (HEAD when
/// `None`).
pub(super) fn resolve(
    repo: &gix::Repository,
    path: &Path,
    range: Option<&str>,
) -> Result<(Vec<ObjectId>, Vec<ObjectId>)> {
    let no_commits = || not_usable(path, "has no commits");
    let Some(spec) = range else {
        if repo.head().is_ok_and(|head| head.is_unborn()) {
            return Err(no_commits());
        }
        let head = repo.head_id().map_err(|e| unreadable(path, e))?;
        return Ok((vec![commit_of(repo, path, "HEAD", head.detach())?], Vec::new()));
    };
    let parsed = repo.rev_parse(spec).map_err(|_| {
        if repo.head().is_ok_and(|head| head.is_unborn()) && !has_references(repo) {
            no_commits()
        } else {
            CopError::invalid("range", format!("unknown revision `{spec}` in {}", path.display()))
        }
    })?;
    let commit = |id| commit_of(repo, path, spec, id);
    use gix::revision::plumbing::Spec;
    Ok(match parsed.detach() {
        Spec::Include(id) => (vec![commit(id)?], Vec::new()),
        Spec::Exclude(id) => (Vec::new(), vec![commit(id)?]),
        Spec::Range { from, to } => (vec![commit(to)?], vec![commit(from)?]),
        Spec::Merge { theirs, ours } => {
            let (theirs, ours) = (commit(theirs)?, commit(ours)?);
            let bases = repo.merge_bases_many(theirs, &[ours]).map_err(|e| unreadable(path, e))?;
            (vec![theirs, ours], bases.into_iter().map(|id| id.detach()).collect())
        }
        Spec::IncludeOnlyParents(id) => (parents_of(repo, path, commit(id)?)?, Vec::new()),
        Spec::ExcludeParents(id) => {
            let id = commit(id)?;
            (vec![id], parents_of(repo, path, id)?)
        }
    })
}

/// Whether the repository has any reference at all.
fn has_references(repo: &gix::Repository) -> bool {
    repo.references()
        .ok()
        .and_then(|refs| refs.all().ok().map(|mut all| all.next().is_some()))
        .unwrap_or(true)
}

/// The commits reachable from `tips` and not from `hidden`, newest first in `git log`'s order
/// (by commit date).
pub(super) fn walk(
    repo: &gix::Repository,
    path: &Path,
    tips: Vec<ObjectId>,
    hidden: Vec<ObjectId>,
) -> Result<Vec<ObjectId>> {
    if tips.is_empty() {
        return Ok(Vec::new());
    }
    let walk = repo
        .rev_walk(tips)
        .sorting(Sorting::ByCommitTime(CommitTimeOrder::NewestFirst))
        .with_hidden(hidden)
        .all()
        .map_err(|e| unreadable(path, e))?;
    walk.map(|info| info.map(|info| info.id).map_err(|e| unreadable(path, e))).collect()
}

/// The commits a shallow clone cut the history at (their parents are missing), sorted; none for
/// a complete repository.
pub(super) fn shallow(repo: &gix::Repository, path: &Path) -> Result<Vec<ObjectId>> {
    let commits = repo.shallow_commits().map_err(|e| unreadable(path, e))?;
    let mut commits: Vec<ObjectId> = commits.map(|c| c.iter().copied().collect()).unwrap_or_default();
    commits.sort();
    Ok(commits)
}
