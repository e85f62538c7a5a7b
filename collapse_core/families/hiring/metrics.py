"""What a year of the model's decisions did to each group, against the people's decisions."""

from __future__ import annotations

import numpy as np

from collapse_core.families.hiring.model import group_rates
from collapse_core.families.hiring.population import DECISION, GROUP, SCORE, Applicants
from collapse_core.messages import N_
from collapse_core.monitor import Alarm

# Each metric's plain explanation (marked for the UI's catalogue).
METRICS = {
    "minority_share": N_("The smaller group's share of this year's applicants."),
    "yes_rate": N_("The share of all applicants the model hires."),
    "yes_rate_majority": N_("The share of the larger group's applicants the model hires."),
    "yes_rate_minority": N_("The share of the smaller group's applicants the model hires."),
    "human_yes_rate_majority": N_("The share of the same larger-group applicants people "
                                  "would hire (expected)."),
    "human_yes_rate_minority": N_("The share of the same smaller-group applicants people "
                                  "would hire (expected)."),
    "people_rate_majority": N_("The share of all larger-group applicants people hire: the "
                               "people's rate, the same every year (exact)."),
    "people_rate_minority": N_("The share of all smaller-group applicants people hire: the "
                               "people's rate, the same every year (exact)."),
    "minority_rate_error": N_("How far the model's hiring rate for the smaller group is from "
                              "the people's, either way (too few or too many)."),
    "accuracy_majority": N_("How often the model's decision on a larger-group applicant "
                            "matches the people's (expected)."),
    "accuracy_minority": N_("How often the model's decision on a smaller-group applicant "
                            "matches the people's (expected)."),
    "missed_majority": N_("Of the larger-group applicants people would hire, the share the "
                          "model turns away."),
    "missed_minority": N_("Of the smaller-group applicants people would hire, the share the "
                          "model turns away."),
    "gap": N_("The larger group's hiring rate minus the smaller group's, under the model."),
    "selection_ratio": N_("The smaller group's hiring rate over the larger group's (below 0.8 "
                          "fails the four-fifths rule)."),
}
# The warning line: the smaller group's hiring rate under half the people's (the card's
# reference).
SMALLER_GROUP_HALVED = Alarm(
    "yes_rate_minority", "below", 0.5,
    "the model hired under half as many of the smaller group as people would",
    "a hiring rate for the smaller group under half the people's")


def hiring_metrics(items: np.ndarray, source: Applicants, shares: np.ndarray
                   ) -> dict[str, np.ndarray]:
    """The metrics of a year's decided applicants (runs, n, 3), one value per run."""
    group, score, decision = items[..., GROUP], items[..., SCORE], items[..., DECISION]
    people = source.people_yes(group, score)
    yes = group_rates(decision, group)
    human = group_rates(people, group)
    accuracy = group_rates(decision * people + (1 - decision) * (1 - people), group)
    missed = group_rates((1 - decision) * people, group, of=people)
    people_rates = source.people_rates()
    ratio = np.full(len(items), np.nan)
    np.divide(yes[:, 1], yes[:, 0], out=ratio, where=yes[:, 0] > 0)
    return {
        "minority_share": np.asarray(shares, dtype=float),
        "yes_rate": decision.mean(axis=1),
        "yes_rate_majority": yes[:, 0],
        "yes_rate_minority": yes[:, 1],
        "human_yes_rate_majority": human[:, 0],
        "human_yes_rate_minority": human[:, 1],
        "people_rate_majority": np.full(len(items), people_rates[0]),
        "people_rate_minority": np.full(len(items), people_rates[1]),
        "minority_rate_error": np.abs(yes[:, 1] - human[:, 1]),
        "accuracy_majority": accuracy[:, 0],
        "accuracy_minority": accuracy[:, 1],
        "missed_majority": missed[:, 0],
        "missed_minority": missed[:, 1],
        "gap": yes[:, 0] - yes[:, 1],
        "selection_ratio": ratio,
    }
