"""Parts every experiment page draws the same way: a chart with its sentence, the drawn run's
metrics, the download of the numbers."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from collapse_core import Result
from ui.charts import show
from ui.derived import derived
from ui.i18n import _


def lazy_fold(label: str, key: str):
    """A closed fold whose content the page draws only while it is open (`.open`): closed, it
    is one element, where its content would cost messages and server time on every run."""
    return st.expander(label, key=key, on_change="rerun")


@derived
def example_run_rows(result: Result) -> pd.DataFrame:
    """The metrics' rows of the run the example (curves, images, passages) belongs to, as a
    table of one run (numbered 0, as a chart of runs reads it)."""
    m = result.metrics
    return m[m["run"] == result.example_run].assign(run=0)


def example_metrics(result: Result) -> pd.DataFrame:
    """The metrics of the run the example (curves, images, passages) belongs to, by generation."""
    return example_run_rows(result).set_index("generation")


def plot(figure, *args, alt: str, caption: str, **kwargs) -> None:
    """A chart (a figure, or a builder and its arguments: cached) with its alt text, then the
    plain sentence that says what it shows."""
    show(figure, *args, alt=alt, **kwargs)
    st.markdown(caption)


def download(result: Result) -> None:
    """The metrics as CSV, and the seed that reproduces them."""
    # A callable: the CSV is made only when the reader asks for it, not on every rerun.
    st.download_button(_("Download the numbers (CSV)"),
                       partial(result.metrics.to_csv, index=False), icon=":material/download:",
                       file_name="ai-entropy-lab-metrics.csv", mime="text/csv",
                       help=_("The columns keep their English names (run, generation, std, "
                              "…): scripts depend on them."))
    st.caption(_("Seed {seed}. Copy this page's address to share exactly this experiment: "
                 "every setting is in the link.").format(seed=result.settings.seed))
