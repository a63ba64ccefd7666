"""``spinemet fhir …``: a case as a FHIR R4 / mCODE bundle (issue 18; import comes later)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from spinemet.cli.app import app
from spinemet.cli.output import console, fail, friendly_errors

fhir_app = typer.Typer(help="FHIR R4 / mCODE: export a case as a de-identified FHIR bundle.", no_args_is_help=True)
app.add_typer(fhir_app, name="fhir")


@fhir_app.command("export")
def fhir_export_cmd(
    case_file: Path = typer.Argument(..., help="The case file (YAML or JSON)."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write the bundle to this file (JSON). Default: standard output."),
) -> None:
    """Export a case as a de-identified FHIR R4 Bundle (collection) following mCODE: the patient, the
    primary cancer, one secondary cancer condition per involved vertebra (SNOMED CT vertebra code) and
    the ECOG/Karnofsky observations (LOINC). No identifiers, no dates (day offsets), no free text.
    docs/fhir.md lists the mapping and what is not exported yet."""
    from spinemet.io.casefile import load_case
    from spinemet.service.fhir_export import export_bundle

    with friendly_errors():
        if not case_file.is_file():
            fail(f"{case_file}: no such case file")
        bundle = export_bundle(load_case(case_file))
    text = json.dumps(bundle, indent=2, ensure_ascii=False) + "\n"
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"--output {output}: cannot write ({exc.strerror or exc})")
    console.print(f"wrote {output} ({len(bundle['entry'])} resources)", markup=False)
