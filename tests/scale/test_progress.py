"""Progress lines appear on a terminal and stay out of CI logs and pipes."""

from __future__ import annotations

import io

import pytest

from juniper_data.generators.params import ParameterError
from juniper_data.scale import build_chunked
from juniper_data.scale.progress import Progress, wants_progress


class Terminal(io.StringIO):
    """A text stream that says it is a terminal, as a console's stderr does."""

    def isatty(self) -> bool:
        return True


def test_progress_shows_units_rate_and_time_left_on_a_terminal(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    stream = Terminal()
    bar = Progress("generate", 4, 4_000_000, stream=stream)
    for _ in range(4):
        bar.advance(1_000_000)
    bar.close()
    last = stream.getvalue().rstrip("\n").split("\r")[-1]
    assert last.split()[:3] == ["generate", "4/4", "blocks"]
    assert "M points/s" in last and "<" in last  # elapsed<remaining
    assert stream.getvalue().endswith("\n")


def test_progress_draws_nothing_when_not_wanted():
    stream = Terminal()
    bar = Progress("shuffle", 3, 30, unit="buckets", stream=stream, mode="never")
    for _ in range(3):
        bar.advance(10)
    bar.close()
    assert stream.getvalue() == "" and (bar.done, bar.points_done) == (3, 30)


@pytest.mark.parametrize("ci", ["true", "1", "yes"])
def test_progress_is_quiet_in_ci_even_on_a_terminal(monkeypatch, ci):
    monkeypatch.setenv("CI", ci)
    assert not wants_progress("auto", Terminal())
    assert wants_progress("always", Terminal())


def test_progress_is_quiet_when_stderr_is_not_a_terminal(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    assert not wants_progress("auto", io.StringIO())
    assert wants_progress("auto", Terminal())
    assert not wants_progress("never", Terminal())


def test_a_chunked_build_reports_each_phase_on_a_terminal(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("CI", raising=False)
    build_chunked("xor", tmp_path / "ds", block_size=10, progress="always", n_points_per_quadrant=10, seed=1)
    lines = [line.split("\r")[-1] for line in capsys.readouterr().err.split("\n") if line]
    # write: X and y of 4 blocks (full), of 4 train and 1 test pieces (bucket 3 holds both splits)
    assert [line.split()[:2] for line in lines] == [["generate", "4/4"], ["shuffle", "4/4"], ["write", "18/18"]]


def test_an_unknown_progress_mode_is_refused():
    with pytest.raises(ParameterError, match="scale.progress = 'loud'; allowed: one of auto, always, never"):
        wants_progress("loud", io.StringIO())
