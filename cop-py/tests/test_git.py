"""Git histories: `Landscape.from_git` / `import_git` on a repository scripted with the `git`
command — identities merged by each rule, a pull request merged through GitHub's web flow, a
co-author trailer, a bot, pseudonyms, a bare clone and the errors (the same history and the same
hand-computed numbers as the C tests)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

import cop

ADA = ("Ada Lovelace", "ada@example.com")
ADA_CASE = ("ada", "ADA@Example.COM")  # email: the same address in another case and name
GRACE = ("Grace Hopper", "grace@example.org")
GRACE_GH = ("Grace Hopper", "1234+ghopper@users.noreply.github.com")  # noreply_name
OCTO = ("Octo", "octo@users.noreply.github.com")
OCTO_CAT = ("Octo Cat", "583231+Octo@users.noreply.github.com")  # noreply: the same login
BOB_OLD = ("bobby", "bob@old.example.org")
BOB = ("Bob Builder", "bob@example.com")  # mailmap: the old address is mapped to this one
SAM = ("Sam Smith", "sam@example.com")
DEPENDABOT = ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")
WEB_FLOW = ("GitHub", "noreply@github.com")

ADA_KEY = "Ada Lovelace <ada@example.com>"
OCTO_CAT_KEY = "Octo Cat <583231+octo@users.noreply.github.com>"
BOB_KEY = "Bob Builder <bob@example.com>"
SAM_KEY = "Sam Smith <sam@example.com>"
DEPENDABOT_KEY = "dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>"

# Commits (11): Ada, ada, Grace twice, Octo, Octo Cat, bobby, Bob, Sam (co-authored by Ada and
# Cy), the merge of Sam's pull request by Ada through the web flow, dependabot. Events (13): 10
# commits, 1 merge (Ada -> Sam), 2 co-authorships (Sam -> Ada, Sam -> Cy). Identities (11): the
# ten authors and Cy (GitHub's web-flow committer is none). Four merges, one per rule: ada into
# Ada (email), Grace's noreply identity into Grace (noreply_name), Octo Cat into Octo (noreply),
# Bob Builder into bobby, who came first (mailmap). Members: 7, of whom analyses see 6 with 12
# events: dependabot and its commit are left out.
ALL_RULES = {"email": 1, "mailmap": 1, "noreply": 1, "noreply_name": 1}
REPORT = {
    "commits": 11,
    "events": 13,
    "identities": 11,
    "members": 7,
    "merges": ALL_RULES,
    "bots": [DEPENDABOT_KEY],
}
PEOPLE = {
    "identities": 11,
    "members": 7,
    "merges": ALL_RULES,
    "bots": 1,
    "staff": 0,
    "left_out": 1,
    "events_left_out": 1,
}


class Repository:
    """A repository scripted with the `git` command, every author and date fixed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir()
        self.git(["init", "-q"], ADA, 1)

    def git(self, args: list[str], who: tuple[str, str], day: int, committer: tuple[str, str] | None = None) -> None:
        committer = committer or who
        date = f"2024-01-{day:02}T10:00:00Z"
        env = {
            **os.environ,
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
            "LC_ALL": "C",
            "GIT_AUTHOR_NAME": who[0],
            "GIT_AUTHOR_EMAIL": who[1],
            "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_NAME": committer[0],
            "GIT_COMMITTER_EMAIL": committer[1],
            "GIT_COMMITTER_DATE": date,
        }
        command = ["git", "-C", str(self.path), "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"]
        done = subprocess.run([*command, *args], env=env, capture_output=True, text=True)
        assert done.returncode == 0, f"git {args}: {done.stderr}"

    def commit(self, who: tuple[str, str], day: int, path: str, message: str, text: str | None = None) -> None:
        file = self.path / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text if text is not None else f"{message}\n", encoding="utf-8")
        self.git(["add", "-A"], who, day)
        self.git(["commit", "-q", "-m", message], who, day)


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The scripted history (see REPORT); its bare clone is beside it, as `repo.git`."""
    if shutil.which("git") is None:
        pytest.skip("the git command is not installed: these tests script a repository with it")
    repo = Repository(tmp_path_factory.mktemp("git") / "repo")
    repo.commit(ADA, 1, "src/a.py", "Start")
    repo.commit(ADA_CASE, 2, "src/b.py", "More")
    repo.commit(GRACE, 3, "docs/a.md", "Docs")
    repo.commit(GRACE_GH, 4, "docs/b.md", "More docs")
    repo.commit(OCTO, 5, "src/c.py", "Octo")
    repo.commit(OCTO_CAT, 6, "src/d.py", "Octo again")
    repo.commit(BOB_OLD, 7, "src/e.py", "Bob, before")
    repo.commit(BOB, 8, ".mailmap", "Bob, after", "Bob Builder <bob@example.com> <bob@old.example.org>\n")
    repo.git(["checkout", "-q", "-b", "feature"], SAM, 9)
    repo.commit(
        SAM,
        9,
        "src/f.py",
        "Pair work\n\nCo-authored-by: Ada Lovelace <ada@example.com>\nCo-authored-by: Cy <cy@example.com>",
    )
    repo.git(["checkout", "-q", "main"], ADA, 10)
    merge = ["merge", "-q", "--no-ff", "--no-edit", "-m", "Merge pull request #1 from sam/feature", "feature"]
    repo.git(merge, ADA, 10, committer=WEB_FLOW)
    repo.commit(DEPENDABOT, 11, "requirements.txt", "Bump")
    repo.git(["clone", "-q", "--bare", str(repo.path), str(repo.path.parent / "repo.git")], ADA, 12)
    return repo.path


def members_and_events(landscape: cop.Landscape) -> tuple[int, int]:
    counts = landscape.counts
    return counts["members"], counts["events"]


def identities(landscape: cop.Landscape, member: str) -> list[tuple[str, str | None, str | None]]:
    return [(i.key, i.merged_into, i.rule) for i in landscape.identities(member)]


def test_identities_become_people_by_each_rule(history: Path) -> None:
    landscape = cop.Landscape()
    assert landscape.import_git(history) == REPORT
    assert landscape.people() == PEOPLE
    assert members_and_events(landscape) == (6, 12)
    summary = landscape.summary()
    assert summary["acting_members"] == 5  # Cy is only a co-author
    assert summary["events_per_kind"] == {"commit": 9, "coauthor": 2, "merge": 1}

    # Each merge with its rule; a member is named by the identity seen first.
    assert identities(landscape, "ada <ada@example.com>") == [
        (ADA_KEY, None, None),
        ("ada <ada@example.com>", ADA_KEY, "email"),
    ]
    grace = landscape.identities("Grace Hopper <grace@example.org>")
    assert [(i.key, i.merged_into, i.rule) for i in grace] == [
        ("Grace Hopper <grace@example.org>", None, None),
        (
            "Grace Hopper <1234+ghopper@users.noreply.github.com>",
            "Grace Hopper <grace@example.org>",
            "noreply_name",
        ),
    ]
    assert (grace[1].source, grace[1].name, grace[1].email, grace[1].login) == (
        "git",
        "Grace Hopper",
        "1234+ghopper@users.noreply.github.com",
        "ghopper",
    )
    octo = "Octo <octo@users.noreply.github.com>"
    assert identities(landscape, OCTO_CAT_KEY) == [(octo, None, None), (OCTO_CAT_KEY, octo, "noreply")]
    bobby = "bobby <bob@old.example.org>"
    assert identities(landscape, BOB_KEY) == [(bobby, None, None), (BOB_KEY, bobby, "mailmap")]
    assert landscape.members[BOB_KEY].key == bobby
    assert identities(landscape, "Cy <cy@example.com>") == [("Cy <cy@example.com>", None, None)]

    # Who did what: Ada's two commits under two identities and the merge of Sam's pull request.
    columns = landscape.events()
    keys, kinds = columns["keys"]["member"], columns["keys"]["kind"]
    rows = [
        (keys[m], kinds[k], None if t == cop.NONE else keys[t])
        for m, k, t in zip(columns["member"], columns["kind"], columns["target"])
    ]
    assert rows.count((ADA_KEY, "commit", None)) == 2
    assert (ADA_KEY, "merge", SAM_KEY) in rows
    assert (SAM_KEY, "coauthor", ADA_KEY) in rows
    assert (SAM_KEY, "coauthor", "Cy <cy@example.com>") in rows
    assert len(rows) == 12

    # The bot, and the scope that brings it back.
    assert landscape.is_bot(DEPENDABOT_KEY) and landscape.is_left_out(DEPENDABOT_KEY)
    assert not landscape.is_bot(SAM_KEY)
    landscape.set_scope(include_bots=True)
    assert members_and_events(landscape) == (7, 13)
    assert landscape.people() == {**PEOPLE, "left_out": 0, "events_left_out": 0}
    landscape.set_scope()

    # Undoing one merge: Octo Cat is a member of its own again.
    landscape.unmerge(OCTO_CAT_KEY)
    assert members_and_events(landscape) == (7, 12)
    assert landscape.people() == {
        **PEOPLE,
        "members": 8,
        "merges": {"email": 1, "mailmap": 1, "noreply_name": 1},
    }
    assert identities(landscape, OCTO_CAT_KEY) == [(OCTO_CAT_KEY, None, None)]


def test_from_git_and_the_options(history: Path) -> None:
    landscape = cop.Landscape.from_git(history)
    assert landscape.people() == PEOPLE
    assert members_and_events(landscape) == (6, 12)

    apart = cop.Landscape()
    assert apart.import_git(history, resolve_identities=False) == {**REPORT, "members": 11, "merges": {}}
    assert members_and_events(apart) == (10, 12)
    no_mailmap = cop.Landscape.from_git(history, mailmap=False)
    assert no_mailmap.people()["members"] == 8
    assert no_mailmap.people()["merges"] == {"email": 1, "noreply": 1, "noreply_name": 1}

    # Without merge events and trailers: the pull request's merge is Ada's commit, and Cy, named
    # only by a trailer, is no identity.
    plain = cop.Landscape()
    report = plain.import_git(history, merges=False, coauthors=False)
    assert report == {**REPORT, "events": 11, "identities": 10, "members": 6}
    assert members_and_events(plain) == (5, 10)
    assert plain.summary()["events_per_kind"] == {"commit": 10}

    # A range, a community, a further bot and staff; a directory of the working tree.
    last = cop.Landscape()
    assert last.import_git(history, range="HEAD~1..HEAD") == {
        "commits": 1,
        "events": 1,
        "identities": 1,
        "members": 1,
        "merges": {},
        "bots": [DEPENDABOT_KEY],
    }
    assert members_and_events(last) == (0, 0)
    listed = cop.Landscape.from_git(
        history, community="history", bots=["Sam Smith"], staff=["grace@example.org"]
    )
    assert listed.is_bot(SAM_KEY) and listed.is_staff("Grace Hopper <grace@example.org>")
    assert "history" in listed.communities
    assert cop.Landscape().import_git(history / "src") == REPORT
    assert cop.Landscape().import_git(str(history)) == REPORT


def test_pseudonyms_keep_no_name_or_address(history: Path) -> None:
    first = cop.Landscape.from_git(history, salt="s3cret")
    second = cop.Landscape.from_git(history, salt="s3cret")
    other = cop.Landscape.from_git(history, salt="another")
    snapshot = first.to_json()
    assert snapshot == second.to_json(), "the same salt gives the same snapshot"
    assert snapshot != other.to_json()
    traces = ["Lovelace", "ada@", "Hopper", "ghopper", "Octo", "bobby", "Bob", "Smith", "Cy"]
    traces += ["dependabot", "example", "github.com", "@"]
    for trace in traces:
        assert trace not in snapshot, f"{trace!r} is in the pseudonymised snapshot"
    assert first.people() == PEOPLE, "people are resolved before their names are dropped"
    assert members_and_events(first) == (6, 12)
    report = cop.Landscape().import_git(history, salt="s3cret")
    assert {k: v for k, v in report.items() if k != "bots"} == {k: v for k, v in REPORT.items() if k != "bots"}
    assert len(report["bots"]) == 1 and report["bots"][0].startswith("p")
    assert first.is_bot(report["bots"][0])
    assert all(i.name == "" and i.email == "" for m in first.members for i in first.identities(m.key))


def test_a_bare_clone_gives_the_same_landscape(history: Path) -> None:
    bare = history.parent / "repo.git"
    from_bare = cop.Landscape()
    assert from_bare.import_git(bare) == REPORT, "the mailmap is read from HEAD"
    assert from_bare.to_json() == cop.Landscape.from_git(history).to_json()


def test_errors_record_nothing(history: Path, tmp_path: Path) -> None:
    landscape = cop.Landscape.from_git(history)
    before = landscape.to_json()

    missing = tmp_path / "missing"
    with pytest.raises(OSError) as raised:
        landscape.import_git(missing)
    assert isinstance(raised.value, cop.CopError)
    assert raised.value.filename == str(missing)
    assert "does not exist" in str(raised.value)

    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(cop.InvalidValueError, match="is not a git repository") as invalid:
        landscape.import_git(plain)
    assert invalid.value.field == "repository"
    with pytest.raises(cop.InvalidValueError, match="unknown revision `no-such-revision`") as invalid:
        landscape.import_git(history, range="no-such-revision")
    assert invalid.value.field == "range"
    with pytest.raises(TypeError):
        landscape.import_git(history, bots="dependabot")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        landscape.import_git(history, "HEAD")  # type: ignore[misc]
    assert landscape.to_json() == before

    with pytest.raises(cop.InvalidValueError):
        cop.Landscape.from_git(history, range="no-such-revision")
    with pytest.raises(OSError):
        cop.Landscape.from_git(missing)
    empty = cop.Landscape()
    with pytest.raises(cop.InvalidValueError):
        empty.import_git(history, range="no-such-revision")
    assert members_and_events(empty) == (0, 0)
    assert empty.people()["identities"] == 0


def test_a_kept_landscape_is_compacted_after_the_import(history: Path, tmp_path: Path) -> None:
    path = tmp_path / "git.cop"
    kept = cop.Landscape.open(path)
    assert kept.import_git(history) == REPORT
    with pytest.raises(cop.InvalidValueError):
        kept.import_git(history, range="no-such-revision")
    snapshot = kept.to_json()
    del kept
    reopened = cop.Landscape.open(path)
    assert reopened.to_json() == snapshot
    assert reopened.people() == PEOPLE, "merges and flags are on the disk too"
