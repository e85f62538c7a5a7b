"""The one timing helper every benchmark uses."""

from __future__ import annotations

import statistics
import time


def timed(fn, repeats: int) -> tuple[float, float]:
    """Median wall-clock and CPU seconds of `repeats` calls (after the caller's warm-up).

    CPU time (time.process_time) is reported beside wall time because a busy shared machine
    inflates wall time; every benchmark runs single-threaded, so CPU time is the real cost.
    """
    walls, cpus = [], []
    for _ in range(repeats):
        start, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)
