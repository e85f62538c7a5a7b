"""Closed-form theory for recursive fitting: one Gaussian, categories, and a fixed-bandwidth KDE.

Vocabulary as in DESIGN.md section 2: truth N(mu0, s0^2), N = sample_size items per training
set, generation 0 is the model fit to the original sample (so generation g has been fit g + 1
times), c = (N - 1) / N. Every per-generation function returns a float array of length
generations + 1, indexed by generation 0..G.
"""

from __future__ import annotations

import math
import numbers

import numpy as np
from scipy.special import digamma

from collapse_core.settings import rounded_count, scheduled_share

ESTIMATORS = ("mle", "unbiased")
SCHEMES = ("replace", "accumulate")
HUMAN_DATA_KINDS = ("original", "fresh")


class NoClosedForm(ValueError):
    """Raised when a combination of settings has no closed-form expected variance."""


# --- validation ---------------------------------------------------------------------------


def _check_generations(generations) -> int:
    """The number of generations G as an int >= 0."""
    if isinstance(generations, bool) or not isinstance(generations, numbers.Integral):
        raise ValueError(f"generations must be an integer >= 0, got {generations!r}")
    if generations < 0:
        raise ValueError(f"generations must be >= 0, got {generations}")
    return int(generations)


def _check_sample_size(sample_size) -> int:
    """The sample size N as an int >= 2."""
    if isinstance(sample_size, bool) or not isinstance(sample_size, numbers.Integral):
        raise ValueError(f"sample_size must be an integer >= 2, got {sample_size!r}")
    if sample_size < 2:
        raise ValueError(f"sample_size must be >= 2, got {sample_size}")
    return int(sample_size)


def _check_positive(name: str, value) -> float:
    """A finite float > 0."""
    value = float(value)
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return value


def _check_unit(name: str, value) -> float:
    """A float in [0, 1]."""
    value = float(value)
    if not 0.0 <= value <= 1.0:  # also rejects nan
        raise ValueError(f"{name} must be between 0 and 1, got {value!r}")
    return value


def _check_choice(name: str, value, choices) -> str:
    """One of a fixed set of strings."""
    if value not in choices:
        raise ValueError(f"{name} must be one of {choices}, got {value!r}")
    return value


def _generation_index(generations) -> np.ndarray:
    """Generation numbers 0..G as floats."""
    return np.arange(_check_generations(generations) + 1, dtype=float)


# --- expected variance of the fitted Gaussian ----------------------------------------------


def expected_variance_mle(generations, sample_size, s0=1.0, temperature=1.0) -> np.ndarray:
    """E[var_g] = s0^2 c (t c)^g for the MLE, scheme replace, sampling at temperature t.

    Generation 0 is fit to human data (no temperature); each later generation samples N points
    with variance t * var_{g-1}, and E[MLE variance | previous] = c * t * var_{g-1}.
    """
    g = _generation_index(generations)
    c = (_check_sample_size(sample_size) - 1) / sample_size
    s0 = _check_positive("s0", s0)
    t = _check_positive("temperature", temperature)
    return s0**2 * c * (t * c) ** g


def expected_variance_unbiased(generations, sample_size, s0=1.0, temperature=1.0) -> np.ndarray:
    """E[var_g] = s0^2 t^g for the unbiased estimator (divide by N-1), scheme replace.

    Derived: generation 0 is unbiased for s0^2; each later refit sees N points of variance
    t * var_{g-1} and is unbiased for it, so E[var_g] = t E[var_{g-1}]. At t = 1 it is the
    martingale s0^2 (although var_g -> 0 almost surely). Does not depend on N.
    """
    g = _generation_index(generations)
    _check_sample_size(sample_size)
    s0 = _check_positive("s0", s0)
    t = _check_positive("temperature", temperature)
    return s0**2 * t**g


def expected_variance_accumulate(generations, sample_size, s0=1.0) -> np.ndarray:
    """E[var_g] = s0^2 prod_{k=1..g+1} (1 - 1/(N k^2)): MLE, scheme accumulate, equal weights, t=1.

    Generation g is fit to all (g + 1) N items so far (Gerstgrasser et al. 2024); the product
    tends to accumulate_limit(N, s0), bounded away from 0.
    """
    g = _generation_index(generations)
    n = _check_sample_size(sample_size)
    s0 = _check_positive("s0", s0)
    k = g + 1.0
    return s0**2 * np.cumprod(1.0 - 1.0 / (n * k**2))


