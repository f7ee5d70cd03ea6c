"""Cards' front matter through libyaml is what huggingface_hub's own round trip writes, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from juniper_data.artifacts import hf

ROOT = Path(__file__).resolve().parents[2]
TRICKY = {
    "license": "cc0-1.0",
    "pretty_name": "Ünïcode — naïve 日本 👀",
    "tags": ["2001-01-01", "yes", "null", "1e3", "0x1f", "a: b", "# not a comment", "", "~", "true"],
    "description": "a long line " * 20 + "\nwith a second line\n\tand a tab",
    "configs": [{"config_name": "a.b=0.1,c", "data_files": [{"split": "train", "path": "x/*.parquet"}]}],
    "dataset_info": [{"config_name": "a.b=0.1,c", "features": [{"name": "x0", "dtype": "float32"}],
                      "splits": [{"name": "train", "num_examples": 3}]}],  # fmt: skip
    "extra": {"nested": [[1, 2.5, -0.0, 1e-07], {"k": None}], "empty": [], "none": None},
}


@pytest.mark.parametrize("metadata", [TRICKY, {"license": "unknown"}, {}], ids=["tricky", "small", "empty"])
def test_the_fast_front_matter_is_what_huggingface_hub_writes(metadata):
    body = "# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    assert hf.render_card(metadata, body) == hf.hub_card(metadata, body)


def test_every_card_of_this_registry_renders_as_huggingface_hub_writes_it():
    cards = sorted((ROOT / "data").rglob("README.md"))
    if not cards:
        pytest.fail("no card under data/: run `dvc pull` (or `dvc repro`) in this checkout")
    for card in cards:
        text = card.read_text()
        _, front, body = text.split("---\n", 2)
        metadata = yaml.safe_load(front)
        assert hf.render_card(metadata, body.removeprefix("\n")) == hf.hub_card(metadata, body.removeprefix("\n"))
        assert hf.render_card(metadata, body.removeprefix("\n")) == text, card


def _many_configs(n: int) -> dict:
    """Card metadata with ``n`` configs, some with values PyYAML quotes, wraps or escapes."""
    names = [f"d{i}" if i % 3 else f"yes{i}: é {'x' * (i * 7)}" for i in range(n)]
    return {
        "license": "cc0-1.0",
        "configs": [{"config_name": c, "data_files": [{"split": "train", "path": f"{c}/*.parquet"}]} for c in names],
        "dataset_info": [{"config_name": c, "features": [{"name": "x0", "dtype": "float32"}],
                          "splits": [{"name": "train", "num_examples": i, "num_bytes": 1e-07 * i}]}
                         for i, c in enumerate(names)],  # fmt: skip
        "tags": ["a", "2001-01-01"],
    }


def test_a_card_written_item_by_item_from_the_memo_is_what_huggingface_hub_writes():
    metadata = _many_configs(12)
    body = "# t\n"
    memo = hf.YamlMemo()
    first = hf.render_card(metadata, body, memo=memo)
    assert first == hf.hub_card(metadata, body) == hf.render_card(metadata, body)
    assert len(memo.used) == 24 and memo.changed
    again = hf.YamlMemo(memo.used)
    edited = _many_configs(12)
    edited["configs"][4]["data_files"][0]["path"] = "elsewhere/*.parquet"
    assert hf.render_card(edited, body, memo=again) == hf.hub_card(edited, body)
    assert len(set(again.used) - set(memo.used)) == 1  # only the edited config was emitted again


def test_a_shared_object_is_emitted_whole_with_its_anchor_as_huggingface_hub_does():
    shared = [{"name": "x0", "dtype": "float32"}]
    metadata = {"dataset_info": [{"config_name": "a", "features": shared}, {"config_name": "b", "features": shared}]}
    text = hf.render_card(metadata, "", memo=hf.YamlMemo())
    assert text == hf.hub_card(metadata, "") and "&id001" in text


def test_the_catalog_card_has_the_same_bytes_with_a_memo_without_one_and_with_a_damaged_one(tmp_path):
    import json

    from juniper_data.artifacts.catalog_card import write_catalog_card

    metas = [json.loads(p.read_text()) for p in sorted((ROOT / "data").glob("*/meta.json"))]
    if not metas:
        pytest.fail("no dataset under data/: run `dvc pull` (or `dvc repro`) in this checkout")
    plain = write_catalog_card(tmp_path / "plain", metas).read_bytes()
    memo = hf.YamlMemo()
    assert write_catalog_card(tmp_path / "first", metas, memo=memo).read_bytes() == plain
    assert write_catalog_card(tmp_path / "again", metas, memo=hf.YamlMemo(memo.used)).read_bytes() == plain
    damaged = tmp_path / "card-yaml.json"
    damaged.write_text(json.dumps({"pyyaml": yaml.__version__, "digest": "0" * 64,
                                   "texts": {k: "- wrong: text\n" for k in memo.used}}))  # fmt: skip
    assert hf.YamlMemo.read(damaged).texts == {}  # its digest does not match: dropped, never used
    damaged.write_text("{not json")
    assert hf.YamlMemo.read(damaged).texts == {}
