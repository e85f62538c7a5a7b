"""A character-level MLP language model (Bengio et al. 2003; Karpathy's makemore), in numpy.

The next character of an item is predicted from the last `context` characters: each is looked
up in a shared embedding table, the embeddings side by side go through one tanh hidden layer,
and a softmax gives the next character's probabilities; character 0 ends an item (and pads
the context before its start). Trained with Adam on minibatches.

Why numpy and not scikit-learn's MLPClassifier (measured with benchmarks/bench_neural.py, same
layer sizes, solver, batch, rate and passes): MLPClassifier took about twice the CPU time to
train a generation (1.5-2.0 times, names and Chinese words), and it cannot be this model: it has
no shared embedding (it learns from one-hot contexts, K x V inputs: 1,437 for Chinese words),
and it draws its randomness from a RandomState rather than the run's Generator. The model here
is a few matrix products, written out below; tests/test_neural.py checks its gradient against
finite differences.
"""

from __future__ import annotations

import numbers

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

END = 0  # id of the end (and start) token; character i of the alphabet has id i + 1
ADAM_BETAS = (0.9, 0.999)
ADAM_EPS = 1e-8


def encode(items: np.ndarray, alphabet: str) -> np.ndarray:
    """Items as a matrix of character ids (one row each, END-padded, one END column more)."""
    items = np.asarray(items, dtype=str)
    width = max(1, items.dtype.itemsize // 4)
    codes = items.astype(f"<U{width}").view(np.uint32).reshape(len(items), width)
    table = np.array([ord(c) for c in alphabet], dtype=np.uint32)
    ids = np.searchsorted(table, codes) + 1  # the alphabet is in code point order
    ids[codes == 0] = END
    return np.pad(ids, ((0, 0), (0, 1)))


def decode(ids: np.ndarray, alphabet: str) -> np.ndarray:
    """Rows of character ids (ended by END) as strings."""
    chars = np.array(["", *alphabet])
    ids = np.where(np.cumsum(ids == END, axis=1) > 0, END, ids)
    return np.array(["".join(row) for row in chars[ids].tolist()], dtype=str)


def examples(ids: np.ndarray, context: int) -> tuple[np.ndarray, np.ndarray]:
    """Every (last `context` ids, next id) pair of END-padded items, up to each item's END."""
    padded = np.pad(ids, ((0, 0), (context, 0)))
    windows = sliding_window_view(padded[:, :-1], context, axis=1)
    lengths = np.argmax(ids == END, axis=1)
    keep = np.arange(ids.shape[1]) <= lengths[:, None]
    return windows[keep], ids[keep]


class CharMLP:
    """The model: `context` characters in, an embedding of `embedding` numbers each, `hidden`
    tanh units, a softmax over the alphabet and END; `epochs` passes of Adam over the training
    examples in minibatches of `batch`, learning rate `lr`. Decoding: logits divided by the
    temperature, and `top_k` keeps only the k likeliest next characters."""

    def __init__(self, alphabet: str, context: int = 3, hidden: int = 64, embedding: int = 8,
                 epochs: int = 25, batch: int = 128, lr: float = 0.02,
                 top_k: int | None = None, max_length: int = 32):
        for name, value, low, high in (("context", context, 1, 8), ("hidden", hidden, 1, 512),
                                       ("embedding", embedding, 1, 64), ("epochs", epochs, 1, 500),
                                       ("batch", batch, 1, 100_000),
                                       ("max_length", max_length, 1, 256)):
            _check_int(name, value, low, high)
        if top_k is not None:
            _check_int("top_k", top_k, 1, None)
        if not (isinstance(lr, numbers.Real) and np.isfinite(lr) and 0 < lr <= 1):
            raise ValueError(f"lr must be a number above 0 and at most 1, not {lr!r}")
        if not alphabet:
            raise ValueError("the alphabet must have at least one character")
        self.alphabet, self.context = alphabet, context
        self.hidden, self.embedding = hidden, embedding
        self.epochs, self.batch, self.lr, self.top_k = epochs, batch, lr, top_k
        self.max_length = max_length

    def __repr__(self):
        return (f"CharMLP({len(self.alphabet)} characters, context={self.context}, "
                f"hidden={self.hidden}, top_k={self.top_k})")

    @property
    def n_outputs(self) -> int:
        """Next characters to choose from: the alphabet and END."""
        return len(self.alphabet) + 1

    def init(self, rng: np.random.Generator) -> dict[str, np.ndarray]:
        """Fresh parameters: unit-normal embeddings, tanh-scaled first layer, small output."""
        v, d, h = self.n_outputs, self.embedding, self.hidden
        fan_in = self.context * d
        return {
            "C": rng.standard_normal((v, d)),
            "W1": rng.standard_normal((fan_in, h)) * (5 / 3) / np.sqrt(fan_in),
            "b1": np.zeros(h),
            "W2": rng.standard_normal((h, v)) * 0.1 / np.sqrt(h),
            "b2": np.zeros(v),
        }

    def loss_and_grad(self, params: dict, contexts: np.ndarray, targets: np.ndarray
                      ) -> tuple[float, dict[str, np.ndarray]]:
        """Mean cross-entropy (nats per character) of the targets and its gradient."""
        grads = {key: np.empty_like(p) for key, p in params.items()}
        return self._backprop(params, contexts, targets, grads), grads

    def _backprop(self, params: dict, contexts: np.ndarray, targets: np.ndarray,
                  grads: dict[str, np.ndarray]) -> float:
        """loss_and_grad's loss, its gradient written into `grads`' arrays (in fit, views of
        one vector). Every number is computed by the same operations in the same order as the
        plain formulas would, so that a seed keeps its runs; only copies are saved."""
        n, v, d = len(targets), len(params["C"]), self.embedding
        x = np.take(params["C"], contexts, axis=0).reshape(n, -1)  # C[contexts], quicker
        h = x @ params["W1"]
        h += params["b1"]
        np.tanh(h, out=h)
        logits = h @ params["W2"]
        logits += params["b2"]
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        total = p.sum(axis=1, keepdims=True)
        p /= total
        picked = np.arange(0, n * v, v) + targets  # each row's target, in the flat logits
        loss = float((np.log(total[:, 0]) - logits.ravel()[picked]).sum() / n)
        dlogits = p
        dlogits.ravel()[picked] -= 1.0
        dlogits /= n
        da = dlogits @ params["W2"].T
        slope = h * h
        np.subtract(1.0, slope, out=slope)
        da *= slope
        dx = da @ params["W1"].T
        # Each embedding's gradient sums over its uses, in order: one bincount over (id,
        # column) slots adds exactly as a bincount per column would, 2-3 times quicker than
        # np.add.at.
        slots = (contexts[..., None] * d + np.arange(d)).ravel()
        grads["C"][...] = np.bincount(slots, dx.ravel(), v * d).reshape(v, d)
        np.matmul(x.T, da, out=grads["W1"])
        np.sum(da, axis=0, out=grads["b1"])
        np.matmul(h.T, dlogits, out=grads["W2"])
        np.sum(dlogits, axis=0, out=grads["b2"])
        return loss

    def fit(self, items: np.ndarray, rng: np.random.Generator) -> CharMLP:
        """Learn from scratch (fresh parameters) to write items like these."""
        contexts, targets = examples(encode(items, self.alphabet), self.context)
        # One flat vector holds every parameter (the dict's arrays are views of it), and one
        # every gradient, so that an Adam step is a few operations on one vector rather than
        # on each array in turn.
        params, flat = _views(self.init(rng))
        grads, g = _views(params)
        m, v, scratch, step_size = (np.zeros_like(flat) for _ in range(4))
        (b1, b2), n = ADAM_BETAS, len(targets)
        self.losses_ = []
        for _ in range(self.epochs):
            order = rng.permutation(n)
            shuffled_contexts, shuffled_targets = contexts[order], targets[order]
            for start in range(0, n, self.batch):
                end = start + self.batch
                self.losses_.append(self._backprop(params, shuffled_contexts[start:end],
                                                   shuffled_targets[start:end], grads))
                step = len(self.losses_)
                # m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g g; written into buffers.
                m *= b1
                m += np.multiply(g, 1 - b1, out=scratch)
                v *= b2
                np.multiply(g, 1 - b2, out=scratch)
                v += np.multiply(scratch, g, out=scratch)
                np.sqrt(v, out=scratch)
                scratch += ADAM_EPS
                np.multiply(m, self.lr * np.sqrt(1 - b2**step) / (1 - b1**step), out=step_size)
                flat -= np.divide(step_size, scratch, out=step_size)
        self.params_ = params
        return self

    def logits(self, contexts: np.ndarray) -> np.ndarray:
        """Unnormalised log-probabilities of the next character after each context."""
        p = self.params_
        # In place where the plain formula would make a new array: the same numbers, and on
        # thousands of contexts the fresh memory cost more than the arithmetic.
        h = np.take(p["C"], contexts, axis=0).reshape(len(contexts), -1) @ p["W1"]
        h += p["b1"]
        logits = np.tanh(h, out=h) @ p["W2"]
        logits += p["b2"]
        return logits

    def log_prob(self, items: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Natural log-probability (at temperature 1, no top-k) of each item, END included, and
        how many characters each was scored on (its length + 1)."""
        ids = encode(items, self.alphabet)
        contexts, targets = examples(ids, self.context)
        logits = self.logits(contexts)
        top = logits.max(axis=1)
        picked = logits[np.arange(len(targets)), targets]
        logits -= top[:, None]
        logp = picked - top - np.log(np.exp(logits, out=logits).sum(axis=1))
        lengths = np.argmax(ids == END, axis=1) + 1
        return np.add.reduceat(logp, np.cumsum(lengths) - lengths), lengths

    def generate(self, n: int, rng: np.random.Generator, temperature: float = 1.0,
                 top_k: int | None = None) -> np.ndarray:
        """n new items, character by character (an item stops at END or max_length)."""
        if not (np.isfinite(temperature) and temperature > 0):
            raise ValueError(f"temperature must be a positive number, not {temperature!r}")
        top_k = self.top_k if top_k is None else top_k
        ids = np.zeros((n, self.max_length + 1), dtype=np.int64)
        window = np.zeros((n, self.context), dtype=np.int64)
        alive = np.arange(n)
        for position in range(self.max_length):
            if not alive.size:
                break
            logits = self.logits(window[alive])
            logits /= temperature
            if top_k is not None and top_k < logits.shape[1]:
                cut = np.partition(logits, -top_k, axis=1)[:, -top_k][:, None]
                logits = np.where(logits >= cut, logits, -np.inf)
            logits -= logits.max(axis=1, keepdims=True)
            cdf = np.cumsum(np.exp(logits, out=logits), axis=1)
            u = rng.random(alive.size) * cdf[:, -1]
            chosen = np.minimum((cdf < u[:, None]).sum(axis=1), logits.shape[1] - 1)
            ids[alive, position] = chosen
            window[alive] = np.column_stack([window[alive, 1:], chosen])
            alive = alive[chosen != END]
        return decode(ids, self.alphabet)

    def sample(self, n: int, rng: np.random.Generator, temperature: float = 1.0) -> np.ndarray:
        """n new items at the model's own top_k (the engine's name for generate)."""
        return self.generate(n, rng, temperature)


def _views(arrays: dict[str, np.ndarray]) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Arrays of the same shapes and values as `arrays`, as views of one flat vector, and the
    vector."""
    flat = np.concatenate([a.ravel() for a in arrays.values()])
    views, start = {}, 0
    for key, a in arrays.items():
        views[key] = flat[start : start + a.size].reshape(a.shape)
        start += a.size
    return views, flat


def _check_int(name: str, value, low: int, high: int | None) -> None:
    """Raise a ValueError naming the parameter unless value is a whole number in range."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be a whole number, not {value!r}")
    if value < low or (high is not None and value > high):
        raise ValueError(f"{name} must be from {low} to {high}" if high is not None
                         else f"{name} must be at least {low}")
