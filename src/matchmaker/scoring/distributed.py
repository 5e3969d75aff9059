"""Executors for the sparse pipeline's tiles: one process, threads, or a Dask cluster.

:func:`matchmaker.scoring.sparse.score_sparse` cuts the candidate pairs into tiles and
hands each tile to an executor: ``run(fn, shared, items)`` calls ``fn(shared, item)``
for every item and yields the results **in the order of the items**.  ``shared`` (the
kernel's arrays) is the same for every call: threads share it, Dask sends it to each
worker once (``Client.scatter(..., broadcast=True)``).  The tile function and the
merge of its results are the same code for every executor, and the merge does not
depend on the order in which tiles finish, so the result is identical on any of them.

Running on a cluster::

    from dask.distributed import Client, LocalCluster
    from matchmaker.scoring import score

    with LocalCluster(n_workers=4, threads_per_worker=1) as cluster, Client(cluster) as client:
        scores = score(mission, top_k=50, executor=client)

or ``Client("tcp://scheduler:8786")`` for an existing cluster; ``executor="dask"``
uses the current client (``distributed.get_client()``).  The workers need matchmaker
installed (``pip install "matchmaker[dask]"``).
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Protocol, TypeVar, runtime_checkable

from matchmaker._optional import require
from matchmaker.errors import Problem, ValidationError

__all__ = ["DaskExecutor", "Executor", "SerialExecutor", "ThreadExecutor", "resolve_executor"]

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")


@runtime_checkable
class Executor(Protocol):
    """Runs ``fn(shared, item)`` for each item, yielding results in item order."""

    name: str

    def run(self, fn: Callable[[S, T], R], shared: S, items: Iterable[T]) -> Iterator[R]:
        """Results of ``fn(shared, item)`` in the order of ``items``."""
        ...


class SerialExecutor:
    """Everything in the calling thread.

    >>> list(SerialExecutor().run(lambda s, x: s + x, 10, [1, 2]))
    [11, 12]
    """

    name = "serial"

    def run(self, fn: Callable[[S, T], R], shared: S, items: Iterable[T]) -> Iterator[R]:
        """Results of ``fn(shared, item)`` in the order of ``items``."""
        for item in items:
            yield fn(shared, item)


class ThreadExecutor:
    """A pool of threads (the kernel's NumPy and sparse products release the GIL).

    At most ``2 × workers`` items are in flight, so results never pile up.

    >>> list(ThreadExecutor(2).run(lambda s, x: s * x, 3, range(4)))
    [0, 3, 6, 9]
    """

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.name = f"threads({workers})"

    def run(self, fn: Callable[[S, T], R], shared: S, items: Iterable[T]) -> Iterator[R]:
        """Results of ``fn(shared, item)`` in the order of ``items``."""
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            window: deque[Future[R]] = deque()
            for item in items:
                window.append(pool.submit(fn, shared, item))
                if len(window) >= 2 * self.workers:
                    yield window.popleft().result()
            while window:
                yield window.popleft().result()


class DaskExecutor:
    """Tasks on a ``dask.distributed`` cluster: ``shared`` is scattered once to every worker.

    At most ``window`` tasks are submitted ahead of the results being read (default
    four per worker thread), so that the client never holds many results at once.
    """

    name = "dask.distributed"

    def __init__(self, client: Any, window: int | None = None) -> None:
        self.client = client
        self.window = window

    def run(self, fn: Callable[[S, T], R], shared: S, items: Iterable[T]) -> Iterator[R]:
        """Results of ``fn(shared, item)`` in the order of ``items``."""
        window = self.window or max(4, 4 * sum(self.client.nthreads().values()))
        # a list of one: scatter would split a tuple or a dict into one future per item
        handle = self.client.scatter([shared], broadcast=True, hash=False)[0]
        pending: deque[Any] = deque()
        try:
            for item in items:
                pending.append(self.client.submit(fn, handle, item, pure=False))
                if len(pending) >= window:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()
            handle.release()


def _default_workers() -> int:
    return max(1, min(2, os.cpu_count() or 1))


def resolve_executor(executor: Any = None, workers: int | None = None) -> Executor:
    """The executor for ``executor``: None or ``"threads"`` (``workers`` threads, default up to 2),
    ``"serial"``, ``"dask"`` (the current Dask client), a ``dask.distributed.Client``, or any
    object with a ``run(fn, shared, items)`` method and a ``name``.

    Raises
    ------
    ValidationError
        An unknown name or object.
    MissingDependencyError
        ``"dask"`` without the ``dask`` extra installed.

    Examples
    --------
    >>> resolve_executor("serial").name, resolve_executor(None, 2).name
    ('serial', 'threads(2)')
    """
    if executor is None or executor == "threads":
        return ThreadExecutor(workers or _default_workers())
    if executor == "serial":
        return SerialExecutor()
    if executor == "dask":
        distributed = require("distributed", extra="dask", feature="The Dask executor", package="dask")
        try:
            return DaskExecutor(distributed.get_client())
        except ValueError:  # no client in this process
            raise ValidationError(
                Problem(
                    "executor='dask' needs a running Dask client, and none was found",
                    kind="invalid",
                    field="executor",
                    hint="create one first (dask.distributed.Client(...)) or pass the client itself",
                )
            ) from None
    if isinstance(executor, Executor):
        return executor
    if type(executor).__name__ == "Client" and hasattr(executor, "scatter") and hasattr(executor, "submit"):
        return DaskExecutor(executor)
    raise ValidationError(
        Problem(
            f"unknown executor {executor!r}",
            kind="invalid",
            field="executor",
            hint="use None, 'threads', 'serial', 'dask', a dask.distributed.Client or an object with run()",
        )
    )
