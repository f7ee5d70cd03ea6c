"""A trainer's data provider after the migration: the same client calls, no JuniperData server.

Before (a juniper-cascor 0.12 style provider)::

    url = os.environ.get("JUNIPER_DATA_URL")          # unset: exit 3
    client = JuniperDataClient(url)                    # from juniper_data_client
    client.health_check()                              # GET /v1/health; failure: exit 4
    created = client.create_dataset("spiral", TRAINER_REQUEST)
    arrays = client.download_artifact_npz(created["dataset_id"])

After: ``JuniperDataClient()`` from ``juniper_data.client``, nothing to start or probe. With
``$JUNIPER_DATA_REGISTRY`` set (a registry's git URL or path, optionally ``URL@rev``) the
dataset is a registry release, read pinned and verified; without it the trainer's request
is generated in this process, byte for byte what JuniperData 0.17.1 served for it.

Usage::

    python docs/examples/trainer_migration.py
    JUNIPER_DATA_REGISTRY=/srv/registry.git python docs/examples/trainer_migration.py \\
        --dataset trainer_spiral_carve@v1.0.0

The model is a tiny numpy one (softmax regression on Gaussian RBF features of the
training points), enough to show the validation split doing its job.
"""

from __future__ import annotations

import argparse
import os
import sys

import numpy as np

from juniper_data.client import JuniperDataClient, JuniperDataClientError

#: The trainer CLI's request (SPEC-0.17 §4): 2 arms x 1,000 points, carve 0.8 / 0.1 / 0.1.
TRAINER_REQUEST = {
    "n_spirals": 2,
    "n_points_per_spiral": 1000,
    "n_rotations": 1,
    "noise": 0.1,
    "clockwise": True,
    "seed": 42,
    "sizing_mode": "carve",
    "train_ratio": 0.8,
    "val_ratio": 0.1,
    "test_ratio": 0.1,
}
ALLOW_MISSING_VALIDATION = "JUNIPER_CASCOR_ALLOW_MISSING_VALIDATION_SPLIT"
#: Exit status when the data is refused (no validation split, non-finite values, wrong shape).
REFUSED = 2


def fetch(client: JuniperDataClient, dataset: str | None) -> tuple[dict, dict[str, np.ndarray]]:
    """The create response and the arrays: a registry dataset when one is named, else the trainer's request."""
    created = client.create_dataset(dataset) if dataset else client.create_dataset("spiral", TRAINER_REQUEST)
    return created, client.download_artifact_npz(created["dataset_id"])


def checked(arrays: dict[str, np.ndarray], meta: dict) -> dict[str, np.ndarray]:
    """The trainer's checks on an artifact; float32 arrays, or SystemExit naming what is wrong."""
    for key in ("X_train", "y_train", "X_test", "y_test"):
        if key not in arrays or arrays[key].ndim != 2:
            sys.exit(f"refused: {key} is missing or not 2-D")
    if arrays["X_train"].shape[1] != 2:
        sys.exit(f"refused: {arrays['X_train'].shape[1]} feature columns, the spiral problem has 2")
    if ("X_val" in arrays) != ("y_val" in arrays):
        sys.exit("refused: X_val and y_val must come together")
    has_val = "X_val" in arrays and arrays["X_val"].shape[0] > 0
    if not has_val and os.environ.get(ALLOW_MISSING_VALIDATION, "").lower() != "true":
        print(f"refused: the dataset has no validation rows (set {ALLOW_MISSING_VALIDATION}=true to train anyway)",
              file=sys.stderr)  # fmt: skip
        sys.exit(REFUSED)
    out = {key: np.asarray(value, dtype=np.float32) for key, value in arrays.items()}
    if not all(np.isfinite(value).all() for value in out.values()):
        sys.exit("refused: non-finite values")
    for field in ("truncation", "data_quality"):
        if meta.get(field):
            print(f"note: meta.{field} = {meta[field]}")
    return out


def rbf_features(X: np.ndarray, centers: np.ndarray, gamma: float) -> np.ndarray:
    squared = ((X[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2)
    return np.exp(-gamma * squared)


def fit(X: np.ndarray, y: np.ndarray, *, n_centers: int = 64, steps: int = 400, seed: int = 0):
    """Softmax regression on RBF features; returns ``predict(X) -> class indices``."""
    rng = np.random.default_rng(seed)
    centers = X[rng.choice(X.shape[0], size=min(n_centers, X.shape[0]), replace=False)]
    spread = np.median(np.linalg.norm(centers[:, None] - centers[None, :], axis=2))
    gamma = 1.0 / (2.0 * (spread / 4.0) ** 2)
    features = rbf_features(X, centers, gamma)
    weights = np.zeros((features.shape[1], y.shape[1]))
    bias = np.zeros(y.shape[1])
    for _ in range(steps):
        logits = features @ weights + bias
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        grad = (p - y) / X.shape[0]
        weights -= 2.0 * (features.T @ grad + 1e-4 * weights)
        bias -= 2.0 * grad.sum(axis=0)
    return lambda Z: np.argmax(rbf_features(Z, centers, gamma) @ weights + bias, axis=1)


def accuracy(predict, X: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean(predict(X) == np.argmax(y, axis=1))) if X.shape[0] else float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", help="registry dataset (name@vX.Y.Z); default with a registry: "
                        "trainer_spiral_carve@latest")  # fmt: skip
    args = parser.parse_args(argv)
    client = JuniperDataClient()  # registry from $JUNIPER_DATA_REGISTRY, if set
    dataset = args.dataset or ("trainer_spiral_carve@latest" if client.registry else None)
    try:
        created, arrays = fetch(client, dataset)
    except JuniperDataClientError as error:  # the old except clauses keep working
        print(f"data unavailable: {type(error).__name__}: {error}", file=sys.stderr)
        return 4
    meta = created["meta"]
    data = checked(arrays, meta)
    source = meta["source"]
    where = f"registry {source['repo']} ({source['how']})" if source["kind"] == "registry" else "generate()"
    print(f"dataset {created['dataset_id']} from {where}")
    print(f"name {meta['dataset_name']} version {meta['dataset_version']}; {created['artifact_url'][:60]}...")
    for split in ("train", "val", "test"):
        print(f"X_{split} {data[f'X_{split}'].shape} y_{split} {data[f'y_{split}'].shape}")
    predict = fit(data["X_train"], data["y_train"])
    print(f"train accuracy {accuracy(predict, data['X_train'], data['y_train']):.3f}")
    print(f"validation accuracy {accuracy(predict, data['X_val'], data['y_val']):.3f}")
    print(f"test accuracy {accuracy(predict, data['X_test'], data['y_test']):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
