"""Progress of a long build on a terminal: units done, points per second, time left.

Shown only when the stream is a terminal and ``CI`` is not set (``mode="auto"``),
so logs of batch jobs and CI stay clean.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import IO

MODES = ("auto", "always", "never")
#: Seconds between two redraws.
REDRAW = 0.2


def wants_progress(mode: str, stream: IO[str]) -> bool:
    """Whether to draw: ``always``, ``never``, or (``auto``) on a terminal outside CI."""
    if mode not in MODES:
        from juniper_data.generators.params import ParameterError

        raise ParameterError(f"scale.progress = {mode!r}; allowed: one of {', '.join(MODES)}")
    if mode != "auto":
        return mode == "always"
    in_ci = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
    return not in_ci and bool(getattr(stream, "isatty", lambda: False)())


class Progress:
    """One line per phase, redrawn in place: ``generate  12/96 blocks  41.3 M points/s  ETA 0:00:21``.

    Examples
    --------
    >>> import io
    >>> bar = Progress("generate", 2, 200, unit="blocks", stream=io.StringIO(), mode="never")
    >>> bar.advance(100); bar.close(); bar.done
    1
    """

    def __init__(
        self,
        phase: str,
        total: int,
        points: int,
        *,
        unit: str = "blocks",
        stream: IO[str] | None = None,
        mode: str = "auto",
        clock: Callable[[], float] = time.monotonic,
    ):
        self.stream = stream if stream is not None else sys.stderr
        self.active = wants_progress(mode, self.stream)
        self.phase, self.total, self.points, self.unit = phase, total, points, unit
        self.done, self.points_done = 0, 0
        self._clock = clock
        self._start = self._drawn = clock()

    def advance(self, points: int) -> None:
        """One more unit done, holding ``points`` points."""
        self.done += 1
        self.points_done += points
        now = self._clock()
        if self.active and (now - self._drawn >= REDRAW or self.done == self.total):
            self._drawn = now
            self.stream.write("\r" + self.line(now - self._start))
            self.stream.flush()

    def line(self, elapsed: float) -> str:
        """The text of the progress line after ``elapsed`` seconds."""
        rate = self.points_done / elapsed if elapsed > 0 else 0.0
        left = (self.points - self.points_done) / rate if rate > 0 else None
        eta = "--:--:--" if left is None else time.strftime("%H:%M:%S", time.gmtime(left))
        return (
            f"{self.phase:<9} {self.done}/{self.total} {self.unit}  "
            f"{rate / 1e6:6.2f} M points/s  ETA {eta}"
        )

    def close(self) -> None:
        """End the line (when drawn)."""
        if self.active and self.done:
            self.stream.write("\n")
            self.stream.flush()
