"""Warming a new server process: what pages load once (the lab's modules, scikit-learn, the
Chinese catalogue, each model's data and first fits) is loaded in the background once the first
page has been drawn, so that no reader's first visit to another page waits for it.

Not before the first page is drawn: one thread importing holds the interpreter's lock for
about half of the time, which would slow the first reader's page by as much. Each step waits
until no reader's script is running (at most GIVE_WAY_S), so readers still come first.
Warming costs a few CPU seconds once per process (scikit-learn's import and a corpus are most).
Last, it computes what the lesson's links show (ui.lesson_runs), a slice at a time, so that a
class's first open of each link is answered from the shared cache: only while the server is
quiet (no reader's script for QUIET_S), since it is many CPU seconds that a class arriving at a
new server must not have to share.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
import threading
import time
from collections.abc import Callable, Iterator
from functools import partial

from streamlit import config
from streamlit.runtime import Runtime

import collapse_core
import ui
from collapse_core import MODELS, Settings, build_experiment, simulate
from collapse_core.families import card_of
from ui.i18n import LANGUAGES, catalogue
from ui.lesson_runs import lesson_computations
from ui.serving import compute
from ui.serving.activity import wait_until_idle, wait_until_quiet
from ui.serving.background import SLICE_S

# What the engine imports only when a model first needs it (each takes up to seconds).
LAZY_IMPORTS = ("sklearn.mixture", "sklearn.linear_model", "sklearn.naive_bayes",
                "sklearn.datasets", "sklearn.model_selection")
# The longest a step waits for the readers' scripts to end: on a busy server, warming goes on
# in the gaps between them, and only slowly while they never end.
GIVE_WAY_S = 10.0
# The lesson's runs are computed only once no reader's script has run for this long: in a
# class's bursts and explorations the gaps between scripts are far shorter.
QUIET_S = 2.0
# A model's first run, as small as runs go: it loads the model's data and imports what it
# fits with, plain and with the learned filter (which trains a classifier).
_TINY = Settings(generations=2, sample_size=50, runs=1)
_TINY_FILTERED = Settings(generations=2, sample_size=50, runs=1, human_fraction=0.5,
                          human_data="fresh", filter="learned")

# Data a page loads on first use besides its model's default: the Chinese words, the neural
# page's list for a Chinese reader (jieba's dictionary: about half a CPU second).
OTHER_DATA = (("neural", {"corpus": "zh-words"}),)

logger = logging.getLogger(__name__)
_lock = threading.Lock()
_thread: threading.Thread | None = None


def warm_up() -> None:
    """Start warming the process in a background thread (the first call under a server only,
    not in AppTest: tests count what the engine computes)."""
    global _thread
    with _lock:
        if _thread is None and Runtime.exists() and not config.get_option("global.appTest"):
            _thread = threading.Thread(target=_warm, name="ui.serving.warm", daemon=True)
            _thread.start()


def steps() -> Iterator[Callable[[], object]]:
    """The warming steps, in order: each loads one thing that some page loads once."""
    for package in (ui, collapse_core):
        for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if not module.name.endswith(".__main__"):  # that one runs the command line
                yield partial(importlib.import_module, module.name)
    for name in LAZY_IMPORTS:
        yield partial(importlib.import_module, name)
    for language in LANGUAGES:
        yield partial(catalogue, language)
    for model in MODELS:  # with the learned filter too, where the family has a detector
        for settings in (_TINY, _TINY_FILTERED)[: 2 if card_of(model).detector else 1]:
            yield partial(_first_run, model, settings)
    for model, options in OTHER_DATA:
        yield partial(_first_run, model, _TINY, **options)
    for kind, args in lesson_computations():
        yield partial(_ahead, kind, args)


def _first_run(model: str, settings: Settings, **options) -> None:
    simulate(build_experiment(model, **options), settings)


_AHEAD = {"simulation": compute.simulation_ahead, "comparison": compute.comparison_ahead}


def _ahead(kind: str, args: tuple) -> None:
    """Compute what a page's `simulation` or `comparison` with these arguments answers, a slice
    at a time, each once the server is quiet."""
    wait_until_quiet(QUIET_S)
    while not _AHEAD[kind](*args, time.perf_counter() + SLICE_S):
        wait_until_quiet(QUIET_S)


def _warm() -> None:
    for step in steps():
        wait_until_idle(GIVE_WAY_S)
        try:
            step()
        except Exception:  # a page that needs it meets the same error and explains it
            logger.exception("warming step %r failed", step)
