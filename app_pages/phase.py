"""How much human data is enough? A map over sample size and human data share."""

from dataclasses import replace
from functools import partial

import streamlit as st

from collapse_core import Settings
from collapse_core.phase import KEPT
from ui import link
from ui.charts import show
from ui.i18n import N_, _
from ui.model_knobs import ESTIMATOR
from ui.page_header import page_header, page_story
from ui.phase_view import MAP_PRESENT_HEIGHT, phase_figure, reading, theory_spread
from ui.recursion_controls import GENERATIONS, HUMAN_DATA, RUNS, SCHEME, SEED, TEMPERATURE
from ui.serving.compute import phase_or_explain
from ui.view_picker import show_views

KNOBS = [replace(GENERATIONS, default=50), replace(RUNS, default=20),
         replace(HUMAN_DATA, default="fresh"), SCHEME, TEMPERATURE, ESTIMATOR, SEED]

page_header(
    N_("How much human data is enough?"),
    N_("Each square is a whole experiment: more human data (up) and bigger samples (across) "
       "keep a model grounded."),
    presets=False,  # its settings stay under the chart, in present mode too
)
chart_box = st.container()  # first on the page; the settings go under it
bad = link.start(KNOBS)
with st.container():
    st.markdown(_("#### Settings"))
    values = {knob.key: knob.render() for knob in KNOBS[:-1]}
    with st.expander(_("Seed")):
        values["seed"] = int(SEED.render())
link.report(KNOBS, bad, values)
link.write(KNOBS, values)
settings = Settings(generations=values["g"], runs=values["r"], human_data=values["hd"],
                    scheme=values["sc"], temperature=float(values["t"]), seed=values["seed"])
with chart_box:
    grid = phase_or_explain(settings, values["est"])
if grid is None:
    st.stop()
theory = theory_spread(grid, settings, values["est"])
# What identifies a map for the chart cache: its setting and how much of it is filled in
# (hashing the grid itself cost a tenth of a page view).
map_key = (settings, values["est"], int(grid["median_spread"].notna().sum()))
CLIPPED = N_("By chance a run can end with a little more spread than the human data; such "
             "squares show 100%.")


def spread_map() -> None:
    show(phase_figure, grid, "median_spread", _("spread kept"),
         _("keeps {kept} (typical run)").format(kept=f"{KEPT:.0%}"), theory,
         key=(*map_key, "median_spread"), present_height=MAP_PRESENT_HEIGHT,
         alt=_("Heatmap of the spread kept after the last generation for each sample size and "
               "share of human data, with the outline of the squares that keep 90%."))
    st.markdown(reading(grid, settings))
    if theory is not None:
        st.markdown(_("The dashed green outline is where the exact formula puts the same "
                      "boundary for the *average* run. A few lucky runs hold the average up, "
                      "so it usually takes in a few more squares than the typical run's. {clip}"
                      ).format(clip=_(CLIPPED)))
    else:
        st.markdown(_("No theory outline: the exact formula covers fresh human data with a "
                      "maximum-likelihood fit at temperature 1, replacing old data. {clip}"
                      ).format(clip=_(CLIPPED)))


def odds_map() -> None:
    show(phase_figure, grid, "share_kept", _("runs that kept 90%"),
         _("{kept} of runs keep it").format(kept=f"{KEPT:.0%}"),
         key=(*map_key, "share_kept"), present_height=MAP_PRESENT_HEIGHT,
         alt=_("Heatmap of the share of runs that kept at least 90% of the spread."))
    st.markdown(_("The same map counted in runs: the share of the {runs} runs in each square "
                  "that kept at least {kept} of the spread. Near the outline it is a coin "
                  "toss: luck decides whether this particular model stays grounded.").format(
        runs=settings.runs, kept=f"{KEPT:.0%}"))


with chart_box:
    show_views({N_("Spread kept"): spread_map, N_("The odds"): odds_map})
st.download_button(_("Download the map (CSV)"), partial(grid.to_csv, index=False),
                   file_name="ai-entropy-lab-phase.csv", mime="text/csv",
                   icon=":material/download:",
                   help=_("The columns keep their English names: scripts depend on them."))
st.caption(_("Seed {seed}. Copy this page's address to share exactly this map.").format(
    seed=settings.seed))
page_story(N_("Each square of the map is a whole experiment: a bell curve retrained on its own "
              "output, repeated many times, with a given **sample size** (across) and **share "
              "of human data** in every training set (up). The colour says how much of the "
              "human data's spread the typical run still has at the end. **The squares inside "
              "the orange outline keep at least 90% of it**; the others lose more."))
