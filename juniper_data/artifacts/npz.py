"""NPZ: the six arrays in a fixed key order, byte-deterministic."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import numpy as np

from juniper_data.dataset import ARRAY_KEYS


def write_npz(path: Path, arrays: Mapping[str, np.ndarray], *, compress: bool = False) -> None:
    """Write the contract arrays to ``path``: ``ARRAY_KEYS`` first, then any extras in mapping order.

    numpy writes zip entries with a fixed timestamp, so equal arrays give equal
    bytes (tests/artifacts check it). ``compress`` trades ~10x write time for
    ~2x smaller one-hot data.
    """
    save: Any = np.savez_compressed if compress else np.savez
    with open(path, "wb") as handle:
        keys = list(ARRAY_KEYS) + [k for k in arrays if k not in ARRAY_KEYS]
        save(handle, **{key: np.ascontiguousarray(arrays[key]) for key in keys})


def read_npz(path: Path) -> dict[str, np.ndarray]:
    """Read every array of an NPZ; never unpickles."""
    with np.load(path, allow_pickle=False) as archive:
        return {key: archive[key] for key in archive.files}


class MemberStream:
    """One ``.npy`` member being written: ``write`` C-order bytes until the declared shape is full."""

    def __init__(self, handle: IO[bytes], expected: int):
        self._handle, self.expected, self.written = handle, expected, 0

    def write(self, chunk: Any) -> None:
        """Append ``chunk`` (an array in C order, or any bytes-like object)."""
        if isinstance(chunk, np.ndarray):
            chunk = np.ascontiguousarray(chunk)
            if chunk.size == 0:
                return
            chunk = chunk.reshape(-1).view(np.uint8)
        data = memoryview(chunk).cast("B")
        self.written += data.nbytes
        if self.written > self.expected:
            raise ValueError(f"member overflows its declared size of {self.expected} bytes")
        self._handle.write(data)


class NpzStreamWriter:
    """Write an NPZ member by member, each member in chunks, in bounded memory.

    The output is byte-identical to ``np.savez`` (``np.savez_compressed`` with
    ``compress``) of the same arrays in the same order: the same ``zipfile``
    calls numpy makes (ZIP64 forced, fixed 1980-01-01 timestamps) and the same
    ``.npy`` header, written for the final shape before the data streams in.

    Examples
    --------
    >>> import io
    >>> a = np.arange(6, dtype=np.float32).reshape(3, 2)
    >>> out = io.BytesIO()
    >>> with NpzStreamWriter(out) as npz:
    ...     with npz.member("a", a.shape, a.dtype) as m:
    ...         m.write(a[:2]); m.write(a[2:])
    >>> ref = io.BytesIO(); np.savez(ref, a=a)
    >>> out.getvalue() == ref.getvalue()
    True
    """

    def __init__(self, file: IO[bytes], *, compress: bool = False):
        compression = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        self._zip = zipfile.ZipFile(file, mode="w", compression=compression, allowZip64=True)

    @contextmanager
    def member(self, key: str, shape: Sequence[int], dtype: Any) -> Iterator[MemberStream]:
        """A stream for member ``key.npy`` of ``shape`` and ``dtype``; it must be filled exactly."""
        dtype = np.dtype(dtype)
        header = {"descr": np.lib.format.dtype_to_descr(dtype), "fortran_order": False, "shape": tuple(shape)}
        with self._zip.open(f"{key}.npy", "w", force_zip64=True) as handle:
            np.lib.format.write_array_header_1_0(handle, header)
            stream = MemberStream(handle, int(np.prod(shape, dtype=np.int64)) * dtype.itemsize)
            yield stream
            if stream.written != stream.expected:
                raise ValueError(f"member {key}: {stream.written} bytes written, {stream.expected} declared")

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> NpzStreamWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
