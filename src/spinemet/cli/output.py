"""Shared output helpers for commands: JSON for scripts, readable text for people,
and one way to report errors (a located message and exit 1, never a traceback)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum, StrEnum
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from rich.console import Console

from spinemet.errors import SpineMetError, ValidationFailed

if TYPE_CHECKING:
    from spinemet.case import Case

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


FormatOption = typer.Option(OutputFormat.text, "--format", "-f", help="text for people, json for scripts.")


def dumps_default(obj: Any) -> Any:
    """JSON for what ``json`` cannot encode itself: dates, enums, core results, models, sets."""
    if isinstance(obj, dt.date | dt.datetime):
        return obj.isoformat()
    if isinstance(obj, Enum):
        return obj.value
    if hasattr(obj, "as_dict"):
        return obj.as_dict()
    if hasattr(obj, "model_dump"):
        return obj.model_dump(mode="json", exclude_none=True)
    if isinstance(obj, set | frozenset | tuple):
        return list(obj)
    return str(obj)


def dumps(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, default=dumps_default)


def emit_json(data: Any) -> None:
    """Print ``data`` as JSON on standard output (plain, no markup, for scripts)."""
    sys.stdout.write(dumps(data) + "\n")


def fail(message: str, code: int = 1) -> NoReturn:
    err_console.print(f"[bold red]error:[/] {message}", markup=True)
    raise typer.Exit(code)


def report_error(exc: SpineMetError) -> NoReturn:
    """Print a SpineMet error in plain language and exit 1."""
    if isinstance(exc, ValidationFailed):
        head = f"{exc.source}: " if exc.source else ""
        err_console.print(f"[bold red]invalid:[/] {head}{len(exc.problems)} problem(s)", markup=True)
        for problem in exc.problems:
            err_console.print(f"  {problem}", markup=False)
        raise typer.Exit(1)
    fail(str(exc))


@contextmanager
def friendly_errors() -> Iterator[None]:
    """Turn SpineMet errors (and value errors from bad input) into a message and exit 1."""
    try:
        yield
    except SpineMetError as exc:
        report_error(exc)
    except (ValueError, KeyError) as exc:
        fail(str(exc).strip("'\""))


def parse_on(value: str | None) -> int | dt.date | None:
    """Parse ``--on`` as a day offset (``28``, ``-3``, ``day 28``) or a calendar date (``2019-02-01``)."""
    if value is None:
        return None
    text = value.strip().lower().removeprefix("day").strip()
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        fail(f"--on: '{value}' is neither a day offset (e.g. 28) nor a date (YYYY-MM-DD)")


def resolve_on(case: Case, on: str | None) -> int:
    """The day ``--on`` names in ``case`` (default: its last event), or a message naming ``--on`` and exit 1."""
    from spinemet.service import offline

    day, date = offline.day_or_date(parse_on(on))
    try:
        return offline.resolve_day(case, day, date)
    except ValidationFailed as exc:
        fail("; ".join(f"--on {p.message}" for p in exc.problems))


OnOption = typer.Option(
    None, "--on", help="The day to look at: a day offset from the index date (28) or a date (YYYY-MM-DD). Default: the last event."
)

Printer = Callable[[str], None]
