"""Remote storage costs: push and pull of the default registry, loopback S3 (moto) vs the local remote.

Usage: python benchmarks/bench_remote.py [--repeats N]

Builds the default registry (a clone of this repository, ``dvc repro``) plus ``xor_twin``, a
dataset whose recipe equals ``xor_default``'s under another name, and ``spiral_bulk``
(40,000 rows) so the registry weighs a few MB. Then, N times each,
alternating: ``dvc push`` into an empty local remote folder and into an empty S3 bucket
on a moto server on 127.0.0.1, and ``dvc pull`` into a fresh clone with an empty cache from
each. Prints medians, the S3/local ratio, and the remote's size against the sum of the
artifact sizes (content addressing keeps each distinct file once).
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from repo_env import repo_environment  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TWIN = "xor_twin"
# The default registry is under 1 MB; one larger dataset brings it to a few MB.
BULK = ("spiral_bulk", "generator: spiral\nparams: {n_spirals: 4, n_points_per_spiral: 10000, seed: 7}\n")


def environment(home: Path) -> dict[str, str]:
    credentials = {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": "us-east-1"}
    return repo_environment(home, **credentials)


def run(args: list[str], cwd: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {result.stderr}")
    return time.perf_counter() - started


def build_registry(work: Path, env: dict[str, str]) -> Path:
    registry = work / "registry"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(registry)], check=True, env=env)
    twin = (registry / "conf" / "datasets" / "xor_default.yaml").read_text()
    (registry / "conf" / "datasets" / f"{TWIN}.yaml").write_text(twin)
    (registry / "conf" / "datasets" / f"{BULK[0]}.yaml").write_text(BULK[1])
    run([sys.executable, "pipelines/compose.py"], registry, env)
    run(["dvc", "repro", "--quiet"], registry, env)
    run(["git", "add", "-A"], registry, env)
    run(["git", "commit", "-qm", "bench build"], registry, env)
    return registry


def artifact_sizes(registry: Path) -> tuple[int, int, int, int]:
    """(bytes of all artifact files, bytes of the distinct ones, file count, distinct count) under data/."""
    import hashlib

    sizes: dict[str, int] = {}
    total = count = 0
    for path in (registry / "data").rglob("*"):
        if path.is_file() and path.name != ".gitignore":
            size = path.stat().st_size
            total, count = total + size, count + 1
            sizes[hashlib.md5(path.read_bytes()).hexdigest()] = size
    return total, sum(sizes.values()), count, len(sizes)


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def bucket_size(client: object, bucket: str) -> tuple[int, int]:
    sizes = [
        item["Size"]
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket)  # type: ignore[attr-defined]
        for item in page.get("Contents", [])
    ]
    return sum(sizes), len(sizes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    repeats = parser.parse_args().repeats

    import boto3
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    os.environ.update({k: v for k, v in environment(Path()).items() if k.startswith("AWS_")})
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    times: dict[str, list[float]] = {"push local": [], "push s3": [], "pull local": [], "pull s3": []}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env = environment(work / "home")
        started = time.perf_counter()
        registry = build_registry(work, env)
        print(f"built the default registry + {TWIN} + {BULK[0]} in {time.perf_counter() - started:.1f} s")
        local = work / "remote-local"
        run(["dvc", "remote", "add", "--local", "-f", "bench-local", str(local)], registry, env)
        run(["dvc", "remote", "add", "--local", "-f", "bench-s3", "s3://bench-0/registry"], registry, env)
        run(["dvc", "remote", "modify", "--local", "bench-s3", "endpointurl", endpoint], registry, env)
        for i in range(repeats):
            shutil.rmtree(local, ignore_errors=True)
            bucket = f"bench-{i}"
            s3.create_bucket(Bucket=bucket)
            run(["dvc", "remote", "modify", "--local", "bench-s3", "url", f"s3://{bucket}/registry"], registry, env)
            order = ["local", "s3"] if i % 2 == 0 else ["s3", "local"]
            for kind in order:
                times[f"push {kind}"].append(run(["dvc", "push", "-r", f"bench-{kind}"], registry, env))
            for kind in order:
                clone = work / f"clone-{i}-{kind}"
                subprocess.run(["git", "clone", "-q", str(registry), str(clone)], check=True, env=env)
                shutil.copy2(registry / ".dvc" / "config.local", clone / ".dvc" / "config.local")
                times[f"pull {kind}"].append(run(["dvc", "pull", "-r", f"bench-{kind}"], clone, env))
                shutil.rmtree(clone)
        total, distinct, count, distinct_count = artifact_sizes(registry)
        local_bytes, local_objects = folder_size(local)
        s3_bytes, s3_objects = bucket_size(s3, f"bench-{repeats - 1}")
    server.stop()

    print(f"\nregistry: {count} artifact files, {total / 1e6:.2f} MB ({distinct / 1e6:.2f} MB distinct content)")
    print(f"{'operation':<12}{'median s':>10}{'min s':>8}{'max s':>8}   (n={repeats})")
    for name, values in times.items():
        print(f"{name:<12}{statistics.median(values):>10.2f}{min(values):>8.2f}{max(values):>8.2f}")
    for op in ("push", "pull"):
        ratio = statistics.median(times[f"{op} s3"]) / statistics.median(times[f"{op} local"])
        print(f"{op}: loopback S3 / local remote = {ratio:.2f}x")
    print(f"\nsum of artifact sizes   {total:>10} B")
    print(f"distinct content        {distinct:>10} B in {distinct_count} files")
    print(f"local remote            {local_bytes:>10} B in {local_objects} objects ({local_bytes / total:.3f} of sum)")
    print(f"S3 bucket               {s3_bytes:>10} B in {s3_objects} objects ({s3_bytes / total:.3f} of sum)")
    print("(remote = distinct content + the .dir manifests of folder outputs)")


if __name__ == "__main__":
    main()
