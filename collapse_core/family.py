"""The written contract of an experiment family: what an experiment provides to the engine, and
the card that tells the rest of the lab about a model by name.

Families and models. A *family* is a folder under collapse_core/families/ (continuous, text,
digits, hiring): its human data, models, metrics, alarms and detector. A *model* is what a
reader or the command line names (gaussian, mixture, kde, markov, digits, hiring). The
continuous family has three models (a bell curve, a mixture of bell curves, a kernel density
estimate) over the same sources, metrics and detector; text, digits and hiring have one each.
So there is one card per model name, and each card names its family, the folder its experiment
comes from. A family's folder holds a `card.py` whose CARDS lists its cards;
collapse_core.families registers the folders.

The engine (runs.py, batch.py, filtering.py, learned_filter.py, recursion.py) uses only what the
Protocols below state; the cards are read by experiments.py (building), work.py (the cost
estimate), cli.py (the options), strategies.ranking (Compare's yardstick) and the UI (the typical
run, the filter page), which keeps only words and figures.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import numpy as np

from collapse_core.monitor import Alarm
from collapse_core.settings import Settings

# --- what an experiment provides --------------------------------------------------------------
# Items are one run's data (a 1-D array of values, an array of images, a text as token ids); a
# batch holds every run's items, indexable by run (batch[i]); a training set is a batch.


@runtime_checkable
class Source(Protocol):
    """Where human data comes from."""

    def original(self, n: int, rng: np.random.Generator) -> Any:
        """One run's original human sample of n items (generation 0's training set)."""

    def human(self, original: Any, n: int, kind: str, rng: np.random.Generator) -> Any:
        """n human items for a later training set: drawn from the run's original sample
        (kind "original") or new from the source ("fresh")."""


@runtime_checkable
class Model(Protocol):
    """A model of many runs at once (one fit per run, each from its own stream)."""

    def fit(self, pools: Any, rngs: list[np.random.Generator]) -> Model:
        """Fit each run's model to its training set (a batch); returns the model."""

    def sample(self, n: int, rngs: list[np.random.Generator], temperature: float = 1.0) -> Any:
        """n items from each run's model, as a batch."""

    def sample_run(self, run: int, n: int, rng: np.random.Generator,
                   temperature: float = 1.0) -> Any:
        """n more items from one run's model (the candidates a learned filter screens)."""


@runtime_checkable
class Detector(Protocol):
    """What a learned filter sees of the items: candidates ("units") judged one by one, their
    features, a classifier, and which human ones are rare (see collapse_core.detectors)."""

    def units(self, items: Any) -> Any:
        """The candidates in one run's items."""

    def pick(self, units: Any, index: np.ndarray) -> Any:
        """Some of the units, in the given order."""

    def join(self, parts: list) -> Any:
        """Units of several parts, one after the other."""

    def sizes(self, units: Any) -> np.ndarray:
        """How many items each unit is."""

    def assemble(self, units: Any, n: int) -> Any:
        """One run's training set: the first n items of the units."""

    def features(self, units: Any) -> Any:
        """The classifier's input, a row per unit."""

    def classifier(self, seed: int) -> Any:
        """An unfitted scikit-learn classifier."""

    def log_odds(self, classifier: Any, x: Any) -> np.ndarray:
        """log P(AI-made) / P(human) of each row under the fitted classifier."""

    def is_rare(self, units: Any) -> np.ndarray:
        """Which (human) units count as rare."""


@runtime_checkable
class Experiment(Protocol):
    """A model family's experiment, as the engine runs it (collapse_core.runs)."""

    source: Source
    detector: Detector  # for the learned filter
    item_bytes: int  # memory of one item, to bound what runs hold (collapse_core.recursion)

    def new_model(self) -> Model:
        """A fresh, unfitted model of many runs."""

    def stack(self, items: list) -> Any:
        """The runs' items as one batch."""

    def take(self, batch: Any, n: int) -> Any:
        """The first n items of every run."""

    def concat(self, parts: list) -> Any:
        """Every run's training set from several batches, one after the other."""

    def measure(self, model: Model, produced: Any, original: Any) -> dict[str, np.ndarray]:
        """The generation's metrics, one value per run (the output's columns)."""

    def snapshot(self, model: Model, produced: Any, original: Any, run: int) -> Any:
        """What to keep of one run's generation to draw it."""

    def collect(self, snapshots: list, original: Any) -> dict:
        """The drawn run's snapshots (and its original sample) as Result.example."""


# --- what a card holds ------------------------------------------------------------------------


@dataclass(frozen=True)
class Number:
    """A command-line type: kind(text) within [low, high] (or (low, high] if low_open), with a
    one-line message otherwise."""

    kind: type
    low: float | None = None
    high: float | None = None
    low_open: bool = False

    def __call__(self, text: str):
        try:
            value = self.kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{text!r} is not a valid {self.kind.__name__}") from None
        low, high = self.low, self.high
        too_low = low is not None and (value <= low if self.low_open else value < low)
        if too_low or (high is not None and value > high) or value != value:
            bounds = (f"{'more than' if self.low_open else 'at least'} {low}"
                      if low is not None else "")
            bounds += f"{' and ' if bounds else ''}at most {high}" if high is not None else ""
            raise argparse.ArgumentTypeError(f"{text} is out of range: must be {bounds}")
        return value


