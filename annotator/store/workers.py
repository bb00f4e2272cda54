"""Reading many annotation files on every core.

A cold ``validate`` or ``stats`` over 10,000 files is almost all YAML parsing, which one process
does at the speed of one core.  ``each(function, items)`` returns ``function(item)`` for every
item, in order: in worker processes when there are enough items, more than one core and no other
thread running (the workers are forked, so nothing is imported again, and a fork beside running
threads could copy a held lock), else here, one after the other.  The function must be defined
at module level and give small results; what a worker writes (the parsed cache) it writes itself.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from annotator.store import parsed

MIN_ITEMS = 200  # below this, starting the workers costs more than they save
MAX_JOBS = 4
T = TypeVar("T")
R = TypeVar("R")


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def each(function: Callable[[T], R], items: Sequence[T], advance: Callable[[int], Any] | None = None) -> list[R]:
    """``function(item)`` for every item, in order, on as many cores as there are (see above);
    ``advance(1)`` is called as each is done."""
    jobs = min(cores(), MAX_JOBS)
    if jobs < 2 or len(items) < MIN_ITEMS or threading.active_count() > 1:
        return _here(function, items, advance)
    import multiprocessing  # here: a warm run, which reads no file, should not pay for importing them
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    if "fork" not in multiprocessing.get_all_start_methods():
        return _here(function, items, advance)
    chunk = max(1, min(64, len(items) // (jobs * 8)))
    try:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"), initializer=_started) as pool:
            return _counted(pool.map(function, items, chunksize=chunk), advance)
    except (BrokenProcessPool, OSError):  # a worker killed, or none could start: do it here
        return _here(function, items, None)


def _here(function: Callable[[T], R], items: Sequence[T], advance: Callable[[int], Any] | None) -> list[R]:
    return _counted(map(function, items), advance)


def _counted(results: Iterable[R], advance: Callable[[int], Any] | None) -> list[R]:
    if advance is None:
        return list(results)
    done = []
    for result in results:
        done.append(result)
        advance(1)
    return done


def _started() -> None:
    parsed.forget()  # the parent's database connection is not the worker's to use
