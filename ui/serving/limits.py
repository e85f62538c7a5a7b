"""What one experiment may ask of a shared server: its computing time and its memory. A
setting that asks for more is refused with a plain message before anything runs."""

from __future__ import annotations

from dataclasses import replace

from collapse_core import Settings
from collapse_core.families import card_of
from collapse_core.recursion import Recursion
from collapse_core.work import estimated_seconds, seconds_per_item
from ui.i18n import _, duration

# The most computing one setting may ask of a shared server: estimated CPU seconds
# (collapse_core.work, which rounds up for a modest machine: here it takes about a third).
WORK_LIMIT_S = 120.0
# The most one generation of one run may ask (estimated CPU seconds): a generation cannot be
# cut short, so a bigger one would keep every other reader waiting before any first answer.
GENERATION_LIMIT_S = 5.0
# The most memory a setting's runs may hold while they compute. The runs of a setting always
# advance all together (never in groups, one after the other, which would keep the first
# answer waiting for almost all the work), so a bigger setting is refused.
WORK_BYTES = 48 * 2**20


class TooBig(ValueError):
    """A setting that would hold a shared server for too long."""


def check_memory(*recursions: Recursion, generations: int) -> None:
    """Refuse runs that would hold more than WORK_BYTES to reach `generations`."""
    needed = max(r.bytes_needed(generations) for r in recursions)
    if needed > WORK_BYTES:
        raise TooBig(_("its runs would need about {mb} MB of memory at once on this shared "
                       "server, and one experiment may use at most {limit} MB. Choose fewer "
                       "runs or generations, or a smaller sample.").format(
            mb=f"{needed / 2**20:,.0f}", limit=f"{WORK_BYTES / 2**20:.0f}"))


def check_work(model: str, options: dict, *settings: Settings) -> None:
    """Refuse settings the model cannot honour (its card's check), or that together would
    take more than WORK_LIMIT_S to compute."""
    for each in settings:
        card_of(model).check_settings(each, options)
        check_generation(model, options, each)
    seconds = sum(estimated_seconds(model, s, options) for s in settings)
    if seconds > WORK_LIMIT_S:
        raise TooBig(_("it would keep this shared server busy for about {time}, and one "
                       "experiment may take at most {limit}, so that nobody else has to wait. "
                       "Choose fewer runs or generations, or a smaller sample.").format(
            time=duration(seconds), limit=duration(WORK_LIMIT_S)))


def generation_seconds(model: str, options: dict, settings: Settings) -> float:
    """Estimated CPU seconds of one generation of one run on its first training set
    (accumulated sets grow later, within the work limit)."""
    replaced = replace(settings, scheme="replace")
    return settings.sample_size * seconds_per_item(model, replaced, options)


def accepted_sizes(model: str, options: dict, sizes: tuple[int, ...]) -> tuple[int, ...]:
    """The sample sizes among `sizes` that check_generation lets through for this model and
    its options (at least the smallest, for a slider to have one: the page then explains)."""
    within = tuple(n for n in sizes if generation_seconds(
        model, options, Settings(sample_size=n)) <= GENERATION_LIMIT_S)
    return within or sizes[:1]


def check_generation(model: str, options: dict, settings: Settings) -> None:
    """Refuse a setting whose sample makes one generation of one run take more than
    GENERATION_LIMIT_S."""
    seconds = generation_seconds(model, options, settings)
    if seconds > GENERATION_LIMIT_S:
        raise TooBig(_("one generation of it would keep this shared server busy for about "
                       "{time} at a stretch, and a generation may take at most {limit}, so that "
                       "nobody else has to wait. Choose a smaller sample.").format(
            time=duration(seconds), limit=duration(GENERATION_LIMIT_S)))
