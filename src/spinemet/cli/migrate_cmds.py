"""``spinemet migrate-file``: rewrite case files as the current case-file version."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from spinemet.cli.app import app
from spinemet.cli.output import FormatOption, OutputFormat, console, emit_json, err_console
from spinemet.errors import ValidationFailed


@app.command("migrate-file")
def migrate_file_cmd(
    files: list[Path] = typer.Argument(..., help="Case files (.yaml, .yml, .json) to rewrite in place."),
    fmt: OutputFormat = FormatOption,
) -> None:
    """Rewrite case files as case-file version 2 (only the schema_version line changes; comments are
    kept). An invalid file is reported with every problem located and left untouched; exit 1 then."""
    from spinemet.io.casefile import migrate_file, read_data

    results: list[dict[str, Any]] = []
    for path in files:
        try:
            data = read_data(path)
            before = data.get("schema_version", 1) if isinstance(data, dict) else None
            case = migrate_file(path)
            results.append({"file": str(path), "migrated": True, "case_id": case.id, "from_version": before,
                            "to_version": case.schema_version})
        except ValidationFailed as exc:
            results.append({"file": str(path), "migrated": False,
                            "problems": [{"location": p.location, "message": p.message} for p in exc.problems]})
    if fmt is OutputFormat.json:
        emit_json(results)
    else:
        for r in results:
            if r["migrated"]:
                console.print(f"migrated {r['file']}  (case {r['case_id']}, version {r['from_version']} -> "
                              f"{r['to_version']})", markup=False)
            else:
                err_console.print(f"[bold red]invalid[/] {r['file']}: {len(r['problems'])} problem(s); not changed")
                for p in r["problems"]:
                    where = f"{p['location']}: " if p["location"] else ""
                    err_console.print(f"  {where}{p['message']}", markup=False)
    if any(not r["migrated"] for r in results):
        raise typer.Exit(1)
