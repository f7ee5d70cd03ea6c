"""Progress of a long build on a terminal (``tqdm``): units done, points per second, time left.

Shown only when the stream is a terminal and ``CI`` is not set (``mode="auto"``),
so logs of batch jobs and CI stay clean.
"""

from __future__ import annotations

import os
import sys
from typing import IO, Any

MODES = ("auto", "always", "never")
#: Seconds between two redraws.
REDRAW = 0.2
BAR_FORMAT = "{desc:<9} {n_fmt}/{total_fmt} {unit}  {postfix}  [{elapsed}<{remaining}]"


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
    """One ``tqdm`` bar per phase: ``generate: 12/96 blocks [00:02<00:21, 41.3M points/s]``.

    ``advance(points)`` counts one unit done holding ``points`` rows; the rate is in
    points per second. Drawn only when :func:`wants_progress` says so.

    Examples
    --------
    >>> import io
    >>> bar = Progress("generate", 2, 200, unit="blocks", stream=io.StringIO(), mode="never")
    >>> bar.advance(100); bar.close(); bar.done
    1
    """

    def __init__(
        self, phase: str, total: int, points: int, *, unit: str = "blocks", stream: IO[str] | None = None,
        mode: str = "auto",
    ):  # fmt: skip
        self.stream = stream if stream is not None else sys.stderr
        self.active = wants_progress(mode, self.stream)
        self.phase, self.total, self.points, self.unit = phase, total, points, unit
        self.done, self.points_done = 0, 0
        self._bar: Any = None
        if self.active:
            from tqdm import tqdm

            self._bar = tqdm(total=total, desc=phase, unit=unit, file=self.stream, mininterval=REDRAW, leave=True,
                             dynamic_ncols=False, ncols=100, bar_format=BAR_FORMAT)  # fmt: skip
            self._bar.set_postfix_str("0 points/s", refresh=False)
            self._started = self._bar.start_t

    def advance(self, points: int) -> None:
        """One more unit done, holding ``points`` points."""
        self.done += 1
        self.points_done += points
        if self._bar is not None:
            elapsed = max(self._bar.format_dict["elapsed"], 1e-9)
            self._bar.set_postfix_str(f"{self.points_done / elapsed / 1e6:.2f} M points/s", refresh=False)
            self._bar.update(1)

    def close(self) -> None:
        """End the phase's line (when drawn)."""
        if self._bar is not None:
            self._bar.close()
