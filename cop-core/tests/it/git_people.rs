//! A scripted git history with several addresses per person, a mailmap, GitHub noreply
//! addresses, co-author trailers and bots: what `Landscape::import_git` makes of it.

use std::path::{Path, PathBuf};
use std::process::Command;

use cop_core::Landscape;
use cop_core::ingest::history::GitImport;
use cop_core::model::people::{MergeRule, Scope};

/// A repository in a fresh temporary directory, scripted with the `git` command.
struct Scripted {
    dir: PathBuf,
}

impl Drop for Scripted {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Scripted {
    fn new(name: &str) -> Option<Scripted> {
        if Command::new("git").arg("--version").output().is_err() {
            eprintln!("skipped: the git command is not installed");
            return None;
        }
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("cop-git-people-{name}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let repo = Scripted { dir };
        repo.git(&["init", "-q"], ("x", "x@x"), "2024-01-01T00:00:00Z");
        Some(repo)
    }

    fn git(&self, args: &[&str], who: (&str, &str), date: &str) {
        let output = Command::new("git")
            .arg("-C")
            .arg(&self.dir)
            .args(["-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"])
            .args(args)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", who.0)
            .env("GIT_AUTHOR_EMAIL", who.1)
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_NAME", who.0)
            .env("GIT_COMMITTER_EMAIL", who.1)
            .env("GIT_COMMITTER_DATE", date)
            .output()
            .expect("git runs");
        assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    }

    /// Writes a file of `lines` lines and commits everything as `who` on `day` of January 2024.
    fn commit(&self, who: (&str, &str), day: u32, path: &str, message: &str) {
        let file = self.dir.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, format!("{message}\n{day}\n")).unwrap();
        let date = format!("2024-01-{day:02}T10:00:00Z");
        self.git(&["add", "-A"], who, &date);
        self.git(&["commit", "-q", "-m", message], who, &date);
    }

