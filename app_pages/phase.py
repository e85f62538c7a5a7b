"""How much human data is enough? A map over sample size and human data share."""

from dataclasses import replace
from functools import partial

import streamlit as st

from collapse_core import Settings
from collapse_core.phase import KEPT
from ui import link
from ui.charts import show
from ui.compute import phase_diagram
from ui.model_knobs import ESTIMATOR
from ui.phase_view import phase_figure, reading, theory_spread
from ui.recursion_controls import GENERATIONS, HUMAN_DATA, RUNS, SCHEME, SEED, TEMPERATURE
from ui.views import show_views

KNOBS = [replace(GENERATIONS, default=50), replace(RUNS, default=20),
         replace(HUMAN_DATA, default="fresh"), SCHEME, TEMPERATURE, ESTIMATOR, SEED]

st.title("How much human data is enough?")
st.markdown(
    "Each square of the map below is a whole experiment: a bell curve retrained on its own "
    "output, repeated many times, with a given **sample size** (across) and **share of human "
    "data** in every training set (up). The colour says how much of the human data's spread "
    f"the typical run still has at the end. Inside the orange line it keeps at least "
    f"{KEPT:.0%}."
)
bad = link.start(KNOBS)
with st.sidebar:
    st.markdown("### Setup")
    values = {knob.key: knob.render() for knob in KNOBS[:-1]}
    with st.expander("Seed"):
        values["seed"] = int(SEED.render())
link.report(KNOBS, bad, values)
link.write(KNOBS, values)
settings = Settings(generations=values["g"], runs=values["r"], human_data=values["hd"],
                    scheme=values["sc"], temperature=float(values["t"]), seed=values["seed"])
grid = phase_diagram(settings, values["est"])
theory = theory_spread(grid, settings, values["est"])

def spread_map() -> None:
    show(phase_figure, grid, "median_spread", "spread kept", f"typical run keeps {KEPT:.0%}",
         theory,
         alt="Heatmap of the spread kept after the last generation for each sample size and "
         "share of human data, with the 90% line.")
    st.markdown(reading(grid, settings))
    if theory is not None:
        st.markdown("The dashed green line is where the exact formula puts the same boundary "
                    "for the *average* run. A few lucky runs hold the average up, so it usually "
                    "sits a little lower than the typical run's line.")
    else:
        st.markdown("No theory line: the exact formula covers fresh human data with a "
                    "maximum-likelihood fit at temperature 1, replacing old data.")


def odds_map() -> None:
    show(phase_figure, grid, "share_kept", "runs that kept 90%", f"{KEPT:.0%} of runs keep it",
         alt="Heatmap of the share of runs that kept at least 90% of the spread.")
    st.markdown(f"The same map counted in runs: the share of the {settings.runs} runs in each "
                f"square that kept at least {KEPT:.0%} of the spread. Near the line, it is a "
                "coin toss: luck decides whether this particular model stays grounded.")


show_views({"Spread kept": spread_map, "The odds": odds_map})
st.download_button("Download the map (CSV)", partial(grid.to_csv, index=False),
                   file_name="ai-entropy-lab-phase.csv", mime="text/csv",
                   icon=":material/download:")
st.caption(f"Seed {settings.seed}. Copy this page's address to share exactly this map.")