def _fractions(generations: int, value, name: str) -> np.ndarray:
    """The fraction of each generation 1..G: one number for all, or a sequence of G numbers."""
    if np.ndim(value) == 0:
        return np.full(generations, _check_unit(name, value))
    fractions = np.asarray(value, dtype=float)
    if fractions.shape != (generations,):
        raise ValueError(f"{name} must be a number or {generations} numbers (generations "
                         f"1..{generations}), got shape {fractions.shape}")
    for a in fractions:
        _check_unit(name, a)
    return fractions


def _iterate(step, generations, sample_size, fraction, name):
    """(E[var_g], second moment) for g = 0..G: from (1, 0), generation 0 is a step with a = 1,
    then one step per generation with its fraction; s0 = 1."""
    big_g = _check_generations(generations)
    n = _check_sample_size(sample_size)
    fractions = _fractions(big_g, fraction, name)
    e_out, v_out = np.empty(big_g + 1), np.empty(big_g + 1)
    e, v = step(1.0, 0.0, 1.0, n)
    e_out[0], v_out[0] = e, v
    for gen, a in enumerate(fractions, start=1):
        e, v = step(e, v, a, n)
        e_out[gen], v_out[gen] = e, v
    return e_out, v_out


def _fresh_step(e, v, a, n):
    """One refit with fraction a fresh from the truth N(mu0, 1): (E[var], E[(mean-mu0)^2])."""
    c = (n - 1) / n
    pooled = a + (1.0 - a) * e
    return c * pooled + a * (1.0 - a) * v, pooled / n + (1.0 - a) ** 2 * v


def _fresh_moments(generations, sample_size, fresh_fraction, s0):
    """E[var_g] and E[(mean_g - mu0)^2] for the MLE with fresh fractions, replace, t=1."""
    s0sq = _check_positive("s0", s0) ** 2
    e, v = _iterate(_fresh_step, generations, sample_size, fresh_fraction, "fresh_fraction")
    return s0sq * e, s0sq * v


def expected_variance_fresh(generations, sample_size, fresh_fraction, s0=1.0) -> np.ndarray:
    """E[var_g] for the MLE, replace, t=1, a fraction a of each training set fresh from the truth.

    With E = E[var], v = E[(mean - mu0)^2] and P = a s0^2 + (1-a) E, one refit maps
    E' = c P + a(1-a) v and v' = P / N + (1-a)^2 v. Start from the truth (E = s0^2, v = 0), apply
    once with a = 1 (generation 0), then with each later generation's a: fresh_fraction is one
    number for all, or a sequence of G (generations 1..G: a share that changes, as when the web
    fills with AI content). Exact when a N is an integer (the number of fresh items); with a
    constant a it tends to fresh_fixed_point(N, a, s0).
    """
    return _fresh_moments(generations, sample_size, fresh_fraction, s0)[0]


def _original_step(e, d, a, n):
    """One refit with k = a N items drawn without replacement from the original sample, per
    unit of its variance S0: (E[var | sample], E[(mean - its mean)^2 | sample]) -> next."""
    c = (n - 1) / n
    return (a * (n - 2 + a) / (n - 1) + c * (1.0 - a) * e + a * (1.0 - a) * d,
            a * (1.0 - a) / (n - 1) + (1.0 - a) ** 2 * d + (1.0 - a) * e / n)


def expected_variance_original(generations, sample_size, human_fraction, s0=1.0
                               ) -> np.ndarray:
    """E[var_g] for the MLE, replace, t=1, a fraction a of each training set drawn without
    replacement from the kept original sample (one number, or G: see expected_variance_fresh).

    Given the original sample (mean m0, variance S0 dividing by N), its k = a N items have
    E[variance] = S0 (k-1)/k N/(N-1) and Var[mean] = S0 (N-k) / (k (N-1)); with E = E[var] and
    d = E[(mean - m0)^2], one refit maps E' = S0 a (N-2+a)/(N-1) + c (1-a) E + a(1-a) d and
    d' = S0 a(1-a)/(N-1) + (1-a)^2 d + (1-a) E / N, from E = S0, d = 0 at generation 0. Both
    are proportional to S0, and E[S0] = c s0^2. Exact when a N is an integer; E + d = S0.
    """
    s0sq = _check_positive("s0", s0) ** 2
    e, _ = _iterate(_original_step, generations, sample_size, human_fraction, "human_fraction")
    n = _check_sample_size(sample_size)
    return s0sq * (n - 1) / n * e


