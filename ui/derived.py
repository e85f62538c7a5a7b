"""What pages derive from a shared answer (its tables, sentences, verdicts), made once per answer
and language: every reader of a link is handed the same answer object, which nobody changes, so
what each reader's page would compute again on every rerun is read instead."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from ui.i18n import language

T = TypeVar("T")

# Per function, the answers whose derivations are kept. An entry holds its answer (so that no
# other object can take its id meanwhile): a few answers, a bounded memory.
KEPT = 8
_MISSING = object()


def _frozen(value):
    """A hashable stand-in for an argument (a dict of labels becomes its items)."""
    return tuple(value.items()) if isinstance(value, dict) else value


def derived(fn: Callable[..., T]) -> Callable[..., T]:
    """fn(answer, *args), computed once per answer object, arguments and reader's language
    (readers who ask while it is computed wait for it). Its value is shared: do not change it."""
    kept: OrderedDict[tuple, list] = OrderedDict()
    lock = threading.Lock()

    @wraps(fn)
    def once(answer, *args):
        key = (id(answer), tuple(_frozen(a) for a in args), language())
        with lock:
            entry = kept.get(key)
            if entry is None:
                entry = kept[key] = [answer, threading.Lock(), _MISSING]
                while len(kept) > KEPT:
                    kept.popitem(last=False)
            else:
                kept.move_to_end(key)
        with entry[1]:
            if entry[2] is _MISSING:
                entry[2] = fn(answer, *args)
        return entry[2]

    return once
