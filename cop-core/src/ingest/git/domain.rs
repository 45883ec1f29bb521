//! The domain of a commit: the top-level directory it touches most.

use std::collections::HashMap;

/// The domain of commits that touch no directory: files at the root of the repository, or no
/// file at all.
pub const ROOT_DOMAIN: &str = "root";

/// What a commit changed under one top-level directory (or at the root).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Tally {
    /// Lines added plus lines deleted; a binary file counts one.
    pub lines: u64,
    /// Files changed.
    pub files: u64,
}

/// The top-level group of a path: its first directory, or [`ROOT_DOMAIN`] for a file at the root.
pub(crate) fn top_level(path: &str) -> &str {
    match path.split_once('/') {
        Some((top, _)) if !top.is_empty() => top,
        _ => ROOT_DOMAIN,
    }
}

/// The domain among the groups a commit touched: the most changed lines, then the most files,
/// then the first name; [`ROOT_DOMAIN`] when nothing was touched.
pub(crate) fn pick<'a>(touched: impl IntoIterator<Item = (&'a str, Tally)>) -> String {
    touched
        .into_iter()
        .max_by(|(a_name, a), (b_name, b)| {
            (a.lines, a.files).cmp(&(b.lines, b.files)).then_with(|| b_name.cmp(a_name))
        })
        .map_or_else(|| ROOT_DOMAIN.to_owned(), |(name, _)| name.to_owned())
}

/// The domain of a commit from the lines `git log --numstat` prints for it
/// (`added<TAB>deleted<TAB>path`, `-<TAB>-<TAB>path` for a binary file): the top-level directory
/// with the most changed lines, ties broken by more files, then by name; files at the root and
/// commits without files give [`ROOT_DOMAIN`]. This is the definition [`super::read_history`]
/// computes from the trees, and the reference it is tested against.
///
/// ```
/// use cop_core::ingest::git::domain_of_numstat;
///
/// assert_eq!(domain_of_numstat("1\t0\tsrc/a.rs\n10\t0\tdocs/x.md\n"), "docs");
/// assert_eq!(domain_of_numstat("3\t1\tREADME.md\n"), "root");
/// ```
pub fn domain_of_numstat(numstat: &str) -> String {
    let mut touched: HashMap<&str, Tally> = HashMap::new();
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
        let tally = touched.entry(top_level(path)).or_default();
        tally.lines += lines;
        tally.files += 1;
    }
    pick(touched)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_by_lines_then_files_then_name() {
        assert_eq!(domain_of_numstat(""), "root");
        assert_eq!(domain_of_numstat("\n3\t1\tREADME.md\n"), "root");
        assert_eq!(domain_of_numstat("1\t0\tsrc/a.rs\n10\t0\tdocs/x.md\n2\t2\tsrc/b.rs\n"), "docs");
        // 4 lines each: src has two files.
        assert_eq!(domain_of_numstat("2\t0\tsrc/a.rs\n2\t0\tsrc/b.rs\n4\t0\tdocs/x.md\n"), "src");
        // A tie on both: the first name.
        assert_eq!(domain_of_numstat("1\t0\tzeta/a\n1\t0\talpha/b\n"), "alpha");
        // Binary files count one line.
        assert_eq!(domain_of_numstat("-\t-\timg/logo.png\n0\t0\tsrc/empty\n"), "img");
        assert_eq!(domain_of_numstat("1\t1\t\"odd dir/na\\\"me\"\n"), "odd dir");
    }

    #[test]
    fn a_directory_named_root_joins_the_root_files() {
        let tally = |lines, files| Tally { lines, files };
        assert_eq!(pick([("root", tally(2, 1)), ("src", tally(3, 1))]), "src");
        assert_eq!(domain_of_numstat("2\t0\troot/a\n2\t0\tb\n3\t0\tsrc/c\n"), "root");
    }
}
