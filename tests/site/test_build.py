"""`juniper-data site`: byte-deterministic, every link resolving, safe output folder, data-driven splits."""

from __future__ import annotations

import html
import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from juniper_data.catalog.view import CatalogError, open_view
from juniper_data.site import build_site
from tests.pipeline.conftest import run
from tests.site.pages import broken_links, listing, site_files, tags
from tests.site.registry import URL, VARIANTS


def test_every_dataset_variant_family_and_release_has_a_page(site, edited):
    names = {item["name"] for item in listing(edited.work)}
    assert {"xor_small", "spiral_big", "old_circles", "gauss_new", "spiral_fam", *VARIANTS} == names
    files = site_files(site)
    for name in names - {"spiral_fam"}:
        assert f"datasets/{name}.html" in files and f"datasets/{name}.png" in files
    assert "families/spiral_fam.html" in files
    tags_ = run(["git", "tag", "-l", "*@v*"], edited.work, edited.env).stdout.split()
    assert sorted(f"releases/{t.replace('@', '/')}.html" for t in tags_) == sorted(
        p for p in files if p.startswith("releases/") and p != "releases/index.html"
    )
    catalog = json.loads(files["catalog.json"])
    assert sorted(i["name"] for i in catalog["items"]) == sorted(names)
    assert files["catalog.js"].decode() == f"window.JD_CATALOG={files['catalog.json'].decode().strip()};\n"


def test_every_link_and_image_of_every_page_resolves(site):
    assert broken_links(site) == []


def test_preview_files_are_the_datasets_own_preview_png(site, edited):
    for name in ("xor_small", VARIANTS[0]):
        assert (site / "datasets" / f"{name}.png").read_bytes() == (
            edited.work / "data" / name / "preview.png"
        ).read_bytes()


def test_pages_have_a_language_title_one_h1_alt_texts_and_labelled_controls(site):
    for page in sorted(site.rglob("*.html")):
        text = page.read_text()
        found = tags(text)
        assert ("html", {"lang": "en"}) in found, page
        assert sum(1 for t, _ in found if t == "h1") == 1, page
        assert "<title>" in text and '<meta name="viewport"' in text, page
        assert all(a.get("alt") for t, a in found if t == "img"), page
        labels = {a.get("for") for t, a in found if t == "label"}
        controls = [a.get("id") for t, a in found if t in ("input", "select")]
        assert all(c in labels for c in controls), (page, controls, labels)


def test_two_builds_and_a_build_in_a_fresh_clone_give_the_same_bytes(edited_env, tmp_path, site):
    again = tmp_path / "again"
    build_site(open_view(str(edited_env.work)), again, registry_url=URL)
    assert site_files(again) == site_files(site)
    clone = tmp_path / "clone"
    run(["git", "clone", "-q", str(edited_env.work), str(clone)], tmp_path, edited_env.env)
    run(["dvc", "pull", "-q"], clone, edited_env.env)
    cloned = tmp_path / "cloned-site"
    build_site(open_view(str(clone)), cloned, registry_url=URL)
    assert site_files(cloned) == site_files(site)


def test_a_bare_repo_at_a_rev_gives_the_same_site_as_the_workspace(edited_env, tmp_path, site):
    """At a commit the previews are rendered from the loaded arrays: the same bytes as the committed preview.png."""
    out = tmp_path / "at-v4"
    build_site(open_view(str(edited_env.bare), "v4"), out, registry_url=URL)
    ours, theirs = site_files(out), site_files(site)
    images = [p for p in theirs if p.endswith(".png")]
    assert images and all(ours[p] == theirs[p] for p in images)
    assert ours["catalog.json"] == theirs["catalog.json"]


def test_without_releases_the_site_reads_no_git_history(edited_env, tmp_path):
    out = tmp_path / "files-only"
    build_site(open_view(str(edited_env.work)), out, releases=False)
    files = site_files(out)
    assert not [p for p in files if p.startswith("releases/")]
    assert broken_links(out) == []
    page = files["datasets/xor_small.html"].decode()
    assert "Not in this build" in page and "xor_small@v1.2.0" not in page and "&lt;rev&gt;" in page


