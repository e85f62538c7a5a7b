"""Keep Python's garbage collector from pausing reruns.

A full collection walks every object the collector tracks: with streamlit, pandas, plotly and
scikit-learn loaded that is some 200,000 objects and about 0.1 s, and the server ran one
every second or two of reruns (0.1 s on top of a 0.1 s rerun). Almost all of those objects
are modules, classes and functions that live as long as the process, so once a page has run
for the first time (its imports done) gc.freeze() moves everything alive to a permanent
generation that collections skip. At most once per page per process: what is frozen is
never collected, so freezing on every rerun would keep each rerun's cyclic garbage forever.
"""

from __future__ import annotations

import gc

_pages_run: set[str] = set()


def freeze_after_first_run(page: str) -> None:
    """Freeze the objects alive now if `page` has just run for the first time."""
    if page not in _pages_run:
        _pages_run.add(page)
        gc.freeze()
