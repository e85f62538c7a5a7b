"""The controls every experiment page shares, under its chart: the recursion's knobs, presets, an
advanced fold."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np
import streamlit as st

from collapse_core.settings import Settings
from ui import link
from ui.i18n import N_, _
from ui.knobs import Knob, set_knobs
from ui.page_parts import lazy_fold
from ui.serving.limits import accepted_sizes

SAMPLE_SIZES = (10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000)

GENERATIONS = Knob("g", N_("Generations"), N_("How many times the model is retrained on data "
                   "that is partly its own output."), 50, low=1, high=200, step=1)
SAMPLE_SIZE = Knob("n", N_("Sample size"), N_("How many data points each model learns from. "
                   "Small samples forget faster."), 1000, widget="select_slider",
                   options=SAMPLE_SIZES)
HUMAN_PERCENT = Knob("h", N_("Human data in each new training set"), N_("The share of real "
                     "human data mixed into every new training set. 0% means the model learns "
                     "only from its own output."), 0, low=0, high=100, step=5, format="%d%%")
# The same knob while the share changes over the generations (its label and help tell the truth).
HUMAN_START = (N_("Human data at the start"), N_(
    "The share of real human data in the first new training set (generation 1). From there it "
    "changes by equal steps, generation after generation, to the share at the end (under "
    "Advanced)."))
# A link without "he" keeps the share constant: the end's default is the start's value.
HUMAN_END = Knob("he", N_("Human data at the end"), N_("Where the share of human data ends "
                 "up: it moves from the share above by equal steps, one generation at a time, "
                 "until it gets here, then stays. Set it to the same value for a share that "
                 "never changes."), 0, low=0, high=100, step=5, format="%d%%")
RAMP = Knob("hk", N_("Generations to get there"), N_("How many generations the share of human "
            "data takes to move from the start to the end (when the two differ)."), 30,
            low=1, high=200, step=1)
HUMAN_DATA = Knob("hd", N_("Which human data"), N_("Reuse the original human sample, or collect "
                  "fresh human data every generation."), "original", widget="radio",
                  options=("original", "fresh"),
                  labels=(N_("Keep the original"), N_("Fresh each time")))
SCHEME = Knob("sc", N_("Old training data"), N_("Replace: each model learns only from the "
              "newest data. Accumulate: every earlier training set is kept too."), "replace",
              widget="radio", options=("replace", "accumulate"),
              labels=(N_("Replace"), N_("Accumulate")))
TEMPERATURE = Knob("t", N_("Temperature"), N_("How boldly the model samples. Below 1 it plays "
                   "safe (as chatbots usually do), which narrows what it makes: a smaller "
                   "spread, fewer rare words."), 1.0,
                   low=0.5, high=1.5, step=0.05, format="%.2f")
RUNS = Knob("r", N_("Runs"), N_("Repeat the whole experiment with different luck. With more "
            "than one run, curves show the typical run and the range of 80% of runs."), 1,
            low=1, high=50, step=1)
SEED = Knob("seed", N_("Seed"), N_("The random seed: the same seed gives exactly the same "
            "result."), 0, widget="number", low=0, high=999_999, step=1)

RECURSION_KNOBS = (GENERATIONS, SAMPLE_SIZE, HUMAN_PERCENT, HUMAN_DATA, RAMP, SCHEME,
                   TEMPERATURE, RUNS, SEED)

# The web fills with AI content. Graphite's sample of 65,000 articles from Common Crawl: about
# 5% written by AI in 2020, about half by late 2024. Fresh: new human writing keeps arriving.
WEB_FILLS = N_("The web fills with AI content")
WEB_FILLS_HELP = N_(
    "In 2020 about 1 in 20 new articles on the web was written by AI; by late 2024 about half "
    "were (Graphite, 65,000 articles sampled from Common Crawl). Here the human share of each "
    "new training set falls from 95% to 50% over 30 generations. The human data is fresh, "
    "because people keep writing new things.")
STANDARD_PRESETS = {
    N_("Pure self-training"): {},
    N_("Keep 10% original"): {"h": 10, "hd": "original"},
    N_("10% fresh human data"): {"h": 10, "hd": "fresh"},
    N_("Accumulate all data"): {"sc": "accumulate"},
    N_("Low temperature"): {"t": 0.8},
    WEB_FILLS: {"h": 95, "hd": "fresh", "he": 50, "hk": 30},
}
PRESET_HELP = {WEB_FILLS: WEB_FILLS_HELP}
# The folds under the chart (their open state: st.session_state[key]).
PRESETS_FOLD, ADVANCED_FOLD = "fold-presets", "fold-advanced"


_DEFAULTS_SEEN = "_defaults_seen"  # the defaults of the page's last run, to follow them


def _follow_defaults(defaults: dict[str, Any]) -> None:
    """Move each knob still at its old default to its new one (before the widgets are drawn).
    Not on the run that opens the page: the link has just set every knob, to the value it names
    or to today's default."""
    seen = st.session_state.get(_DEFAULTS_SEEN, {})
    for key, default in defaults.items():
        old = seen.get(key, default)
        if old != default and st.session_state.get(key) == old and not link.page_opened():
            st.session_state[key] = default
    st.session_state[_DEFAULTS_SEEN] = defaults


