"""What the rest of the lab needs to know about the hiring family, in one place (its card):
how to build it, its options, its cost, its headline metric, its alarm and Compare's yardstick.
"""

from __future__ import annotations

from dataclasses import dataclass

from collapse_core.families.hiring.experiment import HiringExperiment
from collapse_core.families.hiring.population import MAX_BIAS
from collapse_core.messages import N_
from collapse_core.monitor import Alarm

NAME = "hiring"


@dataclass(frozen=True)
class Option:
    """One option of the family: its name in build(), its kind, default, range and help."""

    name: str
    kind: type  # float, str or bool (a flag)
    default: object
    help: str
    low: float | None = None  # with low_open: low < value
    high: float | None = None
    low_open: bool = False
    choices: tuple[str, ...] = ()

    @property
    def flag(self) -> str:
        """The command line's spelling, e.g. --minority-share."""
        return "--" + self.name.replace("_", "-")


OPTIONS = (
    Option("minority_share", float, 0.2, "the smaller group's share of the applicants, more "
           "than 0 and at most 0.5 (default 0.2)", low=0.0, high=0.5, low_open=True),
    Option("labels", str, "argmax", "how the model decides: argmax hires whenever yes is "
           "likelier (as deployed systems do; default), sample hires with the model's own "
           "probability (calibrated; --temperature sharpens or softens it)",
           choices=("argmax", "sample")),
    Option("sees_group", bool, False, "the model reads the applicant's group as well as the "
           "score (default: the score only)"),
    Option("rebalance", bool, False, "weight every training set so that each group and "
           "decision counts the same (Wyllie et al.'s stratified reparation)"),
    Option("leave", bool, False, "people leave: a group the model wrongly turns away applies "
           "less the next year (Hashimoto et al. 2018)"),
    Option("bias", float, 0.0, f"a historical bias: log-odds taken off the smaller group's "
           f"chances in the people's decisions, 0 to {MAX_BIAS:g} (default 0: a fair truth)",
           low=0.0, high=MAX_BIAS),
)
DEFAULTS = {option.name: option.default for option in OPTIONS}
DEFAULT_SAMPLE_SIZE = 1000
# CPU seconds of one generation of one run at the defaults: a fixed part and a part per item,
# measured with benchmarks/bench_hiring.py on a busy 2-core machine (0.19 ms + 0.33 us with
# 20 runs together, 1.2 ms a run-generation for one run alone at N = 1000), rounded up.
GENERATION_COST = (0.5e-3, 1.0e-6)
HEADLINE = "yes_rate_minority"  # its final value picks the typical run
# The warning line is half the people's rate for the smaller group (ALARM_REFERENCE at
# generation 0), not half of the model's own first rate, which may start at zero.
ALARM = Alarm("yes_rate_minority", "below", 0.5,
              N_("the model hired under half as many of the smaller group as people would"),
              N_("a hiring rate for the smaller group under half the people's"))
ALARM_REFERENCE = "human_yes_rate_minority"
# What Compare ranks strategies by, and which way is better.
YARDSTICK = ("yes_rate_minority", N_("share of the smaller group hired"), True)
DETECTOR = None  # a decision the model made looks like one a person made: no learned filter


def build(**options) -> HiringExperiment:
    """The experiment with these options (the others at their defaults); clear ValueErrors."""
    unknown = set(options) - set(DEFAULTS)
    if unknown:
        raise ValueError(f"hiring has no option {sorted(unknown)[0]!r}")
    return HiringExperiment(**{**DEFAULTS, **options})


def check_settings(settings, options: dict) -> None:
    """Refuse settings the family cannot honour with these options, naming the knob."""
    if settings.temperature != 1 and options.get("labels", DEFAULTS["labels"]) == "argmax":
        raise ValueError("temperature applies only when the model samples its decisions "
                         "(labels sample); argmax hires whenever yes is likelier")
    if settings.filter in ("learned", "detect"):
        raise ValueError("hiring has no learned detector (a model's decision looks like a "
                         "person's); use the ideal filter or none")