def effective_fresh_fraction(sample_size, fresh_fraction) -> float:
    """The fraction the simulator uses: round(a N) / N with halves up (Settings.human_count)."""
    n = _check_sample_size(sample_size)
    a = _check_unit("fresh_fraction", fresh_fraction)
    return rounded_count(a, n) / n


def human_fractions(generations, sample_size, start, end=None, ramp_generations=30
                    ) -> np.ndarray:
    """The human fraction of generations 1..G as the simulator uses it (Settings.human_count_at):
    the share f0 + (f1 - f0) min(g - 1, K) / K (f0 if f1 is None), rounded to whole items."""
    big_g = _check_generations(generations)
    n = _check_sample_size(sample_size)
    start = _check_unit("fresh_fraction", start)
    if end is not None:
        end = _check_unit("fresh_fraction_end", end)
    if isinstance(ramp_generations, bool) or not isinstance(ramp_generations, numbers.Integral) \
            or ramp_generations < 1:
        raise ValueError(f"ramp_generations must be an integer >= 1, got {ramp_generations!r}")
    return np.array([rounded_count(scheduled_share(g, start, end, int(ramp_generations)), n) / n
                     for g in range(1, big_g + 1)])


def expected_variance(
    generations,
    sample_size,
    *,
    estimator="mle",
    s0=1.0,
    temperature=1.0,
    scheme="replace",
    fresh_fraction=0.0,
    human_data="fresh",
    fresh_fraction_end=None,
    ramp_generations=30,
) -> np.ndarray:
    """Closed-form E[var_g] of the fitted Gaussian for generations 0..G, or raise NoClosedForm.

    fresh_fraction is the human fraction f, used as the training set uses it: round(f N) / N,
    halves up; with fresh_fraction_end it changes over ramp_generations as Settings does (see
    human_fractions). Covered: MLE replace at any temperature; unbiased replace at any
    temperature; MLE accumulate at t = 1 without human data; MLE replace with fresh human data
    at t = 1. Human data re-drawn from the kept original sample (human_data="original") raises
    NoClosedForm here; expected_variance_original has the MLE, replace, t = 1 case.
    """
    big_g = _check_generations(generations)
    n = _check_sample_size(sample_size)
    _check_choice("estimator", estimator, ESTIMATORS)
    _check_choice("scheme", scheme, SCHEMES)
    _check_positive("s0", s0)
    t = _check_positive("temperature", temperature)
    _check_choice("human_data", human_data, HUMAN_DATA_KINDS)
    # Whether any generation has human data (generation 1's share, even for G = 0).
    fractions = human_fractions(max(big_g, 1), n, fresh_fraction, fresh_fraction_end,
                                ramp_generations)
    a = fractions.max()
    if a > 0 and human_data == "original":
        raise NoClosedForm(
            "There is no exact formula when the human data comes from the original sample "
            "(it is reused, not fresh); only the simulation can show it."
        )

    if scheme == "accumulate":
        if estimator != "mle":
            raise NoClosedForm(
                "There is no exact formula for accumulating data with the unbiased estimator; "
                "only the simulation can show it."
            )
        if a > 0 or t != 1.0:
            raise NoClosedForm(
                "There is no exact formula for accumulating data together with fresh human "
                "data or a temperature other than 1; only the simulation can show it."
            )
        return expected_variance_accumulate(generations, n, s0)
    if a > 0:
        if estimator != "mle" or t != 1.0:
            raise NoClosedForm(
                "The exact formula with fresh human data covers only the maximum-likelihood "
                "fit at temperature 1; only the simulation can show this setting."
            )
        return expected_variance_fresh(generations, n, fractions[:big_g], s0)
    if estimator == "mle":
        return expected_variance_mle(generations, n, s0, t)
    return expected_variance_unbiased(generations, n, s0, t)


# --- other Gaussian quantities -------------------------------------------------------------


def variance_of_mean(generations, sample_size, estimator="mle", s0=1.0) -> np.ndarray:
    """Var[mean_g] for replace at t = 1: MLE s0^2 (1 - c^(g+1)); unbiased s0^2 (g+1) / N.

    Each refit adds E[var_{g-1}] / N to the variance of the mean (and the mean is unbiased).
    """
    g = _generation_index(generations)
    n = _check_sample_size(sample_size)
    _check_choice("estimator", estimator, ESTIMATORS)
    s0 = _check_positive("s0", s0)
    if estimator == "mle":
        return s0**2 * (1.0 - ((n - 1) / n) ** (g + 1))
    return s0**2 * (g + 1) / n


