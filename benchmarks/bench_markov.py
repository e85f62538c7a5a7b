"""Time the text recursion (fit -> sample, pure self-training) with our MarkovModel against a
naive pure-Python n-gram chain (dict of context tuple -> collections.Counter), same run.

    python benchmarks/bench_markov.py [--words 50000 --generations 20 --order 2]
"""

from __future__ import annotations

import argparse
import sys
import time
from bisect import bisect_right
from collections import Counter, defaultdict
from itertools import accumulate
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from collapse_core.families.text.corpus import EOS, TextSource, count_words, load_corpus  # noqa: E402
from collapse_core.families.text.markov import MAX_SENTENCE_WORDS, MarkovModel  # noqa: E402

BOS = -1


class NaiveMarkov:
    """Reference n-gram chain in plain Python: context tuple -> Counter of next words."""

    def __init__(self, order: int):
        self.order = order

    def fit(self, tokens: list[int]) -> NaiveMarkov:
        """Count transitions, each sentence preceded by `order` BOS pads."""
        counts: dict[tuple, Counter] = defaultdict(Counter)
        start = (BOS,) * self.order
        history = start
        for tok in tokens:
            counts[history][tok] += 1
            history = start if tok == EOS else history[1:] + (tok,)
        # Sampling tables built once per fit: next words and their cumulative counts.
        self.table = {
            ctx: (list(c.keys()), list(accumulate(c.values()))) for ctx, c in counts.items()
        }
        return self

    def sample(self, n: int, rng: np.random.Generator) -> list[int]:
        """Exactly n words, word by word; the last sentence is cut and ended with EOS."""
        start = (BOS,) * self.order
        out: list[int] = []
        history, words, length = start, 0, 0
        uniforms, i = rng.random(4096), 0
        while words < n:
            if i == len(uniforms):
                uniforms, i = rng.random(4096), 0
            nxt, cum = self.table[history]
            tok = nxt[bisect_right(cum, uniforms[i] * cum[-1])]
            i += 1
            if length == MAX_SENTENCE_WORDS and tok != EOS:
                tok = EOS
            out.append(tok)
            if tok == EOS:
                history, length = start, 0
            else:
                history, length, words = history[1:] + (tok,), length + 1, words + 1
        out.append(EOS)
        if len(out) > 1 and out[-2] == EOS:
            out.pop()
        return out


def run_ours(text: np.ndarray, generations: int, order: int, rng: np.random.Generator):
    """The recursion with MarkovModel; returns the final text."""
    n = count_words(text)
    for _ in range(generations):
        text = MarkovModel(order).fit(text).sample(n, rng)
    return text


def run_naive(text: list[int], generations: int, order: int, rng: np.random.Generator):
    """The same recursion with the plain-Python chain; returns the final text."""
    n = sum(t != EOS for t in text)
    for _ in range(generations):
        text = NaiveMarkov(order).fit(text).sample(n, rng)
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=50_000)
    parser.add_argument("--generations", type=int, default=20)
    parser.add_argument("--order", type=int, default=2)
    parser.add_argument("--corpus", default="kjv")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    corpus = load_corpus(args.corpus)
    original = TextSource(corpus).original(args.words, np.random.default_rng(args.seed))
    print(
        f"{corpus.name}: {args.generations} generations of {args.words:,} words, "
        f"order {args.order}"
    )

    t0 = time.perf_counter()
    ours = run_ours(original, args.generations, args.order, np.random.default_rng(args.seed))
    t_ours = time.perf_counter() - t0

    t0 = time.perf_counter()
    naive = run_naive(
        original.tolist(), args.generations, args.order, np.random.default_rng(args.seed)
    )
    t_naive = time.perf_counter() - t0

    def vocab(text) -> int:
        return len(set(np.asarray(text).tolist()) - {EOS})

    print(f"  start vocabulary           {vocab(original):>8,} words")
    print(f"  ours  (numpy, vectorised)  {t_ours:8.3f} s   final vocabulary {vocab(ours):,}")
    print(f"  naive (dict + Counter)     {t_naive:8.3f} s   final vocabulary {vocab(naive):,}")
    print(f"  speed-up                   {t_naive / t_ours:8.1f} x")


if __name__ == "__main__":
    main()
