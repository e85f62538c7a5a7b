"""Home: what model collapse is, in a minute, with one small live demo."""

import streamlit as st

from ui import link
from ui.charts import show
from ui.home_demo import LAST, demo_result, generation_alt, generation_figure, generation_sentence
from ui.knobs import Knob

GENERATION = Knob("gen", "Generations of learning from copies", "How many times a new model "
                  "has learned only from the previous model's output. Generation 0 learned "
                  "from the human data.", 30, low=0, high=LAST, step=1)

st.title("AI Entropy Lab")
st.markdown("##### Watch an AI forget.")

st.markdown(
    "Photocopy a page, then photocopy the copy, then the copy of the copy. Each copy loses a "
    "little detail, and after enough rounds the page is a grey smudge. The *telephone game* "
    "works the same way: a whispered sentence changes a little at every person, until it "
    "means something else."
)
st.markdown(
    "AI models can do this too. A model learns from things people made, then makes new "
    "things. If the next model learns from *those*, and the next from its output, each one "
    "copies a copy. Small mistakes pile up, and what was rare (unusual words, small groups, "
    "surprising ideas) goes first. Researchers call this **model collapse**."
)
st.markdown(
    "**Why it matters now:** more and more of the text and pictures online are made by AI, "
    "and the next AI models learn from what is online."
)

st.subheader("See it happen")
st.markdown(
    "A tiny model learns the shape of 50 numbers made by people (the grey bell curve). It "
    "makes up 50 numbers of its own, and a new model learns only from those. Then again, "
    "and again. Pick how many generations:"
)
bad = link.start([GENERATION])
generation = GENERATION.render()
link.report([GENERATION], bad, {"gen": generation})
link.write([GENERATION], {"gen": generation})
result = demo_result()
if result is not None:
    show(generation_figure, result.example, generation, alt=generation_alt(result, generation))
    st.markdown(generation_sentence(result, generation))
    st.caption("Nobody told the model to forget: it only ever copied its own copies.")

st.subheader("What you'll find")
PAGES = [
    ("app_pages/bell.py", "Bell curves & mixtures", ":material/bar_chart:",
     "The spread narrows and small groups of data vanish."),
    ("app_pages/smoothing.py", "Smoothing (KDE)", ":material/blur_on:",
     "A different model that doesn't shrink but blurs, and still forgets the shape."),
    ("app_pages/text.py", "Text (Markov chain)", ":material/menu_book:",
     "A tiny text generator whose rare words disappear, one generation at a time."),
    ("app_pages/digits.py", "Handwritten digits", ":material/draw:",
     "Pictures copied from copies: digits blur, grow alike, and some stop appearing."),
    ("app_pages/compare.py", "Compare strategies", ":material/compare_arrows:",
     "Five remedies side by side, each run many times: which one keeps a model grounded?"),
    ("app_pages/phase.py", "How much human data?", ":material/grid_on:",
     "A map of how much real data it takes, for every sample size, to stay grounded."),
    ("app_pages/about.py", "About", ":material/info:",
     "Why it happens, what prevents it, the formulas, a lesson plan and the data credits."),
]
for row in (PAGES[i : i + 2] for i in range(0, len(PAGES), 2)):  # phones keep the order
    for column, (page, label, icon, line) in zip(st.columns(2), row, strict=False):
        with column:
            st.page_link(page, label=f"**{label}**", icon=icon)
            st.caption(line)

st.subheader("In the classroom")
st.markdown(
    "- **Ask for a prediction first.** Before anyone presses play: *what will the curve look "
    "like after 100 generations?* Then reveal it.\n"
    "- **Press ▶ Play** on the first chart of an experiment page to watch the generations go "
    "by, or drag its slider to step through them. The tabs above the chart switch to the "
    "whole history and to each measure, one big chart at a time.\n"
    "- **Use the presets** in the sidebar (keep some human data, add fresh data, accumulate, "
    "low temperature) to compare remedies in one click.\n"
    "- **Press “New random run”** (under *Advanced* in the sidebar) to show that luck matters: "
    "same settings, a different story.\n"
    "- **Share the page's address.** Every setting, the random seed and the open tab "
    "included, is in the link, so students see exactly the chart you see."
)
