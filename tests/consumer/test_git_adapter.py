"""The git adapter: rev resolution, semver release tags, files at a commit (real git repos)."""

from __future__ import annotations

import pytest

from juniper_data.adapters import git
from tests.pipeline.conftest import project_env, run


@pytest.fixture
def repo(tmp_path):
    """main: c1 (a@v1.0.0, a@v1.0.0-rc.1) - c2 (a@v1.2.0, lightweight) - c3; side branch: c4 (a@v2.0.0)."""
    env = project_env(tmp_path / "home")
    path = tmp_path / "r"
    path.mkdir()
    run(["git", "init", "-q", "-b", "main"], path, env)
    commits = {}
    for name in ("c1", "c2", "c3"):
        (path / "f").write_text(name)
        run(["git", "add", "f"], path, env)
        run(["git", "commit", "-qm", name], path, env)
        commits[name] = run(["git", "rev-parse", "HEAD"], path, env).stdout.strip()
    run(["git", "tag", "-a", "-m", "r", "a@v1.0.0", commits["c1"]], path, env)
    run(["git", "tag", "-a", "-m", "r", "a@v1.0.0-rc.1", commits["c1"]], path, env)
    run(["git", "tag", "a@v1.2.0", commits["c2"]], path, env)
    run(["git", "tag", "a@not-a-version", commits["c3"]], path, env)
    run(["git", "tag", "ab@v9.0.0", commits["c3"]], path, env)
    run(["git", "checkout", "-q", "-b", "side", commits["c1"]], path, env)
    (path / "g").write_text("side")
    run(["git", "add", "g"], path, env)
    run(["git", "commit", "-qm", "c4"], path, env)
    commits["c4"] = run(["git", "rev-parse", "HEAD"], path, env).stdout.strip()
    run(["git", "tag", "a@v2.0.0", commits["c4"]], path, env)
    run(["git", "checkout", "-q", "main"], path, env)
    return git.open_registry(path, tmp_path / "cache"), commits


def test_semver_order_puts_releases_above_their_prereleases():
    versions = ["v1.0.0", "v1.0.0-rc.2", "v1.0.0-rc.10", "v0.9.9", "v1.0.0-alpha", "v1.10.0", "v1.2.0"]
    ordered = sorted(versions, key=git.parse_version)
    assert ordered == ["v0.9.9", "v1.0.0-alpha", "v1.0.0-rc.2", "v1.0.0-rc.10", "v1.0.0", "v1.2.0", "v1.10.0"]


@pytest.mark.parametrize("spelled", ["1.0.0", "v1.0", "v01.0.0", "v1.0.0-", "vx.y.z", "latest", ""])
def test_parse_version_refuses_what_is_not_v_and_a_semantic_version(spelled):
    assert git.parse_version(spelled) is None


def test_releases_lists_only_semver_tags_of_exactly_that_name_with_peeled_commits(repo):
    registry, commits = repo
    found = git.releases(registry, "a")
    assert [r.version for r in found] == ["v1.0.0-rc.1", "v1.0.0", "v1.2.0", "v2.0.0"]
    assert {r.tag: r.commit for r in found}["a@v1.0.0"] == commits["c1"]  # annotated tag peeled to its commit


def test_files_at_a_commit_are_read_in_one_batch_and_absent_ones_are_none(repo):
    registry, commits = repo
    assert git.list_files(registry, commits["c4"]) == ["f", "g"]
    assert git.show_files(registry, commits["c2"], ["f", "g", "f"]) == {"f": "c2", "g": None}
    assert git.show_files(registry, commits["c4"], ["g"]) == {"g": "side"}
    assert git.read_files(registry, commits["c1"], "f") == {"f": "c1"}
    assert git.has_rev(registry, "side") and not git.has_rev(registry, "no-such-branch")


def test_resolve_commit_accepts_tags_branches_and_short_shas_and_rejects_the_rest(repo):
    registry, commits = repo
    assert git.resolve_commit(registry, None) == commits["c3"]
    assert git.resolve_commit(registry, "side") == commits["c4"]
    assert git.resolve_commit(registry, "a@v1.0.0") == commits["c1"]
    assert git.resolve_commit(registry, commits["c2"][:8]) == commits["c2"]
    for bad in ("nope", "-x", "", "c3"):
        with pytest.raises(git.RevisionNotFoundError):
            git.resolve_commit(registry, bad)


def test_url_mirror_follows_moved_branches_but_treats_release_tags_as_immutable(repo, tmp_path):
    local, commits = repo
    mirror = git.open_registry(f"file://{local.git_dir}", tmp_path / "cache")
    assert mirror.kind == "url" and mirror.git_dir != local.git_dir
    assert git.resolve_commit(mirror, "main") == commits["c3"]
    assert git.resolve_commit(mirror, "a@v1.2.0") == commits["c2"]
    env = project_env(tmp_path / "home")
    run(["git", "reset", "-q", "--hard", commits["c2"]], local.git_dir, env)  # main moved upstream: followed
    run(["git", "tag", "-f", "a@v1.2.0", commits["c3"]], local.git_dir, env)  # a release re-pointed: not followed
    assert git.resolve_commit(mirror, "main") == commits["c2"]
    git.git(mirror.git_dir, "tag", "-d", "a@v1.2.0")  # the fetch above updated it; forget it locally
    assert git.resolve_commit(mirror, "a@v1.2.0") == commits["c3"]  # unknown locally: fetched
    git.git(mirror.git_dir, "remote", "set-url", "origin", str(tmp_path / "gone"))  # no network from now on
    assert git.resolve_commit(mirror, commits["c1"]) == commits["c1"]  # a known commit
    assert git.resolve_commit(mirror, "a@v1.0.0") == commits["c1"]  # a known release tag
    for moving in ("main", "a@not-a-version"):  # branches and other tags must be asked for
        with pytest.raises(git.GitError, match="cannot reach registry"):
            git.resolve_commit(mirror, moving)


def test_last_changes_dates_each_path_by_its_newest_commit(repo):
    registry, commits = repo
    dates = git.last_changes(registry, commits["c3"], ["f"])
    assert dates == {"f": git.git(registry.git_dir, "log", "-1", "--format=%cI", commits["c3"]).stdout.strip()}


def test_last_changes_dates_a_file_that_arrived_in_a_merge_commit(repo, tmp_path):
    registry, _ = repo
    env = project_env(tmp_path / "home")
    path = registry.git_dir
    run(["git", "merge", "-q", "--no-ff", "--no-commit", "side"], path, env)
    (path / "h").write_text("added while merging")
    run(["git", "add", "h"], path, env)
    run(["git", "commit", "-qm", "merge side, adding h"], path, env)
    merge = run(["git", "rev-parse", "HEAD"], path, env).stdout.strip()
    dates = git.last_changes(registry, merge, ["f", "g", "h"])
    assert set(dates) == {"f", "g", "h"}
    assert dates["h"] == run(["git", "show", "-s", "--format=%cI", merge], path, env).stdout.strip()
