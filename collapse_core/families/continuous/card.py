"""The continuous family's cards: a bell curve, a mixture of bell curves and a kernel density
estimate, each fitted to 1-D human data from a known source."""

from __future__ import annotations

from collections.abc import Mapping

from collapse_core.families.continuous.detector import ValueDetector
from collapse_core.families.continuous.metrics import (
    RARE_MODE_GONE,
    SPREAD_DOUBLED,
    SPREAD_HALVED,
)
from collapse_core.families.continuous.sources import (
    PRESETS,
    RARE_GROUP_SOURCES,
    continuous_source,
)
from collapse_core.family import Cost, FamilyCard, FilterSetup, Number, Option, Yardstick
from collapse_core.monitor import Alarm

COMPONENTS = 3  # the mixture's bell curves by default
SOURCE_HELP = ("human data for gaussian, mixture, kde (default bell for gaussian, three-modes "
               "otherwise)")
# Compare ranks by the distance from the human data; its charts show the spread, the distance
# and how often the model produces unusual values.
CHARTS = (("std", False), ("wasserstein", False), ("tail_mass", True))


def _source(default: str) -> Option:
    return Option("source", default, SOURCE_HELP, choices=tuple(PRESETS))


def _rare_group_first(options: Mapping) -> tuple[str, Alarm] | None:
    """Where the human data has a rare group, its share picks the typical run."""
    if options.get("source") in RARE_GROUP_SOURCES:
        return "rare_mode_mass", RARE_MODE_GONE
    return None


def _experiment(source: str, new_model, check):
    """The experiment on a preset source; the model's options are checked once, before any run
    starts."""
    from collapse_core.families.continuous.experiment import ContinuousExperiment

    chosen = continuous_source(source)
    check()
    return ContinuousExperiment(chosen, new_model)


def _gaussian(source: str, estimator: str):
    from collapse_core.families.continuous.gaussian import GaussianModel

    return _experiment(source, lambda: GaussianModel(estimator),
                       lambda: GaussianModel(estimator))


def _mixture(source: str, components: int):
    from collapse_core.families.continuous.mixture import MixtureModel

    return _experiment(source, lambda: MixtureModel(components),
                       lambda: MixtureModel(components))


def _kde(source: str, bandwidth):
    from collapse_core.families.continuous.kde import KDEModel

    return _experiment(source, lambda: KDEModel(bandwidth), lambda: KDEModel(bandwidth))


GAUSSIAN = FamilyCard(
    model="gaussian", family="continuous", build=_gaussian,
    options=(_source("bell"),
             Option("estimator", "mle", "gaussian: divide the variance by N (mle, default) or "
                    "N-1 (unbiased)", choices=("mle", "unbiased"))),
    sample_size=100, cost=Cost(0.4e-3, 30e-9), learned_filter_cost=Cost(4.5e-3, 2e-6),
    headline="std", alarm=SPREAD_HALVED, headline_for_options=_rare_group_first,
    detector=ValueDetector, yardstick=Yardstick("wasserstein", False, SPREAD_HALVED),
    compare_charts=CHARTS, filter_setup=FilterSetup((("source", "bell"),), 50, 100, 5),
)
MIXTURE = FamilyCard(
    model="mixture", family="continuous", build=_mixture,
    options=(_source("three-modes"),
             Option("components", COMPONENTS, "mixture: number of bell curves, 1 to 10 "
                    f"(default {COMPONENTS})", type=Number(int, 1, 30))),
    sample_size=1000, cost=Cost(1.0e-3, 0.6e-6), learned_filter_cost=Cost(4e-3, 2.5e-6),
    scales_with=("components",),
    headline="std", alarm=SPREAD_HALVED, headline_for_options=_rare_group_first,
    detector=ValueDetector, yardstick=Yardstick("wasserstein", False, SPREAD_HALVED),
    compare_charts=CHARTS, filter_setup=FilterSetup((("source", "three-modes"),), 50, 100, 5),
)
KDE = FamilyCard(
    model="kde", family="continuous", build=_kde,
    options=(_source("three-modes"),
             Option("bandwidth", "scott", "kde: width of each bump, scott (default), silverman "
                    "or a number")),
    sample_size=1000, cost=Cost(1.0e-3, 50e-9), learned_filter_cost=Cost(5e-3, 2e-6),
    headline="std", alarm=SPREAD_DOUBLED,
    detector=ValueDetector, yardstick=Yardstick("wasserstein", False, SPREAD_DOUBLED),
    compare_charts=CHARTS, filter_setup=FilterSetup((("source", "three-modes"),), 50, 500, 5),
)
CARDS = (GAUSSIAN, MIXTURE, KDE)
