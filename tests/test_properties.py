"""Property tests: the continuous models survive every corner of the parameter space."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collapse_core import Settings, build_experiment, simulate
from collapse_core.families.continuous.experiment import ContinuousExperiment
from collapse_core.families.continuous.gaussian import GaussianModel
from collapse_core.families.continuous.kde import KDEModel
from collapse_core.families.continuous.metrics import CONTINUOUS_METRICS
from collapse_core.families.continuous.mixture import MixtureModel
from collapse_core.families.continuous.sources import PRESETS, ContinuousSource, continuous_source
from collapse_core.settings import MAX_GENERATIONS, MAX_TEMPERATURE

COLUMNS = ["run", "generation", *CONTINUOUS_METRICS]
EPS = 1e-12  # probabilities are sums of CDF values: allow rounding at the last bits


def check_table(table: pd.DataFrame, runs: int, generations: int) -> None:
    """The invariants every metrics table must satisfy."""
    assert list(table.columns) == COLUMNS
    assert len(table) == runs * (generations + 1)
    values = table[list(CONTINUOUS_METRICS)].to_numpy(dtype=float)
    assert not np.isnan(values).any(), table[table.isna().any(axis=1)]
    assert np.isfinite(table["mean"]).all()
    assert (table["std"] >= 0).all()
    assert (table["wasserstein"] >= -EPS).all()
    assert table["tail_mass"].between(-EPS, 1 + EPS).all()
    assert table["rare_mode_mass"].between(-EPS, 1 + EPS).all()
    assert (table["modes"] >= 0).all()


def check_example(example: dict, generations: int) -> None:
    density = example["density"]
    assert density.shape == (generations + 1, 240)
    assert np.isfinite(density).all() and (density >= 0).all()


model_options = st.one_of(
    st.tuples(st.just("gaussian"), st.fixed_dictionaries(
        {"estimator": st.sampled_from(["mle", "unbiased"])})),
    st.tuples(st.just("mixture"), st.fixed_dictionaries(
        {"components": st.integers(1, 10)})),
    st.tuples(st.just("kde"), st.fixed_dictionaries(
        {"bandwidth": st.one_of(st.sampled_from(["scott", "silverman"]),
                                st.floats(0.001, 10.0))})),
)

recursion_settings = st.builds(
    Settings,
    generations=st.integers(0, 30),
    sample_size=st.integers(2, 300),
    human_fraction=st.floats(0.0, 1.0),
    human_data=st.sampled_from(["original", "fresh"]),
    scheme=st.sampled_from(["replace", "accumulate"]),
    temperature=st.floats(0.1, MAX_TEMPERATURE),
    seed=st.integers(0, 2**63 - 1),
    runs=st.integers(1, 2),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(model=model_options, source=st.sampled_from(sorted(PRESETS)), config=recursion_settings)
def test_any_settings_give_a_valid_table(model, source, config):
    name, options = model
    with np.errstate(all="ignore"):  # spikes overflow (x - m) / sd harmlessly
        result = simulate(build_experiment(name, source=source, **options), config)
    check_table(result.metrics, config.runs, config.generations)
    check_example(result.example, config.generations)


@settings(max_examples=25, deadline=None)
@given(model=model_options, config=recursion_settings)
def test_same_settings_same_table(model, config):
    name, options = model
    config = Settings(**{**config.__dict__, "generations": min(config.generations, 8)})
    with np.errstate(all="ignore"):
        first = simulate(build_experiment(name, **options), config)
        second = simulate(build_experiment(name, **options), config)
    pd.testing.assert_frame_equal(first.metrics, second.metrics)


# --- degenerate cases, explicitly ------------------------------------------------------------


@dataclass(frozen=True)
class ConstantSource(ContinuousSource):
    """A source whose original sample is one value repeated: every model's worst day."""

    value: float = 1.5

    def original(self, n: int, rng: np.random.Generator) -> np.ndarray:
        return np.full(n, self.value)


