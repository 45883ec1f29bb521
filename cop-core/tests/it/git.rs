//! Reading git histories with gitoxide (`import::git`): scripted repositories made with the `git`
//! command, read back and compared with hand-written expectations and with `git log --numstat`.
//!
//! Every test is skipped (with a message) when `git` is not installed. Set `COP_GIT_EQUIVALENCE`
//! to a repository to compare the reader with `git log` on it as well.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use cop_core::ErrorKind;
use cop_core::ingest::git::{Commit, GitOptions, Signature, domain_of_numstat, read_history};

/// A directory under the system's temporary directory, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let nanos =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
        let dir = std::env::temp_dir().join(format!("cop-git-{name}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Whether the `git` command can be run; prints why a test is skipped when not.
fn have_git() -> bool {
    let found = Command::new("git").arg("--version").output().is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("skipped: the `git` command is not installed");
    }
    found
}

/// `git` in `dir`, isolated from the user's and the system's configuration.
fn git_command(dir: &Path) -> Command {
    let mut command = Command::new("git");
    command
        .arg("-C")
        .arg(dir)
        .args(["-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false"])
        .args(["-c", "core.quotePath=false", "-c", "log.showSignature=false"])
        .args(["-c", "user.name=Script", "-c", "user.email=script@example.com"])
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .stdin(Stdio::null());
    command
}

/// Runs `git args` in `dir` and returns its output (trimmed); panics when git fails.
fn git(dir: &Path, args: &[&str]) -> String {
    let output = git_command(dir).args(args).output().expect("git runs");
    assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

/// A repository being scripted: files written, then committed by someone at some time.
struct Script<'a> {
    dir: &'a Path,
    time: i64,
}

impl Script<'_> {
    fn write(&self, path: &str, content: &[u8]) {
        let path = self.dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }

    fn remove(&self, path: &str) {
        std::fs::remove_file(self.dir.join(path)).unwrap();
    }

    /// Stages everything, then commits `message` as `author`, committed by `committer`, and
    /// tags the commit `tag`.
    fn commit(&mut self, tag: &str, author: (&str, &str), committer: (&str, &str), message: &str) {
        git(self.dir, &["add", "-A"]);
        self.commit_staged(tag, author, committer, message);
    }

    fn commit_staged(&mut self, tag: &str, author: (&str, &str), committer: (&str, &str), message: &str) {
        self.time += 1000;
        let date = format!("@{} +0000", self.time);
        let file = self.dir.join(".git/COP_MESSAGE");
        std::fs::write(&file, message).unwrap();
        let output = git_command(self.dir)
            .args(["commit", "-q", "--allow-empty", "--cleanup=verbatim", "-F"])
            .arg(&file)
            .env("GIT_AUTHOR_NAME", author.0)
            .env("GIT_AUTHOR_EMAIL", author.1)
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_NAME", committer.0)
            .env("GIT_COMMITTER_EMAIL", committer.1)
            .env("GIT_COMMITTER_DATE", &date)
            .output()
            .unwrap();
        assert!(output.status.success(), "commit {tag}: {}", String::from_utf8_lossy(&output.stderr));
        git(self.dir, &["tag", tag]);
    }
}

const ADA: (&str, &str) = ("Ada Lovelace", "ada@example.com");
const ADA_OLD: (&str, &str) = ("Ada L.", "ada@old.example.org");
const BOB: (&str, &str) = ("Bob Builder", "12345+bob@users.noreply.github.com");
const CAROL: (&str, &str) = ("Carol", "carol@example.com");
const FRANK: (&str, &str) = ("Frank", "frank@example.com");
const GITHUB: (&str, &str) = ("GitHub", "noreply@github.com");

const MAILMAP: &str = "Ada Lovelace <ada@example.com> <ada@old.example.org>\n\
                       Bob Builder <bob@example.com> <12345+bob@users.noreply.github.com>\n\
                       Eve Example <eve@example.com> <eve@old.example.org>\n";

const TESTS_MESSAGE: &str = "Add tests\n\
    \n\
    Some body text.\n\
    Co-authored-by: Nobody <nobody@example.com>\n\
    \n\
    Co-authored-by: Ada Lovelace <ada@example.com>\n\
    co-authored-by: Dan  Dev\n  <dan@example.com>\n\
    Signed-off-by: Carol <carol@example.com>\n\
    Co-authored-by: Eve <eve@old.example.org>\n";

