"""Home: what model collapse is, in a minute, with one small live demo."""

import streamlit as st

from ui import link
from ui.charts import show
from ui.home_demo import LAST, demo_result, generation_alt, generation_figure, generation_sentence
from ui.i18n import N_, _
from ui.knobs import Knob
from ui.references import source_article

GENERATION = Knob("gen", N_("Generations of learning from copies"), N_(
    "How many times a new model has learned only from the previous model's output. Generation "
    "0 learned from the human data."), 30, low=0, high=LAST, step=1)

st.title(_("AI Entropy Lab"), anchor=False)
st.markdown(_(
    "**Watch an AI forget.** A model learns the shape of 50 people's heights (grey); each next "
    "one learns only from the last one's output."))
link.notice_slot()
bad = link.start([GENERATION])
generation = GENERATION.render()
link.report([GENERATION], bad, {"gen": generation})
link.write([GENERATION], {"gen": generation})
result = demo_result()
if result is not None:
    # A busy server's first answer may stop short of the generation picked: the last one it
    # has is drawn (its notice says the rest is on its way) and the sentence names it.
    shown = min(generation, result.settings.generations)
    show(generation_figure, result.example, shown, alt=generation_alt(result, shown))
    st.markdown(generation_sentence(result, shown))
    st.caption(_("Nobody told the model to forget: it only ever copied its own copies."))

st.subheader(_("What is going on"), anchor=False)
st.markdown(_(
    "Photocopy a page, then photocopy the copy, then the copy of the copy. Each copy loses a "
    "little detail, and after enough rounds the page is a grey smudge. The *telephone game* "
    "works the same way: a whispered sentence changes a little at every person, until it "
    "means something else."))
st.markdown(_(
    "AI models can do this too. A model learns from things people made, then makes new "
    "things. If the next model learns from *those*, and the next from its output, each one "
    "copies a copy. Small mistakes pile up, and what was rare (unusual words, small groups, "
    "surprising ideas) goes first. Researchers call this **model collapse**."))
st.markdown(_(
    "**Why it matters now:** more and more of the text and pictures online are made by AI, "
    "and the next AI models learn from what is online."))
st.caption(_("The lab began from an article: {article}").format(article=source_article()))

st.subheader(_("What you'll find"), anchor=False)
PAGES = [
    ("app_pages/bell.py", N_("Bell curves & mixtures"), ":material/bar_chart:",
     N_("The spread narrows and small groups of data vanish.")),
    ("app_pages/smoothing.py", N_("Smoothing (KDE)"), ":material/blur_on:",
     N_("A different model that doesn't shrink but blurs, and still forgets the shape.")),
    ("app_pages/text.py", N_("Text (Markov chain)"), ":material/menu_book:",
     N_("A tiny text generator whose rare words disappear, one generation at a time.")),
    ("app_pages/digits.py", N_("Handwritten digits"), ":material/draw:",
     N_("Pictures copied from copies: digits blur, grow alike, and some stop appearing.")),
    ("app_pages/hiring.py", N_("Who gets left out?"), ":material/groups:",
     N_("A model that decides about people learns from its own decisions: who does it stop "
        "hiring first?")),
    ("app_pages/neural.py", N_("A tiny neural network"), ":material/hub:",
     N_("A real neural network, just very small, invents names and learns from its own "
        "inventions: they grow repetitive, and rare letters vanish.")),
    ("app_pages/compare.py", N_("Compare strategies"), ":material/compare_arrows:",
     N_("The remedies side by side, each run many times: which one keeps a model grounded?")),
    ("app_pages/filter.py", N_("Can we filter it out?"), ":material/filter_alt:",
     N_("A detector throws out AI-made data before training: what gets through, and what "
        "human data it throws away.")),
    ("app_pages/phase.py", N_("How much human data?"), ":material/grid_on:",
     N_("A map of how much real data it takes, for every sample size, to stay grounded.")),
    ("app_pages/about.py", N_("About"), ":material/info:",
     N_("Why it happens, what prevents it, the formulas, a lesson plan and the data credits.")),
]
for row in (PAGES[i : i + 2] for i in range(0, len(PAGES), 2)):  # phones keep the order
    for column, (page, label, icon, line) in zip(st.columns(2), row, strict=False):
        with column:
            st.page_link(page, label=f"**{_(label)}**", icon=icon)
            st.caption(_(line))

st.subheader(_("In the classroom"), anchor=False)
st.markdown(_(
    "- **Ask for a prediction first.** Before anyone presses play: *what will the curve look "
    "like after 100 generations?* Then reveal it.\n"
    "- **Press Play** above the first chart of an experiment page to watch the generations go "
    "by one at a time, or step through them with −1 and +1. The buttons under the chart switch "
    "to the whole history and to each measure, one big chart at a time.\n"
    "- **Switch on Present** at the top right of an experiment page for a projector: the chart, "
    "a large generation counter and the player fill one screen, in large type.\n"
    "- **Use the presets** under the chart (keep some human data, add fresh data, accumulate, low "
    "temperature, the web filling with AI content) to compare remedies in one click.\n"
    "- **Press “New random run”** (under *Advanced* in the settings) to show that luck "
    "matters: same settings, a different story.\n"
    "- **Share the page's address.** Every setting, the random seed, the open view and the "
    "generation shown are in the link, so students see exactly the chart you see.\n"
    "- **The lesson plan** on the About page has a link for every step."))
st.page_link("app_pages/about.py", label=_("Open the lesson plan"), icon=":material/school:")
