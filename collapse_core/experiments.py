"""One place that turns a model name and its options into an experiment to simulate."""

from __future__ import annotations

from importlib import import_module

from collapse_core.families.hiring import card as hiring_card
from collapse_core.sources import continuous_source

MODELS = ("gaussian", "mixture", "kde", "markov", "digits")
# Families that describe themselves in a card (collapse_core/families/<name>/card.py): until
# the registry of issue 16 lists every family, they are listed here.
CARD_FAMILIES = ("hiring",)
DEFAULT_SOURCE = {"gaussian": "bell", "mixture": "three-modes", "kde": "three-modes"}
DEFAULT_SAMPLE_SIZE = {"gaussian": 100, "mixture": 1000, "kde": 1000, "markov": 5000,
                       "digits": 500, "hiring": hiring_card.DEFAULT_SAMPLE_SIZE}
DEFAULT_COMPONENTS = {"mixture": 3, "digits": 10}
DEFAULT_LATENT_DIMS = 10


def build_experiment(
    model: str,
    *,
    source: str | None = None,
    estimator: str = "mle",
    components: int | None = None,
    bandwidth: str | float = "scott",
    order: int = 2,
    top_k: int | None = None,
    corpus: str = "kjv",
    corpus_text: str | bytes | None = None,
    latent_dims: int = DEFAULT_LATENT_DIMS,
    **family_options,
):
    """The experiment for `model` with its options; clear ValueErrors for bad ones.

    For markov, `corpus_text` (the reader's own text) takes the place of a named corpus.
    For digits, `latent_dims` and `components` set the image model's capacity. A family with
    a card (CARD_FAMILIES) takes its own options, and only those.
    """
    if model in CARD_FAMILIES:
        return family_card(model).build(**family_options)
    if family_options:
        raise ValueError(f"{model} has no option {next(iter(family_options))!r}")
    if components is None:
        components = DEFAULT_COMPONENTS.get(model)
    if model == "digits":
        from collapse_core.digits import DigitsExperiment

        return DigitsExperiment(latent_dims, components)
    if model == "markov":
        from collapse_core.text_experiment import TextExperiment

        if corpus_text is not None:
            return TextExperiment.from_text(corpus_text, order=order, top_k=top_k)
        return TextExperiment.from_corpus_name(corpus, order=order, top_k=top_k)
    if model not in MODELS:
        raise ValueError(f"unknown model {model!r}; choose one of {', '.join(MODELS)}")
    from collapse_core.continuous_experiment import ContinuousExperiment

    chosen = continuous_source(source or DEFAULT_SOURCE[model])
    if model == "gaussian":
        from collapse_core.gaussian import GaussianModel

        GaussianModel(estimator)  # check the option once, before any run starts
        return ContinuousExperiment(chosen, lambda: GaussianModel(estimator))
    if model == "mixture":
        from collapse_core.mixture import MixtureModel

        MixtureModel(components)
        return ContinuousExperiment(chosen, lambda: MixtureModel(components))
    from collapse_core.kde import KDEModel

    KDEModel(bandwidth)
    return ContinuousExperiment(chosen, lambda: KDEModel(bandwidth))


def family_card(model: str):
    """The card of a family in CARD_FAMILIES (its module)."""
    return import_module(f"collapse_core.families.{model}.card")
