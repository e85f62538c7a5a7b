"""The reader's own list for the tiny neural network's page: one name or word per line."""

from __future__ import annotations

from dataclasses import dataclass

from collapse_core.families.neural.wordlists import (
    MAX_ITEM_CHARS,
    MAX_LIST_BYTES,
    MIN_ITEMS,
    WordListError,
    list_from_text,
)
from ui.i18n import _
from ui.own_text import OwnBox


@dataclass(frozen=True)
class OwnList:
    """An accepted list: its text, how many different items it has, where it came from."""

    text: str
    items: int
    origin: str


def read_own_list(data: bytes | str, origin: str) -> OwnList:
    """The reader's list, or a WordListError saying why it can't be used."""
    if len(data) > MAX_LIST_BYTES:  # checked before decoding anything large
        raise WordListError("The list is {size_mb:.1f} MB; the limit is {limit_mb:.0f} MB.",
                            size_mb=len(data) / 1e6, limit_mb=MAX_LIST_BYTES / 1e6)
    word_list = list_from_text(data)
    text = data.decode("utf-8-sig") if isinstance(data, bytes | bytearray) else data
    return OwnList(text, len(word_list.items) + len(word_list.heldout), origin)


LIST_BOX = OwnBox(
    "own-list", "own-list", read_own_list,
    intro=lambda: _("**Your own list**: one name or word per line (at most {chars} characters "
                    "each), at least {items} different ones, up to {mb} MB. A line that comes "
                    "twice counts twice. It stays in your session: nobody else sees it, and "
                    "links cannot carry it.").format(chars=MAX_ITEM_CHARS, items=MIN_ITEMS,
                                                     mb=f"{MAX_LIST_BYTES / 1e6:.0f}"),
    upload_help=lambda: _("A plain-text (UTF-8) file with one item per line, up to 1 MB."),
    paste_label=lambda: _("…or paste a list"),
    paste_help=lambda: _("Names of pets, streets, dishes, places: one per line, at least "
                         "{items} different ones.").format(items=MIN_ITEMS),
    use_button=lambda: _("Use this list"),
    from_link=lambda: _("This link used someone's own list, which links cannot carry; upload "
                        "or paste yours above to run the same experiment on it."),
    waiting=lambda: _("Upload a .txt file or paste a list above, then the network will learn "
                      "it and retrain on its own inventions."),
    using=lambda own: _("Using {origin}: {items} different items.").format(
        origin=own.origin, items=f"{own.items:,}"),
    max_bytes=MAX_LIST_BYTES,
)