fn numbered(lines: usize, word: &str) -> String {
    (1..=lines).map(|i| format!("{word} {i}\n")).collect()
}

/// The scripted repository (see the expectations in [`expected`]), in a new scratch directory.
fn scripted(name: &str) -> Scratch {
    let scratch = Scratch::new(name);
    let dir = &scratch.0;
    git(dir, &["init", "-q"]);
    let mut s = Script { dir, time: 1_600_000_000 };
    // c1: root 3 files (7 lines), src 10 lines, docs 3 lines.
    s.write("README.md", b"# demo\n\nhello\n");
    s.write("notes", b"a note\n");
    s.write(".mailmap", MAILMAP.as_bytes());
    s.write("src/lib.rs", numbered(10, "line").as_bytes());
    s.write("docs/guide.md", numbered(3, "guide").as_bytes());
    s.commit("c1", ADA, ADA, "Initial layout\n");
    // c2: src 2 lines in 1 file, docs 2 lines in 2 files.
    s.write("src/lib.rs", numbered(10, "line").replace("line 5\n", "line five\n").as_bytes());
    s.write("docs/a.md", b"a\n");
    s.write("docs/b.md", b"b\n");
    s.commit("c2", BOB, BOB, "Tweak docs and code\n");
    // c3: a binary file (1) against a mode change at the root (0 lines).
    s.write("assets/logo.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    git(dir, &["add", "-A"]);
    git(dir, &["update-index", "--chmod=+x", "README.md"]);
    s.commit_staged("c3", ADA_OLD, ADA_OLD, "Add logo\n");
    s.write("tests/basic.rs", numbered(5, "test").as_bytes());
    s.commit("c4", CAROL, CAROL, TESTS_MESSAGE);
    // c5: a rename is a deletion (docs) and an addition (guides) of 3 lines each: docs by name.
    s.remove("docs/guide.md");
    s.write("guides/guide.md", numbered(3, "guide").as_bytes());
    s.commit("c5", ADA, ADA, "Move the guide\n");
    git(dir, &["checkout", "-q", "-b", "feature"]);
    s.write("src/feature.rs", numbered(4, "feature").as_bytes());
    s.commit("c6", FRANK, FRANK, "Add feature\n");
    git(dir, &["checkout", "-q", "main"]);
    s.write("README.md", b"# demo\n\nhello\nworld\n");
    s.commit("c7", ADA, ADA, "Update readme\n");
    // c8: the merge brings in what the feature branch did, against the first parent.
    git(dir, &["merge", "-q", "--no-ff", "--no-commit", "feature"]);
    s.commit_staged("c8", ADA, GITHUB, "Merge pull request #1 from frank/feature\n\nAdd feature\n");
    s.commit("c9", ADA, ADA, "Nothing\n");
    // c10: a submodule (1 line) and a file in vendor (2 lines, 2 files) against src (2 lines).
    let c1 = git(dir, &["rev-parse", "c1"]);
    s.write("vendor/README", b"vendored\n");
    let lib = numbered(10, "line").replace("line 5\n", "line five\n");
    s.write("src/lib.rs", lib.replace("line 6\n", "line six\n").as_bytes());
    // An unpopulated submodule is an empty directory in the working tree.
    std::fs::create_dir_all(dir.join("vendor/dep")).unwrap();
    git(dir, &["add", "-A"]);
    git(dir, &["update-index", "--add", "--cacheinfo", &format!("160000,{c1},vendor/dep")]);
    s.commit_staged("c10", BOB, BOB, "Vendor a dependency\n");
    // c11: a file at the root becomes a directory.
    s.remove("notes");
    s.write("notes/today.md", numbered(5, "note").as_bytes());
    s.commit("c11", CAROL, CAROL, "Notes become a directory\n");
    // c12: a directory named `root` counts with the files at the root: 2 + 2 + 1 (a symbolic
    // link) lines against 4 in src.
    s.write("root/x.txt", b"x\ny\n");
    s.write("README.md", b"# demo\n\nhello\nworld\nagain\nand again\n");
    s.write("src/extra.rs", numbered(4, "extra").as_bytes());
    let target = git_stdin(dir, &["hash-object", "-w", "--stdin"], b"README.md");
    git(dir, &["add", "-A"]);
    git(dir, &["update-index", "--add", "--cacheinfo", &format!("120000,{target},link")]);
    s.commit_staged("c12", FRANK, FRANK, "Odd places\n");
    scratch
}

/// Runs `git args` in `dir` with `input` on its standard input.
fn git_stdin(dir: &Path, args: &[&str], input: &[u8]) -> String {
    use std::io::Write;
    let mut child = git_command(dir).args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

/// What the reader must find in the scripted repository (mailmap applied): per commit, oldest
/// first, its tag, parents' tags, author, committer, subject, co-authors and domain.
struct Expected {
    tag: &'static str,
    parents: &'static [&'static str],
    author: (&'static str, &'static str),
    committer: (&'static str, &'static str),
    subject: &'static str,
    coauthors: &'static [(&'static str, &'static str)],
    domain: &'static str,
}

fn expected() -> Vec<Expected> {
    const BOB_MAPPED: (&str, &str) = ("Bob Builder", "bob@example.com");
    let e = |tag, parents, author, committer, subject, domain| Expected {
        tag,
        parents,
        author,
        committer,
        subject,
        coauthors: &[],
        domain,
    };
    vec![
        e("c1", &[], ADA, ADA, "Initial layout", "src"),
        e("c2", &["c1"], BOB_MAPPED, BOB_MAPPED, "Tweak docs and code", "docs"),
        e("c3", &["c2"], ADA, ADA, "Add logo", "assets"),
        Expected {
            coauthors: &[ADA, ("Dan Dev", "dan@example.com"), ("Eve Example", "eve@example.com")],
            ..e("c4", &["c3"], CAROL, CAROL, "Add tests", "tests")
        },
        e("c5", &["c4"], ADA, ADA, "Move the guide", "docs"),
        e("c6", &["c5"], FRANK, FRANK, "Add feature", "src"),
        e("c7", &["c5"], ADA, ADA, "Update readme", "root"),
        e("c8", &["c7", "c6"], ADA, GITHUB, "Merge pull request #1 from frank/feature", "src"),
        e("c9", &["c8"], ADA, ADA, "Nothing", "root"),
        e("c10", &["c9"], BOB_MAPPED, BOB_MAPPED, "Vendor a dependency", "vendor"),
        e("c11", &["c10"], CAROL, CAROL, "Notes become a directory", "notes"),
        e("c12", &["c11"], FRANK, FRANK, "Odd places", "root"),
    ]
}

fn signature((name, email): (&str, &str)) -> Signature {
    Signature::new(name, email)
}

#[test]
fn the_scripted_history_reads_as_expected() {
    if !have_git() {
        return;
    }
    let repo = scripted("expected");
    let commits = read_history(&repo.0, &GitOptions::default()).unwrap();
    let expected = expected();
    assert_eq!(commits.len(), expected.len());
    for (commit, want) in commits.iter().zip(&expected) {
        let tag = want.tag;
        assert_eq!(commit.hash, git(&repo.0, &["rev-parse", tag]), "{tag}");
        let parents: Vec<String> = want.parents.iter().map(|p| git(&repo.0, &["rev-parse", p])).collect();
        assert_eq!(commit.parents, parents, "{tag}");
        assert_eq!(commit.author, signature(want.author), "{tag}");
        assert_eq!(commit.committer, signature(want.committer), "{tag}");
        assert_eq!(commit.subject, want.subject, "{tag}");
        let coauthors: Vec<Signature> = want.coauthors.iter().copied().map(signature).collect();
        assert_eq!(commit.coauthors, coauthors, "{tag}");
        assert_eq!(commit.domain, want.domain, "{tag}");
        assert_eq!(commit.time, 1_600_000_000 + 1000 * (tag[1..].parse::<i64>().unwrap()), "{tag}");
    }
    assert!(commits[7].is_pull_request_merge());
    assert!(!commits.iter().enumerate().any(|(i, c)| i != 7 && c.is_pull_request_merge()));
}

#[test]
fn the_mailmap_can_be_left_off() {
    if !have_git() {
        return;
    }
    let repo = scripted("raw");
    let commits = read_history(&repo.0, &GitOptions::default().mailmap(false)).unwrap();
    assert_eq!(commits[1].author, signature(BOB));
    assert_eq!(commits[2].author, signature(ADA_OLD));
    assert_eq!(commits[2].author.key(), "Ada L. <ada@old.example.org>");
    let eve = Signature::new("Eve", "eve@old.example.org");
    assert_eq!(commits[3].coauthors.last(), Some(&eve));
}

#[test]
fn a_bare_clone_and_a_subdirectory_read_the_same() {
    if !have_git() {
        return;
    }
    let repo = scripted("bare");
    let bare = repo.0.join("clone.git");
    git(&repo.0, &["clone", "-q", "--bare", ".", bare.to_str().unwrap()]);
    let from_work_tree = read_history(&repo.0, &GitOptions::default()).unwrap();
    // The bare clone has no working tree: its mailmap is HEAD's .mailmap.
    assert_eq!(read_history(&bare, &GitOptions::default()).unwrap(), from_work_tree);
    assert_eq!(read_history(&repo.0.join("src"), &GitOptions::default()).unwrap(), from_work_tree);
}

#[test]
fn ranges_list_what_git_log_lists() {
    if !have_git() {
        return;
    }
    let repo = scripted("ranges");
    for range in ["c5..HEAD", "c7", "c8^!", "c8^@", "c6...c7", "c6..c7", "main", "feature..main", "c11"] {
        let commits = read_history(&repo.0, &GitOptions::default().range(range)).unwrap();
        let hashes: Vec<&str> = commits.iter().map(|c| c.hash.as_str()).collect();
        let listed = git(&repo.0, &["log", "--format=%H", range]);
        let mut want: Vec<&str> = listed.lines().collect();
        want.reverse();
        assert_eq!(hashes, want, "{range}");
    }
}

/// The format of `git log` that `cop-cli` reads: record separator, the fields separated by unit
/// separators, the numstat lines after the last one.
fn log_format(mailmap: bool) -> String {
    let people = if mailmap { "%aN%x1f%aE%x1f%at%x1f%cN%x1f%cE" } else { "%an%x1f%ae%x1f%at%x1f%cn%x1f%ce" };
    format!(
        "--format=%x1e%H%x1f%P%x1f{people}%x1f%s%x1f%(trailers:key=Co-authored-by,valueonly,unfold,separator=%x1d)%x1f"
    )
}

/// The history as `git log --numstat` shows it, oldest first (co-authors mapped through
/// `git check-mailmap` when `mailmap`, which git's trailers are not).
fn git_log(dir: &Path, mailmap: bool) -> Vec<Commit> {
    let args = ["log", "--no-renames", "--diff-merges=first-parent", "--numstat", "--no-color"];
    let output = git_command(dir).args(args).arg(log_format(mailmap)).arg("HEAD").output().unwrap();
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    let mut commits: Vec<Commit> = text
        .split('\u{1e}')
        .filter(|record| !record.trim().is_empty())
        .map(|record| {
            let f: Vec<&str> = record.splitn(10, '\u{1f}').collect();
            Commit {
                hash: f[0].trim().to_owned(),
                parents: f[1].split_whitespace().map(str::to_owned).collect(),
                author: Signature::new(f[2], f[3]),
                time: f[4].trim().parse().unwrap(),
                committer: Signature::new(f[5], f[6]),
                subject: f[7].to_owned(),
                coauthors: f[8].split('\u{1d}').filter_map(Signature::parse).collect(),
                domain: domain_of_numstat(f[9]),
            }
        })
        .collect();
    if mailmap {
        for coauthor in commits.iter_mut().flat_map(|c| c.coauthors.iter_mut()) {
            let mapped = git(dir, &["check-mailmap", &coauthor.key()]);
            *coauthor = Signature::parse(&mapped).unwrap();
        }
    }
    commits.reverse();
    commits
}

#[test]
fn the_reader_agrees_with_git_log() {
    if !have_git() {
        return;
    }
    let repo = scripted("agree");
    for mailmap in [false, true] {
        let commits = read_history(&repo.0, &GitOptions::default().mailmap(mailmap)).unwrap();
        assert_eq!(commits, git_log(&repo.0, mailmap), "mailmap: {mailmap}");
    }
}

#[test]
fn a_shallow_clone_reads_as_git_log_shows_it() {
    if !have_git() {
        return;
    }
    let repo = scripted("shallow");
    let shallow = repo.0.join("shallow");
    let url = format!("file://{}", repo.0.display());
    git(&repo.0, &["clone", "-q", "--depth", "4", &url, shallow.to_str().unwrap()]);
    let commits = read_history(&shallow, &GitOptions::default()).unwrap();
    // The oldest commits kept lost their parents: git shows them as root commits.
    assert!(commits.len() < 12 && commits[0].parents.is_empty(), "{commits:?}");
    assert_eq!(commits, git_log(&shallow, true));
}

/// Compares the reader with `git log` on the repository `COP_GIT_EQUIVALENCE` names (skipped
/// when unset): the same commits in the same order, the same people, subjects and co-authors,
/// and domains differing on at most 0.5% of the commits.
#[test]
fn a_real_history_agrees_with_git_log() {
    let Some(path) = std::env::var_os("COP_GIT_EQUIVALENCE") else {
        eprintln!("skipped: set COP_GIT_EQUIVALENCE to a repository to compare with git log");
        return;
    };
    if !have_git() {
        return;
    }
    let path = PathBuf::from(path);
    let commits = read_history(&path, &GitOptions::default().mailmap(false)).unwrap();
    let expected = git_log(&path, false);
    let hashes = |commits: &[Commit]| commits.iter().map(|c| c.hash.clone()).collect::<Vec<_>>();
    assert_eq!(hashes(&commits), hashes(&expected));
    let mut domains = 0;
    for (got, want) in commits.iter().zip(&expected) {
        domains += usize::from(got.domain != want.domain);
        let with_their_domain = Commit { domain: want.domain.clone(), ..got.clone() };
        assert_eq!(&with_their_domain, want);
    }
    eprintln!("{} commits, {domains} domains differ", commits.len());
    assert!(domains * 200 <= commits.len(), "{domains} of {} domains differ", commits.len());
}

#[test]
fn errors_name_the_path_and_what_is_wrong() {
    let scratch = Scratch::new("errors");
    let missing = scratch.0.join("missing");
    let error = read_history(&missing, &GitOptions::default()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Io);
    assert!(error.to_string().contains(&format!("{} does not exist", missing.display())), "{error}");

    let plain = scratch.0.join("plain");
    std::fs::create_dir_all(&plain).unwrap();
    let error = read_history(&plain, &GitOptions::default()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidValue);
    assert!(error.to_string().contains("is not a git repository"), "{error}");

    if !have_git() {
        return;
    }
    let empty = scratch.0.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    git(&empty, &["init", "-q"]);
    let error = read_history(&empty, &GitOptions::default()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidValue);
    assert!(error.to_string().contains("has no commits"), "{error}");
    let error = read_history(&empty, &GitOptions::default().range("HEAD~3..HEAD")).unwrap_err();
    assert!(error.to_string().contains("has no commits"), "{error}");

    let repo = scripted("bad-range");
    let error = read_history(&repo.0, &GitOptions::default().range("nope..HEAD")).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidValue);
    assert!(error.to_string().contains("unknown revision `nope..HEAD`"), "{error}");
}

#[test]
fn a_corrupt_repository_is_an_error_not_a_panic() {
    if !have_git() {
        return;
    }
    let repo = scripted("corrupt");
    // Objects are loose in a fresh repository: remove the tree of c5 and the blob of src/lib.rs
    // as c2 left it.
    for spec in ["c5^{tree}", "c2:src/lib.rs"] {
        let id = git(&repo.0, &["rev-parse", spec]);
        std::fs::remove_file(repo.0.join(".git/objects").join(&id[..2]).join(&id[2..])).unwrap();
    }
    let error = read_history(&repo.0, &GitOptions::default()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Io);
    assert!(error.to_string().contains("cannot read the history of"), "{error}");
}
