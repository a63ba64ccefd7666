"""The instruments' tables are kept for the process and grow as tables meet new keys: a table scored
after others still scores each row as the single-case path does (checked against
:func:`spinemet.cohort.facts.assess_facts`), including a reason not to apply that no earlier table met."""

from __future__ import annotations

import polars as pl

from spinemet.cohort.compile import RESULT_FIELDS, instrument_tables, result_column, score_registry
from spinemet.cohort.dictionary import COHORT_INSTRUMENTS, COLUMNS
from spinemet.cohort.facts import Scored, assess_facts, read_row


def _as_row(s: Scored) -> dict[str, object]:
    return {"status": s.status, "total": s.total, "min_total": s.min_total, "max_total": s.max_total,
            "band": s.band, "possible_bands": "|".join(s.possible_bands) or None, "missing": "|".join(s.missing) or None}


def _check(rows: list[dict[str, str | None]]) -> None:
    frame = pl.DataFrame(rows, schema={c.name: pl.String for c in COLUMNS})
    out = score_registry(frame.lazy()).collect()
    for i, row in enumerate(rows):
        expected = assess_facts(read_row(row))
        for key in COHORT_INSTRUMENTS:
            assert {f: out[result_column(key, f)][i] for f in RESULT_FIELDS} == _as_row(expected[key]), (key, row)


def test_a_new_reason_not_to_apply_met_after_the_tables_were_filled_scores_as_one_case() -> None:
    instrument_tables.cache_clear()
    empty = dict.fromkeys((c.name for c in COLUMNS), None)
    _check([{**empty, "primary_site": "breast", "kps": "70"}, empty])
    # a CNS primary: not a metastasis, so no instrument applies; its answer combination was met above
    _check([{**empty, "primary_site": "glioma"}, {**empty, "primary_site": "breast", "kps": "70"}])
    instrument_tables.cache_clear()


def test_the_band_holds_the_declared_bands_in_order_and_the_schema_is_what_is_collected() -> None:
    """The band column is an enum of the instrument's declared bands (so sorting by band follows the
    declaration), the status an enum of the five statuses; the lazy schema equals the collected one."""
    from spinemet.instruments.registry import INSTRUMENTS

    frame = pl.DataFrame({"primary_site": ["breast", "lung_nsclc", None], "kps": ["90", "40", None],
                          "visceral_mets": ["no", "yes", None]})
    lazy = score_registry(frame.lazy())
    out = lazy.collect()
    assert lazy.collect_schema() == out.schema
    for key in COHORT_INSTRUMENTS:
        band = out.schema[result_column(key, "band")]
        assert isinstance(band, pl.Enum)
        assert band.categories.to_list() == [b.key for b in INSTRUMENTS[key].bands]
        assert out.schema[result_column(key, "status")] == pl.Enum(
            ["exact", "range", "unscored", "not_applicable", "error"])
