"""Engines: who runs the work units of a chunked build (or the jobs of a sweep).

Every engine has one operation, ``imap(fn, items)``: apply ``fn`` to each item
and yield the results *in item order*, with a bounded number of units in
flight, so the caller streams results to disk while workers compute ahead.
Parallel engines start the first units as soon as ``imap`` is called.
The bytes a build writes never depend on the engine or its worker count.

``serial``
    In this process, one unit after another.
``joblib``
    Local worker processes (joblib's ``loky`` executor, as Hydra's joblib launcher uses),
    which exit when the build's process is gone.
``dask``
    A ``dask.distributed`` cluster: the scheduler at ``address``, else at
    ``$DASK_SCHEDULER_ADDRESS`` (dask's own setting), else a ``LocalCluster`` of
    ``workers`` single-threaded processes started for the build. Workers need
    this package installed and the output folder on a filesystem they share.
``auto``
    ``serial`` for one worker, else ``joblib``.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from itertools import islice
from typing import Any, TypeVar

from juniper_data.generators.params import ParameterError

ENGINES = ("auto", "serial", "joblib", "dask")
T = TypeVar("T")
R = TypeVar("R")


class _Closing:
    def __enter__(self: Any) -> Any:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()  # type: ignore[attr-defined]


class SerialEngine(_Closing):
    """Run every unit in this process, in order."""

    name = "serial"
    workers = 1

    def imap(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        return (fn(item) for item in items)

    def close(self) -> None:
        pass


class JoblibEngine(_Closing):
    """Local worker processes (joblib's ``loky`` executor), results in order.

    Workers start with :func:`exit_with_parent`: a worker whose parent process is
    gone (a killed build) exits at once instead of idling until loky's timeout.
    """

    name = "joblib"

    def __init__(self, workers: int):
        self.workers = workers

    def imap(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        from joblib.externals.loky import get_reusable_executor

        executor = get_reusable_executor(
            max_workers=self.workers, initializer=exit_with_parent, initargs=(os.getpid(),)
        )
        return windowed(executor.submit, fn, items, 2 * self.workers, lambda future: future.result())

    def close(self) -> None:
        pass  # loky keeps its workers for the next call, as Hydra's joblib launcher does


def exit_with_parent(parent: int, poll_seconds: float = 0.5) -> None:
    """Worker initializer: end this process as soon as ``parent`` (the process that started it) has gone.

    A build killed with SIGKILL cannot stop its workers; loky would keep them idle for
    minutes. An orphan is re-parented, so ``os.getppid()`` no longer equals ``parent``
    (also when the parent died before this worker finished starting).
    """
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(poll_seconds)
        os._exit(1)

    threading.Thread(target=watch, name="juniper-data-exit-with-parent", daemon=True).start()


def windowed(
    submit: Callable[..., Any], fn: Callable[[T], R], items: Iterable[T], window: int, result: Callable[[Any], R]
) -> Iterator[R]:
    """Submit ``fn(item)`` for each item, at most ``window`` in flight, and yield the results in item order.

    The first ``window`` are submitted when this is called (not when the iterator is
    first advanced), so the caller can work while they run.
    """
    source = iter(items)
    pending: deque[Any] = deque(submit(fn, item) for item in islice(source, window))

    def results() -> Iterator[R]:
        while pending:
            value = result(pending.popleft())
            pending.extend(submit(fn, item) for item in islice(source, 1))
            yield value

    return results()


class DaskEngine(_Closing):
    """Units as ``dask.distributed`` tasks; at most ``2 * workers`` in flight, results in order."""

    name = "dask"

    def __init__(self, workers: int, address: str | None = None):
        import dask
        from distributed import Client, LocalCluster

        address = address or dask.config.get("scheduler-address", None)
        self._cluster = None
        if address:
            self._client = Client(address)
        else:
            self._cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            )
            self._client = Client(self._cluster)
        self.workers = max(1, len(self._client.scheduler_info().get("workers", {})) or workers)

    def imap(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        submit = partial(self._client.submit, pure=False)
        return windowed(submit, fn, items, 2 * self.workers, lambda future: future.result())

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def check_engine(kind: str, workers: int) -> str:
    """Validate an engine choice; returns the concrete engine (``auto`` resolved)."""
    if kind not in ENGINES:
        raise ParameterError(f"scale.engine = {kind!r}; allowed: one of {', '.join(ENGINES)}")
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ParameterError(f"scale.workers = {workers!r}; allowed: an integer >= 1")
    if kind == "auto":
        return "serial" if workers == 1 else "joblib"
    return kind


ENGINE_ENV, WORKERS_ENV = "JUNIPER_DATA_ENGINE", "JUNIPER_DATA_WORKERS"


def engine_from_env() -> Any:
    """The engine ``$JUNIPER_DATA_ENGINE`` (default ``auto``) with ``$JUNIPER_DATA_WORKERS`` workers (default 1).

    For commands whose recipe must not carry execution knobs (``dvc repro`` stages):
    ``JUNIPER_DATA_WORKERS=2 dvc repro`` builds a family's variants on two processes.
    """
    import os

    workers = os.environ.get(WORKERS_ENV, "1")
    if not workers.isdigit():
        raise ParameterError(f"${WORKERS_ENV} = {workers!r}; allowed: an integer >= 1")
    return make_engine(os.environ.get(ENGINE_ENV, "auto"), int(workers))


def make_engine(kind: str = "auto", workers: int = 1, address: str | None = None) -> Any:
    """The engine ``kind`` with ``workers`` workers (use it as a context manager).

    Raises
    ------
    ParameterError
        For an unknown engine or a worker count below 1.

    Examples
    --------
    >>> with make_engine("serial") as engine:
    ...     list(engine.imap(abs, [-1, -2]))
    [1, 2]
    """
    kind = check_engine(kind, workers)
    if kind == "serial":
        return SerialEngine()
    if kind == "joblib":
        return JoblibEngine(workers)
    return DaskEngine(workers, address)
