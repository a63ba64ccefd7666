"""Off a terminal the command line writes the same bytes as Rich would, with or without Rich.

``spinemet.cli.output.LazyConsole`` writes a line directly when Rich would not change it, and hands
everything else to Rich. Checked against Rich's own console (same settings) on every line the
``assess`` and ``course`` commands print for the example cases, and on lines Rich does change
(emoji codes, markup, control characters, tabs), which must go to Rich.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from spinemet.cli import output
from spinemet.cli.output import LazyConsole

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))

# Lines Rich changes off a terminal, or might: each must reach Rich and come out as Rich writes it.
RICH_LINES = [
    "pain :thumbs_up: noted", "ratio 3:4:5", ":smile-emoji:", "a\tb", "tab\tstop\tat eight", "bell\x07",
    "carriage\rreturn", "escape \x1b[31mred\x1b[0m", "[red]styled[/red]", "\\[bold] escaped",
    "[link=https://example.org]link[/link]", "[not a tag", "[/]", "x [/] y",
]
# Lines written directly (nothing in them Rich would change), including SpineMet's bold tags.
PLAIN_LINES = [
    "", "  SINS (sins): 11 - potentially unstable", "[bold]Instruments[/]", "\n[bold]Plan[/]",
    "[bold red]error:[/] --on: 'x' is neither", "ref: Fisher 2010;35:E1221", "T6 – T8 ≥ 3 months 脊椎",
    "brackets ] alone", "time 10:30 and 11:45", "[bold]open only (Rich ends the style at the line's end)",
]


def _rich_prints(text: Any, markup: bool | None) -> str:
    out = io.StringIO()
    Console(file=out, highlight=False, soft_wrap=True).print(text, markup=markup)
    return out.getvalue()


def _lazy_prints(text: Any, markup: bool | None, monkeypatch: pytest.MonkeyPatch) -> tuple[str, bool]:
    out = io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    lazy = LazyConsole()
    lazy.print(text, markup=markup)
    return out.getvalue(), lazy._rich is not None


@pytest.mark.parametrize("markup", [True, False, None])
def test_plain_lines_are_written_without_rich_as_rich_writes_them(markup: bool | None,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    for line in PLAIN_LINES:
        written, used_rich = _lazy_prints(line, markup, monkeypatch)
        assert written == _rich_prints(line, markup), line
        assert not used_rich, line


@pytest.mark.parametrize("markup", [True, False, None])
def test_lines_rich_would_change_go_to_rich(markup: bool | None, monkeypatch: pytest.MonkeyPatch) -> None:
    for line in RICH_LINES:
        try:
            expected = _rich_prints(line, markup)
        except Exception as exc:  # Rich refuses some markup ('[/]' closing nothing): so must we
            with pytest.raises(type(exc)):
                _lazy_prints(line, markup, monkeypatch)
            continue
        written, used_rich = _lazy_prints(line, markup, monkeypatch)
        assert written == expected, line
        changed = expected != line + "\n"
        assert used_rich or not changed, line


def test_forced_colour_goes_to_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    written, used_rich = _lazy_prints("[bold]Plan[/]", True, monkeypatch)
    assert used_rich and "\x1b[1m" in written


@pytest.mark.parametrize("command", ["assess", "course"])
def test_every_line_of_the_examples_is_the_same_as_rich_writes_it(command: str,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from spinemet.cli.app import _register, app

    _register()
    monkeypatch.setattr(output.console, "_rich", None)  # as in a fresh process
    seen: list[tuple[Any, bool | None]] = []
    real_print = LazyConsole.print

    def spy(self: LazyConsole, *objects: Any, markup: bool | None = None, **options: Any) -> None:
        if len(objects) == 1 and not options:
            seen.append((objects[0], markup))
        real_print(self, *objects, markup=markup, **options)

    monkeypatch.setattr(LazyConsole, "print", spy)
    for path in EXAMPLES:
        result = CliRunner().invoke(app, [command, str(path)])
        assert result.exit_code == 0, result.output
    monkeypatch.setattr(LazyConsole, "print", real_print)
    assert len(seen) > 150
    for text, markup in seen:
        written, _ = _lazy_prints(text, markup, monkeypatch)
        assert written == _rich_prints(text, markup), text
    assert output.console._rich is None or command == "course"  # course's rules need Rich
