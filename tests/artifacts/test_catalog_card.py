"""The top-level catalog card: one row per dataset, thumbnails, links, order-independent."""

from __future__ import annotations

from juniper_data import generate, write_dataset
from juniper_data.artifacts.catalog_card import write_catalog_card
from juniper_data.artifacts.meta import read_meta


def test_catalog_card_lists_every_dataset_with_thumbnail_and_card_link(tmp_path):
    metas = []
    for name, gen in (("b_xor", "xor"), ("a_circles", "circles")):
        folder = write_dataset(generate(gen, seed=1).annotate(name=name, tags=["t1"]), tmp_path / name)
        metas.append(read_meta(folder))
    # A catalog row (path with data/), whose data is not in this workspace: linked all the same.
    metas.append({"name": "fam/v1", "path": "data/fam/v1", "generator": "spiral", "n_train": 3, "n_test": 1})
    card = write_catalog_card(tmp_path, metas).read_text()
    assert '<img src="a_circles/preview.png"' in card and '<img src="b_xor/preview.png"' in card
    assert "[fam/v1](fam/v1/README.md)" in card and '<img src="fam/v1/preview.png"' in card
    assert card.index("a_circles") < card.index("b_xor") < card.index("fam/v1")
    assert "3 datasets from 3 generators (circles, spiral, xor)" in card


def test_catalog_card_does_not_depend_on_entry_order(tmp_path):
    entries = [{"name": n, "generator": "xor", "tags": ["x"]} for n in ("c", "a", "b")]
    first = write_catalog_card(tmp_path, entries).read_bytes()
    assert write_catalog_card(tmp_path, list(reversed(entries))).read_bytes() == first


def test_catalog_card_has_one_config_per_entry_with_parquet_and_no_default(tmp_path):
    from huggingface_hub import DatasetCard

    entries = []
    for name in ("b_xor", "fam/noise=0.1"):
        folder = write_dataset(generate("xor", seed=1).annotate(name=name), tmp_path / name)
        entries.append({**read_meta(folder), "path": f"data/{name}"})
    entries.append({"name": "npz_only", "generator": "xor"})  # no Parquet files: no config
    card = DatasetCard.load(write_catalog_card(tmp_path, entries, license="cc0-1.0"))
    configs = card.data.to_dict()["configs"]
    assert [c["config_name"] for c in configs] == ["b_xor", "fam.noise=0.1"]
    assert configs[1]["data_files"][0] == {"split": "train", "path": "fam/noise=0.1/parquet/train.parquet"}
    assert not any(c.get("default") or c["config_name"] == "default" for c in configs)
    assert card.data.license == "cc0-1.0" and card.data.tags == ["juniper-data"]
