"""One common test over every registered model card (as scikit-learn's check_estimator checks
every estimator): a family gets these checks by being registered in collapse_core.families."""

from __future__ import annotations

import io
from importlib import import_module

import pandas as pd
import pytest

from collapse_core import Recursion, Settings, cli, simulate
from collapse_core.families import CARDS, MODELS, card_of
from collapse_core.family import Detector, Experiment, Model, Source
from collapse_core.work import estimated_seconds

CARD_LIST = [pytest.param(card, id=model) for model, card in CARDS.items()]


def _small(card) -> Settings:
    """A few runs and generations, on a sample just big enough for every model."""
    return Settings(generations=2, sample_size=max(60, card.sample_size // 12), runs=3,
                    seed=5, human_fraction=0.2)


@pytest.mark.parametrize("card", CARD_LIST)
def test_the_card_builds_an_experiment_with_what_the_engine_uses(card):
    experiment = card.experiment()
    assert isinstance(experiment, Experiment)
    assert isinstance(experiment.source, Source)
    if card.detector is None:  # no learned filter: the experiment has no detector either
        assert experiment.detector is None and card.learned_filter_cost is None
    else:
        assert isinstance(experiment.detector, card.detector)
        assert isinstance(experiment.detector, Detector)
    assert isinstance(experiment.new_model(), Model)
    assert experiment.item_bytes > 0
    # Every option the card names is one its build takes.
    card.build(**card.defaults())


@pytest.mark.parametrize("card", CARD_LIST)
def test_the_cost_is_positive(card):
    for cost in (card.cost, card.learned_filter_cost):
        assert cost is None or (cost.fixed > 0 and cost.per_item > 0)
    settings = Settings(sample_size=card.sample_size)
    plain = estimated_seconds(card.model, settings)
    assert plain > 0
    if card.detector is not None:
        assert plain < estimated_seconds(card.model, Settings(sample_size=card.sample_size,
                                                              filter="learned"))
    bigger = {name: 2 * card.defaults()[name] for name in card.scales_with}
    assert estimated_seconds(card.model, settings, bigger) == pytest.approx(
        plain * 2 ** len(card.scales_with))


@pytest.mark.parametrize("card", CARD_LIST)
def test_what_the_lab_reads_of_a_run_is_among_what_it_measures(card):
    measured = set(simulate(card.experiment(), _small(card)).metrics.columns)
    named = {card.headline, card.alarm.metric, *(m for m, _ in card.compare_charts)}
    if card.filter_setup is not None:
        metric, alarm = card.headline_of(dict(card.filter_setup.options))
        named |= {metric, alarm.metric}
    if card.yardstick is not None:
        named |= {card.yardstick.metric, card.yardstick.alarm.metric}
    assert named <= measured, named - measured


@pytest.mark.parametrize("card", CARD_LIST)
def test_runs_advanced_together_equal_runs_advanced_alone(card):
    settings = _small(card)
    together = simulate(card.experiment(), settings).metrics
    recursion = Recursion(card.experiment(), settings)
    for run in range(settings.runs):
        alone = recursion.run_alone(run, settings.generations).metrics
        mine = together[together["run"] == run].reset_index(drop=True)
        pd.testing.assert_frame_equal(alone.drop(columns="run"), mine.drop(columns="run"))


@pytest.mark.parametrize("card", CARD_LIST)
def test_the_command_line_takes_the_cards_options(card, capsys):
    argv = ["run", card.model, "--generations", "1", "--sample-size",
            str(_small(card).sample_size)]
    for option in card.options:
        if option.help and option.switch:
            argv.append(option.flag)
        elif option.help and option.default is not None:
            argv += [option.flag, str(option.default)]
    assert cli.main(argv) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert card.headline in table.columns and list(table["generation"]) == [0, 1]


@pytest.mark.parametrize("card", [c for c in CARD_LIST if c.values[0].detector is None])
def test_a_card_without_a_detector_refuses_the_learned_filter(card, capsys):
    for kind in ("learned", "detect"):
        assert cli.main(["run", card.model, "--generations", "1", "--filter", kind]) == 2
        assert capsys.readouterr().err == (f"error: {card.model} has no learned detector; use "
                                           "the ideal filter or none\n")


def test_every_card_lives_in_its_familys_folder_and_is_found_by_name():
    assert tuple(CARDS) == MODELS
    for model, card in CARDS.items():
        assert card.model == model
        assert card in import_module(f"collapse_core.families.{card.family}.card").CARDS
    with pytest.raises(ValueError, match="unknown model 'nope'; choose one of gaussian"):
        card_of("nope")


@pytest.mark.parametrize("card", CARD_LIST)
def test_the_ui_has_words_for_what_the_card_shows(card):
    from ui import compare_view, filter_families
    from ui.captions import ALARM_WORDS, TYPICAL_BY

    headlines = [(card.headline, card.alarm)]
    if card.filter_setup is not None:
        headlines.append(card.headline_of(dict(card.filter_setup.options)))
        assert card.model in filter_families.MODEL_WORDS
        assert card.family in filter_families.RARE_WORDS
        assert headlines[-1][0] in filter_families.HEADLINE_WORDS
    for metric, alarm in headlines:
        assert metric in TYPICAL_BY and alarm in ALARM_WORDS, (metric, alarm)
    if card.yardstick is not None:
        assert card.model in compare_view.MODEL_WORDS
        assert card.yardstick.metric in compare_view.YARDSTICK_WORDS
        assert card.yardstick.alarm in ALARM_WORDS
        assert {m for m, _ in card.compare_charts} <= set(compare_view.CHART_WORDS)
