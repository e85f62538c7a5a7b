"""The hiring family's card: a screening model of applicants from two groups, trained on its own
hiring decisions (issue 18)."""

from __future__ import annotations

from collections.abc import Mapping

from collapse_core.families.hiring.metrics import SMALLER_GROUP_HALVED
from collapse_core.families.hiring.population import MAX_BIAS
from collapse_core.family import Cost, FamilyCard, Number, Option, Yardstick
from collapse_core.settings import Settings
from collapse_core.strategies import STRATEGIES, Strategy

# The warning line is half the people's rate for the smaller group (exact, the same every
# year), not half of the model's own first rate, which may start at zero.
ALARM_REFERENCE = "people_rate_minority"
_LAB = {strategy.key: strategy for strategy in STRATEGIES}
# Compare's remedies: the lab's human data and accumulating, and the family's own, which set
# an option of the experiment: sampling decisions instead of argmax (Taori & Hashimoto 2023)
# and rebalancing each training set (Wyllie et al. 2024).
HIRING_STRATEGIES = (
    _LAB["self"], _LAB["keep"], _LAB["fresh"], _LAB["accumulate"],
    Strategy("sample", options=(("labels", "sample"),)),
    Strategy("rebalance", options=(("rebalance", True),)),
)


def _hiring(minority_share: float, labels: str, sees_group: bool, rebalance: bool, leave: bool,
            bias: float):
    from collapse_core.families.hiring.experiment import HiringExperiment

    return HiringExperiment(minority_share, labels, sees_group, rebalance, leave, bias)


def _temperature_samples_only(settings: Settings, options: Mapping) -> None:
    """The temperature tempers sampled decisions; argmax has none to temper."""
    if settings.temperature != 1 and options["labels"] == "argmax":
        raise ValueError("temperature applies only when the model samples its decisions "
                         "(labels sample); argmax hires whenever yes is likelier")


HIRING = FamilyCard(
    model="hiring", family="hiring", build=_hiring,
    options=(
        Option("minority_share", 0.2, "hiring: the smaller group's share of the applicants, "
               "more than 0 and at most 0.5 (default 0.2)",
               type=Number(float, 0.0, 0.5, low_open=True)),
        Option("labels", "argmax", "hiring: how the model decides: argmax hires whenever yes "
               "is likelier (as deployed systems do; default), sample hires with the model's "
               "own probability (calibrated; --temperature sharpens or softens it)",
               choices=("argmax", "sample")),
        Option("sees_group", False, "hiring: the model reads the applicant's group as well as "
               "the score (default: the score only)"),
        Option("rebalance", False, "hiring: weight every training set so that each group and "
               "decision counts the same (Wyllie et al.'s stratified reparation)"),
        Option("leave", False, "hiring: people leave: a group the model wrongly turns away "
               "applies less the next year (Hashimoto et al. 2018)"),
        Option("bias", 0.0, "hiring: a historical bias: log-odds taken off the smaller group's "
               f"chances in the people's decisions, 0 to {MAX_BIAS:g} (default 0: a fair "
               "truth)", type=Number(float, 0.0, MAX_BIAS)),
    ),
    # Measured with benchmarks/bench_hiring.py on a busy 2-core machine (0.19 ms + 0.33 us with
    # 20 runs together, 1.2 ms a run-generation for one run alone at N = 1000), rounded up.
    sample_size=1000, cost=Cost(0.5e-3, 1.0e-6), learned_filter_cost=None,
    headline="yes_rate_minority", alarm=SMALLER_GROUP_HALVED,
    detector=None,  # a decision the model made looks like one a person made
    # Compare ranks by how far the smaller group's rate is from the people's, either way:
    # rebalancing may overshoot, and hiring too many is not what people would do either.
    yardstick=Yardstick("minority_rate_error", False, SMALLER_GROUP_HALVED, percent=True,
                        reference=ALARM_REFERENCE),
    compare_charts=(("yes_rate_minority", True), ("minority_rate_error", True), ("gap", True),
                    ("accuracy_minority", True)),
    strategies=HIRING_STRATEGIES,
    check=_temperature_samples_only,
)
CARDS = (HIRING,)
