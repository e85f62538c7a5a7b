"""Marking the engine's reader-facing English sentences for a UI's message catalogue.

The engine stays in English; a UI translates what it shows (see locale/README.md, where the
marks are collected, and CorpusError and NoClosedForm, whose messages are collected too).
"""


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
