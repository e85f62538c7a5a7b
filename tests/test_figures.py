"""Figure specs: every builder's dict is a valid plotly figure, and its arrays travel intact.

The builders return plain dicts (plotly.graph_objects would validate every value on every
build, which costs more than the simulation); here plotly.graph_objects validates them once.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from conftest import decode_plotly, trace

from collapse_core import Settings, build_experiment, simulate
from collapse_core.phase import phase_grid
from collapse_core.strategies import FILTER_STRATEGIES, STRATEGIES
from collapse_core.summary import band
from ui import figures
from ui.charts import encoded
from ui.compare_view import strategy_chart, strategy_label
from ui.digits_figures import share_chart
from ui.filter_figures import accuracy_chart, against_plain_chart, rejected_chart, through_chart
from ui.home_demo import generation_figure
from ui.phase_view import phase_figure, theory_spread
from ui.schedule_view import human_shares, scheduled_chart
from ui.text_figures import zipf_chart


def _result(runs: int = 1):
    settings = Settings(generations=12, sample_size=50, runs=runs, seed=2)
    return simulate(build_experiment("mixture", source="three-modes", components=3), settings)


def _specs() -> dict[str, dict]:
    """One spec from every builder, on small real results."""
    one, many = _result(), _result(runs=3)
    theory = {"Theory: average run": np.linspace(1, 0.5, 13)}
    settings = Settings(generations=5, runs=3, seed=1)
    grid = phase_grid(settings, "mle")
    base = Settings(generations=6, sample_size=30, runs=2)
    results = {s.key: simulate(build_experiment("gaussian", source="bell"), s.settings(base, 0.1))
               for s in (*STRATEGIES, *FILTER_STRATEGIES)}
    labels = {key: strategy_label(key, 0.1) for key in results}
    web = Settings(generations=8, sample_size=60, runs=3, seed=1, human_fraction=0.95,
                   human_fraction_end=0.5, ramp_generations=4, human_data="fresh")
    learned = simulate(build_experiment("kde", source="three-modes"),
                       replace(web, filter="learned"))
    text = simulate(build_experiment("markov", corpus="kjv"), Settings(generations=3,
                                                                      sample_size=300))
    shares = np.random.default_rng(0).dirichlet(np.ones(10), size=6)
    return {
        "player": figures.density_at(one.example, 3),
        "heatmap": figures.history_heatmap(one.example),
        "metric, one run": figures.metric_chart(one.metrics, "std", "spread"),
        "metric, many runs, theory, monitor": figures.metric_chart(
            many.metrics, "rare_mode_mass", "rare group", threshold=0.05, alarm_at=4,
            theory=theory, percent=True, y_axis=dict(range=[0, 1]),
            threshold_label="Warning line"),
        "home demo": generation_figure(one.example, 12),
        "strategies": strategy_chart({k: band(r.metrics, "std") for k, r in results.items()},
                                     base.runs, labels, "spread", percent=False),
        "phase": phase_figure(grid, "median_spread", "spread kept", "typical run keeps 90%",
                              theory_spread(grid, settings, "mle")),
        "zipf": zipf_chart(text.example),
        "digit shares": share_chart(shares),
        "reference line": figures.reference_chart(one.metrics, "std", "ink", 0.8, "real digits"),
        "schedule below a metric, slipped": scheduled_chart(
            learned.metrics, "std", "spread", human_shares(web), slipped_at=3, threshold=0.5,
            alarm_at=5, theory=theory),
        "filter: what got through": through_chart(learned.metrics, 1 - human_shares(web)),
        "filter: can it tell": accuracy_chart(learned.metrics, "std", "spread"),
        "filter: human data thrown away": rejected_chart(learned.metrics),
        "filter: with and without": against_plain_chart(
            learned.metrics, "std", "spread", np.linspace(1, 0.9, 9), threshold=0.5),
    }


SPECS = _specs()


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("name", list(SPECS))
def test_every_spec_is_a_valid_plotly_figure(name, dark):
    spec = figures.themed(SPECS[name], dark)
    go.Figure(spec)  # raises ValueError on any property plotly does not know
    assert spec["layout"]["paper_bgcolor"] == "rgba(0,0,0,0)"
    assert spec["layout"]["font"]["size"] >= 16  # readable on a projector


def test_theme_keeps_the_builders_own_axis_settings():
    spec = figures.themed(SPECS["player"], dark=True)
    assert spec["layout"]["yaxis"]["showticklabels"] is False
    assert spec["layout"]["yaxis"]["gridcolor"] != figures.themed(SPECS["player"], False)[
        "layout"]["yaxis"]["gridcolor"]


def test_present_mode_enlarges_every_text_the_numbers_on_the_phase_maps_cells_included():
    plain, present = figures.themed(SPECS["phase"], False), figures.themed(SPECS["phase"], False,
                                                                           present_height=600)
    scale = figures.PRESENT_FONT["size"] / figures.FONT["size"]
    assert present["layout"]["font"]["size"] == figures.PRESENT_FONT["size"]
    assert present["data"][0]["textfont"]["size"] == round(
        plain["data"][0]["textfont"]["size"] * scale)
    go.Figure(present)
    assert SPECS["phase"]["data"][0]["textfont"]["size"] == plain["data"][0]["textfont"]["size"]


def test_merged_merges_nested_dicts_and_lets_the_second_win():
    base = {"a": 1, "axis": {"range": [0, 1], "title": {"text": "x"}}}
    assert figures.merged(base, {"axis": {"title": {"text": "y"}}, "b": 2}) == {
        "a": 1, "b": 2, "axis": {"range": [0, 1], "title": {"text": "y"}}}
    assert base["axis"]["title"]["text"] == "x"  # the inputs are left alone


@pytest.mark.parametrize("array", [
    np.linspace(0, 1, 7), np.linspace(0, 1, 7, dtype=np.float32), np.arange(5),
    np.array([True, False, True]), np.arange(12.0).reshape(3, 4),
], ids=["f8", "f4", "int", "bool", "2-d"])
def test_encoded_arrays_decode_to_the_same_values(array):
    spec = encoded({"data": [{"y": array, "name": "x"}], "layout": {"height": np.int64(3)}})
    assert "bdata" in spec["data"][0]["y"]
    np.testing.assert_array_equal(decode_plotly(spec)["data"][0]["y"], array)
    assert spec["layout"]["height"] == 3 and type(spec["layout"]["height"]) is int


def test_encoded_leaves_text_arrays_as_lists():
    spec = encoded({"text": np.array(["a", "b"]), "ticks": [np.float64(0.5), "c"]})
    assert spec == {"text": ["a", "b"], "ticks": [0.5, "c"]}


def _top(spec: dict) -> float:
    return spec["layout"]["yaxis"]["range"][1]


@pytest.mark.parametrize(("model", "options"), [
    ("kde", dict(source="three-modes")),  # blurs: every generation is lower than the human data
    ("gaussian", dict(source="bell")),  # narrows: late generations spike far above it
    ("mixture", dict(source="three-modes", components=3)),  # the lesson's: spikes 20 times
])
def test_the_players_axis_keeps_the_human_data_readable_and_every_curve_whole(model, options):
    result = simulate(build_experiment(model, **options),
                      Settings(generations=60, sample_size=100, seed=0))
    example = result.example
    density = example["density"]
    human = example["source_density"].max()
    tops = np.array([_top(figures.density_at(example, g)) for g in range(61)])
    # Generation 0 on the human data's scale: the human data's peak fills most of the height,
    # whatever a later generation does.
    assert tops[0] == pytest.approx(max(figures.HEADROOM * human, density[0].max()) * 1.05)
    assert human / tops[0] > 0.6
    for g in range(61):  # the curve shown, and every one before it, drawn whole
        assert density[: g + 1].max() < tops[g]
    assert (np.diff(tops) >= 0).all(), "while the generations play the axis never shrinks"
    # It grows only for a curve taller than the headroom, and then no further than that curve.
    grown = tops > tops[0]
    tallest_so_far = np.maximum.accumulate(density.max(axis=1))
    assert tops[grown] == pytest.approx(tallest_so_far[grown] * 1.05)
    if model == "kde":
        assert not grown.any()
    else:
        assert grown.any(), "the collapse makes the curve taller: the axis follows"


def test_a_spike_far_taller_than_the_human_data_is_drawn_whole_only_once_it_is_there():
    edges = np.linspace(-3, 3, 7)
    human = np.array([0.05, 0.2, 0.4, 0.4, 0.2, 0.05])
    spike = np.array([0, 0, 0, 5.0, 0, 0])  # 12.5 times the human data's peak
    example = {"edges": edges, "source_density": human, "density": np.stack([human, spike])}
    assert _top(figures.density_at(example, 0)) == pytest.approx(figures.HEADROOM * 0.4 * 1.05)
    figure = figures.density_at(example, 1)
    assert _top(figure) == pytest.approx(5.0 * 1.05)
    assert max(figure["data"][-1]["y"]) == pytest.approx(5.0)  # drawn whole
    assert "annotations" not in figure["layout"] or not figure["layout"]["annotations"]
    # A run that stays within the headroom (a remedy) keeps the axis of generation 0.
    calm = {**example, "density": np.stack([human, human * 1.2])}
    assert _top(figures.density_at(calm, 1)) == pytest.approx(figures.HEADROOM * 0.4 * 1.05)


def test_the_lessons_rare_group_stands_out_at_generation_0():
    # Step 2 asks a class about the group at 6, which holds 10% of the human data: at
    # generation 0 its bump must be plainly visible, not a flat line under a later spike.
    result = simulate(build_experiment("mixture", source="three-modes", components=3),
                      Settings(generations=100, sample_size=100, seed=0))
    spec = figures.density_at(result.example, 0)
    centres = 0.5 * (result.example["edges"][:-1] + result.example["edges"][1:])
    rare = float(np.interp(6.0, centres, result.example["source_density"]))
    assert rare / _top(spec) > 0.1
    assert result.example["density"].max() > 10 * _top(spec)  # where the old axis was set


@pytest.mark.parametrize(("peak", "top", "factor"), [
    (1.0, 7.9, 1),  # the human data fills more than an eighth of the axis: drawn once
    (1.0, 8.0, 2), (1.0, 20.0, 10), (1.0, 100.0, 50), (0.02, 9.0, 200),
    (0.0, 5.0, 1),  # no human curve to magnify
])
def test_the_human_data_is_magnified_by_a_round_factor_only_when_flattened(peak, top, factor):
    assert figures.magnification(peak, top) == factor
    if factor > 1:  # the largest round factor that keeps the outline under 60% of the axis
        assert figures.MAGNIFIED_SHARE / 2.5 < factor * peak / top <= figures.MAGNIFIED_SHARE


def test_the_lessons_groups_stay_readable_beside_the_collapsed_needles():
    # Lesson step 2's page at generation 100: needles many times the human data's peak set
    # the axis. The human data is drawn again, magnified by the factor its legend names, and
    # its three groups, the rare one at 6 too, stand clear of the bottom.
    result = simulate(build_experiment("mixture", source="three-modes", components=3),
                      Settings(generations=100, sample_size=100, seed=0))
    example = result.example
    spec = figures.density_at(example, 100)
    names = [t["name"] for t in spec["data"]]
    k = figures.magnification(example["source_density"].max(), _top(spec))
    assert k >= 5
    assert names == ["Human data", f"Human data, drawn {k}× taller", "Generation 0",
                     "Generation 100"]
    outline = spec["data"][1]
    np.testing.assert_allclose(outline["y"], k * example["source_density"])
    centres = np.asarray(outline["x"])
    rare = float(np.interp(6.0, centres, np.asarray(outline["y"])))
    assert rare / _top(spec) > 0.05
    assert max(spec["data"][-1]["y"]) < _top(spec)  # the needle still drawn whole, true height
    assert "drawn" not in " ".join(t["name"] for t in figures.density_at(example, 0)["data"])


def test_home_demo_shares_the_players_axis():
    from ui.home_demo import SETTINGS

    example = simulate(build_experiment("gaussian", source="bell"), SETTINGS).example
    for g in (0, 50, 100):
        assert _top(generation_figure(example, g)) == pytest.approx(
            figures.density_top(example, g))
    assert example["source_density"].max() / _top(generation_figure(example, 0)) > 0.6
    assert example["density"].max() < _top(generation_figure(example, 100))
    # Its one bell stays readable under the narrowed curve: no magnified copy beside it,
    # which would stand as tall as the model's curve and undo "taller".
    assert [t["name"] for t in generation_figure(example, 100)["data"]] == [
        "Human data", "Model, generation 100"]


def test_the_player_names_the_generation_it_shows():
    example = _result().example
    names = [t["name"] for t in figures.density_at(example, 7)["data"]]
    assert names == ["Human data", "Generation 0", "Generation 7"]
    assert [t["name"] for t in figures.density_at(example, 0)["data"]] == [
        "Human data", "Generation 0"]


def _metrics(values) -> pd.DataFrame:
    """One run's metric "m" over generations 0, 1, ...: NaN where it is not measured."""
    return pd.DataFrame({"run": 0, "generation": np.arange(len(values)), "m": values})


