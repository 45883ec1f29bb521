//! Reading one commit: its people, its message and its domain.

use std::cmp::Ordering;
use std::collections::HashMap;

use foldhash::fast::FixedState;

use gix::ObjectId;
use gix::bstr::{BStr, ByteSlice};
use gix::diff::tree::{Visit, visit};
use gix::objs::tree::{EntryKind, EntryMode, name_order};
use gix::objs::{FindExt, TreeRefIter};

use super::domain::{ROOT_DOMAIN, Tally, pick};
use super::lines::numstat_lines;
use super::{Commit, Signature, message};

/// Why a commit could not be read.
pub(super) type Failure = Box<dyn std::error::Error + Send + Sync>;

/// One side of a changed file: what kind of entry it is and which object holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Side {
    kind: EntryKind,
    id: ObjectId,
}

/// A file changed by a commit: before (`None` when added) and after (`None` when deleted).
type Change = (Option<Side>, Option<Side>);

/// What a commit changed under one top-level group: files at the top level, directories to diff.
#[derive(Default)]
struct Group {
    files: Vec<Change>,
    trees: Vec<(Option<ObjectId>, Option<ObjectId>)>,
}

/// Reads commits from one thread, reusing its buffers and its object cache.
pub(super) struct Reader<'m> {
    repo: gix::Repository,
    mailmap: Option<&'m gix::mailmap::Snapshot>,
    /// The commits of a shallow clone whose parents are missing, sorted.
    shallow: &'m [ObjectId],
    commit: Vec<u8>,
    parent: Vec<u8>,
    old: Vec<u8>,
    new: Vec<u8>,
    state: gix::diff::tree::State,
    leaves: Leaves,
    /// The lines of the changes counted so far.
    counted: HashMap<Change, u64, FixedState>,
}

/// How many counted changes a reader remembers (about 70 bytes each: some 18 MB at most).
const MAX_COUNTED: usize = 1 << 18;

impl<'m> Reader<'m> {
    /// A reader of `repo`'s commits, mapping people through `mailmap` when given; the `shallow`
    /// commits (sorted) are read as if they had no parents, as git shows them.
    pub(super) fn new(
        repo: gix::Repository,
        mailmap: Option<&'m gix::mailmap::Snapshot>,
        shallow: &'m [ObjectId],
    ) -> Self {
        Reader {
            repo,
            mailmap,
            shallow,
            commit: Vec::new(),
            parent: Vec::new(),
            old: Vec::new(),
            new: Vec::new(),
            state: Default::default(),
            leaves: Leaves::default(),
            counted: HashMap::default(),
        }
    }

    /// The commit `id`.
    pub(super) fn commit(&mut self, id: ObjectId) -> Result<Commit, Failure> {
        let mailmap = self.mailmap;
        let data = self.repo.objects.find_commit(&id, &mut self.commit)?;
        let tree = data.tree();
        let grafted = self.shallow.binary_search(&id).is_ok();
        let parents: Vec<ObjectId> = if grafted { Vec::new() } else { data.parents().collect() };
        let coauthors = message::trailer_values(data.message, "Co-authored-by");
        let mut commit = Commit {
            hash: id.to_string(),
            parents: parents.iter().map(ToString::to_string).collect(),
            author: signature(mailmap, data.author),
            committer: signature(mailmap, data.committer),
            time: data.author().map_or(0, |author| author.seconds()),
            subject: message::subject(data.message),
            coauthors: coauthors.iter().filter_map(|text| Signature::parse(text)).collect(),
            domain: String::new(),
        };
        drop(data);
        for coauthor in &mut commit.coauthors {
            *coauthor =
                person(mailmap, coauthor.name.as_bytes().as_bstr(), coauthor.email.as_bytes().as_bstr());
        }
        commit.domain = self.domain(tree, parents.first().copied())?;
        Ok(commit)
    }

    /// The domain of a commit with tree `tree` whose first parent is `parent`.
    fn domain(&mut self, tree: ObjectId, parent: Option<ObjectId>) -> Result<String, Failure> {
        let old_tree = match parent {
            Some(parent) => Some(self.repo.objects.find_commit_iter(&parent, &mut self.parent)?.tree_id()?),
            None => None,
        };
        if old_tree == Some(tree) {
            return Ok(ROOT_DOMAIN.to_owned());
        }
        let Groups(groups) = self.top_level_changes(old_tree, tree)?;
        if groups.len() <= 1 {
            // One group touched: it is the domain whatever the counts.
            return Ok(groups.into_iter().next().map_or_else(|| ROOT_DOMAIN.to_owned(), |(name, _)| name));
        }
        let mut tallies = Vec::with_capacity(groups.len());
        for (name, group) in groups {
            let tally = self.tally(&group)?;
            tallies.push((name, tally));
        }
        Ok(pick(tallies.iter().map(|(name, tally)| (name.as_str(), *tally))))
    }

