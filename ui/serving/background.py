"""Finishing big computations after the page has answered, without making readers wait.

A reader's script computes for a moment and shows what it has (ui.serving.compute); the rest of the
work is handed here. One thread does it in short slices, and only while no reader's script is
running, except for a small guaranteed share of a core that is never idle, so that a busy
server still finishes. Work is dropped once every reader who asked for it has left, or when
nobody has asked about it for a while (what was computed stays; a reader who comes back
continues from there or starts again).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

from ui.serving.activity import scripts_running, session_active, wait_until_idle

SLICE_S = 0.02  # one slice of background work
SHARE = 0.1  # of a core that readers' scripts keep busy, the background work still gets
FORGET_AFTER_S = 5.0  # work nobody asked about for this long is dropped (pages ask every 1 s)
_LOOK_S = 0.05  # while waiting for idle time, how often to look whether its readers left

logger = logging.getLogger(__name__)


@dataclass
class _Job:
    step: Callable[[float], bool]  # works until the deadline (perf_counter); True once finished
    asked: float  # when a reader last asked for it (monotonic)
    forgotten: Callable[[], None] | None  # called when it is dropped unfinished
    readers: set = field(default_factory=set)  # the sessions that asked for it


class Finisher:
    """One background thread that finishes jobs, giving way to readers' scripts."""

    def __init__(self, busy: Callable[[], bool] = lambda: scripts_running() > 0,
                 wait_until_idle: Callable[[float], None] = wait_until_idle,
                 slice_s: float = SLICE_S, share: float = SHARE,
                 forget_after_s: float = FORGET_AFTER_S,
                 present: Callable[[Hashable], bool] = session_active):
        """busy(): whether a reader's script is running; wait_until_idle(timeout) returns
        once none is, or after `timeout` seconds."""
        self.busy, self.slice_s, self.forget_after_s = busy, slice_s, forget_after_s
        self.wait_until_idle = wait_until_idle
        self.present = present  # whether a reader's session is still open
        self.give_way_s = slice_s * (1 - share) / share  # the longest wait for idle time
        self._jobs: OrderedDict[Hashable, _Job] = OrderedDict()
        self._lock = threading.Lock()
        self._work = threading.Event()
        self._thread: threading.Thread | None = None

    def finish(self, key: Hashable, step: Callable[[float], bool],
               forgotten: Callable[[], None] | None = None, reader: Hashable = None) -> None:
        """Finish the work `step` does slice by slice (step(deadline) -> finished?), unless a
        job under `key` is already there; either way, `reader` (a session) is waiting for it
        now. `forgotten()` is called if the job is dropped unfinished (to free what it
        holds)."""
        with self._lock:
            job = self._jobs.get(key)
            if job is None:
                job = self._jobs[key] = _Job(step, time.monotonic(), forgotten)
            job.asked = time.monotonic()
            job.readers.add(reader)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="ui.serving.background",
                                                daemon=True)
                self._thread.start()
        self._work.set()

    def pending(self, key: Hashable) -> bool:
        """Whether the job under `key` is still to be finished."""
        return key in self._jobs

    def pending_keys(self) -> list[Hashable]:
        """The keys of every job still to be finished."""
        with self._lock:
            return list(self._jobs)

    def wanted(self, key: Hashable, reader: Hashable = None) -> bool:
        """`reader` still waits for the job under `key`; whether it is still unfinished."""
        with self._lock:
            job = self._jobs.get(key)
            if job is not None:
                job.asked = time.monotonic()
                job.readers.add(reader)
        return job is not None

    def _forget_old(self) -> None:
        """Drop the jobs whose readers have all left or that nobody has asked about for
        forget_after_s."""
        with self._lock:
            now = time.monotonic()
            old = [self._jobs.pop(key) for key, job in list(self._jobs.items())
                   if now - job.asked > self.forget_after_s
                   or not any(self.present(reader) for reader in job.readers)]
        for job in old:
            if job.forgotten is not None:
                job.forgotten()

    def _next(self) -> tuple[Hashable, _Job] | None:
        """The job whose turn it is (in turn, a slice each)."""
        self._forget_old()
        with self._lock:
            if not self._jobs:
                self._work.clear()
                return None
            key, job = next(iter(self._jobs.items()))
            self._jobs.move_to_end(key)
            return key, job

    def _run(self) -> None:
        while True:
            turn = self._next()
            if turn is None:
                self._work.wait()
                continue
            key, job = turn
            # Woken when the last script ends (no polling: a thread waking every few
            # milliseconds takes the interpreter's lock from the scripts it waits for).
            give_up = time.perf_counter() + self.give_way_s
            while self.busy() and key in self._jobs and (left := give_up - time.perf_counter()) > 0:
                self.wait_until_idle(min(left, _LOOK_S))
                self._forget_old()  # have its readers left?
            self._forget_old()
            if self._jobs.get(key) is not job:
                continue
            try:
                finished = job.step(time.perf_counter() + self.slice_s)
            except Exception:  # the reader's next run meets the same error and explains it
                logger.exception("background work %r failed", key)
                finished = True
            if finished:
                with self._lock:
                    if self._jobs.get(key) is job:
                        del self._jobs[key]


FINISHER = Finisher()
