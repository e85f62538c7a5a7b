"""How many readers' scripts are running right now: background work gives way to them."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_running = 0


@contextmanager
def script_running() -> Iterator[None]:
    """Count the enclosed page run as a reader's script (app.py wraps every run in it)."""
    global _running
    with _lock:
        _running += 1
    try:
        yield
    finally:
        with _lock:
            _running -= 1


def scripts_running() -> int:
    """Readers' scripts running now, the caller's own included if it is one."""
    return _running
