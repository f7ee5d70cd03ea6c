"""juniper-data list/show/stats/preview/verify on a checkout and, with --repo/--rev, on a bare registry."""

from __future__ import annotations

import datetime
import subprocess
import sys

import numpy as np
import pytest

from juniper_data.artifacts.meta import read_meta
from juniper_data.artifacts.reader import read_dataset
from tests.cli.conftest import snapshot

ALL_CURRENT = ["spiral_small", "xor_fam/noise=0.0", "xor_fam/noise=0.1", "xor_small"]


def names(result: dict) -> list[str]:
    return [row["name"] for row in result["datasets"]]


def test_list_leaves_out_expired_datasets_unless_asked(project, cli):
    assert names(cli.json("list")) == ALL_CURRENT
    assert names(cli.json("list", "--include-expired")) == sorted(["old_circles", *ALL_CURRENT])


def test_list_filters_by_generator_and_tags_any_or_all(project, cli):
    assert names(cli.json("list", "--generator", "spiral")) == ["spiral_small"]
    assert names(cli.json("list", "--tag", "xor", "--tag", "spiral")) == ["spiral_small", "xor_small"]
    assert names(cli.json("list", "--tag", "circles", "--tag", "old", "--all-tags", "--include-expired")) == [
        "old_circles"
    ]
    assert names(cli.json("list", "--tag", "xor", "--tag", "spiral", "--all-tags")) == []


def test_list_filters_by_sample_count_inclusive(project, cli):
    rows = {r["name"]: r for r in cli.json("list")["datasets"]}
    n = rows["spiral_small"]["n_full"]
    assert n == rows["spiral_small"]["n_train"] + rows["spiral_small"]["n_test"]
    kept = names(cli.json("list", "--min-samples", str(n), "--max-samples", str(n)))
    assert kept == [name for name, row in rows.items() if row["n_full"] == n]
    assert all(r["n_full"] > n for r in cli.json("list", "--min-samples", str(n + 1))["datasets"])


def test_list_filters_by_created_date_of_the_last_recipe_or_meta_commit(project, cli):
    rows = cli.json("list")["datasets"]
    created = {datetime.datetime.fromisoformat(r["created"]).date() for r in rows}
    day = max(created)
    after = (day + datetime.timedelta(days=1)).isoformat()
    assert names(cli.json("list", "--created-after", after)) == []
    assert names(cli.json("list", "--created-after", day.isoformat(), "--created-before", day.isoformat())) == [
        r["name"] for r in rows if datetime.datetime.fromisoformat(r["created"]).date() == day
    ]


def test_list_pages_with_limit_and_offset(project, cli):
    page = cli.json("list", "--limit", "2", "--offset", "1")
    assert page["total"] == len(ALL_CURRENT) and names(page) == ALL_CURRENT[1:3]
    code, out, _ = cli("list", "--limit", "2", "--offset", "3")
    assert code == 0 and "showing 4-4 of 4" in out


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["--generator", "spirl"], ["--generator", "'spirl'", "allowed: ", "did you mean 'spiral'"]),
        (["--created-after", "2024-13-01"], ["--created-after", "'2024-13-01'", "YYYY-MM-DD"]),
        (["--min-samples", "10", "--max-samples", "5"], ["--min-samples = 10", "--max-samples = 5"]),
        (["--limit", "0"], ["--limit = 0", ">= 1"]),
        (["--offset", "-1"], ["--offset = -1", ">= 0"]),
        (["--all-tags"], ["--all-tags needs at least one --tag"]),
    ],
)
def test_bad_list_filters_exit_2_naming_option_value_and_allowed(project, cli, args, needles):
    code, out, err = cli("list", *args)
    assert code == 2 and out == ""
    for needle in needles:
        assert needle in err


def test_show_reports_recipe_sizes_hashes_classes_and_pull_at_the_version_shown(project, cli, registry_env):
    info = cli.json("show", "xor_small")
    meta = read_meta(project / "data" / "xor_small")
    assert info["recipe"] == meta["recipe"] and info["hashes"] == meta["hashes"]
    assert info["class_distribution"] == meta["class_distribution"]
    assert info["sizes"]["n_train"] == meta["n_train"] and info["sizes"]["n_full"] == meta["n_full"]
    assert [r["tag"] for r in info["releases"]] == ["xor_small@v1.0.0", "xor_small@v1.1.0"]
    # HEAD (v3) changed xor_small after its last release: the pull commands pin HEAD's commit, the
    # version whose hashes are shown, never the older release v1.1.0 (other arrays).
    head = registry_env.commits["v3"]
    assert info["pull"]["rev"] == head and f"data/xor_small --rev {head}" in info["pull"]["dvc_import"]
    at_release = cli.json("show", "xor_small", "--rev", "xor_small@v1.1.0")
    assert at_release["pull"]["rev"] == "xor_small@v1.1.0"
    assert at_release["hashes"] == registry_env.expected_xor("v2").meta["hashes"]
    code, out, _ = cli("show", "xor_small")
    assert code == 0 and meta["hashes"]["X_full"] in out and head in out


