"""A character-level MLP language model (Bengio et al. 2003; Karpathy's makemore), in numpy.

The next character of an item is predicted from the last `context` characters: each is looked
up in a shared embedding table, the embeddings side by side go through one tanh hidden layer,
and a softmax gives the next character's probabilities; character 0 ends an item (and pads
the context before its start). Trained with Adam on minibatches.

Why numpy and not scikit-learn's MLPClassifier (measured with benchmarks/bench_neural.py, same
layer sizes, solver, batch, rate and passes): MLPClassifier took about twice the CPU time to
train a generation (1.6-2.1 times, names and Chinese words), and it cannot be this model: it has
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
        n = len(targets)
        x = params["C"][contexts].reshape(n, -1)
        h = np.tanh(x @ params["W1"] + params["b1"])
        logits = h @ params["W2"] + params["b2"]
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        total = p.sum(axis=1, keepdims=True)
        p /= total
        rows = np.arange(n)
        loss = float(np.mean(np.log(total[:, 0]) - logits[rows, targets]))
        dlogits = p
        dlogits[rows, targets] -= 1.0
        dlogits /= n
        da = (dlogits @ params["W2"].T) * (1.0 - h * h)
        dx = (da @ params["W1"].T).reshape(-1, self.embedding)
        # Each embedding's gradient sums over its uses: a bincount per embedding column is
        # 2-3 times quicker than np.add.at here.
        used, v = contexts.ravel(), len(params["C"])
        dC = np.stack([np.bincount(used, dx[:, k], v) for k in range(self.embedding)], axis=1)
        return loss, {"C": dC, "W1": x.T @ da, "b1": da.sum(axis=0), "W2": h.T @ dlogits,
                      "b2": dlogits.sum(axis=0)}

    def fit(self, items: np.ndarray, rng: np.random.Generator) -> CharMLP:
        """Learn from scratch (fresh parameters) to write items like these."""
        contexts, targets = examples(encode(items, self.alphabet), self.context)
        fresh = self.init(rng)
        # One flat vector holds every parameter (the dict's arrays are views of it), so that an
        # Adam step is a few operations on one vector rather than on each array in turn.
        flat = np.concatenate([p.ravel() for p in fresh.values()])
        params, start = {}, 0
        for key, p in fresh.items():
            params[key] = flat[start : start + p.size].reshape(p.shape)
            start += p.size
        m, v = np.zeros_like(flat), np.zeros_like(flat)
        (b1, b2), n = ADAM_BETAS, len(targets)
        self.losses_ = []
        for _ in range(self.epochs):
            order = rng.permutation(n)
            for start in range(0, n, self.batch):
                rows = order[start : start + self.batch]
                loss, grads = self.loss_and_grad(params, contexts[rows], targets[rows])
                g = np.concatenate([grads[key].ravel() for key in params])
                self.losses_.append(loss)
                step = len(self.losses_)
                m *= b1
                m += (1 - b1) * g
                v *= b2
                v += (1 - b2) * g * g
                flat -= (self.lr * np.sqrt(1 - b2**step) / (1 - b1**step)) * m / (
                    np.sqrt(v) + ADAM_EPS)
        self.params_ = params
        return self

    def logits(self, contexts: np.ndarray) -> np.ndarray:
        """Unnormalised log-probabilities of the next character after each context."""
        p = self.params_
        h = np.tanh(p["C"][contexts].reshape(len(contexts), -1) @ p["W1"] + p["b1"])
        return h @ p["W2"] + p["b2"]

    def log_prob(self, items: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Natural log-probability (at temperature 1, no top-k) of each item, END included, and
        how many characters each was scored on (its length + 1)."""
        ids = encode(items, self.alphabet)
        contexts, targets = examples(ids, self.context)
        logits = self.logits(contexts)
        top = logits.max(axis=1)
        logp = logits[np.arange(len(targets)), targets] - top - np.log(
            np.exp(logits - top[:, None]).sum(axis=1))
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
            logits = self.logits(window[alive]) / temperature
            if top_k is not None and top_k < logits.shape[1]:
                cut = np.partition(logits, -top_k, axis=1)[:, -top_k][:, None]
                logits = np.where(logits >= cut, logits, -np.inf)
            p = np.exp(logits - logits.max(axis=1, keepdims=True))
            cdf = np.cumsum(p, axis=1)
            u = rng.random(alive.size) * cdf[:, -1]
            chosen = np.minimum((cdf < u[:, None]).sum(axis=1), logits.shape[1] - 1)
            ids[alive, position] = chosen
            window[alive] = np.column_stack([window[alive, 1:], chosen])
            alive = alive[chosen != END]
        return decode(ids, self.alphabet)

    def sample(self, n: int, rng: np.random.Generator, temperature: float = 1.0) -> np.ndarray:
        """n new items at the model's own top_k (the engine's name for generate)."""
        return self.generate(n, rng, temperature)


def _check_int(name: str, value, low: int, high: int | None) -> None:
    """Raise a ValueError naming the parameter unless value is a whole number in range."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be a whole number, not {value!r}")
    if value < low or (high is not None and value > high):
        raise ValueError(f"{name} must be from {low} to {high}" if high is not None
                         else f"{name} must be at least {low}")