def _preset(start: dict[str, Any], change: dict[str, Any]) -> dict[str, Any]:
    """The knobs' values a preset sets: `change` over the start; a preset that names a human
    share but no end keeps that share constant."""
    values = {**start, **change}
    if "h" in change and "he" not in change:
        values["he"] = change["h"]
    return values


def _human_share_knob(knob: Knob) -> Knob:
    """The human share's knob, labelled as the start of a schedule while the share changes."""
    if st.session_state.get("he", st.session_state.get("h")) == st.session_state.get("h"):
        return knob
    label, help_ = HUMAN_START
    return replace(knob, label=label, help=help_)


_LOWERED = "_sample_lowered"  # (asked, used): a sample size lowered to one the model takes


def _accepted_sample_size(knob: Knob, model: str, options: dict, where) -> Knob:
    """The sample size's knob offering only the sizes the model takes with these options (before
    it is drawn); a size asked for beyond them (by a link, or before the model grew) becomes
    the largest it takes, with a notice saying so while it stays there."""
    sizes = accepted_sizes(model, options, knob.options)
    largest = sizes[-1]
    asked = st.session_state.get(knob.key, knob.default)
    if asked not in sizes:
        used = max((n for n in sizes if n <= asked), default=largest)
        st.session_state[knob.key] = used
        st.session_state[_LOWERED] = (asked, used)
    lowered = st.session_state.get(_LOWERED)
    if lowered and lowered[0] not in sizes and lowered[1] == st.session_state[knob.key]:
        where.info(_("A sample of {asked} is too big for one generation of this model, with "
                     "these settings, on a shared server: the sample size is {used}, the "
                     "largest it takes.").format(asked=f"{lowered[0]:,}",
                                                 used=f"{lowered[1]:,}"),
                   icon=":material/info:")
    elif lowered:
        del st.session_state[_LOWERED]
    return replace(knob, options=sizes, default=min(knob.default, largest))


def _new_seed() -> None:
    """Callback: a new random seed, so the same settings run with different luck."""
    st.session_state["seed"] = int(np.random.default_rng().integers(1_000_000))


def _shown(knob: Knob, where) -> Any:
    """The knob's value: its widget drawn in `where`, kept through the runs that do not draw
    it; or, with `where` None (a closed fold), where the link, a preset or the reader left it."""
    return st.session_state[knob.key] if where is None else knob.render(where, kept=True)


def _preset_buttons(where, presets: dict[str, dict[str, Any]], start: dict[str, Any],
                    seed: int, width: str) -> None:
    """The presets' buttons and Reset, in `where`."""
    for i, (name, change) in enumerate(presets.items()):
        where.button(_(name), on_click=set_knobs, args=(_preset(start, change),), width=width,
                     key=f"preset-{i}",
                     help=_(PRESET_HELP[name]) if name in PRESET_HELP else None)
    where.button(_("Reset"), icon=":material/restart_alt:", on_click=set_knobs,
                 args=({**start, "seed": seed},), width=width, key="preset-reset",
                 help=_("Back to the default settings."))


