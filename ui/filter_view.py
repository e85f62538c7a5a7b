"""The body of the filter page: the verdict, the tiles, one view at a time (can the detector
tell, what got through, the human data thrown away, the model with and without it) and the
download."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import streamlit as st

from collapse_core import Result
from collapse_core.monitor import watch
from collapse_core.summary import band
from ui.captions import share
from ui.charts import show
from ui.filter_captions import (
    at_generation,
    compare_note,
    model_sentence,
    over_generations,
    ratio,
    rejected_sentence,
    tell_sentence,
    through_sentence,
    verdict_sentence,
)
from ui.filter_families import Family, reference
from ui.filter_figures import (
    accuracy_chart,
    against_plain_chart,
    nan_median,
    rejected_chart,
    through_chart,
)
from ui.i18n import N_, _
from ui.page_parts import download
from ui.schedule_view import human_shares, show_schedule
from ui.tiles import TileRow
from ui.view_picker import show_views

VIEWS = (N_("Can it tell?"), N_("What got through"), N_("Human data thrown away"))


def tiles(family: Family, result: Result, plain: Result, web_ai: np.ndarray) -> None:
    """Four headline numbers: what got through, the detector, the human data it threw away,
    the model against no filter."""
    m, last = result.metrics, result.settings.generations
    row = TileRow()
    row.tile(_("AI-made in training at gen {g}").format(g=last),
             share(at_generation(m, "ai_share", last), short=True),
             _("on the web: {share}").format(share=share(web_ai[last], short=True)),
             help=_("The share of the last training set that the previous model made, after "
                    "the detector (typical run)."))
    if result.settings.filter == "ideal":
        row.tile(_("AI-made items caught"), share(result.settings.filter_recall, short=True),
                 _("as you set it"), help=_("The ideal detector catches this share of the "
                                            "AI-made items, whatever they look like."))
    else:
        row.tile(_("Detector right"), share(at_generation(m, "detector_accuracy", last),
                                            short=True),
                 _("gen 1: {share}").format(share=share(at_generation(m, "detector_accuracy",
                                                                      1), short=True)),
                 help=_("How often the detector tells human data from the model's output, on "
                        "examples it did not learn from (a coin toss: 50%)."))
    thrown = float(nan_median(over_generations(m, "human_rejected")))
    row.tile(_("Human data thrown away"), "—" if np.isnan(thrown) else share(thrown, short=True),
             _("on average"), help=_("The share of the human items the detector wrongly threw "
                                     "out, on average over the generations."))
    row.tile(_("{what} at gen {g}").format(what=_(family.view), g=last),
             share(ratio(m, family.metric), short=True),
             _("without a filter: {share}").format(share=share(ratio(plain.metrics,
                                                                     family.metric),
                                                               short=True)),
             help=_("The typical run's value against its generation 0, with the detector and "
                    "without any filter."))


# Two charts one above the other need more than one chart's height on a projector.
TWO_PANEL_PRESENT_HEIGHT = 480


def up_to(result: Result, generations: int) -> Result:
    """The result's metrics of generations 0..`generations` only (its snapshots as they are)."""
    if result.settings.generations <= generations:
        return result
    return replace(result, settings=replace(result.settings, generations=generations),
                   metrics=result.metrics[result.metrics["generation"] <= generations])


def show_filter_result(family: Family, result: Result, plain: Result) -> None:
    """Everything the filter page shows below its controls: the verdict, the tiles, one view
    at a time and the download. `plain` is the same runs without any filter."""
    settings, m = result.settings, result.metrics
    plain = up_to(plain, settings.generations)  # it may be further on while these compute
    web_ai = 1 - human_shares(settings)
    alarm_reference = reference(family, m)
    st.markdown(verdict_sentence(family, result, plain))
    st.caption(compare_note(settings))
    tiles(family, result, plain, web_ai)
    show_schedule(settings)

    def tell() -> None:
        show(accuracy_chart, m, family.metric, _(family.y_title), dict(family.y_axis) or None,
             present_height=TWO_PANEL_PRESENT_HEIGHT,
             alt=_("Line chart of how often the detector is right over generations, with a "
                   "coin toss's line, above a chart of the model's {what}.").format(
                 what=_(family.y_title)))
        st.markdown(tell_sentence(family, result))

    def through() -> None:
        show(through_chart, m, web_ai,
             alt=_("Line chart of the AI-made share of each training set, with the web's share "
                   "as a dashed line."))
        st.markdown(through_sentence(result, web_ai))

    def rejected() -> None:
        show(rejected_chart, m,
             alt=_("Line chart of the share of human data the detector threw away, for all "
                   "human items and for the rarest and the other ones."))
        st.markdown(rejected_sentence(family, result))

    def model() -> None:
        reading = watch(m, family.alarm, alarm_reference)
        show(against_plain_chart, m, family.metric, _(family.y_title),
             band(plain.metrics, family.metric)["median"].to_numpy(),
             threshold=reading.threshold, alarm_at=reading.typical_generation,
             percent=family.metric == "rare_mode_mass", y_axis=dict(family.y_axis) or None,
             alt=_("Line chart of the model's {what} with the detector, and without any "
                   "filter as a dashed line.").format(what=_(family.y_title)))
        st.markdown(model_sentence(family, result, plain, alarm_reference))

    views = dict(zip(VIEWS, (tell, through, rejected), strict=True))
    if settings.filter == "ideal":  # it is right by construction: nothing to learn
        views.pop(VIEWS[0])
    show_views({**views, family.view: model})
    download(result)