def _constant_source(name: str = "bell") -> ConstantSource:
    base = continuous_source(name)
    return ConstantSource("constant", "always 1.5", base.distribution)


MODEL_FACTORIES = {
    "gaussian-mle": lambda: GaussianModel("mle"),
    "gaussian-unbiased": lambda: GaussianModel("unbiased"),
    "mixture-3": lambda: MixtureModel(3),
    "mixture-10": lambda: MixtureModel(10),
    "kde-scott": lambda: KDEModel("scott"),
    "kde-silverman": lambda: KDEModel("silverman"),
    "kde-0.2": lambda: KDEModel(0.2),
}


@pytest.mark.parametrize("factory", sorted(MODEL_FACTORIES))
@pytest.mark.parametrize(
    ("fraction", "kind", "scheme"),
    [(0.0, "original", "replace"), (0.5, "original", "accumulate"), (0.5, "fresh", "replace")],
)
def test_all_points_equal(factory, fraction, kind, scheme):
    source = _constant_source("three-modes")
    config = Settings(generations=12, sample_size=20, human_fraction=fraction, human_data=kind,
                      scheme=scheme, runs=2, seed=1)
    with np.errstate(all="ignore"):
        result = simulate(ContinuousExperiment(source, MODEL_FACTORIES[factory]), config)
    check_table(result.metrics, 2, 12)
    check_example(result.example, 12)
    first = result.metrics.iloc[0]
    assert first["mean"] == pytest.approx(1.5)
    if fraction == 0.0 and not factory.startswith("kde-0"):
        # Nothing but the one value ever: Gaussians and rule-of-thumb KDEs (bandwidth 0) stay
        # an exact spike at 1.5; mixtures keep scikit-learn's reg_covar (sd 1e-3 per component)
        # so they wander a little, by ~1e-3 / sqrt(N) per generation.
        exact = not factory.startswith("mixture")
        tolerance = 0.0 if exact else 0.05
        assert np.all(np.abs(result.metrics["mean"] - 1.5) <= tolerance)
        assert (result.metrics["std"] <= tolerance + (0.0 if exact else 1e-3)).all()


@pytest.mark.parametrize("factory", sorted(MODEL_FACTORIES))
@pytest.mark.parametrize("scheme", ["replace", "accumulate"])
def test_two_points(factory, scheme):
    config = Settings(generations=30, sample_size=2, scheme=scheme, runs=3, seed=2,
                      human_fraction=0.5)
    with np.errstate(all="ignore"):
        result = simulate(ContinuousExperiment(continuous_source("two-groups"),
                                               MODEL_FACTORIES[factory]), config)
    check_table(result.metrics, 3, 30)


@pytest.mark.parametrize("estimator", ["mle", "unbiased"])
@pytest.mark.parametrize("temperature", [0.1, 1.0, MAX_TEMPERATURE])
def test_gaussian_500_generations_of_two_points(estimator, temperature):
    config = Settings(generations=500, sample_size=2, temperature=temperature, seed=3)
    with np.errstate(all="ignore"):
        result = simulate(build_experiment("gaussian", estimator=estimator), config)
    check_table(result.metrics, 1, 500)
    check_example(result.example, 500)
    # With N = 2 each refit multiplies the variance by chi2_1 / 2 (or / 1): E[ln] per step is
    # psi(1/2) + ln 2 - ln 2 = -1.96 (or -1.27), plus ln t. Almost surely collapsed by the end.
    last = result.metrics["std"].iloc[-1]
    assert last < 1e-10
    assert math.isfinite(result.metrics["wasserstein"].iloc[-1])


@pytest.mark.parametrize("model", ["gaussian", "kde"])
def test_largest_temperature_stays_finite(model):
    config = Settings(generations=MAX_GENERATIONS, sample_size=50, temperature=MAX_TEMPERATURE,
                      seed=4)
    with np.errstate(over="raise", invalid="raise"):  # no overflow or NaN, not even silenced
        result = simulate(build_experiment(model), config)
    check_table(result.metrics, 1, MAX_GENERATIONS)