    /// What changed between the top levels of two trees, by top-level group: a directory's name,
    /// or [`ROOT_DOMAIN`] for files at the root.
    fn top_level_changes(&mut self, old: Option<ObjectId>, new: ObjectId) -> Result<Groups, Failure> {
        let old = entries(&self.repo, old, &mut self.old)?;
        let new = entries(&self.repo, Some(new), &mut self.new)?;
        let mut groups = Groups::default();
        let (mut old, mut new) = (old.into_iter().peekable(), new.into_iter().peekable());
        loop {
            let order = match (old.peek(), new.peek()) {
                (None, None) => break,
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (Some((a, a_side)), Some((b, b_side))) => {
                    name_order(a, a_side.kind == EntryKind::Tree, b, b_side.kind == EntryKind::Tree)
                }
            };
            match order {
                Ordering::Less => {
                    let (name, before) = old.next().expect("peeked");
                    groups.change(name, Some(before), None);
                }
                Ordering::Greater => {
                    let (name, after) = new.next().expect("peeked");
                    groups.change(name, None, Some(after));
                }
                Ordering::Equal => {
                    let ((name, before), (_, after)) =
                        (old.next().expect("peeked"), new.next().expect("peeked"));
                    if before != after {
                        groups.change(name, Some(before), Some(after));
                    }
                }
            }
        }
        Ok(groups)
    }

    /// The lines and files a group changed.
    fn tally(&mut self, group: &Group) -> Result<Tally, Failure> {
        let mut changes = group.files.clone();
        for &(old, new) in &group.trees {
            changes.extend(self.tree_changes(old, new)?);
        }
        let mut tally = Tally { lines: 0, files: changes.len() as u64 };
        for (old, new) in changes {
            tally.lines += self.file_lines(old, new)?;
        }
        Ok(tally)
    }

    /// The files changed between two trees (`None`: the empty tree).
    fn tree_changes(&mut self, old: Option<ObjectId>, new: Option<ObjectId>) -> Result<Vec<Change>, Failure> {
        let kind = self.repo.object_hash();
        let objects = &self.repo.objects;
        let old = match old {
            Some(id) => objects.find_tree_iter(&id, &mut self.old)?,
            None => TreeRefIter::from_bytes(&[], kind),
        };
        let new = match new {
            Some(id) => objects.find_tree_iter(&id, &mut self.new)?,
            None => TreeRefIter::from_bytes(&[], kind),
        };
        self.leaves.0.clear();
        gix::diff::tree(old, new, &mut self.state, objects, &mut self.leaves)?;
        Ok(std::mem::take(&mut self.leaves.0))
    }

    /// What `git log --numstat` counts for a changed file. The same change comes back often (a
    /// merge brings in what its branch's commits did): it is counted once.
    fn file_lines(&mut self, old: Option<Side>, new: Option<Side>) -> Result<u64, Failure> {
        if let Some(&lines) = self.counted.get(&(old, new)) {
            return Ok(lines);
        }
        let old_data = content(&self.repo, old, &mut self.old)?;
        let new_data = content(&self.repo, new, &mut self.new)?;
        let lines = numstat_lines(old_data, new_data);
        if self.counted.len() >= MAX_COUNTED {
            self.counted.clear();
        }
        self.counted.insert((old, new), lines);
        Ok(lines)
    }
}

/// The person of a signature line (`Name <email> time zone`), mapped through `mailmap`; a line
/// gitoxide cannot parse is read as `Name <email>` leniently rather than failing the history.
fn signature(mailmap: Option<&gix::mailmap::Snapshot>, raw: &BStr) -> Signature {
    match gix::actor::SignatureRef::from_bytes(raw) {
        Ok(parsed) => person(mailmap, parsed.name, parsed.email),
        Err(_) => Signature::parse(&raw.to_str_lossy()).unwrap_or_default(),
    }
}

/// A person as a commit names them, mapped through `mailmap` when given.
fn person(mailmap: Option<&gix::mailmap::Snapshot>, name: &BStr, email: &BStr) -> Signature {
    let (name, email) = (name.trim().as_bstr(), email.trim().as_bstr());
    let signature = gix::actor::SignatureRef { name, email, time: "" };
    let mapped = mailmap.and_then(|mailmap| mailmap.try_resolve_ref(signature));
    let (name, email) = mapped.map_or((name, email), |m| (m.name.unwrap_or(name), m.email.unwrap_or(email)));
    Signature::new(&name.to_str_lossy(), &email.to_str_lossy())
}

