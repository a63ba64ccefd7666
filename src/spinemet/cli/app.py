"""The Typer application and the registration of every command group.

Command modules are imported explicitly here; each keeps its top level light (Typer and the
output helpers) and imports the service, the core and heavy libraries (Polars, matplotlib,
uvicorn) inside the commands that use them, so ``spinemet --help`` starts fast.
"""

from __future__ import annotations

import sys
from types import ModuleType

import typer

app = typer.Typer(
    name="spinemet",
    help=(
        "SpineMet: decision support for metastatic spine disease. Record a case, score it with the "
        "validated instruments, get an explained and cited plan, and follow the course. "
        "It informs a clinician; it never replaces clinical judgement."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    """Attach every command to :data:`app` (each module registers its commands when imported)."""
    from spinemet.cli import (
        case_cmds,
        cohort_cmds,
        course_cmds,
        extract_cmds,
        fhir_cmds,
        instrument_cmds,
        migrate_cmds,
        pathway_cmds,
        report_cmds,
        service_cmds,
        similar_cmds,
        team_cmds,
    )

    del case_cmds, cohort_cmds, course_cmds, extract_cmds, instrument_cmds, migrate_cmds, pathway_cmds, report_cmds
    del fhir_cmds, service_cmds, similar_cmds, team_cmds


#: Modules Typer's help formatter imports but never uses in SpineMet: Markdown help text (markup
#: mode "markdown"; SpineMet's is "rich") and pretty tracebacks (``pretty_exceptions_enable=False``).
#: They pull in markdown-it and Pygments: about a quarter of the CPU time of ``spinemet --help``.
_UNUSED_BY_HELP = {"rich.markdown": "Markdown", "rich.traceback": "Traceback"}


class _NotLoaded:
    """Stands in for a class of a module the help formatter imports but SpineMet never uses."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        raise RuntimeError("spinemet loaded Typer's help formatter without this part of Rich")


def load_help_formatter() -> None:
    """Import Typer's Rich help formatter without :data:`_UNUSED_BY_HELP` (same help, same look).

    While the formatter is imported, each unused module's name resolves to a stand-in that binds
    only the class name the formatter imports; the stand-ins are removed at once, so any later
    import gets the real modules. ``tests/cli/test_help_text.py`` checks that every command's
    help is the same as with the real modules.
    """
    if "typer.rich_utils" in sys.modules:
        return
    added = []
    for name, cls in _UNUSED_BY_HELP.items():
        if name not in sys.modules:
            stand_in = ModuleType(name, "stand-in while Typer's help formatter loads")
            setattr(stand_in, cls, type(cls, (_NotLoaded,), {}))
            sys.modules[name] = stand_in
            added.append(name)
    try:
        import typer.rich_utils  # noqa: F401  (loaded now, with the stand-ins)
    finally:
        for name in added:
            del sys.modules[name]


def _wants_help(argv: list[str]) -> bool:
    """``spinemet`` alone or any ``--help``: the commands whose answer is help text."""
    return len(argv) == 0 or "--help" in argv


def main() -> None:
    _register()
    if _wants_help(sys.argv[1:]):
        load_help_formatter()
    app()
