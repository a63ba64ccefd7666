"""The Typer application and the registration of every command group.

Command modules are imported explicitly here; each keeps its top level light (Typer and the
output helpers) and imports the service, the core and heavy libraries (Polars, matplotlib,
uvicorn) inside the commands that use them, so ``spinemet --help`` starts fast.
"""

from __future__ import annotations

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
    from spinemet.cli import case_cmds, course_cmds, instrument_cmds, migrate_cmds, pathway_cmds, service_cmds

    del case_cmds, course_cmds, instrument_cmds, migrate_cmds, pathway_cmds, service_cmds


def main() -> None:
    _register()
    app()
