"""The models' own knobs, shared by every page that offers them (same keys everywhere)."""

from collapse_core.sources import PRESETS
from ui.knobs import Knob

SOURCE = Knob("src", "Human data", "The real distribution the first model learns from.",
              "bell", widget="selectbox", options=tuple(PRESETS),
              labels=("One bell curve", "Three groups (one rare)", "Majority and minority",
                      "Rare extremes (heavy tail)"))
ESTIMATOR = Knob("est", "How the bell curve is fitted", "Maximum likelihood divides the "
                 "variance by N, the unbiased estimate by N-1 (bell curve model only).", "mle",
                 widget="radio", options=("mle", "unbiased"),
                 labels=("Maximum likelihood", "Unbiased"))
COMPONENTS = Knob("k", "Bell curves in the mixture", "How many bumps the mixture model may "
                  "use (mixture model only).", 3, low=1, high=10, step=1)
BANDWIDTH = Knob("bw", "Bump width (bandwidth)", "How wide a bump the model puts on every "
                 "data point. Scott's and Silverman's rules pick it from the data's spread; a "
                 "number fixes it.", "scott", widget="select_slider",
                 options=("0.05", "0.1", "0.2", "0.3", "0.5", "1.0", "scott", "silverman"),
                 labels=("0.05", "0.1", "0.2", "0.3", "0.5", "1.0", "Scott's rule",
                         "Silverman's rule"))
CORPUS = Knob("c", "Human text", "The human-written text the first model learns from.", "kjv",
              widget="selectbox", options=("kjv", "python-docs"),
              labels=("King James Bible", "Python's documentation"))
