"""Data loaded once per process, however many threads ask for it at the same moment."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def loaded_once(load: Callable[..., T]) -> Callable[..., T]:
    """`load` cached by its arguments like functools.cache (with its cache_info and
    cache_clear), except that callers who ask while it loads wait for that load.

    functools.cache lets each of them load its own copy: thirty readers opening the neural
    page's Chinese words at once each parsed jieba's dictionary (some 120 MB of Python objects
    while it lasts), and a class's server rose past 750 MB.
    """
    cached = functools.cache(load)
    lock = threading.Lock()

    @functools.wraps(load)
    def once(*args, **kwargs):
        with lock:
            return cached(*args, **kwargs)

    once.cache_info, once.cache_clear = cached.cache_info, cached.cache_clear
    return once
