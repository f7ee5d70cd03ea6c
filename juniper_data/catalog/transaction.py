"""All-or-nothing edits of a registry checkout: a failed command leaves every file as it was."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from types import TracebackType

from juniper_data.artifacts.atomic import atomic_write_bytes


class Transaction:
    """Collects file writes, deletions and folder removals; undoes them all if the block raises.

    Each file is saved (or noted absent) before its first change; a removed
    folder is parked under a hidden name beside it and deleted only on success.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (root / "a.txt").write_text("old")
    >>> try:
    ...     with Transaction() as tx:
    ...         tx.write(root / "a.txt", b"new")
    ...         raise RuntimeError("compose failed")
    ... except RuntimeError:
    ...     pass
    >>> (root / "a.txt").read_text()
    'old'
    """

    def __init__(self) -> None:
        self._saved: dict[Path, bytes | None] = {}
        self._parked: list[tuple[Path, Path]] = []

    def _remember(self, path: Path) -> None:
        if path not in self._saved:
            self._saved[path] = path.read_bytes() if path.is_file() else None

    def write(self, path: Path, data: bytes) -> None:
        """Replace ``path``'s content (atomically)."""
        self._remember(path)
        atomic_write_bytes(path, data)

    def delete(self, path: Path) -> None:
        """Delete the file ``path`` if it exists."""
        self._remember(path)
        path.unlink(missing_ok=True)

    def remove_tree(self, folder: Path) -> None:
        """Remove ``folder`` (parked until the transaction succeeds)."""
        if not folder.exists():
            return
        parked = Path(tempfile.mkdtemp(prefix=f".{folder.name}.removed-", dir=folder.parent))
        os.rename(folder, parked / folder.name)
        self._parked.append((folder, parked))

    def rollback(self) -> None:
        for folder, parked in reversed(self._parked):
            os.rename(parked / folder.name, folder)
            shutil.rmtree(parked)
        for path, data in self._saved.items():
            if data is None:
                path.unlink(missing_ok=True)
            elif not path.is_file() or path.read_bytes() != data:
                atomic_write_bytes(path, data)
        self._parked.clear()
        self._saved.clear()

    def commit(self) -> None:
        for _, parked in self._parked:
            shutil.rmtree(parked)
        self._parked.clear()
        self._saved.clear()

    def __enter__(self) -> Transaction:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if kind is None:
            self.commit()
        else:
            self.rollback()
