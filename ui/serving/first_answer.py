"""Answering first: a reader's script computes for a moment, shows what it has, and the page
fills in by itself as the rest is finished in the background (ui.serving.background).

The moment is ALONE_S when the server is otherwise idle and QUICK_S when other readers'
scripts are waiting for the core: while a script computes, Streamlit greys the page, so a new
setting shows what it has almost at once rather than a grey page for seconds. (Without a
limit, as in the tests, a long computation shows a progress bar.)
"""

from __future__ import annotations

import time
from collections.abc import Callable

import streamlit as st

from ui import link
from ui.i18n import _
from ui.serving.activity import scripts_running, this_session
from ui.serving.background import FINISHER

# A first answer takes at most this long while other readers' scripts are running, and at
# most ALONE_S (None: no limit, as in the tests) on an otherwise idle server.
QUICK_S = 0.02
ALONE_S: float | None = 0.3
_SLICE_S = 0.01  # between looks at the clock and at the other readers
# A progress bar appears only once a first answer has taken this long.
PROGRESS_AFTER_S = 0.5
_PROGRESS_STEPS = 20
_POLL_S = 1.0  # how often a page that is still filling in looks for more
# Streamlit's own icon font: an emoji hourglass is an empty box where no emoji font is.
WAIT_ICON = ":material/hourglass_top:"


def progress_bar(text: str) -> tuple[Callable[[float], None], Callable[[], None]]:
    """A progress bar's update function (lazy and throttled) and a function that removes it."""
    started = time.perf_counter()
    bar, shown = None, 0

    def update(fraction: float) -> None:
        nonlocal bar, shown
        if bar is None and time.perf_counter() - started < PROGRESS_AFTER_S:
            return
        step = int(fraction * _PROGRESS_STEPS)
        if bar is None:
            shown, bar = step, st.progress(fraction, text=f"{text} {fraction:.0%}")
        elif step > shown:
            shown = step
            bar.progress(fraction, text=f"{text} {fraction:.0%}")

    def remove() -> None:
        if bar is not None:
            bar.empty()

    return update, remove


def busy() -> bool:
    """Whether other readers' scripts are running now (a first answer must be quick)."""
    return ALONE_S is not None and scripts_running() > 1


def for_a_moment(advance: Callable[[float], bool | None], done: Callable[[], float],
                 shown: Callable[[], bool], text: str) -> bool:
    """Compute for as long as a first answer may take, with a progress bar (`done`: the share
    done) if it takes a while; whether all is done. advance(deadline) works until the
    deadline and says whether all is done, or None if another thread holds the work now. Stops
    only once there is something to show."""
    started = time.perf_counter()
    update, remove = progress_bar(text)
    try:
        while True:
            finished = advance(time.perf_counter() + _SLICE_S)
            if finished:
                return True
            if finished is None:  # look again in a moment
                time.sleep(_SLICE_S)
            update(done())
            elapsed = time.perf_counter() - started
            if ALONE_S is not None and shown() and (
                    elapsed >= ALONE_S or (busy() and elapsed >= QUICK_S)):
                return False
    finally:
        remove()


# --- while the rest is computed ----------------------------------------------------------------


def still_computing(key, done: Callable[[], int], total: int, notice: str | None = None
                    ) -> None:
    """Say that the page shows a first answer (`notice`, or generations 0..done() of total),
    and redraw the page as the rest arrives: a small fragment looks every _POLL_S."""
    at_first = max(done(), 0)
    if notice is None:
        notice = (_("This is a big experiment for a shared server: generation 0 of {total} "
                    "is shown, and the rest appear by themselves as they are computed.")
                  if at_first == 0 else
                  _("This is a big experiment for a shared server: generations 0 to {done} "
                    "of {total} are shown, and the rest appear by themselves as they are "
                    "computed."))
    st.info(notice.format(done=at_first, total=total), icon=WAIT_ICON)
    st.fragment(_look_again, run_every=_POLL_S)(key, done, total, at_first)


def _look_again(key, done: Callable[[], int], total: int, at_first: int) -> None:
    """Tell the background work a reader still waits, and redraw the page once it is done or
    a quarter further on."""
    unfinished = FINISHER.wanted(key, this_session())
    now = done()
    if now >= total or not unfinished or now - at_first >= max(1, total // 4):
        link.rerun_page()
