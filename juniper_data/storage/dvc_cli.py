"""The one place this package runs DVC: its command line, in a subprocess.

The CLI is DVC's stable surface (``dvc.repo.Repo`` is internal), and a subprocess
keeps DVC's import cost, logging and working-directory handling out of our process.
If the consumer's DVC adapter grows a CLI runner, this function moves there.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping, Sequence


def run_dvc(
    args: Sequence[str],
    repo: str | os.PathLike[str],
    *,
    env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``dvc <args>`` in ``repo`` with this interpreter's DVC; never raises on failure.

    Parameters
    ----------
    args : sequence of str
        Arguments after ``dvc`` (e.g. ``["push", "-r", "s3"]``).
    repo : path
        Working directory: the DVC repository.
    env : mapping, optional
        Environment for the child; default: this process's.

    Returns
    -------
    subprocess.CompletedProcess
        With ``returncode``, ``stdout`` and ``stderr`` as text.

    Examples
    --------
    >>> import tempfile
    >>> run_dvc(["version"], tempfile.gettempdir()).returncode
    0
    """
    return subprocess.run(
        [sys.executable, "-m", "dvc", *args],
        cwd=os.fspath(repo),
        env=None if env is None else dict(env),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )
