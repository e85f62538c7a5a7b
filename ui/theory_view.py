"""Closed-form theory beside the simulation, where a closed form exists."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from collapse_core.settings import Settings
from collapse_core.theory import (
    NoClosedForm,
    expected_variance,
    kde_expected_spread,
    typical_variance,
)
from ui.i18n import _, language
from ui.schedule_view import learns_from_humans


def gaussian_theory(
    model: str, source: str, estimator: str, settings: Settings
) -> tuple[dict[str, np.ndarray] | None, str]:
    """Theory curves for the spread chart (as standard deviations) and a sentence about them
    (shared: do not change them)."""
    return _gaussian_theory(model, source, estimator, settings, language())


@lru_cache(maxsize=64)  # every view of a link asks the same; a few hundred numbers each
def _gaussian_theory(model: str, source: str, estimator: str, settings: Settings,
                     _language: str) -> tuple[dict[str, np.ndarray] | None, str]:
    if model != "gaussian" or source != "bell":
        return None, _("No theory line is drawn: exact formulas exist only for one bell curve "
                       "learning from one bell curve.")
    g, n = settings.generations, settings.sample_size
    try:
        average = expected_variance(
            g, n, estimator=estimator, temperature=settings.temperature, scheme=settings.scheme,
            fresh_fraction=settings.human_fraction, human_data=settings.human_data,
            fresh_fraction_end=settings.human_fraction_end,
            ramp_generations=settings.ramp_generations,
        )
    except NoClosedForm as reason:
        return None, _("No theory line is drawn: {reason}").format(reason=_(str(reason)))
    curves = {_("Theory: average run"): np.sqrt(average)}
    plain = (settings.scheme == "replace" and settings.temperature == 1.0
             and not learns_from_humans(settings))
    if plain:
        curves[_("Theory: typical run")] = np.sqrt(typical_variance(g, n, estimator))
    if plain and estimator == "unbiased":
        note = _("The green lines are theory. The *average* spread stays put, yet almost every "
                 "run shrinks (the typical-run line): a few runs that explode hold the average "
                 "up.")
    elif plain:
        note = _("The green lines are theory: the average variance shrinks by a factor (N-1)/N "
                 "= {factor} each generation, and a typical run shrinks faster.").format(
                     factor=f"{(n - 1) / n:.3f}")
    else:
        note = _("The green line is theory: what the average run should do with these "
                 "settings.")
    return curves, note


def kde_theory(
    source: str, bandwidth: str, settings: Settings
) -> tuple[dict[str, np.ndarray] | None, str]:
    """The fixed-bandwidth blur formula as a theory line, where it applies."""
    simple = (source == "bell" and settings.scheme == "replace" and settings.temperature == 1.0
              and not learns_from_humans(settings))
    if not simple or bandwidth in ("scott", "silverman"):
        return None, _("No theory line is drawn: the exact formula covers a fixed bump width "
                       "on one bell curve, with no human data, no accumulation and "
                       "temperature 1.")
    variance = kde_expected_spread(settings.generations, settings.sample_size, float(bandwidth))
    note = _("The green line is theory: each generation adds one bump width of blur, so the "
             "average spread keeps growing.")
    return {_("Theory: average run"): np.sqrt(variance)}, note
