"""The Typer application and the registration of every command group.

Command modules are imported explicitly here; each keeps its top level light (Typer and the
output helpers) and imports the service, the core and heavy libraries (Polars, matplotlib,
uvicorn) inside the commands that use them, so ``spinemet --help`` starts fast.
"""

from __future__ import annotations

import gc
import os
import sys
from types import ModuleType

import typer

from spinemet.startup import is_brief, wants_help

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


#: The module that registers each top-level command or command group, in the order the modules
#: are imported by a full registration (the order ``spinemet --help`` lists them in).
#: ``tests/cli/test_lazy_registration.py`` checks it against what each module registers.
COMMAND_MODULES: dict[str, str] = {
    "schema": "case_cmds", "validate": "case_cmds", "show": "case_cmds",
    "cohort": "cohort_cmds",
    "course": "course_cmds", "demo": "course_cmds",
    "extract": "extract_cmds",
    "fhir": "fhir_cmds",
    "instruments": "instrument_cmds", "score": "instrument_cmds",
    "migrate-file": "migrate_cmds",
    "assess": "pathway_cmds", "rules": "pathway_cmds", "evidence": "pathway_cmds",
    "report": "report_cmds",
    "serve": "service_cmds", "import": "service_cmds", "user": "service_cmds", "db": "service_cmds",
    "audit": "service_cmds",
    "similar": "similar_cmds",
    "team": "team_cmds",
}
#: The entries of :data:`COMMAND_MODULES` that are command groups (``spinemet cohort ...``).
COMMAND_GROUPS = frozenset({"cohort", "fhir", "report", "user", "db", "audit", "team"})


def _module_of(command: str | None) -> str | None:
    """The one command module a run of ``command`` needs, or None for all of them: for a name that is
    no command (a typo, an option), so that the error and its suggestions are Typer's own; and for a
    module that holds a lone command, which Typer would take for the whole program."""
    module = COMMAND_MODULES.get(command or "")
    if module is None:
        return None
    siblings = [name for name, held_by in COMMAND_MODULES.items() if held_by == module]
    if len(siblings) == 1 and command not in COMMAND_GROUPS:
        return None
    return module


def _register(command: str | None = None) -> None:
    """Attach commands to :data:`app` (each module registers its commands when imported): every
    command, or only those of the module that holds ``command``.

    Typer turns every registered command into a Click command (signature, type hints, options) on
    each run, so registering the one module a run invokes saves that work for the other sixty-odd
    commands and the import of their modules (see :func:`_module_of` for when all are needed).
    """
    only = _module_of(command)
    if only in (None, "case_cmds"):
        from spinemet.cli import case_cmds  # noqa: F401
    if only in (None, "cohort_cmds"):
        from spinemet.cli import cohort_cmds  # noqa: F401
    if only in (None, "course_cmds"):
        from spinemet.cli import course_cmds  # noqa: F401
    if only in (None, "extract_cmds"):
        from spinemet.cli import extract_cmds  # noqa: F401
    if only in (None, "fhir_cmds"):
        from spinemet.cli import fhir_cmds  # noqa: F401
    if only in (None, "instrument_cmds"):
        from spinemet.cli import instrument_cmds  # noqa: F401
    if only in (None, "migrate_cmds"):
        from spinemet.cli import migrate_cmds  # noqa: F401
    if only in (None, "pathway_cmds"):
        from spinemet.cli import pathway_cmds  # noqa: F401
    if only in (None, "report_cmds"):
        from spinemet.cli import report_cmds  # noqa: F401
    if only in (None, "service_cmds"):
        from spinemet.cli import service_cmds  # noqa: F401
    if only in (None, "similar_cmds"):
        from spinemet.cli import similar_cmds  # noqa: F401
    if only in (None, "team_cmds"):
        from spinemet.cli import team_cmds  # noqa: F401


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


def skip_pydantic_plugins() -> None:
    """Run without pydantic plugins (SpineMet uses none), as ``PYDANTIC_DISABLE_PLUGINS=__all__`` does,
    and without importing pydantic's plugin loader.

    The first validator pydantic builds imports its plugin loader, which imports ``importlib.metadata``
    (with ``email``, ``zipfile``, ``csv``) and reads the entry points of every installed distribution
    to find plugins: about 5 % of the CPU time of a cold ``spinemet assess``. A stand-in loader that
    finds none takes its place. Someone who names plugins to leave out (a list in
    ``PYDANTIC_DISABLE_PLUGINS``) uses others: then pydantic's own loader runs.
    ``tests/cli/test_lazy_registration.py`` checks that pydantic still loads its plugins this way.
    """
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS", "__all__") not in ("__all__", "1", "true"):
        return
    if "pydantic.plugin._loader" in sys.modules:
        return
    stand_in = ModuleType("pydantic.plugin._loader", "stand-in: SpineMet's command line loads no pydantic plugins")
    stand_in.get_plugins = lambda: ()  # type: ignore[attr-defined]
    sys.modules["pydantic.plugin._loader"] = stand_in


def main() -> None:
    """Run the command line.

    Start-up creates some 70,000 objects the cycle collector tracks (modules, classes, functions,
    validators), all living as long as the process, and nearly all in reference cycles (a class and
    its methods, a module and its functions). The collector scans them again and again while they
    are created, and when the interpreter exits it takes every cycle apart, object by object: for
    a cold ``spinemet assess`` about a fifth of its CPU time (``bench/bench_cli.py``). So a brief
    command runs with the collector paused and ends by moving everything out of its view
    (:func:`gc.freeze`): what is left at exit is released with the process, as for any program.
    It also runs without pydantic's plugin scan (:func:`skip_pydantic_plugins`). The ``spinemet``
    command pauses the collector already before Typer is imported (:mod:`spinemet.startup`).
    """
    argv = sys.argv[1:]
    brief = is_brief(argv)
    collecting = gc.isenabled()
    if brief:
        gc.disable()
        skip_pydantic_plugins()
    _register(argv[0] if argv else None)
    if wants_help(argv):
        load_help_formatter()
    try:
        app()
    finally:
        if brief:
            gc.freeze()
            if collecting:
                gc.enable()
