"""Data loaded once (collapse_core.once): threads that ask at the same moment share one load."""

from __future__ import annotations

import contextlib
import functools
import threading

import pytest

from collapse_core.once import loaded_once


def _loads_when_asked_at_once(cache) -> list[int]:
    """How many loads two threads asking at once start: each load waits (up to 2 s) for a
    second load to start beside it, which only an unlocked cache lets happen."""
    loads = []
    beside = threading.Barrier(2)

    @cache
    def load(name: str) -> str:
        loads.append(1)
        with contextlib.suppress(threading.BrokenBarrierError):
            beside.wait(timeout=2)
        return name.upper()

    threads = [threading.Thread(target=load, args=("words",)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert load("words") == "WORDS" and load.cache_info().currsize == 1
    return loads


def test_threads_asking_at_once_wait_for_one_load():
    assert len(_loads_when_asked_at_once(loaded_once)) == 1
    assert len(_loads_when_asked_at_once(functools.cache)) == 2  # what it prevents


def test_it_caches_by_argument_and_can_be_cleared():
    calls = []

    @loaded_once
    def load(name: str) -> str:
        calls.append(name)
        return name * 2

    assert [load("a"), load("b"), load("a")] == ["aa", "bb", "aa"]
    assert calls == ["a", "b"]
    load.cache_clear()
    assert load("a") == "aa" and calls == ["a", "b", "a"]


def test_a_failed_load_is_tried_again():
    attempts = []

    @loaded_once
    def load() -> int:
        attempts.append(1)
        if len(attempts) == 1:
            raise ImportError("not installed")
        return 7

    with pytest.raises(ImportError):
        load()
    assert load() == 7 and len(attempts) == 2