@dataclass(frozen=True)
class Option:
    """One of a model's own options: its keyword (build's, and --keyword-with-dashes on the
    command line), its default, and how the command line takes it."""

    name: str
    default: object
    help: str = ""  # the command line's words; "" keeps it off the command line
    type: Callable[[str], object] | None = None  # parses the command line's text
    choices: tuple | None = None

    @property
    def flag(self) -> str:
        """The command line's flag."""
        return "--" + self.name.replace("_", "-")

    @property
    def switch(self) -> bool:
        """Whether it is on or off (off by default): a flag without a value."""
        return self.default is False


@dataclass(frozen=True)
class Cost:
    """CPU seconds of one generation of one run at the model's default options: a fixed part
    (fit, sample, measure) and a part per item."""

    fixed: float
    per_item: float


@dataclass(frozen=True)
class Yardstick:
    """What Compare ranks strategies by: a metric's final value, which way is better, the
    warning line it counts runs crossing; its words are the UI's."""

    metric: str
    higher_is_better: bool
    alarm: Alarm
    percent: bool = False  # shown as a percentage
    caveats: tuple[str, ...] = ()  # strategies the measure treats unfairly (the UI says why)
    # The metric whose generation-0 median the warning line is relative to (None: the alarm's
    # own metric).
    reference: str | None = None


@dataclass(frozen=True)
class FilterSetup:
    """How the filter page runs the model: its options (the human data) and the page's default
    generations, sample size and runs (small enough for the learned detector's cost)."""

    options: tuple[tuple[str, object], ...]
    generations: int
    sample_size: int
    runs: int


@dataclass(frozen=True)
class FamilyCard:
    """Everything the lab knows about a model by name (see the module's docstring)."""

    model: str  # the name readers, links and the command line use
    family: str  # its folder under collapse_core/families
    build: Callable[..., Experiment]  # build(**options), every option given
    options: tuple[Option, ...]
    sample_size: int  # the default N
    cost: Cost  # per generation of one run (see collapse_core.work)
    learned_filter_cost: Cost | None  # what the learned detector adds to it (None: no detector)
    headline: str  # the metric whose final value picks the typical run to draw
    alarm: Alarm  # the warning line on the headline metric
    detector: type | None  # its Detector, for the filters (None: the learned filter is refused)
    # Options whose value above its default multiplies the work (a bigger model).
    scales_with: tuple[str, ...] = ()
    # Options under which another metric (and its alarm) picks the typical run, else None.
    headline_for_options: Callable[[Mapping], tuple[str, Alarm] | None] | None = None
    yardstick: Yardstick | None = None  # None: not offered on Compare
    # Compare's charts: (metric, shown as a percentage), the first the yardstick's family's
    # most telling; their words are the UI's.
    compare_charts: tuple[tuple[str, bool], ...] = ()
    filter_setup: FilterSetup | None = None  # None: not offered on the filter page
    # Compare's strategies (collapse_core.strategies.Strategy, which may set options as well as
    # settings); empty: the lab's STRATEGIES and FILTER_STRATEGIES.
    strategies: tuple = ()
    # Refuses, with a ValueError naming the knob, settings the model cannot honour under these
    # options (every option given); None: it honours any.
    check: Callable[[Settings, Mapping], None] | None = None

    def defaults(self) -> dict[str, object]:
        """Every option's default."""
        return {option.name: option.default for option in self.options}

    def experiment(self, **given) -> Experiment:
        """The experiment with these options (None: the default), the rest at their defaults."""
        values = self.defaults()
        values.update({k: v for k, v in given.items() if v is not None})
        return self.build(**values)

    def check_settings(self, settings: Settings, options: Mapping) -> None:
        """Refuse, with a ValueError naming the knob, settings this model cannot honour under
        these options (None or left out: the default)."""
        if self.detector is None and settings.filter in ("learned", "detect"):
            raise ValueError(f"{self.model} has no learned detector; use the ideal filter or "
                             "none")
        if self.check is not None:
            values = self.defaults()
            values.update({k: v for k, v in options.items() if v is not None and k in values})
            self.check(settings, values)

    def headline_of(self, options: Mapping) -> tuple[str, Alarm]:
        """The metric that picks the typical run under these options, and its warning line."""
        special = self.headline_for_options(options) if self.headline_for_options else None
        return special or (self.headline, self.alarm)

    def size_factor(self, options: Mapping) -> float:
        """How many times its default's work a bigger model does (at least 1)."""
        defaults = self.defaults()
        return math.prod(max(1.0, options[name] / defaults[name]) for name in self.scales_with
                         if options.get(name) is not None)
