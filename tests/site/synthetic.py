"""A registry checkout of N small real datasets, written without DVC (for the site at scale).

Each dataset is generated with :func:`juniper_data.generate` (generators, sizes, tags,
expiry and noise varied by index) and its catalog entry written as the build stages
write it (``catalog/<name>.json``). With ``data=True`` the dataset folders are written
too (:func:`juniper_data.write_dataset`: NPZ, Parquet, card, ``preview.png``), as a
built registry has them; without, the site shows its "no preview" state. The folder
is a git repository with one commit, so :func:`juniper_data.catalog.view.open_view`
reads it like any checkout. Also used by ``benchmarks/bench_site.py``.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

RECIPES: list[tuple[str, dict[str, Any]]] = [
    ("xor", {"n_points_per_quadrant": 10}),
    ("spiral", {"n_points_per_spiral": 30}),
    ("circles", {"n_samples": 60}),
    ("gaussian", {"n_samples_per_class": 20, "n_classes": 3}),
    ("checkerboard", {"n_samples": 1200}),
]
TAGS = ("alpha", "beta", "gamma", "delta")


def recipe(i: int) -> tuple[str, dict[str, Any], list[str], str | None]:
    """Generator, parameters, tags and expiry of the ``i``-th dataset (deterministic)."""
    generator, params = RECIPES[i % len(RECIPES)]
    params = {**params, "seed": i, "noise": round(0.01 * (i % 7), 2)}
    tags = sorted({generator, TAGS[i % len(TAGS)], TAGS[(i // 7) % len(TAGS)]})
    expires = "2001-01-01" if i % 10 == 9 else None
    return generator, params, tags, expires


def make_registry(dest: Path, n: int, *, data: bool = True) -> Path:
    """Write the registry of the module docstring at ``dest`` (a new folder); returns it."""
    from juniper_data import generate, write_dataset

    dest.mkdir(parents=True)
    (dest / "dvc.yaml").write_text("stages: {}\n")
    (dest / ".gitignore").write_text("/data\n")  # as DVC would: the data is not in git
    (dest / "catalog").mkdir()
    for i in range(n):
        name = f"ds{i:04d}"
        generator, params, tags, expires = recipe(i)
        dataset = generate(generator, **params).annotate(name=name, tags=tags, expires=expires)
        if data:
            write_dataset(dataset, dest / "data" / name)
        meta = dataset.meta
        entry = {
            "kind": "dataset",
            "name": name,
            "description": f"synthetic {generator} #{i}",
            "expires": expires,
            "generator": generator,
            "params": meta["recipe"]["params"],
            "tags": tags,
            "version": meta["recipe"]["version"],
            "meta": meta,
        }
        (dest / "catalog" / f"{name}.json").write_text(json.dumps(entry, indent=2, sort_keys=True) + "\n")
    env = {
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@example.invalid",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@example.invalid",
        "PATH": "/usr/bin:/bin",
    }
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", f"{n} synthetic datasets"]):
        subprocess.run(["git", "-C", str(dest), *args], check=True, env=env, capture_output=True)
    return dest