    fn path(&self) -> &Path {
        &self.dir
    }
}

const ADA: (&str, &str) = ("Ada Lovelace", "ada@example.com");
const ADA_AGAIN: (&str, &str) = ("ada", " ADA@Example.com");
const WEIHANG: (&str, &str) = ("Weihang Lo", "me@weihanglo.tw");
const WEIHANG_GH: (&str, &str) = ("Weihang Lo", "14314532+weihanglo@users.noreply.github.com");
const OCTO: (&str, &str) = ("Octo", "octo@users.noreply.github.com");
const OCTO_ID: (&str, &str) = ("Octo Cat", "583231+Octo@users.noreply.github.com");
const BOB_OLD: (&str, &str) = ("bobby", "bob@old.example.org");
const BOB: (&str, &str) = ("Bob Builder", "bob@example.com");
const DEPENDABOT: (&str, &str) = ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com");
const BORS: (&str, &str) = ("bors", "bors@rust-lang.org");
const SAM: (&str, &str) = ("Sam Smith", "sam@example.com");

/// Eleven identities of six people and two bots.
fn history() -> Option<Scripted> {
    let repo = Scripted::new("people")?;
    repo.commit(ADA, 1, "src/a.rs", "Start");
    repo.commit(ADA_AGAIN, 2, "src/b.rs", "More");
    repo.commit(WEIHANG, 3, "docs/a.md", "Docs");
    repo.commit(WEIHANG_GH, 4, "docs/b.md", "Docs again");
    repo.commit(OCTO, 5, "src/c.rs", "Octo");
    repo.commit(OCTO_ID, 6, "src/d.rs", "Octo again");
    repo.commit(BOB_OLD, 7, "src/e.rs", "Bob, before");
    repo.commit(BOB, 8, ".mailmap", "Bob Builder <bob@example.com> <bob@old.example.org>");
    repo.commit(DEPENDABOT, 9, "requirements.txt", "Bump");
    repo.commit(BORS, 10, "src/f.rs", "Auto merge");
    repo.commit(
        SAM,
        11,
        "src/g.rs",
        "Pair work\n\nCo-authored-by: Ada Lovelace <ada@example.com>\nCo-authored-by: Cy <cy@example.com>",
    );
    Some(repo)
}

fn rules(landscape: &Landscape) -> Vec<(String, String, MergeRule)> {
    landscape.people_report().merges.into_iter().map(|m| (m.identity, m.member, m.rule)).collect()
}

#[test]
fn identities_become_people_by_each_rule() {
    let Some(repo) = history() else { return };
    let mut landscape = Landscape::new();
    let report = landscape.import_git(repo.path(), &GitImport::default()).unwrap();
    assert_eq!((report.commits, report.events), (11, 13), "11 commits and 2 co-authorships");
    assert_eq!(report.identities, 12, "eleven authors and Cy");
    assert_eq!(report.members, 8, "Ada, Weihang, Octo, Bob, Sam, Cy and the two bots");
    assert_eq!(
        report.bots,
        ["dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>", "bors <bors@rust-lang.org>"]
    );
    let merges = rules(&landscape);
    assert_eq!(
        merges,
        [
            (
                "ada <ada@example.com>".to_owned(),
                "Ada Lovelace <ada@example.com>".to_owned(),
                MergeRule::Email
            ),
            (
                "Weihang Lo <14314532+weihanglo@users.noreply.github.com>".to_owned(),
                "Weihang Lo <me@weihanglo.tw>".to_owned(),
                MergeRule::NoreplyName
            ),
            (
                "Octo Cat <583231+octo@users.noreply.github.com>".to_owned(),
                "Octo <octo@users.noreply.github.com>".to_owned(),
                MergeRule::Noreply
            ),
            (
                "Bob Builder <bob@example.com>".to_owned(),
                "bobby <bob@old.example.org>".to_owned(),
                MergeRule::Mailmap
            ),
        ]
    );
    // Analyses see six people: the bots are left out with their two commits.
    assert_eq!(landscape.counts().members, 6);
    assert_eq!(landscape.counts().events, 11);
    let ada = landscape.member_id("ada <ada@example.com>").unwrap();
    assert_eq!(landscape.member_key(ada), Some("Ada Lovelace <ada@example.com>"));
    assert_eq!(landscape.log().of_member(ada).len(), 2);
    assert_eq!(landscape.log().targeting(ada).len(), 1, "Sam's co-authorship");
    let sam = landscape.member_id("Sam Smith <sam@example.com>").unwrap();
    assert_eq!(landscape.log().of_member(sam).len(), 3, "a commit and two co-authorships");
    // Each merge can be undone.
    let octo_cat = landscape.identity_id("Octo Cat <583231+octo@users.noreply.github.com>").unwrap();
    landscape.unmerge(octo_cat).unwrap();
    assert_eq!(landscape.counts().members, 7);
    landscape.set_scope(Scope::EVERYONE);
    assert_eq!((landscape.counts().members, landscape.counts().events), (9, 13));
}

#[test]
fn identities_stay_apart_when_asked_and_the_mailmap_can_be_ignored() {
    let Some(repo) = history() else { return };
    let mut apart = Landscape::new();
    let mut options = GitImport::default();
    options.resolve_identities = false;
    apart.import_git(repo.path(), &options).unwrap();
    assert_eq!(apart.people_counts().members, 12);
    let mut no_mailmap = Landscape::new();
    let mut options = GitImport::default();
    options.mailmap = false;
    no_mailmap.import_git(repo.path(), &options).unwrap();
    assert!(rules(&no_mailmap).iter().all(|(_, _, rule)| *rule != MergeRule::Mailmap));
    assert_eq!(no_mailmap.people_counts().members, 9);
}

#[test]
fn pseudonyms_keep_no_name_and_join_across_runs() {
    let Some(repo) = history() else { return };
    let import = |salt: &str| {
        let mut landscape = Landscape::new();
        landscape.import_git(repo.path(), &GitImport::default().pseudonymise(salt)).unwrap();
        let mut bytes = Vec::new();
        landscape.save_snapshot(&mut bytes).unwrap();
        (landscape, String::from_utf8(bytes).unwrap())
    };
    let (first, text) = import("s3cret");
    let (second, again) = import("s3cret");
    let (_, other) = import("another");
    assert_eq!(text, again, "the same salt gives the same pseudonyms");
    assert_ne!(text, other);
    for trace in ["Lovelace", "example.com", "weihanglo", "dependabot", "bors", "Octo"] {
        assert!(!text.contains(trace), "{trace} is in the pseudonymised snapshot");
    }
    assert_eq!(first.counts().members, 6, "people are resolved before their names are dropped");
    assert_eq!(first.people_counts().bots, 2);
    assert_eq!(second.people_report().merges.len(), 4);
}

#[test]
fn a_list_names_further_bots_and_staff() {
    let Some(repo) = history() else { return };
    let mut landscape = Landscape::new();
    let mut options = GitImport::default();
    options.bots = vec!["Sam Smith".into()];
    options.staff = vec!["bob@example.com".into()];
    let report = landscape.import_git(repo.path(), &options).unwrap();
    assert_eq!(report.bots.len(), 3);
    let bob = landscape.member_id("Bob Builder <bob@example.com>").unwrap();
    assert!(landscape.is_staff(bob));
    landscape.set_scope(Scope::default().with_staff(false));
    assert_eq!(landscape.counts().members, 4, "Ada, Weihang, Octo and Cy (named by Sam, now a bot)");
}

#[test]
fn a_failed_import_changes_nothing() {
    let Some(repo) = history() else { return };
    let mut landscape = Landscape::new();
    let before = landscape.clone();
    let error =
        landscape.import_git(repo.path(), &GitImport::default().range("no-such-revision")).unwrap_err();
    assert!(error.to_string().contains("no-such-revision"), "{error}");
    assert!(landscape == before);
    assert!(landscape.import_git(&repo.path().join("missing"), &GitImport::default()).is_err());
    assert!(landscape == before);
}

#[test]
fn the_same_person_in_two_repositories_is_one_member() {
    let (Some(first), Some(second)) = (Scripted::new("first"), Scripted::new("second")) else { return };
    first.commit(ADA, 1, "src/a.rs", "Start");
    second.commit(("Ada L.", "ada@example.com"), 2, "src/a.rs", "Start too");
    second.commit(SAM, 3, "src/b.rs", "Sam");
    let mut landscape = Landscape::new();
    landscape.import_git(first.path(), &GitImport::default().community("first")).unwrap();
    let report = landscape.import_git(second.path(), &GitImport::default().community("second")).unwrap();
    assert_eq!(report.merges, [(MergeRule::Email, 1)]);
    assert_eq!(report.members, 2);
    let ada = landscape.member_id("Ada L. <ada@example.com>").unwrap();
    assert_eq!(landscape.member_key(ada), Some("Ada Lovelace <ada@example.com>"));
    assert_eq!(landscape.log().of_member(ada).len(), 2);
}

#[test]
fn a_history_refused_midway_leaves_existing_members_as_they_were() {
    let (Some(first), Some(second)) = (Scripted::new("kept"), Scripted::new("refused")) else { return };
    first.commit(ADA, 1, "src/a.rs", "Start");
    second.commit(ADA, 2, "src/a.rs", "Again");
    let long = "x".repeat(2000);
    second.commit((&long, "long@example.com"), 3, "src/b.rs", "A name longer than any key");
    let mut landscape = Landscape::new();
    landscape.import_git(first.path(), &GitImport::default()).unwrap();
    let before = landscape.clone();
    let mut options = GitImport::default();
    options.bots = vec!["Ada Lovelace".into()];
    let error = landscape.import_git(second.path(), &options).unwrap_err();
    assert!(error.to_string().contains("1024"), "{error}");
    assert!(landscape == before, "Ada is not left flagged as a bot");
    let ada = landscape.member_id("Ada Lovelace <ada@example.com>").unwrap();
    assert!(!landscape.is_bot(ada));
}
