"""Figure builders of the filter page: what got through, whether the detector can tell, the human
data it threw away, and the model with and without it (pure functions, as in ui.figures)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from collapse_core.summary import by_generation
from ui.figures import line, merged, metric_chart, reference_chart, stacked
from ui.i18n import _
from ui.palette import HUMAN

CHANCE = 0.5  # a detector that guesses is right half of the time (balanced accuracy)
RARE_WINDOW = 5  # generations averaged in the lines of the rarest and the other human items
# The rarest human items against the others: Paul Tol's purple and blue (as in Compare).
RARE, COMMON = "#AA3377", "#4477AA"


def nan_median(values: np.ndarray, axis: int | None = None) -> np.ndarray | float:
    """The median leaving out NaN (not measured): NaN where nothing was measured."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an all-NaN slice: NaN, as wanted
        return np.nanmedian(np.asarray(values, float), axis=axis)


def _with_lines(spec: dict, lines: list[dict]) -> dict:
    """A chart with more lines drawn over it."""
    return dict(spec, data=[*spec["data"], *lines])


# The two panels together fit a first screen under the title and its sentence.
FIRST_SCREEN_HEIGHT = 290


def through_chart(metrics: pd.DataFrame, web_ai: np.ndarray) -> dict:
    """The AI-made share of each generation's training set, against the web's before the
    filter (a dashed grey line)."""
    spec = metric_chart(metrics, "ai_share", _("AI-made share of the training set"),
                        percent=True, example_run=None, y_axis=dict(range=[0, 1.02]))
    return _with_lines(spec, [line(np.arange(web_ai.size), web_ai,
                                   name=_("On the web, before the filter"),
                                   line=dict(color=HUMAN, width=3, dash="dash"))])


def accuracy_chart(metrics: pd.DataFrame, metric: str, y_title: str,
                   y_axis: dict | None = None) -> dict:
    """How often the detector is right (with a coin toss's line) over the model's headline
    metric in a panel below: it can only tell them apart once the model has drifted."""
    accuracy = reference_chart(metrics, "detector_accuracy", _("detector right"), CHANCE,
                               _("coin toss"), percent=True,
                               example_run=None, height=FIRST_SCREEN_HEIGHT)
    accuracy["layout"] = merged(accuracy["layout"], dict(yaxis=dict(range=[0, 1.02])))
    model = metric_chart(metrics, metric, y_title, example_run=None,
                         percent=metric == "rare_mode_mass", y_axis=y_axis)
    return stacked(accuracy, model, lower_share=0.4)


def rejected_chart(metrics: pd.DataFrame) -> dict:
    """The share of human items the detector threw away (all of them: median and band), and
    of the rarest and the other human items where they are measured (medians over runs,
    averaged over RARE_WINDOW generations: a generation has only a few rare items, so one
    generation's share jumps between 0% and 100%)."""
    spec = metric_chart(metrics, "human_rejected", _("human data thrown away"), percent=True,
                        example_run=None, y_axis=dict(rangemode="tozero"))
    extra = []
    for metric, name, colour, dash in (
            ("rare_human_rejected", _("The rarest human items (average of {n} generations)"),
             RARE, "dot"),
            ("common_human_rejected", _("The other human items (average of {n} generations)"),
             COMMON, "dash")):
        medians = pd.Series(nan_median(by_generation(metrics, metric), axis=1))
        values = medians.rolling(RARE_WINDOW, center=True, min_periods=1).mean().to_numpy()
        name = name.format(n=RARE_WINDOW)
        if not np.isnan(values).all():
            extra.append(line(np.arange(values.size), values, name=name,
                              line=dict(color=colour, width=3, dash=dash)))
    return _with_lines(spec, extra)


def against_plain_chart(metrics: pd.DataFrame, metric: str, y_title: str,
                        plain: np.ndarray, **kwargs) -> dict:
    """The model's headline metric with the detector (median and band), and the typical run
    of the same runs without any filter (a dashed grey line)."""
    spec = metric_chart(metrics, metric, y_title, example_run=None, **kwargs)
    return _with_lines(spec, [line(np.arange(plain.size), plain, name=_("Without a filter"),
                                   line=dict(color=HUMAN, width=3, dash="dash"))])
