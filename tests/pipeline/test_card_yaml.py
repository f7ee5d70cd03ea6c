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