def test_unknown_name_suggests_close_names(project, cli):
    code, _, err = cli("show", "xor_smal")
    assert code == 2 and "no dataset named 'xor_smal'" in err and "did you mean 'xor_small'" in err


def test_stats_counts_generators_tags_samples_and_expired(project, cli):
    stats = cli.json("stats")
    rows = cli.json("list", "--include-expired")["datasets"]
    assert stats["datasets"] == len(rows) and stats["expired"] == 1
    assert stats["samples"] == sum(r["n_full"] for r in rows)
    assert stats["families"] == 1 and stats["family_variants"] == 2
    assert stats["by_generator"]["xor"]["datasets"] == 3 and stats["by_tag"]["old"] == 1


def test_preview_prints_first_rows_and_saves_the_card_plot(project, cli, tmp_path):
    plot = tmp_path / "p.png"
    result = cli.json("preview", "xor_small", "-n", "3", "--split", "test", "--plot", str(plot))
    dataset = read_dataset(project / "data" / "xor_small")
    np.testing.assert_array_equal(np.array([r[:-1] for r in result["rows"]], dtype=np.float32), dataset["X_test"][:3])
    assert [r[-1] for r in result["rows"]] == [dataset.class_names[i] for i in dataset.labels("test")[:3]]
    assert plot.read_bytes() == (project / "data" / "xor_small" / "preview.png").read_bytes()


def test_preview_of_data_not_in_the_workspace_says_how_to_get_it(project, cli):
    import shutil

    shutil.rmtree(project / "data" / "spiral_small")
    code, _, err = cli("preview", "spiral_small")
    assert code == 2 and "dvc pull data/spiral_small" in err


def test_verify_passes_then_names_a_tampered_file(project, cli):
    assert cli.json("verify", "--regenerate", "xor_small")["ok"]
    card = project / "data" / "xor_small" / "README.md"
    card.chmod(0o644)
    card.write_text(card.read_text() + "edited\n")
    code, out, _ = cli("verify", "xor_small")
    assert code == 1 and "data/xor_small/README.md: md5 differs from dvc.lock" in out


def test_verify_regenerate_rebuilds_every_variant_of_a_family_identically(project, cli):
    result = cli.json("verify", "--regenerate", "xor_fam")
    assert [r["name"] for r in result["results"]] == ["xor_fam/noise=0.0", "xor_fam/noise=0.1"]
    for item in result["results"]:
        assert item["ok"] and "regenerated from the recipe: identical array hashes" in item["checks"]