def recursion_controls(
    defaults: dict[str, Any] | Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    model_knobs: tuple[Knob, ...] = (),
    page_knobs: tuple[Knob, ...] = (),
    presets: dict[str, dict[str, Any]] | None = None,
    popover=None,
    computes: Callable[[dict[str, Any]], tuple[str, dict]] | None = None,
) -> tuple[Settings, dict[str, Any]]:
    """Draw the controls; return the Settings and the values of the model's own knobs.

    Drawn where the page is (under its chart): the three lab knobs (generations, sample size,
    human data) first, then `page_knobs` (what the page is about, e.g. the source), a Presets
    fold, and an Advanced fold with the other knobs and `model_knobs`; in present mode the
    page's knobs and the presets go in `popover` (see ui.page_header). The folds and the
    popover draw their content only while open. `defaults` may depend
    on the page knobs' values (a function of them): a knob that sits at its default follows
    it when they change. `computes` gives the model and options the page computes with, from
    its knobs' values: the sample size then offers only the sizes they take.
    """
    fixed = defaults if isinstance(defaults, dict) else {}
    page_knobs = tuple(replace(k, default=fixed.get(k.key, k.default)) for k in page_knobs)
    bad = link.start(list(page_knobs))
    values = {}
    st.markdown(_("#### Settings"))
    lab = st.container()  # filled once the page knobs have said what the defaults are
    if popover is None:
        places = st.columns(len(page_knobs)) if page_knobs else []
    else:
        places = [popover if popover.open else None] * len(page_knobs)
    for where, knob in zip(places, page_knobs, strict=True):
        values[knob.key] = _shown(knob, where)
    if callable(defaults):
        fixed = defaults(values)
    common = [replace(k, default=fixed.get(k.key, k.default)) for k in RECURSION_KNOBS]
    model_knobs = tuple(replace(k, default=fixed.get(k.key, k.default)) for k in model_knobs)
    bad |= link.start([*common, *model_knobs])
    if computes is not None:  # the model knobs' values are set before they are drawn
        model, options = computes({**{k.key: st.session_state.get(k.key, k.default)
                                      for k in model_knobs}, **values})
        common = [_accepted_sample_size(k, model, options, lab) if k.key == "n" else k
                  for k in common]
    # The end of the human share: the start's value (a constant share) unless the page says.
    end = replace(HUMAN_END, default=fixed.get("he", st.session_state.get("h", 0)))
    bad |= link.start([end])
    knobs = {k.key: k for k in (*common, end, *model_knobs, *page_knobs)}
    # Presets and Reset move the recursion's knobs; what the page is about stays as it is.
    start = {knob.key: knob.default for knob in (*common, *model_knobs) if knob.key != "seed"}
    start["he"] = fixed.get("he", start["h"])
    _follow_defaults({key: knobs[key].default for key in (*fixed, "he") if key in knobs})

    if popover is not None:
        if popover.open:
            popover.markdown(_("**Presets**"))
            _preset_buttons(popover, presets or STANDARD_PRESETS, start, knobs["seed"].default,
                            width="stretch")
    else:
        fold = lazy_fold(_("Presets"), PRESETS_FOLD)
        if fold.open:
            _preset_buttons(fold.container(horizontal=True, gap="small"),
                            presets or STANDARD_PRESETS, start, knobs["seed"].default,
                            width="content")

    knobs["h"] = _human_share_knob(knobs["h"])
    values.update({key: knobs[key].render(column)
                   for key, column in zip(("g", "n", "h"), lab.columns(3), strict=True)})
    advanced = [*(knobs[key] for key in ("hd", "he", "hk", "sc", "t", "r")), *model_knobs,
                knobs["seed"]]
    fold = lazy_fold(_("Advanced"), ADVANCED_FOLD)
    values.update({knob.key: _shown(knob, fold if fold.open else None) for knob in advanced})
    if fold.open:
        fold.button(_("New random run"), icon=":material/casino:", on_click=_new_seed,
                    width="stretch", help=_("Same settings, different luck: picks a new seed."))
    values["seed"] = int(values["seed"])
    link.report(list(knobs.values()), bad, values)
    link.write(list(knobs.values()), values)
    return lab_settings(values), {knob.key: values[knob.key]
                                  for knob in (*model_knobs, *page_knobs)}


def lab_settings(values: dict[str, Any]) -> Settings:
    """The Settings the lab's knobs stand for (their values by key; "he" may be left out: a
    constant human share)."""
    end = values.get("he", values["h"])
    return Settings(
        generations=values["g"], sample_size=values["n"], human_fraction=values["h"] / 100,
        human_data=values["hd"], scheme=values["sc"], temperature=float(values["t"]),
        seed=values["seed"], runs=values["r"],
        human_fraction_end=None if end == values["h"] else end / 100,
        ramp_generations=values["hk"],
    )
