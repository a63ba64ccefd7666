"""Shared output helpers for commands: JSON for scripts, readable text for people,
and one way to report errors (a located message and exit 1, never a traceback)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum, StrEnum
from typing import IO, TYPE_CHECKING, Any, NoReturn

import typer

from spinemet.errors import SpineMetError, ValidationFailed

if TYPE_CHECKING:
    from rich.console import Console

    from spinemet.case import Case

#: Rich's pattern of an emoji code (``:smile:``, ``:smile-emoji:``), which it replaces in any text.
_EMOJI_CODE = re.compile(r"(:(\S*?)(?:(?:\-)(emoji|text))?:)")
#: The markup SpineMet's own lines use. Off a terminal a style has no effect: the tag just goes.
_BOLD_TAG = re.compile(r"\[(?:bold|bold red|/)\]")
#: Characters Rich changes in text it prints: control codes it strips (bell, backspace, vertical tab,
#: form feed, carriage return) and tabs it expands; any other control character, to be safe.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")
#: Settings under which Rich may treat a pipe as a terminal (https://force-color.org and Rich's own).
_TERMINAL_ENV = ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")


class LazyConsole:
    """Rich's console for people at a terminal; for a pipe or a file, a line Rich would not change is
    written directly, and Rich is imported only when a line needs it.

    Importing and starting Rich cost a cold ``spinemet assess`` about a tenth of its CPU time, to
    print lines that Rich writes unchanged when the output is not a terminal (no wrapping: soft wrap;
    no highlighting; a style has no effect there). A line is written directly only when nothing in
    it could be changed by Rich: one string, no emoji code (``:name:``), no control character or tab,
    and no markup other than SpineMet's ``[bold]``, ``[bold red]`` and ``[/]`` tags, which Rich
    removes there. Everything else (tables, rules, other markup, any other option, a terminal or a
    setting that forces one) goes to Rich. ``tests/cli/test_plain_output.py`` checks both give the
    same bytes.
    """

    def __init__(self, stderr: bool = False) -> None:
        self._stderr = stderr
        self._rich: Console | None = None

    @property
    def rich(self) -> Console:
        """The Rich console (made on first use), for what only Rich does (progress bars, rules)."""
        if self._rich is None:
            from rich.console import Console

            self._rich = Console(stderr=self._stderr, highlight=False, soft_wrap=True)
        return self._rich

    @property
    def file(self) -> IO[str]:
        return sys.stderr if self._stderr else sys.stdout

    def _plain_file(self) -> IO[str] | None:
        """The file to write to directly, or None when Rich must decide (a terminal, or may be one)."""
        if self._rich is not None or any(name in os.environ for name in _TERMINAL_ENV):
            return None
        if "IPython" in sys.modules or getattr(sys.stdin, "__module__", "").startswith("idlelib"):
            return None
        file = self.file
        isatty = getattr(file, "isatty", None)
        try:
            if isatty is None or isatty() or hasattr(file, "rich_proxied_file"):
                return None
        except ValueError:
            return None
        return file

    @property
    def is_terminal(self) -> bool:
        return self._plain_file() is None and self.rich.is_terminal

    def print(self, *objects: Any, markup: bool | None = None, **options: Any) -> None:
        file = self._plain_file() if len(objects) == 1 and not options and isinstance(objects[0], str) else None
        text = None if file is None else _as_rich_prints_it(objects[0], markup is not False)
        if file is None or text is None:
            self.rich.print(*objects, markup=markup, **options)
            return
        file.write(text + "\n")
        file.flush()  # Rich flushes each print: the order against the other stream stays the same

    def rule(self, *args: Any, **kwargs: Any) -> None:
        self.rich.rule(*args, **kwargs)


def _as_rich_prints_it(text: str, markup: bool) -> str | None:
    """``text`` as Rich prints it off a terminal, or None when Rich might change it otherwise."""
    if markup and "[" in text:
        if "\\[" in text:
            return None
        depth = 0
        for tag in _BOLD_TAG.findall(text):
            depth += -1 if tag == "[/]" else 1
            if depth < 0:
                return None  # Rich refuses a closing tag with nothing to close
        text = _BOLD_TAG.sub("", text)
        if "[" in text:
            return None
    if _CONTROL.search(text) or _EMOJI_CODE.search(text):
        return None
    return text


console = LazyConsole()
err_console = LazyConsole(stderr=True)


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


FormatOption = typer.Option(OutputFormat.text, "--format", "-f", help="text for people, json for scripts.")
#: the case store's database, for every command that opens it (the cohort commands' --from-store has its own)
DbOption = typer.Option(
    None, "--db", "--url", envvar="SPINEMET_DATABASE_URL",
    help="Database URL (default ./spinemet.sqlite3): sqlite:///PATH or postgresql+psycopg://USER@HOST/DB.",
)


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


def json_line_encoder() -> Callable[[Any], str]:
    """One compact JSON line per call (``--format jsonl``): the text ``json`` writes with
    ``ensure_ascii=False, separators=(",", ":"), default=dumps_default``.

    orjson writes it about nine times faster than ``json``'s C encoder (11 against 98 us for one
    assessment of an example, about a tenth of a batch's time per case file). Dataclasses, dates and
    times are passed to :func:`dumps_default`, as ``json`` does, rather than written in orjson's own
    way; keys that are not text are written as ``json`` writes them; a value orjson refuses and ``json``
    accepts (an integer beyond 64 bits) is written by ``json``. The text is the same byte for byte but
    for a number below 0.0001, which orjson writes ``1e-7`` or ``0.000025`` and ``json`` ``1e-07`` or
    ``2.5e-05``: the same number in JSON (``tests/cli/test_assess_batch.py`` checks both).
    """
    import orjson  # only the batch needs it

    options = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME
    # a line is a tree freshly built by as_dict: no circular-reference check (every container's id
    # kept while it is written)
    fallback = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=dumps_default,
                                check_circular=False).encode
    dumps_fast, refused = orjson.dumps, orjson.JSONEncodeError

    def encode(data: Any) -> str:
        try:
            return dumps_fast(data, default=dumps_default, option=options).decode()
        except refused:
            return fallback(data)

    return encode


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