def test_read_commands_on_a_bare_registry_at_a_rev(registry_env, cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no checkout around: everything comes from --repo
    repo = str(registry_env.bare)
    at_v1 = cli.json("list", "--repo", repo, "--rev", "v1")
    assert names(at_v1) == ALL_CURRENT and at_v1["registry"].endswith(registry_env.commits["v1"][:12])
    v1_row = next(r for r in at_v1["datasets"] if r["name"] == "xor_small")
    assert v1_row["hashes"] == registry_env.expected_xor("v1").meta["hashes"]
    show = cli.json("show", "xor_small", "--repo", repo, "--rev", "v1")
    assert show["pull"]["rev"] == "xor_small@v1.0.0" and repo in show["pull"]["dvc_get"]
    preview = cli.json("preview", "xor_small", "--repo", repo, "--rev", "v2", "-n", "2")
    np.testing.assert_array_equal(
        np.array([r[:-1] for r in preview["rows"]], dtype=np.float32), registry_env.expected_xor("v2")["X_train"][:2]
    )
    assert cli.json("verify", "--repo", repo, "--rev", "v2", "xor_small", "--regenerate")["ok"]
    code, _, err = cli("list", "--repo", repo, "--rev", "v9")
    assert code == 2 and "'v9' not found" in err


def test_read_commands_change_nothing(project, cli):
    before = snapshot(project)
    for args in (["list"], ["stats"], ["show", "xor_small"], ["preview", "xor_small"], ["verify"]):
        assert cli(*args)[0] == 0, args
    assert snapshot(project) == before


def test_console_entry_help_lists_every_command():
    result = subprocess.run([sys.executable, "-m", "juniper_data.cli", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    for command in ("list", "show", "stats", "preview", "verify", "add", "tag", "remove", "release", "prune"):
        assert command in result.stdout


def test_remote_subcommands_are_part_of_juniper_data(project, cli):
    code, out, err = cli("remote", "status")
    assert code == 0, err
    assert "in sync" in out


def writable(path):
    path.chmod(0o644)  # DVC leaves workspace files read-only (links into its cache); an attacker would not care
    return path


def test_verify_reports_every_dataset_when_one_has_a_corrupt_parquet_footer(project, cli):
    split = writable(project / "data" / "spiral_small" / "parquet" / "train.parquet")
    split.write_bytes(split.read_bytes()[:-20])
    code, out, err = cli("verify")
    assert code == 1 and "Traceback" not in out + err
    lines = {line.split()[1].rstrip(":"): line.split()[0] for line in out.splitlines() if line[:2] in ("ok", "FA")}
    assert lines == {"spiral_small": "FAIL", **{name: "ok" for name in ALL_CURRENT if name != "spiral_small"},
                     "old_circles": "ok"}  # fmt: skip
    assert "spiral_small/parquet/train.parquet: unreadable Parquet" in out
    assert out.rstrip().endswith(f"{len(lines) - 1} verified, 1 failed")


def test_verify_refuses_a_flipped_byte_in_a_parquet_data_page_by_its_checksum(project, cli):
    from tests.artifacts.support import flip_byte_in_first_data_page

    flip_byte_in_first_data_page(writable(project / "data" / "xor_small" / "parquet" / "test.parquet"))
    result = cli("verify", "xor_small", "--json")
    assert result[0] == 1
    import json

    (item,) = json.loads(result[1])["results"]
    assert any("test.parquet: unreadable Parquet" in p and "CRC checksum verification failed" in p
               for p in item["problems"])  # fmt: skip


def test_verify_reports_an_output_missing_from_the_workspace_and_the_cache_and_goes_on(project, cli):
    import shutil

    shutil.rmtree(project / "data" / "xor_small")
    shutil.rmtree(project / ".dvc" / "cache")
    code, out, err = cli("verify", "--json")
    import json

    results = {r["name"]: r for r in json.loads(out)["results"]}
    assert code == 1 and "Traceback" not in err
    assert set(results) == {*ALL_CURRENT, "old_circles"}
    assert not results["xor_small"]["ok"] and "dvc pull data/xor_small" in results["xor_small"]["problems"][0]
    assert results["spiral_small"]["ok"]


def test_verify_at_a_rev_whose_data_the_remote_lost_reports_each_dataset(registry_env, cli, tmp_path, monkeypatch):
    import json
    import shutil

    monkeypatch.chdir(tmp_path)
    remote = tmp_path / "remote-copy"
    shutil.copytree(registry_env.remote, remote)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # the registry's embedded remote: empty here
    code, out, err = cli("verify", "--repo", str(registry_env.bare), "--rev", "v3", "--json")
    results = json.loads(out)["results"]
    assert code == 1 and "Traceback" not in err
    assert {r["name"] for r in results} == {*ALL_CURRENT, "old_circles"}
    for result in results:  # one problem each, naming the dataset, where it was looked for, and what to run
        (problem,) = result["problems"]
        assert f"'{result['name']}'" in problem or f"data/{result['name'].split('/')[0]}" in problem
        assert "dvc status --cloud" in problem or "dvc pull" in problem or "dvc push" in problem


def test_verify_regenerate_reports_a_recipe_that_no_longer_resolves_and_goes_on(project, cli):
    import json

    meta_path = writable(project / "data" / "xor_small" / "meta.json")
    meta = json.loads(meta_path.read_text())
    meta["recipe"]["params"]["bogus"] = 1
    meta_path.write_text(json.dumps(meta))
    code, out, err = cli("verify", "--regenerate", "xor_small", "spiral_small", "--json")
    results = {r["name"]: r for r in json.loads(out)["results"]}
    assert code == 1 and "Traceback" not in err
    assert any("unknown parameter 'bogus' for generator 'xor'" in p for p in results["xor_small"]["problems"])
    assert results["spiral_small"]["ok"]
    assert "regenerated from the recipe: identical array hashes" in results["spiral_small"]["checks"]