@pytest.mark.parametrize(("values", "x", "side"), [
    ([0.9, 0.95, 1.2], 1, "top"),  # ends farther above the line: at the right, below it
    ([0.5, 0.45, 0.3], 1, "bottom"),  # ends farther below: at the right, above it
    ([1.3, 1.0, 0.85], 0, "top"),  # starts farther away (above): at the left, below it
    # The detector's: not measured at generation 0, then a coin toss, then right more often.
    ([np.nan, 0.8, 0.9, 1.0], 1, "top"),
    # Farther at its very first point, but it crosses the line within the label's width
    # there: the label goes to the other end, where the curve stays clear of it.
    ([1.2, 0.8, 1.1, 1.15, 1.1, 1.1, 1.2, 1.1, 1.05, 1.1], 1, "top"),
])
def test_a_reference_line_is_labelled_where_the_curve_is_farthest_from_it(values, x, side):
    spec = figures.reference_chart(_metrics(values), "m", "spread", 0.8, "human data")
    line = spec["layout"]["shapes"][-1]
    assert (line["y0"], line["y1"], line["line"]["dash"]) == (0.8, 0.8, "dash")
    label = spec["layout"]["annotations"][-1]
    # yanchor "top" hangs the label below the line, "bottom" stands it on top of it; at x=1
    # it ends at the plot's right edge, at x=0 it starts at the left.
    assert (label["text"], label["y"], label["x"], label["yanchor"]) == (
        "human data", 0.8, x, side)
    assert label["xanchor"] == ("right" if x else "left")


