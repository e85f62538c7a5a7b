"""Colours used on every chart: colour-blind-safe, legible on light and dark backgrounds."""

from __future__ import annotations

from plotly.colors import sample_colorscale

# The human source is always this neutral grey, on every page.
HUMAN = "#8c8c8c"
HUMAN_FILL = "rgba(140, 140, 140, 0.35)"
# Early generations are blue, late ones orange (Okabe-Ito hues, safe for colour blindness).
RAMP = [[0.0, "#0072B2"], [0.5, "#CC79A7"], [1.0, "#E69F00"]]
THEORY = "#009E73"
ALARM = "#D55E00"
# Heatmaps: perceptually uniform and colour-blind safe.
HEATMAP = "Cividis"


def generation_colour(generation: int, last: int) -> str:
    """The ramp's colour for a generation, from blue (generation 0) to orange (the last)."""
    return sample_colorscale(RAMP, [generation / max(last, 1)])[0]


def with_alpha(colour: str, alpha: float) -> str:
    """An rgb(...) or #rrggbb colour as rgba with the given opacity."""
    if colour.startswith("#"):
        r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    else:
        r, g, b = (int(float(v)) for v in colour[colour.index("(") + 1 : -1].split(",")[:3])
    return f"rgba({r}, {g}, {b}, {alpha})"
