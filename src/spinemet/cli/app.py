"""The Typer application and the registration of every command group."""

from __future__ import annotations

import importlib

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

# Each module registers its commands on ``app`` when imported; a module that is not
# written yet is simply absent.
_COMMAND_MODULES = (
    "case_cmds",
    "instrument_cmds",
    "pathway_cmds",
    "course_cmds",
    "service_cmds",
)


def _register() -> None:
    for name in _COMMAND_MODULES:
        try:
            importlib.import_module(f"spinemet.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"spinemet.cli.{name}":
                raise


def main() -> None:
    _register()
    app()
