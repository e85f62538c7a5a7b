"""Published results on real language models retrained on their own output, for the panel
"It happens to real language models too": each quoted, with its citation and where in the paper
it is said. Labelled as published, never computed here.

Shumailov et al.'s text gives OPT-125m's perplexity before its generations (115 zero-shot, 34
once fine-tuned on human text) and the loss with no original data kept ("from 20 to 28
perplexity points"); its perplexity at each generation is drawn only in its Fig. 1b,c, so no
number by generation is given here.
"""

from __future__ import annotations

from dataclasses import dataclass

from collapse_core.messages import N_


@dataclass(frozen=True)
class Published:
    """One study's result: what it shows in plain words, the model, the setting, what it found
    (the paper's own words) and where that is said."""

    plain: str  # what the finding shows, in words a 15-year-old reads; no number of its own
    citation: str
    model: str
    setting: str
    finding: str  # quoted from the paper
    where: str
    url: str


STUDIES = (
    Published(
        plain=N_("A model that learns from text written by models is damaged for good: the rare "
                 "things in the real text disappear."),
        citation="Shumailov, Shumaylov, Zhao, Papernot, Anderson & Gal, “AI models collapse when "
        "trained on recursively generated data”, Nature 631, 755–759 (2024)",
        model="OPT-125m",
        setting=N_("Fine-tuned on wikitext2, then each generation fine-tuned on text written by "
                   "the one before, with no original data kept, or with 10% of it kept."),
        finding="indiscriminate use of model-generated content in training causes irreversible "
        "defects in the resulting models, in which tails of the original content distribution "
        "disappear",
        where=N_("the abstract"),
        url="https://doi.org/10.1038/s41586-024-07566-y",
    ),
    Published(
        plain=N_("It happened to every kind of model the study tried: the rare things go first, "
                 "and in the end the model gives almost the same answer every time."),
        citation="Shumailov et al., Nature 631, 755–759 (2024)",
        model=N_("Every model it tried"),
        setting=N_("The same study, on every model it tried (Gaussian mixtures, variational "
                   "autoencoders and language models)."),
        finding="over time, models start losing information about the true distribution, which "
        "first starts with tails disappearing, and learned behaviours converge over the "
        "generations to a point estimate with very small variance",
        where=N_("the introduction (Main)"),
        url="https://doi.org/10.1038/s41586-024-07566-y",
    ),
    Published(
        plain=N_("Before any copying, learning from real human text made the model much better at "
                 "predicting real text."),
        citation="Shumailov et al., Nature 631, 755–759 (2024)",
        model="OPT-125m",
        setting=N_("Generation 0: the model fine-tuned on human-written text (wikitext2), "
                   "scored on real text it has not seen (perplexity: lower is better)."),
        finding="The original model fine-tuned with real wikitext2 data obtains 34 mean "
        "perplexity, from the zero-shot baseline of 115, that is, it successfully learns the task",
        where=N_("the section on language models, p. 757"),
        url="https://doi.org/10.1038/s41586-024-07566-y",
    ),
    Published(
        plain=N_("When each model learned only from the text of the model before it, it got worse "
                 "at predicting real text."),
        citation="Shumailov et al., Nature 631, 755–759 (2024)",
        model="OPT-125m",
        setting=N_("Each generation trained for five epochs on text written by the one before, "
                   "with no original data kept."),
        finding="We find that training with generated data allows us to adapt to the underlying "
        "task, losing some performance, from 20 to 28 perplexity points",
        where=N_("the section on language models, p. 757"),
        url="https://doi.org/10.1038/s41586-024-07566-y",
    ),
    Published(
        plain=N_("Keeping some real human text in every round of training kept the models almost "
                 "as good."),
        citation="Shumailov et al., Nature 631, 755–759 (2024)",
        model="OPT-125m",
        setting=N_("Each generation trained for ten epochs, with a random 10% of the original "
                   "data mixed into every new generation's training."),
        finding="We find that preservation of the original data allows for better model "
        "fine-tuning and leads to only minor degradation of performance",
        where=N_("the section on language models, p. 757"),
        url="https://doi.org/10.1038/s41586-024-07566-y",
    ),
    Published(
        plain=N_("GPT-2, trained again and again on its own writing, got worse and began "
                 "repeating itself."),
        citation="Herel & Mikolov, “Collapse of Self-trained Language Models”, arXiv:2404.02305 "
        "(2024)",
        model="GPT-2",
        setting=N_("GPT-2 trained again and again on its own output."),
        finding="extended self-training of the GPT-2 model leads to a significant degradation in "
        "performance, resulting in repetitive and collapsed token output",
        where=N_("the abstract"),
        url="https://arxiv.org/abs/2404.02305",
    ),
    Published(
        plain=N_("Models trained on text written by models kept getting worse, until they were no "
                 "better than a model that had learned nothing, and they repeated themselves a "
                 "lot."),
        citation="Wang et al., “Why language models collapse when trained on recursively "
        "generated text”, arXiv:2412.14872 (2024)",
        model=N_("Language models"),
        setting=N_("Each generation trained on text written by the one before."),
        finding="the performance of LMs gradually declines when trained on recursively generated "
        "text until they perform no better than a randomly initialized LM. The trained LMs "
        "produce large amounts of repetitive text",
        where=N_("the abstract"),
        url="https://arxiv.org/abs/2412.14872",
    ),
)

