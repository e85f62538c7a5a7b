"""Answers handed to every reader of a link: made once, shared read-only, bounded in bytes.

st.cache_data would hand each reader a copy (it unpickles the value on every hit, and hashes
the arguments with md5 first): for a comparison, a sixth of the page's server time. Nothing a
page does changes an answer (tests/test_serving.py checks), so one object serves everyone.
"""

from __future__ import annotations

import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable


class SharedAnswers:
    """A least-recently-used store of answers by key, each made once (a reader who asks while
    it is being made waits for it) and kept while their pickled sizes fit in `max_bytes`."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._kept: OrderedDict[Hashable, tuple[object, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._making: dict[Hashable, threading.Lock] = {}

    def __repr__(self):
        return f"SharedAnswers({len(self._kept)} kept, {self._bytes} of {self.max_bytes} bytes)"

    def kept(self, key: Hashable):
        """The answer kept under `key`, or None."""
        with self._lock:
            found = self._kept.get(key)
            if found is None:
                return None
            self._kept.move_to_end(key)
            return found[0]

    def get(self, key: Hashable, make: Callable[[], object]):
        """The answer under `key`, made by make() if it is not kept."""
        if (found := self.kept(key)) is not None:
            return found
        with self._lock:
            making = self._making.setdefault(key, threading.Lock())
        with making:
            with self._lock:
                if key in self._kept:  # made by another reader while this one waited
                    return self._kept[key][0]
            try:
                value = make()
            finally:
                with self._lock:
                    self._making.pop(key, None)
            self._keep(key, value, len(pickle.dumps(value, pickle.HIGHEST_PROTOCOL)))
            return value

    def _keep(self, key: Hashable, value: object, size: int) -> None:
        with self._lock:
            if size > self.max_bytes or key in self._kept:
                return
            self._kept[key] = (value, size)
            self._bytes += size
            while self._bytes > self.max_bytes:
                _key, (_value, dropped) = self._kept.popitem(last=False)
                self._bytes -= dropped

    def clear(self) -> None:
        """Forget every answer (as st.cache_data.clear() does for the caches)."""
        with self._lock:
            self._kept.clear()
            self._bytes = 0
