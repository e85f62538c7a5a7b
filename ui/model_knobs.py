"""The models' own knobs, shared by every page that offers them (same keys everywhere)."""

from collapse_core.families.continuous.sources import PRESETS
from ui.i18n import N_
from ui.knobs import Knob

CONTINUOUS_MODEL = Knob("m", N_("Model"), N_("One bell curve, or a mixture of several bell "
                        "curves."), "gaussian", widget="radio", options=("gaussian", "mixture"),
                        labels=(N_("One bell curve"), N_("Mixture of bell curves")))
SOURCE = Knob("src", N_("Human data"), N_("The real distribution the first model learns from."),
              "bell", widget="selectbox", options=tuple(PRESETS),
              labels=(N_("One bell curve"), N_("Three groups (one rare)"),
                      N_("Majority and minority"), N_("Rare extremes (heavy tail)")))
ESTIMATOR = Knob("est", N_("How the bell curve is fitted"), N_("Maximum likelihood divides the "
                 "variance by N, the unbiased estimate by N-1 (bell curve model only)."), "mle",
                 widget="radio", options=("mle", "unbiased"),
                 labels=(N_("Maximum likelihood"), N_("Unbiased")))
COMPONENTS = Knob("k", N_("Bell curves in the mixture"), N_("How many bumps the mixture model "
                  "may use (mixture model only)."), 3, low=1, high=10, step=1)
BANDWIDTH = Knob("bw", N_("Bump width (bandwidth)"), N_("How wide a bump the model puts on "
                 "every data point. 'From the data' picks it from the data's spread (Scott's "
                 "or Silverman's rule); a number fixes it."), "scott", widget="select_slider",
                 options=("0.05", "0.1", "0.2", "0.3", "0.5", "1.0", "scott", "silverman"),
                 labels=("0.05", "0.1", "0.2", "0.3", "0.5", "1.0",
                         N_("From the data (Scott's rule)"),
                         N_("From the data, robust (Silverman's rule)")),
                 former=((N_("Scott's rule"), "scott"), (N_("Silverman's rule"), "silverman")))
CORPUS = Knob("c", N_("Human text"), N_("The human-written text the first model learns from."),
              "kjv", widget="selectbox", options=("kjv", "python-docs"),
              labels=(N_("King James Bible"), N_("Python's documentation")))


def continuous_model(knobs: dict) -> tuple[str, dict]:
    """The bell curve model the knobs choose, and its options."""
    if knobs["m"] == "gaussian":
        return "gaussian", {"source": knobs["src"], "estimator": knobs["est"]}
    return "mixture", {"source": knobs["src"], "components": knobs["k"]}
