"""How the ``spinemet`` program starts: which commands are brief, and the cycle collector around them.

This module imports nothing but the standard library, so that the program can pause Python's cycle
collector before Typer, pydantic and the core are imported (see :func:`spinemet.cli.app.main` for
why a brief command runs with it paused).
"""

from __future__ import annotations

import gc
import sys

#: Commands that read one input and print one answer (and any ``--help``): their run is start-up
#: (imports, class definitions, the Case validator) and a few milliseconds of work, so they run
#: with the cycle collector paused. Commands that serve, import, or work through tables or many
#: files run with it as usual (and ``assess --format jsonl`` turns it back on).
BRIEF_COMMANDS = frozenset({"assess", "course", "demo", "rules", "evidence", "instruments", "schema", "show"})


def wants_help(argv: list[str]) -> bool:
    """``spinemet`` alone or any ``--help``: the commands whose answer is help text."""
    return len(argv) == 0 or "--help" in argv


def is_brief(argv: list[str]) -> bool:
    return wants_help(argv) or (bool(argv) and argv[0] in BRIEF_COMMANDS)


def main() -> None:
    """The ``spinemet`` command: the collector paused for a brief command from the first import on."""
    if is_brief(sys.argv[1:]):
        gc.disable()
    from spinemet.cli.app import main as run

    run()
