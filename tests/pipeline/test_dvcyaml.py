"""Generated artifacts:/plots: sections of dvc.yaml: complete, idempotent, everything else untouched."""

from __future__ import annotations

import yaml
from juniper_data.catalog.dvcyaml import artifact_declared, render_sections

DVC_YAML = """\
# The pipeline (hand-written).
stages:
  compose:
    cmd: python -m juniper_data.pipeline.compose  # keep this comment
    outs:
      - params.yaml:
          cache: false
plots:
  - metrics/timing.json:
      x: step
  - data/gone/preview.png
metrics:
  - metrics
"""
PARAMS = {
    "datasets": {"xor_a": {"tags": ["xor"], "description": "A"}, "bad.name": {}},
    "families": {"grid": {"variants": {"n=1": {}, "n=2": {}}}},
}


def test_sections_list_every_dataset_family_and_preview():
    data = yaml.safe_load(render_sections(DVC_YAML, PARAMS))
    assert data["artifacts"] == {
        "grid": {"path": "data/grid", "type": "dataset"},
        "xor_a": {"path": "data/xor_a", "type": "dataset", "desc": "A", "labels": ["xor"]},
    }  # 'bad.name' cannot be a DVC artifact (GTO names): left out
    assert data["plots"] == [
        {"metrics/timing.json": {"x": "step"}},  # hand-written entry kept
        "data/bad.name/preview.png",
        "data/grid/n=1/preview.png",
        "data/grid/n=2/preview.png",
        "data/xor_a/preview.png",
    ]  # a preview of a dataset no longer declared (data/gone) dropped


def test_rendering_is_idempotent_and_keeps_the_rest_byte_for_byte():
    once = render_sections(DVC_YAML, PARAMS)
    assert render_sections(once, PARAMS) == once
    assert once.startswith(DVC_YAML[: DVC_YAML.index("plots:")])
    assert "metrics:\n  - metrics\n" in once and "# keep this comment" in once


def test_artifact_declared_requires_the_data_path():
    text = render_sections(DVC_YAML, PARAMS)
    assert artifact_declared(text, "xor_a") and not artifact_declared(text, "nope")
    assert not artifact_declared("artifacts:\n  xor_a:\n    path: elsewhere\n", "xor_a")
    assert not artifact_declared(None, "xor_a")