def test_the_phase_outline_runs_along_cell_borders_around_the_kept_cells():
    from ui.phase_view import outline

    kept = np.array([[False, False, False], [False, True, True], [True, True, True]])
    x, y = outline(kept)
    points = {(a, b) for a, b in zip(x, y, strict=True) if a is not None}
    # every point is a cell corner (half-integers), never a cell's centre, where its label is
    assert all(a % 1 == 0.5 and b % 1 == 0.5 for a, b in points)
    segments = [(x[i], y[i], x[i + 1], y[i + 1]) for i in range(0, len(x), 3)]
    # each edge is one cell long; the region (a full top row, the right two cells below it)
    # has 3 + 3 edges above and below, 2 on the right and 2 on the left
    assert all(abs(x1 - x0) + abs(y1 - y0) == 1 for x0, y0, x1, y1 in segments)
    assert len(segments) == 10
    x_in, _ = outline(kept, inset=0.1)
    assert min(a for a in x_in if a is not None) == pytest.approx(-0.4)


def test_the_phase_map_shows_no_square_above_100_percent():
    from collapse_core.phase import phase_grid

    grid = phase_grid(Settings(generations=1, runs=3, seed=2), "mle")
    grid["median_spread"] = grid["median_spread"] * 1.2  # some runs end above the human data
    spec = phase_figure(grid, "median_spread", "spread kept", "keeps 90%")
    z = np.asarray(spec["data"][0]["z"], dtype=float)
    assert z.max() <= 1.0 and (grid["median_spread"] > 1).any()
    assert not any(text.startswith(("101", "102", "11", "12")) for row in
                   spec["data"][0]["text"] for text in row)