def expected_log_variance_shift(generations, sample_size, estimator="mle") -> np.ndarray:
    """E[ln var_g] - ln s0^2 = (g+1)[psi((N-1)/2) + ln 2 - ln N] (MLE) or ln(N-1) (unbiased).

    Each refit multiplies the variance by an independent chi2_{N-1} / N (or / (N-1)), and
    E[ln chi2_k] = psi(k/2) + ln 2. Replace scheme, t = 1.
    """
    g = _generation_index(generations)
    n = _check_sample_size(sample_size)
    _check_choice("estimator", estimator, ESTIMATORS)
    divisor = n if estimator == "mle" else n - 1
    step = float(digamma((n - 1) / 2)) + math.log(2.0) - math.log(divisor)
    return (g + 1) * step


def typical_variance(generations, sample_size, estimator="mle", s0=1.0) -> np.ndarray:
    """Geometric-mean variance s0^2 exp(E[ln var_g] - ln s0^2): what a typical run does.

    It shrinks geometrically even for the unbiased estimator, whose mean stays at s0^2.
    """
    shift = expected_log_variance_shift(generations, sample_size, estimator)
    return _check_positive("s0", s0) ** 2 * np.exp(shift)


def accumulate_limit(sample_size, s0=1.0) -> float:
    """Limit of the accumulate E[var]: s0^2 sin(pi/sqrt N) / (pi/sqrt N)."""
    x = math.pi / math.sqrt(_check_sample_size(sample_size))
    return _check_positive("s0", s0) ** 2 * math.sin(x) / x


def fresh_fixed_point(sample_size, fresh_fraction, s0=1.0) -> float:
    """Fixed point of the fresh-data iteration: s0^2 (1 - 1/D), D = 1 - a + a N (2 - a).

    At a = 0 this is 0 (plain collapse); at a = 1 it is s0^2 c.
    """
    n = _check_sample_size(sample_size)
    a = _check_unit("fresh_fraction", fresh_fraction)
    d = 1.0 - a + a * n * (2.0 - a)
    return _check_positive("s0", s0) ** 2 * (1.0 - 1.0 / d)


# --- categories and KDE --------------------------------------------------------------------


def gini_simpson(generations, sample_size, h0) -> np.ndarray:
    """E[1 - sum p^2] of a multinomial MLE refit each generation: H0 (1 - 1/N)^(g+1)."""
    g = _generation_index(generations)
    n = _check_sample_size(sample_size)
    h0 = _check_unit("h0", h0)
    return h0 * (1.0 - 1.0 / n) ** (g + 1)


def category_survival(generations, sample_size, p) -> np.ndarray:
    """Approximate P(category of probability p is still present at generation g).

    1 - exp(-N p g_k) after k = g + 1 refits, g_1 = 1, g_{k+1} = 1 - exp(-g_k) (g_k ~ 2/k):
    a Poisson(N p) number of copies, each starting a critical Poisson(1) branching line.
    Accurate for small p; no human data.
    """
    big_g = _check_generations(generations)
    n = _check_sample_size(sample_size)
    p = _check_unit("p", p)
    gk = np.empty(big_g + 1)
    gk[0] = 1.0
    for k in range(1, big_g + 1):
        gk[k] = -math.expm1(-gk[k - 1])
    return -np.expm1(-n * p * gk)


def kde_expected_spread(generations, sample_size, bandwidth, s0=1.0) -> np.ndarray:
    """E[variance of generation g's KDE model] for a fixed bandwidth h, data from N(mu0, s0^2).

    Generation g's model is its N training points, each blurred by N(0, h^2); its variance is
    S_g + h^2, with S_g the training set's variance (divide by N). Sampling N points from it and
    refitting gives E[S_g] = c (E[S_{g-1}] + h^2) with E[S_0] = c s0^2, so
    E[S_g] = c^(g+1) s0^2 + h^2 c (1 - c^g) / (1 - c); the returned value is E[S_g] + h^2,
    which tends to N h^2: the KDE does not narrow, it blurs.
    """
    g = _generation_index(generations)
    n = _check_sample_size(sample_size)
    h = float(bandwidth)
    if not (math.isfinite(h) and h >= 0):
        raise ValueError(f"bandwidth must be a finite number >= 0, got {bandwidth!r}")
    s0 = _check_positive("s0", s0)
    c = (n - 1) / n
    spread = c ** (g + 1) * s0**2 + h**2 * c * (1.0 - c**g) / (1.0 - c)
    return spread + h**2
