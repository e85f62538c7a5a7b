"""The command line: `python -m collapse_core run MODEL [options]` prints metrics per generation."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from collapse_core.experiments import DEFAULT_SAMPLE_SIZE, MODELS, build_experiment
from collapse_core.families import CARDS, card_of
from collapse_core.family import Number, Option
from collapse_core.recursion import simulate
from collapse_core.settings import MAX_GENERATIONS, MAX_RUNS, MAX_TEMPERATURE, Settings
from collapse_core.work import mean_training_items, seconds_per_item

FORMATS = ("csv", "json", "table")
# The most work one command may ask for: about 10 minutes of computing.
WORK_SECONDS = 600


def model_options() -> dict[str, tuple[Option, tuple[str, ...]]]:
    """Each model option of the command line, from the cards, with the models that take it: one
    flag per option name, its help the models' words joined, its type theirs (which must agree).
    Options without words (markov's corpus_text) stay off the command line."""
    taken: dict[str, list[tuple[str, Option]]] = {}
    for model, card in CARDS.items():
        for option in card.options:
            if option.help:
                taken.setdefault(option.name, []).append((model, option))
    merged = {}
    for name, pairs in taken.items():
        first, models = pairs[0][1], tuple(model for model, _ in pairs)
        if any((o.type, o.choices) != (first.type, first.choices) for _, o in pairs):
            raise ValueError(f"{first.flag} is typed differently for {' and '.join(models)}")
        words = "; ".join(dict.fromkeys(option.help for _, option in pairs))
        merged[name] = (replace(first, default=False if first.switch else None, help=words),
                        models)
    return merged


MODEL_OPTIONS = {name: models for name, (_option, models) in model_options().items()}


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on stderr and exit status 2."""

    def error(self, message):
        self.exit(2, f"error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The parser, with every option explained in plain words."""
    parser = _Parser(
        prog="python -m collapse_core",
        description="Retrain a model on its own output, generation after generation, "
        "and print what it forgets.",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    run = sub.add_parser(
        "run",
        help="simulate the recursion and print one row per run and generation",
        description="Fit MODEL to human data (generation 0), then refit it again and again on "
        "data that is partly its own output. Prints one row per (run, generation).",
    )
    run.add_argument("model", choices=MODELS, help="which model: " + ", ".join(MODELS))
    common = run.add_argument_group("the recursion")
    common.add_argument("--generations", type=Number(int, 0, MAX_GENERATIONS), default=20,
                        help="generations after generation 0 (default 20; 0 allowed)")
    common.add_argument("--sample-size", type=Number(int, 2, 1_000_000), default=None,
                        help="items each model is trained on: points, words for markov, images "
                        "for digits (default: "
                        + ", ".join(f"{m} {n}" for m, n in DEFAULT_SAMPLE_SIZE.items()) + ")")
    common.add_argument("--human-fraction", type=Number(float, 0.0, 1.0), default=0.0,
                        help="share of each new training set that is human data, 0 to 1 "
                        "(default 0: pure self-training)")
    common.add_argument("--human-fraction-end", type=Number(float, 0.0, 1.0), dest="end",
                        help="let the human share change: it moves in a straight line from "
                        "--human-fraction at generation 1 to this share, 0 to 1, then stays "
                        "(as the web fills with AI content; default: the share stays the same)")
    common.add_argument("--ramp-generations", type=Number(int, 1, MAX_GENERATIONS),
                        dest="ramp", help="with --human-fraction-end: how many generations "
                        f"the change takes (default {Settings.ramp_generations})")
    common.add_argument("--human-data", choices=("original", "fresh"), default="original",
                        help="original: reuse the first human sample; fresh: new human data "
                        "every generation (default original)")
    common.add_argument("--scheme", choices=("replace", "accumulate"), default="replace",
                        help="replace: train only on the newest data; accumulate: keep every "
                        "earlier training set too (default replace)")
    common.add_argument("--temperature", type=Number(float, 0.0, MAX_TEMPERATURE, low_open=True),
                        default=1.0, help="how boldly the model samples: below 1 plays safe, "
                        "above 1 takes risks (default 1)")
    common.add_argument("--seed", type=Number(int, 0, 2**63 - 1), default=0,
                        help="random seed: the same seed gives the same numbers (default 0)")
    common.add_argument("--runs", type=Number(int, 1, MAX_RUNS), default=1,
                        help="independent repetitions, each with its own random stream (default "
                        "1); runs x (generations + 1) x sample size is limited to about "
                        f"{WORK_SECONDS // 60} minutes of computing")
    filters = run.add_argument_group(
        "filtering AI content", "Before training, a detector screens candidates (human and "
        "AI-made, in the generation's mix) until the training set is full.")
    filters.add_argument("--filter-recall", type=Number(float, 0.0, 1.0), dest="recall",
                         help="an ideal detector that catches this share of the AI-made items, "
                         "0 to 1 (default 0: none)")
    filters.add_argument("--filter-false-positive", type=Number(float, 0.0, 1.0),
                         dest="false_positive", help="the share of human items the ideal "
                         "detector wrongly throws away, 0 to 1 (default 0)")
    filters.add_argument("--filter", choices=("ideal", "learned", "detect"),
                         help="learned: each generation a classifier learns to tell human data "
                         "from the last model's output, and what it flags is thrown away; "
                         "detect: the same classifier only reports how well it tells them "
                         "apart; ideal: the detector of --filter-recall and "
                         "--filter-false-positive (default: no filter)")
    models = run.add_argument_group("model options")
    for option, _models in model_options().values():
        if option.switch:
            models.add_argument(option.flag, dest=option.name, action="store_const", const=True,
                                help=option.help)
        else:
            models.add_argument(option.flag, dest=option.name, type=option.type,
                                choices=option.choices, help=option.help)
    run.add_argument("--format", choices=FORMATS, default="csv",
                     help="output: csv (default), json (a list of rows) or table")
    return parser


def _model_options(args) -> dict:
    """The model's own options that were given, refusing those of other models."""
    options = {}
    for name, models in MODEL_OPTIONS.items():
        value = getattr(args, name)
        if value is None:
            continue
        if args.model not in models:
            flag = "--" + name.replace("_", "-")
            raise ValueError(f"{flag} applies only to {' and '.join(models)}, not {args.model}")
        options[name] = value
    return options


def _schedule_and_filter(args) -> dict:
    """The Settings of the human share's schedule and of the filter, refusing bad pairs."""
    options = {}
    if args.end is not None:
        options["human_fraction_end"] = args.end
        if args.ramp is not None:
            options["ramp_generations"] = args.ramp
    elif args.ramp is not None:
        raise ValueError("--ramp-generations needs --human-fraction-end (without it the human "
                         "share stays the same)")
    rates = {"filter_recall": args.recall, "filter_false_positive": args.false_positive}
    given = {name: value for name, value in rates.items() if value is not None}
    if given and args.filter not in (None, "ideal"):
        flag = "--" + next(iter(given)).replace("_", "-")
        raise ValueError(f"{flag} sets the ideal detector; it cannot go with --filter "
                         f"{args.filter}")
    if given or args.filter is not None:
        options["filter"] = args.filter or "ideal"
    return {**options, **given}


def _amount(value: float) -> str:
    """A large count in words: 4.0 billion, 124 million, 9,500."""
    for size, word in ((1e9, "billion"), (1e6, "million")):
        if value >= size:
            value /= size
            return f"{value:.1f} {word}" if value < 10 else f"{value:,.0f} {word}"
    return f"{value:,.0f}"


def check_work(model: str, settings: Settings, **options) -> None:
    """Refuse, with a ValueError that names the numbers, a job expected to take more than
    WORK_SECONDS (collapse_core.work's estimate)."""
    s = settings
    learned = s.filter in ("learned", "detect")
    fits = s.runs * (s.generations + 1)
    mean_items = mean_training_items(s)  # in a training set
    items = f"{s.sample_size:,} items"
    if s.scheme == "accumulate":
        items += f" accumulated ({mean_items:,.0f} on average)"
    seconds = seconds_per_item(model, s, options)
    if fits * mean_items * seconds > WORK_SECONDS:
        raise ValueError(
            f"{s.runs:,} runs x {s.generations + 1:,} generations x {items} = "
            f"{_amount(fits * mean_items)} item-generations is more than this command allows "
            f"for {model}{' with the learned detector' if learned else ''} "
            f"({_amount(WORK_SECONDS / seconds)}, about {WORK_SECONDS // 60} minutes); use "
            "fewer runs, generations or a smaller sample")


def main(argv: list[str] | None = None) -> int:
    """Parse, simulate and print; bad input is one line on stderr and exit status 2."""
    args = build_parser().parse_args(argv)
    try:
        options = _model_options(args)
        settings = Settings(
            generations=args.generations,
            sample_size=args.sample_size or DEFAULT_SAMPLE_SIZE[args.model],
            human_fraction=args.human_fraction,
            human_data=args.human_data,
            scheme=args.scheme,
            temperature=args.temperature,
            seed=args.seed,
            runs=args.runs,
            **_schedule_and_filter(args),
        )
        card_of(args.model).check_settings(settings, options)
        check_work(args.model, settings, **options)
        experiment = build_experiment(args.model, **options)
        result = simulate(experiment, settings)
    except ValueError as error:  # includes CorpusError: bad input, not a bug
        print(f"error: {error}", file=sys.stderr)
        return 2
    table = result.metrics
    if args.format == "csv":
        table.to_csv(sys.stdout, index=False, float_format="%.6g")
    elif args.format == "json":
        sys.stdout.write(table.to_json(orient="records", double_precision=6) + "\n")
    else:
        sys.stdout.write(table.to_string(index=False, float_format=lambda v: f"{v:.4g}") + "\n")
    return 0
