"""One exception family for SpineMet.

Every message names the field (its location), the offending value and what is
allowed, so that a clinician typing a case file or a script writer reading JSON
can fix the input without reading a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spinemet.frozen import dataclass

#: a value echoed in a message is cut to this many characters, so that a hostile 4 MB answer is not
#: sent back whole (the message still names the field and what is allowed)
SHOWN_VALUE_LIMIT = 80


def shown_value(value: object) -> str:
    """How a message quotes an offending value: text in quotes, anything else as ``repr``, cut short."""
    text = f"'{value}'" if isinstance(value, str) else repr(value)
    if len(text) > SHOWN_VALUE_LIMIT:
        text = f"{text[: SHOWN_VALUE_LIMIT - 1]}… ({len(str(value)):,} characters)"
    return text


@dataclass(frozen=True)
class Problem:
    """One located problem in an input: ``location`` is a dotted path such as
    ``timeline[3].findings[0].level``; ``message`` says what is wrong and what is allowed."""

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


class SpineMetError(Exception):
    """Base of every error SpineMet raises on purpose."""


class InvalidValue(SpineMetError, ValueError):
    """A single value is not allowed (a level 'T13', a KPS of 55, a SINS pain 'severe')."""

    def __init__(self, field: str, value: object, allowed: str, detail: str | None = None) -> None:
        self.field = field
        self.value = value
        self.allowed = allowed
        shown = shown_value(value)
        #: the message without the field name, for callers that report the location themselves
        self.detail = detail or f"{shown} is not allowed; allowed: {allowed}"
        super().__init__(f"{field}: {self.detail}" if field else self.detail)


class ValidationFailed(SpineMetError):
    """An input with one or more located problems; all of them are reported at once."""

    def __init__(self, problems: Iterable[Problem], source: str = "") -> None:
        self.problems: Sequence[Problem] = tuple(problems)
        self.source = source
        head = f"{source}: " if source else ""
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{head}{len(self.problems)} problem(s)\n{lines}")


class NotPlaceable(ValidationFailed):
    """A well-formed request the case's own state cannot answer: a calendar date for a case without an
    index date (or seen through the researcher view, which carries no dates). Still located at its
    field; the API answers it 409 (the request conflicts with the case), not 422 (the request is
    malformed)."""


class NotFound(SpineMetError):
    """A requested record (case, event, instrument, rule, user) does not exist."""


class Conflict(SpineMetError):
    """A write was based on a stale version (optimistic concurrency)."""

    def __init__(self, message: str, current_version: int | None = None) -> None:
        self.current_version = current_version
        super().__init__(message)


class PermissionDenied(SpineMetError):
    """The caller's role does not allow this action."""


class StoreUnavailable(SpineMetError):
    """The database cannot be reached, even on a fresh connection (HTTP 503: try again later)."""
