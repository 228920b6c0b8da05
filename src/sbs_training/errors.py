"""One exception type for problems a person can fix.

Anything raised as ``UserError`` is shown as its message alone (one plain
sentence), never as a traceback: in the CLI on stderr, in a workbook in the
widget's status line.
"""


class UserError(Exception):
    """A problem with input or surroundings, explained in one sentence."""


class JournalError(UserError):
    """The journal cannot be opened or written; nothing was changed."""
