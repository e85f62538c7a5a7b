"""The digits family's card: 8 x 8 handwritten digits and a PCA + Gaussian-mixture image model."""

from __future__ import annotations

from collapse_core.families.digits.detector import ImageDetector
from collapse_core.families.digits.metrics import ENTROPY_FELL
from collapse_core.family import Cost, FamilyCard, FilterSetup, Number, Option

COMPONENTS = 10  # bell curves in the summary space, by default
LATENT_DIMS = 10  # numbers each image is summarised by, by default


def _digits(components: int, latent_dims: int):
    from collapse_core.families.digits.experiment import DigitsExperiment

    return DigitsExperiment(latent_dims, components)


DIGITS = FamilyCard(
    model="digits", family="digits", build=_digits,
    options=(
        Option("components", COMPONENTS, "digits: bell curves in the image model's summary "
               f"space, 1 to 30 (default {COMPONENTS})", type=Number(int, 1, 30)),
        Option("latent_dims", LATENT_DIMS, "digits: numbers each 8x8 image is summarised by "
               f"(PCA), 1 to 40 (default {LATENT_DIMS}); too few and the model cannot draw "
               "digits well", type=Number(int, 1, 40)),
    ),
    sample_size=500, cost=Cost(8.0e-3, 15e-6), learned_filter_cost=Cost(11e-3, 50e-6),
    scales_with=("components", "latent_dims"),
    headline="digit_entropy", alarm=ENTROPY_FELL, detector=ImageDetector,
    filter_setup=FilterSetup((), 30, 500, 1),
)
CARDS = (DIGITS,)