def test_the_pipeline_program_writes_the_files_only_site(edited_env, tmp_path):
    expected = tmp_path / "expected"
    build_site(open_view(str(edited_env.work)), expected, releases=False)
    work = tmp_path / "work"
    shutil.copytree(edited_env.work, work, symlinks=True)
    result = run([sys.executable, "pipelines/site.py", "out"], work, edited_env.env)
    assert "dataset pages" in result.stdout
    assert site_files(work / "out") == site_files(expected)
    (work / "foreign").mkdir()
    (work / "foreign" / "notes.txt").write_text("mine")
    failed = run([sys.executable, "pipelines/site.py", "foreign"], work, edited_env.env, check=False)
    assert failed.returncode == 2 and "foreign" in failed.stderr
    assert (work / "foreign" / "notes.txt").read_text() == "mine"


def test_out_must_be_new_empty_or_an_earlier_site(edited_env, tmp_path):
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("mine")
    result = edited_env.cli("site", "--out", str(foreign), check=False)
    assert result.returncode == 2
    assert str(foreign) in result.stderr and "did not write" in result.stderr
    assert [p.name for p in foreign.iterdir()] == ["keep.txt"]
    a_file = tmp_path / "file.html"
    a_file.write_text("x")
    result = edited_env.cli("site", "--out", str(a_file), check=False)
    assert result.returncode == 2 and "is a file" in result.stderr and a_file.read_text() == "x"
    result = edited_env.cli("site", "--out", ".", check=False)
    assert result.returncode == 2 and "registry checkout" in result.stderr
    earlier = tmp_path / "earlier"
    edited_env.cli("site", "--out", str(earlier), "--no-row-diff")
    (earlier / "notes.html").write_text("mine")  # not the writer's: kept
    manifest = json.loads((earlier / ".juniper-site").read_text())
    manifest["files"]["datasets/gone.html"] = [None, "0" * 64]  # a page the writer wrote for a removed dataset
    (earlier / ".juniper-site").write_text(json.dumps(manifest))
    (earlier / "datasets" / "gone.html").write_text("old")
    result = edited_env.cli("site", "--out", str(earlier), "--no-row-diff", "--json")
    summary = json.loads(result.stdout)
    assert summary["datasets"] == 8 and summary["families"] == 1 and summary["releases"] == 6
    assert not (earlier / "datasets" / "gone.html").exists() and (earlier / "notes.html").read_text() == "mine"
    assert summary["kept_foreign"] == 1 and "notes.html" not in json.loads((earlier / ".juniper-site").read_text())
    with pytest.raises(CatalogError, match="did not write"):
        build_site(open_view(str(edited_env.work)), foreign)


def newer_contract_copy(edited, tmp_path: Path) -> Path:
    """The checkout with two entries as a newer contract writes them: a validation split, a task type."""
    work = tmp_path / "newer"
    shutil.copytree(edited.work, work, symlinks=True)
    path = work / "catalog" / "xor_small.json"
    entry = json.loads(path.read_text())
    meta = entry["meta"]
    meta["n_val"] = 7
    meta["shapes"]["X_val"], meta["shapes"]["y_val"] = [7, 2], [7, 2]
    meta["dtypes"]["X_val"] = meta["dtypes"]["y_val"] = "float32"
    meta["hashes"]["X_val"], meta["hashes"]["y_val"] = "sha256:" + "a" * 64, "sha256:" + "b" * 64
    meta["class_distribution"]["val"] = {"class_0": 3, "class_1": 4}
    path.write_text(json.dumps(entry, indent=2, sort_keys=True))
    path = work / "catalog" / "gauss_new.json"
    entry = json.loads(path.read_text())
    entry["meta"]["task_type"] = "structured"
    path.write_text(json.dumps(entry, indent=2, sort_keys=True))
    return work


