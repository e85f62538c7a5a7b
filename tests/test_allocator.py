"""The C allocator's bounds (ui.serving.allocator): checked in a fresh interpreter, where no
thread has made an arena yet, as in a new server process."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from ui.serving import allocator

ROOT = Path(__file__).resolve().parents[1]
GUARD_S = 60  # a guard against hanging, never reached when the thread works

# Twelve threads allocate at the same moment (glibc gives a thread that meets a locked arena a
# new one, up to 8 per core); then glibc's own report (malloc_info) counts the arenas.
_THREADS = """
import ctypes, os, sys, tempfile, threading
import numpy as np
from ui.serving.allocator import ARENAS, bound_allocator, hand_back
if sys.argv[1] == "bound":
    assert bound_allocator()
start = threading.Barrier(12)
def allocate():
    start.wait()
    for _ in range(2000):
        [np.empty(1000) for _ in range(10)]
threads = [threading.Thread(target=allocate) for _ in range(12)]
[t.start() for t in threads]
[t.join() for t in threads]
hand_back()
libc = ctypes.CDLL("libc.so.6")
libc.fdopen.restype = ctypes.c_void_p
fd, path = tempfile.mkstemp()
report = libc.fdopen(fd, b"w")
libc.malloc_info(0, ctypes.c_void_p(report))
libc.fclose(ctypes.c_void_p(report))
print(open(path).read().count("<heap nr="))
os.unlink(path)
"""


def _arenas(mode: str) -> int:
    out = subprocess.run([sys.executable, "-c", _THREADS, mode], cwd=ROOT, check=True,
                         capture_output=True, text=True, timeout=120)
    return int(out.stdout.split()[-1])


@pytest.mark.skipif(allocator._glibc() is None, reason="glibc's malloc only")
def test_threads_allocating_at_once_share_at_most_the_arenas_allowed():
    assert _arenas("bound") <= allocator.ARENAS
    assert _arenas("free") > allocator.ARENAS  # the same threads without the bound make more


def test_elsewhere_the_allocator_is_left_alone(monkeypatch):
    allocator.bound_allocator.cache_clear()
    monkeypatch.setattr(allocator, "_glibc", lambda: None)
    assert allocator.bound_allocator() is False
    allocator.hand_back()  # nothing to do, no error
    allocator.bound_allocator.cache_clear()


def test_freed_memory_is_handed_back_once_readers_pause(monkeypatch):
    from ui.serving.activity import script_running

    handed_back = threading.Event()
    monkeypatch.setattr(allocator, "hand_back", handed_back.set)
    allocator.hand_back_in_lulls()
    with script_running():
        pass
    assert handed_back.wait(GUARD_S), "no hand-back after a reader's script ended"
