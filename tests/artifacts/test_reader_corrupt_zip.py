"""The reader turns a damaged NPZ zip directory into an ArtifactError, never a raw zipfile error."""

from __future__ import annotations

import pytest

from juniper_data import generate, read_dataset, write_dataset
from juniper_data.artifacts.reader import ArtifactError


def test_damaged_zip_directory_is_an_artifact_error_naming_the_file(tmp_path):
    folder = write_dataset(generate("xor", seed=0).annotate(name="x"), tmp_path / "x", card=False)
    npz = folder / "x.npz"
    data = bytearray(npz.read_bytes())
    data[-200] ^= 0xFF  # inside the zip central directory
    npz.write_bytes(bytes(data))
    with pytest.raises(ArtifactError, match=r"x\.npz: unreadable NPZ"):
        read_dataset(folder)
