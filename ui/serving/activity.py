"""Readers at work: how many scripts are running now (background work gives way to them), and
whether a reader's session is still open (background work for readers who left is dropped)."""

from __future__ import annotations

import threading
import time
from collections.abc import Hashable, Iterator
from contextlib import contextmanager

from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

_lock = threading.Lock()
_none_running = threading.Condition(_lock)
_running = 0
_last_end = float("-inf")  # when the last reader's script ended (monotonic)
_ended = 0  # readers' scripts ended so far


@contextmanager
def script_running() -> Iterator[None]:
    """Count the enclosed page run as a reader's script (app.py wraps every run in it)."""
    global _running, _last_end, _ended
    with _lock:
        _running += 1
    try:
        yield
    finally:
        with _lock:
            _running -= 1
            _ended += 1
            _last_end = time.monotonic()
            if _running == 0:
                _none_running.notify_all()


def scripts_running() -> int:
    """Readers' scripts running now, the caller's own included if it is one."""
    return _running


def wait_until_idle(timeout: float) -> None:
    """Wait until no reader's script is running, or for `timeout` seconds at most."""
    with _none_running:
        _none_running.wait_for(lambda: _running == 0, timeout)


def wait_until_quiet(quiet_s: float) -> None:
    """Wait until no reader's script has run for `quiet_s` seconds (however long that takes)."""
    with _none_running:
        while True:
            _none_running.wait_for(lambda: _running == 0)
            left = _last_end + quiet_s - time.monotonic()
            if left <= 0:
                return
            _none_running.wait(left)  # woken early only by another script's end


def wait_for_lull(ended: int, quiet_s: float) -> int:
    """Wait until more than `ended` readers' scripts have ended and then none has run for
    `quiet_s` seconds; return how many have ended by then."""
    with _none_running:
        _none_running.wait_for(lambda: _ended > ended)
    wait_until_quiet(quiet_s)
    return _ended


def this_session() -> str | None:
    """The session id of the script calling (None outside a script)."""
    ctx = get_script_run_ctx()
    return None if ctx is None else ctx.session_id


def session_active(session: Hashable) -> bool:
    """Whether a reader's session is still connected (True where there is no server to ask,
    as in tests, or no session)."""
    if session is None or not Runtime.exists():
        return True
    return Runtime.instance().is_active_session(session)