def test_the_schedule_panel_sits_below_the_metric_on_one_generations_axis():
    spec = SPECS["schedule below a metric, slipped"]
    layout = spec["layout"]
    below = [t for t in spec["data"] if t.get("yaxis") == "y2"]
    assert [t["name"] for t in below] == ["Human data in the training set"]
    assert not below[0]["showlegend"]
    assert np.asarray(below[0]["y"])[[0, 1, -1]].tolist() == [1.0, 0.95, 0.5]
    assert layout["yaxis2"]["domain"][1] < layout["yaxis"]["domain"][0]  # below, apart
    assert layout["xaxis"]["matches"] == "x2" and layout["xaxis2"]["title"]["text"] == \
        "generation"
    marks = [s for s in layout["shapes"] if s.get("x0") == 3 and s["line"]["dash"] == "dot"]
    assert len(marks) == 1 and marks[0]["yref"] == "paper"  # the slip, across both panels
    assert "slipped: gen 3" in [a["text"] for a in layout["annotations"]]


def test_a_stacked_charts_lower_marks_move_to_the_lower_axes():
    spec = SPECS["filter: can it tell"]
    lower = [s for s in spec["layout"]["shapes"] if s.get("yref") in ("y2", "y2 domain")]
    upper = [s for s in spec["layout"]["shapes"] if s.get("yref", "y") == "y"]
    assert upper and upper[0]["y0"] == 0.5  # the coin toss's line stays on the accuracy
    assert not lower  # the lower metric chart has no marks of its own here
    assert {t.get("yaxis") for t in spec["data"]} == {None, "y2"}


