"""Scoring a registry into a file a chunk at a time (bounded memory) writes exactly what scoring the
whole table at once gives: same rows in the same order, same row numbers, same results, same bad
rows and counts, for CSV in and CSV, Parquet and JSON Lines out. (Memory itself is measured in
bench/cohort_bench.py, not here.)"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from spinemet.cohort.compile import score_registry
from spinemet.cohort.synth import synthesise
from spinemet.service import cohort as service


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Path:
    frame = pl.DataFrame(synthesise(230, seed=4), strict=False).cast(pl.String)
    # two bad cells, in different chunks
    frame = frame.with_columns(
        pl.when(pl.int_range(pl.len()) == 5).then(pl.lit("85")).otherwise(pl.col("kps")).alias("kps"),
        pl.when(pl.int_range(pl.len()) == 200).then(pl.lit("perhaps")).otherwise(pl.col("brain_mets")).alias(
            "brain_mets"))
    path = tmp_path_factory.mktemp("chunks") / "registry.csv"
    frame.write_csv(path)
    return path


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".jsonl"])
def test_chunks_of_a_registry_score_as_the_whole_table(registry: Path, tmp_path: Path, suffix: str) -> None:
    whole = score_registry(service.scan_registry(registry), ("tokuhashi_revised", "tomita")).collect()
    out = tmp_path / f"scored{suffix}"
    summary = service.score_file(registry, out, instruments=["tokuhashi_revised", "tomita"], chunk_rows=37)
    written = (pl.read_csv(out, infer_schema=False) if suffix == ".csv" else pl.read_parquet(out)
               if suffix == ".parquet" else pl.read_ndjson(out))
    assert written.height == whole.height == summary.rows == 230
    as_text = [pl.col(c).cast(pl.String) for c in whole.columns]
    assert written.select(as_text).equals(whole.select(as_text))
    assert [b["row"] for b in summary.bad_rows] == [6, 201]
    assert summary.bad_rows[0]["error"].startswith("kps: '85' is not allowed")
    for key in ("tokuhashi_revised", "tomita"):
        expected = whole.group_by(f"{key}_status").len()
        assert summary.counts[key] == {s: int(expected.filter(pl.col(f"{key}_status") == s)["len"].sum())
                                       for s in service.STATUSES}
