"""``spinemet similar CASE [--top N] [--published]``: cases like this one, explained.

CASE is a stored case id (the store named by ``--db``), or a case file: a file is compared with the
curated library of published cases (it is not in the store). ``--published`` compares a stored case
with the library instead of the store.
"""

from __future__ import annotations

from pathlib import Path

import typer

from spinemet.cli.app import app
from spinemet.cli.output import DbOption, FormatOption, OutputFormat, console, emit_json, friendly_errors


@app.command("similar")
def similar_cmd(
    case: str = typer.Argument(..., help="A stored case id, or a case file (YAML or JSON: compared with the published library)."),
    top: int = typer.Option(5, "--top", "-n", help="How many similar cases (1-50)."),
    published: bool = typer.Option(False, "--published", help="Search the curated library of published cases."),
    db: str | None = DbOption,
    fmt: OutputFormat = FormatOption,
) -> None:
    """Cases like this one: the closest cases on primary, histology and grade, level region and
    compartment, ESCC, SINS, neurology, treatments, course and prognostic bands; each match says what
    it shares; the neighbours' outcomes summarised (docs/similar.md)."""
    from spinemet.service import similar

    with friendly_errors():
        path = Path(case)
        if path.suffix.lower() in (".yaml", ".yml", ".json") or path.is_file():
            from spinemet.io.casefile import load_case

            result = similar.similar_published(similar.features_of(load_case(path)), case, top)
        else:
            from spinemet.service import Role, Service, Settings, system_actor

            service = Service.open(Settings.from_env(db, migrate=True))
            try:
                actor = system_actor(Role.clinician)
                result = (similar.similar_published_to_stored(service, actor, case, top) if published
                          else similar.similar_in_store(service, actor, case, top))
            finally:
                service.close()
    if fmt is OutputFormat.json:
        emit_json(result.model_dump())
        return
    where = "published library" if result.source == "published" else "store"
    console.print(f"Cases like {result.case} in the {where} ({result.searched} searched):", markup=False)
    for n, m in enumerate(result.matches, 1):
        console.print(f"{n}. {m.id}  score {m.score:.2f}" + (f"  — {m.title}" if m.title else ""), markup=False)
        console.print(f"   shares: {m.explanation}", markup=False)
        if m.citation:
            console.print(f"   source: {m.citation}" + (f" doi:{m.doi}" if m.doi else "") + (f" PMID {m.pmid}" if m.pmid else ""),
                          markup=False)
    nb = result.neighbours
    console.print(f"Neighbours: {nb['cases']}; local recurrence {nb['local_recurrence']}; died {nb['died']}; "
                  f"walking at last exam {nb['walking']} of {nb['walking_known']} known; {nb['note']}.", markup=False)
    if result.note:
        console.print(f"Note: {result.note}.", markup=False)
