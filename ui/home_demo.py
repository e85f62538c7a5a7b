"""The home page's live demo: one cached run of a bell curve copying itself, one generation shown.

The run is computed once, at the largest number of generations (and cached for every reader);
the slider only picks which generation to draw, so moving it never recomputes anything.
"""

from __future__ import annotations

from collapse_core import Result, Settings
from collapse_core.families.continuous.sources import continuous_source
from ui.captions import share
from ui.figures import DENSITY_HEIGHT, density_top, human_area, layout, line
from ui.i18n import _, ngettext
from ui.palette import generation_colour
from ui.serving.compute import run_or_explain

LAST = 100
SOURCE = "bell"
# 50 points per generation forget fast enough to see in a minute. Seed 1 is a run that stays
# close to the typical (median) path, so the first thing a visitor sees is not a fluke.
SETTINGS = Settings(generations=LAST, sample_size=50, seed=1)
DEMO = ("gaussian", {"source": SOURCE}, SETTINGS)  # the model, its options and settings
# The page says the human data are people's heights: the standard bell curve's axis is labelled
# in centimetres (an average of 170 and a typical difference of 10, as for adults).
HEIGHT_CM, SPREAD_CM = 170, 10
TICKS = (-4, -2, 0, 2, 4)


def demo_result() -> Result | None:
    """The whole cached run, generations 0..LAST (None, with a message, if it cannot run)."""
    return run_or_explain(*DEMO)


def generation_figure(example: dict, generation: int) -> dict:
    """The human bell curve in grey and one generation's model over it (the axis of
    figures.density_top: the human data fills most of it until the model's curve outgrows it)."""
    edges, density = example["edges"], example["density"]
    human = example["source_density"]
    centres = 0.5 * (edges[:-1] + edges[1:])
    last = density.shape[0] - 1
    curve = density[generation]
    top = density_top(example, generation)
    return dict(
        data=[
            human_area(centres, human),  # one bell, readable whole: not magnified
            line(centres, curve, name=_("Model, generation {g}").format(g=generation),
                 line=dict(color=generation_colour(generation, last), width=4)),
        ],
        layout=layout(
            height=DENSITY_HEIGHT, x_title=_("height (cm)"), y_title=_("how common"),
            hovermode=False,
            xaxis=dict(range=[edges[0], edges[-1]], fixedrange=True, tickvals=TICKS,
                       ticktext=[f"{HEIGHT_CM + SPREAD_CM * t}" for t in TICKS]),
            yaxis=dict(range=[0, top], fixedrange=True, showticklabels=False),
        ),
    )


def generation_alt(result: Result, generation: int) -> str:
    """Alt text for the chart: what the two curves look like."""
    ratio = _spread_ratio(result, generation)
    if ratio < 0.97:
        return _("A grey bell curve of the human data and a coloured curve of the model at "
                 "generation {g}, which is narrower than the grey one.").format(g=generation)
    if ratio > 1.03:
        return _("A grey bell curve of the human data and a coloured curve of the model at "
                 "generation {g}, which is wider than the grey one.").format(g=generation)
    return _("A grey bell curve of the human data and a coloured curve of the model at "
             "generation {g}, which is about as wide as the grey one.").format(g=generation)


def generation_sentence(result: Result, generation: int) -> str:
    """One plain sentence, computed from the run, about the chosen generation."""
    row = result.metrics.iloc[generation]
    spread = share(_spread_ratio(result, generation))
    tail = float(row["tail_mass"])
    unusual = (_("almost never") if tail < 0.001 else
               _("{share} of the time").format(share=share(tail)))
    if generation == 0:
        return _("At generation 0 the model has learned straight from the human data: its "
                 "spread is {spread} of theirs, and unusual values (1 in 20 for people) come up "
                 "{unusual}.").format(spread=spread, unusual=unusual)
    # Short enough for one line under the chart, which keeps it on a laptop's first screen.
    return ngettext(
        "After {g} generation, the model's spread is **{spread}** of the human data's, and "
        "unusual values (1 in 20 for people) come up **{unusual}**.",
        "After {g} generations, the model's spread is **{spread}** of the human data's, and "
        "unusual values (1 in 20 for people) come up **{unusual}**.", generation).format(
        g=generation, spread=spread, unusual=unusual)


def _spread_ratio(result: Result, generation: int) -> float:
    """The model's spread at a generation as a share of the human data's spread."""
    human = continuous_source(SOURCE).distribution.std
    return float(result.metrics["std"].iloc[generation]) / human