/// The entries of tree `id` (none for `None`, the empty tree), in the tree's order.
fn entries<'b>(
    repo: &gix::Repository,
    id: Option<ObjectId>,
    buffer: &'b mut Vec<u8>,
) -> Result<Vec<(&'b [u8], Side)>, Failure> {
    let Some(id) = id else { return Ok(Vec::new()) };
    let tree = repo.objects.find_tree_iter(&id, buffer)?;
    let mut entries = Vec::new();
    for entry in tree {
        let entry = entry?;
        entries.push((entry.filename.as_bytes(), Side { kind: entry.mode.kind(), id: entry.oid.to_owned() }));
    }
    Ok(entries)
}

/// The top-level groups a commit touched, with what changed in each.
#[derive(Default)]
struct Groups(Vec<(String, Group)>);

impl Groups {
    /// The group named `name`, added when new.
    fn group(&mut self, name: &str) -> &mut Group {
        let at = match self.0.iter().position(|(n, _)| n == name) {
            Some(at) => at,
            None => {
                self.0.push((name.to_owned(), Group::default()));
                self.0.len() - 1
            }
        };
        &mut self.0[at].1
    }

    /// Files `before` and `after` for the top-level entry `name` into the groups they belong to.
    fn change(&mut self, name: &[u8], before: Option<Side>, after: Option<Side>) {
        let tree = |side: Option<Side>| side.filter(|s| s.kind == EntryKind::Tree).map(|s| s.id);
        let file = |side: Option<Side>| side.filter(|s| s.kind != EntryKind::Tree);
        let (old_tree, new_tree) = (tree(before), tree(after));
        if old_tree != new_tree {
            self.group(&name.to_str_lossy()).trees.push((old_tree, new_tree));
        }
        let (old_file, new_file) = (file(before), file(after));
        if old_file != new_file {
            self.group(ROOT_DOMAIN).files.push((old_file, new_file));
        }
    }
}

/// The content git diffs for one side of a file: a blob's (or a link's) data, `Subproject commit
/// <hash>` for a submodule, nothing for a missing side.
fn content<'b>(
    repo: &gix::Repository,
    side: Option<Side>,
    buffer: &'b mut Vec<u8>,
) -> Result<&'b [u8], Failure> {
    buffer.clear();
    match side {
        None => {}
        Some(Side { kind: EntryKind::Commit, id }) => {
            buffer.extend_from_slice(format!("Subproject commit {id}\n").as_bytes())
        }
        Some(Side { id, .. }) => {
            repo.objects.find_blob(&id, buffer)?;
        }
    }
    Ok(buffer)
}

/// Collects the files a tree diff reports, leaving out the directories.
#[derive(Default)]
struct Leaves(Vec<Change>);

impl Leaves {
    fn side(mode: EntryMode, id: ObjectId) -> Option<Side> {
        (!mode.is_tree()).then(|| Side { kind: mode.kind(), id })
    }
}

impl Visit for Leaves {
    fn pop_front_tracked_path_and_set_current(&mut self) {}

    fn push_back_tracked_path_component(&mut self, _component: &BStr) {}

    fn push_path_component(&mut self, _component: &BStr) {}

    fn pop_path_component(&mut self) {}

    fn visit(&mut self, change: visit::Change) -> visit::Action {
        let (old, new) = match change {
            visit::Change::Addition { entry_mode, oid, .. } => (None, Leaves::side(entry_mode, oid)),
            visit::Change::Deletion { entry_mode, oid, .. } => (Leaves::side(entry_mode, oid), None),
            visit::Change::Modification { previous_entry_mode, previous_oid, entry_mode, oid } => {
                (Leaves::side(previous_entry_mode, previous_oid), Leaves::side(entry_mode, oid))
            }
        };
        // Directories are left out; a mode written differently but of the same kind is no change.
        if (old.is_some() || new.is_some()) && old != new {
            self.0.push((old, new));
        }
        std::ops::ControlFlow::Continue(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_lines_are_read_leniently() {
        let ada = signature(None, b"Ada  Lovelace <Ada@Example.com> 1700000000 +0100".as_bstr());
        assert_eq!(ada, Signature::new("Ada Lovelace", "Ada@Example.com"));
        let mailmap = gix::mailmap::Snapshot::from_bytes(b"Ada <ada@example.com> <Ada@Example.com>\n");
        let mapped = signature(Some(&mailmap), b"A. L. <Ada@Example.com> 1700000000 +0100".as_bstr());
        assert_eq!(mapped.key(), "Ada <ada@example.com>");
        // Whatever cannot be parsed is kept as it reads.
        let _ = signature(None, b"no email here".as_bstr());
        let _ = signature(None, b"".as_bstr());
    }
}
