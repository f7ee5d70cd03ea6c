"""The streaming NPZ writer gives np.savez's exact bytes, piece by piece."""

from __future__ import annotations

import io

import numpy as np
import pytest

from juniper_data.artifacts.npz import NpzStreamWriter
from juniper_data.recipe import array_hash
from juniper_data.scale.streams import npz_member_hashes


def arrays(seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {
        "X_train": rng.standard_normal((37, 3)).astype(np.float32),
        "y_train": np.eye(4, dtype=np.float32)[rng.integers(0, 4, 37)],
        "X_test": np.zeros((0, 3), dtype=np.float32),
        "y_test": np.zeros((0, 4), dtype=np.float32),
        "X_full": rng.standard_normal((1000, 3)).astype(np.float32),
        "y_full": rng.random((1000, 1)).astype(np.float32),
    }


def streamed(data: dict[str, np.ndarray], piece: int, compress: bool) -> bytes:
    out = io.BytesIO()
    with NpzStreamWriter(out, compress=compress) as npz:
        for key, array in data.items():
            with npz.member(key, array.shape, array.dtype) as member:
                for start in range(0, array.shape[0], piece):
                    member.write(array[start : start + piece])
    return out.getvalue()


@pytest.mark.parametrize("piece", [1, 7, 64, 5000])
@pytest.mark.parametrize("compress", [False, True])
def test_streamed_npz_bytes_equal_np_savez_bytes(piece, compress):
    data = arrays(piece)
    reference = io.BytesIO()
    (np.savez_compressed if compress else np.savez)(reference, **data)
    assert streamed(data, piece, compress) == reference.getvalue()


def test_streamed_member_hashes_equal_array_hashes():
    data = arrays(0)
    hashes = npz_member_hashes(io.BytesIO(streamed(data, 100, False)), read_bytes=1000)
    assert list(hashes) == list(data)
    for key, array in data.items():
        assert hashes[key] == {"shape": list(array.shape), "dtype": "float32", "hash": array_hash(array)}


def test_a_member_written_short_or_long_is_an_error():
    with NpzStreamWriter(io.BytesIO()) as npz:
        with pytest.raises(ValueError, match="3 declared"), npz.member("a", (3,), np.uint8) as member:
            member.write(b"\x00\x01")
        with pytest.raises(ValueError, match="overflows"), npz.member("b", (1,), np.uint8) as member:
            member.write(b"\x00\x01")