def test_the_filters_figures_name_what_they_draw():
    names = {key: [t.get("name") for t in SPECS[key]["data"] if t.get("name")]
             for key in ("filter: what got through", "filter: human data thrown away",
                         "filter: with and without")}
    assert "On the web, before the filter" in names["filter: what got through"]
    assert {"The rarest human items (average of 5 generations)",
            "The other human items (average of 5 generations)"} <= set(
        names["filter: human data thrown away"])
    assert "Without a filter" in names["filter: with and without"]
    # The filter page draws no single run.
    assert not any("Run shown on this page" in n for ns in names.values() for n in ns)


def test_the_sentence_counts_the_peaks_a_reader_sees_not_every_ripple():
    from collapse_core.families.continuous.metrics import count_modes
    from ui.continuous_view import visible_peaks

    x = np.linspace(-10, 10, 801)
    bump = lambda centre, height, width=1.0: height * np.exp(-0.5 * ((x - centre) / width) ** 2)  # noqa: E731
    three = bump(-5, 1.0) + bump(0, 0.6) + bump(5, 0.1)  # the smallest still stands out
    assert visible_peaks(three) == count_modes(three) == 3
    # Blurred almost flat: two ripples are local maxima, but no reader sees three peaks.
    flat = bump(0, 1.0, width=8) + bump(-3, 0.03, width=0.4) + bump(3, 0.03, width=0.4)
    assert count_modes(flat) == 3 and visible_peaks(flat) == 1


def test_the_peaks_counted_are_those_scipy_finds_with_the_same_prominence():
    # The sentence counts peaks without importing scipy.signal (0.9 s on a new server's first
    # page); scipy's find_peaks is the oracle: smooth curves of random bumps, and the same
    # rounded, whose flat tops and steps are where a peak finder is easiest to get wrong.
    from scipy.signal import find_peaks

    from ui.continuous_view import PROMINENCE, visible_peaks

    rng = np.random.default_rng(7)
    x = np.linspace(-6, 6, 240)
    for _ in range(300):
        k = rng.integers(1, 7)
        curve = sum(h * np.exp(-0.5 * ((x - c) / w) ** 2) for h, c, w in zip(
            rng.uniform(0.01, 1, k), rng.uniform(-5, 5, k), rng.uniform(0.05, 2, k), strict=True))
        for drawn in (curve, np.round(curve, rng.integers(1, 3))):
            padded = np.concatenate([[0.0], drawn, [0.0]])
            expected = (find_peaks(padded, prominence=PROMINENCE * drawn.max())[0].size
                        if drawn.max() > 0 else 0)
            assert visible_peaks(drawn) == expected, drawn
    # a Python int: the sentence's plural form is chosen by it (gettext warns on numpy's)
    assert type(visible_peaks(curve)) is int


def test_a_labelled_warning_line_is_named_in_the_legend():
    metrics = _result(runs=3).metrics
    plain = figures.metric_chart(metrics, "std", "spread", threshold=0.3)
    assert [s["y0"] for s in plain["layout"]["shapes"]] == [0.3]  # unlabelled: a bare line
    named = figures.metric_chart(metrics, "std", "spread", threshold=0.3,
                                 threshold_label="Warning line: lost below it")
    assert not named["layout"]["shapes"]
    warning = trace(named, "Warning line")
    assert warning["name"] == "Warning line: lost below it"
    assert list(warning["y"]) == [0.3, 0.3] and warning["line"]["dash"] == "dot"
    assert list(warning["x"]) == [0, 12]  # across every generation
    assert warning.get("showlegend", True) and warning["hoverinfo"] == "skip"
    # Nothing written on the plot, where a curve could cross it: the legend names the line.
    assert not named["layout"]["annotations"]
