"""Marking the engine's reader-facing English sentences for a UI's message catalogue, and
reading a reader's own text.

The engine stays in English; a UI translates what it shows (see locale/README.md, where the
marks are collected, and CorpusError and NoClosedForm, whose messages are collected too).
"""

from collections.abc import Callable


def N_(message: str) -> str:
    """`message` itself, marked for translation where it is defined."""
    return message


class ReaderError(ValueError):
    """Input that cannot be used, with a message a reader understands.

    The message is one sentence: an English `template` with named {placeholders} filled from
    `values`, so that a UI can show a translation of the template with the same values.
    """

    def __init__(self, template: str, **values):
        super().__init__(template.format(**values) if values else template)
        self.template, self.values = template, values


def reader_text(text: str | bytes, error: type[ReaderError],
                check_size: Callable[[int], None]) -> str:
    """A reader's pasted or uploaded text as a string (UTF-8, a byte-order mark dropped), or
    `error` with a plain message if it is binary or not UTF-8; check_size(bytes) refuses one
    too large."""
    if isinstance(text, bytes | bytearray):
        raw = bytes(text)
        check_size(len(raw))
        if b"\x00" in raw:
            raise error(N_("The file looks binary (it contains NUL bytes), not plain text."))
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            raise error(N_("The file is not UTF-8 text: save it as plain text (UTF-8) and try "
                           "again.")) from err
    check_size(len(text.encode("utf-8", errors="replace")))
    if "\x00" in text:
        raise error(N_("The text looks binary (it contains NUL characters)."))
    return text
