"""Marking the engine's reader-facing English sentences for a UI's message catalogue.

The engine stays in English; a UI translates what it shows (see locale/README.md, where the
marks are collected, and CorpusError and NoClosedForm, whose messages are collected too).
"""


def N_(message: str) -> str:
    """`message` itself, marked for translation where it is defined."""
    return message
