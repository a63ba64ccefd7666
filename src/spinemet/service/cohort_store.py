"""Use case: a cohort taken from the case store (``spinemet cohort score|validate --from-store``).

Every case the actor may see is read through the service (``list_cases`` / ``get_case``, audited as
any read; a researcher gets the de-identified case under its research id) and written as one registry
row of facts at presentation (:mod:`spinemet.cohort.from_case`, the snapshot's readers), with the
survival from presentation in months. The rows are written to a Parquet registry in a temporary
directory and scored or validated by the same path as a registry file: no second implementation of
any score.

A researcher's table carries ``research_id`` and no case id, date or free text; a clinician's carries
``case_id``. Neither carries a date: days become durations (``days_since_diagnosis``, survival).
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from spinemet.case import parse_case
from spinemet.cohort.dictionary import COLUMNS
from spinemet.cohort.from_case import (
    EVENT_COLUMN,
    TIME_COLUMN,
    TIME_UNIT,
    facts_at,
    presentation_day,
    survival_from,
)
from spinemet.service.cohort import CohortInputError, ScoreSummary, score_file, validate_file
from spinemet.service.fhir_export import stored_case_ids

if TYPE_CHECKING:
    from spinemet.service.roles import Actor
    from spinemet.service.usecases import Service

__all__ = ["TIME_UNIT", "StoreCohort", "open_store", "score_store", "store_cohort", "validate_store"]


def open_store(database_url: str | None) -> Service:
    """The service on the case store (``SPINEMET_DATABASE_URL`` or ``./spinemet.sqlite3`` when not given),
    migrated as the other store commands do. A SQLite file that does not exist is an error, not a new
    empty store: reading a cohort never creates a database."""
    from spinemet.errors import InvalidValue
    from spinemet.service.settings import existing_store_settings
    from spinemet.service.usecases import Service

    try:
        settings = existing_store_settings(database_url, "--db")
    except InvalidValue as exc:
        raise CohortInputError(str(exc)) from None
    return Service.open(settings)


@dataclass(frozen=True)
class StoreCohort:
    """The store's cases as registry rows: ``rows`` (facts, survival), the id column's name, and the
    cases left out of a survival analysis (``(id, reason)``: no time is ever invented)."""

    rows: list[dict[str, Any]]
    id_column: str
    no_follow_up: list[tuple[str, str]]

    @property
    def with_follow_up(self) -> list[dict[str, Any]]:
        return [r for r in self.rows if r[TIME_COLUMN] is not None]


def store_cohort(service: Service, actor: Actor) -> StoreCohort:
    """Every case ``actor`` may see as one row of facts at presentation (see the module's docstring)."""
    id_column = "research_id" if actor.deidentified else "case_id"
    rows: list[dict[str, Any]] = []
    no_follow_up: list[tuple[str, str]] = []
    for case_id in stored_case_ids(service, actor):
        view = service.get_case(actor, case_id)
        case = parse_case(view.case)
        day = presentation_day(case)
        survival = survival_from(case, day)
        row: dict[str, Any] = {id_column: view.id, **facts_at(case, day),
                               TIME_COLUMN: survival.months, EVENT_COLUMN: survival.event}
        rows.append(row)
        if survival.unknown is not None:
            no_follow_up.append((view.id, survival.unknown))
    if not rows:
        raise CohortInputError("--from-store: the store has no case you may see; nothing to score")
    return StoreCohort(rows, id_column, no_follow_up)


def _schema() -> dict[str, pl.DataType]:
    """The registry's column types: codes and yes/no as text (read as a registry file reads them)."""
    kinds = {"integer": pl.Int64(), "number": pl.Float64()}
    return {c.name: kinds.get(c.kind, pl.String()) for c in COLUMNS}


def _write(rows: list[dict[str, Any]], id_column: str, path: Path) -> Path:
    schema: dict[str, pl.DataType] = {id_column: pl.String(), **_schema(), TIME_COLUMN: pl.Float64(),
                                      EVENT_COLUMN: pl.Int64()}
    text = {name for name, dtype in schema.items() if dtype == pl.String()}
    cells = [{k: ("yes" if v is True else "no" if v is False else v) if k in text and v is not None else v
              for k, v in r.items()} for r in rows]
    pl.DataFrame(cells, schema=schema, orient="row").write_parquet(path)
    return path


def score_store(service: Service, actor: Actor, output: Path, instruments: Sequence[str] | None = None
                ) -> tuple[ScoreSummary, StoreCohort]:
    """Score the store's cohort into ``output`` (the registry's facts, survival and every score)."""
    cohort = store_cohort(service, actor)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".spinemet-store-") as tmp:
        registry = _write(cohort.rows, cohort.id_column, Path(tmp) / "store.parquet")
        return score_file(registry, output, instruments=instruments), cohort


def validate_store(service: Service, actor: Actor, instruments: Sequence[str] | None = None, draws: int = 200,
                   seed: int = 1, max_sample: int | None = 20_000
                   ) -> tuple[dict[str, Any], dict[str, Any], StoreCohort]:
    """The validation report of the store's cases with follow-up; those without are named in the
    report (``left_out``), never given a time."""
    cohort = store_cohort(service, actor)
    rows = cohort.with_follow_up
    if not rows:
        raise CohortInputError(f"--from-store: none of the {len(cohort.rows)} cases has follow-up after "
                               "presentation (a dated death or a later exactly dated event); nothing to validate")
    with tempfile.TemporaryDirectory(prefix="spinemet-store-") as tmp:
        registry = _write(rows, cohort.id_column, Path(tmp) / "store.parquet")
        report, extra = validate_file(registry, TIME_COLUMN, EVENT_COLUMN, instruments=instruments, draws=draws,
                                      seed=seed, max_sample=max_sample)
    report["registry"] = "the case store"
    report["time_unit"] = TIME_UNIT
    report["left_out"] = [{cohort.id_column: i, "reason": why} for i, why in cohort.no_follow_up]
    return report, extra, cohort