def test_splits_are_read_from_the_meta_validation_included(edited_env, tmp_path):
    work = newer_contract_copy(edited_env, tmp_path)
    out = tmp_path / "site"
    build_site(open_view(str(work)), out, releases=False)
    items = {i["name"]: i for i in json.loads((out / "catalog.json").read_text())["items"]}
    assert items["xor_small"]["splits"] == [["train", 60], ["val", 7], ["test", 20]]
    assert items["gauss_new"]["task_type"] == "structured"
    page = (out / "datasets" / "xor_small.html").read_text()
    assert "train 60, val 7, test 20, full 80 rows" in page
    assert "val: class_0 3, class_1 4" in page  # the chart's text description
    assert page.index('data-array="X_train"') < page.index('data-array="X_val"') < page.index('data-array="X_test"')


def test_snippets_pin_a_release_only_when_it_holds_exactly_the_shown_version(edited_env, tmp_path):
    work = tmp_path / "edited"
    shutil.copytree(edited_env.work, work, symlinks=True)
    env = {**edited_env.env, "PYTHONPATH": str(work)}
    recipe = work / "conf" / "datasets" / "xor_small.yaml"
    recipe.write_text(recipe.read_text().replace("seed: 0", "seed: 9"))  # edited and rebuilt, not released
    run([sys.executable, "-m", "juniper_data.cli", "compose"], work, env)
    run(["dvc", "repro", "-q"], work, env)
    out = tmp_path / "site"
    build_site(open_view(str(work)), out, registry_url=URL, row_diff=False)
    xor = (out / "datasets" / "xor_small.html").read_text()
    assert "this version is in no release yet" in xor and 'rev="<rev>"' in snippet(xor, "s-load")
    assert "xor_small@v1.2.0" in xor  # still listed among the releases
    gauss = (out / "datasets" / "gauss_new.html").read_text()
    assert "Pinned to gauss_new@v1.0.0, the release that holds exactly this version" in gauss
    assert 'rev="gauss_new@v1.0.0"' in snippet(gauss, "s-load")
    variant = (out / "datasets" / f"{VARIANTS[0]}.html").read_text()
    assert 'rev="spiral_fam@v1.0.0"' in snippet(variant, "s-load") and "Released with its family" in variant


def snippet(page: str, ident: str) -> str:
    """The text of the snippet ``<code id=ident>`` of a page."""
    match = re.search(f'<code id="{ident}">(.*?)</code>', page, re.S)
    assert match, ident
    return html.unescape(match.group(1))


def test_a_rebuild_renders_only_the_pages_whose_inputs_changed_and_equals_a_fresh_build(edited_env, tmp_path):
    work = tmp_path / "work"
    shutil.copytree(edited_env.work, work, symlinks=True)
    out = tmp_path / "site"
    first = build_site(open_view(str(work)), out, releases=False)
    assert first["kept"] == 0 and first["rendered"] == first["files"] - 1  # every file, the manifest aside
    page_inode = (out / "datasets" / "spiral_big.html").stat().st_ino
    again = build_site(open_view(str(work)), out, releases=False)
    assert again["rendered"] == 0 and again["kept"] == first["rendered"]  # the index is made again: same bytes
    assert (out / "datasets" / "spiral_big.html").stat().st_ino == page_inode  # hard-linked: DVC knows it
    path = work / "catalog" / "xor_small.json"  # what an edit of one recipe changes for the site
    entry = json.loads(path.read_text())
    entry["description"] = entry["meta"]["description"] = "edited"
    path.write_text(json.dumps(entry, indent=2, sort_keys=True))
    (out / "datasets" / "old_circles.html").write_text("damaged")  # a page damaged on disk is written again
    third = build_site(open_view(str(work)), out, releases=False)
    changed = {"datasets/xor_small.html", "datasets/old_circles.html", "index.html", "all.html", "catalog.js",
               "catalog.json"}  # fmt: skip
    assert third["rendered"] <= len(changed) and third["rendered"] >= 2
    fresh = tmp_path / "fresh"
    build_site(open_view(str(work)), fresh, releases=False)
    assert site_files(out) == site_files(fresh)
